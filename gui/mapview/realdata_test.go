package mapview

import (
	"context"
	"reflect"
	"testing"

	"fyne.io/fyne/v2/test"
	"github.com/paulmach/orb"

	"cityledger/domain"
	"cityledger/domain/exchange"
	"cityledger/domain/i18n"
	"cityledger/domain/testdata"
	"cityledger/gui/guitest"
)

// TestZurichLampsOnTheMap imports the 42,270 Zürich street lamps (Swiss LV95) and
// checks the map's extent is the city's and that a click finds a lamp by its position.
func TestZurichLampsOnTheMap(t *testing.T) {
	path := testdata.Path(t, "streetlights-zurich/zurich_oeffentliche_beleuchtung_ewz_brennstelle_p.csv")
	ctx := context.Background()
	store := guitest.TempStore(t)
	if _, err := store.Import(ctx, &domain.Batch{Units: []domain.Unit{{Name: "Stadt Zürich ewz", ShortName: "ewz"}}}); err != nil {
		t.Fatal(err)
	}
	tab, err := exchange.ReadFile(path, exchange.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	lamps, _ := exchange.LayoutOf(domain.BuiltinCatalogue(), exchange.Lamps)
	o, err := exchange.ParseOptions(lamps, []string{"code=nisnr"}, []string{"type=通电路灯", "unit=ewz"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	o.CRS = "EPSG:2056"
	if _, _, err := exchange.Import(ctx, store, lamps, tab, o); err != nil {
		t.Fatal(domain.Message(i18n.EN, err))
	}

	ui, s := openMap(t, store)
	if n := s.data.layers[layerOf(domain.Lamps)].n(); n != 42270 {
		t.Fatalf("%d lamps on the map", n)
	}
	sw, ne := LonLat(s.data.extent.Min), LonLat(s.data.extent.Max)
	if sw[0] < 8.44 || sw[0] > 8.48 || ne[0] < 8.59 || ne[0] > 8.62 || sw[1] < 47.31 || sw[1] > 47.33 || ne[1] < 47.42 || ne[1] > 47.44 {
		t.Fatalf("extent %v – %v, want about 8.46–8.61°E, 47.32–47.43°N", sw, ne)
	}
	// Zoom to street level around one lamp and click it.
	a, err := store.GetAssetByCode(ctx, domain.Lamps, "LEU118741")
	if err != nil {
		t.Fatal(err)
	}
	p := a.Geometry.(orb.Point)
	guitest.Act(t, ui, func() {
		s.mw.setView(View{CX: Mercator(p)[0], CY: Mercator(p)[1], Res: 0.2, W: s.mw.view.W, H: s.mw.view.H})
	})
	guitest.Act(t, ui, func() { test.TapAt(s.mw, screenPos(s, p)) })
	if got := s.Selected(); !reflect.DeepEqual(got, []int64{a.ID}) {
		t.Fatalf("selected %v, want lamp %d", got, a.ID)
	}
	guitest.Act(t, ui, s.detail.Hide)
}
