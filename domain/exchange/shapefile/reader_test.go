package shapefile

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

var (
	p1, p2, p3 = orb.Point{1, 2}, orb.Point{3, 4}, orb.Point{5, 0}
	oneField   = []Field{{Name: "ID", Type: 'C', Length: 4}}
)

// ids gives one attribute row per record.
func ids(n int) [][]string {
	rows := make([][]string, n)
	for i := range rows {
		rows[i] = []string{string(rune('a' + i))}
	}
	return rows
}

func readAll(t *testing.T, files map[string][]byte) (*Reader, []Feature) {
	t.Helper()
	r, err := Open(writeFiles(t, files))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	fs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return r, fs
}

func TestShapeKinds(t *testing.T) {
	line := []orb.Point{p1, p2, p3}
	tests := []struct {
		typ  ShapeType
		recs [][]byte
		want []orb.Geometry
	}{
		{TypePoint, [][]byte{pointRec(TypePoint, p1), nullRec()}, []orb.Geometry{p1, nil}},
		{TypePointZ, [][]byte{pointRec(TypePointZ, p1)}, []orb.Geometry{p1}},
		{TypePointM, [][]byte{pointRec(TypePointM, p1)}, []orb.Geometry{p1}},
		{TypeMultiPoint, [][]byte{multiPointRec(TypeMultiPoint, p1, p2), multiPointRec(TypeMultiPoint)}, []orb.Geometry{orb.MultiPoint{p1, p2}, nil}},
		{TypeMultiPointZ, [][]byte{multiPointRec(TypeMultiPointZ, p1, p2)}, []orb.Geometry{orb.MultiPoint{p1, p2}}},
		{TypeMultiPointM, [][]byte{multiPointRec(TypeMultiPointM, p1, p2)}, []orb.Geometry{orb.MultiPoint{p1, p2}}},
		{TypePolyLine, [][]byte{partsRec(TypePolyLine, line), partsRec(TypePolyLine, line, []orb.Point{p3, p1}), partsRec(TypePolyLine)},
			[]orb.Geometry{orb.LineString(line), orb.MultiLineString{line, {p3, p1}}, nil}},
		{TypePolyLineZ, [][]byte{partsRec(TypePolyLineZ, line)}, []orb.Geometry{orb.LineString(line)}},
		{TypePolyLineM, [][]byte{nullRec(), partsRec(TypePolyLineM, line)}, []orb.Geometry{nil, orb.LineString(line)}},
		// A PolyLineZ record in a PolyLine file keeps its X and Y.
		{TypePolyLine, [][]byte{partsRec(TypePolyLineZ, line)}, []orb.Geometry{orb.LineString(line)}},
		{TypePolygon, [][]byte{partsRec(TypePolygon, square(0, 0, 10, true))}, []orb.Geometry{orb.Polygon{square(0, 0, 10, false)}}},
		{TypePolygonZ, [][]byte{partsRec(TypePolygonZ, square(0, 0, 10, true))}, []orb.Geometry{orb.Polygon{square(0, 0, 10, false)}}},
		{TypePolygonM, [][]byte{partsRec(TypePolygonM, square(0, 0, 10, true))}, []orb.Geometry{orb.Polygon{square(0, 0, 10, false)}}},
	}
	for _, tt := range tests {
		t.Run(tt.typ.String(), func(t *testing.T) {
			r, fs := readAll(t, map[string][]byte{
				"a.shp": shpFile(tt.typ, tt.recs...),
				"a.dbf": dbfFile(0, oneField, ids(len(tt.recs))...),
			})
			if r.ShapeType() != tt.typ {
				t.Errorf("ShapeType %v, want %v", r.ShapeType(), tt.typ)
			}
			if len(fs) != len(tt.want) {
				t.Fatalf("%d features, want %d", len(fs), len(tt.want))
			}
			for i, f := range fs {
				if f.Index != i+1 || !reflect.DeepEqual(f.Geometry, tt.want[i]) || f.Attrs[0] != ids(i + 1)[i][0] {
					t.Errorf("feature %d = %+v, want %v", i+1, f, tt.want[i])
				}
			}
		})
	}
}

