package geo_test

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/paulmach/orb"

	"cityledger/domain/geo"
)

// The ESRI WKT of the Nanaimo shapefile's .prj (NAD83 / UTM 10N).
const nanaimoPRJ = `PROJCS["NAD_1983_UTM_Zone_10N",GEOGCS["GCS_North_American_1983",DATUM["D_North_American_1983",SPHEROID["GRS_1980",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["Degree",0.017453292519943295]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",-123],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["Meter",1]]`

// Expected values come from PROJ 9.1.1's cs2cs (which takes the CRSs' own axis
// order: northing first for the CGCS2000 Gauss–Krüger CRSs), e.g.
//
//	echo "2683335.2 1254073.1" | cs2cs -d 9 EPSG:2056 EPSG:4326   → 47.432181998 8.543260316
//	echo "430000 5445000"      | cs2cs -d 9 EPSG:26910 EPSG:4326  → 49.153828223 -123.960001912
//	echo "2943000 460000"      | cs2cs -d 9 EPSG:4543 EPSG:4326   → 26.596634396 101.598422056
//	echo "2943000 34460000"    | cs2cs -d 9 EPSG:4522 EPSG:4326   → 26.596634396 101.598422056
//
// and gdaltransform -s_srs EPSG:26910 -t_srs EPSG:4326 agrees for UTM. EPSG:4543
// is CGCS2000 3-degree Gauss–Krüger CM 102°E (false easting 500000, the zone
// for Panzhihua at 101.6°E); EPSG:4522 is the same zone 34 with the zone
// number prefixed to the easting (false easting 34500000) — check with
// `projinfo EPSG:4543`.
func TestControlPoints(t *testing.T) {
	tests := []struct {
		src      string
		in       orb.Point
		lon, lat float64
	}{
		{"EPSG:2056", orb.Point{2683335.2, 1254073.1}, 8.543260316, 47.432181998},
		{"epsg:2056", orb.Point{2683335.2, 1254073.1}, 8.543260316, 47.432181998},
		{"2056", orb.Point{2683335.2, 1254073.1}, 8.543260316, 47.432181998},
		{"EPSG:26910", orb.Point{430000, 5445000}, -123.960001912, 49.153828223},
		{nanaimoPRJ, orb.Point{430000, 5445000}, -123.960001912, 49.153828223},
		{"+proj=utm +zone=10 +datum=NAD83 +units=m +no_defs", orb.Point{430000, 5445000}, -123.960001912, 49.153828223},
		{"EPSG:4543", orb.Point{460000, 2943000}, 101.598422056, 26.596634396},
		{"EPSG:4522", orb.Point{34460000, 2943000}, 101.598422056, 26.596634396},
		// A geographic CRS that EPSG declares latitude first still takes lon, lat.
		{"EPSG:4490", orb.Point{101.6, 26.6}, 101.6, 26.6},
	}
	for _, tt := range tests {
		t.Run(tt.src[:min(len(tt.src), 20)], func(t *testing.T) {
			r, err := geo.NewReprojector(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			g, err := r.Apply(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			p := g.(orb.Point)
			// 1e-8° is about 1 mm.
			if math.Abs(p.Lon()-tt.lon) > 1e-8 || math.Abs(p.Lat()-tt.lat) > 1e-8 {
				t.Errorf("%v → %.9f, %.9f; want %.9f, %.9f", tt.in, p.Lon(), p.Lat(), tt.lon, tt.lat)
			}
		})
	}
}

func TestWGS84IsACopy(t *testing.T) {
	for _, src := range []string{"", "EPSG:4326", "epsg:4326", " 4326 ", "OGC:CRS84"} {
		r, err := geo.NewReprojector(src)
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		in := orb.LineString{{8.5, 47.3}, {8.6, 47.4}}
		out, err := r.Apply(in)
		if err != nil {
			t.Fatal(err)
		}
		if !orb.Equal(in, out) {
			t.Errorf("%q: %v became %v", src, in, out)
		}
		out.(orb.LineString)[0][0] = 0
		if in[0][0] != 8.5 {
			t.Errorf("%q: Apply returned its input, not a copy", src)
		}
	}
}

func TestUnknownCRS(t *testing.T) {
	for _, src := range []string{"EPSG:999999", "EPSG:0", "not a crs", `PROJCS["broken",GEOGCS[`, "+proj=nonsense", "EPSG:5773" /* vertical */} {
		_, err := geo.NewReprojector(src)
		var crsErr *geo.CRSError
		if !errors.As(err, &crsErr) {
			t.Errorf("%q: error %v, want a *CRSError", src, err)
			continue
		}
		if crsErr.CRS != src || !strings.Contains(err.Error(), src) {
			t.Errorf("%q: error %q does not name the CRS", src, err)
		}
	}
}

func TestApplyKeepsShapes(t *testing.T) {
	r, err := geo.NewReprojector("EPSG:2056")
	if err != nil {
		t.Fatal(err)
	}
	p := orb.Point{2683335.2, 1254073.1}
	q := orb.Point{2683435.2, 1254173.1}
	s := orb.Point{2683335.2, 1254173.1}
	ring := orb.Ring{p, q, s, p}
	nonEmpty := []orb.Geometry{
		p,
		orb.MultiPoint{p, q},
		orb.LineString{p, q, s},
		orb.MultiLineString{{p, q}, {q, s, p}},
		ring,
		orb.Polygon{ring, ring},
		orb.MultiPolygon{{ring}, {ring, ring}},
		orb.Bound{Min: p, Max: q},
		orb.Collection{p, orb.LineString{p, q}, orb.Collection{orb.Polygon{ring}}},
	}
	for i, g := range append(nonEmpty, orb.AllGeometries...) {
		out, err := r.Apply(g)
		if err != nil {
			t.Errorf("%T: %v", g, err)
			continue
		}
		if g == nil {
			if out != nil {
				t.Errorf("nil became %v", out)
			}
			continue
		}
		if shape(out) != shape(g) {
			t.Errorf("%T: shape %s became %s", g, shape(g), shape(out))
		}
		if b := out.Bound(); i < len(nonEmpty) && (b.Min.Lon() < 8.54 || b.Max.Lat() > 47.44) {
			t.Errorf("%T: %v not transformed", g, b)
		}
	}
	// The input must not change, and output slices must not overwrite each other.
	mls := orb.MultiLineString{{p, q}, {s}}
	out, _ := r.Apply(mls)
	if mls[0][0] != p {
		t.Error("Apply modified its input")
	}
	o := out.(orb.MultiLineString)
	o[0] = append(o[0], orb.Point{})
	if o[1][0] == (orb.Point{}) {
		t.Error("appending to one output line overwrote the next")
	}
}

// shape describes a geometry's structure without its coordinates.
func shape(g orb.Geometry) string {
	switch g := g.(type) {
	case orb.Point:
		return "P"
	case orb.MultiPoint:
		return fmt.Sprintf("MP%d%v", len(g), g == nil)
	case orb.LineString:
		return fmt.Sprintf("L%d%v", len(g), g == nil)
	case orb.Ring:
		return fmt.Sprintf("R%d%v", len(g), g == nil)
	case orb.MultiLineString:
		s := fmt.Sprintf("ML%v(", g == nil)
		for _, l := range g {
			s += shape(l)
		}
		return s + ")"
	case orb.Polygon:
		s := fmt.Sprintf("Pg%v(", g == nil)
		for _, r := range g {
			s += shape(r)
		}
		return s + ")"
	case orb.MultiPolygon:
		s := fmt.Sprintf("MPg%v(", g == nil)
		for _, p := range g {
			s += shape(p)
		}
		return s + ")"
	case orb.Bound:
		return "B"
	case orb.Collection:
		s := fmt.Sprintf("C%v(", g == nil)
		for _, c := range g {
			s += shape(c)
		}
		return s + ")"
	}
	return fmt.Sprintf("%T", g)
}

func TestApplyReportsPointsOutsideTheDomain(t *testing.T) {
	r, err := geo.NewReprojector("EPSG:26910")
	if err != nil {
		t.Fatal(err)
	}
	_, err = r.Apply(orb.LineString{{430000, 5445000}, {1e30, 1e30}})
	if err == nil || !strings.Contains(err.Error(), "point 2") || !strings.Contains(err.Error(), "EPSG:26910") {
		t.Errorf("error %v, want one naming point 2 and the CRS", err)
	}
	_, err = r.Apply(orb.Point{math.NaN(), 5445000})
	if err == nil {
		t.Error("NaN: no error")
	}
}

func TestApplyConcurrently(t *testing.T) {
	r, err := geo.NewReprojector("EPSG:2056")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := r.Apply(orb.Point{2683335.2, 1254073.1})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 200 {
				got, err := r.Apply(orb.Point{2683335.2, 1254073.1})
				if err != nil || got != want {
					t.Errorf("got %v, %v; want %v", got, err, want)
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestParseEPSG(t *testing.T) {
	for s, want := range map[string]int{"EPSG:2056": 2056, "epsg:2056": 2056, "2056": 2056, " EPSG:4545 ": 4545, "Epsg: 26910": 26910} {
		if got, err := geo.ParseEPSG(s); err != nil || got != want {
			t.Errorf("ParseEPSG(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"", "EPSG:", "EPSG", "EPSG:abc", "0", "-2056", "EPSG:20 56", "2056.0", "EPSG:99999999999999999999", "ESRI:102100"} {
		if _, err := geo.ParseEPSG(s); err == nil {
			t.Errorf("ParseEPSG(%q): no error", s)
		}
	}
}

func BenchmarkApply100kPoints(b *testing.B) {
	r, err := geo.NewReprojector("EPSG:2056")
	if err != nil {
		b.Fatal(err)
	}
	ls := make(orb.LineString, 100_000)
	for i := range ls {
		ls[i] = orb.Point{2677520.8 + float64(i%1000)*10, 1241879.2 + float64(i/1000)*100}
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := r.Apply(ls); err != nil {
			b.Fatal(err)
		}
	}
}

// customPoint is a Geometry that orb does not define.
type customPoint struct{ orb.Point }

func TestApplyRejectsUnknownGeometryTypes(t *testing.T) {
	for _, src := range []string{"EPSG:2056", geo.WGS84} {
		r, err := geo.NewReprojector(src)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Apply(orb.Collection{customPoint{}}); err == nil || !strings.Contains(err.Error(), "customPoint") {
			t.Errorf("%s: error %v, want one naming the type", src, err)
		}
	}
}
