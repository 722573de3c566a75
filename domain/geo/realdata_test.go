package geo_test

import (
	"os"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"cityledger/domain/exchange/shapefile"
	"cityledger/domain/geo"
	"cityledger/domain/testdata"
)

// Reference totals: GDAL 3.6.2, ellipsoidal, from the data README.
func TestRealDataTotals(t *testing.T) {
	tests := []struct {
		file    string
		count   int
		measure func(orb.Geometry) float64
		want    float64
	}{
		{"greenspace-cambridge/RECREATION_OpenSpace.geojson", 276, geo.Area, 3_714_462.8},
		// 3-D coordinates: orb keeps lon, lat and drops the height.
		{"wastewater-niagara/niagara_wastewater_mains.geojson", 4289, geo.Length, 314_236.2},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			fc := readGeoJSON(t, testdata.Path(t, tt.file))
			if len(fc.Features) != tt.count {
				t.Fatalf("%d features, want %d", len(fc.Features), tt.count)
			}
			var total float64
			for _, f := range fc.Features {
				total += tt.measure(f.Geometry)
			}
			checkRel(t, "total", total, tt.want, 0.0005)
			t.Logf("total %.1f, GDAL %.1f", total, tt.want)
		})
	}
}

func readGeoJSON(t testing.TB, path string) *geojson.FeatureCollection {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		t.Fatal(err)
	}
	return fc
}

func BenchmarkLengthNanaimo(b *testing.B) {
	r, err := shapefile.Open(testdata.Path(b, "watermains-nanaimo/nanaimo_water_pipes.shp"))
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	fs, err := r.ReadAll()
	if err != nil {
		b.Fatal(err)
	}
	rp, err := geo.NewReprojector(r.PRJ())
	if err != nil {
		b.Fatal(err)
	}
	lines := make([]orb.Geometry, len(fs))
	for i, f := range fs {
		if lines[i], err = rp.Apply(f.Geometry); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		var total float64
		for _, g := range lines {
			total += geo.Length(g)
		}
		if total < 600_000 {
			b.Fatal(total)
		}
	}
}