// square returns a closed square ring, clockwise (a shapefile outer ring) or not.
func square(x, y, size float64, clockwise bool) []orb.Point {
	r := orb.Ring{{x, y}, {x + size, y}, {x + size, y + size}, {x, y + size}, {x, y}}
	if clockwise {
		r.Reverse()
	}
	return r
}

func TestPolygonRings(t *testing.T) {
	outer, hole := square(0, 0, 10, true), square(2, 2, 2, false)
	outer2, hole2 := square(20, 0, 10, true), square(22, 2, 2, false)
	island := square(2.5, 2.5, 1, true) // inside hole
	unclosed := outer[:len(outer)-1]
	tests := []struct {
		name  string
		parts [][]orb.Point
		want  orb.Geometry
	}{
		{"hole", [][]orb.Point{outer, hole}, orb.Polygon{ccw(outer), cw(hole)}},
		{"hole first", [][]orb.Point{hole, outer}, orb.Polygon{ccw(outer), cw(hole)}},
		{"holes go to their outer", [][]orb.Point{outer, outer2, hole2, hole},
			orb.MultiPolygon{{ccw(outer), cw(hole)}, {ccw(outer2), cw(hole2)}}},
		{"island in a hole", [][]orb.Point{outer, hole, island},
			orb.MultiPolygon{{ccw(outer), cw(hole)}, {ccw(island)}}},
		{"unclosed ring", [][]orb.Point{unclosed}, orb.Polygon{ccw(outer)}},
		{"counter-clockwise outers", [][]orb.Point{ccw(outer), ccw(outer2)},
			orb.MultiPolygon{{ccw(outer)}, {ccw(outer2)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, fs := readAll(t, map[string][]byte{
				"a.shp": shpFile(TypePolygon, partsRec(TypePolygon, tt.parts...)),
				"a.dbf": dbfFile(0, oneField, ids(1)...),
			})
			if !reflect.DeepEqual(fs[0].Geometry, tt.want) {
				t.Errorf("got  %v\nwant %v", fs[0].Geometry, tt.want)
			}
		})
	}
}

func ccw(r []orb.Point) orb.Ring {
	c := orb.Ring(append([]orb.Point(nil), r...))
	if c.Orientation() != orb.CCW {
		c.Reverse()
	}
	return c
}

func cw(r []orb.Point) orb.Ring {
	c := ccw(r)
	c.Reverse()
	return c
}

func TestAttributes(t *testing.T) {
	fields := []Field{
		{Name: "NAME", Type: 'C', Length: 12},
		{Name: "DIAM", Type: 'N', Length: 6},
		{Name: "LEN", Type: 'F', Length: 8, Decimals: 2},
		{Name: "NOTES", Type: 'M', Length: 10},
		{Name: "BUILT", Type: 'D', Length: 8},
		{Name: "OK", Type: 'L', Length: 1},
	}
	rows := [][]string{
		{"  lead  ", "200", "12.50", "0000000001", "20160315", "T"},
		{"*", "gone", "1", "1", "", "20160315", "F"},
		{"", "", "", "", "", "?"},
		{"x", "*****", "-1.00", "", "00000000", "n"},
		{"y", "1", "1", "", "2016-3-1", "y"},
	}
	var recs [][]byte
	for range rows {
		recs = append(recs, pointRec(TypePoint, p1))
	}
	r, fs := readAll(t, map[string][]byte{
		"a.shp": shpFile(TypePoint, recs...),
		"a.dbf": dbfFile(0, fields, rows...),
	})
	wantFields := []Field{fields[0], fields[1], fields[2], fields[4], fields[5]}
	if !reflect.DeepEqual(r.Fields(), wantFields) {
		t.Errorf("Fields() = %v, want %v", r.Fields(), wantFields)
	}
	want := []Feature{
		{1, p1, []string{"  lead", "200", "12.50", "2016-03-15", "true"}},
		{3, p1, []string{"", "", "", "", ""}},
		{4, p1, []string{"x", "*****", "-1.00", "", "false"}},
		{5, p1, []string{"y", "1", "1", "2016-3-1", "true"}},
	}
	if !reflect.DeepEqual(fs, want) {
		t.Errorf("got  %v\nwant %v", fs, want)
	}
	if r.Deleted() != 1 || r.NumRecords() != 5 {
		t.Errorf("Deleted() = %d, NumRecords() = %d; want 1, 5", r.Deleted(), r.NumRecords())
	}
}

var (
	gbkName = []byte{0xB3, 0xC7, 0xB9, 0xDC} // 城管 in GBK
	utfName = []byte("城管")
)

func TestEncodings(t *testing.T) {
	tests := []struct {
		name     string
		cpg      string // "-" for no .cpg file
		ldid     byte
		value    []byte
		want     string
		encoding string
	}{
		{"cpg UTF-8", "UTF-8", 0x4D, utfName, "城管", "utf-8"},
		{"cpg utf8", "utf8\r\n", 0, utfName, "城管", "utf-8"},
		{"cpg 65001", "65001", 0, utfName, "城管", "utf-8"},
		{"cpg GBK", "GBK", 0, gbkName, "城管", "gbk"},
		{"cpg CP936", "CP936", 0, gbkName, "城管", "gbk"},
		{"cpg 936", "936", 0, gbkName, "城管", "gbk"},
		{"cpg GB18030", "GB18030", 0, gbkName, "城管", "gb18030"},
		{"cpg 1252", "1252", 0, []byte("M\xfcller"), "Müller", "windows-1252"},
		{"cpg ANSI 1252", "ANSI 1252", 0, []byte("M\xfcller"), "Müller", "windows-1252"},
		{"cpg Windows-1252", "Windows-1252", 0, []byte("M\xfcller"), "Müller", "windows-1252"},
		{"cpg ISO-8859-1", "ISO-8859-1", 0, []byte("M\xfcller"), "Müller", "windows-1252"},
		{"cpg 88591", "88591", 0, []byte("M\xfcller"), "Müller", "windows-1252"},
		{"ldid 0x4D", "-", 0x4D, gbkName, "城管", "gbk"},
		{"ldid 0x7A", "-", 0x7A, gbkName, "城管", "gbk"},
		{"ldid 0x57", "-", 0x57, []byte("M\xfcller"), "Müller", "windows-1252"},
		{"detect UTF-8", "-", 0, utfName, "城管", "utf-8"},
		{"detect GB18030", "-", 0, gbkName, "城管", "gb18030"},
		// A UTF-8 value cut inside its last character loses that character.
		{"cut UTF-8", "-", 0, utfName[:5], "城", "utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fields := []Field{{Name: "NAME", Type: 'C', Length: 6}, {Name: "NOTE", Type: 'C', Length: 6}}
			files := map[string][]byte{
				"a.shp": shpFile(TypePoint, pointRec(TypePoint, p1)),
				"a.dbf": dbfFile(tt.ldid, fields, []string{string(tt.value), "ascii"}),
			}
			if tt.cpg != "-" {
				files["a.cpg"] = []byte(tt.cpg)
			}
			r, fs := readAll(t, files)
			if got := fs[0].Attrs[0]; got != tt.want || r.Encoding() != tt.encoding {
				t.Errorf("got %q as %s, want %q as %s", got, r.Encoding(), tt.want, tt.encoding)
			}
		})
	}
}

