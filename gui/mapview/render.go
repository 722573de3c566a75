package mapview

import (
	"context"
	"image"
	"image/color"
	"math"
	"runtime"
	"sync"

	"github.com/paulmach/orb"
	"github.com/srwiley/rasterx"
	"golang.org/x/image/math/fixed"

	"cityledger/domain"
)

// renderReq is everything one render needs; it is a snapshot, so the UI may change
// its own state while the render runs.
type renderReq struct {
	view    View
	data    *mapData
	visible [nLayers]bool
	sym     symbology
	colours [nLayers][]uint8 // from sym over data
	style   int              // changes whenever sym or colours do
	sel     []featRef
	selGen  int
	scale   float64 // device pixels per Fyne unit: line widths and symbol sizes grow with it
	// cases and caseMode: the cases layer over the assets (nil or CasesOff: none).
	cases    *caseLayer
	caseMode CaseMode
}

// frame is a render's result: one transparent image per visible layer and one for the
// selection, all for view. The widget stacks them, so that hiding a layer or
// changing the selection redraws nothing else.
type frame struct {
	view   View
	layers [nLayers]*image.RGBA
	cases  *image.RGBA
	sel    *image.RGBA
}

type cacheKey struct {
	view  View
	data  *mapData
	style int
	scale float64
}

type cached struct {
	key cacheKey
	img *image.RGBA
}

// renderer keeps the last image of each layer and of the selection, and redraws only
// those whose view, data or style changed. One render runs at a time.
type renderer struct {
	mu     sync.Mutex
	layers [nLayers]cached
	sel    cached
	selGen int
}

// render draws what req asks for, reusing cached layers; nil when ctx was cancelled.
func (r *renderer) render(ctx context.Context, req *renderReq) *frame {
	r.mu.Lock()
	defer r.mu.Unlock()
	f := &frame{view: req.view}
	if !req.view.Valid() || req.data == nil {
		return f
	}
	key := cacheKey{view: req.view, data: req.data, style: req.style, scale: req.scale}
	var todo []int
	for li := range req.data.layers {
		if !req.visible[li] || req.data.layers[li].n() == 0 {
			continue
		}
		if r.layers[li].key == key && r.layers[li].img != nil {
			f.layers[li] = r.layers[li].img
			continue
		}
		todo = append(todo, li)
	}
	// Layers draw into their own images, so they rasterize in parallel.
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for _, li := range todo {
		wg.Add(1)
		sem <- struct{}{}
		go func(li int) {
			defer func() { <-sem; wg.Done() }()
			if ctx.Err() != nil {
				return
			}
			img := image.NewRGBA(image.Rect(0, 0, req.view.W, req.view.H))
			drawLayer(img, req, li)
			f.layers[li] = img
		}(li)
	}
	selKey := cacheKey{view: req.view, data: req.data, scale: req.scale}
	if len(req.sel) > 0 {
		if r.sel.key == selKey && r.selGen == req.selGen && r.sel.img != nil {
			f.sel = r.sel.img
		} else {
			img := image.NewRGBA(image.Rect(0, 0, req.view.W, req.view.H))
			drawSelection(img, req)
			f.sel = img
		}
	}
	if req.caseMode != CasesOff && req.cases != nil {
		img := image.NewRGBA(image.Rect(0, 0, req.view.W, req.view.H))
		drawCases(img, req)
		f.cases = img
	}
	wg.Wait()
	if ctx.Err() != nil {
		return nil
	}
	for _, li := range todo {
		r.layers[li] = cached{key: key, img: f.layers[li]}
	}
	r.sel, r.selGen = cached{key: selKey, img: f.sel}, req.selGen
	return f
}

// Symbol sizes in Fyne units (scaled to device pixels by req.scale).
const (
	pointRadius    = 2.6
	facilityRadius = 4.0
	lineWidth      = 1.6
	roadWidth      = 2.4
	outlineWidth   = 1.0
	selectExtra    = 3.0
)

