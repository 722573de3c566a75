package exchange

import (
	"encoding/json"
	"errors"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"cityledger/domain"
)

// Geometry rules, each with its catalogue sentence "rule.<name>".
const (
	ruleGeoJSONGeometry = "geometry_geojson"        // not a GeoJSON geometry object
	ruleGeometryNumber  = "geometry_number"         // a coordinate that is no finite number
	rulePosition        = "geometry_position"       // a position of fewer than two numbers
	ruleLinePoints      = "geometry_line_points"    // a line of fewer than two points
	ruleRingPoints      = "geometry_ring_points"    // a ring of fewer than four points
	ruleRingClosed      = "geometry_ring_closed"    // warning: an open ring was closed
	ruleSelfIntersect   = "geometry_self_intersect" // a ring crossing itself (a bow-tie)
	ruleHoleOutside     = "geometry_hole_outside"   // a hole not inside its shell
	ruleCoordsRange     = "coordinates_range"       // not lon/lat (a WGS84 file)
	ruleCoordsReproject = "coordinates_reprojected" // not lon/lat after reprojection
	ruleReproject       = "reproject"               // PROJ could not transform a point
	ruleWKT             = "wkt"                     // a WKT cell that does not parse
)

// maxGeometryDepth bounds nested GeometryCollections.
const maxGeometryDepth = 8

// decodeGeoJSONGeometry reads a GeoJSON geometry object strictly: every
// position has at least two finite numbers (a third is dropped), nothing is
// filled in. orb's decoder reads [] as (0, 0) and [101.6] as (101.6, 0).
// A geometry without any coordinates ("coordinates": []) is no geometry.
func decodeGeoJSONGeometry(raw []byte) (orb.Geometry, *domain.FieldError) {
	return decodeGeometryDepth(raw, 0)
}

