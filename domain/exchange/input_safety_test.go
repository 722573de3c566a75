package exchange

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"golang.org/x/text/encoding/unicode"

	"cityledger/domain"
	"cityledger/domain/i18n"
)

// Issue 10, cases 7–16: what the parsers and readers accepted bent, each
// checked here at the package's level (the corpus in
// domain/testdata/badinput/input-* runs the same through ledgerctl).

// badInputDir is a case folder of the shared bad-input corpus.
func badInputDir(name string) string {
	return filepath.Join("..", "testdata", "badinput", "input-"+name)
}

// personText fails the test when an error would show a person Go's or a
// library's own words, or a catalogue key that did not render.
var personText = regexp.MustCompile(`(?i)runtime error|goroutine|strconv\.|\bjson: |invalid character|unexpected EOF|\bEOF\b|zip: |` +
	`cannot unmarshal|excelize|shapefile: |WKT at|%!|<nil>|\{\{|\b(exchange|rule|err)\.[a-z_]+\b`)

func checkPersonMessage(t testing.TB, err error) {
	t.Helper()
	if domain.ErrorKind(err) == domain.KindInternal {
		t.Fatalf("an internal error for a bad file: %v", err)
	}
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		if m := personText.FindString(domain.Message(lang, err)); m != "" {
			t.Fatalf("%s message shows %q: %s", lang, m, domain.Message(lang, err))
		}
	}
}

// convertCSV converts CSV text of kind k, failing on a file-level error.
func convertCSV(t *testing.T, k Kind, text string, o Options) *Result {
	t.Helper()
	res, err := Convert(L(k), csvTable(t, text), o)
	if err != nil {
		t.Fatal(domain.Message(i18n.EN, err))
	}
	return res
}

// oneError is the single error of res, which must be of rule on row.
func oneError(t *testing.T, res *Result, row int, field, rule string) domain.FieldError {
	t.Helper()
	if len(res.Errors) != 1 {
		t.Fatalf("errors %+v, want one %s on row %d", res.Errors, rule, row)
	}
	e := res.Errors[0]
	if e.Row != row || e.Field != field || e.Rule != rule {
		t.Fatalf("error %+v, want row %d %s %s", e, row, field, rule)
	}
	checkPersonMessage(t, domain.Invalid(e))
	return e
}

// Case 7 and 8: the one amount parser in imports.
func TestImportAmounts(t *testing.T) {
	cases := []struct {
		cost string
		want domain.Fen
		rule string
	}{
		{"0,5", 0, domain.RuleThousandsSep},
		{"12,34", 0, domain.RuleThousandsSep},
		{"1.234,50", 0, domain.RuleThousandsSep},
		{"1,234.50", 123450, ""},
		{"１２３．４５", 12345, ""},
		{"１２．３４５", 0, domain.RuleDecimals},
		{"999,999,999,999,999.99", 0, domain.RuleMoneyTooLarge},
		{"1000000000000", domain.MaxFen, ""},
	}
	for _, c := range cases {
		res := convertCSV(t, Maintenance, "date,work_type,cost\n2020-06-01,其他,\""+c.cost+"\"\n", Options{})
		if c.rule != "" {
			e := oneError(t, res, 2, "cost", c.rule)
			if e.Value != c.cost {
				t.Errorf("%s: the error names %q", c.cost, e.Value)
			}
			continue
		}
		if len(res.Errors) > 0 || res.Batch.Records[0].Cost != c.want {
			t.Errorf("%s: %v, %v", c.cost, res.Errors, res.Batch.Records)
		}
	}
	// Validation refuses an amount beyond the limit whatever its source.
	r := domain.Record{Date: "2020-01-01", WorkType: "其他", Cost: domain.MaxFen + 1}
	if fe := domain.FieldErrors(r.Validate()); len(fe) != 1 || fe[0].Rule != domain.RuleMoneyTooLarge {
		t.Errorf("a record of MaxFen+1: %v", fe)
	}
}

