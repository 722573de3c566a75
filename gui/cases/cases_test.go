package cases

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"cityledger/domain"
	"cityledger/domain/i18n"
	"cityledger/gui"
	"cityledger/gui/guitest"
	"cityledger/gui/registers"
	"cityledger/gui/widgets"
)

func newTestApp(t testing.TB, store domain.Store, lang i18n.Lang) *gui.App {
	t.Helper()
	return guitest.NewApp(t, store, lang, gui.Options{Routes: guitest.Routes(Route())})
}

func act(t testing.TB, ui *gui.App, fn func()) { t.Helper(); guitest.Act(t, ui, fn) }

func TestCatalogueKeys(t *testing.T) {
	guitest.CheckCatalogue(t, 40, "cases2.link.component_id", "cases2.link.asset_code", "cases2.link.nearest",
		"cases2.link.manual", "cases2.fig.reported", "cases2.fig.resolved", "cases2.fig.on_time", "cases2.fig.resolution_rate",
		"cases2.fig.on_time_rate", "cases2.fig.overdue", "cases2.fig.mean_resolve", "cases2.fig.hotline")
}

// The screen's figures are the figures the report and ledgerctl compute; the list
// counts what the store counts under each filter, pages far rows, and shows the
// overdue cases in red.
func TestCasesScreenFiguresFiltersAndPages(t *testing.T) {
	store := guitest.DemoStore(t)
	ui := newTestApp(t, store, i18n.ZH)
	act(t, ui, func() { ui.Show(RouteID) })
	s := ui.Screen(RouteID).(*screen)
	act(t, ui, func() { s.year.SetSelected("2020") })
	ctx := context.Background()
	want, err := domain.ComputeCaseFigures(ctx, store, 2020, domain.WallClock(time.Now()), domain.CaseSelection{})
	if err != nil {
		t.Fatal(err)
	}
	if s.figures == nil || s.figures.City.Reported != 33345 || s.figures.City.ResolutionRate != "98.04%" ||
		s.figures.City.OnTimeRate != "67.98%" || s.figures.City.Overdue != want.City.Overdue {
		t.Fatalf("figures %+v, want %+v", s.figures, want.City)
	}
	shown := map[string]bool{}
	for _, o := range s.figGrid.Objects {
		shown[o.(*widget.Label).Text] = true
	}
	for _, v := range []string{"33,345", "32,691", "22,669", "98.04%", "67.98%"} {
		if !shown[v] {
			t.Errorf("figure %s not shown: %v", v, shown)
		}
	}
	if len(s.byMonth.Items()) != 12 || !strings.Contains(s.topComp.Text, "1. ") || !strings.Contains(s.topEvent.Text, "10. ") {
		t.Errorf("by month %d, top components %q, top events %q", len(s.byMonth.Items()), s.topComp.Text, s.topEvent.Text)
	}
	count := func(f domain.CaseFilter) int {
		n, err := store.CountCases(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		return int(n)
	}
	if s.rows != count(domain.CaseFilter{Year: 2020}) {
		t.Fatalf("rows %d", s.rows)
	}
	// Source 12345: the list and the figures follow.
	act(t, ui, func() { s.source.SetSelected("12345") })
	if s.rows != 1220 || s.figures.Hotline.Tickets != 1220 || s.figures.City.Reported != 1220 {
		t.Fatalf("12345: rows %d, tickets %d, city %d", s.rows, s.figures.Hotline.Tickets, s.figures.City.Reported)
	}
	act(t, ui, func() { s.source.SetSelectedIndex(0) })
	// A month and a class.
	act(t, ui, func() {
		s.month.SetSelectedIndex(3)
		s.class.SetSelectedIndex(1)
	})
	f := domain.CaseFilter{Year: 2020, Month: 3, ClassName: s.classNames[0]}
	if s.rows != count(f) || s.rows == 0 {
		t.Fatalf("March, %s: rows %d, store %d", s.classNames[0], s.rows, count(f))
	}
	act(t, ui, func() {
		s.month.SetSelectedIndex(0)
		s.class.SetSelectedIndex(0)
	})
	// Overdue now: every row is red.
	act(t, ui, func() { s.status.SetSelectedIndex(overdueOption) })
	if s.rows != int(want.City.Overdue+want.Hotline.Overdue) || s.rows == 0 {
		t.Fatalf("overdue rows %d, figures %d + %d", s.rows, want.City.Overdue, want.Hotline.Overdue)
	}
	act(t, ui, func() { s.table.Refresh() })
	c, ok := s.pages.Get(0)
	if !ok || !c.OverdueAt(s.now) {
		t.Fatalf("first overdue row %+v", c)
	}
	act(t, ui, func() { s.status.SetSelectedIndex(0) })
	// A far page, read by offset, then the next one by keyset: the same rows the store lists.
	far := 20_000
	var got domain.Case
	act(t, ui, func() { s.pages.Get(far) })
	act(t, ui, func() { got, ok = s.pages.Get(far) })
	wantRows, _ := store.FindCases(ctx, domain.CaseFilter{Year: 2020, Offset: far, Limit: 1})
	if !ok || len(wantRows) != 1 || got.No != wantRows[0].No {
		t.Fatalf("row %d: %v %q, want %q", far, ok, got.No, wantRows[0].No)
	}
	next := far + widgets.PageSize
	act(t, ui, func() { s.pages.Get(next) })
	act(t, ui, func() { got, ok = s.pages.Get(next) })
	wantRows, _ = store.FindCases(ctx, domain.CaseFilter{Year: 2020, Offset: next, Limit: 1})
	if !ok || got.No != wantRows[0].No {
		t.Fatalf("row %d: %v %q, want %q", next, ok, got.No, wantRows[0].No)
	}
}

func lampAt(t *testing.T, store domain.Store, code string, p orb.Point) domain.Asset {
	t.Helper()
	a := domain.Asset{Class: domain.Lamps, Code: code, Unit: "局机关", Kind: "通电路灯", Status: domain.StatusInUse, Geometry: p}
	if err := store.SaveAsset(context.Background(), &a); err != nil {
		t.Fatal(err)
	}
	return a
}

// A case added on the form, a bad time refused with its field named, the maintenance
// the case caused recorded from it with the case number, and the asset's detail
// listing it.
func TestCaseFormAddRecordAndAssetDetail(t *testing.T) {
	store := guitest.TempStore(t)
	guitest.SeedUnits(t, store)
	lamp := lampAt(t, store, "LD-1", orb.Point{101.7, 26.58})
	ui := newTestApp(t, store, i18n.ZH)
	act(t, ui, func() { ui.Show(RouteID) })
	s := ui.Screen(RouteID).(*screen)
	act(t, ui, func() { s.onAdd() })
	f := s.form
	act(t, ui, func() {
		f.no.SetText("CG-T-1")
		f.classCode.SetText("0118")
		f.className.SetText("路灯")
		f.assetClass.SetSelected(ui.Env().ClassName(domain.Lamps))
		f.assetCode.SetText("LD-1")
		f.times["reported_at"].SetText("2020-06-01 08:00")
		f.times["deadline"].SetText("2020-06-03 8:00")
		f.times["resolved_at"].SetText("2020-06-32 10:00")
		f.unit.SetText("局机关")
		f.onSave()
	})
	if p := f.Problem(); !strings.Contains(p, "2020-06-32") || !strings.Contains(p, widgets.FieldName(ui.Env(), "resolved_at")) {
		t.Fatalf("bad time: problem %q", p)
	}
	act(t, ui, func() {
		f.times["resolved_at"].SetText("2020-06-02 10:00")
		f.onSave()
	})
	if p := f.Problem(); p != "" {
		t.Fatal(p)
	}
	c, err := store.GetCaseByNo(context.Background(), "CG-T-1")
	if err != nil {
		t.Fatal(err)
	}
	if c.AssetID != lamp.ID || c.Link != domain.LinkAssetCode || c.Status != domain.CaseResolved || c.Source != domain.SourceCityPlatform {
		t.Fatalf("stored %+v", c)
	}
	act(t, ui, func() { s.year.SetSelected("2020") })
	if s.rows != 1 {
		t.Fatalf("the list did not follow: %d rows", s.rows)
	}
	// Record the maintenance it caused.
	act(t, ui, func() { s.onEdit(*c) })
	act(t, ui, func() { s.form.onRecord() })
	rf := s.form.Record
	if rf == nil {
		t.Fatal("no maintenance form")
	}
	o := rf.Options()
	if o.Asset == nil || o.Asset.ID != lamp.ID || o.Prefill == nil || o.Prefill.CaseNo != "CG-T-1" || o.Prefill.Date != "2020-06-02" || o.Prefill.WorkType != "维修" {
		t.Fatalf("prefilled %+v %+v", o.Asset, o.Prefill)
	}
	act(t, ui, func() { rf.SetCost("350") })
	act(t, ui, func() { rf.Save() })
	if p := rf.Problem(); p != "" {
		t.Fatal(p)
	}
	recs, err := store.FindRecords(context.Background(), domain.RecordFilter{AssetID: lamp.ID})
	if err != nil || len(recs) != 1 || recs[0].CaseNo != "CG-T-1" || recs[0].Date != "2020-06-02" || recs[0].WorkType != "维修" {
		t.Fatalf("records %+v %v", recs, err)
	}
	// The asset's detail lists its cases.
	var d *registers.AssetDetail
	act(t, ui, func() { d = registers.ShowAssetDetail(ui.Env(), lamp.ID) })
	if cs := d.Cases(); len(cs) != 1 || cs[0].No != "CG-T-1" {
		t.Fatalf("the lamp's cases: %+v", cs)
	}
}

// Linking: the screen proposes the nearest lamp for a case with only a location; the
// person confirms; the case is linked and the proposal is gone.
func TestLinkDialogConfirms(t *testing.T) {
	store := guitest.TempStore(t)
	guitest.SeedUnits(t, store)
	at := orb.Point{101.7, 26.58}
	lamp := lampAt(t, store, "LD-1", orb.Point{at[0] + 10/99600.0, at[1]}) // ~10 m east
	lampAt(t, store, "LD-2", orb.Point{at[0] + 300/99600.0, at[1]})
	ctx := context.Background()
	for i, p := range []orb.Point{at, {at[0] + 5000/99600.0, at[1]}} {
		p := p
		c := domain.Case{No: "CG-L-" + strconv.Itoa(i), Source: domain.SourceCityPlatform, Category: domain.CategoryComponent,
			ClassCode: "0118", Location: &p, ReportedAt: time.Date(2020, 7, 1, 8, 0, 0, 0, time.UTC)}
		if err := store.SaveCase(ctx, &c); err != nil {
			t.Fatal(err)
		}
	}
	ui := newTestApp(t, store, i18n.EN)
	act(t, ui, func() { ui.Show(RouteID) })
	s := ui.Screen(RouteID).(*screen)
	act(t, ui, func() { s.year.SetSelected("2020") })
	act(t, ui, func() { s.onLink() })
	if s.link == nil || len(s.link.props) != 1 || s.link.props[0].CaseNo != "CG-L-0" {
		t.Fatalf("proposals %+v", s.link)
	}
	links := s.link.Links()
	if len(links) != 1 || links[0].AssetID != lamp.ID {
		t.Fatalf("ticked %+v", links)
	}
	act(t, ui, func() { s.link.confirm() })
	c, _ := store.GetCaseByNo(ctx, "CG-L-0")
	if c.AssetID != lamp.ID || c.Link != domain.LinkNearest {
		t.Fatalf("after confirming: %+v", c)
	}
	if msg := ui.Env().LastMessage(); !strings.Contains(msg, "1 cases linked") {
		t.Fatalf("message %q", msg)
	}
	props, _ := store.ProposeCaseLinks(ctx, 2020, nil)
	if len(props) != 0 {
		t.Fatalf("left %+v", props)
	}
}
