package mapview

import (
	"image"
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"
)

// mapWidget is the drawing surface: a stack of images (background, one per layer, the
// selection) rendered for one view, and the input that moves the view. While the view
// changes the images are only moved and scaled, which costs the UI nothing; the screen
// re-renders them in the background and swaps them in.
type mapWidget struct {
	widget.BaseWidget
	s *Screen

	bg     *canvas.Rectangle
	base   *canvas.Image
	layers [nLayers]*canvas.Image
	cases  *canvas.Image
	sel    *canvas.Image
	band   *canvas.Rectangle

	view  View // what the map shows now (device pixels)
	shown View // what the images were rendered for
	scale float64

	// A drag pans, or draws a selection box when boxMode is on or shift was held.
	dragging  bool
	boxDrag   bool
	dragStart fyne.Position
	lastDrag  fyne.Position
	shiftDown bool
	pointer   fyne.Position
	pointerIn bool
}

var _ fyne.Draggable = (*mapWidget)(nil)
var _ fyne.Scrollable = (*mapWidget)(nil)
var _ fyne.Tappable = (*mapWidget)(nil)
var _ desktop.Hoverable = (*mapWidget)(nil)
var _ desktop.Mouseable = (*mapWidget)(nil)

var backgroundColour = color.NRGBA{0xf2, 0xef, 0xe9, 0xff}

func newMapWidget(s *Screen) *mapWidget {
	m := &mapWidget{s: s, scale: 1}
	m.bg = canvas.NewRectangle(backgroundColour)
	newImage := func() *canvas.Image {
		img := canvas.NewImageFromImage(nil)
		img.FillMode = canvas.ImageFillStretch
		img.ScaleMode = canvas.ImageScaleFastest
		img.Hide()
		return img
	}
	m.base = newImage()
	for i := range m.layers {
		m.layers[i] = newImage()
	}
	m.cases = newImage()
	m.sel = newImage()
	m.band = canvas.NewRectangle(color.NRGBA{0x00, 0xb8, 0xd4, 0x30})
	m.band.StrokeColor = selectColour
	m.band.StrokeWidth = 1.5
	m.band.Hide()
	m.ExtendBaseWidget(m)
	return m
}

func (m *mapWidget) CreateRenderer() fyne.WidgetRenderer {
	objs := []fyne.CanvasObject{m.bg, m.base}
	for _, l := range m.layers {
		objs = append(objs, l)
	}
	objs = append(objs, m.cases, m.sel, m.band)
	return &mapRenderer{m: m, objects: objs}
}

type mapRenderer struct {
	m       *mapWidget
	objects []fyne.CanvasObject
}

func (r *mapRenderer) Layout(size fyne.Size) {
	r.m.bg.Resize(size)
	r.m.resized(size)
	r.m.placeImages()
}

func (r *mapRenderer) MinSize() fyne.Size           { return fyne.NewSize(200, 150) }
func (r *mapRenderer) Refresh()                     { r.m.placeImages(); canvas.Refresh(r.m) }
func (r *mapRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *mapRenderer) Destroy()                     {}

// deviceScale is the canvas's pixels per Fyne unit (1 until the widget is on a canvas).
func (m *mapWidget) deviceScale() float64 {
	if c := fyne.CurrentApp().Driver().CanvasForObject(m); c != nil && c.Scale() > 0 {
		return float64(c.Scale())
	}
	return 1
}

// resized keeps the view's centre and resolution when the widget's size changes.
func (m *mapWidget) resized(size fyne.Size) {
	m.scale = m.deviceScale()
	w, h := int(math.Round(float64(size.Width)*m.scale)), int(math.Round(float64(size.Height)*m.scale))
	if w == m.view.W && h == m.view.H {
		return
	}
	m.view.W, m.view.H = w, h
	m.s.viewChanged(true)
}

// placeImages puts the rendered images where their view lies in the current one.
func (m *mapWidget) placeImages() {
	if !m.shown.Valid() || !m.view.Valid() {
		return
	}
	k := m.shown.Res / m.view.Res
	x, y := m.view.ToScreen(m.shown.ToWorld(0, 0))
	pos := fyne.NewPos(float32(x/m.scale), float32(y/m.scale))
	size := fyne.NewSize(float32(float64(m.shown.W)*k/m.scale), float32(float64(m.shown.H)*k/m.scale))
	for _, img := range append(m.layers[:], m.cases, m.sel, m.base) {
		img.Move(pos)
		img.Resize(size)
	}
}

