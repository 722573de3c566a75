package shapefile

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// ShapeType is the geometry type code of a .shp file or record.
type ShapeType int32

// The shape types of the ESRI Shapefile Technical Description (1998).
const (
	TypeNull        ShapeType = 0
	TypePoint       ShapeType = 1
	TypePolyLine    ShapeType = 3
	TypePolygon     ShapeType = 5
	TypeMultiPoint  ShapeType = 8
	TypePointZ      ShapeType = 11
	TypePolyLineZ   ShapeType = 13
	TypePolygonZ    ShapeType = 15
	TypeMultiPointZ ShapeType = 18
	TypePointM      ShapeType = 21
	TypePolyLineM   ShapeType = 23
	TypePolygonM    ShapeType = 25
	TypeMultiPointM ShapeType = 28
	TypeMultiPatch  ShapeType = 31
)

var typeNames = map[ShapeType]string{
	TypeNull: "Null", TypePoint: "Point", TypePolyLine: "PolyLine", TypePolygon: "Polygon",
	TypeMultiPoint: "MultiPoint", TypePointZ: "PointZ", TypePolyLineZ: "PolyLineZ",
	TypePolygonZ: "PolygonZ", TypeMultiPointZ: "MultiPointZ", TypePointM: "PointM",
	TypePolyLineM: "PolyLineM", TypePolygonM: "PolygonM", TypeMultiPointM: "MultiPointM",
	TypeMultiPatch: "MultiPatch",
}

func (t ShapeType) String() string {
	if n, ok := typeNames[t]; ok {
		return n
	}
	return fmt.Sprintf("ShapeType(%d)", int32(t))
}

// base maps the Z and M variants onto their 2-D type: their X and Y come
// first in the same layout, and Z and M are dropped.
func (t ShapeType) base() ShapeType {
	switch t {
	case TypePointZ, TypePointM:
		return TypePoint
	case TypePolyLineZ, TypePolyLineM:
		return TypePolyLine
	case TypePolygonZ, TypePolygonM:
		return TypePolygon
	case TypeMultiPointZ, TypeMultiPointM:
		return TypeMultiPoint
	}
	return t
}

const shpHeaderLen = 100

// shpReader reads .shp records in sequence; the .shx index is not needed for that.
type shpReader struct {
	name      string
	r         *bufio.Reader
	typ       ShapeType
	remaining int64 // bytes of records left, per the header's file length
	rec       int   // records read so far
	buf       []byte
}

func newShpReader(name string, ra io.ReaderAt, size int64) (*shpReader, error) {
	fail := func(format string, a ...any) error {
		return &FormatError{File: name, Msg: fmt.Sprintf(format, a...)}
	}
	if size < shpHeaderLen {
		return nil, fail("%d bytes, shorter than the %d-byte header", size, shpHeaderLen)
	}
	var h [shpHeaderLen]byte
	if _, err := ra.ReadAt(h[:], 0); err != nil {
		return nil, fail("reading the header: %v", err)
	}
	if code := binary.BigEndian.Uint32(h[0:]); code != 9994 {
		return nil, &FormatError{File: name, Reason: NotAShapefile, Msg: fmt.Sprintf("file code %d, want 9994: not a .shp file", code)}
	}
	length := int64(binary.BigEndian.Uint32(h[24:])) * 2
	if length < shpHeaderLen || length > size {
		return nil, fail("header gives the file length as %d bytes, but the file has %d", length, size)
	}
	if v := binary.LittleEndian.Uint32(h[28:]); v != 1000 {
		return nil, fail("version %d, want 1000", v)
	}
	typ := ShapeType(binary.LittleEndian.Uint32(h[32:]))
	if _, ok := typeNames[typ]; !ok || typ == TypeMultiPatch {
		return nil, fail("unsupported shape type %v", typ)
	}
	return &shpReader{
		name:      name,
		r:         bufio.NewReaderSize(io.NewSectionReader(ra, shpHeaderLen, length-shpHeaderLen), 64<<10),
		typ:       typ,
		remaining: length - shpHeaderLen,
	}, nil
}

// next returns the next record's geometry (nil for a Null shape) or io.EOF.
func (s *shpReader) next() (orb.Geometry, error) {
	if s.remaining == 0 {
		return nil, io.EOF
	}
	s.rec++
	fail := func(format string, a ...any) error {
		return &FormatError{File: s.name, Record: s.rec, Msg: fmt.Sprintf(format, a...)}
	}
	if s.remaining < 8 {
		return nil, fail("%d stray bytes where a record header should be", s.remaining)
	}
	var h [8]byte
	if _, err := io.ReadFull(s.r, h[:]); err != nil {
		return nil, fail("reading the record header: %v", err)
	}
	n := int64(int32(binary.BigEndian.Uint32(h[4:]))) * 2
	if n < 4 || n > s.remaining-8 {
		return nil, fail("content length %d bytes; %d bytes are left in the file", n, s.remaining-8)
	}
	s.remaining -= 8 + n
	if int64(cap(s.buf)) < n {
		s.buf = make([]byte, n) // bounded by the file size checked above
	}
	b := s.buf[:n]
	if _, err := io.ReadFull(s.r, b); err != nil {
		return nil, fail("reading %d bytes: %v", n, err)
	}
	g, err := parseShape(b, s.typ)
	if err != nil {
		return nil, fail("%v", err)
	}
	return g, nil
}

