package main

import (
	"math"
	"strconv"

	"github.com/paulmach/orb"
)

// ---------------------------------------------------------------------------------------
// Construction and stated measures: WGS84 lon/lat, measured with the local equal-area
// approximation x = R·cos(lat0)·Δlon, y = R·Δlat (radians), R = 6371008.8 m, lat0 = the
// middle of the feature's latitude range. Coordinates are written with at most 7
// decimals (about 1 cm) and every stated length/area is measured from the written
// coordinates. The checks compare the stated figures with the ellipsoidal ones the
// importer measures (domain/geo): the approximation stays within 1 %. Stating the
// ellipsoidal figures instead would move every pipe's and road's stated length, and
// with them the report's figures, so the data keeps the approximation it was made with.
const earthR = 6371008.8

const rad = math.Pi / 180

type xy struct{ X, Y float64 }

func q7(v float64) float64 {
	f, err := strconv.ParseFloat(strconv.FormatFloat(v, 'f', 7, 64), 64)
	if err != nil {
		panic(err)
	}
	return f
}

func fmtCoord(v float64) string { return strconv.FormatFloat(v, 'f', 7, 64) }

func qpt(p orb.Point) orb.Point { return orb.Point{q7(p.Lon()), q7(p.Lat())} }

// frame is a local plane: metres east and north of (lon0, lat0).
type frame struct{ lon0, lat0, kx, ky float64 }

func newFrame(lon0, lat0, cosLat float64, rx, ry float64) frame {
	return frame{lon0, lat0, float64(rx*cosLat) * rad, ry * rad}
}

func (f frame) xy(p orb.Point) xy {
	return xy{float64((p.Lon() - f.lon0) * f.kx), float64((p.Lat() - f.lat0) * f.ky)}
}

func (f frame) pt(v xy) orb.Point { return orb.Point{f.lon0 + v.X/f.kx, f.lat0 + v.Y/f.ky} }

func midLat(ps []orb.Point) float64 {
	lo, hi := ps[0].Lat(), ps[0].Lat()
	for _, p := range ps {
		lo = math.Min(lo, p.Lat())
		hi = math.Max(hi, p.Lat())
	}
	return (lo + hi) / 2
}

// sphereFrame is the measuring frame of the brief: sphere of radius R at the feature's mid latitude.
func sphereFrame(ps []orb.Point) frame {
	lat0 := midLat(ps)
	return newFrame(ps[0].Lon(), lat0, math.Cos(lat0*rad), earthR, earthR)
}

func lengthIn(f frame, ps []orb.Point) float64 {
	var s float64
	for i := 1; i < len(ps); i++ {
		a, b := f.xy(ps[i-1]), f.xy(ps[i])
		dx, dy := b.X-a.X, b.Y-a.Y
		s += math.Sqrt(float64(dx*dx) + float64(dy*dy))
	}
	return s
}

// areaIn is the signed shoelace area of a closed ring (positive: counter-clockwise).
func areaIn(f frame, ring []orb.Point) float64 {
	var s float64
	for i := 0; i+1 < len(ring); i++ {
		a, b := f.xy(ring[i]), f.xy(ring[i+1])
		s += float64(a.X*b.Y) - float64(b.X*a.Y)
	}
	return s / 2
}

func lineLength(ps []orb.Point) float64 { return lengthIn(sphereFrame(ps), ps) }
func ringArea(ring []orb.Point) float64 { return areaIn(sphereFrame(ring), ring) }

// district is the construction frame for the whole demo district.
var district = newFrame(101.595, 26.605, math.Cos(26.605*rad), earthR, earthR)

func toXY(ps []orb.Point) []xy {
	out := make([]xy, len(ps))
	for i, p := range ps {
		out[i] = district.xy(p)
	}
	return out
}

func toPts(vs []xy) []orb.Point {
	out := make([]orb.Point, len(vs))
	for i, v := range vs {
		out[i] = qpt(district.pt(v))
	}
	return out
}

func dist(a, b xy) float64 { return math.Hypot(b.X-a.X, b.Y-a.Y) }

func polyLen(vs []xy) float64 {
	var s float64
	for i := 1; i < len(vs); i++ {
		s += dist(vs[i-1], vs[i])
	}
	return s
}