// Case 11: dates in imports: 1900–2100, no trailing text.
func TestImportDates(t *testing.T) {
	for in, rule := range map[string]string{"9999-12-31": domain.RuleDateRange, "0001-01-01": domain.RuleDateRange,
		"2020-02-29T25:00": domain.RuleDate, "2020-01-01abc": domain.RuleDate, "2020-02-29T23:59": ""} {
		res := convertCSV(t, Maintenance, "date,work_type,cost\n"+in+",其他,1\n", Options{})
		if rule == "" {
			if len(res.Errors) > 0 || res.Batch.Records[0].Date != "2020-02-29" {
				t.Errorf("%s: %v", in, res.Errors)
			}
			continue
		}
		oneError(t, res, 2, "date", rule)
	}
	res := convertCSV(t, Projects, "code,year,name,unit,budget\nP1,2200,x,u,1\n", Options{})
	oneError(t, res, 2, "year", "year")
}

// Case 9: geometry is validated once in WGS84.
func TestGeometryChecks(t *testing.T) {
	cases := []struct {
		name, wkt string
		rule      string // the error, "" for none
		warn      string // the warning, "" for none
	}{
		{"square", "POLYGON ((101.61 26.58, 101.612 26.58, 101.612 26.582, 101.61 26.582, 101.61 26.58))", "", ""},
		{"unclosed ring is closed", "POLYGON ((101.61 26.58, 101.612 26.58, 101.612 26.582, 101.61 26.582))", "", ruleRingClosed},
		{"unclosed triangle is closed", "POLYGON ((101.61 26.58, 101.612 26.58, 101.612 26.582))", "", ruleRingClosed},
		{"2-point ring", "POLYGON ((101.61 26.58, 101.612 26.58))", ruleRingPoints, ""},
		{"closed 3-point ring", "POLYGON ((101.61 26.58, 101.612 26.58, 101.61 26.58))", ruleRingPoints, ""},
		{"bow-tie", "POLYGON ((101.61 26.58, 101.612 26.582, 101.612 26.58, 101.61 26.582, 101.61 26.58))", ruleSelfIntersect, ""},
		{"ring touching itself", "POLYGON ((0 0, 4 0, 4 4, 2 0, 0 4, 0 0))", ruleSelfIntersect, ""},
		{"spike folding back", "POLYGON ((0 0, 4 0, 2 0, 2 3, 0 0))", ruleSelfIntersect, ""},
		{"hole inside", "POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0), (1 1, 2 1, 2 2, 1 1))", "", ""},
		{"hole outside", "POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0), (5 5, 6 5, 6 6, 5 5))", ruleHoleOutside, ""},
		{"hole half outside", "POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0), (3 3, 5 3, 5 5, 3 3))", ruleHoleOutside, ""},
		{"multipolygon's second bow-tie", "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((2 2, 3 3, 3 2, 2 3, 2 2)))", ruleSelfIntersect, ""},
		{"latitude 95", "POLYGON ((0 0, 1 0, 1 95, 0 0))", ruleCoordsRange, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := convertCSV(t, GreenAreas, "code,type,unit,geometry\nG1,公共绿地,u,\""+c.wkt+"\"\n", Options{})
			var rules, warns []string
			for _, e := range res.Errors {
				rules = append(rules, e.Rule)
				checkPersonMessage(t, domain.Invalid(e))
			}
			for _, w := range res.Warnings {
				warns = append(warns, w.Rule)
			}
			if strings.Join(rules, ",") != c.rule || strings.Join(warns, ",") != c.warn {
				t.Fatalf("errors %v warnings %v; want %q %q", res.Errors, res.Warnings, c.rule, c.warn)
			}
			if c.rule == "" {
				a := res.Batch.Assets[0]
				p := a.Geometry.(orb.Polygon)
				if p[0][0] != p[0][len(p[0])-1] || a.GeomAreaM2 <= 0 {
					t.Errorf("kept %v, area %v", a.Geometry, a.GeomAreaM2)
				}
			}
		})
	}
	// A line needs two distinct points.
	res := convertCSV(t, SewerPipes, "code,kind,unit,geometry\nP1,污水,u,\"LINESTRING (104 26, 104 26)\"\n", Options{})
	oneError(t, res, 2, GeometryField, ruleLinePoints)
}

