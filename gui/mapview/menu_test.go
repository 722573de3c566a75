package mapview

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"
	"github.com/paulmach/orb"

	"cityledger/domain"
	"cityledger/domain/i18n"
	"cityledger/gui"
	"cityledger/gui/guitest"
	"cityledger/gui/registers"
)

// A right click on a feature selects it and offers the asset's menu.
func TestRightClickOnAFeatureOffersItsMenu(t *testing.T) {
	d := newDistrict(t)
	ui, s := openMap(t, d.store)
	target := d.lamps[2][3]
	guitest.Act(t, ui, func() { test.TapSecondaryAt(s.mw, screenPos(s, target.Geometry.(orb.Point))) })
	if got := s.Selected(); len(got) != 1 || got[0] != target.ID {
		t.Fatalf("selected %v, want %d", got, target.ID)
	}
	if s.menu == nil {
		t.Fatal("no menu")
	}
	var labels []string
	for _, it := range s.menu.Items {
		labels = append(labels, it.Label)
	}
	for _, want := range []string{"打开", "编辑", "在地图上显示", "录入养护", "报废处置", "复制编号"} {
		if !slices.Contains(labels, want) {
			t.Errorf("menu %q lacks %q", labels, want)
		}
	}
	// Copy code puts the code on the clipboard.
	guitest.Act(t, ui, func() { s.menu.Items[len(s.menu.Items)-1].Action() })
	if got := ui.Env().App.Clipboard().Content(); got != target.Code {
		t.Fatalf("clipboard %q, want %q", got, target.Code)
	}
}

// "Show on map" from a register's row menu switches to the map, centred on the asset
// and with it selected (highlighted); the map's search box finds a code.
func TestShowOnMapFromARegisterAndSearchByCode(t *testing.T) {
	d := newDistrict(t)
	routes := append(registers.Routes(domain.BuiltinCatalogue()), Route())
	ui := guitest.NewApp(t, d.store, i18n.ZH, gui.Options{Routes: guitest.Routes(routes...), Start: gui.ClassRouteID(domain.Lamps)})
	target := d.lamps[3][4]
	guitest.Act(t, ui, func() { ui.Env().ShowOnMap(target.ID) })
	guitest.WaitIdle(t, ui)
	if ui.Current() != RouteID {
		t.Fatalf("showing %s, want the map", ui.Current())
	}
	s := ui.Screen(RouteID).(*Screen)
	if got := s.Selected(); len(got) != 1 || got[0] != target.ID {
		t.Fatalf("selected %v, want %d", got, target.ID)
	}
	c := s.mw.view
	mid := LonLat(c.ToWorld(float64(c.W)/2, float64(c.H)/2))
	p := target.Geometry.(orb.Point)
	if abs(mid[0]-p[0]) > 1e-4 || abs(mid[1]-p[1]) > 1e-4 {
		t.Fatalf("the map is centred on %v, want %v", mid, p)
	}
	other := d.lamps[0][1]
	guitest.Act(t, ui, func() { s.codeSearch.SetText(other.Code); s.codeSearch.OnSubmitted(other.Code) })
	guitest.WaitIdle(t, ui)
	if got := s.Selected(); len(got) != 1 || got[0] != other.ID {
		t.Fatalf("search by code selected %v, want %d", got, other.ID)
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}
