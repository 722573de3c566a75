package exchange

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkt"
	"github.com/paulmach/orb/geojson"
	"github.com/xuri/excelize/v2"

	"cityledger/domain"
	"cityledger/domain/exchange/shapefile"
	"cityledger/domain/i18n"
)

// Fuzz targets for every reader, seeded with the bad files of the corpus
// (domain/testdata/badinput/input-*). Each asserts properties, not just "no
// panic": an error is a person's message (a catalogue code, no Go text) that
// names the row or line where there is one; what reads, reads back the same.
// .ci/fuzz.sh runs each for a while; make test for a few seconds.

// corpusFiles returns the corpus's input files whose names end in one of exts.
func corpusFiles(f *testing.F, exts ...string) [][]byte {
	f.Helper()
	var out [][]byte
	dirs, _ := filepath.Glob(filepath.Join("..", "testdata", "badinput", "*"))
	for _, d := range dirs {
		entries, _ := os.ReadDir(d)
		for _, e := range entries {
			for _, ext := range exts {
				if strings.HasSuffix(e.Name(), ext) {
					b, err := os.ReadFile(filepath.Join(d, e.Name()))
					if err != nil {
						f.Fatal(err)
					}
					out = append(out, b)
				}
			}
		}
	}
	if len(out) == 0 {
		f.Fatalf("no corpus files %v", exts)
	}
	return out
}

// rowCodes are the file-level errors that point at a row or line; their
// messages must carry the number.
var rowCodes = map[string]string{
	"exchange.err.row_too_long": "Row", "exchange.err.too_many_columns": "Row", "exchange.err.cell_too_long": "Row",
	"exchange.err.csv_quote": "Line", "exchange.err.csv_unclosed": "Line", "exchange.err.bad_utf8": "Line",
	"exchange.err.bad_text": "Line", "exchange.err.bad_utf16": "Line", "exchange.err.json_syntax": "Line",
	"exchange.err.geojson_feature": "Row", "exchange.err.feature_too_long": "Row", "exchange.err.xlsx_row": "Row",
	"exchange.err.shapefile_record": "Row", "exchange.err.shapefile_counts": "Row", "exchange.err.shapefile_text": "Row",
}

// checkReadError holds a reader's error to the properties every bad file's must have.
func checkReadError(t *testing.T, err error) {
	t.Helper()
	checkPersonMessage(t, err)
	de, ok := err.(*domain.Error)
	if !ok {
		t.Fatalf("%T %v is not a domain error", err, err)
	}
	if !i18n.Has(i18n.ZH, de.Code) || !i18n.Has(i18n.EN, de.Code) {
		t.Fatalf("code %q is not in the catalogue", de.Code)
	}
	if p, ok := rowCodes[de.Code]; ok {
		n, _ := de.Params[p].(int)
		if n < 1 {
			t.Fatalf("%s names no %s: %v", de.Code, p, de.Params)
		}
	}
}

// checkTable holds a read table to the limits and numbering every reader keeps.
func checkTable(t *testing.T, tab *Table, firstRow int) {
	t.Helper()
	if len(tab.Header) > MaxColumns {
		t.Fatalf("%d header columns", len(tab.Header))
	}
	prev := firstRow - 1
	for _, r := range tab.Rows {
		if r.Num <= prev {
			t.Fatalf("row numbers not increasing: %d after %d", r.Num, prev)
		}
		prev = r.Num
		if len(r.Cells) > MaxColumns {
			t.Fatalf("row %d: %d cells", r.Num, len(r.Cells))
		}
		for _, c := range r.Cells {
			if len(c) > MaxCellBytes {
				t.Fatalf("row %d: a cell of %d bytes", r.Num, len(c))
			}
		}
		for _, e := range r.Errors {
			if e.Row != 0 && e.Row != r.Num || e.Field != GeometryField {
				t.Fatalf("row %d: reader error %+v", r.Num, e)
			}
			checkPersonMessage(t, domain.Invalid(e))
		}
	}
}