// Case 9: lon/lat range after reprojection, also with --crs EPSG:4326.
func TestCoordinatesOutOfRangeAfterReprojection(t *testing.T) {
	for _, crs := range []string{"", "EPSG:4326"} {
		res := convertCSV(t, Lamps, "code,type,unit,lon,lat\nL1,通电路灯,u,500,26.5\n", Options{CRS: crs})
		rule := ruleCoordsRange
		if crs != "" {
			rule = ruleCoordsReproject
		}
		if e := oneError(t, res, 2, "lon", rule); e.Value != "500, 26.5" {
			t.Errorf("value %q", e.Value)
		}
	}
	// A shapefile whose .prj says WGS84 and whose point is (500, 95): refused by row,
	// not a database NOT NULL error.
	src, err := Open(filepath.Join(badInputDir("shapefile-x500-y95"), "in.shp"), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	o, _ := ParseOptions(L(Lamps), []string{"code=CODE"}, []string{"type=通电路灯", "unit=u"}, nil)
	res, err := ConvertSource(L(Lamps), src, o)
	if err != nil {
		t.Fatal(err)
	}
	if e := oneError(t, res, 1, GeometryField, ruleCoordsReproject); e.Value != "500, 95" {
		t.Errorf("value %q", e.Value)
	}
}

// Case 9: GeoJSON positions are read as written, never filled in.
func TestGeoJSONPositions(t *testing.T) {
	cases := map[string]string{
		`[]`: rulePosition, `[101.6]`: rulePosition, `[101.6, null]`: ruleGeometryNumber, `[101.6, 1e400]`: ruleGeometryNumber,
		`["101.6", "26.5"]`: ruleGeoJSONGeometry, `[101.6, 26.5, 1200]`: "", `[101.6, 26.5]`: "",
	}
	for coords, rule := range cases {
		doc := `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":` + coords +
			`},"properties":{"code":"L1","type":"通电路灯","unit":"u"}}]}`
		tab, err := ReadGeoJSON(strings.NewReader(doc))
		if err != nil {
			t.Fatalf("%s: %v", coords, err)
		}
		res, err := Convert(L(Lamps), tab, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if rule == "" {
			if len(res.Errors) > 0 || !orb.Equal(res.Batch.Assets[0].Geometry, orb.Point{101.6, 26.5}) {
				t.Errorf("%s: %v %v", coords, res.Errors, res.Batch.Assets)
			}
			continue
		}
		oneError(t, res, 1, GeometryField, rule)
	}
	// Empty coordinates are no geometry at all.
	g, fe := decodeGeoJSONGeometry([]byte(`{"type":"Polygon","coordinates":[[]]}`))
	if g != nil || fe != nil {
		t.Errorf("empty polygon: %v %v", g, fe)
	}
}

// Case 9: an empty geometry exports as none, and "POLYGON(())" of an older
// export reads as none.
func TestEmptyGeometryExportsAsNone(t *testing.T) {
	ctx := context.Background()
	store := openStore(t)
	b := &domain.Batch{Rows: map[string][]int{},
		Units: []domain.Unit{{Name: "单位", ShortName: "u"}},
		Assets: []domain.Asset{{Class: domain.GreenAreas, Code: "G1", Unit: "u", Kind: "公共绿地", Status: domain.StatusInUse,
			Geometry: orb.Polygon{orb.Ring{}}}}}
	if _, err := store.Import(ctx, b); err != nil {
		t.Fatal(domain.Message(i18n.EN, err))
	}
	for _, format := range []string{FormatCSV, FormatGeoJSON, FormatXLSX} {
		var buf bytes.Buffer
		if _, err := Export(ctx, store, GreenAreas, &buf, ExportOptions{Format: format}); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(buf.String(), "POLYGON") || strings.Contains(buf.String(), "[[]]") {
			t.Errorf("%s export writes an empty polygon:\n%s", format, buf.String())
		}
		path := filepath.Join(t.TempDir(), "g."+format)
		os.WriteFile(path, buf.Bytes(), 0o644)
		if sum := importFile(t, openStoreWithUnit(t), GreenAreas, path, Options{}); sum.Added != 1 {
			t.Errorf("%s: %+v", format, sum)
		}
	}
	res := convertCSV(t, GreenAreas, "code,type,unit,geometry\nG1,公共绿地,u,POLYGON(())\n", Options{})
	if len(res.Errors) > 0 || res.Batch.Assets[0].Geometry != nil {
		t.Errorf("POLYGON(()): %v %v", res.Errors, res.Batch.Assets[0].Geometry)
	}
}

func openStoreWithUnit(t *testing.T) domain.Store {
	store := openStore(t)
	if _, err := store.Import(context.Background(), &domain.Batch{Units: []domain.Unit{{Name: "单位", ShortName: "u"}}}); err != nil {
		t.Fatal(err)
	}
	return store
}

// Case 10: encodings are decided from the whole file and named; a bad byte
// is an error naming its line.
func TestTextEncodings(t *testing.T) {
	le := func(s string) string {
		b, _ := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewEncoder().String(s)
		return b
	}
	be := func(s string) string {
		b, _ := unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewEncoder().String(s)
		return b
	}
	body := "编号,类型\nL1,通电路灯\nL2,景观灯\n"
	cases := []struct {
		name, in string
		enc      string // the encoding read, "" for an error
		code     string
		line     int
	}{
		{"UTF-8", body, "UTF-8", "", 0},
		{"UTF-8 with BOM", "\uFEFF" + body, "UTF-8", "", 0},
		{"GB18030", gb18030(body), "GB18030", "", 0},
		{"UTF-16 LE with BOM", utf16le(body), "UTF-16", "", 0},
		{"UTF-16 LE without BOM", le("code,type\nL1,x\nL2,y\n"), "UTF-16LE", "", 0},
		{"UTF-16 BE without BOM", be("code,type\nL1,x\nL2,y\n"), "UTF-16BE", "", 0},
		{"BOM then a bad byte", "\uFEFF编号,类型\nL1,通电路灯\nL2,\xe9\x80\n", "", "exchange.err.bad_utf8", 3},
		{"UTF-8 with one bad byte", "编号,类型,备注\nL1,通电路灯,一号\nL2,\xff,二号\nL3,景观灯,三号\n", "", "exchange.err.bad_utf8", 3},
		{"a truncated character at the end", "编号,类型\nL1,通电\xe8\xb7", "", "exchange.err.bad_utf8", 2},
		{"neither", "code,type\nL1,x\nL2,\xff\xfe\xff\n", "", "exchange.err.bad_text", 3},
		{"UTF-16 unpaired surrogate", utf16le("code,type\n") + "\x00\xd8" + le(",x\n"), "", "exchange.err.bad_utf16", 2},
		{"UTF-16 odd length", utf16le("code,type\nL1,x\n") + "\x41", "", "exchange.err.bad_utf16", 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tab, err := ReadCSV(strings.NewReader(c.in))
			if c.enc != "" {
				if err != nil {
					t.Fatal(domain.Message(i18n.EN, err))
				}
				if tab.Encoding != c.enc || len(tab.Rows) != 2 || tab.Rows[1].Cell(0) != "L2" {
					t.Errorf("encoding %s, rows %v", tab.Encoding, tab.Rows)
				}
				return
			}
			var de *domain.Error
			if !asDomainError(err, &de) || de.Code != c.code || de.Params["Line"] != c.line {
				t.Fatalf("error %#v, want %s on line %d", err, c.code, c.line)
			}
			checkPersonMessage(t, err)
		})
	}
}

func asDomainError(err error, target **domain.Error) bool {
	de, ok := err.(*domain.Error)
	if ok {
		*target = de
	}
	return ok
}

// Case 10: the contents decide what a file is, not its extension.
func TestContentsDecideTheFormat(t *testing.T) {
	dir := t.TempDir()
	xlsx := func() []byte {
		var buf bytes.Buffer
		if err := Template(L(Lamps), &buf, i18n.ZH); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}()
	var zipBuf bytes.Buffer
	zw := zip.NewWriter(&zipBuf)
	w, _ := zw.Create("readme.txt")
	w.Write([]byte("hello"))
	zw.Close()
	geojson := `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{"code":"L1"}}]}`
	cases := []struct {
		file string
		data []byte
		code string // "" when it reads
		rows int
	}{
		{"lamps.csv", xlsx, "exchange.err.content_xlsx", 0},
		{"lamps.csv", []byte("%PDF-1.4\n..."), "exchange.err.content_pdf", 0},
		{"lamps.xlsx", []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + strings.Repeat("\x00", 600)), "exchange.err.content_xls", 0},
		{"lamps.xlsx", []byte("code,type\nL1,x\n"), "exchange.err.content_text", 0},
		{"lamps.xlsx", zipBuf.Bytes(), "exchange.err.xlsx_damaged", 0},
		{"lamps.xlsx", xlsx[:len(xlsx)/2], "exchange.err.xlsx_damaged", 0},
		{"lamps.csv", zipBuf.Bytes(), "exchange.err.content_zip", 0},
		{"lamps.csv", []byte(geojson), "exchange.err.content_json", 0},
		{"lamps.geojson", []byte("code,type\nL1,x\n"), "exchange.err.content_text", 0},
		{"lamps.csv", []byte{0x00, 0x00, 0x27, 0x0A, 0, 0, 0, 0, 0, 0, 0, 0}, "exchange.err.content_shapefile", 0},
		{"lamps.csv", append([]byte{0x1f, 0x8b, 8, 0}, bytes.Repeat([]byte{0}, 100)...), "exchange.err.content_archive", 0},
		{"lamps.csv", bytes.Repeat([]byte{0, 1, 2, 3, 0, 0}, 100), "exchange.err.content_binary", 0},
		{"lamps.csv", []byte(""), "exchange.err.empty", 0},
		// A file of an unknown extension is read as what it holds.
		{"lamps.dat", []byte("code,type\nL1,x\n"), "", 1},
		{"lamps.dat", []byte(geojson), "", 1},
		{"lamps.dat", xlsx, "", 0},
	}
	for _, c := range cases {
		path := filepath.Join(dir, c.file)
		if err := os.WriteFile(path, c.data, 0o644); err != nil {
			t.Fatal(err)
		}
		tab, err := ReadFile(path, ReadOptions{})
		if c.code == "" {
			if err != nil || len(tab.Rows) != c.rows {
				t.Errorf("%s (%q…): %v", c.file, abbreviate(string(c.data)), err)
			}
			continue
		}
		var de *domain.Error
		if !asDomainError(err, &de) || de.Code != c.code {
			t.Errorf("%s (%q…): %v, want %s", c.file, abbreviate(string(c.data)), err, c.code)
			continue
		}
		checkPersonMessage(t, err)
	}
	if _, err := ReadFile(filepath.Join(dir, "missing.csv"), ReadOptions{}); err == nil || domain.ErrorKind(err) == domain.KindInternal {
		t.Errorf("a missing file: %v", err)
	} else {
		checkPersonMessage(t, err)
	}
	if _, err := ReadFile(dir+string(filepath.Separator)+".", ReadOptions{Format: "csv"}); err == nil {
		t.Error("a folder read as a file")
	} else {
		checkPersonMessage(t, err)
	}
}