func TestOpenFindsSiblingsInAnyCase(t *testing.T) {
	r, fs := readAll(t, map[string][]byte{
		"Pipes.SHP": shpFile(TypePoint, pointRec(TypePoint, p1)),
		"Pipes.Dbf": dbfFile(0, oneField, ids(1)...),
		"Pipes.PRJ": []byte("\uFEFFPROJCS[\"x\"]\r\n"),
		"Pipes.CPG": []byte("GBK"),
	})
	if r.PRJ() != `PROJCS["x"]` || r.Encoding() != "gbk" || len(fs) != 1 {
		t.Errorf("PRJ %q, encoding %s, %d features", r.PRJ(), r.Encoding(), len(fs))
	}

	path := writeFiles(t, map[string][]byte{"a.shp": shpFile(TypePoint)})
	if _, err := Open(path); err == nil || !strings.Contains(err.Error(), ".dbf") {
		t.Errorf("without a .dbf: error %v", err)
	}
	path = writeFiles(t, map[string][]byte{
		"a.shp": shpFile(TypePoint), "a.dbf": dbfFile(0, oneField), "a.cpg": []byte("KLINGON"),
	})
	if _, err := Open(path); err == nil || !strings.Contains(err.Error(), "KLINGON") {
		t.Errorf("unknown .cpg: error %v", err)
	}
}