func decodeGeometryDepth(raw []byte, depth int) (orb.Geometry, *domain.FieldError) {
	var g struct {
		Type        string            `json:"type"`
		Coordinates json.RawMessage   `json:"coordinates"`
		Geometries  []json.RawMessage `json:"geometries"`
	}
	bad := func(rule string, value []byte) *domain.FieldError {
		return &domain.FieldError{Field: GeometryField, Value: abbreviate(string(value)), Rule: rule}
	}
	if err := json.Unmarshal(raw, &g); err != nil {
		return nil, bad(ruleGeoJSONGeometry, raw)
	}
	if g.Type == "GeometryCollection" {
		if depth >= maxGeometryDepth {
			return nil, bad(ruleGeoJSONGeometry, raw)
		}
		var out orb.Collection
		for _, m := range g.Geometries {
			sub, fe := decodeGeometryDepth(m, depth+1)
			if fe != nil {
				return nil, fe
			}
			if sub != nil {
				out = append(out, sub)
			}
		}
		if len(out) == 0 {
			return nil, nil
		}
		return out, nil
	}
	c := g.Coordinates
	if len(c) == 0 || string(c) == "null" {
		return nil, bad(ruleGeoJSONGeometry, raw)
	}
	// null decodes into a float64 as 0 without complaint: refuse it first.
	if strings.Contains(string(c), "null") {
		return nil, bad(ruleGeometryNumber, c)
	}
	decode := func(v any) *domain.FieldError {
		if err := json.Unmarshal(c, v); err != nil {
			var te *json.UnmarshalTypeError
			if errors.As(err, &te) && strings.HasPrefix(te.Value, "number") {
				return bad(ruleGeometryNumber, c) // beyond float64: 1e400
			}
			return bad(ruleGeoJSONGeometry, c)
		}
		return nil
	}
	pos := func(p []float64) (orb.Point, *domain.FieldError) {
		if len(p) < 2 {
			b, _ := json.Marshal(p)
			return orb.Point{}, bad(rulePosition, b)
		}
		return orb.Point{p[0], p[1]}, nil
	}
	line := func(ps [][]float64) (orb.LineString, *domain.FieldError) {
		out := make(orb.LineString, 0, len(ps))
		for _, p := range ps {
			pt, fe := pos(p)
			if fe != nil {
				return nil, fe
			}
			out = append(out, pt)
		}
		return out, nil
	}
	poly := func(rs [][][]float64) (orb.Polygon, *domain.FieldError) {
		out := make(orb.Polygon, 0, len(rs))
		for _, r := range rs {
			l, fe := line(r)
			if fe != nil {
				return nil, fe
			}
			out = append(out, orb.Ring(l))
		}
		return out, nil
	}
	var out orb.Geometry
	switch g.Type {
	case "Point":
		var p []float64
		if fe := decode(&p); fe != nil {
			return nil, fe
		}
		pt, fe := pos(p)
		if fe != nil {
			return nil, fe
		}
		out = pt
	case "MultiPoint", "LineString":
		var ps [][]float64
		if fe := decode(&ps); fe != nil {
			return nil, fe
		}
		l, fe := line(ps)
		if fe != nil {
			return nil, fe
		}
		if g.Type == "MultiPoint" {
			out = orb.MultiPoint(l)
		} else {
			out = l
		}
	case "Polygon", "MultiLineString":
		var rs [][][]float64
		if fe := decode(&rs); fe != nil {
			return nil, fe
		}
		p, fe := poly(rs)
		if fe != nil {
			return nil, fe
		}
		if g.Type == "Polygon" {
			out = p
		} else {
			ml := make(orb.MultiLineString, len(p))
			for i := range p {
				ml[i] = orb.LineString(p[i])
			}
			out = ml
		}
	case "MultiPolygon":
		var ps [][][][]float64
		if fe := decode(&ps); fe != nil {
			return nil, fe
		}
		mp := make(orb.MultiPolygon, 0, len(ps))
		for _, rs := range ps {
			p, fe := poly(rs)
			if fe != nil {
				return nil, fe
			}
			mp = append(mp, p)
		}
		out = mp
	default:
		return nil, &domain.FieldError{Field: GeometryField, Value: abbreviate(g.Type), Rule: ruleGeoJSONGeometry}
	}
	if pointCount(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// pointCount is the number of positions in g.
func pointCount(g orb.Geometry) int {
	switch g := g.(type) {
	case nil:
		return 0
	case orb.Point:
		return 1
	case orb.MultiPoint:
		return len(g)
	case orb.LineString:
		return len(g)
	case orb.Ring:
		return len(g)
	case orb.Polygon:
		n := 0
		for _, r := range g {
			n += len(r)
		}
		return n
	case orb.MultiLineString:
		n := 0
		for _, l := range g {
			n += len(l)
		}
		return n
	case orb.MultiPolygon:
		n := 0
		for _, p := range g {
			n += pointCount(p)
		}
		return n
	case orb.Collection:
		n := 0
		for _, m := range g {
			n += pointCount(m)
		}
		return n
	case orb.Bound:
		return 2
	}
	return 0
}

// IsEmptyGeometry reports whether g has no position at all: what an export
// writes as no geometry (an empty cell, null), never as "POLYGON(())".
func IsEmptyGeometry(g orb.Geometry) bool { return pointCount(g) == 0 }

// geometryProblem is one finding of checkGeometry.
type geometryProblem struct {
	rule   string
	value  string
	params map[string]string
	repair bool // a warning: the geometry was repaired as the message says
}

// checkGeometry validates a geometry in WGS84 longitude/latitude and repairs
// what can be repaired without guessing: an open ring is closed by repeating
// its first point (a warning). Errors: a coordinate that is no finite number
// or outside −180…180 / −90…90; a line of fewer than two points; a ring of
// fewer than four points (after closing); a ring crossing or touching itself
// (a bow-tie); a hole not inside its shell. reprojected tells which message
// a coordinate out of range deserves.
func checkGeometry(g orb.Geometry, reprojected bool) (orb.Geometry, []geometryProblem) {
	c := &geomChecker{reprojected: reprojected}
	out := c.geometry(g)
	if c.failed() {
		return nil, c.problems
	}
	return out, c.problems
}

type geomChecker struct {
	reprojected bool
	problems    []geometryProblem
}

func (c *geomChecker) failed() bool {
	for _, p := range c.problems {
		if !p.repair {
			return true
		}
	}
	return false
}

func (c *geomChecker) add(rule, value string, params map[string]string) {
	c.problems = append(c.problems, geometryProblem{rule: rule, value: value, params: params})
}

func (c *geomChecker) geometry(g orb.Geometry) orb.Geometry {
	if !c.coordinates(g) {
		return g
	}
	switch g := g.(type) {
	case orb.LineString:
		c.line(g, 0)
		return g
	case orb.MultiLineString:
		for i, l := range g {
			c.line(l, i+1)
		}
		return g
	case orb.Polygon:
		return c.polygon(g, 0)
	case orb.MultiPolygon:
		out := make(orb.MultiPolygon, len(g))
		for i, p := range g {
			out[i] = c.polygon(p, i+1)
		}
		return out
	case orb.Collection:
		out := make(orb.Collection, len(g))
		for i, m := range g {
			out[i] = c.geometry(m)
		}
		return out
	}
	return g
}

// coordinates checks every position is a finite longitude/latitude; it
// reports the first one that is not.
func (c *geomChecker) coordinates(g orb.Geometry) bool {
	ok := true
	eachPoint(g, func(p orb.Point) bool {
		switch {
		case math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0):
			c.add(ruleGeometryNumber, pointText(p), nil)
		case p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90:
			rule := ruleCoordsRange
			if c.reprojected {
				rule = ruleCoordsReproject
			}
			c.add(rule, pointText(p), nil)
		default:
			return true
		}
		ok = false
		return false
	})
	return ok
}

func eachPoint(g orb.Geometry, f func(orb.Point) bool) bool {
	switch g := g.(type) {
	case orb.Point:
		return f(g)
	case orb.MultiPoint:
		for _, p := range g {
			if !f(p) {
				return false
			}
		}
	case orb.LineString:
		return eachPoint(orb.MultiPoint(g), f)
	case orb.Ring:
		return eachPoint(orb.MultiPoint(g), f)
	case orb.MultiLineString:
		for _, l := range g {
			if !eachPoint(orb.MultiPoint(l), f) {
				return false
			}
		}
	case orb.Polygon:
		for _, r := range g {
			if !eachPoint(orb.MultiPoint(r), f) {
				return false
			}
		}
	case orb.MultiPolygon:
		for _, p := range g {
			if !eachPoint(p, f) {
				return false
			}
		}
	case orb.Collection:
		for _, m := range g {
			if !eachPoint(m, f) {
				return false
			}
		}
	}
	return true
}

func pointText(p orb.Point) string {
	return strconv.FormatFloat(p[0], 'g', -1, 64) + ", " + strconv.FormatFloat(p[1], 'g', -1, 64)
}

// line needs two distinct points. part numbers a multi-line's member (0: a single line).
func (c *geomChecker) line(l orb.LineString, part int) {
	distinct := 0
	for i := range l {
		if i == 0 || l[i] != l[i-1] {
			distinct++
		}
	}
	if distinct < 2 {
		c.add(ruleLinePoints, "", map[string]string{"N": strconv.Itoa(distinct), "Part": partText(part)})
	}
}

func partText(part int) string {
	if part == 0 {
		return ""
	}
	return strconv.Itoa(part)
}

// polygon checks (and closes) its rings, then that every hole lies in the shell.
func (c *geomChecker) polygon(p orb.Polygon, part int) orb.Polygon {
	out := make(orb.Polygon, len(p))
	ok := true
	for i, r := range p {
		closed, good := c.ring(r, ringLabel(part, i))
		out[i] = closed
		ok = ok && good
	}
	if !ok || len(out) < 2 {
		return out
	}
	for i, hole := range out[1:] {
		if !ringInside(hole, out[0]) {
			c.add(ruleHoleOutside, "", map[string]string{"Ring": ringLabel(part, i+1)})
		}
	}
	return out
}

// ringLabel names a ring for a person: 1 is a polygon's outer ring, 2… its
// holes; in a multipolygon "2.1" is the second polygon's outer ring.
func ringLabel(part, i int) string {
	if part == 0 {
		return strconv.Itoa(i + 1)
	}
	return strconv.Itoa(part) + "." + strconv.Itoa(i+1)
}

// ring closes an open ring (a warning), then needs four points and no crossing.
func (c *geomChecker) ring(r orb.Ring, label string) (orb.Ring, bool) {
	if len(r) > 0 && r[0] != r[len(r)-1] {
		closed := make(orb.Ring, len(r), len(r)+1)
		copy(closed, r)
		r = append(closed, r[0])
		if len(r) >= 4 {
			c.problems = append(c.problems, geometryProblem{rule: ruleRingClosed, repair: true,
				params: map[string]string{"Ring": label, "Point": pointText(r[0])}})
		}
	}
	if n := distinctPoints(r); len(r) < 4 || n < 3 {
		c.add(ruleRingPoints, "", map[string]string{"Ring": label, "N": strconv.Itoa(min(len(r), n+1))})
		return r, false
	}
	if at, crossed := selfIntersection(r); crossed {
		c.add(ruleSelfIntersect, "", map[string]string{"Ring": label, "At": pointText(at)})
		return r, false
	}
	return r, true
}

// distinctPoints counts a closed ring's distinct positions (its last repeats its first).
func distinctPoints(r orb.Ring) int {
	seen := map[orb.Point]bool{}
	for _, p := range r {
		seen[p] = true
	}
	return len(seen)
}

// selfIntersection finds where a closed ring crosses or touches itself, other
// than where consecutive edges meet. A sweep over the edges sorted by their
// smallest x compares only edges whose x ranges overlap.
func selfIntersection(r orb.Ring) (orb.Point, bool) {
	// Repeated points make zero-length edges that touch their neighbours: drop them.
	pts := make([]orb.Point, 0, len(r))
	for i, p := range r {
		if i == 0 || p != r[i-1] {
			pts = append(pts, p)
		}
	}
	n := len(pts) - 1 // edges; pts[n] == pts[0]
	if n < 3 {
		return orb.Point{}, false // too few distinct points: ring() says so
	}
	type edge struct {
		i          int
		minX, maxX float64 // along the sweep's axis
	}
	// Sweep along the ring's longer side: a long thin ring (a road's outline)
	// then has short edge ranges, and few pairs to compare.
	axis := 0
	if b := orb.Ring(pts).Bound(); b.Max[1]-b.Min[1] > b.Max[0]-b.Min[0] {
		axis = 1
	}
	edges := make([]edge, n)
	for i := 0; i < n; i++ {
		a, b := pts[i], pts[i+1]
		edges[i] = edge{i, math.Min(a[axis], b[axis]), math.Max(a[axis], b[axis])}
	}
	sort.Slice(edges, func(a, b int) bool { return edges[a].minX < edges[b].minX })
	for a := 0; a < n; a++ {
		ea := edges[a]
		for b := a + 1; b < n && edges[b].minX <= ea.maxX; b++ {
			eb := edges[b]
			i, j := ea.i, eb.i
			if i > j {
				i, j = j, i
			}
			adjacent := j == i+1 || (i == 0 && j == n-1)
			p1, p2, q1, q2 := pts[i], pts[i+1], pts[j], pts[j+1]
			if adjacent {
				// Consecutive edges share one point; they may not fold back onto each other.
				if collinearOverlap(p1, p2, q1, q2) {
					return sharedPoint(p1, p2, q1, q2), true
				}
				continue
			}
			if at, ok := segmentsIntersect(p1, p2, q1, q2); ok {
				return at, true
			}
		}
	}
	return orb.Point{}, false
}

func cross(o, a, b orb.Point) float64 {
	return (a[0]-o[0])*(b[1]-o[1]) - (a[1]-o[1])*(b[0]-o[0])
}

func onSegment(p, q, r orb.Point) bool {
	return math.Min(p[0], r[0]) <= q[0] && q[0] <= math.Max(p[0], r[0]) &&
		math.Min(p[1], r[1]) <= q[1] && q[1] <= math.Max(p[1], r[1])
}

func sign(v float64) int {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

// segmentsIntersect reports whether segments p1p2 and q1q2 share any point.
func segmentsIntersect(p1, p2, q1, q2 orb.Point) (orb.Point, bool) {
	d1 := sign(cross(q1, q2, p1))
	d2 := sign(cross(q1, q2, p2))
	d3 := sign(cross(p1, p2, q1))
	d4 := sign(cross(p1, p2, q2))
	if d1 != d2 && d3 != d4 && d1 != 0 && d2 != 0 && d3 != 0 && d4 != 0 {
		t := cross(q1, q2, p1) / (cross(q1, q2, p1) - cross(q1, q2, p2))
		return orb.Point{p1[0] + t*(p2[0]-p1[0]), p1[1] + t*(p2[1]-p1[1])}, true
	}
	switch {
	case d1 == 0 && onSegment(q1, p1, q2):
		return p1, true
	case d2 == 0 && onSegment(q1, p2, q2):
		return p2, true
	case d3 == 0 && onSegment(p1, q1, p2):
		return q1, true
	case d4 == 0 && onSegment(p1, q2, p2):
		return q2, true
	}
	return orb.Point{}, false
}

// collinearOverlap: two consecutive edges on one line that overlap beyond their shared point (a spike folding back).
func collinearOverlap(p1, p2, q1, q2 orb.Point) bool {
	if cross(p1, p2, q1) != 0 || cross(p1, p2, q2) != 0 {
		return false
	}
	shared := sharedPoint(p1, p2, q1, q2)
	other := func(a, b orb.Point) orb.Point {
		if a == shared {
			return b
		}
		return a
	}
	u, v := other(p1, p2), other(q1, q2)
	// Overlap when both far ends lie on the same side of the shared point.
	du := orb.Point{u[0] - shared[0], u[1] - shared[1]}
	dv := orb.Point{v[0] - shared[0], v[1] - shared[1]}
	return du[0]*dv[0]+du[1]*dv[1] > 0
}

func sharedPoint(p1, p2, q1, q2 orb.Point) orb.Point {
	if p1 == q1 || p1 == q2 {
		return p1
	}
	return p2
}

// ringInside reports whether every point of hole lies in shell (or on its edge).
func ringInside(hole, shell orb.Ring) bool {
	for _, p := range hole {
		if !planar.RingContains(shell, p) && !onRing(shell, p) {
			return false
		}
	}
	return true
}

func onRing(r orb.Ring, p orb.Point) bool {
	for i := 0; i+1 < len(r); i++ {
		if cross(r[i], r[i+1], p) == 0 && onSegment(r[i], p, r[i+1]) {
			return true
		}
	}
	return false
}
