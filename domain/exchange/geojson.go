package exchange

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/paulmach/orb/geojson"
)

// ReadGeoJSON reads a FeatureCollection (or a single Feature): each feature's
// properties become the row's cells, in the order keys are first seen, and its
// geometry the row's geometry. A third coordinate is dropped. A legacy "crs"
// member naming an EPSG code sets Table.CRS; without one the file is WGS84, as
// RFC 7946 says. Features are decoded one at a time from the whole file, and
// their properties scanned in place, so a 100,000-feature file is read once.
func ReadGeoJSON(r io.Reader) (*Table, error) {
	raw, err := readAllLimited(r)
	if err != nil {
		return nil, err
	}
	raw = bytes.TrimPrefix(raw, []byte("\xEF\xBB\xBF"))
	t := &Table{Format: "geojson"}
	cols := map[string]int{}
	var in interner
	add := func(num int, f *rawFeature) error {
		row := Row{Num: num, Cells: make([]string, 0, len(t.Header))}
		set := func(key, val string) {
			c, ok := cols[key]
			if !ok {
				c = len(t.Header)
				cols[key] = c
				t.Header = append(t.Header, key)
			}
			for len(row.Cells) <= c {
				row.Cells = append(row.Cells, "")
			}
			row.Cells[c] = val
		}
		if err := eachProperty(f.Properties, &in, set); err != nil {
			return fmt.Errorf("GeoJSON feature %d properties: %w", num, err)
		}
		if len(f.ID) > 0 && string(f.ID) != "null" {
			if _, taken := cols["id"]; !taken || row.Cell(cols["id"]) == "" {
				set("id", jsonScalar(f.ID))
			}
		}
		if len(f.Geometry) > 0 && string(f.Geometry) != "null" {
			g, err := geojson.UnmarshalGeometry(f.Geometry)
			if err != nil {
				return fmt.Errorf("GeoJSON feature %d geometry: %w", num, err)
			}
			row.Geometry = g.Geometry()
		}
		t.Rows = append(t.Rows, row)
		return nil
	}

	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := expectDelim(dec, '{'); err != nil {
		return nil, err
	}
	var typ string
	var single rawFeature
	sawFeatures := false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("GeoJSON: %w", err)
		}
		key, _ := tok.(string)
		switch key {
		case "type":
			err = dec.Decode(&typ)
		case "crs":
			var crs json.RawMessage
			if err = dec.Decode(&crs); err == nil {
				t.CRS = geoJSONCRS(crs)
			}
		case "features":
			sawFeatures = true
			if err = expectDelim(dec, '['); err != nil {
				break
			}
			for n := 1; dec.More(); n++ {
				var f rawFeature
				if err = dec.Decode(&f); err != nil {
					err = fmt.Errorf("feature %d: %w", n, err)
					break
				}
				if err = add(n, &f); err != nil {
					return nil, err
				}
			}
			if err == nil {
				err = expectDelim(dec, ']')
			}
		case "geometry":
			err = dec.Decode(&single.Geometry)
		case "properties":
			err = dec.Decode(&single.Properties)
		case "id":
			err = dec.Decode(&single.ID)
		default:
			var skip json.RawMessage
			err = dec.Decode(&skip)
		}
		if err != nil {
			return nil, fmt.Errorf("GeoJSON: %w", err)
		}
	}
	switch {
	case typ == "FeatureCollection" && sawFeatures:
	case typ == "FeatureCollection":
		return nil, fmt.Errorf("GeoJSON: a FeatureCollection without features")
	case typ == "Feature" && sawFeatures:
		return nil, fmt.Errorf("GeoJSON: a Feature with features")
	case typ == "Feature":
		if err := add(1, &single); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("GeoJSON: type %q, want FeatureCollection or Feature", typ)
	}
	return t, nil
}

type rawFeature struct {
	ID         json.RawMessage `json:"id"`
	Geometry   json.RawMessage `json:"geometry"`
	Properties json.RawMessage `json:"properties"`
}

func expectDelim(dec *json.Decoder, d json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return fmt.Errorf("GeoJSON: %w", err)
	}
	if got, ok := tok.(json.Delim); !ok || got != d {
		return fmt.Errorf("GeoJSON: expected %q, found %v", d, tok)
	}
	return nil
}

