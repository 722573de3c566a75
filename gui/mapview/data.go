package mapview

import (
	"math"
	"slices"
	"sort"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/quadtree"

	"cityledger/domain"
	"cityledger/gui/widgets"
)

// nLayers is the most layers a map draws: a layer per class of the catalogue that has a
// geometry (the rest are left off the map).
const nLayers = 32

// layerClasses are the classes of cat the map draws, bottom to top: areas under lines
// under points, so that nothing small hides beneath something large (green areas,
// roads, pipes, the point classes, lamps on top). Classes without geometry (vehicles)
// have no place.
func layerClasses(cat *domain.Catalogue) []*domain.ClassDef {
	rank := func(d *domain.ClassDef) int {
		switch {
		case d.Geometry == domain.GeometryPolygon:
			return 0
		case d.Geometry == domain.GeometryLine && slices.Contains(d.GeometryTypes(), "Polygon"):
			return 1 // roads: lines or areas
		case d.Geometry == domain.GeometryAny:
			return 2
		case d.Geometry == domain.GeometryLine:
			return 3
		case d.Key == domain.Lamps:
			return 5
		}
		return 4
	}
	var out []*domain.ClassDef
	for _, d := range cat.Classes() {
		if d.Geometric() && len(out) < nLayers {
			out = append(out, d)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return rank(out[i]) < rank(out[j]) })
	return out
}

// keysOf lists the classes' keys.
func keysOf(defs []*domain.ClassDef) []domain.Class {
	out := make([]domain.Class, len(defs))
	for i, d := range defs {
		out[i] = d.Key
	}
	return out
}

// Geometry kinds as drawn.
const (
	gPoint uint8 = iota
	gLine
	gPolygon
)

// layer holds one class's features projected to Web Mercator in flat arrays, so that
// a render walks memory in order and allocates nothing per feature.
type layer struct {
	class    domain.Class
	ids      []int64
	codes    []string
	kinds    []string
	statuses []string
	gkind    []uint8
	bounds   []orb.Bound // Web Mercator
	// Feature i's parts (lines, rings or single points) are parts[featPart[i]:featPart[i+1]];
	// part p's vertices are pts[partOff[p]:partOff[p+1]].
	featPart []int32
	partOff  []int32
	pts      []orb.Point

	lines   []int32 // features drawn as lines or polygons, in the R-tree's item order
	rt      *rtree
	points  int // features drawn as points
	hasArea bool
	// pointOrder lists the point members (feature, vertex) from north to south, the
	// order that stamps them down the image row by row: scattered stamps spent most
	// of their time waiting for memory.
	pointOrder []pointMember
}

type pointMember struct {
	i int32 // feature
	p int32 // index into pts
}

func (l *layer) n() int { return len(l.ids) }

// statusCounts counts the layer's features by status.
func (l *layer) statusCounts() widgets.StatusCounts {
	var c widgets.StatusCounts
	for _, st := range l.statuses {
		switch st {
		case domain.StatusDisposed:
			c.Retired++
		case domain.StatusIdle:
			c.Idle++
		default:
			c.InUse++
		}
	}
	return c
}

// parts calls fn with each part of feature i.
func (l *layer) parts(i int, fn func(pts []orb.Point)) {
	for p := l.featPart[i]; p < l.featPart[i+1]; p++ {
		fn(l.pts[l.partOff[p]:l.partOff[p+1]])
	}
}

// featRef names a feature: its layer and index there.
type featRef struct {
	l uint8
	i int32
}

// pointRef is a point in the quadtree (a multipoint adds one per member).
type pointRef struct {
	p   orb.Point
	ref featRef
}

func (p *pointRef) Point() orb.Point { return p.p }

// mapData is everything the map has loaded: immutable once built, so renders and hit
// tests on other goroutines share it without locks.
type mapData struct {
	// classes are the layers' classes, bottom to top; kinds the allowed values of each
	// class's type, what the map colours by.
	classes []domain.Class
	kinds   map[domain.Class][]string
	layers  []*layer
	extent  orb.Bound // Web Mercator; empty when there is nothing
	empty   bool
	qt      *quadtree.Quadtree
	byID    map[int64]featRef
	costs   map[int64]domain.Fen
	year    int
}