// Case 10: control characters in a cell are refused naming row and field;
// notes keep their tabs and line breaks.
func TestControlCharacters(t *testing.T) {
	res := convertCSV(t, Maintenance, "date,work_type,cost,note\n2020-06-01,其他,1,备注\x00隐藏\n2020-06-02,其他,1,\"两行\n\t缩进\"\n", Options{})
	e := oneError(t, res, 2, "note", ruleControlChar)
	if e.Params["Char"] != "U+0000" || !strings.Contains(e.Value, `\u0000`) {
		t.Errorf("error %+v", e)
	}
	if len(res.Batch.Records) != 1 || res.Batch.Records[0].Note != "两行\n\t缩进" {
		t.Errorf("kept %+v", res.Batch.Records)
	}
	res = convertCSV(t, Lamps, "code\ttype\tunit\n\"L\t1\"\t通电路灯\tu\nL\x7f2\t通电路灯\tu\nL\u00853\t通电路灯\tu\n", Options{})
	if len(res.Errors) != 3 || res.Errors[0].Field != "code" || res.Errors[1].Params["Char"] != "U+007F" || res.Errors[2].Params["Char"] != "U+0085" {
		t.Errorf("errors %+v", res.Errors)
	}
	// An unused column's control characters are not stored, so not refused.
	res = convertCSV(t, Lamps, "code,type,unit,junk\nL1,通电路灯,u,a\x01b\n", Options{})
	if len(res.Errors) != 0 {
		t.Errorf("errors %+v", res.Errors)
	}
	if _, err := Convert(L(Lamps), csvTable(t, "code,type\nL1,x\n"), Options{Set: map[string]string{"unit": "u\x00"}}); err == nil {
		t.Error("--set with a NUL accepted")
	}
}

