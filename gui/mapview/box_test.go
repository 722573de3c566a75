package mapview

import (
	"testing"

	"fyne.io/fyne/v2"
	"github.com/paulmach/orb"

	"cityledger/domain"
)

// A box selects as QGIS's "select features by rectangle" does: what intersects the box
// (points inside; a line or polygon with any part in it), never what only has its
// bounding box over it: an L-shaped road around the box is not selected.
func TestBoxSelectsGeometryNotBoundingBoxes(t *testing.T) {
	defs := layerClasses(domain.BuiltinCatalogue())
	roadAround := orb.LineString{{101.0, 26.0}, {101.0, 26.1}, {101.1, 26.1}} // west and north edges
	roadThrough := orb.LineString{{101.02, 26.05}, {101.08, 26.05}}
	lampInside := orb.Point{101.05, 26.04}
	lampOutside := orb.Point{101.2, 26.04}
	var fs []domain.Feature
	for i, g := range []orb.Geometry{roadAround, roadThrough} {
		fs = append(fs, domain.Feature{ID: int64(i + 1), Class: domain.Roads, Code: "R", Kind: "主干路", Status: domain.StatusInUse, Geometry: g})
	}
	fs = append(fs, domain.Feature{ID: 3, Class: domain.Lamps, Code: "L1", Kind: "通电路灯", Status: domain.StatusInUse, Geometry: lampInside},
		domain.Feature{ID: 4, Class: domain.Lamps, Code: "L2", Kind: "通电路灯", Status: domain.StatusInUse, Geometry: lampOutside})
	d := newMapData(defs, fs, nil, 2024)
	var visible [nLayers]bool
	for i := range visible {
		visible[i] = true
	}
	box := orb.Bound{Min: Mercator(orb.Point{101.03, 26.02}), Max: Mercator(orb.Point{101.07, 26.07})}
	got := map[int64]bool{}
	for _, r := range d.inBox(box, visible) {
		got[d.layerOf(r).ids[r.i]] = true
	}
	if !got[2] || !got[3] || got[1] || got[4] || len(got) != 2 {
		t.Fatalf("selected %v, want the road through the box (2) and the lamp inside (3)", got)
	}
}

// The box is drawn while the pointer drags, and goes when the drag ends.
func TestBoxIsDrawnWhileDragging(t *testing.T) {
	d := newDistrict(t)
	ui, s := openMap(t, d.store)
	m := s.mw
	ui.Drive(func() {
		s.SetBoxMode(true)
		m.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(110, 90)}, Dragged: fyne.NewDelta(10, 10)})
		m.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(200, 160)}, Dragged: fyne.NewDelta(90, 70)})
	})
	if !m.band.Visible() || m.band.Size().Width != 100 || m.band.Size().Height != 80 || m.band.Position() != fyne.NewPos(100, 80) {
		t.Fatalf("while dragging the band is visible %v at %v size %v, want at (100,80) size 100×80", m.band.Visible(), m.band.Position(), m.band.Size())
	}
	ui.Drive(m.DragEnd)
	if m.band.Visible() {
		t.Fatal("the band stayed after the drag")
	}
}
