package registers

import (
	"context"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

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

// newTestApp builds the window with the registers on store with the test driver and waits for the first screen.
func newTestApp(t testing.TB, store domain.Store, lang i18n.Lang) *gui.App {
	t.Helper()
	return newTestAppWith(t, store, lang, gui.Options{})
}

// newTestAppWith is newTestApp with what cmd/cityledger wires in.
func newTestAppWith(t testing.TB, store domain.Store, lang i18n.Lang, opts gui.Options) *gui.App {
	t.Helper()
	if opts.Routes == nil {
		opts.Routes = Routes
	}
	return guitest.NewApp(t, store, lang, opts)
}

// act runs test steps that touch widgets the way the app runs them: one at a time with
// the results of background loads (the test driver applies those on their own goroutines).
func act(ui *gui.App, fn func()) { ui.Drive(fn) }

func waitIdle(t testing.TB, ui *gui.App) { t.Helper(); guitest.WaitIdle(t, ui) }

// waitDebounce lets a debounced search fire, then waits for its query.
func waitDebounce(t testing.TB, ui *gui.App) { t.Helper(); guitest.WaitDebounce(t, ui) }

func showRegister(t testing.TB, ui *gui.App, c domain.Class) *register {
	t.Helper()
	act(ui, func() { ui.Show(gui.ClassRouteID(c)) })
	waitIdle(t, ui)
	return ui.Screen(gui.ClassRouteID(c)).(*register)
}

// cellText renders a register cell the way the table does.
func cellText(r *register, row, col int) string {
	var text string
	r.env.Do(func() {
		o := r.table.CreateCell()
		r.updateCell(widget.TableCellID{Row: row, Col: col}, o)
		text = o.(*fyne.Container).Objects[0].(*widget.Label).Text
	})
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
	if !strings.Contains(reg.footer.Text, "在用 1盏") || !strings.Contains(reg.footer.Text, "3,200.50") {
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

// The bulk maintenance entry of a selection is the records form fixed to the selected
// lamps (records' tests save it: one record per lamp).
func TestBulkMaintenanceOpensTheEntryForTheSelectedLamps(t *testing.T) {
	store, _ := openStore(t)
	seedUnits(t, store)
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
	act(ui, func() { reg.onBulkRecord() })
	waitIdle(t, ui)
	opts := reg.recs.Options()
	got := append([]int64(nil), opts.AssetIDs...)
	sort.Slice(got, func(i, j int) bool { return got[i] < got[j] })
	if opts.Class != domain.Lamps || !reflect.DeepEqual(got, ids[:3]) {
		t.Errorf("the entry is for %s %v, want lamps %v", opts.Class, got, ids[:3])
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
		b.field.SetSelected(widgets.FieldName(ui.Env(), "road"))
		test.Type(b.entries["road"], "新路")
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
	if !strings.Contains(d.recTotals.Text, widgets.Money(cost)) || len(d.records) != int(n) {
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
			if line := widgets.AuditLine(ui.Env(), e); !strings.Contains(line, "功率") || !strings.Contains(line, "路灯") {
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
	imp := func(env *gui.Env, class domain.Class, onImported func()) {
		opened = append(opened, class)
		saveLamps(t, store, 3)
		onImported()
	}
	ui := newTestAppWith(t, store, i18n.ZH, gui.Options{Import: imp})
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
		if it.Text == widgets.FieldName(ui.Env(), "unit") {
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