func FuzzReadCSV(f *testing.F) {
	for _, c := range csvCases {
		f.Add([]byte(c.in))
	}
	for _, b := range corpusFiles(f, ".csv") {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		tab, err := ReadCSV(bytes.NewReader(b))
		if err != nil {
			checkReadError(t, err)
			return
		}
		checkTable(t, tab, 2)
		for _, r := range tab.Rows {
			if blank(r.Cells) {
				t.Fatalf("blank row %d kept", r.Num)
			}
		}
		// Round trip: the table written as a UTF-8 CSV, cells neutralised as an
		// export does, reads back to the same cells.
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.Write(tab.Header)
		for _, r := range tab.Rows {
			cells := make([]string, len(r.Cells))
			for i, c := range r.Cells {
				cells[i] = NeutraliseFormula(c)
			}
			w.Write(cells)
		}
		w.Flush()
		again, err := ReadCSV(&buf)
		if err != nil || strings.Join(again.Header, "\x00") != strings.Join(tab.Header, "\x00") {
			return // the delimiter guessed from a header of one odd column may differ
		}
		if len(again.Rows) != len(tab.Rows) {
			t.Fatalf("%d rows read back as %d", len(tab.Rows), len(again.Rows))
		}
		for i, r := range tab.Rows {
			if strings.Join(r.Cells, "\x00") != strings.Join(again.Rows[i].Cells, "\x00") {
				t.Fatalf("row %d: %q read back as %q", r.Num, r.Cells, again.Rows[i].Cells)
			}
		}
	})
}

func FuzzReadXLSX(f *testing.F) {
	for _, b := range corpusFiles(f, ".xlsx") {
		f.Add(b)
	}
	for _, k := range []Kind{Lamps, Vehicles} {
		var buf bytes.Buffer
		if err := Template(L(k), &buf, i18n.ZH); err != nil {
			f.Fatal(err)
		}
		f.Add(buf.Bytes())
	}
	x := excelize.NewFile()
	x.SetSheetRow("Sheet1", "A1", &[]any{"code", "note", "cost"})
	x.SetSheetRow("Sheet1", "A3", &[]any{"L1", "=HYPERLINK(\"x\")", 12.5})
	x.SetSheetRow("Sheet1", "C5", &[]any{"x\x00y"})
	var buf bytes.Buffer
	x.WriteTo(&buf)
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, b []byte) {
		tab, err := ReadXLSX(bytes.NewReader(b), "")
		if err != nil {
			checkReadError(t, err)
			return
		}
		checkTable(t, tab, 2)
	})
}

func FuzzReadGeoJSON(f *testing.F) {
	for _, c := range geojsonCases {
		f.Add(c.in)
	}
	for _, b := range corpusFiles(f, ".geojson") {
		f.Add(string(b))
	}
	f.Fuzz(func(t *testing.T, s string) {
		tab, err := ReadGeoJSON(strings.NewReader(s))
		if err != nil {
			checkReadError(t, err)
			return
		}
		checkTable(t, tab, 1)
		for i, r := range tab.Rows {
			if r.Num != i+1 || len(r.Cells) > len(tab.Header) {
				t.Fatalf("row %d: number %d, %d cells for %d columns", i, r.Num, len(r.Cells), len(tab.Header))
			}
			if r.Geometry == nil {
				continue
			}
			// Round trip: the geometry written as GeoJSON reads back equal.
			raw, err := json.Marshal(geojson.NewGeometry(r.Geometry))
			if err != nil {
				continue // orb cannot write what it holds (an empty member)
			}
			g, fe := decodeGeoJSONGeometry(raw)
			if fe != nil || !orb.Equal(orEmpty(g), orEmpty(r.Geometry)) {
				t.Fatalf("row %d: %s read back as %v, %v", r.Num, raw, g, fe)
			}
		}
	})
}

// FuzzReadShapefile fuzzes a .shp and its .dbf together, as a person's folder
// holds them, through the reader an import uses.
func FuzzReadShapefile(f *testing.F) {
	dirs, _ := filepath.Glob(filepath.Join("..", "testdata", "badinput", "*"))
	seeded := false
	for _, d := range dirs {
		shp, err1 := os.ReadFile(filepath.Join(d, "in.shp"))
		dbf, err2 := os.ReadFile(filepath.Join(d, "in.dbf"))
		if err1 == nil {
			if err2 != nil {
				dbf = nil
			}
			f.Add(shp, dbf)
			seeded = true
		}
	}
	if !seeded {
		f.Fatal("no shapefile in the corpus")
	}
	// In memory: writing two files per input would make the target a
	// benchmark of the file system. TestShapefileFromFiles covers opening.
	f.Fuzz(func(t *testing.T, shp, dbf []byte) {
		r, err := shapefile.NewReader("in.shp", shp, dbf, "", "")
		if err != nil {
			checkReadError(t, shapefileError("in.shp", err))
			return
		}
		src := shapefileSource("in.shp", r)
		tab, err := ReadAll(src)
		if err != nil {
			checkReadError(t, err)
			return
		}
		checkTable(t, tab, 1)
	})
}

