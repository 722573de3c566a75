package exchange

import (
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkt"
)

var wktCases = []struct {
	in   string
	want orb.Geometry
	err  bool
}{
	{"POINT (2683335.2 1254073.1)", orb.Point{2683335.2, 1254073.1}, false},
	{"point(1 2)", orb.Point{1, 2}, false},
	{"POINT Z (1 2 3)", orb.Point{1, 2}, false},
	{"POINTZ(1 2 3)", orb.Point{1, 2}, false},
	{"POINT (1 2 3)", orb.Point{1, 2}, false},
	{"POINT ZM (1 2 3 4)", orb.Point{1, 2}, false},
	{"SRID=2056;POINT(1 2)", orb.Point{1, 2}, false},
	{"POINT EMPTY", nil, false},
	{"LINESTRING (0 0, 1 1, 2 0)", orb.LineString{{0, 0}, {1, 1}, {2, 0}}, false},
	{"LINESTRING Z (0 0 5, 1 1 5)", orb.LineString{{0, 0}, {1, 1}}, false},
	{"POLYGON ((0 0, 1 0, 1 1, 0 0), (0.2 0.1, 0.3 0.1, 0.3 0.2, 0.2 0.1))",
		orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}, {{0.2, 0.1}, {0.3, 0.1}, {0.3, 0.2}, {0.2, 0.1}}}, false},
	{"MULTIPOINT (1 2, 3 4)", orb.MultiPoint{{1, 2}, {3, 4}}, false},
	{"MULTIPOINT ((1 2), (3 4))", orb.MultiPoint{{1, 2}, {3, 4}}, false},
	{"MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))", orb.MultiLineString{{{0, 0}, {1, 1}}, {{2, 2}, {3, 3}}}, false},
	{"MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))",
		orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}, {{{5, 5}, {6, 5}, {6, 6}, {5, 5}}}}, false},
	{"GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))",
		orb.Collection{orb.Point{1, 2}, orb.LineString{{0, 0}, {1, 1}}}, false},
	{"POINT (1)", nil, true},
	{"POINT (1 2", nil, true},
	{"POINT (1 2) junk", nil, true},
	{"CIRCLE (1 2)", nil, true},
	{"POINT (1 2 3 4 5)", nil, true},
	{"POINT (NaN 1)", nil, true},
	{"", nil, true},
	{strings.Repeat("GEOMETRYCOLLECTION (", 20) + "POINT (1 2)" + strings.Repeat(")", 20), nil, true},
}

func TestParseWKT(t *testing.T) {
	for _, c := range wktCases {
		got, err := ParseWKT(c.in)
		if (err != nil) != c.err {
			t.Errorf("ParseWKT(%q) error %v, want error %v", c.in, err, c.err)
			continue
		}
		if !c.err && !orb.Equal(orEmpty(got), orEmpty(c.want)) {
			t.Errorf("ParseWKT(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

func orEmpty(g orb.Geometry) orb.Geometry {
	if g == nil {
		return orb.Collection{}
	}
	return g
}

// FuzzParseWKT checks the parser never panics and agrees with orb's WKT reader
// on every 2-D input orb accepts.
func FuzzParseWKT(f *testing.F) {
	for _, c := range wktCases {
		f.Add(c.in)
	}
	f.Add(wkt.MarshalString(orb.Polygon{{{1e-7, 2.5e6}, {3, 4}, {5, 6}, {1e-7, 2.5e6}}}))
	f.Fuzz(func(t *testing.T, s string) {
		g, err := ParseWKT(s)
		if err != nil {
			return
		}
		if g != nil {
			again, err := ParseWKT(wkt.MarshalString(g))
			if err != nil || !orb.Equal(orEmpty(again), orEmpty(g)) {
				t.Fatalf("%q → %v does not read back: %v, %v", s, g, again, err)
			}
		}
		theirs, err := wkt.Unmarshal(s)
		if err != nil || theirs == nil || g == nil {
			return
		}
		// orb keeps empty members and reads "POINT(1 2)1" leniently; compare only clean shapes.
		if strings.Contains(strings.ToUpper(s), "EMPTY") {
			return
		}
		if !orb.Equal(g, theirs) && g.GeoJSONType() == theirs.GeoJSONType() {
			t.Fatalf("%q: ours %v, orb's %v", s, g, theirs)
		}
	})
}
