package exchange

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// ParseWKT reads a WKT (or EWKT, "SRID=2056;POINT(…)") geometry. Z and M
// values are dropped, in either spelling ("POINT Z (1 2 3)", "POINT (1 2 3)").
// An EMPTY geometry, or one without any coordinates, gives nil. orb's encoding/wkt refuses Z coordinates and
// splits with regular expressions, so the formats' own small grammar is parsed
// here; the fuzz test checks it agrees with orb wherever orb succeeds.
func ParseWKT(s string) (orb.Geometry, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(strings.ToUpper(s), "SRID=") {
		if i := strings.IndexByte(s, ';'); i >= 0 {
			s = s[i+1:]
		}
	}
	p := &wktParser{s: s}
	g, err := p.geometry(0)
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i != len(p.s) {
		return nil, p.errorf("unexpected %q after the geometry", abbreviate(p.s[p.i:]))
	}
	if pointCount(g) == 0 {
		return nil, nil // "POLYGON(())", "MULTIPOLYGON(((),()))": empty
	}
	return g, nil
}

type wktParser struct {
	s string
	i int
}

const maxWKTDepth = 8

// WKTError is a WKT text that does not parse: the character where it goes
// wrong (from 1) and the text from there, which the message shows.
type WKTError struct {
	Pos  int
	Near string
	msg  string
}

func (e *WKTError) Error() string { return fmt.Sprintf("WKT at %d: %s", e.Pos, e.msg) }

func (p *wktParser) errorf(format string, a ...any) error {
	i := min(p.i, len(p.s))
	near := []rune(p.s[i:])
	if len(near) > 20 {
		near = append(near[:20], '…')
	}
	return &WKTError{Pos: i + 1, Near: string(near), msg: fmt.Sprintf(format, a...)}
}

func (p *wktParser) space() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n' || p.s[p.i] == '\r') {
		p.i++
	}
}

func (p *wktParser) word() string {
	p.space()
	start := p.i
	for p.i < len(p.s) {
		c := p.s[p.i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			p.i++
			continue
		}
		break
	}
	return strings.ToUpper(p.s[start:p.i])
}

