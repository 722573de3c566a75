package shapefile_test

import (
	"math"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"cityledger/domain/exchange/shapefile"
	"cityledger/domain/geo"
	"cityledger/domain/testdata"
)

// Reference: ogrinfo (GDAL 3.6.2) on the same file; the total length is
// GDAL's ellipsoidal length after reprojection to WGS84 (data README).
func TestNanaimoWaterMains(t *testing.T) {
	r, err := shapefile.Open(testdata.Path(t, "watermains-nanaimo/nanaimo_water_pipes.shp"))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var names []string
	for _, f := range r.Fields() {
		names = append(names, f.Name)
	}
	col := func(name string) int {
		i := slices.Index(names, name)
		if i < 0 {
			t.Fatalf("no field %s in %v", name, names)
		}
		return i
	}
	pipeID, diameter, material, year := col("PIPEID"), col("DIAMETER"), col("MATERIAL"), col("YEAR")

	rp, err := geo.NewReprojector(r.PRJ())
	if err != nil {
		t.Fatal(err)
	}
	fs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 17755 || r.Deleted() != 0 {
		t.Fatalf("%d features, %d deleted; want 17755, 0", len(fs), r.Deleted())
	}
	var total float64
	for _, f := range fs {
		switch f.Geometry.(type) {
		case orb.LineString, orb.MultiLineString:
		default:
			t.Fatalf("feature %d: %T", f.Index, f.Geometry)
		}
		g, err := rp.Apply(f.Geometry)
		if err != nil {
			t.Fatalf("feature %d: %v", f.Index, err)
		}
		total += geo.Length(g)
	}
	first, last := fs[0].Attrs, fs[len(fs)-1].Attrs
	for _, c := range []struct{ got, want string }{
		{first[pipeID], "61179"}, {first[diameter], "200"}, {first[material], "CI"}, {first[year], "1932"},
		{last[pipeID], "1659"}, {last[material], "PVC"}, {last[year], "1989"},
	} {
		if c.got != c.want {
			t.Errorf("attribute %q, want %q", c.got, c.want)
		}
	}
	const want = 642_910.4
	if math.Abs(total-want)/want > 0.0005 {
		t.Errorf("total length %.1f m, want %.1f m within 0.05 %%", total, want)
	}
	t.Logf("total length %.1f m (GDAL %.1f m)", total, want)
}
