package shapefile

import (
	"bytes"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"
)

// A tiny shapefile writer for the tests: just enough of the format to build
// valid files and, by editing their bytes, broken ones.

// shpFile assembles a .shp from record contents (without record headers).
func shpFile(typ ShapeType, recs ...[]byte) []byte {
	var body bytes.Buffer
	for i, c := range recs {
		be(&body, uint32(i+1), uint32(len(c)/2))
		body.Write(c)
	}
	var h bytes.Buffer
	be(&h, uint32(9994), [5]uint32{}, uint32((100+body.Len())/2))
	le(&h, uint32(1000), uint32(typ), [8]float64{})
	return append(h.Bytes(), body.Bytes()...)
}

func nullRec() []byte { return leBytes(uint32(TypeNull)) }

func pointRec(typ ShapeType, p orb.Point) []byte {
	var b bytes.Buffer
	le(&b, uint32(typ), p)
	switch typ {
	case TypePointZ:
		le(&b, 0.0, 0.0)
	case TypePointM:
		le(&b, 0.0)
	}
	return b.Bytes()
}

func multiPointRec(typ ShapeType, pts ...orb.Point) []byte {
	var b bytes.Buffer
	le(&b, uint32(typ), orb.MultiPoint(pts).Bound(), uint32(len(pts)), pts)
	zm(&b, typ, len(pts))
	return b.Bytes()
}

// partsRec writes a PolyLine or Polygon (or a Z or M variant) of the parts.
func partsRec(typ ShapeType, parts ...[]orb.Point) []byte {
	var b bytes.Buffer
	var all []orb.Point
	var starts []uint32
	for _, p := range parts {
		starts = append(starts, uint32(len(all)))
		all = append(all, p...)
	}
	le(&b, uint32(typ), orb.MultiPoint(all).Bound(), uint32(len(parts)), uint32(len(all)), starts, all)
	zm(&b, typ, len(all))
	return b.Bytes()
}

// zm appends the Z and M ranges and arrays that the Z and M variants carry.
func zm(b *bytes.Buffer, typ ShapeType, n int) {
	zeros := make([]float64, n)
	if typ == TypePolyLineZ || typ == TypePolygonZ || typ == TypeMultiPointZ {
		le(b, [2]float64{}, zeros)
	}
	if typ != typ.base() {
		le(b, [2]float64{}, zeros)
	}
}

// dbfFile assembles a dBase III .dbf; rows starting with "*" are deleted.
func dbfFile(ldid byte, fields []Field, rows ...[]string) []byte {
	var b bytes.Buffer
	recLen := 1
	for _, f := range fields {
		recLen += f.Length
	}
	le(&b, [4]byte{0x03, 126, 1, 1}, uint32(len(rows)), uint16(32+32*len(fields)+1), uint16(recLen))
	b.Write(make([]byte, 17))
	b.WriteByte(ldid)
	b.Write(make([]byte, 2))
	for _, f := range fields {
		var fd [32]byte
		copy(fd[:11], f.Name)
		fd[11], fd[16], fd[17] = f.Type, byte(f.Length), byte(f.Decimals)
		b.Write(fd[:])
	}
	b.WriteByte(0x0D)
	for _, row := range rows {
		flag := byte(' ')
		if len(row) > 0 && row[0] == "*" {
			flag, row = '*', row[1:]
		}
		b.WriteByte(flag)
		for i, f := range fields {
			v := []byte(row[i])
			cell := bytes.Repeat([]byte{' '}, f.Length)
			if f.Type == 'N' || f.Type == 'F' {
				copy(cell[f.Length-len(v):], v)
			} else {
				copy(cell, v)
			}
			b.Write(cell)
		}
	}
	b.WriteByte(0x1A)
	return b.Bytes()
}

// writeFiles writes name.ext files into a new temporary directory and
// returns the path of the one ending in .shp (any case).
func writeFiles(t testing.TB, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	var shp string
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if ext := filepath.Ext(name); ext == ".shp" || ext == ".SHP" {
			shp = p
		}
	}
	return shp
}

func be(b *bytes.Buffer, vs ...any) {
	for _, v := range vs {
		binary.Write(b, binary.BigEndian, v)
	}
}

func le(b *bytes.Buffer, vs ...any) {
	for _, v := range vs {
		switch v := v.(type) {
		case orb.Point:
			binary.Write(b, binary.LittleEndian, [2]float64(v))
		case []orb.Point:
			for _, p := range v {
				binary.Write(b, binary.LittleEndian, [2]float64(p))
			}
		case orb.Bound:
			binary.Write(b, binary.LittleEndian, [4]float64{v.Min[0], v.Min[1], v.Max[0], v.Max[1]})
		default:
			binary.Write(b, binary.LittleEndian, v)
		}
	}
}

func leBytes(vs ...any) []byte {
	var b bytes.Buffer
	le(&b, vs...)
	return b.Bytes()
}

var nan = math.NaN()