// Broken inputs, also the fuzz seeds. Each must fail with a *FormatError on
// the given file and record, its message containing msg.
var brokenShp = []struct {
	name   string
	shp    []byte
	record int
	msg    string
}{
	{"empty", nil, 0, "shorter than"},
	{"bad file code", edit(shpFile(TypePoint), 0, 9995, true), 0, "file code 9995"},
	{"length past the end", edit(shpFile(TypePoint), 24, 1000, true), 0, "the file has 100"},
	{"bad version", edit(shpFile(TypePoint), 28, 999, false), 0, "version 999"},
	{"multipatch", edit(shpFile(TypePoint), 32, 31, false), 0, "MultiPatch"},
	{"unknown type", edit(shpFile(TypePoint), 32, 2, false), 0, "ShapeType(2)"},
	{"content past the end", edit(shpFile(TypePoint, pointRec(TypePoint, p1)), 104, 1000, true), 1, "content length 2000"},
	{"negative content length", edit(shpFile(TypePoint, pointRec(TypePoint, p1)), 104, 0xFFFFFFFF, true), 1, "content length -2"},
	{"stray bytes", append(edit(shpFile(TypePoint, pointRec(TypePoint, p1)), 24, 66, true), 0, 0, 0, 0), 2, "stray bytes"},
	{"wrong record type", shpFile(TypePoint, pointRec(TypePoint, p1), partsRec(TypePolyLine, []orb.Point{p1, p2})), 2, "PolyLine in a Point file"},
	{"short point", shpFile(TypePoint, pointRec(TypePoint, p1)[:12]), 1, "needs 20 bytes"},
	{"NaN point", shpFile(TypePoint, nullRec(), pointRec(TypePoint, orb.Point{nan, 1})), 2, "not a finite number"},
	{"too many points", shpFile(TypeMultiPoint, edit(multiPointRec(TypeMultiPoint, p1), 36, 1<<30, false)), 1, "1073741824 points do not fit"},
	{"negative parts", shpFile(TypePolyLine, edit(partsRec(TypePolyLine, []orb.Point{p1, p2}), 36, 0xFFFFFFFF, false)), 1, "-1 parts"},
	{"parts without points", shpFile(TypePolyLine, edit(partsRec(TypePolyLine, []orb.Point{p1, p2}), 40, 0, false)), 1, "1 parts but 0 points"},
	{"part out of range", shpFile(TypePolyLine, edit(partsRec(TypePolyLine, []orb.Point{p1, p2}, []orb.Point{p2, p3}), 48, 9, false)), 1, "part 1 spans points 0 to 9 of 4"},
	{"first part not at 0", shpFile(TypePolyLine, edit(partsRec(TypePolyLine, []orb.Point{p1, p2}), 44, 1, false)), 1, "part 1 spans"},
	{"one-point line", shpFile(TypePolyLine, partsRec(TypePolyLine, []orb.Point{p1, p2}, []orb.Point{p3})), 1, "part 2 has 1 point"},
	{"three-point ring", shpFile(TypePolygon, partsRec(TypePolygon, []orb.Point{p1, p2, p1})), 1, "ring 1 has 3 points"},
}