// drawLayer rasterizes layer li: polygons filled and outlined, lines stroked (both
// through rasterx, one path per colour, since each rasterx draw walks the whole
// image), points stamped.
func drawLayer(img *image.RGBA, req *renderReq, li int) {
	l := req.data.layers[li]
	pal := req.sym.palette(req.data, l.class)
	idx := req.colours[li]
	vb := req.view.Bound()
	s := req.scale
	var jobs []func() *maskScanner
	if l.hasArea {
		for k, c := range pal {
			fill := c
			fill.A = 110
			want := func(i int) bool { return l.gkind[i] == gPolygon && idx[i] == uint8(k) }
			jobs = append(jobs,
				func() *maskScanner { return path(img, req.view, l, vb, want, true, 0, fill) },
				func() *maskScanner { return path(img, req.view, l, vb, want, false, outlineWidth*s, darker(c)) })
		}
	}
	if len(l.lines) > 0 {
		w := lineWidth
		if l.class == domain.Roads {
			w = roadWidth
		}
		for k, c := range pal {
			want := func(i int) bool { return l.gkind[i] == gLine && idx[i] == uint8(k) }
			jobs = append(jobs, func() *maskScanner { return path(img, req.view, l, vb, want, false, w*s, c) })
		}
	}
	drawPaths(jobs)
	if l.points > 0 {
		r := lampRadius(req.view, l)
		if l.class != domain.Lamps { // every point but a lamp is a bigger thing
			r = facilityRadius
		}
		stamps := make([]*stamp, len(pal))
		for k, c := range pal {
			if r < 2 {
				// Small dots without an outline, or a city's lamps merge into one dark blot.
				stamps[k] = newStamp(r*s, c, c, 0)
			} else {
				stamps[k] = newStamp(r*s, c, darker(c), math.Max(1, 0.8*s))
			}
		}
		stampPoints(img, req.view, l, func(i int) *stamp { return stamps[idx[i]] }, r*s)
	}
}

// drawSelection outlines the selected features in the selection colour.
func drawSelection(img *image.RGBA, req *renderReq) {
	s := req.scale
	vb := req.view.Bound()
	per := [nLayers]map[int32]bool{}
	for _, r := range req.sel {
		if per[r.l] == nil {
			per[r.l] = map[int32]bool{}
		}
		per[r.l][r.i] = true
	}
	ring := newStamp((facilityRadius+selectExtra)*s, color.NRGBA{}, selectColour, 2*s)
	for li, sel := range per {
		if sel == nil {
			continue
		}
		l := req.data.layers[li]
		chosen := func(i int) bool { return sel[int32(i)] }
		glow := selectColour
		glow.A = 70
		drawPaths([]func() *maskScanner{func() *maskScanner {
			return path(img, req.view, l, vb, func(i int) bool { return chosen(i) && l.gkind[i] == gPolygon }, true, 0, glow)
		}})
		line := selectColour
		line.A = 210
		drawPaths([]func() *maskScanner{func() *maskScanner {
			return path(img, req.view, l, vb, func(i int) bool { return chosen(i) && l.gkind[i] != gPoint }, false, (roadWidth+1.5)*s, line)
		}})
		stampPoints(img, req.view, l, func(i int) *stamp {
			if chosen(i) {
				return ring
			}
			return nil
		}, ring.r)
	}
}

// lampRadius shrinks lamp dots as they crowd (the mean spacing of those in view, in
// pixels), so that a whole city's street pattern shows instead of a solid blot while a
// district's few hundred lamps stay easy to hit.
func lampRadius(v View, l *layer) float64 {
	vb := v.Bound()
	n := 0
	for _, m := range l.pointOrder {
		if vb.Contains(l.pts[m.p]) {
			n++
		}
	}
	if n == 0 {
		return pointRadius
	}
	spacing := math.Sqrt(float64(v.W) * float64(v.H) / float64(n))
	return math.Max(1, math.Min(pointRadius, spacing/4))
}

func darker(c color.NRGBA) color.NRGBA {
	return color.NRGBA{uint8(float64(c.R) * 0.6), uint8(float64(c.G) * 0.6), uint8(float64(c.B) * 0.6), 230}
}

