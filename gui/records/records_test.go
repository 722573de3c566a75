package records

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"cityledger/domain"
	"cityledger/domain/i18n"
	"cityledger/domain/storage"
	"cityledger/gui"
	"cityledger/gui/guitest"
	"cityledger/gui/widgets"
)

// openStore is a fresh SQLite database in the test's temp dir, and its path.
func openStore(t testing.TB) (*storage.DB, string) { return guitest.TempStoreAt(t) }

// loadDemo is an openStore holding the demo district.
func loadDemo(t testing.TB) (*storage.DB, string) { return guitest.DemoStoreAt(t) }

func seedUnits(t testing.TB, s domain.Store) { guitest.SeedUnits(t, s) }

func saveLamps(t testing.TB, s domain.Store, n int) []int64 { return guitest.SaveLamps(t, s, n) }

// newTestApp builds the window with the maintenance screen on store with the test driver and waits for the first screen.
func newTestApp(t testing.TB, store domain.Store, lang i18n.Lang) *gui.App {
	t.Helper()
	return newTestAppWith(t, store, lang, gui.Options{})
}

// newTestAppWith is newTestApp with what cmd/cityledger wires in.
func newTestAppWith(t testing.TB, store domain.Store, lang i18n.Lang, opts gui.Options) *gui.App {
	t.Helper()
	if opts.Routes == nil {
		opts.Routes = guitest.Routes(Route())
	}
	return guitest.NewApp(t, store, lang, opts)
}

// act runs test steps that touch widgets the way the app runs them: one at a time with
// the results of background loads (the test driver applies those on their own goroutines).
func act(ui *gui.App, fn func()) { ui.Drive(fn) }

func waitIdle(t testing.TB, ui *gui.App) { t.Helper(); guitest.WaitIdle(t, ui) }

func TestMaintenanceScreenFiltersAndCharts(t *testing.T) {
	store, _ := loadDemo(t)
	ui := newTestApp(t, store, i18n.ZH)
	act(ui, func() { ui.Show("maintenance") })
	waitIdle(t, ui)
	m := ui.Screen("maintenance").(*maintenance)
	n, cost, _ := store.CountRecords(context.Background(), domain.RecordFilter{Year: 2020})
	if m.rows != int(n) || !strings.Contains(m.footer.Text, widgets.Money(cost)) {
		t.Fatalf("rows %d footer %q; store %d costing %v", m.rows, m.footer.Text, n, cost)
	}
	act(ui, func() { m.workType.SetSelected("修剪") })
	waitIdle(t, ui)
	n2, cost2, _ := store.CountRecords(context.Background(), domain.RecordFilter{Year: 2020, WorkType: "修剪"})
	if m.rows != int(n2) || !strings.Contains(m.footer.Text, widgets.Money(cost2)) {
		t.Fatalf("修剪: rows %d footer %q; store %d costing %v", m.rows, m.footer.Text, n2, cost2)
	}
	var sum float64
	for _, it := range m.months.Items() {
		sum += it.Value
	}
	if domain.Fen(sum) != cost2 {
		t.Errorf("monthly bars add to %v, records %v", sum, cost2)
	}
}

func TestMaintenanceEntryWithTheAssetPicker(t *testing.T) {
	store, _ := loadDemo(t)
	ctx := context.Background()
	ui := newTestApp(t, store, i18n.ZH)
	act(ui, func() { ui.Show("maintenance") })
	waitIdle(t, ui)
	m := ui.Screen("maintenance").(*maintenance)
	before, _, _ := store.CountRecords(ctx, domain.RecordFilter{Year: 2020})
	var f *Form
	act(ui, func() {
		m.onAdd()
		f = m.form
		f.pickClass.SetSelected("路灯")
	})
	waitIdle(t, ui)
	act(ui, func() { test.Type(f.pickSearch, "LD-0042") })
	time.Sleep(50 * time.Millisecond)
	waitIdle(t, ui)
	if len(f.pickFound) == 0 {
		t.Fatal("the picker found no lamp LD-0042")
	}
	act(ui, func() {
		f.pickList.Select(0)
		f.date.SetText("2020-07-01")
	})
	waitIdle(t, ui)
	act(ui, func() {
		f.workType.SetSelected("更换")
		f.project.SetSelectedIndex(3) // a 2020 project
		f.quantity.SetText("1")
		test.Type(f.cost, "88")
		test.Tap(f.saveBtn)
	})
	waitIdle(t, ui)
	if p := f.Problem(); p != "" {
		t.Fatal(p)
	}
	lamp, err := store.GetAssetByCode(ctx, domain.Lamps, f.picked.Code)
	if err != nil {
		t.Fatal(err)
	}
	recs, _ := store.FindRecords(ctx, domain.RecordFilter{AssetID: lamp.ID, WorkType: "更换"})
	if len(recs) != 1 || recs[0].Cost != 8800 || recs[0].ProjectID == 0 {
		t.Fatalf("records of %s: %+v", lamp.Code, recs)
	}
	after, _, _ := store.CountRecords(ctx, domain.RecordFilter{Year: 2020})
	if after != before+1 || m.rows != int(after) {
		t.Errorf("records %d → %d, table shows %d", before, after, m.rows)
	}

	// Moving the record to a year without its project says so and makes it 基本支出.
	act(ui, func() {
		m.onEdit(recs[0])
		f = m.form
	})
	waitIdle(t, ui)
	if f.project.SelectedIndex() <= 0 {
		t.Fatalf("the edit form lost the record's project")
	}
	act(ui, func() { f.date.SetText("2021-01-05") })
	waitIdle(t, ui)
	if msg := f.Problem(); !strings.Contains(msg, "2021") || !strings.Contains(msg, recs[0].ProjectCode) || f.project.SelectedIndex() != 0 {
		t.Errorf("date moved out of the project's year: message %q, project %d", msg, f.project.SelectedIndex())
	}
}

