package exchange

import (
	"bytes"
	"context"
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"cityledger/domain"
	"cityledger/domain/geo"
	"cityledger/domain/i18n"
	"cityledger/domain/testdata"
)

// The expected figures are GDAL's (shared data README), computed independently
// of this code; totals must agree within 0.05 %.
const realTolerance = 0.0005

// realCase is one import of a real dataset.
type realCase struct {
	kind                 Kind
	file                 string
	maps, sets, values   []string
	crs, dateFormat      string
	skipInvalid          bool
	rows, kept, rejected int
	lengthM, areaM2      float64 // expected totals of the kept assets' geometry, 0: not checked
	meanLon, meanLat     float64 // expected mean position, 0: not checked
	originalValue        domain.Fen
	rejectedRule         string
}

var realCases = map[string]realCase{
	"zurich-lamps": {
		kind: Lamps, file: "streetlights-zurich/zurich_oeffentliche_beleuchtung_ewz_brennstelle_p.csv",
		crs: "EPSG:2056", maps: []string{"code=nisnr"}, sets: []string{"type=通电路灯", "unit=市政所"},
		rows: 42270, kept: 42270, meanLon: 8.531550, meanLat: 47.383401,
	},
	"cambridge-lamps": {
		kind: Lamps, file: "streetlights-cambridge/INFRA_StreetLights.geojson",
		maps: []string{"code=PoleID", "road=StreetName"}, sets: []string{"type=通电路灯", "unit=市政所"},
		rows: 6117, kept: 6117,
	},
	"cambridge-green": {
		kind: GreenAreas, file: "greenspace-cambridge/RECREATION_OpenSpace.geojson",
		maps: []string{"code=OBJECTID"}, sets: []string{"type=公共绿地", "unit=市政所"},
		rows: 276, kept: 276, areaM2: 3714462.8,
	},
	"niagara-pipes": {
		// DIAMETER -1 means unknown: mapped to empty rather than refused as negative.
		kind: SewerPipes, file: "wastewater-niagara/niagara_wastewater_mains.geojson",
		maps: []string{"code=OBJECTID", "diameter_mm=DIAMETER"}, sets: []string{"kind=污水", "unit=市政所"},
		values: []string{"diameter_mm:-1="}, rows: 4289, kept: 4289, lengthM: 314236.2,
	},
	"niagara-facilities": {
		kind: SewerFacilities, file: "wastewater-niagara/niagara_wastewater_facilities.geojson",
		maps: []string{"code=GISOBJID", "name=FACILITY_N", "kind=SUBTYPECD"}, sets: []string{"unit=市政所"},
		values: []string{"kind:9=泵站", "kind:11=污水处理厂", "kind:1=其他", "kind:2=其他", "kind:7=其他", "kind:8=其他"},
		rows:   128, kept: 128,
	},
	"nanaimo-pipes": {
		// 642,910.4 m over all 17,755 features; the 5 repeats are about 0.02 % of it.
		kind: SewerPipes, file: "watermains-nanaimo/nanaimo_water_pipes.shp",
		maps: []string{"code=PIPEID", "diameter_mm=DIAMETER"}, sets: []string{"kind=其他", "unit=市政所"},
		skipInvalid: true, rows: 17755, kept: 17750, rejected: 5, lengthM: 642910.4, rejectedRule: "duplicate_code",
	},
	"seattle-fleet": {
		kind: Vehicles, file: "fleet-seattle/seattle_active_fleet_complement.csv",
		maps: []string{"code=EquipID", "plate=License#", "start_date=InServiceDate", "original_value=InServiceCost"},
		sets: []string{"unit=市政所", "use_category=其他用车", "body_type=其他"}, dateFormat: "02-Jan-06",
		skipInvalid: true, rows: 4109, kept: 4004, rejected: 105, rejectedRule: "duplicate_code",
		// Python's sum of the first occurrence of each EquipID's InServiceCost, in 分.
		originalValue: 24492280389,
	},
}

