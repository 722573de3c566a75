package mapview

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/paulmach/orb"

	"cityledger/domain"
	"cityledger/domain/i18n"
	"cityledger/domain/storage"
	"cityledger/gui"
	"cityledger/gui/guitest"
)

func TestMercatorRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		ll   orb.Point
		want orb.Point // Web Mercator metres, when known
	}{
		{"origin", orb.Point{0, 0}, orb.Point{0, 0}},
		{"antimeridian", orb.Point{180, 0}, orb.Point{20037508.342789244, 0}},
		{"edge of the square world", orb.Point{0, maxLat}, orb.Point{0, 20037508.342789244}},
		{"Zürich", orb.Point{8.54326, 47.43218}, orb.Point{}},
		{"Panzhihua", orb.Point{101.6, 26.6}, orb.Point{}},
		{"Nanaimo", orb.Point{-123.94, 49.17}, orb.Point{}},
		{"south", orb.Point{-70.1, -53.2}, orb.Point{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := Mercator(tc.ll)
			if tc.want != (orb.Point{}) || tc.name == "origin" {
				if math.Abs(m[0]-tc.want[0]) > 1e-3 || math.Abs(m[1]-tc.want[1]) > 1e-3 {
					t.Fatalf("Mercator(%v) = %v, want %v", tc.ll, m, tc.want)
				}
			}
			back := LonLat(m)
			if math.Abs(back[0]-tc.ll[0]) > 1e-9 || math.Abs(back[1]-tc.ll[1]) > 1e-9 {
				t.Fatalf("LonLat(Mercator(%v)) = %v", tc.ll, back)
			}
			// Through the screen of a street-level and a city-level view.
			for _, v := range []View{{CX: m[0] + 300, CY: m[1] - 200, Res: 0.3, W: 1600, H: 1000},
				{CX: m[0] - 5000, CY: m[1] + 800, Res: 12.5, W: 1361, H: 777}} {
				x, y := v.ToScreen(m)
				ll := LonLat(v.ToWorld(x, y))
				if math.Abs(ll[0]-tc.ll[0]) > 1e-9 || math.Abs(ll[1]-tc.ll[1]) > 1e-9 {
					t.Fatalf("screen round trip of %v through %+v: %v", tc.ll, v, ll)
				}
			}
		})
	}
}

func TestViewZoomKeepsTheAnchorAndPanMovesContent(t *testing.T) {
	v := View{CX: 1000, CY: 2000, Res: 2, W: 800, H: 600}
	anchor := v.ToWorld(123, 456)
	z := v.Zoom(2, 123, 456)
	if z.Res != 1 {
		t.Fatalf("res %v", z.Res)
	}
	if x, y := z.ToScreen(anchor); math.Abs(x-123) > 1e-9 || math.Abs(y-456) > 1e-9 {
		t.Fatalf("anchor moved to %v,%v", x, y)
	}
	p := v.Pan(10, -20)
	x0, y0 := v.ToScreen(orb.Point{1500, 1500})
	x1, y1 := p.ToScreen(orb.Point{1500, 1500})
	if x1-x0 != 10 || y1-y0 != -20 {
		t.Fatalf("pan moved content by %v,%v", x1-x0, y1-y0)
	}
	f := Fit(orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{1000, 500}}, 120, 70, 10)
	if f.Res != 10 || f.CX != 500 || f.CY != 250 {
		t.Fatalf("fit %+v", f)
	}
}

func TestNiceDistance(t *testing.T) {
	for in, want := range map[float64]float64{0.7: 0.5, 1: 1, 3.3: 2, 7: 5, 180: 100, 260: 200, 999: 500, 1234: 1000} {
		if got := niceDistance(in); got != want {
			t.Errorf("niceDistance(%v) = %v, want %v", in, got, want)
		}
	}
}