// Case 14: limits on line length, columns and cells, with bounded memory.
func TestReaderLimits(t *testing.T) {
	longLine := "code,type,unit,note\nL1,通电路灯,u," + strings.Repeat("a", MaxRowBytes+10000) + "\n"
	bigCell := "code,type,unit,note\nL1,通电路灯,u," + strings.Repeat("a", MaxCellBytes+10) + "\n"
	manyColumns := strings.Repeat("c,", 5000) + "c\n"
	wideRow := "code,type\n" + strings.Repeat("x,", MaxColumns+5) + "x\n"
	unclosed := "code,type,unit,note\nL1,通电路灯,u,\"open\nL2,通电路灯,u,x\n"
	cases := []struct {
		name, in, code string
		row            int
	}{
		{"long line", longLine, "exchange.err.row_too_long", 2},
		{"one line of 30 MB", strings.Repeat("x", 30<<20), "exchange.err.row_too_long", 1},
		{"big cell", bigCell, "exchange.err.cell_too_long", 2},
		{"many header columns", manyColumns, "exchange.err.too_many_columns", 1},
		{"wide row", wideRow, "exchange.err.too_many_columns", 2},
		{"unclosed quote", unclosed, "exchange.err.csv_unclosed", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := []byte(c.in)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			src, err := openCSV(bytes.NewReader(in), "in.csv")
			if err == nil {
				_, err = ReadAll(src)
			}
			runtime.ReadMemStats(&after)
			var de *domain.Error
			if !asDomainError(err, &de) || de.Code != c.code || (c.row != 0 && de.Params["Row"] != c.row) {
				t.Fatalf("error %v, want %s on row %d", err, c.code, c.row)
			}
			checkPersonMessage(t, err)
			// What the reader allocates stays within a few rows' worth, whatever
			// the file's size (a 20 MB header took 421 MB before the limits).
			if total := after.TotalAlloc - before.TotalAlloc; total > 8*MaxRowBytes {
				t.Errorf("reading allocated %d MB", total>>20)
			}
		})
	}
	// The unused-columns notice names a few and counts the rest.
	var cols []string
	for i := range 30 {
		cols = append(cols, "x"+string(rune('a'+i%26)))
	}
	if got := ColumnList(i18n.EN, cols); got != "xa, xb, xc, xd, xe and 25 more" {
		t.Errorf("EN %q", got)
	}
	if got := ColumnList(i18n.ZH, cols[:3]); got != "xa、xb、xc" {
		t.Errorf("ZH %q", got)
	}
}

