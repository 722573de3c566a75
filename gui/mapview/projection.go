package mapview

import (
	"math"

	"github.com/paulmach/orb"
)

// Web Mercator (EPSG:3857) on the WGS84 semi-major axis, the projection of every web
// map and of MBTiles: x and y in metres, y up.
const (
	earthRadius = 6378137.0
	// maxLat is where Web Mercator's square world ends.
	maxLat = 85.0511287798066
	// worldHalf is half the world's width in metres (π·R).
	worldHalf = math.Pi * earthRadius
)

// Mercator projects a WGS84 lon/lat point to Web Mercator metres. Latitudes beyond
// ±85.05° are clamped to the edge of the square world.
func Mercator(p orb.Point) orb.Point {
	lat := math.Max(-maxLat, math.Min(maxLat, p[1]))
	x := p[0] * math.Pi / 180 * earthRadius
	y := math.Log(math.Tan(math.Pi/4+lat*math.Pi/360)) * earthRadius
	return orb.Point{x, y}
}

// LonLat is the inverse of Mercator.
func LonLat(m orb.Point) orb.Point {
	lon := m[0] / earthRadius * 180 / math.Pi
	lat := (2*math.Atan(math.Exp(m[1]/earthRadius)) - math.Pi/2) * 180 / math.Pi
	return orb.Point{lon, lat}
}

// View is what the map shows: a centre in Web Mercator metres, a resolution in
// metres per pixel, and a size in device pixels. Screen y grows downwards.
type View struct {
	CX, CY float64
	Res    float64
	W, H   int
}

// Valid reports whether the view can be drawn.
func (v View) Valid() bool { return v.W > 0 && v.H > 0 && v.Res > 0 }

// ToScreen maps Web Mercator metres to pixel coordinates.
func (v View) ToScreen(m orb.Point) (x, y float64) {
	return (m[0]-v.CX)/v.Res + float64(v.W)/2, float64(v.H)/2 - (m[1]-v.CY)/v.Res
}

// ToWorld maps pixel coordinates to Web Mercator metres.
func (v View) ToWorld(x, y float64) orb.Point {
	return orb.Point{v.CX + (x-float64(v.W)/2)*v.Res, v.CY - (y-float64(v.H)/2)*v.Res}
}

// Bound is the view's extent in Web Mercator metres.
func (v View) Bound() orb.Bound {
	hw, hh := float64(v.W)/2*v.Res, float64(v.H)/2*v.Res
	return orb.Bound{Min: orb.Point{v.CX - hw, v.CY - hh}, Max: orb.Point{v.CX + hw, v.CY + hh}}
}

// Resolution limits: a few centimetres a pixel at the closest, the whole world at the farthest.
const (
	minRes = 0.02
	maxRes = 2 * worldHalf / 256
)

func clampRes(r float64) float64 { return math.Max(minRes, math.Min(maxRes, r)) }

// Zoom scales the view by factor (>1 zooms in) keeping the world point under pixel
// (x, y) where it is.
func (v View) Zoom(factor, x, y float64) View {
	anchor := v.ToWorld(x, y)
	v.Res = clampRes(v.Res / factor)
	// After the change the anchor must map back to (x, y).
	v.CX = anchor[0] - (x-float64(v.W)/2)*v.Res
	v.CY = anchor[1] + (y-float64(v.H)/2)*v.Res
	return v
}

// Pan moves the content by (dx, dy) pixels, as a drag does.
func (v View) Pan(dx, dy float64) View {
	v.CX -= dx * v.Res
	v.CY += dy * v.Res
	return v
}

// Fit centres b (Web Mercator metres) in a view of w×h pixels, leaving margin pixels
// free on each side. A point or an empty bound gets a street-level view.
func Fit(b orb.Bound, w, h int, margin float64) View {
	v := View{W: w, H: h, CX: (b.Min[0] + b.Max[0]) / 2, CY: (b.Min[1] + b.Max[1]) / 2}
	uw, uh := math.Max(1, float64(w)-2*margin), math.Max(1, float64(h)-2*margin)
	v.Res = math.Max((b.Max[0]-b.Min[0])/uw, (b.Max[1]-b.Min[1])/uh)
	if v.Res <= 0 || math.IsNaN(v.Res) {
		v.Res = 0.5
	}
	v.Res = clampRes(math.Max(v.Res, 0.25))
	return v
}

// GroundRes is the true metres per pixel at the view's centre: Web Mercator stretches
// distances by 1/cos(latitude).
func (v View) GroundRes() float64 {
	lat := LonLat(orb.Point{v.CX, v.CY})[1]
	return v.Res * math.Cos(lat*math.Pi/180)
}

func orbPoint(x, y float64) orb.Point { return orb.Point{x, y} }