// edit overwrites the 4-byte integer at offset.
func edit(b []byte, offset int, v uint32, bigEndian bool) []byte {
	b = bytes.Clone(b)
	if bigEndian {
		binary.BigEndian.PutUint32(b[offset:], v)
	} else {
		binary.LittleEndian.PutUint32(b[offset:], v)
	}
	return b
}

func TestBrokenShp(t *testing.T) {
	for _, tt := range brokenShp {
		t.Run(tt.name, func(t *testing.T) {
			n := 0
			if len(tt.shp) >= 100 {
				// Enough attribute rows that the .dbf is never the problem.
				n = 2
			}
			path := writeFiles(t, map[string][]byte{"a.shp": tt.shp, "a.dbf": dbfFile(0, oneField, ids(n)...)})
			r, err := Open(path)
			if err == nil {
				_, err = r.ReadAll()
				r.Close()
			}
			checkFormatError(t, err, "a.shp", tt.record, tt.msg)
		})
	}
}

var brokenDbf = []struct {
	name   string
	dbf    []byte
	record int
	msg    string
}{
	{"empty", nil, 0, "shorter than"},
	{"header past the end", edit(dbfFile(0, oneField), 8, 0xFFFF, false)[:40], 0, "header length 65535"},
	{"records past the end", edit(dbfFile(0, oneField, ids(1)...), 4, 1000, false), 0, "1000 records"},
	{"field past the record", edit(dbfFile(0, oneField, ids(1)...), 10, 3, false), 0, "field 1 (ID) ends at byte 5 of 3-byte records"},
	{"unknown field type", bytes.Replace(dbfFile(0, oneField, ids(1)...), []byte("ID\x00\x00\x00\x00\x00\x00\x00\x00\x00C"), []byte("ID\x00\x00\x00\x00\x00\x00\x00\x00\x00I"), 1), 0, `type 'I'`},
	{"bad deletion flag", bytes.Replace(dbfFile(0, oneField, ids(1)...), []byte("\x0D a"), []byte("\x0D#a"), 1), 1, `deletion flag '#'`},
	{"more rows than shapes", dbfFile(0, oneField, ids(2)...), 2, "the .shp ends after 1 records, the .dbf has 2"},
}

func TestBrokenDbf(t *testing.T) {
	for _, tt := range brokenDbf {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFiles(t, map[string][]byte{"a.shp": shpFile(TypePoint, pointRec(TypePoint, p1)), "a.dbf": tt.dbf})
			r, err := Open(path)
			if err == nil {
				_, err = r.ReadAll()
				r.Close()
			}
			checkFormatError(t, err, "a.dbf", tt.record, tt.msg)
		})
	}
	t.Run("fewer rows than shapes", func(t *testing.T) {
		path := writeFiles(t, map[string][]byte{
			"a.shp": shpFile(TypePoint, pointRec(TypePoint, p1), pointRec(TypePoint, p2)),
			"a.dbf": dbfFile(0, oneField, ids(1)...),
		})
		r, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		fs, err := r.ReadAll()
		checkFormatError(t, err, "a.shp", 2, "no row for it in the .dbf, which has 1")
		if len(fs) != 1 {
			t.Errorf("%d features before the error, want 1", len(fs))
		}
		if _, again := r.Next(); again != err {
			t.Errorf("Next after an error: %v, want the same error", again)
		}
	})
}

func checkFormatError(t *testing.T, err error, file string, record int, msg string) {
	t.Helper()
	var fe *FormatError
	if !errors.As(err, &fe) {
		t.Fatalf("error %v, want a *FormatError", err)
	}
	if fe.File != file || fe.Record != record || !strings.Contains(fe.Msg, msg) {
		t.Errorf("error %q, want file %s, record %d, message containing %q", err, file, record, msg)
	}
}

func TestNextAfterEOF(t *testing.T) {
	r, _ := readAll(t, map[string][]byte{"a.shp": shpFile(TypePoint), "a.dbf": dbfFile(0, oneField)})
	if _, err := r.Next(); err != io.EOF {
		t.Errorf("Next after the end: %v, want io.EOF", err)
	}
}