// The bulk entry a register opens for its selection adds one record per asset.
func TestBulkEntryAddsOneRecordPerAsset(t *testing.T) {
	store, _ := openStore(t)
	seedUnits(t, store)
	ctx := context.Background()
	ids := saveLamps(t, store, 4)
	ui := newTestApp(t, store, i18n.ZH)
	var f *Form
	act(ui, func() {
		f = NewForm(ui.Env(), FormOptions{Class: domain.Lamps, AssetIDs: ids[:3]})
		f.Show()
		f.date.SetText("2020-05-01")
		f.workType.SetSelected("维修")
		f.quantity.SetText("1")
		f.qUnit.SetSelected("盏")
		test.Type(f.cost, "120.50")
		test.Type(f.contractor, "光明电力")
	})
	waitIdle(t, ui)
	act(ui, func() { test.Tap(f.saveBtn) })
	waitIdle(t, ui)
	if p := f.Problem(); p != "" {
		t.Fatalf("bulk entry refused: %s", p)
	}
	for i, id := range ids {
		recs, err := store.FindRecords(ctx, domain.RecordFilter{AssetID: id})
		if err != nil {
			t.Fatal(err)
		}
		want := 1
		if i == 3 {
			want = 0
		}
		if len(recs) != want {
			t.Fatalf("lamp %d has %d records, want %d", i+1, len(recs), want)
		}
		if want == 1 {
			r := recs[0]
			if r.Cost != 12050 || r.WorkType != "维修" || r.AssetClass != domain.Lamps || r.Contractor != "光明电力" || r.Date != "2020-05-01" {
				t.Errorf("record %+v", r)
			}
		}
	}
	if n, cost, _ := store.CountRecords(ctx, domain.RecordFilter{Year: 2020}); n != 3 || cost != 3*12050 {
		t.Errorf("year has %d records costing %v", n, cost)
	}
}

func TestBulkRecordFormRefusesAMissingCost(t *testing.T) {
	store, _ := openStore(t)
	seedUnits(t, store)
	ids := saveLamps(t, store, 2)
	ui := newTestApp(t, store, i18n.ZH)
	var f *Form
	act(ui, func() {
		f = NewForm(ui.Env(), FormOptions{Class: domain.Lamps, AssetIDs: ids})
		f.Show()
		f.workType.SetSelected("维修")
	})
	waitIdle(t, ui)
	act(ui, func() { test.Tap(f.saveBtn) })
	waitIdle(t, ui)
	if msg := f.Problem(); !strings.Contains(msg, "金额：必须填写") {
		t.Errorf("message %q", msg)
	}
}

func TestMonthlyCostFollowsTheFilter(t *testing.T) {
	groups := []domain.RecordGroup{
		{Month: 1, AssetClass: domain.Lamps, WorkType: "维修", ProjectID: 3, Cost: 100},
		{Month: 1, AssetClass: domain.Lamps, WorkType: "电费", ProjectID: 3, Cost: 50},
		{Month: 2, AssetClass: domain.Vehicles, WorkType: "燃料费", Cost: 70},
		{Month: 12, AssetClass: "", WorkType: "其他", ProjectID: 4, Cost: 9},
	}
	cases := []struct {
		f    domain.RecordFilter
		want map[int]domain.Fen
	}{
		{domain.RecordFilter{}, map[int]domain.Fen{0: 150, 1: 70, 11: 9}},
		{domain.RecordFilter{AssetClass: domain.Lamps, WorkType: "维修"}, map[int]domain.Fen{0: 100}},
		{domain.RecordFilter{NoProject: true}, map[int]domain.Fen{1: 70}},
		{domain.RecordFilter{ProjectID: 4}, map[int]domain.Fen{11: 9}},
	}
	for _, c := range cases {
		got := monthlyCost(c.f, groups)
		for m := 0; m < 12; m++ {
			if got[m] != c.want[m] {
				t.Errorf("%+v month %d: %v, want %v", c.f, m+1, got[m], c.want[m])
			}
		}
	}
}

func benchApp(b *testing.B, store domain.Store) *gui.App {
	b.Helper()
	ui := gui.New(test.NewTempApp(b), store, i18n.ZH, gui.Options{})
	if !ui.Env().WaitIdle(time.Minute) {
		b.Fatal("not idle")
	}
	return ui
}

// BenchmarkOpenMaintenance times the maintenance screen on a year of a million records
// until its table, totals and monthly chart are all in.
func BenchmarkOpenMaintenance(b *testing.B) {
	store := guitest.BenchStore(b)
	ui := benchApp(b, store)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		act(ui, func() { newMaintenance(ui.Env()).Refresh() })
		ui.Env().WaitIdle(5 * time.Minute)
	}
}