// newMapData projects and indexes the features of the layers' classes.
func newMapData(defs []*domain.ClassDef, features []domain.Feature, costs map[int64]domain.Fen, year int) *mapData {
	d := &mapData{byID: make(map[int64]featRef, len(features)), costs: costs, year: year, empty: true,
		classes: keysOf(defs), kinds: map[domain.Class][]string{}}
	for _, def := range defs {
		d.layers = append(d.layers, &layer{class: def.Key, featPart: []int32{0}, partOff: []int32{0}})
		if kf := def.KindField(); kf != nil {
			d.kinds[def.Key] = kf.AllowedValues()
		}
	}
	var refs []*pointRef
	for _, f := range features {
		li := d.layerIndex(f.Class)
		if li < 0 || f.Geometry == nil {
			continue
		}
		l := d.layers[li]
		i := int32(l.n())
		kind, ok := l.add(f)
		if !ok {
			continue
		}
		ref := featRef{uint8(li), i}
		d.byID[f.ID] = ref
		b := l.bounds[i]
		if d.empty {
			d.extent, d.empty = b, false
		} else {
			d.extent = d.extent.Union(b)
		}
		if kind == gPoint {
			l.points++
			l.parts(int(i), func(pts []orb.Point) { refs = append(refs, &pointRef{pts[0], ref}) })
		} else {
			l.lines = append(l.lines, i)
		}
	}
	qb := d.extent.Pad(1)
	d.qt = quadtree.New(qb)
	for _, r := range refs {
		_ = d.qt.Add(r) // inside the padded extent by construction
	}
	for _, l := range d.layers {
		for i, k := range l.gkind {
			if k == gPoint {
				for p := l.featPart[i]; p < l.featPart[i+1]; p++ {
					l.pointOrder = append(l.pointOrder, pointMember{int32(i), l.partOff[p]})
				}
			}
		}
		sort.Slice(l.pointOrder, func(a, b int) bool { return l.pts[l.pointOrder[a].p][1] > l.pts[l.pointOrder[b].p][1] })
		boxes := make([]orb.Bound, len(l.lines))
		for k, i := range l.lines {
			boxes[k] = l.bounds[i]
		}
		l.rt = newRTree(boxes)
	}
	return d
}

// add appends feature f; false when its geometry has nothing to draw.
func (l *layer) add(f domain.Feature) (uint8, bool) {
	start := len(l.partOff) - 1
	startPts := len(l.pts)
	var kind uint8
	addPart := func(ps []orb.Point) {
		for _, p := range ps {
			l.pts = append(l.pts, Mercator(p))
		}
		l.partOff = append(l.partOff, int32(len(l.pts)))
	}
	switch g := f.Geometry.(type) {
	case orb.Point:
		kind = gPoint
		addPart([]orb.Point{g})
	case orb.MultiPoint:
		kind = gPoint
		for _, p := range g {
			addPart([]orb.Point{p})
		}
	case orb.LineString:
		kind = gLine
		addPart(g)
	case orb.MultiLineString:
		kind = gLine
		for _, ls := range g {
			addPart(ls)
		}
	case orb.Ring:
		kind = gPolygon
		addPart(g)
	case orb.Polygon:
		kind = gPolygon
		for _, r := range g {
			addPart(r)
		}
	case orb.MultiPolygon:
		kind = gPolygon
		for _, poly := range g {
			for _, r := range poly {
				addPart(r)
			}
		}
	default:
		return 0, false
	}
	if len(l.pts) == startPts {
		l.partOff = l.partOff[:start+1]
		return 0, false
	}
	b := orb.Bound{Min: l.pts[startPts], Max: l.pts[startPts]}
	for _, p := range l.pts[startPts+1:] {
		b = b.Extend(p)
	}
	l.ids = append(l.ids, f.ID)
	l.codes = append(l.codes, f.Code)
	l.kinds = append(l.kinds, f.Kind)
	l.statuses = append(l.statuses, f.Status)
	l.gkind = append(l.gkind, kind)
	l.bounds = append(l.bounds, b)
	l.featPart = append(l.featPart, int32(len(l.partOff)-1))
	if kind == gPolygon {
		l.hasArea = true
	}
	return kind, true
}

// ref resolves a feature reference.
func (d *mapData) layerOf(r featRef) *layer { return d.layers[r.l] }

// layerIndex is the index of class c's layer; -1 when the map has none.
func (d *mapData) layerIndex(c domain.Class) int { return slices.Index(d.classes, c) }