// eachProperty walks a properties object's members in their order. raw comes
// from the JSON decoder, so it is valid JSON; the scan still checks its bounds.
func eachProperty(raw []byte, in *interner, set func(key, val string)) error {
	i := skipSpace(raw, 0)
	if i >= len(raw) || bytes.HasPrefix(raw[i:], []byte("null")) {
		return nil
	}
	if raw[i] != '{' {
		return errors.New("not an object")
	}
	i = skipSpace(raw, i+1)
	if i < len(raw) && raw[i] == '}' {
		return nil
	}
	for i < len(raw) {
		end := valueEnd(raw, i)
		if raw[i] != '"' || end < 0 {
			return errors.New("malformed object")
		}
		key := in.scalar(raw[i:end])
		i = skipSpace(raw, end)
		if i >= len(raw) || raw[i] != ':' {
			return errors.New("malformed object")
		}
		i = skipSpace(raw, i+1)
		end = valueEnd(raw, i)
		if end < 0 {
			return errors.New("malformed object")
		}
		set(key, in.scalar(raw[i:end]))
		i = skipSpace(raw, end)
		if i < len(raw) && raw[i] == ',' {
			i = skipSpace(raw, i+1)
			continue
		}
		if i < len(raw) && raw[i] == '}' {
			return nil
		}
		return errors.New("malformed object")
	}
	return errors.New("malformed object")
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// valueEnd is the index just past the JSON value starting at i, -1 when it does not end.
func valueEnd(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		for j := i + 1; j < len(b); j++ {
			switch b[j] {
			case '\\':
				j++
			case '"':
				return j + 1
			}
		}
		return -1
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				end := valueEnd(b, j)
				if end < 0 {
					return -1
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return -1
	}
	j := i
	for j < len(b) && b[j] != ',' && b[j] != '}' && b[j] != ']' && b[j] != ' ' && b[j] != '\t' && b[j] != '\n' && b[j] != '\r' {
		j++
	}
	if j == i {
		return -1
	}
	return j
}

// interner shares the text of repeated short values (a type, a unit, a status
// on every one of 100,000 features) instead of allocating it per feature.
type interner struct {
	m map[string]string
}

const (
	internMaxLen   = 40
	internMaxItems = 50_000 // unique codes would only fill it
)

func (in *interner) scalar(v []byte) string {
	if len(v) >= 2 && len(v) <= internMaxLen+2 && v[0] == '"' && v[len(v)-1] == '"' && bytes.IndexByte(v, '\\') < 0 {
		inner := bytes.TrimSpace(v[1 : len(v)-1])
		if s, ok := in.m[string(inner)]; ok {
			return s
		}
		s := string(inner)
		if in.m == nil {
			in.m = map[string]string{}
		}
		if len(in.m) < internMaxItems {
			in.m[s] = s
		}
		return s
	}
	return jsonScalar(v)
}

// jsonScalar is a property's cell text: strings unquoted, numbers as written,
// null empty, objects and arrays as their JSON.
func jsonScalar(v []byte) string {
	v = bytes.TrimSpace(v)
	switch {
	case len(v) == 0 || string(v) == "null":
		return ""
	case v[0] == '"':
		if len(v) >= 2 && bytes.IndexByte(v, '\\') < 0 {
			return strings.TrimSpace(string(v[1 : len(v)-1]))
		}
		var s string
		if json.Unmarshal(v, &s) == nil {
			return strings.TrimSpace(s)
		}
	}
	return string(v)
}

var epsgInURN = regexp.MustCompile(`(?i)EPSG:+(?:[0-9.]*:)?([0-9]+)$`)

// geoJSONCRS reads the 2008 "crs" member: {"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::2056"}}.
func geoJSONCRS(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var c struct {
		Properties struct {
			Name string `json:"name"`
		} `json:"properties"`
	}
	if json.Unmarshal(raw, &c) != nil {
		return ""
	}
	name := strings.TrimSpace(c.Properties.Name)
	if m := epsgInURN.FindStringSubmatch(name); m != nil {
		if m[1] == "4326" {
			return "" // GeoJSON coordinates are lon, lat whatever the URN's axis order says
		}
		return "EPSG:" + m[1]
	}
	return ""
}