// path draws the lines or polygons chosen by want as one rasterx path: filled when
// fill, else stroked width pixels wide. Vertices closer than half a pixel to the last
// one kept are skipped, which is what keeps a city zoomed out cheap.
func path(img *image.RGBA, v View, l *layer, vb orb.Bound, want func(i int) bool, fill bool, width float64, c color.NRGBA) *maskScanner {
	w, h := v.W, v.H
	var scanner *maskScanner
	var adder rasterx.Adder
	start := func() {
		scanner = newMaskScanner(img)
		if fill {
			adder = rasterx.NewFiller(w, h, scanner)
		} else {
			stroker := rasterx.NewStroker(w, h, scanner)
			// Butt caps and bevel joins: at a pixel or two wide, round ones look the same
			// and cost twice the time (they are drawn as curves).
			stroker.SetStroke(fixed.Int26_6(width*64), 4<<6, rasterx.ButtCap, nil, rasterx.FlatGap, rasterx.Bevel)
			adder = stroker
		}
	}
	// Coordinates are clamped (fills) or clipped (strokes) to a margin around the view:
	// rasterx works in 26.6 fixed point, which overflows far off screen.
	const margin = 64
	clip := orb.Bound{Min: orb.Point{-margin, -margin}, Max: orb.Point{float64(w) + margin, float64(h) + margin}}
	fx := func(p orb.Point) fixed.Point26_6 {
		return fixed.Point26_6{X: fixed.Int26_6(p[0] * 64), Y: fixed.Int26_6(p[1] * 64)}
	}
	var buf []orb.Point
	drawn := false
	for i := range l.ids {
		if !want(i) || !l.bounds[i].Intersects(vb) {
			continue
		}
		if adder == nil {
			start()
		}
		l.parts(i, func(pts []orb.Point) {
			buf = screenPoints(buf[:0], v, pts)
			if len(buf) < 2 {
				return
			}
			drawn = true
			if fill {
				adder.Start(fx(clamp(buf[0], clip)))
				for _, p := range buf[1:] {
					adder.Line(fx(clamp(p, clip)))
				}
				adder.Stop(true)
				return
			}
			penDown := false
			for k := 1; k < len(buf); k++ {
				a, b, ok := clipSegment(buf[k-1], buf[k], clip)
				if !ok {
					if penDown {
						adder.Stop(false)
						penDown = false
					}
					continue
				}
				if !penDown || a != buf[k-1] {
					if penDown {
						adder.Stop(false)
					}
					adder.Start(fx(a))
					penDown = true
				}
				adder.Line(fx(b))
				if b != buf[k] {
					adder.Stop(false)
					penDown = false
				}
			}
			if penDown {
				adder.Stop(false)
			}
		})
	}
	if !drawn {
		if scanner != nil {
			scanner.release()
		}
		return nil
	}
	scanner.SetColor(c)
	scanner.accumulate()
	return scanner
}

// drawPaths runs the path jobs in parallel and blends their results in order, which
// is the order of painting.
func drawPaths(jobs []func() *maskScanner) {
	out := make([]*maskScanner, len(jobs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for k, job := range jobs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			out[k] = job()
		}()
	}
	wg.Wait()
	for _, sc := range out {
		if sc != nil {
			sc.blend()
			sc.release()
		}
	}
}

// screenPoints projects pts to pixels, dropping those within half a pixel of the last
// kept one (the last point always stays).
func screenPoints(buf []orb.Point, v View, pts []orb.Point) []orb.Point {
	for k, p := range pts {
		x, y := v.ToScreen(p)
		q := orb.Point{x, y}
		if n := len(buf); n > 0 && k < len(pts)-1 {
			if dx, dy := q[0]-buf[n-1][0], q[1]-buf[n-1][1]; dx*dx+dy*dy < 0.25 {
				continue
			}
		}
		buf = append(buf, q)
	}
	return buf
}

func clamp(p orb.Point, b orb.Bound) orb.Point {
	return orb.Point{math.Max(b.Min[0], math.Min(b.Max[0], p[0])), math.Max(b.Min[1], math.Min(b.Max[1], p[1]))}
}

// clipSegment is Liang–Barsky clipping of ab to b.
func clipSegment(a, c orb.Point, b orb.Bound) (orb.Point, orb.Point, bool) {
	t0, t1 := 0.0, 1.0
	dx, dy := c[0]-a[0], c[1]-a[1]
	for _, e := range [4][2]float64{{-dx, a[0] - b.Min[0]}, {dx, b.Max[0] - a[0]}, {-dy, a[1] - b.Min[1]}, {dy, b.Max[1] - a[1]}} {
		p, q := e[0], e[1]
		if p == 0 {
			if q < 0 {
				return a, c, false
			}
			continue
		}
		r := q / p
		if p < 0 {
			if r > t1 {
				return a, c, false
			}
			t0 = math.Max(t0, r)
		} else {
			if r < t0 {
				return a, c, false
			}
			t1 = math.Min(t1, r)
		}
	}
	if t0 > t1 {
		return a, c, false
	}
	na, nc := a, c
	if t0 > 0 {
		na = orb.Point{a[0] + t0*dx, a[1] + t0*dy}
	}
	if t1 < 1 {
		nc = orb.Point{a[0] + t1*dx, a[1] + t1*dy}
	}
	return na, nc, true
}