// pick finds the feature under world point p within tol metres among the visible
// layers: points first, then lines, then the smallest polygon containing p.
func (d *mapData) pick(p orb.Point, tol float64, visible [nLayers]bool) (featRef, bool) {
	if d.empty {
		return featRef{}, false
	}
	filter := func(ptr orb.Pointer) bool { return visible[ptr.(*pointRef).ref.l] }
	if near := d.qt.KNearestMatching(nil, p, 1, filter, tol); len(near) == 1 {
		return near[0].(*pointRef).ref, true
	}
	q := orb.Bound{Min: orb.Point{p[0] - tol, p[1] - tol}, Max: orb.Point{p[0] + tol, p[1] + tol}}
	best, bestDist := featRef{}, math.Inf(1)
	var inside featRef
	insideArea, found := math.Inf(1), false
	for li := len(d.layers) - 1; li >= 0; li-- {
		l := d.layers[li]
		if !visible[li] {
			continue
		}
		l.rt.search(q, func(k int32) bool {
			i := l.lines[k]
			if l.gkind[i] == gPolygon {
				if l.containsPoint(int(i), p) {
					b := l.bounds[i]
					if a := (b.Max[0] - b.Min[0]) * (b.Max[1] - b.Min[1]); a < insideArea {
						inside, insideArea, found = featRef{uint8(li), i}, a, true
					}
				}
				return true
			}
			if dist := l.distance(int(i), p); dist <= tol && dist < bestDist {
				best, bestDist = featRef{uint8(li), i}, dist
			}
			return true
		})
	}
	if !math.IsInf(bestDist, 1) {
		return best, true
	}
	return inside, found
}

// distance from p to feature i's lines.
func (l *layer) distance(i int, p orb.Point) float64 {
	best := math.Inf(1)
	l.parts(i, func(pts []orb.Point) {
		if len(pts) == 1 {
			best = math.Min(best, math.Hypot(pts[0][0]-p[0], pts[0][1]-p[1]))
		}
		for k := 1; k < len(pts); k++ {
			best = math.Min(best, segmentDistance(p, pts[k-1], pts[k]))
		}
	})
	return best
}

func segmentDistance(p, a, b orb.Point) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	t := 0.0
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = math.Max(0, math.Min(1, ((p[0]-a[0])*dx+(p[1]-a[1])*dy)/l2))
	}
	return math.Hypot(a[0]+t*dx-p[0], a[1]+t*dy-p[1])
}

// containsPoint tests p against feature i's rings by the even-odd rule, which also
// handles holes and the members of a multipolygon.
func (l *layer) containsPoint(i int, p orb.Point) bool {
	in := false
	l.parts(i, func(ring []orb.Point) {
		for a, b := 0, len(ring)-1; a < len(ring); b, a = a, a+1 {
			pa, pb := ring[a], ring[b]
			if (pa[1] > p[1]) != (pb[1] > p[1]) && p[0] < (pb[0]-pa[0])*(p[1]-pa[1])/(pb[1]-pa[1])+pa[0] {
				in = !in
			}
		}
	})
	return in
}

// inBox lists the features of the visible layers that lie in box b (world metres),
// wholly or in part: points inside it, lines and polygons that reach into it.
func (d *mapData) inBox(b orb.Bound, visible [nLayers]bool) []featRef {
	if d.empty {
		return nil
	}
	seen := map[featRef]bool{}
	var out []featRef
	filter := func(ptr orb.Pointer) bool { return visible[ptr.(*pointRef).ref.l] }
	for _, ptr := range d.qt.InBoundMatching(nil, b, filter) {
		r := ptr.(*pointRef).ref
		if !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	for li, l := range d.layers {
		if !visible[li] {
			continue
		}
		l.rt.search(b, func(k int32) bool {
			i := l.lines[k]
			if l.reaches(int(i), b) {
				out = append(out, featRef{uint8(li), i})
			}
			return true
		})
	}
	return out
}

// reaches reports whether feature i has a vertex or an edge inside b, or (a polygon)
// contains it.
func (l *layer) reaches(i int, b orb.Bound) bool {
	fb := l.bounds[i]
	if b.Contains(fb.Min) && b.Contains(fb.Max) {
		return true
	}
	hit := false
	l.parts(i, func(pts []orb.Point) {
		for k := 0; k < len(pts) && !hit; k++ {
			if b.Contains(pts[k]) || (k > 0 && segmentCrossesBox(pts[k-1], pts[k], b)) {
				hit = true
			}
		}
	})
	if !hit && l.gkind[i] == gPolygon {
		hit = l.containsPoint(i, b.Center())
	}
	return hit
}

// segmentCrossesBox tells whether segment ac crosses b: whether clipping it to b
// leaves anything.
func segmentCrossesBox(a, c orb.Point, b orb.Bound) bool {
	_, _, ok := clipSegment(a, c, b)
	return ok
}

// boundOf is the extent of refs in world metres.
func (d *mapData) boundOf(refs []featRef) (orb.Bound, bool) {
	var b orb.Bound
	for k, r := range refs {
		fb := d.layerOf(r).bounds[r.i]
		if k == 0 {
			b = fb
		} else {
			b = b.Union(fb)
		}
	}
	return b, len(refs) > 0
}
