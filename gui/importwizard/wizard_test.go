package importwizard

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"cityledger/domain"
	"cityledger/domain/exchange"
	"cityledger/domain/i18n"
	"cityledger/gui"
	"cityledger/gui/guitest"
)

// newApp is the window on store with the import wizard wired in as cmd/cityledger does.
func newApp(t *testing.T, store domain.Store, lang i18n.Lang) *gui.App {
	t.Helper()
	return guitest.NewApp(t, store, lang, gui.Options{Import: OpenThen})
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func lampCount(t *testing.T, s domain.Store) int64 {
	t.Helper()
	tot, err := s.CountAssets(context.Background(), domain.AssetFilter{Class: domain.Lamps})
	if err != nil {
		t.Fatal(err)
	}
	return tot.Count
}

const header = "code,type,road,power_w,pole_height_m,start_date,original_value,unit,lon,lat,note\n"

// openOn opens the wizard for lamps on the file and goes on to the preview.
func openOn(t *testing.T, ui *gui.App, path string) *Wizard {
	t.Helper()
	var imported []domain.ImportSummary
	var w *Wizard
	guitest.Act(t, ui, func() {
		w = OpenKind(ui.Env(), exchange.Lamps, func(s domain.ImportSummary) { imported = append(imported, s) })
	})
	guitest.Act(t, ui, func() { w.LoadFile(path) })
	guitest.WaitIdle(t, ui)
	if w.table == nil {
		t.Fatalf("file not read: %s", ui.Env().LastMessage())
	}
	guitest.Act(t, ui, func() { w.Next() })
	if w.step != stepMapping {
		t.Fatalf("step %d after the file, want the mapping", w.step)
	}
	guitest.Act(t, ui, func() { w.Next() })
	guitest.WaitIdle(t, ui)
	if w.step != stepPreview {
		t.Fatalf("step %d after checking, want the preview", w.step)
	}
	return w
}

func problemTexts(w *Wizard) []string {
	var out []string
	for _, l := range w.preview.lines {
		out = append(out, l.text)
	}
	return out
}

func TestBadRowIsShownAndNothingIsImportedUntilSkipped(t *testing.T) {
	store := guitest.DemoStore(t)
	ui := newApp(t, store, i18n.ZH)
	before := lampCount(t, store)
	path := writeFile(t, "lamps.csv", header+
		"LD-9001,通电路灯,清香坪街,100,8,2020-05-01,3200,局机关,101.61,26.58,\n"+
		"LD-9002,通电路灯,清香坪街,100,8,2020-13-01,3200,局机关,101.62,26.58,\n"+
		"LD-9003,太阳能路灯,清香坪街,60,6,2020-05-01,2800,环卫中心,101.63,26.58,\n")
	w := openOn(t, ui, path)
	p := w.preview

	lines := problemTexts(w)
	if len(lines) != 1 || !strings.Contains(lines[0], "第3行") || !strings.Contains(lines[0], "2020-13-01") {
		t.Fatalf("problems %q, want one naming row 3 and its date", lines)
	}
	if !p.rowErrs[3]["start_date"] {
		t.Errorf("row 3's date not marked: %v", p.rowErrs)
	}
	if got := cellText(t, ui, p, 1, 0); got != "✗ 3" {
		t.Errorf("row marker %q, want ✗ 3", got)
	}
	if got := cellText(t, ui, p, 0, 0); got != "2" {
		t.Errorf("a good row is marked: %q", got)
	}
	if p.runnable() || !w.next.Disabled() {
		t.Fatal("the import can run with an invalid row")
	}
	guitest.Act(t, ui, func() { w.Next() }) // refused
	guitest.WaitIdle(t, ui)
	if lampCount(t, store) != before || w.step != stepPreview {
		t.Fatal("something was imported with an invalid row")
	}

	guitest.Act(t, ui, func() { p.skip.SetChecked(true) })
	guitest.WaitIdle(t, ui)
	if !p.runnable() || w.next.Disabled() {
		t.Fatal("skipping invalid rows does not allow the import")
	}
	if !strings.Contains(p.expected.Text, "新增2") || !strings.Contains(p.expected.Text, "拒绝1") {
		t.Errorf("expected result %q", p.expected.Text)
	}
	guitest.Act(t, ui, func() { w.Next() })
	guitest.WaitIdle(t, ui)
	if w.step != stepSummary {
		t.Fatalf("step %d after the import", w.step)
	}
	s := w.summary
	if s.counts["added"].Text != "2" || s.counts["rejected"].Text != "1" {
		t.Errorf("summary added %s rejected %s", s.counts["added"].Text, s.counts["rejected"].Text)
	}
	if !strings.Contains(s.messages.Text, "第3行") || s.saveErrs.Hidden {
		t.Errorf("summary messages %q, save button hidden %v", s.messages.Text, s.saveErrs.Hidden)
	}
	if got := lampCount(t, store); got != before+2 {
		t.Errorf("lamps %d, want %d", got, before+2)
	}

	// The error workbook holds the file's rows and the error.
	book := filepath.Join(t.TempDir(), "errors.xlsx")
	guitest.Act(t, ui, func() { writeErrorWorkbook(w, s.sum.Errors, book) })
	guitest.WaitIdle(t, ui)
	tab, err := exchange.ReadFile(book, exchange.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Rows) != 3 || !strings.Contains(strings.Join(tab.Rows[1].Cells, " "), "2020-13-01") {
		t.Errorf("error workbook rows %v", tab.Rows)
	}
}

func cellText(t *testing.T, ui *gui.App, p *previewPage, row, col int) string {
	var text string
	guitest.Act(t, ui, func() {
		o := p.createCell()
		p.updateCell(widgetCell(row, col), o)
		text = labelText(o)
	})
	return text
}

func TestValueMappingFixesAnEnum(t *testing.T) {
	store := guitest.DemoStore(t)
	ui := newApp(t, store, i18n.ZH)
	path := writeFile(t, "lamps.csv", header+
		"LD-9101,LED,清香坪街,100,8,2020-05-01,3200,局机关,101.61,26.58,\n"+
		"LD-9102,通电路灯,清香坪街,100,8,2020-05-01,3200,局机关,101.62,26.58,\n"+
		"LD-9103,led,清香坪街,100,8,2020-05-01,3200,局机关,101.63,26.58,\n")
	w := openOn(t, ui, path)
	if len(w.preview.lines) != 2 || w.preview.runnable() {
		t.Fatalf("problems %q", problemTexts(w))
	}
	guitest.Act(t, ui, func() { w.Back() })
	m := w.mapping
	list, _ := m.unrecognised(mustField(t, "type"))
	var values []string
	for _, bv := range list {
		values = append(values, bv.value)
	}
	slices.Sort(values)
	if strings.Join(values, ",") != "LED,led" {
		t.Fatalf("unrecognised types %q", values)
	}
	// Pick 通电路灯 for both in the value selects the page shows.
	sels := valueSelects(m)
	if len(sels) != 2 {
		t.Fatalf("%d value selects", len(sels))
	}
	for _, sel := range sels {
		guitest.Act(t, ui, func() { sel.SetSelected(ui.Env().Enum("通电路灯")) })
	}
	guitest.Act(t, ui, func() { w.Next() })
	guitest.WaitIdle(t, ui)
	if !w.preview.runnable() || len(w.preview.lines) != 0 {
		t.Fatalf("still problems after mapping the values: %q", problemTexts(w))
	}
	if got := cellText(t, ui, w.preview, 0, colOf(t, w.preview, "type")); got != "通电路灯" {
		t.Errorf("preview shows type %q, want the mapped value", got)
	}
	guitest.Act(t, ui, func() { w.Next() })
	guitest.WaitIdle(t, ui)
	a, err := store.GetAssetByCode(context.Background(), domain.Lamps, "LD-9101")
	if err != nil {
		t.Fatal(err)
	}
	if a.Kind != "通电路灯" {
		t.Errorf("imported type %q", a.Kind)
	}
}

func TestColumnMappingChosenByHand(t *testing.T) {
	store := guitest.DemoStore(t)
	ui := newApp(t, store, i18n.EN)
	path := writeFile(t, "survey.csv", "灯杆编号,类型,所属单位,经度,纬度,note\n"+
		"P-1,通电路灯,局机关,101.61,26.58,do not import this\n")
	var w *Wizard
	guitest.Act(t, ui, func() { w = OpenKind(ui.Env(), exchange.Lamps, nil) })
	guitest.Act(t, ui, func() { w.LoadFile(path) })
	guitest.WaitIdle(t, ui)
	guitest.Act(t, ui, func() { w.Next() })
	m := w.mapping
	if m.column("code") != -1 || m.column("note") != 5 || m.column("type") != 1 || m.column("lon") != 3 {
		t.Fatalf("automatic mapping code %d note %d type %d lon %d", m.column("code"), m.column("note"), m.column("type"), m.column("lon"))
	}
	guitest.Act(t, ui, func() { w.Next() })
	guitest.WaitIdle(t, ui)
	if w.preview.failure == "" || !strings.Contains(w.preview.failure, "code") || w.preview.runnable() {
		t.Fatalf("a missing required column: failure %q", w.preview.failure)
	}
	guitest.Act(t, ui, func() { w.Back() })
	guitest.Act(t, ui, func() { m.columns["code"].SetSelectedIndex(choiceFirst + 0) })
	guitest.Act(t, ui, func() { m.columns["note"].SetSelectedIndex(choiceNone) })
	guitest.Act(t, ui, func() { m.columns["road"].SetSelectedIndex(choiceFixed) })
	guitest.Act(t, ui, func() { m.fixed["road"].SetText("清香坪街") })
	guitest.Act(t, ui, func() { w.Next() })
	guitest.WaitIdle(t, ui)
	if !w.preview.runnable() {
		t.Fatalf("problems %q, failure %q", problemTexts(w), w.preview.failure)
	}
	guitest.Act(t, ui, func() { w.Next() })
	guitest.WaitIdle(t, ui)
	a, err := store.GetAssetByCode(context.Background(), domain.Lamps, "P-1")
	if err != nil {
		t.Fatal(err)
	}
	if a.Note != "" || a.Road != "清香坪街" || a.Geometry == nil {
		t.Errorf("imported %+v", a)
	}
}

func TestCRSIsPrefilledFromTheFile(t *testing.T) {
	store := guitest.DemoStore(t)
	ui := newApp(t, store, i18n.ZH)
	path := writeFile(t, "lamps.geojson", `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::2056"}},"features":[`+
		`{"type":"Feature","geometry":{"type":"Point","coordinates":[2683335.2,1254073.1]},"properties":{"code":"Z-1","type":"通电路灯","unit":"局机关"}}]}`)
	var w *Wizard
	guitest.Act(t, ui, func() { w = OpenKind(ui.Env(), exchange.Lamps, nil) })
	guitest.Act(t, ui, func() { w.LoadFile(path) })
	guitest.WaitIdle(t, ui)
	if !strings.Contains(w.file.crsEntry.Text, "2056") {
		t.Errorf("CRS entry %q", w.file.crsEntry.Text)
	}
	if w.file.crsHint.Text != ui.Env().T("gui.wizard.crs_from_file") {
		t.Errorf("hint %q", w.file.crsHint.Text)
	}
	guitest.Act(t, ui, func() { w.Next() })
	guitest.Act(t, ui, func() { w.Next() })
	guitest.WaitIdle(t, ui)
	guitest.Act(t, ui, func() { w.Next() })
	guitest.WaitIdle(t, ui)
	a, err := store.GetAssetByCode(context.Background(), domain.Lamps, "Z-1")
	if err != nil {
		t.Fatal(err)
	}
	p, ok := a.Geometry.(orb.Point)
	if !ok || p.Lon() < 8.54 || p.Lon() > 8.55 || p.Lat() < 47.43 || p.Lat() > 47.44 {
		t.Errorf("reprojected point %v", a.Geometry)
	}

	// A file that declares none: the entry is empty and the hint says what to fill in.
	var w2 *Wizard
	guitest.Act(t, ui, func() { w2 = OpenKind(ui.Env(), exchange.Lamps, nil) })
	guitest.Act(t, ui, func() { w2.LoadFile(writeFile(t, "lamps.csv", header)) })
	guitest.WaitIdle(t, ui)
	if w2.file.crsEntry.Text != "" || w2.file.crsHint.Text != ui.Env().T("gui.wizard.crs_hint") {
		t.Errorf("no CRS: entry %q hint %q", w2.file.crsEntry.Text, w2.file.crsHint.Text)
	}
}

func TestExportOfASelectionWritesExactlyThoseRows(t *testing.T) {
	store := guitest.DemoStore(t)
	ui := newApp(t, store, i18n.ZH)
	ctx := context.Background()
	var ids []int64
	var codes []string
	for _, code := range []string{"LD-0005", "LD-0017", "LD-0300"} {
		a, err := store.GetAssetByCode(ctx, domain.Lamps, code)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
		codes = append(codes, code)
	}
	var x *Exporter
	guitest.Act(t, ui, func() { x = ExportKind(ui.Env(), exchange.Lamps, ids) })
	if len(x.formats) != 3 {
		t.Errorf("lamp export formats %v, want csv, xlsx and geojson", x.formats)
	}
	path := filepath.Join(t.TempDir(), "sel.csv")
	guitest.Act(t, ui, func() { x.ExportTo(path) })
	guitest.WaitIdle(t, ui)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 4 {
		t.Fatalf("%d lines, want the header and 3 rows", len(recs))
	}
	if !strings.HasSuffix(recs[0][0], "编号") {
		t.Errorf("Chinese headers expected, got %q", recs[0])
	}
	var got []string
	for _, r := range recs[1:] {
		got = append(got, r[0])
	}
	if strings.Join(got, ",") != strings.Join(codes, ",") {
		t.Errorf("exported codes %q, want %q", got, codes)
	}
	if !strings.Contains(ui.Env().LastMessage(), "3") {
		t.Errorf("message %q", ui.Env().LastMessage())
	}

	// Vehicles have no geometry: no GeoJSON; nil exports the whole register.
	var v *Exporter
	guitest.Act(t, ui, func() { v = ExportKind(ui.Env(), exchange.Vehicles, nil) })
	if slices.Contains(v.formats, exchange.FormatGeoJSON) {
		t.Error("vehicles offer GeoJSON")
	}
	guitest.Act(t, ui, func() { v.headers.SetSelected(ui.Env().T("gui.export.headers_en")) })
	guitest.Act(t, ui, func() { v.format.SetSelected(ui.Env().T("gui.format.xlsx")) })
	all := filepath.Join(t.TempDir(), "all.xlsx")
	guitest.Act(t, ui, func() { v.ExportTo(all) })
	guitest.WaitIdle(t, ui)
	tab, err := exchange.ReadFile(all, exchange.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	vt, err := store.CountAssets(ctx, domain.AssetFilter{Class: domain.Vehicles})
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(tab.Rows)) != vt.Count {
		t.Errorf("all vehicles: %d rows, want %d", len(tab.Rows), vt.Count)
	}
	if tab.Header[0] != "code" {
		t.Errorf("English header %q", tab.Header[0])
	}
}

func widgetCell(row, col int) widget.TableCellID { return widget.TableCellID{Row: row, Col: col} }

func labelText(o fyne.CanvasObject) string { return o.(*widget.Label).Text }

func mustField(t *testing.T, key string) exchange.Field {
	t.Helper()
	l, _ := exchange.LayoutOf(domain.BuiltinCatalogue(), exchange.Lamps)
	f, ok := l.Field(key)
	if !ok {
		t.Fatalf("no field %s", key)
	}
	return f
}

// valueSelects are the selects of the value-mapping card, in display order.
func valueSelects(m *mappingPage) []*widget.Select {
	var out []*widget.Select
	for _, o := range m.valuesBox.Objects {
		row, ok := o.(*fyne.Container)
		if !ok || len(row.Objects) != 2 {
			continue
		}
		if sel, ok := row.Objects[1].(*widget.Select); ok {
			out = append(out, sel)
		}
	}
	return out
}

func colOf(t *testing.T, p *previewPage, key string) int {
	t.Helper()
	for i, f := range p.fields {
		if f.Key == key {
			return i + 1
		}
	}
	t.Fatalf("the preview has no column %s", key)
	return -1
}

func TestAClosedYearRefusesRowsByRow(t *testing.T) {
	store := guitest.DemoStore(t)
	ui := newApp(t, store, i18n.ZH)
	ctx := context.Background()
	if err := store.CloseYear(ctx, 2020, nil); err != nil {
		t.Fatal(err)
	}
	var recs0 int64
	if n, _, err := store.CountRecords(ctx, domain.RecordFilter{}); err == nil {
		recs0 = n
	}
	path := writeFile(t, "records.csv", "date,asset_class,asset_code,work_type,quantity,quantity_unit,cost,note\n"+
		"2020-12-20,路灯,LD-0001,维修,1,盏,120.00,补录\n"+
		"2021-01-05,路灯,LD-0002,维修,1,盏,80.00,\n")
	var done int
	var w *Wizard
	guitest.Act(t, ui, func() { w = OpenKind(ui.Env(), exchange.Maintenance, func(domain.ImportSummary) { done++ }) })
	if got := kindName(ui.Env(), layoutOf(ui.Env(), exchange.Maintenance)); !strings.Contains(got, "维修养护") {
		t.Errorf("kind name %q", got)
	}
	guitest.Act(t, ui, func() { w.LoadFile(path) })
	guitest.WaitIdle(t, ui)
	guitest.Act(t, ui, func() { w.Next() })
	guitest.Act(t, ui, func() { w.Next() })
	guitest.WaitIdle(t, ui)
	lines := problemTexts(w)
	if len(lines) != 1 || !strings.Contains(lines[0], "第2行") || !strings.Contains(lines[0], "2020年度已结账") {
		t.Fatalf("problems %q", lines)
	}
	if w.preview.runnable() {
		t.Fatal("runnable with a row in a closed year")
	}
	guitest.Act(t, ui, func() { w.preview.skip.SetChecked(true) })
	guitest.WaitIdle(t, ui)
	guitest.Act(t, ui, func() { w.Next() })
	guitest.WaitIdle(t, ui)
	n, _, err := store.CountRecords(ctx, domain.RecordFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if n != recs0+1 || done != 1 {
		t.Errorf("records %d → %d, callback %d times", recs0, n, done)
	}
}
