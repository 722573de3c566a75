package exchange

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
)

// geojsonShape is what the quick scan of a GeoJSON file finds: the columns
// (every property key, in the order first seen, and "id" when features carry
// one) and the legacy "crs" member.
type geojsonShape struct {
	header []string
	crs    string
	typ    string // the top-level "type"
	// complete is false when the scan stopped early at something that is not
	// JSON: the decoding pass names the problem.
	complete bool
}

// scanGeoJSONShape walks the file's structure byte by byte without decoding
// values, so that the columns are known before the first feature is converted
// and a "crs" member after the features still applies to them. It reads in
// constant memory (a key or the crs member at most MaxCellBytes). A syntax
// error ends the scan quietly: the decoding pass names it by line.
func scanGeoJSONShape(r *bufio.Reader) (geojsonShape, error) {
	s := &shapeScan{r: r, seen: map[string]bool{}}
	if b, err := r.Peek(3); err == nil && bytes.Equal(b, utf8BOM) {
		r.Discard(3)
	}
	err := s.topLevel()
	if errors.Is(err, errTooManyColumns) {
		return geojsonShape{}, tooManyColumns(1)
	}
	if err == nil {
		// Nothing but white space may follow the object.
		if _, err2 := s.next(); err2 == nil {
			err = errShape
		}
	}
	return geojsonShape{header: s.header, crs: s.crs, typ: s.typ, complete: err == nil}, nil
}

var (
	errShape          = errors.New("not the GeoJSON shape expected")
	errTooManyColumns = errors.New("too many columns")
)

type shapeScan struct {
	r      *bufio.Reader
	header []string
	seen   map[string]bool
	crs    string
	typ    string
}

func (s *shapeScan) add(key string) error {
	if s.seen[key] {
		return nil
	}
	if len(s.header) >= MaxColumns {
		s.header = append(s.header, key)
		return errTooManyColumns
	}
	s.seen[key] = true
	s.header = append(s.header, key)
	return nil
}

// next is the next byte that is not white space.
func (s *shapeScan) next() (byte, error) {
	for {
		b, err := s.r.ReadByte()
		if err != nil {
			return 0, err
		}
		if b != ' ' && b != '\t' && b != '\n' && b != '\r' {
			return b, nil
		}
	}
}

// object calls member for each key of the object whose '{' was read; member
// reads (or skips) the value, whose first byte it is given.
func (s *shapeScan) object(member func(key string, first byte) error) error {
	b, err := s.next()
	if err != nil {
		return err
	}
	if b == '}' {
		return nil
	}
	for {
		if b != '"' {
			return errShape
		}
		key, err := s.str(nil)
		if err != nil {
			return err
		}
		if b, err = s.next(); err != nil {
			return err
		}
		if b != ':' {
			return errShape
		}
		if b, err = s.next(); err != nil {
			return err
		}
		if err := member(key, b); err != nil {
			return err
		}
		if b, err = s.next(); err != nil {
			return err
		}
		switch b {
		case ',':
			if b, err = s.next(); err != nil {
				return err
			}
		case '}':
			return nil
		default:
			return errShape
		}
	}
}

func (s *shapeScan) topLevel() error {
	b, err := s.next()
	if err != nil || b != '{' {
		return errShape
	}
	var single featureKeys
	err = s.object(func(key string, first byte) error {
		switch key {
		case "type":
			if first != '"' {
				return s.skip(first, nil)
			}
			var err error
			s.typ, err = s.str(nil)
			return err
		case "features":
			if first != '[' {
				return s.skip(first, nil)
			}
			return s.features()
		case "crs":
			var raw bytes.Buffer
			if err := s.skip(first, &raw); err != nil {
				return err
			}
			s.crs = geoJSONCRS(raw.Bytes())
			return nil
		}
		return single.member(s, key, first)
	})
	if err != nil {
		return err
	}
	if s.typ == "Feature" {
		return single.addTo(s)
	}
	return nil
}

// featureKeys collects one feature's columns: its property keys, then "id".
type featureKeys struct {
	props []string
	id    bool
}

func (f *featureKeys) member(s *shapeScan, key string, first byte) error {
	switch {
	case key == "properties" && first == '{':
		return s.object(func(k string, b byte) error {
			f.props = append(f.props, k)
			return s.skip(b, nil)
		})
	case key == "id" && first != 'n':
		f.id = true
	}
	return s.skip(first, nil)
}

func (f *featureKeys) addTo(s *shapeScan) error {
	for _, k := range f.props {
		if err := s.add(k); err != nil {
			return err
		}
	}
	if f.id {
		return s.add("id")
	}
	return nil
}

func (s *shapeScan) features() error {
	b, err := s.next()
	if err != nil {
		return err
	}
	if b == ']' {
		return nil
	}
	for {
		if b == '{' {
			var f featureKeys
			if err := s.object(func(key string, first byte) error { return f.member(s, key, first) }); err != nil {
				f.addTo(s)
				return err
			}
			if err := f.addTo(s); err != nil {
				return err
			}
		} else if err := s.skip(b, nil); err != nil {
			return err
		}
		if b, err = s.next(); err != nil {
			return err
		}
		switch b {
		case ',':
			if b, err = s.next(); err != nil {
				return err
			}
		case ']':
			return nil
		default:
			return errShape
		}
	}
}

// str reads a string whose opening quote was read and returns it decoded;
// the raw bytes also go to keep when given.
func (s *shapeScan) str(keep *bytes.Buffer) (string, error) {
	var raw []byte
	raw = append(raw, '"')
	escaped := false
	for {
		b, err := s.r.ReadByte()
		if err != nil {
			return "", err
		}
		if len(raw) > MaxCellBytes {
			return "", errShape
		}
		raw = append(raw, b)
		switch {
		case escaped:
			escaped = false
		case b == '\\':
			escaped = true
		case b == '"':
			if keep != nil {
				keep.Write(raw)
			}
			if bytes.IndexByte(raw, '\\') < 0 {
				return string(raw[1 : len(raw)-1]), nil
			}
			var out string
			if json.Unmarshal(raw, &out) != nil {
				return "", errShape
			}
			return out, nil
		}
	}
}

// skip passes over the value whose first byte was read, copying it to keep
// when given (up to MaxCellBytes).
func (s *shapeScan) skip(first byte, keep *bytes.Buffer) error {
	put := func(b byte) error {
		if keep == nil {
			return nil
		}
		if keep.Len() > MaxCellBytes {
			return errShape
		}
		return keep.WriteByte(b)
	}
	switch first {
	case '"':
		_, err := s.str(keep)
		return err
	case '{', '[':
		if err := put(first); err != nil {
			return err
		}
		depth := 1
		inStr, escaped := false, false
		for depth > 0 {
			b, err := s.r.ReadByte()
			if err != nil {
				return err
			}
			if err := put(b); err != nil {
				return err
			}
			switch {
			case inStr && escaped:
				escaped = false
			case inStr && b == '\\':
				escaped = true
			case inStr && b == '"':
				inStr = false
			case inStr:
			case b == '"':
				inStr = true
			case b == '{' || b == '[':
				depth++
			case b == '}' || b == ']':
				depth--
			}
		}
		return nil
	}
	// A number or a literal: up to the next delimiter, which stays unread.
	if err := put(first); err != nil {
		return err
	}
	for {
		b, err := s.r.ReadByte()
		if err != nil {
			return err
		}
		if b == ',' || b == '}' || b == ']' || b == ' ' || b == '\t' || b == '\n' || b == '\r' {
			return s.r.UnreadByte()
		}
		if err := put(b); err != nil {
			return err
		}
	}
}
