// Package mapview is the map screen of the desktop app: every register with a geometry
// drawn on a Web Mercator map, layer toggles, a legend and three symbologies, and a
// selection (a click, or a box) that opens an asset, records maintenance for many
// assets at once or exports them. Layers are rasterized off the UI goroutine into
// cached images; the widget only moves those while the view changes.
package mapview

import (
	"context"
	"fmt"
	"image/color"
	"math"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"cityledger/domain"
	"cityledger/gui"
	"cityledger/gui/registers"
	"cityledger/gui/widgets"
)

// RouteID is the map's route in the navigation and its screenshot name.
const RouteID = "map"

// Route plugs the map into the desktop app (gui.Options.Routes).
func Route() gui.Route {
	return gui.Route{ID: RouteID, Title: "gui.nav.map", Icon: theme.GridIcon(),
		New: func(env *gui.Env) gui.Screen { return New(env) }}
}

// Screen is the map screen.
type Screen struct {
	env     *gui.Env
	content fyne.CanvasObject
	// defs are the layers' classes, bottom to top (layerClasses of the catalogue).
	defs []*domain.ClassDef
	mw   *mapWidget
	rend renderer

	data     *mapData
	visible  [nLayers]bool
	sym      symbology
	colours  [nLayers][]uint8
	style    int
	sel      []featRef
	selGen   int
	boxMode  bool
	needFit  bool
	loadGen  int
	base     *baseMap
	baseGen  int
	baseView View

	rendering, pending bool
	// rendered counts finished renders; detail, recordForm and saved are what the
	// last click and bulk entry did (tests read them).
	rendered   int
	detail     *registers.AssetDetail
	recordForm *recordForm
	saved      int

	layerChecks  [nLayers]*widget.Check
	layerLegends [nLayers]*fyne.Container
	// layerPads hold the legends with their indent, hidden with an empty layer's check
	// so that empty layers leave no gap.
	layerPads    [nLayers]*fyne.Container
	layerCounts  [nLayers]*widget.Label
	sharedLegend *fyne.Container
	modeSelect   *widget.Select
	boxButton    *widget.Button
	fitSelButton *widget.Button
	coords       *widget.Label
	scaleBar     *canvas.Rectangle
	scaleLabel   *widget.Label
	selInfo      *widget.Label
	selButtons   []*widget.Button
	baseButton   *widget.Button
	baseClear    *widget.Button
	codeSearch   *widget.Entry
	menu         *fyne.Menu // the last feature menu (tests)

	// locate is the asset a "show on map" waits to centre on (0: none).
	locate int64
}

// New builds the map screen; Refresh loads its data.
func New(env *gui.Env) *Screen {
	s := &Screen{env: env, needFit: true, defs: layerClasses(env.Catalogue())}
	for i := range s.visible {
		s.visible[i] = true
	}
	s.mw = newMapWidget(s)
	s.build()
	return s
}

// Content is the screen's widget tree.
func (s *Screen) Content() fyne.CanvasObject { return s.content }