// show swaps in a finished render (UI goroutine).
func (m *mapWidget) show(f *frame) {
	m.shown = f.view
	set := func(ci *canvas.Image, img *image.RGBA) {
		if img == nil {
			ci.Hide()
			ci.Image = nil
			return
		}
		ci.Image = img
		ci.Show()
		ci.Refresh()
	}
	for i := range m.layers {
		set(m.layers[i], f.layers[i])
	}
	set(m.cases, f.cases)
	set(m.sel, f.sel)
	m.placeImages()
}

// showBase swaps in a background image rendered for view v; nil removes it.
func (m *mapWidget) showBase(img *image.RGBA) {
	if img == nil {
		m.base.Hide()
		m.base.Image = nil
		return
	}
	m.base.Image = img
	m.base.Show()
	m.base.Refresh()
}

// toPixels converts a position in the widget to device pixels.
func (m *mapWidget) toPixels(p fyne.Position) (float64, float64) {
	return float64(p.X) * m.scale, float64(p.Y) * m.scale
}

// World is the Web Mercator point under widget position p.
func (m *mapWidget) world(p fyne.Position) orb.Point {
	x, y := m.toPixels(p)
	return m.view.ToWorld(x, y)
}

func (m *mapWidget) setView(v View) {
	m.view = v
	m.placeImages()
	m.s.viewChanged(false)
}

func (m *mapWidget) MouseDown(ev *desktop.MouseEvent) {
	m.shiftDown = ev.Modifier&fyne.KeyModifierShift != 0
}

func (m *mapWidget) MouseUp(*desktop.MouseEvent) {}

func (m *mapWidget) Dragged(ev *fyne.DragEvent) {
	if !m.dragging {
		m.dragging = true
		m.boxDrag = m.s.boxMode || m.shiftDown
		m.dragStart = ev.Position.Subtract(ev.Dragged)
	}
	if m.boxDrag {
		minX, minY := math.Min(float64(m.dragStart.X), float64(ev.Position.X)), math.Min(float64(m.dragStart.Y), float64(ev.Position.Y))
		m.band.Move(fyne.NewPos(float32(minX), float32(minY)))
		m.band.Resize(fyne.NewSize(float32(math.Abs(float64(ev.Position.X-m.dragStart.X))), float32(math.Abs(float64(ev.Position.Y-m.dragStart.Y)))))
		m.band.Show()
		m.band.Refresh()
		m.lastDrag = ev.Position
		return
	}
	dx, dy := m.toPixels(fyne.NewPos(ev.Dragged.DX, ev.Dragged.DY))
	m.setView(m.view.Pan(dx, dy))
}

func (m *mapWidget) DragEnd() {
	if m.dragging && m.boxDrag {
		m.band.Hide()
		a, b := m.world(m.dragStart), m.world(m.lastDrag)
		m.s.selectBox(orb.Bound{Min: orb.Point{math.Min(a[0], b[0]), math.Min(a[1], b[1])},
			Max: orb.Point{math.Max(a[0], b[0]), math.Max(a[1], b[1])}})
	}
	m.dragging, m.boxDrag, m.shiftDown = false, false, false
}

func (m *mapWidget) Scrolled(ev *fyne.ScrollEvent) {
	// Fyne's desktop driver reports one wheel notch as 10 units: a notch zooms by √2.
	factor := math.Pow(2, float64(ev.Scrolled.DY)/20)
	x, y := m.toPixels(ev.Position)
	m.setView(m.view.Zoom(factor, x, y))
}

func (m *mapWidget) Tapped(ev *fyne.PointEvent) {
	x, y := m.toPixels(ev.Position)
	m.s.pickAt(x, y)
}

func (m *mapWidget) MouseIn(ev *desktop.MouseEvent) { m.MouseMoved(ev) }

func (m *mapWidget) MouseMoved(ev *desktop.MouseEvent) {
	m.pointer, m.pointerIn = ev.Position, true
	m.s.pointerAt(LonLat(m.world(ev.Position)), true)
}

func (m *mapWidget) MouseOut() {
	m.pointerIn = false
	m.s.pointerAt(orb.Point{}, false)
}