func parseShape(b []byte, fileType ShapeType) (orb.Geometry, error) {
	t := ShapeType(binary.LittleEndian.Uint32(b))
	if t == TypeNull {
		return nil, nil
	}
	if t.base() != fileType.base() {
		return nil, fmt.Errorf("shape type %v in a %v file", t, fileType)
	}
	switch t.base() {
	case TypePoint:
		if len(b) < 20 {
			return nil, fmt.Errorf("%v needs 20 bytes, has %d", t, len(b))
		}
		pts, err := readPoints(b[4:], 1)
		if err != nil {
			return nil, err
		}
		return pts[0], nil
	case TypeMultiPoint:
		if len(b) < 40 {
			return nil, fmt.Errorf("%v needs at least 40 bytes, has %d", t, len(b))
		}
		n := int64(int32(binary.LittleEndian.Uint32(b[36:])))
		if n < 0 || 40+16*n > int64(len(b)) {
			return nil, fmt.Errorf("%d points do not fit in %d bytes", n, len(b))
		}
		if n == 0 {
			return nil, nil
		}
		pts, err := readPoints(b[40:], int(n))
		if err != nil {
			return nil, err
		}
		return orb.MultiPoint(pts), nil
	}
	return parseParts(b, t)
}

// parseParts reads a PolyLine or Polygon and its Z and M variants.
func parseParts(b []byte, t ShapeType) (orb.Geometry, error) {
	if len(b) < 44 {
		return nil, fmt.Errorf("%v needs at least 44 bytes, has %d", t, len(b))
	}
	nParts := int64(int32(binary.LittleEndian.Uint32(b[36:])))
	nPoints := int64(int32(binary.LittleEndian.Uint32(b[40:])))
	if nParts < 0 || nPoints < 0 || 44+4*nParts+16*nPoints > int64(len(b)) {
		return nil, fmt.Errorf("%d parts and %d points do not fit in %d bytes", nParts, nPoints, len(b))
	}
	if nParts == 0 && nPoints == 0 {
		return nil, nil
	}
	if nParts == 0 || nPoints == 0 {
		return nil, fmt.Errorf("%d parts but %d points", nParts, nPoints)
	}
	pts, err := readPoints(b[44+4*nParts:], int(nPoints))
	if err != nil {
		return nil, err
	}
	parts := make([][]orb.Point, nParts)
	for i := range parts {
		start := int64(binary.LittleEndian.Uint32(b[44+4*i:]))
		end := nPoints
		if i+1 < len(parts) {
			end = int64(binary.LittleEndian.Uint32(b[44+4*(i+1):]))
		}
		if (i == 0 && start != 0) || start >= end || end > nPoints {
			return nil, fmt.Errorf("part %d spans points %d to %d of %d", i+1, start, end, nPoints)
		}
		parts[i] = pts[start:end:end]
	}
	if t.base() == TypePolyLine {
		return lines(parts)
	}
	return polygons(parts)
}

func readPoints(b []byte, n int) ([]orb.Point, error) {
	pts := make([]orb.Point, n)
	for i := range pts {
		x := math.Float64frombits(binary.LittleEndian.Uint64(b[16*i:]))
		y := math.Float64frombits(binary.LittleEndian.Uint64(b[16*i+8:]))
		if math.IsNaN(x) || math.IsInf(x, 0) || math.IsNaN(y) || math.IsInf(y, 0) {
			return nil, fmt.Errorf("point %d is not a finite number", i+1)
		}
		pts[i] = orb.Point{x, y}
	}
	return pts, nil
}

func lines(parts [][]orb.Point) (orb.Geometry, error) {
	mls := make(orb.MultiLineString, len(parts))
	for i, p := range parts {
		if len(p) < 2 {
			return nil, fmt.Errorf("part %d has %d point; a line needs 2", i+1, len(p))
		}
		mls[i] = p
	}
	if len(mls) == 1 {
		return mls[0], nil
	}
	return mls, nil
}

// polygons groups rings into polygons. Shapefiles store outer rings
// clockwise and holes counter-clockwise, but not which hole belongs to which
// outer ring: a hole goes to the smallest outer ring that contains it. A
// "hole" inside no outer ring is taken as an outer ring written the wrong way
// round, which some writers do. Rings come back in GeoJSON's (RFC 7946)
// orientation, outer rings counter-clockwise, since that is where they go.
func polygons(parts [][]orb.Point) (orb.Geometry, error) {
	type outer struct {
		poly orb.Polygon
		area float64
	}
	var outers []outer
	var holes []orb.Ring
	for i, p := range parts {
		r := orb.Ring(p)
		if r[0] != r[len(r)-1] {
			r = append(r, r[0]) // unclosed rings are common and unambiguous
		}
		if len(r) < 4 {
			return nil, fmt.Errorf("ring %d has %d points; a closed ring needs 4", i+1, len(r))
		}
		if a := signedArea(r); a > 0 {
			holes = append(holes, r)
		} else {
			r.Reverse()
			outers = append(outers, outer{orb.Polygon{r}, -a})
		}
	}
	for _, h := range holes {
		best := -1
		for i, o := range outers {
			if (best < 0 || o.area < outers[best].area) && planar.RingContains(o.poly[0], h[0]) {
				best = i
			}
		}
		if best < 0 {
			outers = append(outers, outer{orb.Polygon{h}, signedArea(h)})
			continue
		}
		h.Reverse()
		outers[best].poly = append(outers[best].poly, h)
	}
	if len(outers) == 1 {
		return outers[0].poly, nil
	}
	mp := make(orb.MultiPolygon, len(outers))
	for i, o := range outers {
		mp[i] = o.poly
	}
	return mp, nil
}

// signedArea is the planar shoelace area, positive for counter-clockwise rings.
func signedArea(r orb.Ring) float64 {
	var a float64
	x0, y0 := r[0][0], r[0][1] // near the origin, for precision with projected coordinates
	for i := 1; i+1 < len(r); i++ {
		a += (r[i][0]-x0)*(r[i+1][1]-y0) - (r[i+1][0]-x0)*(r[i][1]-y0)
	}
	return a / 2
}
