package gui

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"cityledger/cmd/ledgerctl/cli"
	"cityledger/domain"
	"cityledger/domain/demo"
	"cityledger/domain/i18n"
	"cityledger/domain/storage"
)

const idleTimeout = 20 * time.Second

// openStore is a fresh SQLite database in the test's temp dir.
func openStore(t testing.TB) (*storage.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "t.db")
	s, err := storage.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func seedUnits(t testing.TB, s domain.Store) {
	t.Helper()
	for _, u := range []domain.Unit{
		{Name: "攀枝花市西区综合行政执法局", ShortName: "局机关"},
		{Name: "攀枝花市西区市容环境卫生服务中心", ShortName: "环卫中心", Parent: "局机关", IndependentAccounting: true},
	} {
		u := u
		if err := s.SaveUnit(context.Background(), &u); err != nil {
			t.Fatal(err)
		}
	}
}

// saveLamps saves lamps LD-1 … LD-n of the first unit (seedUnits) and returns their IDs.
func saveLamps(t testing.TB, s domain.Store, n int) []int64 {
	t.Helper()
	var ids []int64
	for i := 1; i <= n; i++ {
		a := &domain.Asset{Class: domain.Lamps, Code: "LD-" + strconv.Itoa(i), Unit: "局机关", Kind: "通电路灯", Status: domain.StatusInUse}
		if err := s.SaveAsset(context.Background(), a); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	return ids
}

// newTestApp builds the window on store with the test driver and waits for the first screen.
func newTestApp(t testing.TB, store domain.Store, lang i18n.Lang) *App {
	t.Helper()
	return newTestAppWith(t, store, lang, Options{})
}

// newTestAppWith is newTestApp with what cmd/cityledger wires in.
func newTestAppWith(t testing.TB, store domain.Store, lang i18n.Lang, opts Options) *App {
	t.Helper()
	a := test.NewTempApp(t)
	ui := New(a, store, lang, opts)
	act(ui, func() { ui.Window().Resize(fyne.NewSize(1360, 860)) })
	waitIdle(t, ui)
	// Let late loads (debounced searches) finish before the store closes and the next
	// test replaces the app.
	t.Cleanup(func() {
		time.Sleep(searchDelay + 50*time.Millisecond)
		ui.Env().WaitIdle(idleTimeout)
	})
	return ui
}

// act runs test steps that touch widgets the way the app runs them: one at a time with
// the results of background loads (the test driver applies those on their own goroutines).
func act(ui *App, fn func()) { ui.Drive(fn) }

func waitIdle(t testing.TB, ui *App) {
	t.Helper()
	if !ui.Env().WaitIdle(idleTimeout) {
		t.Fatal("the app did not go idle")
	}
}

// waitDebounce lets a debounced search fire, then waits for its query.
func waitDebounce(t testing.TB, ui *App) {
	t.Helper()
	time.Sleep(searchDelay + 100*time.Millisecond)
	waitIdle(t, ui)
}

func showRegister(t testing.TB, ui *App, c domain.Class) *register {
	t.Helper()
	act(ui, func() { ui.Show(ClassRouteID(c)) })
	waitIdle(t, ui)
	return ui.Screen(ClassRouteID(c)).(*register)
}

// cellText renders a register cell the way the table does.
func cellText(r *register, row, col int) string {
	var text string
	r.env.uiMu.Lock()
	defer r.env.uiMu.Unlock()
	o := r.table.CreateCell()
	r.updateCell(widget.TableCellID{Row: row, Col: col}, o)
	text = o.(*fyne.Container).Objects[0].(*widget.Label).Text
	return text
}

func colIndex(t testing.TB, r *register, key string) int {
	for i, c := range r.cols {
		if c.key == key {
			return i + 1
		}
	}
	t.Fatalf("no column %s", key)
	return -1
}

func TestAddLampThroughFormAndFindItInTable(t *testing.T) {
	store, _ := openStore(t)
	seedUnits(t, store)
	ui := newTestApp(t, store, i18n.ZH)
	reg := showRegister(t, ui, domain.Lamps)
	if reg.rows != 0 {
		t.Fatalf("empty register shows %d rows", reg.rows)
	}

	var f *assetForm
	act(ui, func() {
		reg.onAdd()
		f = reg.form
		test.Type(f.entries["code"], "LD-9001")
		f.selects["type"].SetSelected("太阳能路灯")
		f.selects["unit"].SetSelected("环卫中心")
		test.Type(f.entries["road"], "清香坪街")
		test.Type(f.entries["power_w"], "60")
		test.Type(f.entries["start_date"], "2020-06-01")
		test.Type(f.entries["original_value"], "3,200.50")
		test.Type(f.entries["lon"], "101.6")
		test.Type(f.entries["lat"], "26.58")
		test.Tap(f.saveBtn)
	})
	waitIdle(t, ui)
	if p := f.Problem(); p != "" {
		t.Fatalf("form refused a good lamp: %s", p)
	}

	act(ui, func() { test.Type(reg.search, "清香坪") })
	waitDebounce(t, ui)
	if reg.rows != 1 {
		t.Fatalf("search found %d rows, want 1", reg.rows)
	}
	for key, want := range map[string]string{"code": "LD-9001", "type": "太阳能路灯", "road": "清香坪街",
		"unit": "环卫中心", "original_value": "3,200.50", "status": "在用"} {
		if got := cellText(reg, 0, colIndex(t, reg, key)); got != want {
			t.Errorf("cell %s = %q, want %q", key, got, want)
		}
	}
	if !strings.Contains(reg.footer.Text, "共 1盏") || !strings.Contains(reg.footer.Text, "3,200.50") {
		t.Errorf("footer %q", reg.footer.Text)
	}
	saved, err := store.GetAssetByCode(context.Background(), domain.Lamps, "LD-9001")
	if err != nil {
		t.Fatal(err)
	}
	if saved.OriginalValue != 320050 || saved.Geometry == nil || saved.PowerW != 60 {
		t.Errorf("stored %+v", saved)
	}
}

func TestFormNamesTheFieldOfABadValue(t *testing.T) {
	cases := []struct {
		lang  i18n.Lang
		field string
		value string
		want  []string
	}{
		{i18n.ZH, "power_w", "abc", []string{"功率“abc”：不是数字", "编号：必须填写"}},
		{i18n.EN, "power_w", "abc", []string{"abc", i18n.T(i18n.EN, "rule.number", nil), i18n.T(i18n.EN, "field.code", nil)}},
		{i18n.ZH, "original_value", "12.345", []string{"原值“12.345”：金额最多两位小数"}},
		{i18n.ZH, "start_date", "2020-13-01", []string{"启用日期“2020-13-01”：不是有效日期（格式 YYYY-MM-DD）"}},
		{i18n.ZH, "pole_height_m", "-3", []string{"杆高“-3”：不能为负数"}},
	}
	for _, c := range cases {
		t.Run(string(c.lang)+"/"+c.field, func(t *testing.T) {
			store, _ := openStore(t)
			seedUnits(t, store)
			ui := newTestApp(t, store, c.lang)
			reg := showRegister(t, ui, domain.Lamps)
			var f *assetForm
			act(ui, func() {
				reg.onAdd()
				f = reg.form
				if c.field != "power_w" {
					test.Type(f.entries["code"], "LD-1")
					f.selects["type"].SetSelectedIndex(0)
				}
				test.Type(f.entries[c.field], c.value)
				test.Tap(f.saveBtn)
			})
			waitIdle(t, ui)
			msg := f.Problem()
			for _, w := range c.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q lacks %q", msg, w)
				}
			}
			if n, _ := store.CountAssets(context.Background(), domain.AssetFilter{Class: domain.Lamps}); n.Count != 0 {
				t.Errorf("a refused form wrote %d lamps", n.Count)
			}
		})
	}
}

