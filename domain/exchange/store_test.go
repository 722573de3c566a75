package exchange

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"cityledger/domain"
	"cityledger/domain/i18n"
	"cityledger/domain/storage"
)

func openStore(t testing.TB) *storage.DB {
	t.Helper()
	db, err := storage.Open(context.Background(), filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// importFile reads and imports one file, failing the test on any error.
func importFile(t testing.TB, store domain.Store, k Kind, path string, o Options) domain.ImportSummary {
	t.Helper()
	tab, err := ReadFile(path, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	_, sum, err := Import(context.Background(), store, L(k), tab, o)
	if err != nil {
		t.Fatalf("import %s: %v", path, domain.Message(i18n.EN, err))
	}
	return sum
}

func loadDistrict(t testing.TB, store domain.Store) map[Kind]domain.ImportSummary {
	t.Helper()
	out := map[Kind]domain.ImportSummary{}
	for _, k := range Kinds(testCatalogue) {
		path := filepath.Join("testdata", "district", string(k)+".csv")
		if _, err := os.Stat(path); err != nil {
			continue // the test district has the six first registers only
		}
		out[k] = importFile(t, store, k, path, Options{})
	}
	return out
}

func TestImportTwiceLeavesRegisterUnchanged(t *testing.T) {
	store := openStore(t)
	first := loadDistrict(t, store)
	want := map[Kind]int{Units: 3, Vehicles: 3, Lamps: 3, GreenAreas: 3, SewerPipes: 3, SewerFacilities: 2, Roads: 2,
		Projects: 2, Indicators: 3, Maintenance: 6, YearSettings: 2, Cases: 4}
	for k, n := range want {
		s := first[k]
		if k == Indicators {
			// The store replaces a project's indicators and counts new ones as updated.
			s.Added += s.Updated
			s.Updated = 0
		}
		if s.Added != n || s.Updated != 0 || s.Unchanged != 0 || s.Rejected != 0 {
			t.Errorf("first import of %s: %+v, want %d added", k, s, n)
		}
	}
	before := exportAll(t, store, FormatCSV)
	second := loadDistrict(t, store)
	for k, n := range want {
		if s := second[k]; s.Unchanged != n || s.Added != 0 || s.Updated != 0 || s.Rejected != 0 {
			t.Errorf("second import of %s: %+v, want all %d unchanged", k, s, n)
		}
	}
	if after := exportAll(t, store, FormatCSV); !equalExports(before, after) {
		t.Error("the second import changed the register")
	}
	// A changed row is an update, not an addition.
	dir := t.TempDir()
	changed := strings.Replace(readText(t, "testdata/district/lamps.csv"), "L0002,太阳能路灯,清香坪大道,60", "L0002,太阳能路灯,清香坪大道,80", 1)
	path := filepath.Join(dir, "lamps.csv")
	os.WriteFile(path, []byte(changed), 0o644)
	if s := importFile(t, store, Lamps, path, Options{}); s.Updated != 1 || s.Unchanged != 2 || s.Added != 0 {
		t.Errorf("changed lamp: %+v", s)
	}
}

func TestOneBadRowAmongThousandsWritesNothing(t *testing.T) {
	store := openStore(t)
	importFile(t, store, Units, "testdata/district/units.csv", Options{})
	var b strings.Builder
	b.WriteString("code,type,unit,lon,lat,power_w\n")
	const n, bad = 5000, 3777 // bad is a data row's index; its sheet row is bad+2
	for i := 0; i < n; i++ {
		power := "100"
		if i == bad {
			power = "100W"
		}
		fmt.Fprintf(&b, "L%05d,通电路灯,市政所,%.6f,26.5,%s\n", i, 101.6+float64(i)*1e-5, power)
	}
	tab := csvTable(t, b.String())
	_, sum, err := Import(context.Background(), store, L(Lamps), tab, Options{})
	fe := domain.FieldErrors(err)
	if domain.ErrorKind(err) != domain.KindInvalid || len(fe) != 1 || fe[0].Row != bad+2 || fe[0].Field != "power_w" ||
		fe[0].Value != "100W" || fe[0].Rule != "number" {
		t.Fatalf("err %v", err)
	}
	if sum.Added != 0 || sum.Rejected != 1 {
		t.Errorf("summary %+v", sum)
	}
	if got := fe[0].Render(i18n.ZH); got != "第3779行，功率“100W”：不是数字" {
		t.Errorf("message %q", got)
	}
	if tot, _ := store.CountAssets(context.Background(), domain.AssetFilter{Class: domain.Lamps}); tot.Count != 0 {
		t.Errorf("%d lamps written", tot.Count)
	}
	// With --skip-invalid the rest go in.
	_, sum, err = Import(context.Background(), store, L(Lamps), tab, Options{SkipInvalid: true})
	if err != nil || sum.Added != n-1 || sum.Rejected != 1 || len(sum.Errors) != 1 {
		t.Errorf("skip-invalid: %+v, %v", sum, err)
	}
}

func TestStoreErrorsAreReportedWithRows(t *testing.T) {
	store := openStore(t)
	importFile(t, store, Units, "testdata/district/units.csv", Options{})
	// Row 3 has a cell error; row 4 an unknown unit that only the store can see.
	tab := csvTable(t, "code,type,unit\nL1,景观灯,市政所\nL2,景观灯x,市政所\nL3,景观灯,没有的单位\nL1,景观灯,市政所\n")
	_, sum, err := Import(context.Background(), store, L(Lamps), tab, Options{})
	got := map[string]bool{}
	for _, e := range domain.FieldErrors(err) {
		got[fmt.Sprintf("%d|%s|%s", e.Row, e.Field, e.Rule)] = true
	}
	for _, want := range []string{"3|type|enum", "4|unit|unknown_unit", "5|code|duplicate_code"} {
		if !got[want] {
			t.Errorf("missing %s in %v", want, got)
		}
	}
	if sum.Added != 0 {
		t.Errorf("summary %+v", sum)
	}
	_, sum, err = Import(context.Background(), store, L(Lamps), tab, Options{SkipInvalid: true})
	if err != nil || sum.Added != 1 || sum.Rejected != 3 {
		t.Errorf("skip-invalid: %+v, %v", sum, err)
	}
	a, err := store.GetAssetByCode(context.Background(), domain.Lamps, "L1")
	if err != nil || a.Kind != "景观灯" {
		t.Errorf("the first L1 was not kept: %+v %v", a, err)
	}
}

func TestDryRunWritesNothing(t *testing.T) {
	store := openStore(t)
	importFile(t, store, Units, "testdata/district/units.csv", Options{})
	tab, _ := ReadFile("testdata/district/lamps.csv", ReadOptions{})
	_, sum, err := Import(context.Background(), store, L(Lamps), tab, Options{DryRun: true})
	if err != nil || sum.Added != 3 {
		t.Fatalf("%+v %v", sum, err)
	}
	if tot, _ := store.CountAssets(context.Background(), domain.AssetFilter{Class: domain.Lamps}); tot.Count != 0 {
		t.Errorf("dry run wrote %d lamps", tot.Count)
	}
}

// exportAll exports every kind in format.
func exportAll(t testing.TB, store domain.Store, format string) map[Kind][]byte {
	t.Helper()
	out := map[Kind][]byte{}
	for _, k := range Kinds(testCatalogue) {
		var buf bytes.Buffer
		if _, err := Export(context.Background(), store, k, &buf, ExportOptions{Format: format}); err != nil {
			t.Fatalf("export %s: %v", k, err)
		}
		out[k] = buf.Bytes()
	}
	return out
}

func equalExports(a, b map[Kind][]byte) bool {
	for k := range a {
		if !bytes.Equal(a[k], b[k]) {
			return false
		}
	}
	return len(a) == len(b)
}

func TestExportRoundTrip(t *testing.T) {
	src := openStore(t)
	loadDistrict(t, src)
	want := exportAll(t, src, FormatCSV)
	for _, format := range []string{FormatCSV, FormatXLSX, FormatGeoJSON} {
		for _, headers := range []i18n.Lang{i18n.EN, i18n.ZH} {
			t.Run(format+"-"+string(headers), func(t *testing.T) {
				dst := openStore(t)
				dir := t.TempDir()
				for _, k := range Kinds(testCatalogue) {
					path := filepath.Join(dir, string(k)+"."+format)
					f, err := os.Create(path)
					if err != nil {
						t.Fatal(err)
					}
					if _, err := Export(context.Background(), src, k, f, ExportOptions{Format: format, Headers: headers}); err != nil {
						t.Fatal(err)
					}
					f.Close()
					importFile(t, dst, k, path, Options{})
				}
				got := exportAll(t, dst, FormatCSV)
				for _, k := range Kinds(testCatalogue) {
					if !bytes.Equal(got[k], want[k]) {
						t.Errorf("%s differs after a %s round trip:\n%s\nwant\n%s", k, format, got[k], want[k])
					}
				}
				for _, c := range testCatalogue.Keys() {
					a, _ := src.CountAssets(context.Background(), domain.AssetFilter{Class: c})
					b, _ := dst.CountAssets(context.Background(), domain.AssetFilter{Class: c})
					if a.Count != b.Count || math.Abs(a.LengthM-b.LengthM) > 1e-6 || math.Abs(a.AreaM2-b.AreaM2) > 1e-6 || a.OriginalValue != b.OriginalValue {
						t.Errorf("%s: %+v before, %+v after", c, a, b)
					}
				}
			})
		}
	}
}

func TestExportedGeometryIsMeasuredAgain(t *testing.T) {
	store := openStore(t)
	loadDistrict(t, store)
	g, err := store.GetAssetByCode(context.Background(), domain.GreenAreas, "G01")
	if err != nil {
		t.Fatal(err)
	}
	// 0.002° × 0.002° at 26.58°N: about 222 m × 199 m.
	if math.Abs(g.AreaM2-44150) > 300 || math.Abs(g.GeomAreaM2-g.AreaM2) > 0.005 {
		t.Errorf("G01 area %v, measured %v", g.AreaM2, g.GeomAreaM2)
	}
	p, _ := store.GetAssetByCode(context.Background(), domain.SewerPipes, "P003")
	if math.Abs(p.LengthM-(99.6+221.4)) > 2 {
		t.Errorf("P003 length %v", p.LengthM)
	}
}

func TestTemplate(t *testing.T) {
	for _, k := range Kinds(testCatalogue) {
		var buf bytes.Buffer
		if err := Template(L(k), &buf, i18n.ZH); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		sheets := f.GetSheetList()
		if len(sheets) != 2 || sheets[0] != L(k).Chinese() {
			t.Errorf("%s: sheets %v", k, sheets)
		}
		rows, _ := f.GetRows(sheets[0])
		if len(rows) != 1 {
			t.Fatalf("%s: %d rows", k, len(rows))
		}
		for i, fd := range L(k).Fields {
			want := fd.Chinese
			if fd.Required {
				want += "*"
			}
			if rows[0][i] != want {
				t.Errorf("%s column %d: %q, want %q", k, i, rows[0][i], want)
			}
		}
		dvs, _ := f.GetDataValidations(sheets[0])
		lists := 0
		for _, fd := range L(k).Fields {
			if len(fd.Allowed) > 0 {
				lists++
			}
		}
		if len(dvs) != lists {
			t.Errorf("%s: %d validations, want %d", k, len(dvs), lists)
		}
		// The empty template itself reads back as a file with no rows.
		tab, err := ReadXLSX(bytes.NewReader(buf.Bytes()), "")
		if err != nil {
			t.Fatal(err)
		}
		m, err := NewMapping(L(k), tab.Header, Options{})
		if err != nil || len(m.Columns) != len(L(k).Fields) || len(m.Unused) != 0 {
			t.Errorf("%s: template headers map to %v, unused %v (%v)", k, m.Columns, m.Unused, err)
		}
		f.Close()
	}
	var buf bytes.Buffer
	Template(L(Vehicles), &buf, i18n.ZH)
	f, _ := excelize.OpenReader(&buf)
	dvs, _ := f.GetDataValidations("车辆")
	found := false
	for _, dv := range dvs {
		if strings.Contains(dv.Formula1, "执法执勤用车") {
			found = true
		}
	}
	if !found {
		t.Errorf("no use-category list among %v", dvs)
	}
}

func TestErrorWorkbook(t *testing.T) {
	tab, err := ReadGeoJSON(strings.NewReader(`{"type":"FeatureCollection","features":[
		{"type":"Feature","geometry":{"type":"Point","coordinates":[101.6,26.5]},"properties":{"code":"L1","type":"通电路灯","unit":"市政所"}},
		{"type":"Feature","geometry":{"type":"Point","coordinates":[101.6,26.5]},"properties":{"code":"L2","type":"路灯","unit":"市政所"}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Convert(L(Lamps), tab, Options{})
	if err != nil || len(res.Errors) != 1 {
		t.Fatal(err, res.Errors)
	}
	var buf bytes.Buffer
	if err := WriteErrorWorkbook(&buf, tab, res.Errors, i18n.ZH); err != nil {
		t.Fatal(err)
	}
	f, _ := excelize.OpenReader(&buf)
	rows, _ := f.GetRows(f.GetSheetList()[0])
	if len(rows) != 3 || strings.Join(rows[0], ",") != "code,type,unit,geometry,源行号,错误" {
		t.Fatalf("rows %q", rows)
	}
	if len(rows[1]) > 5 && rows[1][5] != "" || rows[2][4] != "2" || !strings.Contains(rows[2][5], "第2行，类型“路灯”：不是允许的值") {
		t.Errorf("rows %q", rows)
	}
	if rows[1][3] != "POINT(101.6 26.5)" {
		t.Errorf("geometry %q", rows[1][3])
	}
}

func readText(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
