package shapefile

import (
	"bytes"
	"errors"
	"io"
	"math"
	"testing"
	"unicode/utf8"

	"github.com/paulmach/orb"
)

// Without -fuzz these run their seeds only: valid files of every kind and
// the broken ones above.

func FuzzReadShp(f *testing.F) {
	line := []orb.Point{p1, p2, p3}
	for _, seed := range [][]byte{
		shpFile(TypeNull, nullRec()),
		shpFile(TypePoint, pointRec(TypePoint, p1), nullRec()),
		shpFile(TypePointZ, pointRec(TypePointZ, p1)),
		shpFile(TypePointM, pointRec(TypePointM, p1)),
		shpFile(TypeMultiPoint, multiPointRec(TypeMultiPoint, p1, p2)),
		shpFile(TypeMultiPointZ, multiPointRec(TypeMultiPointZ, p1, p2)),
		shpFile(TypePolyLine, partsRec(TypePolyLine, line), partsRec(TypePolyLine, line, line)),
		shpFile(TypePolyLineM, partsRec(TypePolyLineM, line)),
		shpFile(TypePolygon, partsRec(TypePolygon, square(0, 0, 10, true), square(2, 2, 2, false), square(20, 0, 1, true))),
		shpFile(TypePolygonZ, partsRec(TypePolygonZ, square(0, 0, 10, false))),
	} {
		f.Add(seed)
	}
	for _, b := range brokenShp {
		f.Add(b.shp)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := newShpReader("f.shp", bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		r := &Reader{shp: s}
		for {
			feat, err := r.Next()
			if err != nil {
				var fe *FormatError
				if err != io.EOF && (!errors.As(err, &fe) || fe.Record < 1) {
					t.Fatalf("error %v is not a record's FormatError", err)
				}
				return
			}
			checkGeometry(t, feat.Geometry)
		}
	})
}

// checkGeometry checks what callers may rely on.
func checkGeometry(t *testing.T, g orb.Geometry) {
	switch g := g.(type) {
	case nil:
	case orb.Point:
		checkPoints(t, g)
	case orb.MultiPoint:
		checkPoints(t, g...)
	case orb.LineString:
		if len(g) < 2 {
			t.Fatalf("line of %d points", len(g))
		}
		checkPoints(t, g...)
	case orb.MultiLineString:
		for _, l := range g {
			checkGeometry(t, l)
		}
	case orb.Polygon:
		for _, r := range g {
			if len(r) < 4 || r[0] != r[len(r)-1] {
				t.Fatalf("ring %v is not closed", r)
			}
			checkPoints(t, r...)
		}
	case orb.MultiPolygon:
		for _, p := range g {
			checkGeometry(t, p)
		}
	default:
		t.Fatalf("unexpected geometry %T", g)
	}
}

func checkPoints(t *testing.T, pts ...orb.Point) {
	for _, p := range pts {
		if math.IsNaN(p[0]+p[1]) || math.IsInf(p[0]+p[1], 0) {
			t.Fatalf("point %v is not finite", p)
		}
	}
}

func FuzzReadDbf(f *testing.F) {
	fields := []Field{
		{Name: "NAME", Type: 'C', Length: 6},
		{Name: "N", Type: 'N', Length: 4},
		{Name: "M", Type: 'M', Length: 10},
		{Name: "D", Type: 'D', Length: 8},
		{Name: "L", Type: 'L', Length: 1},
	}
	row := []string{string(utfName), "12", "1", "20200101", "T"}
	f.Add(dbfFile(0, fields, row, append([]string{"*"}, row...)), "")
	f.Add(dbfFile(0, fields, []string{string(gbkName), "", "", "", "?"}), "")
	f.Add(dbfFile(0x4D, fields, []string{string(gbkName), "-1", "", "0", "x"}), "")
	f.Add(dbfFile(0, fields, row), "1252")
	f.Add(dbfFile(0, fields, row), "UTF-8")
	for _, b := range brokenDbf {
		f.Add(b.dbf, "")
	}
	f.Fuzz(func(t *testing.T, data []byte, cpg string) {
		d, err := newDbfReader("f.dbf", bytes.NewReader(data), int64(len(data)), cpg)
		if err != nil {
			return
		}
		for _, fd := range d.fields {
			if !utf8.ValidString(fd.Name) {
				t.Fatalf("field name %q is not UTF-8", fd.Name)
			}
		}
		for {
			values, _, err := d.next()
			if err != nil {
				return
			}
			if values != nil && len(values) != len(d.fields) {
				t.Fatalf("%d values for %d fields", len(values), len(d.fields))
			}
			for _, v := range values {
				if !utf8.ValidString(v) {
					t.Fatalf("value %q is not UTF-8", v)
				}
			}
		}
	})
}