func runRealCase(t testing.TB, c realCase) (*Result, domain.ImportSummary, domain.Store) {
	t.Helper()
	path := testdata.Path(t, c.file)
	store := openStore(t)
	ctx := context.Background()
	if _, err := store.Import(ctx, &domain.Batch{Units: []domain.Unit{{Name: "某区市政设施管理所", ShortName: "市政所"}}}); err != nil {
		t.Fatal(err)
	}
	tab, err := ReadFile(path, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	o, err := ParseOptions(L(c.kind), c.maps, c.sets, c.values)
	if err != nil {
		t.Fatal(err)
	}
	o.CRS, o.DateFormat, o.SkipInvalid = c.crs, c.dateFormat, c.skipInvalid
	res, sum, err := Import(ctx, store, L(c.kind), tab, o)
	if err != nil {
		t.Fatal(domain.Message(i18n.EN, err))
	}
	return res, sum, store
}

func TestRealData(t *testing.T) {
	for name, c := range realCases {
		t.Run(name, func(t *testing.T) {
			res, sum, store := runRealCase(t, c)
			if res.Rows != c.rows || sum.Added != c.kept || sum.Rejected != c.rejected {
				t.Errorf("%d rows: added %d, rejected %d; want %d rows, %d added, %d rejected",
					res.Rows, sum.Added, sum.Rejected, c.rows, c.kept, c.rejected)
			}
			for i, e := range sum.Errors {
				if e.Rule != c.rejectedRule {
					t.Errorf("error: %s", e.Render(i18n.EN))
				}
				if i > 10 {
					break
				}
			}
			ctx := context.Background()
			assets, err := store.FindAssets(ctx, domain.AssetFilter{Class: domain.Class(c.kind)})
			if err != nil {
				t.Fatal(err)
			}
			var length, area, lon, lat float64
			var value domain.Fen
			for _, a := range assets {
				length += a.GeomLengthM
				area += a.GeomAreaM2
				value += a.OriginalValue
				if p, ok := a.Geometry.(orb.Point); ok {
					lon += p[0]
					lat += p[1]
				}
			}
			n := float64(len(assets))
			t.Logf("%s: %d kept, %d rejected, %.1f m, %.1f ㎡, mean (%.6f, %.6f), %d warnings",
				name, len(assets), sum.Rejected, length, area, lon/n, lat/n, len(sum.Warnings))
			within := func(what string, got, want float64) {
				if want != 0 && math.Abs(got-want) > realTolerance*want {
					t.Errorf("%s %.1f, want %.1f (±0.05 %%)", what, got, want)
				}
			}
			within("length", length, c.lengthM)
			within("area", area, c.areaM2)
			if c.meanLon != 0 && (math.Abs(lon/n-c.meanLon) > 1e-5 || math.Abs(lat/n-c.meanLat) > 1e-5) {
				t.Errorf("mean position (%.6f, %.6f), want (%.6f, %.6f)", lon/n, lat/n, c.meanLon, c.meanLat)
			}
			if c.originalValue != 0 && value != c.originalValue {
				t.Errorf("original value %s, want %s", value.Yuan(), c.originalValue.Yuan())
			}
			// Importing the same file again changes nothing.
			tab, _ := ReadFile(testdata.Path(t, c.file), ReadOptions{})
			o, _ := ParseOptions(L(c.kind), c.maps, c.sets, c.values)
			o.CRS, o.DateFormat, o.SkipInvalid = c.crs, c.dateFormat, c.skipInvalid
			_, again, err := Import(ctx, store, L(c.kind), tab, o)
			if err != nil || again.Unchanged != c.kept || again.Added != 0 || again.Updated != 0 {
				t.Errorf("second import: %+v, %v", again, err)
			}
		})
	}
}

func TestRealDataNiagaraDiameters(t *testing.T) {
	// Without the value mapping the -1 diameters are refused, each naming its row.
	c := realCases["niagara-pipes"]
	c.values, c.skipInvalid = nil, true
	_, sum, _ := runRealCase(t, c)
	if sum.Rejected != 46 || sum.Added != 4289-46 {
		t.Errorf("%+v", sum)
	}
	for _, e := range sum.Errors {
		if e.Field != "diameter_mm" || e.Value != "-1" || e.Rule != "negative" || e.Row < 1 {
			t.Errorf("error %+v", e)
		}
	}
}

func TestRealDataRoundTrip(t *testing.T) {
	// GeoJSON export of an imported register into an empty database: same counts, lengths, areas.
	for _, name := range []string{"niagara-pipes", "cambridge-green", "zurich-lamps"} {
		t.Run(name, func(t *testing.T) {
			c := realCases[name]
			_, _, src := runRealCase(t, c)
			ctx := context.Background()
			dst := openStore(t)
			for _, k := range []Kind{Units, c.kind} {
				var buf bytes.Buffer
				if _, err := Export(ctx, src, k, &buf, ExportOptions{Format: FormatGeoJSON}); err != nil {
					t.Fatal(err)
				}
				tab, err := ReadGeoJSON(&buf)
				if err != nil {
					t.Fatal(err)
				}
				if _, _, err := Import(ctx, dst, L(k), tab, Options{}); err != nil {
					t.Fatal(domain.Message(i18n.EN, err))
				}
			}
			a, _ := src.CountAssets(ctx, domain.AssetFilter{Class: domain.Class(c.kind)})
			b, _ := dst.CountAssets(ctx, domain.AssetFilter{Class: domain.Class(c.kind)})
			if a.Count != b.Count || math.Abs(a.LengthM-b.LengthM) > 1e-6*a.LengthM || math.Abs(a.AreaM2-b.AreaM2) > 1e-6*a.AreaM2 {
				t.Errorf("before %+v, after %+v", a, b)
			}
			t.Logf("%s: %+v", name, b)
		})
	}
}

func TestRealDataNanaimoAllFeatures(t *testing.T) {
	// GDAL's 642,910.4 m is over all 17,755 features, repeats included: measure
	// every row's geometry from the .prj's CRS, as the converter does.
	tab, err := ReadFile(testdata.Path(t, "watermains-nanaimo/nanaimo_water_pipes.shp"), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(tab.CRS, "UTM_Zone_10N") || tab.Encoding == "" {
		t.Errorf("CRS %q, encoding %q", abbreviate(tab.CRS), tab.Encoding)
	}
	proj, err := geo.NewReprojector(tab.CRS)
	if err != nil {
		t.Fatal(err)
	}
	var total float64
	for _, r := range tab.Rows {
		g, err := proj.Apply(r.Geometry)
		if err != nil {
			t.Fatal(err)
		}
		total += geo.Length(g)
	}
	if len(tab.Rows) != 17755 || math.Abs(total-642910.4) > realTolerance*642910.4 {
		t.Errorf("%d features, %.1f m", len(tab.Rows), total)
	}
	t.Logf("%d features, %.1f m", len(tab.Rows), total)
}