func TestRTreeFindsWhatOverlaps(t *testing.T) {
	var boxes []orb.Bound
	for i := 0; i < 1000; i++ {
		x, y := float64(i%40)*10, float64(i/40)*10
		boxes = append(boxes, orb.Bound{Min: orb.Point{x, y}, Max: orb.Point{x + 5, y + 5}})
	}
	rt := newRTree(boxes)
	q := orb.Bound{Min: orb.Point{12, 12}, Max: orb.Point{33, 24}}
	var got, want []int
	rt.search(q, func(i int32) bool { got = append(got, int(i)); return true })
	for i, b := range boxes {
		if b.Intersects(q) {
			want = append(want, i)
		}
	}
	sort.Ints(got)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

// district is a small register on a temp SQLite database: a 5×4 grid of lamps 0.001°
// apart and a pipe east of them.
type district struct {
	store *storage.DB
	lamps [][]domain.Asset // [row][col]
	pipe  domain.Asset
}

const lon0, lat0, step = 101.6000, 26.6000, 0.001

func newDistrict(t *testing.T) *district {
	t.Helper()
	ctx := context.Background()
	s := guitest.TempStore(t)
	u := domain.Unit{Name: "攀枝花市西区综合行政执法局", ShortName: "局机关"}
	if err := s.SaveUnit(ctx, &u); err != nil {
		t.Fatal(err)
	}
	d := &district{store: s}
	for r := 0; r < 4; r++ {
		var row []domain.Asset
		for c := 0; c < 5; c++ {
			a := domain.Asset{Class: domain.Lamps, Code: "LD-" + string(rune('A'+r)) + string(rune('1'+c)), UnitID: u.ID,
				Kind: "通电路灯", Road: "清香坪街", Geometry: orb.Point{lon0 + float64(c)*step, lat0 + float64(r)*step}}
			if err := s.SaveAsset(ctx, &a); err != nil {
				t.Fatal(err)
			}
			row = append(row, a)
		}
		d.lamps = append(d.lamps, row)
	}
	d.pipe = domain.Asset{Class: domain.SewerPipes, Code: "GD-1", UnitID: u.ID, Kind: "雨水",
		Geometry: orb.LineString{{lon0 + 0.006, lat0}, {lon0 + 0.006, lat0 + 0.003}}}
	if err := s.SaveAsset(ctx, &d.pipe); err != nil {
		t.Fatal(err)
	}
	return d
}

// openMap shows the map screen on the test driver and waits for its first render.
func openMap(t *testing.T, store domain.Store) (*gui.App, *Screen) {
	t.Helper()
	ui := guitest.NewApp(t, store, i18n.ZH, gui.Options{Routes: guitest.Routes(Route()), Start: RouteID})
	s := ui.Screen(RouteID).(*Screen)
	if s.data == nil || !s.mw.view.Valid() || s.rendered == 0 {
		t.Fatalf("map not ready: data %v, view %+v, renders %d", s.data != nil, s.mw.view, s.rendered)
	}
	return ui, s
}

// screenPos is where a WGS84 point lies on the map widget, in Fyne units.
func screenPos(s *Screen, ll orb.Point) fyne.Position {
	x, y := s.mw.view.ToScreen(Mercator(ll))
	return fyne.NewPos(float32(x/s.mw.scale), float32(y/s.mw.scale))
}

func TestClickAtALampSelectsAndOpensIt(t *testing.T) {
	d := newDistrict(t)
	ui, s := openMap(t, d.store)
	for _, target := range []domain.Asset{d.lamps[0][0], d.lamps[2][3], d.lamps[3][4]} {
		guitest.Act(t, ui, func() { test.TapAt(s.mw, screenPos(s, target.Geometry.(orb.Point))) })
		if got := s.Selected(); !reflect.DeepEqual(got, []int64{target.ID}) {
			t.Fatalf("clicked %s: selected %v, want [%d]", target.Code, got, target.ID)
		}
		if s.detail == nil || s.detail.Asset() == nil || s.detail.Asset().ID != target.ID {
			t.Fatalf("clicked %s: the detail shows %+v", target.Code, s.detail.Asset())
		}
		guitest.Act(t, ui, s.detail.Hide)
	}
	// Half-way between two lamps is nothing: the selection clears.
	guitest.Act(t, ui, func() { test.TapAt(s.mw, screenPos(s, orb.Point{lon0 + step/2, lat0 + step/2})) })
	if got := s.Selected(); len(got) != 0 {
		t.Fatalf("selected %v on empty ground", got)
	}
	// A click on the pipe picks the pipe.
	guitest.Act(t, ui, func() { test.TapAt(s.mw, screenPos(s, orb.Point{lon0 + 0.006, lat0 + 0.0015})) })
	if got := s.Selected(); !reflect.DeepEqual(got, []int64{d.pipe.ID}) {
		t.Fatalf("clicked the pipe: selected %v, want [%d]", got, d.pipe.ID)
	}
	guitest.Act(t, ui, s.detail.Hide)
}

// boxDrag drags a selection box between two WGS84 corners the way the driver reports
// a drag: the event's position is where the pointer is now, Dragged how far it came.
func boxDrag(t *testing.T, ui *gui.App, s *Screen, from, to orb.Point) {
	t.Helper()
	a, b := screenPos(s, from), screenPos(s, to)
	abs := fyne.CurrentApp().Driver().AbsolutePositionForObject(s.mw)
	guitest.Act(t, ui, func() { test.Drag(ui.Window().Canvas(), abs.Add(b), b.X-a.X, b.Y-a.Y) })
}

func TestBoxSelectsExactlyTheLampsInside(t *testing.T) {
	d := newDistrict(t)
	ui, s := openMap(t, d.store)
	guitest.Act(t, ui, func() { s.SetBoxMode(true) })
	// Rows 1–2, columns 1–3: edges half-way between grid lines.
	boxDrag(t, ui, s, orb.Point{lon0 + 0.5*step, lat0 + 0.5*step}, orb.Point{lon0 + 3.5*step, lat0 + 2.5*step})
	var want []int64
	for r := 1; r <= 2; r++ {
		for c := 1; c <= 3; c++ {
			want = append(want, d.lamps[r][c].ID)
		}
	}
	sort.Slice(want, func(i, j int) bool { return want[i] < want[j] })
	if got := s.Selected(); !reflect.DeepEqual(got, want) {
		t.Fatalf("selected %v, want %v", got, want)
	}
	if !strings.Contains(s.selInfo.Text, "6") {
		t.Fatalf("selection line %q", s.selInfo.Text)
	}
	// Dragged the other way round, the box is the same.
	boxDrag(t, ui, s, orb.Point{lon0 + 3.5*step, lat0 + 2.5*step}, orb.Point{lon0 + 0.5*step, lat0 + 0.5*step})
	if got := s.Selected(); !reflect.DeepEqual(got, want) {
		t.Fatalf("reversed box selected %v, want %v", got, want)
	}
	// A hidden layer is not selected.
	guitest.Act(t, ui, func() { s.SetLayerVisible(domain.Lamps, false) })
	boxDrag(t, ui, s, orb.Point{lon0 + 0.5*step, lat0 + 0.5*step}, orb.Point{lon0 + 0.0061, lat0 + 0.002})
	if got := s.Selected(); !reflect.DeepEqual(got, []int64{d.pipe.ID}) {
		t.Fatalf("with lamps hidden selected %v, want the pipe %d", got, d.pipe.ID)
	}
}

func TestBulkMaintenanceForTheSelection(t *testing.T) {
	d := newDistrict(t)
	ui, s := openMap(t, d.store)
	var picked int
	guitest.Act(t, ui, func() { picked = s.SelectWithin(lon0-0.0005, lat0-0.0005, lon0+0.0015, lat0+0.0005) })
	if picked != 2 {
		t.Fatalf("selected %d lamps, want 2", picked)
	}
	guitest.Act(t, ui, s.onRecord)
	f := s.recordForm
	guitest.Act(t, ui, func() { f.date.SetText("2024-05-06") }) // the date's year loads its projects
	guitest.Act(t, ui, func() {
		f.workType.SetSelectedIndex(indexOf(domain.WorkTypes, "更换"))
		f.quantity.SetText("1")
		f.cost.SetText("")
		f.onSave()
	})
	if !f.problem.Visible() {
		t.Fatal("a form without cost was accepted")
	}
	guitest.Act(t, ui, func() {
		f.cost.SetText("125.50")
		f.onSave()
	})
	if s.saved != 2 {
		t.Fatalf("saved %d records, want 2", s.saved)
	}
	n, cost, err := d.store.CountRecords(context.Background(), domain.RecordFilter{Year: 2024, AssetClass: domain.Lamps})
	if err != nil || n != 2 || cost != 25100 {
		t.Fatalf("records: %d, %v fen, %v", n, cost, err)
	}
	recs, _ := d.store.FindRecords(context.Background(), domain.RecordFilter{AssetID: d.lamps[0][1].ID})
	if len(recs) != 1 || recs[0].WorkType != "更换" || recs[0].QuantityUnit != "盏" || recs[0].Quantity != 1 {
		t.Fatalf("record %+v", recs)
	}
}

func TestExportSelection(t *testing.T) {
	d := newDistrict(t)
	ui, s := openMap(t, d.store)
	guitest.Act(t, ui, func() { s.SelectWithin(lon0-0.0005, lat0-0.0005, lon0+0.0065, lat0+0.0005) }) // two lamps of row 0… five, and the pipe
	classes, by := s.selectedByClass()
	if len(by[domain.Lamps]) != 5 || len(by[domain.SewerPipes]) != 1 {
		t.Fatalf("selection %v", by)
	}
	dir := t.TempDir()
	out, err := exportSelection(context.Background(), d.store, filepath.Join(dir, "sel"), classes, by)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 2 || out[0].n != 5 || out[1].n != 1 || !strings.HasSuffix(out[0].path, "sel-lamps.geojson") {
		t.Fatalf("exported %+v", out)
	}
	b, err := os.ReadFile(out[0].path)
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Features []struct {
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, f := range fc.Features {
		codes = append(codes, f.Properties["code"].(string))
	}
	if want := []string{"LD-A1", "LD-A2", "LD-A3", "LD-A4", "LD-A5"}; !reflect.DeepEqual(codes, want) {
		t.Fatalf("codes %v, want %v", codes, want)
	}
	only := map[domain.Class][]int64{domain.Lamps: {d.lamps[3][0].ID}}
	out, err = exportSelection(context.Background(), d.store, filepath.Join(dir, "one.csv"), []domain.Class{domain.Lamps}, only)
	if err != nil {
		t.Fatal(err)
	}
	csv, _ := os.ReadFile(out[0].path)
	if lines := strings.Split(strings.TrimSpace(string(csv)), "\n"); len(lines) != 2 || !strings.Contains(lines[1], "LD-D1") {
		t.Fatalf("csv %q", csv)
	}
}

func TestModesColourAndLegend(t *testing.T) {
	d := newDistrict(t)
	ctx := context.Background()
	for i, a := range []domain.Asset{d.lamps[0][0], d.lamps[0][1], d.lamps[1][0]} {
		r := domain.Record{Date: domain.Date("2026-03-0" + string(rune('1'+i))), AssetClass: domain.Lamps, AssetID: a.ID,
			WorkType: "维修", Cost: domain.Fen(1000 * (i + 1))}
		if err := d.store.SaveRecord(ctx, &r); err != nil {
			t.Fatal(err)
		}
	}
	ui, s := openMap(t, d.store)
	guitest.Act(t, ui, func() { s.SetMode(ByCost) })
	li := layerOf(domain.Lamps)
	l := s.data.layers[li]
	got := map[int64]uint8{}
	for i, id := range l.ids {
		got[id] = s.colours[li][i]
	}
	if got[d.lamps[3][3].ID] != 0 || got[d.lamps[0][0].ID] == 0 || got[d.lamps[1][0].ID] <= got[d.lamps[0][0].ID] {
		t.Fatalf("cost classes %v (breaks %v)", got, s.sym.breaks)
	}
	if len(s.sharedLegend.Objects) < 3 {
		t.Fatalf("legend has %d lines", len(s.sharedLegend.Objects))
	}
	guitest.Act(t, ui, func() { s.SetMode(ByStatus) })
	if s.colours[li][0] != 0 {
		t.Fatalf("在用 lamp coloured %d", s.colours[li][0])
	}
}

// testLayers are the layers of the built-in catalogue.
func testLayers() []*domain.ClassDef { return layerClasses(domain.BuiltinCatalogue()) }

// layerOf is the index of class c's layer among testLayers.
func layerOf(c domain.Class) int {
	for i, d := range testLayers() {
		if d.Key == c {
			return i
		}
	}
	return -1
}

// Every class of the catalogue that has a geometry is a layer: covers coloured by their
// coded types, a user's own class in one colour, each named in the legend; classes
// without assets on the map stay out of the layer list.
func TestNationalAndUserClassesAreLayers(t *testing.T) {
	d := newDistrict(t)
	ctx := context.Background()
	u, _ := d.store.ListUnits(ctx)
	if _, err := d.store.AddClass(ctx, domain.ClassDef{Key: "kiosks", Name: domain.Label{ZH: "报刊亭", EN: "Kiosks"}, Geometry: domain.GeometryPoint}); err != nil {
		t.Fatal(err)
	}
	for _, a := range []domain.Asset{
		{Class: "manhole-covers", Code: "JG-1", UnitID: u[0].ID, Kind: "无主井盖", Geometry: orb.Point{lon0 + step/2, lat0}},
		{Class: "manhole-covers", Code: "JG-2", UnitID: u[0].ID, Kind: "污水井盖", Geometry: orb.Point{lon0 + step/2, lat0 + step}},
		{Class: "kiosks", Code: "K-1", UnitID: u[0].ID, Geometry: orb.Point{lon0 + step/2, lat0 + 2*step}},
	} {
		a := a
		if err := d.store.SaveAsset(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
	ui, s := openMap(t, d.store)
	covers, kiosks := s.layerIndex("manhole-covers"), s.layerIndex("kiosks")
	if covers < 0 || kiosks < 0 || s.data.layers[covers].n() != 2 || s.data.layers[kiosks].n() != 1 {
		t.Fatalf("layers: covers %d, kiosks %d", covers, kiosks)
	}
	if s.colours[covers][0] == s.colours[covers][1] {
		t.Error("two types of cover in one colour")
	}
	if !s.layerChecks[kiosks].Visible() || s.layerChecks[kiosks].Text != "报刊亭（1）" && !strings.Contains(s.layerChecks[kiosks].Text, "报刊亭") {
		t.Errorf("kiosks' layer check %q", s.layerChecks[kiosks].Text)
	}
	if bins := s.layerIndex("trash-bins"); s.layerChecks[bins].Visible() {
		t.Error("an empty class has a layer check")
	}
	if n := len(s.layerLegends[covers].Objects); n != 16 {
		t.Errorf("the covers' legend lists %d types, want 16", n)
	}
	if n := len(s.layerLegends[kiosks].Objects); n != 1 {
		t.Errorf("the kiosks' legend has %d lines", n)
	}
	guitest.Act(t, ui, func() { s.Select([]int64{s.data.layers[kiosks].ids[0]}) })
	if !strings.Contains(s.selInfo.Text, "报刊亭 1") {
		t.Errorf("selection %q", s.selInfo.Text)
	}
}