func (p *wktParser) peek() byte {
	p.space()
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

func (p *wktParser) expect(c byte) error {
	if p.peek() != c {
		if p.i >= len(p.s) {
			return p.errorf("expected %q, found the end", c)
		}
		return p.errorf("expected %q, found %q", c, p.s[p.i])
	}
	p.i++
	return nil
}

// geometry reads a tagged geometry; nil for EMPTY.
func (p *wktParser) geometry(depth int) (orb.Geometry, error) {
	if depth > maxWKTDepth {
		return nil, p.errorf("collections nested too deep")
	}
	tag := p.word()
	base := tag
	// "POINTZ", "LINESTRINGM", "POLYGONZM": the dimension glued to the type.
	for _, suffix := range []string{"ZM", "Z", "M"} {
		if t, ok := strings.CutSuffix(tag, suffix); ok && wktTypes[t] {
			base = t
			break
		}
	}
	if !wktTypes[base] {
		if tag == "" {
			return nil, p.errorf("expected a geometry type")
		}
		return nil, p.errorf("unknown geometry type %q", tag)
	}
	if base == tag {
		// A separate dimension word may follow: "POINT Z (…)".
		save := p.i
		if w := p.word(); w != "Z" && w != "M" && w != "ZM" {
			p.i = save
		}
	}
	save := p.i
	if p.word() == "EMPTY" {
		return nil, nil
	}
	p.i = save
	switch base {
	case "POINT":
		if err := p.expect('('); err != nil {
			return nil, err
		}
		pt, err := p.coord()
		if err != nil {
			return nil, err
		}
		return pt, p.expect(')')
	case "LINESTRING":
		return p.points()
	case "POLYGON":
		return p.polygon()
	case "MULTIPOINT":
		return p.multiPoint()
	case "MULTILINESTRING":
		var out orb.MultiLineString
		err := p.list(func() error {
			l, err := p.points()
			if len(l) > 0 { // an empty member "()" is no part of the shape
				out = append(out, l)
			}
			return err
		})
		return out, err
	case "MULTIPOLYGON":
		var out orb.MultiPolygon
		err := p.list(func() error {
			if p.emptyMember() {
				return nil
			}
			pg, err := p.polygon()
			if pointCount(pg) > 0 {
				out = append(out, pg)
			}
			return err
		})
		return out, err
	default: // GEOMETRYCOLLECTION
		var out orb.Collection
		err := p.list(func() error {
			g, err := p.geometry(depth + 1)
			if pointCount(g) > 0 { // "LINESTRING()" inside: empty, as EMPTY is
				out = append(out, g)
			}
			return err
		})
		return out, err
	}
}

var wktTypes = map[string]bool{"POINT": true, "LINESTRING": true, "POLYGON": true, "MULTIPOINT": true,
	"MULTILINESTRING": true, "MULTIPOLYGON": true, "GEOMETRYCOLLECTION": true}

// emptyMember skips an "EMPTY" member of a multi-geometry.
func (p *wktParser) emptyMember() bool {
	save := p.i
	if p.word() == "EMPTY" {
		return true
	}
	p.i = save
	return false
}

// list reads "(" item {"," item} ")".
func (p *wktParser) list(item func() error) error {
	if err := p.expect('('); err != nil {
		return err
	}
	for {
		if err := item(); err != nil {
			return err
		}
		if p.peek() == ',' {
			p.i++
			continue
		}
		return p.expect(')')
	}
}

// points reads a coordinate list; "()" is an empty one (what an older export
// wrote for an empty polygon, "POLYGON(())"), read as no points.
func (p *wktParser) points() (orb.LineString, error) {
	var out orb.LineString
	save := p.i
	if p.peek() == '(' {
		p.i++
		if p.peek() == ')' {
			p.i++
			return out, nil
		}
	}
	p.i = save
	err := p.list(func() error {
		pt, err := p.coord()
		out = append(out, pt)
		return err
	})
	return out, err
}

func (p *wktParser) polygon() (orb.Polygon, error) {
	var out orb.Polygon
	err := p.list(func() error {
		l, err := p.points()
		out = append(out, orb.Ring(l))
		return err
	})
	return out, err
}

// multiPoint accepts both "MULTIPOINT (1 2, 3 4)" and "MULTIPOINT ((1 2), (3 4))".
func (p *wktParser) multiPoint() (orb.MultiPoint, error) {
	var out orb.MultiPoint
	err := p.list(func() error {
		if p.emptyMember() {
			return nil
		}
		paren := p.peek() == '('
		if paren {
			p.i++
		}
		pt, err := p.coord()
		if err != nil {
			return err
		}
		out = append(out, pt)
		if paren {
			return p.expect(')')
		}
		return nil
	})
	return out, err
}

// coord reads "x y [z [m]]" and keeps x and y.
func (p *wktParser) coord() (orb.Point, error) {
	var v [2]float64
	for n := 0; ; n++ {
		p.space()
		if n >= 2 && (p.i >= len(p.s) || p.s[p.i] == ',' || p.s[p.i] == ')') {
			return orb.Point(v), nil
		}
		if n == 4 {
			return orb.Point{}, p.errorf("more than four numbers in a coordinate")
		}
		f, err := p.number()
		if err != nil {
			return orb.Point{}, err
		}
		if n < 2 {
			v[n] = f
		}
	}
}

func (p *wktParser) number() (float64, error) {
	start := p.i
	for p.i < len(p.s) {
		c := p.s[p.i]
		if c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E' {
			p.i++
			continue
		}
		break
	}
	if start == p.i {
		if p.i >= len(p.s) {
			return 0, p.errorf("expected a number, found the end")
		}
		return 0, p.errorf("expected a number, found %q", p.s[p.i])
	}
	f, err := strconv.ParseFloat(p.s[start:p.i], 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		p.i = start
		return 0, p.errorf("%q is not a number", p.s[start:min(len(p.s), start+20)])
	}
	return f, nil
}