func (s *Screen) build() {
	env := s.env
	modes := []string{env.T("map.mode.type"), env.T("map.mode.status"), env.T("map.mode.cost")}
	s.modeSelect = widget.NewSelect(modes, func(v string) {
		for i, m := range modes {
			if m == v {
				s.setMode(Mode(i))
			}
		}
	})
	s.modeSelect.SetSelectedIndex(0)
	zoomIn := widget.NewButtonWithIcon("", theme.ZoomInIcon(), func() { s.ZoomBy(2) })
	zoomOut := widget.NewButtonWithIcon("", theme.ZoomOutIcon(), func() { s.ZoomBy(0.5) })
	fitAll := widget.NewButtonWithIcon(env.T("map.fit_all"), theme.ZoomFitIcon(), s.FitAll)
	s.fitSelButton = widget.NewButtonWithIcon(env.T("map.fit_selection"), theme.ViewFullScreenIcon(), s.FitSelection)
	s.boxButton = widget.NewButtonWithIcon(env.T("map.box_select"), theme.CheckButtonIcon(), func() { s.SetBoxMode(!s.boxMode) })
	s.baseButton = widget.NewButtonWithIcon(env.T("map.base.open"), theme.FolderOpenIcon(), s.onOpenBase)
	s.baseClear = widget.NewButtonWithIcon("", theme.CancelIcon(), func() { s.setBase(nil) })
	s.baseClear.Hide()
	toolbar := container.NewHBox(zoomIn, zoomOut, fitAll, s.fitSelButton, widget.NewSeparator(), s.boxButton,
		widget.NewSeparator(), widget.NewLabel(env.T("map.mode")), s.modeSelect, widget.NewSeparator(),
		container.NewGridWrap(fyne.NewSize(180, s.modeSelect.MinSize().Height), s.newCodeSearch()),
		layout.NewSpacer(), s.baseButton, s.baseClear)

	layers := container.NewVBox(widget.NewLabelWithStyle(env.T("map.layers"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	for _, c := range s.legendOrder() {
		li := s.layerIndex(c)
		s.layerChecks[li] = widget.NewCheck(env.ClassName(c), func(on bool) { s.SetLayerVisible(c, on) })
		s.layerChecks[li].SetChecked(true)
		s.layerLegends[li] = container.New(layout.NewCustomPaddedVBoxLayout(2))
		layers.Add(s.layerChecks[li])
		s.layerCounts[li] = widget.NewLabel("")
		s.layerCounts[li].Wrapping = fyne.TextWrapWord
		s.layerPads[li] = container.New(layout.NewCustomPaddedLayout(0, 4, 24, 0),
			container.New(layout.NewCustomPaddedVBoxLayout(0), s.layerCounts[li], s.layerLegends[li]))
		layers.Add(s.layerPads[li])
	}
	s.sharedLegend = container.New(layout.NewCustomPaddedVBoxLayout(2))
	layers.Add(s.sharedLegend)
	left := container.NewVScroll(layers)
	left.SetMinSize(fyne.NewSize(190, 100))

	s.coords = widget.NewLabel("")
	s.scaleBar = canvas.NewRectangle(theme.Color(theme.ColorNameForeground))
	s.scaleBar.SetMinSize(fyne.NewSize(100, 4))
	s.scaleLabel = widget.NewLabel("")
	scale := container.NewHBox(container.NewCenter(s.scaleBar), s.scaleLabel)

	s.selInfo = widget.NewLabel(env.T("map.selection.none"))
	s.selInfo.Truncation = fyne.TextTruncateEllipsis
	record := widget.NewButtonWithIcon(env.T("map.selection.record"), theme.ContentAddIcon(), s.onRecord)
	export := widget.NewButtonWithIcon(env.T("map.selection.export"), theme.DocumentSaveIcon(), s.onExport)
	clear := widget.NewButtonWithIcon(env.T("map.selection.clear"), theme.ContentClearIcon(), func() { s.setSelection(nil) })
	s.selButtons = []*widget.Button{record, export, clear, s.fitSelButton}
	bottom := container.NewBorder(nil, nil, container.NewHBox(record, export, clear), container.NewHBox(s.coords, scale), s.selInfo)

	s.content = container.NewBorder(container.NewVBox(toolbar, widget.NewSeparator()),
		container.NewVBox(widget.NewSeparator(), bottom), container.NewHBox(left, widget.NewSeparator()), nil, s.mw)
	s.refreshSelection()
	s.refreshLegend()
}

// legendOrder lists the layers in the registers' order of the rest of the app.
func (s *Screen) legendOrder() []domain.Class {
	var out []domain.Class
	for _, c := range s.env.Catalogue().Keys() {
		if s.layerIndex(c) >= 0 {
			out = append(out, c)
		}
	}
	return out
}

// layerIndex is the index of class c's layer; -1 when the map has none.
func (s *Screen) layerIndex(c domain.Class) int {
	for i, d := range s.defs {
		if d.Key == c {
			return i
		}
	}
	return -1
}

// everywhere is the whole world in WGS84: the map loads every feature and indexes them
// in memory (the registers of a large city fit in tens of megabytes).
var everywhere = orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}

// Refresh reloads the features and this year's costs in the background.
func (s *Screen) Refresh() {
	store := s.env.Store()
	year := s.env.Year()
	s.loadGen++
	gen := s.loadGen
	defs := s.defs
	s.env.Load(context.Background(), func(ctx context.Context) (func(), error) {
		fs, err := store.FeaturesIn(ctx, keysOf(defs), everywhere, 0)
		if err != nil {
			return nil, err
		}
		costs, err := store.AssetCosts(ctx, year, keysOf(defs))
		if err != nil {
			return nil, err
		}
		d := newMapData(defs, fs, costs, year)
		return func() {
			if gen == s.loadGen {
				s.setData(d)
			}
		}, nil
	})
}

// setData puts freshly loaded features on the map, keeping the selection by asset ID.
func (s *Screen) setData(d *mapData) {
	var ids []int64
	if s.data != nil {
		for _, r := range s.sel {
			ids = append(ids, s.data.layerOf(r).ids[r.i])
		}
	}
	s.data = d
	s.restyle()
	for _, c := range s.legendOrder() {
		li := s.layerIndex(c)
		n := d.layers[li].n()
		s.layerChecks[li].SetText(s.env.ClassName(c))
		// The counts in the words of the dashboard and the register (of the assets
		// that are on the map: those with a geometry).
		s.layerCounts[li].SetText(widgets.StatusCount(s.env, c, d.layers[li].statusCounts()))
		// The legend lists the classes that have assets on the map.
		if n == 0 {
			s.layerChecks[li].Hide()
			s.layerPads[li].Hide()
		} else {
			s.layerChecks[li].Show()
			s.layerPads[li].Show()
		}
	}
	var sel []featRef
	for _, id := range ids {
		if r, ok := d.byID[id]; ok {
			sel = append(sel, r)
		}
	}
	s.sel = sel
	s.selGen++
	s.refreshSelection()
	if s.locate != 0 && s.mw.view.W > 0 {
		s.applyLocate()
		return
	}
	if s.needFit && s.mw.view.W > 0 {
		s.FitAll()
		return
	}
	s.requestRender()
}

// restyle recomputes every feature's colour for the current mode.
func (s *Screen) restyle() {
	if s.data == nil {
		return
	}
	if s.sym.mode == ByCost {
		s.sym.breaks = costBreaks(s.data)
	}
	s.colours = s.sym.colours(s.data)
	s.style++
	s.refreshLegend()
}

func (s *Screen) setMode(m Mode) {
	if s.sym.mode == m && s.colours[0] != nil {
		return
	}
	s.sym.mode = m
	s.restyle()
	s.requestRender()
}

// SetLayerVisible shows or hides a class's layer; only a layer not yet drawn for the
// current view is rendered.
func (s *Screen) SetLayerVisible(c domain.Class, on bool) {
	li := s.layerIndex(c)
	if li < 0 || s.visible[li] == on {
		return
	}
	s.visible[li] = on
	if !on {
		s.mw.layers[li].Hide()
	}
	s.refreshLegend()
	s.requestRender()
}

// SetBoxMode makes a drag draw a selection box instead of panning.
func (s *Screen) SetBoxMode(on bool) {
	s.boxMode = on
	if on {
		s.boxButton.Importance = widget.HighImportance
	} else {
		s.boxButton.Importance = widget.MediumImportance
	}
	s.boxButton.Refresh()
}

// ZoomBy zooms about the centre (f > 1 zooms in).
func (s *Screen) ZoomBy(f float64) {
	v := s.mw.view
	s.mw.setView(v.Zoom(f, float64(v.W)/2, float64(v.H)/2))
}

// FitAll shows every feature.
func (s *Screen) FitAll() {
	if s.data == nil || s.data.empty || s.mw.view.W == 0 {
		return
	}
	s.needFit = false
	s.mw.setView(Fit(s.data.extent, s.mw.view.W, s.mw.view.H, 24*s.mw.scale))
}

// FitSelection shows the selected features.
func (s *Screen) FitSelection() {
	if s.data == nil || s.mw.view.W == 0 {
		return
	}
	if b, ok := s.data.boundOf(s.sel); ok {
		s.needFit = false
		s.mw.setView(Fit(b, s.mw.view.W, s.mw.view.H, 48*s.mw.scale))
	}
}

// viewChanged follows a pan, zoom or resize: the scale bar now, the layers in the background.
func (s *Screen) viewChanged(resized bool) {
	if resized && s.locate != 0 && s.data != nil {
		s.applyLocate()
		return
	}
	if resized && s.needFit && s.data != nil {
		s.FitAll()
		return
	}
	s.refreshScale()
	if s.mw.pointerIn {
		s.pointerAt(LonLat(s.mw.world(s.mw.pointer)), true)
	}
	s.requestRender()
}

// requestRender starts a background render of the current view, or, when one is
// running, asks for another when it ends: a drag never queues more than one.
func (s *Screen) requestRender() {
	if s.data == nil || !s.mw.view.Valid() {
		return
	}
	if s.rendering {
		s.pending = true
		return
	}
	s.rendering = true
	req := &renderReq{view: s.mw.view, data: s.data, visible: s.visible, sym: s.sym, colours: s.colours,
		style: s.style, sel: s.sel, selGen: s.selGen, scale: s.mw.scale}
	base, baseGen := s.base, s.baseGen
	needBase := base != nil && (s.baseView != req.view || s.mw.base.Image == nil)
	s.env.Load(context.Background(), func(ctx context.Context) (func(), error) {
		f := s.rend.render(ctx, req)
		var bg *renderedBase
		if needBase {
			bg = base.render(req.view)
		}
		return func() {
			s.rendering = false
			s.rendered++
			s.mw.show(f)
			if needBase && baseGen == s.baseGen {
				s.baseView = req.view
				s.mw.showBase(bg.img)
			}
			if s.pending {
				s.pending = false
				s.requestRender()
			}
		}, nil
	})
}

// refreshScale sizes the scale bar to a round distance about 100 units long.
func (s *Screen) refreshScale() {
	v := s.mw.view
	if !v.Valid() {
		return
	}
	perUnit := v.GroundRes() * s.mw.scale // metres per Fyne unit
	metres := niceDistance(100 * perUnit)
	s.scaleBar.SetMinSize(fyne.NewSize(float32(metres/perUnit), 4))
	s.scaleBar.Refresh()
	if metres >= 1000 {
		s.scaleLabel.SetText(s.env.T("map.scale.km", map[string]any{"N": trimFloat(metres / 1000)}))
	} else {
		s.scaleLabel.SetText(s.env.T("map.scale.m", map[string]any{"N": trimFloat(metres)}))
	}
}

// niceDistance is the largest 1, 2 or 5 × 10ⁿ not above d.
func niceDistance(d float64) float64 {
	if d <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(d)))
	for _, f := range []float64{5, 2, 1} {
		if f*p <= d {
			return f * p
		}
	}
	return p
}

