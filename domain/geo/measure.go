// Package geo measures geometries on the WGS84 ellipsoid and reprojects them
// to WGS84 longitude/latitude.
//
// Lengths and areas use Karney's geodesic algorithms from PROJ's geodesic.h,
// the same code GIS tools use, so that registered lengths and areas agree
// with them (orb's geo package is spherical and off by about 0.3 %).
// Coordinates are orb's (longitude, latitude) in degrees.
package geo

/*
#cgo pkg-config: proj
#cgo noescape cl_length
#cgo nocallback cl_length
#cgo noescape cl_ring_area
#cgo nocallback cl_ring_area
#include <geodesic.h>

// Read-only after cl_init, so concurrent measurements need no lock.
static struct geod_geodesic wgs84;

static void cl_init(void) { geod_init(&wgs84, 6378137, 1 / 298.257223563); }

// xy holds n interleaved lon, lat pairs: orb's []Point layout, passed without copying.
static double cl_length(const double *xy, int n) {
	double total = 0, s12;
	for (int i = 1; i < n; i++) {
		geod_inverse(&wgs84, xy[2 * i - 1], xy[2 * i - 2], xy[2 * i + 1], xy[2 * i], &s12, 0, 0);
		total += s12;
	}
	return total;
}

static double cl_ring_area(const double *xy, int n) {
	struct geod_polygon p;
	double area = 0, perimeter = 0;
	geod_polygon_init(&p, 0);
	for (int i = 0; i < n; i++) {
		geod_polygon_addpoint(&wgs84, &p, xy[2 * i + 1], xy[2 * i]);
	}
	// sign=1: a clockwise ring gives a negative area instead of the rest of the Earth.
	geod_polygon_compute(&wgs84, &p, 0, 1, &area, &perimeter);
	return area;
}
*/
import "C"

import (
	"math"

	"github.com/paulmach/orb"
)

func init() { C.cl_init() }

// Length returns the ellipsoidal length in metres of the linear parts of g:
// LineStrings and MultiLineStrings, summed through Collections.
//
// Points and polygonal geometries (Ring, Polygon, MultiPolygon, Bound) give 0:
// a road or green area stored as a polygon has an area, and its perimeter is
// not its length (about twice it for a road), so callers must not get it by
// accident. This matches GDAL/SpatiaLite ST_Length(geom, 1).
func Length(g orb.Geometry) float64 {
	switch g := g.(type) {
	case orb.LineString:
		return lineLength(g)
	case orb.MultiLineString:
		var total float64
		for _, l := range g {
			total += lineLength(l)
		}
		return total
	case orb.Collection:
		var total float64
		for _, c := range g {
			total += Length(c)
		}
		return total
	}
	return 0
}

// Area returns the ellipsoidal area in square metres of the polygonal parts of
// g: each polygon's outer ring minus its holes, whatever the rings'
// orientation. Points and lines give 0; Collections are summed.
func Area(g orb.Geometry) float64 {
	switch g := g.(type) {
	case orb.Ring:
		return ringArea(g)
	case orb.Polygon:
		return polygonArea(g)
	case orb.MultiPolygon:
		var total float64
		for _, p := range g {
			total += polygonArea(p)
		}
		return total
	case orb.Bound:
		return ringArea(g.ToRing())
	case orb.Collection:
		var total float64
		for _, c := range g {
			total += Area(c)
		}
		return total
	}
	return 0
}

func lineLength(l orb.LineString) float64 {
	if len(l) < 2 {
		return 0
	}
	return float64(C.cl_length((*C.double)(&l[0][0]), C.int(len(l))))
}

func polygonArea(p orb.Polygon) float64 {
	if len(p) == 0 {
		return 0
	}
	a := ringArea(p[0])
	for _, hole := range p[1:] {
		a -= ringArea(hole)
	}
	return a
}

func ringArea(r orb.Ring) float64 {
	if len(r) < 3 {
		return 0
	}
	return math.Abs(float64(C.cl_ring_area((*C.double)(&r[0][0]), C.int(len(r)))))
}