// Case 14: a GeoJSON feature beyond MaxFeatureBytes is refused naming it.
func TestGeoJSONFeatureLimit(t *testing.T) {
	big := `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{"code":"A"}},` +
		`{"type":"Feature","geometry":null,"properties":{"note":"` + strings.Repeat("a", MaxFeatureBytes+1) + `"}}]}`
	_, err := ReadGeoJSON(strings.NewReader(big))
	var de *domain.Error
	if !asDomainError(err, &de) || de.Code != "exchange.err.cell_too_long" && de.Code != "exchange.err.feature_too_long" {
		t.Fatalf("error %v", err)
	}
}

// Case 16: CSV exports neutralise formulas; imports take exactly that apostrophe away.
func TestFormulaNeutralisation(t *testing.T) {
	cases := map[string]string{
		`=HYPERLINK("http://x","y")`: `'=HYPERLINK("http://x","y")`,
		"+cmd|' /C calc'!A0":         "'+cmd|' /C calc'!A0",
		"@SUM(1)":                    "'@SUM(1)",
		"-2+3":                       "'-2+3",
		"\tx":                        "'\tx",
		"\rx":                        "'\rx",
		"'=x":                        "''=x",
		"-12.5":                      "-12.5",
		"+3":                         "+3",
		"-1e5":                       "-1e5",
		"-":                          "'-",
		"'plain":                     "'plain",
		"普通":                         "普通",
		"":                           "",
	}
	for in, want := range cases {
		if got := NeutraliseFormula(in); got != want {
			t.Errorf("NeutraliseFormula(%q) = %q, want %q", in, got, want)
		}
		if back := unneutraliseFormula(NeutraliseFormula(in)); back != in {
			t.Errorf("%q comes back as %q", in, back)
		}
	}
	// Through a real export: no cell of the CSV starts a formula; the XLSX holds
	// the note as a string cell, not a formula.
	ctx := context.Background()
	store := openStore(t)
	tab := csvTable(t, "date,work_type,cost,note\n2020-06-01,其他,1,\"=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"\n2020-06-02,其他,-0,@SUM(1)\n")
	if _, _, err := Import(ctx, store, L(Maintenance), tab, Options{}); err != nil {
		t.Fatal(domain.Message(i18n.EN, err))
	}
	var csvOut bytes.Buffer
	if _, err := Export(ctx, store, Maintenance, &csvOut, ExportOptions{Format: FormatCSV}); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(csvOut.String(), "\n")[1:] {
		for _, cell := range strings.Split(line, ",") {
			cell = strings.TrimPrefix(cell, `"`)
			if cell != "" && strings.ContainsRune("=+@", rune(cell[0])) {
				t.Errorf("cell %q starts a formula", cell)
			}
		}
	}
	if !strings.Contains(csvOut.String(), `'=HYPERLINK`) || !strings.Contains(csvOut.String(), `'@SUM(1)`) {
		t.Errorf("export:\n%s", csvOut.String())
	}
	var xlsxOut bytes.Buffer
	if _, err := Export(ctx, store, Maintenance, &xlsxOut, ExportOptions{Format: FormatXLSX}); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(xlsxOut.Bytes()), int64(xlsxOut.Len()))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, "xl/worksheets/") {
			continue
		}
		rc, _ := f.Open()
		sheet, _ := io.ReadAll(rc)
		rc.Close()
		if bytes.Contains(sheet, []byte("<f>")) || bytes.Contains(sheet, []byte("<f ")) {
			t.Errorf("%s holds a formula", f.Name)
		}
		if !bytes.Contains(sheet, []byte("=HYPERLINK")) && !bytes.Contains(sheet, []byte(`t="s"`)) {
			t.Errorf("%s: the note is neither inline text nor a shared string", f.Name)
		}
	}
}

// Case 10 in a shapefile: a .dbf that is UTF-8 but for one bad byte is not
// read as GB18030 mojibake, and the bad record is named, not bent into U+FFFD.
func TestShapefileTextIsNeverBent(t *testing.T) {
	_, err := ReadShapefile(filepath.Join(badInputDir("shapefile-bad-byte"), "in.shp"))
	var de *domain.Error
	if !asDomainError(err, &de) || de.Code != "exchange.err.shapefile_text" || de.Params["Row"] != 2 {
		t.Fatalf("error %v", err)
	}
	checkPersonMessage(t, err)
}

// Case 10 in GeoJSON: JSON is UTF-8; a bad byte is named by its line, not
// stored as it is.
func TestGeoJSONMustBeUTF8(t *testing.T) {
	doc := "{\"type\":\"FeatureCollection\",\n\"features\":[{\"type\":\"Feature\",\"geometry\":null,\n\"properties\":{\"code\":\"L\xff1\"}}]}"
	_, err := ReadGeoJSON(strings.NewReader(doc))
	var de *domain.Error
	if !asDomainError(err, &de) || de.Code != "exchange.err.bad_utf8" || de.Params["Line"] != 3 {
		t.Fatalf("error %v", err)
	}
}