func trimFloat(f float64) string {
	s := fmt.Sprintf("%.2f", f)
	return strings.TrimRight(strings.TrimRight(s, "0"), ".")
}

// pointerAt shows the coordinates under the mouse.
func (s *Screen) pointerAt(ll orb.Point, in bool) {
	if !in || s.data == nil || !s.mw.view.Valid() {
		s.coords.SetText("")
		return
	}
	s.coords.SetText(s.env.T("map.coords", map[string]any{"Lon": fmt.Sprintf("%.5f", ll[0]), "Lat": fmt.Sprintf("%.5f", ll[1])}))
}

// pickTolerance is how far (in Fyne units) from a symbol a click still hits it.
const pickTolerance = 6

// pickAt selects the asset under pixel (x, y) and opens it; a click on nothing clears
// the selection.
func (s *Screen) pickAt(x, y float64) {
	if s.data == nil {
		return
	}
	v := s.mw.view
	ref, ok := s.data.pick(v.ToWorld(x, y), pickTolerance*s.mw.scale*v.Res, s.visible)
	if !ok {
		s.setSelection(nil)
		return
	}
	s.setSelection([]featRef{ref})
	s.openDetail(s.data.layerOf(ref).ids[ref.i])
}

// selectBox selects every visible feature in b (Web Mercator metres).
func (s *Screen) selectBox(b orb.Bound) {
	if s.data == nil {
		return
	}
	s.setSelection(s.data.inBox(b, s.visible))
}