// at is the point at distance s along vs and the unit direction there.
func at(vs []xy, s float64) (xy, xy) {
	for i := 1; i < len(vs); i++ {
		d := dist(vs[i-1], vs[i])
		if s <= d || i == len(vs)-1 {
			t := s / d
			a, b := vs[i-1], vs[i]
			return xy{a.X + (b.X-a.X)*t, a.Y + (b.Y-a.Y)*t}, xy{(b.X - a.X) / d, (b.Y - a.Y) / d}
		}
		s -= d
	}
	panic("at: short line")
}

// subDist is the part of vs between distances s0 and s1, with the vertices in between.
func subDist(vs []xy, s0, s1 float64) []xy {
	p0, _ := at(vs, s0)
	out := []xy{p0}
	acc := 0.0
	for i := 1; i < len(vs)-1; i++ {
		acc += dist(vs[i-1], vs[i])
		if acc > s0+0.5 && acc < s1-0.5 {
			out = append(out, vs[i])
		}
	}
	p1, _ := at(vs, s1)
	return append(out, p1)
}

func subFrac(vs []xy, f0, f1 float64) []xy {
	l := polyLen(vs)
	return subDist(vs, f0*l, f1*l)
}

// offset shifts a polyline d metres to its left (negative: right), mitred at the vertices.
func offset(vs []xy, d float64) []xy {
	if d == 0 {
		return append([]xy(nil), vs...)
	}
	normal := func(i int) xy { // left normal of segment i→i+1
		l := dist(vs[i], vs[i+1])
		return xy{-(vs[i+1].Y - vs[i].Y) / l, (vs[i+1].X - vs[i].X) / l}
	}
	out := make([]xy, len(vs))
	for i := range vs {
		var n xy
		switch {
		case i == 0:
			n = normal(0)
		case i == len(vs)-1:
			n = normal(i - 1)
		default:
			a, b := normal(i-1), normal(i)
			m := xy{a.X + b.X, a.Y + b.Y}
			ml := math.Hypot(m.X, m.Y)
			m = xy{m.X / ml, m.Y / ml}
			k := 1 / (m.X*a.X + m.Y*a.Y)
			n = xy{m.X * k, m.Y * k}
		}
		out[i] = xy{vs[i].X + n.X*d, vs[i].Y + n.Y*d}
	}
	return out
}

// ccw closes a ring and orders it counter-clockwise.
func ccw(ring []orb.Point) []orb.Point {
	if ring[0] != ring[len(ring)-1] {
		ring = append(ring, ring[0])
	}
	if ringArea(ring) < 0 {
		for i, j := 0, len(ring)-1; i < j; i, j = i+1, j-1 {
			ring[i], ring[j] = ring[j], ring[i]
		}
	}
	return ring
}

// nudges lists small moves (in 1e-7 degree steps) by growing square rings: a deterministic search.
func nudges(maxR int) [][2]int {
	var out [][2]int
	for r := 0; r <= maxR; r++ {
		for i := -r; i <= r; i++ {
			for j := -r; j <= r; j++ {
				if max(abs(i), abs(j)) == r {
					out = append(out, [2]int{i, j})
				}
			}
		}
	}
	return out
}

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}

// fitRing moves one vertex by at most a few centimetres so that the ring's measured area,
// rounded to 0.01 ㎡, is target.
func fitRing(ring []orb.Point, target int64) []orb.Point {
	n := len(ring) - 1
	for v := 0; v < n; v++ {
		for _, d := range nudges(80) {
			c := append([]orb.Point(nil), ring...)
			c[v] = orb.Point{q7(ring[v].Lon() + float64(d[0])*1e-7), q7(ring[v].Lat() + float64(d[1])*1e-7)}
			if v == 0 {
				c[n] = c[0]
			}
			if centi(ringArea(c)) == target {
				return c
			}
		}
	}
	fail("cannot fit ring to area %s", fmtCenti(target))
	return nil
}

// fitLine moves the line's last vertex so that its measured length, rounded to 0.01 m, is target.
func fitLine(line []orb.Point, target int64) []orb.Point {
	last := len(line) - 1
	for _, d := range nudges(80) {
		c := append([]orb.Point(nil), line...)
		c[last] = orb.Point{q7(line[last].Lon() + float64(d[0])*1e-7), q7(line[last].Lat() + float64(d[1])*1e-7)}
		if centi(lineLength(c)) == target {
			return c
		}
	}
	fail("cannot fit line to length %s", fmtCenti(target))
	return nil
}