// FuzzWKTGeometry: a WKT cell through the parser and the geometry check, as an
// import takes it. What passes is valid (closed rings of four points or more,
// in range, no crossing) and passes again unchanged; what fails says so in a
// person's words.
func FuzzWKTGeometry(f *testing.F) {
	for _, c := range wktCases {
		f.Add(c.in)
	}
	for _, s := range []string{"POLYGON ((0 0, 1 0, 1 1, 0 1))", "POLYGON ((0 0, 1 1, 1 0, 0 1, 0 0))", "POLYGON(())",
		"POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0), (5 5, 6 5, 6 6, 5 5))", "LINESTRING (1 1, 1 1)", "POINT (500 95)",
		"MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((2 2, 3 3, 3 2, 2 3, 2 2)))", "POINT (1e400 0)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g, err := ParseWKT(s)
		if err != nil {
			we, ok := err.(*WKTError)
			if !ok || we.Pos < 1 || we.Pos > len(strings.TrimSpace(s))+1 {
				t.Fatalf("%q: error %#v", s, err)
			}
			return
		}
		if g == nil {
			return
		}
		out, problems := checkGeometry(g, false)
		failed := false
		for _, p := range problems {
			fe := domain.FieldError{Row: 2, Field: GeometryField, Value: p.value, Rule: p.rule, Params: p.params}
			checkPersonMessage(t, domain.Invalid(fe))
			failed = failed || !p.repair
		}
		if failed {
			if out != nil {
				t.Fatalf("%q: refused but kept %v", s, out)
			}
			return
		}
		again, more := checkGeometry(out, false)
		if len(more) > 0 || !orb.Equal(again, out) {
			t.Fatalf("%q: %v is not valid after its repair: %+v", s, out, more)
		}
		// Valid geometry survives the export's WKT and reads back equal.
		back, err := ParseWKT(wkt.MarshalString(out))
		if err != nil || !orb.Equal(orEmpty(back), orEmpty(out)) {
			t.Fatalf("%q: %v reads back as %v, %v", s, out, back, err)
		}
	})
}

// FuzzImportCSV runs a CSV through the whole conversion of a geometric kind:
// every error names a row of the file and a field, in a person's words.
func FuzzImportCSV(f *testing.F) {
	f.Add([]byte("code,type,unit,geometry,note\nG1,公共绿地,u,\"POLYGON ((0 0, 1 0, 1 1, 0 0))\",=SUM(1)\n"))
	f.Add([]byte("code,type,unit,area_m2,start_date,original_value\nG1,公共绿地,u,\"1,5\",9999-12-31,\"0,5\"\n"))
	for _, b := range corpusFiles(f, ".csv") {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		tab, err := ReadCSV(bytes.NewReader(b))
		if err != nil {
			return // FuzzReadCSV holds these
		}
		res, err := Convert(L(GreenAreas), tab, Options{Set: map[string]string{"unit": "u", "type": "公共绿地"}})
		if err != nil {
			checkPersonMessage(t, err)
			return
		}
		rows := map[int]bool{}
		for _, r := range tab.Rows {
			rows[r.Num] = true
		}
		for _, e := range append(append([]domain.FieldError{}, res.Errors...), res.Warnings...) {
			if !rows[e.Row] || e.Field == "" {
				t.Fatalf("error %+v names no row of the file", e)
			}
			checkPersonMessage(t, domain.Invalid(e))
		}
		for _, a := range res.Batch.Assets {
			if a.OriginalValue > domain.MaxFen || (a.StartDate != "" && !a.StartDate.Valid()) {
				t.Fatalf("kept %+v", a)
			}
			if a.Geometry != nil {
				if _, more := checkGeometry(a.Geometry, false); len(more) > 0 {
					t.Fatalf("kept an invalid geometry %v: %+v", a.Geometry, more)
				}
			}
		}
	})
}