func (s *Screen) setSelection(refs []featRef) {
	if len(refs) == 0 && len(s.sel) == 0 {
		return
	}
	s.sel = refs
	s.selGen++
	s.refreshSelection()
	s.requestRender()
}

// Selected lists the selected assets' IDs in ascending order.
func (s *Screen) Selected() []int64 {
	var ids []int64
	for _, r := range s.sel {
		ids = append(ids, s.data.layerOf(r).ids[r.i])
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

// selectedByClass groups the selected asset IDs by class, in the legend's order.
func (s *Screen) selectedByClass() ([]domain.Class, map[domain.Class][]int64) {
	by := map[domain.Class][]int64{}
	for _, r := range s.sel {
		l := s.data.layerOf(r)
		by[l.class] = append(by[l.class], l.ids[r.i])
	}
	var classes []domain.Class
	for _, c := range s.legendOrder() {
		if ids := by[c]; len(ids) > 0 {
			sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
			classes = append(classes, c)
		}
	}
	return classes, by
}

func (s *Screen) refreshSelection() {
	if len(s.sel) == 0 {
		s.selInfo.SetText(s.env.T("map.selection.none"))
		for _, b := range s.selButtons {
			b.Disable()
		}
		return
	}
	classes, by := s.selectedByClass()
	var parts []string
	for _, c := range classes {
		parts = append(parts, s.env.ClassName(c)+" "+fmt.Sprint(len(by[c])))
	}
	s.selInfo.SetText(s.env.T("map.selection.some", map[string]any{"N": len(s.sel), "Parts": strings.Join(parts, s.env.T("map.list_sep"))}))
	for _, b := range s.selButtons {
		b.Enable()
	}
}

// refreshLegend lists the colours of the visible layers: per layer by type, one shared
// list by status or cost.
func (s *Screen) refreshLegend() {
	env := s.env
	for _, c := range s.legendOrder() {
		li := s.layerIndex(c)
		def := s.defs[li]
		box := s.layerLegends[li]
		box.Objects = nil
		if s.sym.mode == ByType && s.visible[li] && (s.data == nil || s.data.layers[li].n() > 0) {
			point := def.Geometry == domain.GeometryPoint
			if kf := def.KindField(); kf != nil {
				pal := kindPalette(c, len(kf.Values))
				for k, v := range kf.Values {
					box.Add(swatchRow(pal[k], point, v.In(env.Lang)))
				}
			} else {
				box.Add(swatchRow(kindPalette(c, 0)[0], point, def.Title(env.Lang)))
			}
		}
		box.Refresh()
	}
	s.sharedLegend.Objects = nil
	switch s.sym.mode {
	case ByStatus:
		s.sharedLegend.Add(widget.NewLabelWithStyle(env.T("map.mode.status"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		for k, st := range domain.Statuses {
			s.sharedLegend.Add(swatchRow(statusColours[k], false, env.Enum(st)))
		}
	case ByCost:
		year := env.Year()
		if s.data != nil {
			year = s.data.year
		}
		s.sharedLegend.Add(widget.NewLabelWithStyle(env.T("map.legend.cost_title", map[string]any{"Year": year}), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		s.sharedLegend.Add(swatchRow(costColours[0], false, env.T("map.legend.no_cost")))
		b := s.sym.breaks
		for k := 0; k <= len(b); k++ {
			var label string
			switch {
			case k < len(b):
				label = env.T("map.legend.upto", map[string]any{"Amount": yuan(b[k])})
			case k > 0:
				label = env.T("map.legend.over", map[string]any{"Amount": yuan(b[k-1])})
			default:
				label = env.T("map.legend.any_cost")
			}
			s.sharedLegend.Add(swatchRow(costColours[k+1], false, label))
		}
	}
	s.sharedLegend.Refresh()
}

// yuan is an amount in 元 with grouped digits.
func yuan(f domain.Fen) string {
	s := f.Yuan()
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 && r != '-' && whole[i-1] != '-' {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String() + "." + frac
}

// swatchRow is a legend line: a dot for point layers, a square for the others.
func swatchRow(c color.NRGBA, point bool, label string) fyne.CanvasObject {
	var sw fyne.CanvasObject
	if point {
		circle := canvas.NewCircle(c)
		circle.StrokeColor = darker(c)
		circle.StrokeWidth = 1
		sw = circle
	} else {
		rect := canvas.NewRectangle(c)
		rect.StrokeColor = darker(c)
		rect.StrokeWidth = 1
		sw = rect
	}
	text := canvas.NewText(label, theme.Color(theme.ColorNameForeground))
	text.TextSize = theme.CaptionTextSize() + 1
	return container.NewHBox(container.NewCenter(container.NewGridWrap(fyne.NewSize(10, 10), sw)), text)
}

// SetMode colours the symbols by type, status or this year's cost.
func (s *Screen) SetMode(m Mode) {
	s.modeSelect.SetSelectedIndex(int(m))
}

// Select selects the assets with these IDs that are on the map and returns how many
// are; other screens use it to show their selection here.
func (s *Screen) Select(ids []int64) int {
	if s.data == nil {
		return 0
	}
	var refs []featRef
	for _, id := range ids {
		if r, ok := s.data.byID[id]; ok {
			refs = append(refs, r)
		}
	}
	s.setSelection(refs)
	return len(refs)
}

// SelectWithin selects the visible assets in a WGS84 lon/lat box, as a box drawn over
// it does.
func (s *Screen) SelectWithin(minLon, minLat, maxLon, maxLat float64) int {
	b := orb.Bound{Min: Mercator(orb.Point{minLon, minLat}), Max: Mercator(orb.Point{maxLon, maxLat})}
	s.selectBox(b)
	return len(s.sel)
}