// stamp is a point symbol prerendered once per colour: a disc with an outline,
// premultiplied, blended by hand because 100,000 image/draw calls cost more than
// the pixels they touch.
type stamp struct {
	size int
	r    float64
	pix  []uint8 // RGBA premultiplied, size×size
}

// newStamp draws a disc of radius r filled with fill (transparent for a ring) and
// outlined with line of width lw, antialiased by 4×4 supersampling.
func newStamp(r float64, fill, line color.NRGBA, lw float64) *stamp {
	size := int(math.Ceil(2*r)) + 2
	st := &stamp{size: size, r: r, pix: make([]uint8, 4*size*size)}
	c := float64(size) / 2
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			var inFill, inLine int
			for sy := 0; sy < 4; sy++ {
				for sx := 0; sx < 4; sx++ {
					px, py := float64(x)+(float64(sx)+0.5)/4-c, float64(y)+(float64(sy)+0.5)/4-c
					d := math.Hypot(px, py)
					switch {
					case d <= r-lw:
						inFill++
					case d <= r:
						inLine++
					}
				}
			}
			// Premultiplied "fill, then line over it", each weighted by coverage.
			var out [4]float64
			for _, part := range []struct {
				c   color.NRGBA
				cov float64
			}{{fill, float64(inFill) / 16}, {line, float64(inLine) / 16}} {
				a := float64(part.c.A) / 255 * part.cov
				out[0] = float64(part.c.R)*a + out[0]*(1-a)
				out[1] = float64(part.c.G)*a + out[1]*(1-a)
				out[2] = float64(part.c.B)*a + out[2]*(1-a)
				out[3] = 255*a + out[3]*(1-a)
			}
			o := 4 * (y*size + x)
			for k := range out {
				st.pix[o+k] = uint8(math.Round(out[k]))
			}
		}
	}
	return st
}

// blend puts the stamp centred on (cx, cy) over dst.
func (st *stamp) blend(dst *image.RGBA, cx, cy float64) {
	x0 := int(math.Round(cx - float64(st.size)/2))
	y0 := int(math.Round(cy - float64(st.size)/2))
	b := dst.Rect
	sx0, sx1 := max(0, b.Min.X-x0), min(st.size, b.Max.X-x0)
	sy0, sy1 := max(0, b.Min.Y-y0), min(st.size, b.Max.Y-y0)
	if sx0 >= sx1 || sy0 >= sy1 {
		return
	}
	pix := dst.Pix
	for sy := sy0; sy < sy1; sy++ {
		src := st.pix[4*(sy*st.size+sx0) : 4*(sy*st.size+sx1)]
		o := (y0+sy-b.Min.Y)*dst.Stride + 4*(x0+sx0-b.Min.X)
		d := pix[o : o+len(src)]
		for k := 0; k+3 < len(src); k += 4 {
			sa := uint32(src[k+3])
			switch sa {
			case 0:
			case 255:
				d[k], d[k+1], d[k+2], d[k+3] = src[k], src[k+1], src[k+2], 255
			default:
				ia := 255 - sa
				d[k] = uint8(uint32(src[k]) + (uint32(d[k])*ia+127)/255)
				d[k+1] = uint8(uint32(src[k+1]) + (uint32(d[k+1])*ia+127)/255)
				d[k+2] = uint8(uint32(src[k+2]) + (uint32(d[k+2])*ia+127)/255)
				d[k+3] = uint8(sa + (uint32(d[k+3])*ia+127)/255)
			}
		}
	}
}

// stampPoints stamps the point features for which pick returns a stamp.
func stampPoints(img *image.RGBA, v View, l *layer, pick func(i int) *stamp, r float64) {
	w, h := float64(v.W)+r, float64(v.H)+r
	for _, m := range l.pointOrder {
		st := pick(int(m.i))
		if st == nil {
			continue
		}
		x, y := v.ToScreen(l.pts[m.p])
		if x >= -r && y >= -r && x <= w && y <= h {
			st.blend(img, x, y)
		}
	}
}