func TestDuplicateCodeIsRefusedInTheForm(t *testing.T) {
	store, _ := openStore(t)
	seedUnits(t, store)
	ctx := context.Background()
	if err := store.SaveAsset(ctx, &domain.Asset{Class: domain.Lamps, Code: "LD-1", Unit: "局机关", Kind: "通电路灯", Status: domain.StatusInUse}); err != nil {
		t.Fatal(err)
	}
	ui := newTestApp(t, store, i18n.ZH)
	reg := showRegister(t, ui, domain.Lamps)
	var f *assetForm
	act(ui, func() {
		reg.onAdd()
		f = reg.form
		test.Type(f.entries["code"], "LD-1")
		f.selects["type"].SetSelected("景观灯")
		test.Tap(f.saveBtn)
	})
	waitIdle(t, ui)
	if msg := f.Problem(); !strings.Contains(msg, "LD-1") || !strings.Contains(msg, "已存在") {
		t.Errorf("duplicate code message %q", msg)
	}
}

func TestBulkMaintenanceAddsOneRecordPerSelectedLamp(t *testing.T) {
	store, _ := openStore(t)
	seedUnits(t, store)
	ctx := context.Background()
	ids := saveLamps(t, store, 4)
	ui := newTestApp(t, store, i18n.ZH)
	reg := showRegister(t, ui, domain.Lamps)
	act(ui, func() {
		for _, id := range ids[:3] {
			reg.setSelected(id, true)
		}
	})
	if !strings.Contains(reg.selLabel.Text, "3") || reg.bulkRec.Disabled() {
		t.Fatalf("selection %q, bulk button disabled %v", reg.selLabel.Text, reg.bulkRec.Disabled())
	}
	var f *recordForm
	act(ui, func() {
		reg.onBulkRecord()
		f = reg.recs
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
	ui := newTestApp(t, store, i18n.ZH)
	reg := showRegister(t, ui, domain.Lamps)
	var f *recordForm
	act(ui, func() {
		reg.selected[1], reg.selected[2] = true, true
		reg.onBulkRecord()
		f = reg.recs
		f.workType.SetSelected("维修")
	})
	waitIdle(t, ui)
	act(ui, func() { test.Tap(f.saveBtn) })
	waitIdle(t, ui)
	if msg := f.Problem(); !strings.Contains(msg, "金额：必须填写") {
		t.Errorf("message %q", msg)
	}
}

func TestBulkEditSetsTheFieldOnEverySelectedAsset(t *testing.T) {
	store, _ := openStore(t)
	seedUnits(t, store)
	ctx := context.Background()
	ids := saveLamps(t, store, 3)
	ui := newTestApp(t, store, i18n.ZH)
	reg := showRegister(t, ui, domain.Lamps)
	act(ui, func() {
		for _, id := range ids {
			reg.setSelected(id, true)
		}
		reg.onBulkEdit()
		b := reg.bulk
		b.field.SetSelected(fieldName(ui.Env(), "road"))
		test.Type(b.entry, "新路")
		test.Tap(b.applyBtn)
	})
	waitIdle(t, ui)
	for _, id := range ids {
		a, err := store.GetAsset(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if a.Road != "新路" {
			t.Errorf("lamp %s road %q", a.Code, a.Road)
		}
	}
	if len(reg.selected) != 0 {
		t.Errorf("selection kept after a bulk edit: %v", reg.selected)
	}
}

func TestSortingByAHeaderReordersTheRegister(t *testing.T) {
	store, _ := openStore(t)
	seedUnits(t, store)
	ctx := context.Background()
	for i, v := range []domain.Fen{300, 100, 200} {
		a := &domain.Asset{Class: domain.Lamps, Code: "LD-" + strconv.Itoa(i+1), Unit: "局机关", Kind: "通电路灯",
			Status: domain.StatusInUse, OriginalValue: v * 100}
		if err := store.SaveAsset(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	ui := newTestApp(t, store, i18n.ZH)
	reg := showRegister(t, ui, domain.Lamps)
	col := colIndex(t, reg, "original_value")
	order := func() []string {
		var out []string
		for i := 0; i < reg.rows; i++ {
			out = append(out, cellText(reg, i, 1))
		}
		return out
	}
	if got := order(); !reflect.DeepEqual(got, []string{"LD-1", "LD-2", "LD-3"}) {
		t.Fatalf("by code %v", got)
	}
	header := reg.table.CreateHeader().(*widget.Button)
	act(ui, func() {
		reg.updateHeader(widget.TableCellID{Row: -1, Col: col}, header)
		test.Tap(header)
	})
	waitIdle(t, ui)
	if got := order(); !reflect.DeepEqual(got, []string{"LD-2", "LD-3", "LD-1"}) {
		t.Fatalf("by value %v", got)
	}
	act(ui, func() {
		reg.updateHeader(widget.TableCellID{Row: -1, Col: col}, header)
		test.Tap(header)
	})
	waitIdle(t, ui)
	if got := order(); !reflect.DeepEqual(got, []string{"LD-1", "LD-3", "LD-2"}) {
		t.Fatalf("by value, descending %v", got)
	}
}

// loadDemo fills a fresh database with the demo district.
func loadDemo(t testing.TB) (*storage.DB, string) {
	t.Helper()
	store, path := openStore(t)
	if _, err := demo.Load(context.Background(), store); err != nil {
		t.Fatal(err)
	}
	return store, path
}

// ledgerctlStats is what `ledgerctl stats --json` prints for the database at path.
func ledgerctlStats(t testing.TB, path string, year int) *domain.Stats {
	t.Helper()
	var out, errOut bytes.Buffer
	if code := cli.Main([]string{"--db", path, "stats", "--year", strconv.Itoa(year), "--json"}, nil, &out, &errOut); code != 0 {
		t.Fatalf("ledgerctl stats: exit %d: %s", code, errOut.String())
	}
	var st domain.Stats
	if err := json.Unmarshal(out.Bytes(), &st); err != nil {
		t.Fatalf("ledgerctl stats --json: %v\n%s", err, out.String())
	}
	return &st
}

func TestDashboardFiguresEqualLedgerctlStats(t *testing.T) {
	store, path := loadDemo(t)
	ui := newTestApp(t, store, i18n.ZH)
	d := ui.Screen("dashboard").(*dashboard)
	if d.stats == nil {
		t.Fatal("the dashboard loaded no figures")
	}
	if d.stats.Year != 2020 {
		t.Fatalf("the dashboard opened on %d, want the demo's 2020", d.stats.Year)
	}
	want := ledgerctlStats(t, path, 2020)
	computed, err := domain.ComputeStats(context.Background(), store, 2020)
	if err != nil {
		t.Fatal(err)
	}
	// Through JSON, as ledgerctl prints them, so float sums compare as printed.
	asJSON := func(st *domain.Stats) string { b, _ := json.Marshal(st); return string(b) }
	if asJSON(d.stats) != asJSON(want) || asJSON(computed) != asJSON(want) {
		t.Fatalf("dashboard figures differ from ledgerctl stats --json:\n gui:       %s\n ledgerctl: %s", asJSON(d.stats), asJSON(want))
	}
	// What is on screen says the same.
	for _, cs := range want.Classes {
		card := d.cards[cs.Class]
		if !strings.HasPrefix(card.count.Text, groupDigits(strconv.FormatInt(cs.Count, 10))+measureWord(ui.Env(), cs.Class)) {
			t.Errorf("%s card count %q, stats %d", cs.Class, card.count.Text, cs.Count)
		}
		if !strings.Contains(card.value.Text, money(cs.OriginalValue)) {
			t.Errorf("%s card value %q, stats %v", cs.Class, card.value.Text, cs.OriginalValue)
		}
	}
	if !strings.Contains(d.total.Text, money(want.Records.Cost)) || !strings.Contains(d.total.Text, strconv.FormatInt(want.Records.Count, 10)) {
		t.Errorf("records line %q, stats %d records %v", d.total.Text, want.Records.Count, want.Records.Cost)
	}
	items := d.projects.Items()
	if len(items) != len(want.Records.ByProject) {
		t.Fatalf("%d project bars, stats %d projects", len(items), len(want.Records.ByProject))
	}
	for i, p := range want.Records.ByProject {
		if items[i].Value != float64(p.Executed) || items[i].Target != float64(p.Budget) {
			t.Errorf("bar %d (%s) %v/%v, stats %v/%v", i, p.Code, items[i].Value, items[i].Target, p.Executed, p.Budget)
		}
	}
	// The five disclosed projects of the seed spend what the seed says (万元).
	seed := map[string]string{"春节亮化氛围营造项目": "26.45", "西区绿化管护项目": "39.51"}
	for _, p := range want.Records.ByProject {
		if w, ok := seed[p.Name]; ok && p.Executed.Wan() != w {
			t.Errorf("%s executed %s万元, seed %s", p.Name, p.Executed.Wan(), w)
		}
	}
	if len(d.top.Objects) == 0 || len(d.recent.Objects) == 0 {
		t.Errorf("costliest %d lines, recent %d lines", len(d.top.Objects), len(d.recent.Objects))
	}
}

func TestEveryScreenBuildsOnTheDemoInBothLanguages(t *testing.T) {
	store, _ := loadDemo(t)
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		ui := newTestApp(t, store, lang)
		for _, rt := range ui.Router().Routes() {
			act(ui, func() { ui.Show(rt.ID) })
			waitIdle(t, ui)
			if ui.Current() != rt.ID {
				t.Errorf("%s: showing %s", rt.ID, ui.Current())
			}
			if msg := ui.Env().LastMessage(); msg != "" {
				t.Fatalf("%s (%s): error shown: %s", rt.ID, lang, msg)
			}
		}
		reg := ui.Screen("lamps").(*register)
		if reg.rows != 950 {
			t.Errorf("%s: lamp register has %d rows, want 950", lang, reg.rows)
		}
	}
}

func TestAssetDetailShowsRecordsAndHistory(t *testing.T) {
	store, _ := loadDemo(t)
	ui := newTestApp(t, store, i18n.ZH)
	reg := showRegister(t, ui, domain.Lamps)
	ctx := context.Background()
	recs, err := store.FindRecords(ctx, domain.RecordFilter{AssetClass: domain.Lamps, WorkType: "维修", Limit: 1})
	if err != nil || len(recs) == 0 {
		t.Fatalf("no lamp repair in the demo: %v", err)
	}
	id := recs[0].AssetID
	act(ui, func() { reg.onDetail(id) })
	waitIdle(t, ui)
	d := reg.detail
	n, cost, _ := store.CountRecords(ctx, domain.RecordFilter{AssetID: id})
	if !strings.Contains(d.recTotals.Text, money(cost)) || len(d.records) != int(n) {
		t.Errorf("totals %q with %d records; store %d costing %v", d.recTotals.Text, len(d.records), n, cost)
	}
	if !strings.HasPrefix(d.geom.Text, "点") {
		t.Errorf("geometry %q", d.geom.Text)
	}
	// Edit the power through the form: the history gains the change.
	var f *assetForm
	act(ui, func() {
		d.onEdit()
		f = d.form
		f.entries["power_w"].SetText("75")
		test.Tap(f.saveBtn)
	})
	waitIdle(t, ui)
	if p := f.Problem(); p != "" {
		t.Fatal(p)
	}
	found := false
	for _, e := range d.audit {
		if e.Field == "power_w" && e.New == "75" {
			found = true
			if line := auditLine(ui.Env(), e); !strings.Contains(line, "功率") || !strings.Contains(line, "路灯") {
				t.Errorf("audit line %q", line)
			}
		}
	}
	if !found {
		t.Errorf("history lacks the power change: %+v", d.audit)
	}
}

func TestRetiredAssetShowsDisposedAndCannotBeRetiredAgain(t *testing.T) {
	store, _ := openStore(t)
	seedUnits(t, store)
	ctx := context.Background()
	a := &domain.Asset{Class: domain.Roads, Code: "DL-1", Unit: "局机关", Kind: "车行道", Status: domain.StatusInUse, StartDate: "2010-01-01"}
	if err := store.SaveAsset(ctx, a); err != nil {
		t.Fatal(err)
	}
	ui := newTestApp(t, store, i18n.ZH)
	reg := showRegister(t, ui, domain.Roads)
	act(ui, func() { reg.onDetail(a.ID) })
	waitIdle(t, ui)
	if err := store.RetireAsset(ctx, a.ID, "2020-03-01", reg.detail.asset.Version); err != nil {
		t.Fatal(err)
	}
	act(ui, func() { reg.detail.load(a.ID) })
	waitIdle(t, ui)
	if reg.detail.asset.Status != domain.StatusDisposed || !reg.detail.buttons[2].Disabled() {
		t.Errorf("retired asset shows status %s, retire enabled %v", reg.detail.asset.Status, !reg.detail.buttons[2].Disabled())
	}
}

func TestDeleteAsksAndNamesTheRecords(t *testing.T) {
	store, _ := openStore(t)
	seedUnits(t, store)
	ctx := context.Background()
	a := &domain.Asset{Class: domain.Lamps, Code: "LD-7", Unit: "局机关", Kind: "通电路灯", Status: domain.StatusInUse}
	if err := store.SaveAsset(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := store.SaveRecord(ctx, &domain.Record{Date: "2020-01-02", AssetClass: domain.Lamps, AssetID: a.ID, WorkType: "维修", Cost: 100}); err != nil {
		t.Fatal(err)
	}
	ui := newTestApp(t, store, i18n.ZH)
	reg := showRegister(t, ui, domain.Lamps)
	act(ui, func() { reg.onDetail(a.ID) })
	waitIdle(t, ui)
	act(ui, func() { reg.detail.onDelete() })
	waitIdle(t, ui)
	// The confirmation is an overlay on the window: find its text.
	var markup string
	act(ui, func() { markup = test.RenderToMarkup(ui.Window().Canvas()) })
	if !strings.Contains(markup, "有1条维修养护记录") {
		t.Errorf("the confirmation does not mention the record:\n%s", markup[:min(len(markup), 2000)])
	}
}

func TestMaintenanceScreenFiltersAndCharts(t *testing.T) {
	store, _ := loadDemo(t)
	ui := newTestApp(t, store, i18n.ZH)
	act(ui, func() { ui.Show("maintenance") })
	waitIdle(t, ui)
	m := ui.Screen("maintenance").(*maintenance)
	n, cost, _ := store.CountRecords(context.Background(), domain.RecordFilter{Year: 2020})
	if m.rows != int(n) || !strings.Contains(m.footer.Text, money(cost)) {
		t.Fatalf("rows %d footer %q; store %d costing %v", m.rows, m.footer.Text, n, cost)
	}
	act(ui, func() { m.workType.SetSelected("修剪") })
	waitIdle(t, ui)
	n2, cost2, _ := store.CountRecords(context.Background(), domain.RecordFilter{Year: 2020, WorkType: "修剪"})
	if m.rows != int(n2) || !strings.Contains(m.footer.Text, money(cost2)) {
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

func TestProjectsScreenShowsExecution(t *testing.T) {
	store, _ := loadDemo(t)
	ui := newTestApp(t, store, i18n.ZH)
	act(ui, func() { ui.Show("projects") })
	waitIdle(t, ui)
	p := ui.Screen("projects").(*projects)
	st, err := domain.ComputeStats(context.Background(), store, 2020)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.list) == 0 {
		t.Fatal("no projects")
	}
	for _, ps := range st.Records.ByProject {
		for _, pr := range p.list {
			if pr.Code == ps.Code && p.executed[pr.ID] != ps.Executed {
				t.Errorf("%s executed %v, stats %v", pr.Code, p.executed[pr.ID], ps.Executed)
			}
		}
	}
	if p.current == nil || p.indicators == nil {
		t.Fatal("no project shown")
	}
	// Indicators: a bad binding is refused with a message naming the row.
	if len(p.indicators.rows) == 0 {
		t.Fatalf("project %s shows no indicators", p.current.Code)
	}
	act(ui, func() {
		p.indicators.rows[0].binding.SetText("lamps.nonsense")
		p.indicators.onSave()
	})
	if msg := p.indicators.errText.Text(); !strings.Contains(msg, "第1行") {
		t.Errorf("bad binding message %q", msg)
	}
}

func TestClickingTheNavigationShowsTheScreen(t *testing.T) {
	store, _ := openStore(t)
	seedUnits(t, store)
	ui := newTestApp(t, store, i18n.ZH)
	for _, id := range []string{"lamps", "maintenance", "dashboard", "settings"} {
		act(ui, func() { ui.nav.Select(ui.Router().Index(id)) })
		waitIdle(t, ui)
		if ui.Current() != id {
			t.Fatalf("clicked %s, showing %s", id, ui.Current())
		}
		var shown fyne.CanvasObject
		act(ui, func() { shown = ui.content.Objects[0] })
		if shown != ui.Screen(id).Content() {
			t.Fatalf("clicked %s, its content is not on screen", id)
		}
	}
}

func TestSettingsSavesLanguageForTheNextStart(t *testing.T) {
	store, _ := openStore(t)
	ui := newTestApp(t, store, i18n.ZH)
	act(ui, func() { ui.Show("settings") })
	waitIdle(t, ui)
	s := ui.Screen("settings").(*settings)
	act(ui, func() { s.language.SetSelected("English") })
	if got := ui.Env().App.Preferences().String(PrefLanguage); got != "en" {
		t.Fatalf("saved language %q", got)
	}
	if !strings.Contains(s.langNote.Text, "重新启动") {
		t.Errorf("the note does not say a restart is needed: %q", s.langNote.Text)
	}
	if l, _ := ChooseLanguage("", ui.Env().App.Preferences()); l != i18n.EN {
		t.Errorf("next start would use %q", l)
	}
	act(ui, func() { s.theme.SetSelected(s.theme.Options[2]) })
	waitIdle(t, ui)
	if got := ui.Env().App.Preferences().String(PrefTheme); got != "dark" {
		t.Errorf("saved theme %q", got)
	}
}

func TestBackupWritesACopy(t *testing.T) {
	store, _ := loadDemo(t)
	ui := newTestApp(t, store, i18n.ZH)
	act(ui, func() { ui.Show("settings") })
	waitIdle(t, ui)
	s := ui.Screen("settings").(*settings)
	path := filepath.Join(t.TempDir(), "copy.db")
	act(ui, func() { s.backupTo(path) })
	waitIdle(t, ui)
	copyStore, err := storage.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer copyStore.Close()
	n, err := copyStore.CountAssets(context.Background(), domain.AssetFilter{Class: domain.Lamps})
	if err != nil || n.Count != 950 {
		t.Fatalf("the backup holds %d lamps (%v)", n.Count, err)
	}
	if !strings.Contains(ui.Env().LastMessage(), path) {
		t.Errorf("message %q does not name the file", ui.Env().LastMessage())
	}
}

func TestOpeningAnotherDatabaseSwitchesEveryScreen(t *testing.T) {
	first, _ := openStore(t)
	seedUnits(t, first)
	_, otherPath := loadDemo(t)
	a := test.NewTempApp(t)
	var opened []domain.Store
	ui := New(a, first, i18n.ZH, Options{Open: func(ctx context.Context, dsn string) (domain.Store, error) {
		s, err := storage.Open(ctx, dsn)
		if err == nil {
			opened = append(opened, s)
		}
		return s, err
	}})
	t.Cleanup(func() {
		ui.Env().WaitIdle(idleTimeout)
		for _, s := range opened {
			s.Close()
		}
	})
	waitIdle(t, ui)
	reg := showRegister(t, ui, domain.Lamps)
	if reg.rows != 0 {
		t.Fatalf("first database shows %d lamps", reg.rows)
	}
	act(ui, func() { ui.Show("settings") })
	waitIdle(t, ui)
	s := ui.Screen("settings").(*settings)
	act(ui, func() { s.openDSN(otherPath) })
	waitIdle(t, ui)
	reg = showRegister(t, ui, domain.Lamps)
	if reg.rows != 950 {
		t.Fatalf("after opening the demo database the register shows %d lamps", reg.rows)
	}
	if got := a.Preferences().String(PrefDatabase); got != otherPath {
		t.Errorf("remembered database %q", got)
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
	var f *recordForm
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

func TestAStaleEditOffersToReload(t *testing.T) {
	store, _ := openStore(t)
	seedUnits(t, store)
	ctx := context.Background()
	a := &domain.Asset{Class: domain.Lamps, Code: "LD-1", Unit: "局机关", Kind: "通电路灯", Status: domain.StatusInUse, PowerW: 60}
	if err := store.SaveAsset(ctx, a); err != nil {
		t.Fatal(err)
	}
	ui := newTestApp(t, store, i18n.ZH)
	reg := showRegister(t, ui, domain.Lamps)
	act(ui, func() { reg.onDetail(a.ID) })
	waitIdle(t, ui)
	var f *assetForm
	act(ui, func() {
		reg.detail.onEdit()
		f = reg.detail.form
	})
	// Someone else changes the lamp meanwhile.
	other := *a
	other.PowerW = 80
	if err := store.SaveAsset(ctx, &other); err != nil {
		t.Fatal(err)
	}
	act(ui, func() {
		f.entries["road"].SetText("新路")
		test.Tap(f.saveBtn)
	})
	waitIdle(t, ui)
	if msg := f.Problem(); !strings.Contains(msg, "已被他人修改") {
		t.Fatalf("stale save: message %q", msg)
	}
	var markup string
	act(ui, func() { markup = test.RenderToMarkup(ui.Window().Canvas()) })
	if !strings.Contains(markup, "重新载入") {
		t.Fatal("no offer to reload")
	}
	// Reloading fills the form with the stored version; saving then succeeds.
	act(ui, func() { f.reloadStored() })
	waitIdle(t, ui)
	if got := f.entries["power_w"].Text; got != "80" {
		t.Fatalf("reloaded power %q, want 80", got)
	}
	act(ui, func() {
		f.entries["road"].SetText("新路")
		test.Tap(f.saveBtn)
	})
	waitIdle(t, ui)
	if p := f.Problem(); p != "" {
		t.Fatal(p)
	}
	got, _ := store.GetAsset(ctx, a.ID)
	if got.Road != "新路" || got.PowerW != 80 {
		t.Errorf("stored %+v", got)
	}
}

// TestImportFromARegisterReloadsIt: the import hook is told how to reload the register,
// and after rows were written the register shows them without being shown again.
func TestImportFromARegisterReloadsIt(t *testing.T) {
	store, _ := openStore(t)
	seedUnits(t, store)
	var opened []domain.Class
	// What the import wizard does in the end: rows written, the callback on the UI side.
	imp := func(env *Env, class domain.Class, onImported func()) {
		opened = append(opened, class)
		saveLamps(t, store, 3)
		onImported()
	}
	ui := newTestAppWith(t, store, i18n.ZH, Options{Import: imp})
	reg := showRegister(t, ui, domain.Lamps)
	if reg.rows != 0 {
		t.Fatalf("empty register shows %d rows", reg.rows)
	}
	act(ui, reg.onImport)
	waitIdle(t, ui)
	if len(opened) != 1 || opened[0] != domain.Lamps {
		t.Fatalf("import opened for %v", opened)
	}
	if reg.rows != 3 || !strings.Contains(reg.footer.Text, "3") {
		t.Errorf("after the import the register shows %d rows, footer %q", reg.rows, reg.footer.Text)
	}
	if got := cellText(reg, 0, colIndex(t, reg, "code")); got != "LD-1" {
		t.Errorf("first row %q", got)
	}
}

// TestAssetDetailOpenedFromAnotherScreen is the detail the map opens: with no register
// behind it, it still names the asset's unit and its edits reach the store and history.
func TestAssetDetailOpenedFromAnotherScreen(t *testing.T) {
	store, _ := openStore(t)
	seedUnits(t, store)
	a := &domain.Asset{Class: domain.Lamps, Code: "LD-1", Unit: "环卫中心", Kind: "通电路灯", Status: domain.StatusInUse, PowerW: 60}
	if err := store.SaveAsset(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	ui := newTestApp(t, store, i18n.ZH)
	var d *AssetDetail
	act(ui, func() { d = ShowAssetDetail(ui.Env(), a.ID) })
	waitIdle(t, ui)
	if d.Asset() == nil || d.Asset().ID != a.ID {
		t.Fatalf("the detail shows %+v", d.Asset())
	}
	unit := ""
	for _, it := range d.info.Objects[0].(*widget.Form).Items {
		if it.Text == fieldName(ui.Env(), "unit") {
			unit = it.Widget.(*widget.Label).Text
		}
	}
	if unit != "环卫中心" {
		t.Errorf("unit shown %q, want 环卫中心", unit)
	}
	var f *assetForm
	act(ui, func() {
		d.onEdit()
		f = d.form
		f.entries["power_w"].SetText("75")
		test.Tap(f.saveBtn)
	})
	waitIdle(t, ui)
	if p := f.Problem(); p != "" {
		t.Fatal(p)
	}
	if got, _ := store.GetAsset(context.Background(), a.ID); got.PowerW != 75 || got.UnitID != a.UnitID {
		t.Errorf("stored %+v", got)
	}
	if d.Asset().PowerW != 75 {
		t.Errorf("the detail still shows power %v", d.Asset().PowerW)
	}
}

// The performance-management flags are edited in the project form and stored; the
// form opens at a field when a report finding asks for it.
func TestProjectFormEditsThePerformanceFlags(t *testing.T) {
	store, _ := loadDemo(t)
	ui := newTestApp(t, store, i18n.ZH)
	var pf *ProjectField
	act(ui, func() { EditProjectField(ui.Env(), 2020, "2020-008", "result", func(f *ProjectField) { pf = f }) })
	waitIdle(t, ui)
	if pf == nil || pf.Form == nil || pf.Focused != pf.Form.entries["result"] {
		t.Fatalf("the form did not open at the result: %+v", pf)
	}
	f := pf.Form
	if f.monitored.Checked || f.selfEvaluated.Checked || f.preAssessed.Checked {
		t.Error("生活垃圾分类项目 shows flags it does not have")
	}
	act(ui, func() {
		f.monitored.SetChecked(true)
		f.preAssessed.SetChecked(true)
		f.onSave()
	})
	waitIdle(t, ui)
	ps, err := store.ListProjects(context.Background(), 2020)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.Code == "2020-008" && (!p.Monitored || !p.PreAssessed || p.SelfEvaluated) {
			t.Errorf("stored flags: %+v", p)
		}
	}
}
