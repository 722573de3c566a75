package geo_test

import (
	"math"
	"testing"

	"github.com/paulmach/orb"

	"cityledger/domain/geo"
)

// Shapes shared by the GDAL comparisons below.
var (
	zurichLine   = orb.LineString{{8.5, 47.3}, {8.6, 47.4}, {8.7, 47.35}}
	longLine     = orb.LineString{{-123.9, 49.1}, {-79.2, 43.1}}
	panzhihuaMLS = orb.MultiLineString{
		{{101.6, 26.55}, {101.65, 26.58}, {101.72, 26.59}},
		{{101.7, 26.5}, {101.7, 26.6}},
	}
	squareHole = orb.Polygon{
		{{101.6, 26.5}, {101.7, 26.5}, {101.7, 26.6}, {101.6, 26.6}, {101.6, 26.5}},
		{{101.62, 26.52}, {101.62, 26.54}, {101.64, 26.54}, {101.64, 26.52}, {101.62, 26.52}},
	}
	cambridgeTriangle = orb.Polygon{{{-71.12, 42.37}, {-71.10, 42.37}, {-71.11, 42.39}, {-71.12, 42.37}}}
	bigPoly           = orb.Polygon{{{0, 1}, {10, 1}, {10, 60}, {0, 60}, {0, 1}}}
)

// want values: GDAL 3.6.2 / SpatiaLite 5.0.1 on these shapes as GeoJSON,
//
//	ogrinfo -q -dialect sqlite -sql "SELECT id, ST_Length(geometry,1), ST_Area(geometry,1) FROM shapes" shapes.geojson
func TestMeasuresAgreeWithGDAL(t *testing.T) {
	tests := []struct {
		name         string
		g            orb.Geometry
		length, area float64
	}{
		{"zurich line", zurichLine, 22819.7693, 0},
		{"long line", longLine, 3467666.5273, 0},
		{"multilinestring", panzhihuaMLS, 24129.0792, 0},
		{"polygon with hole", squareHole, 0, 105988296.0002},
		{"multipolygon", orb.MultiPolygon{squareHole, cambridgeTriangle}, 0, 107817928.0556},
		{"10x59 degrees", bigPoly, 0, 6008769109105.9710},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkRel(t, "Length", geo.Length(tt.g), tt.length, 1e-4)
			checkRel(t, "Area", geo.Area(tt.g), tt.area, 1e-4)
		})
	}
}

func TestAreaIgnoresOrientationAndSubtractsHoles(t *testing.T) {
	outer := geo.Area(orb.Polygon{squareHole[0]})
	hole := geo.Area(orb.Polygon{squareHole[1]})
	reversed := orb.Polygon{squareHole[0].Clone(), squareHole[1].Clone()}
	reversed[0].Reverse()
	reversed[1].Reverse()
	if got := geo.Area(reversed); math.Abs(got-(outer-hole)) > 1e-6 {
		t.Errorf("reversed rings: %v m², want %v", got, outer-hole)
	}
	if got := geo.Area(squareHole[0]); got != outer {
		t.Errorf("Ring: %v m², want %v", got, outer)
	}
	coll := orb.Collection{squareHole, zurichLine, orb.Point{1, 2}, panzhihuaMLS}
	if got, want := geo.Area(coll), geo.Area(squareHole); got != want {
		t.Errorf("Area(collection) = %v, want %v", got, want)
	}
	if got, want := geo.Length(coll), geo.Length(zurichLine)+geo.Length(panzhihuaMLS); math.Abs(got-want) > 1e-9 {
		t.Errorf("Length(collection) = %v, want %v", got, want)
	}
	b := orb.Bound{Min: orb.Point{101.6, 26.5}, Max: orb.Point{101.7, 26.6}}
	if got := geo.Area(b); math.Abs(got-outer) > 1e-6 {
		t.Errorf("Area(bound) = %v, want %v", got, outer)
	}
}

func TestMeasuresOfEveryGeometryKind(t *testing.T) {
	for _, g := range orb.AllGeometries {
		if l, a := geo.Length(g), geo.Area(g); l != 0 || a != 0 {
			t.Errorf("%T %v: Length %v, Area %v, want 0", g, g, l, a)
		}
	}
	for _, g := range []orb.Geometry{
		orb.Point{101.6, 26.5},
		orb.MultiPoint{{101.6, 26.5}, {101.7, 26.6}},
		orb.LineString{{101.6, 26.5}},
		orb.Ring{{101.6, 26.5}, {101.7, 26.6}},
	} {
		if l, a := geo.Length(g), geo.Area(g); l != 0 || a != 0 {
			t.Errorf("%T %v: Length %v, Area %v, want 0", g, g, l, a)
		}
	}
	// Polygons have no length: see the Length doc.
	if l := geo.Length(squareHole); l != 0 {
		t.Errorf("Length(polygon) = %v, want 0", l)
	}
}

func checkRel(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if want == 0 {
		if got != 0 {
			t.Errorf("%s = %v, want 0", what, got)
		}
		return
	}
	if rel := math.Abs(got-want) / want; rel > tol {
		t.Errorf("%s = %.4f, want %.4f (off by %.5f %%, tolerance %.3f %%)", what, got, want, rel*100, tol*100)
	}
}
