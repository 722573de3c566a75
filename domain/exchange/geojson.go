package exchange

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"regexp"
	"strings"

	"cityledger/domain"
)

// ReadGeoJSON reads a GeoJSON file whole (see openGeoJSON).
func ReadGeoJSON(r io.Reader) (*Table, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, openError("GeoJSON", err)
	}
	br := bytes.NewReader(raw)
	head := raw[:min(len(raw), sniffLen)]
	if err := sniffContent(head, br, int64(len(raw))).mismatch("GeoJSON", "geojson"); err != nil {
		return nil, err
	}
	src, err := openGeoJSON(br, "GeoJSON")
	if err != nil {
		return nil, err
	}
	return ReadAll(src)
}

// openGeoJSON reads a FeatureCollection (or a single Feature) feature by
// feature: each feature's properties become the row's cells, in the order keys
// are first seen in the file, and its geometry the row's geometry. A third
// coordinate is dropped. A legacy "crs" member naming an EPSG code sets the
// CRS; without one the file is WGS84, as RFC 7946 says.
//
// The file is read three times, each time in constant memory: a check that it
// is UTF-8, a quick scan of its structure that finds the columns and the "crs"
// member wherever they stand, then the features decoded one at a time. A feature beyond MaxRowBytes is
// refused naming it; a feature whose geometry is malformed (a position of one
// number, a coordinate beyond float64) keeps its row, with the problem on it.
func openGeoJSON(f io.ReadSeeker, name string) (*Source, error) {
	// JSON is UTF-8 (RFC 8259): a bad byte would reach the register as it is,
	// or as U+FFFD where a string has escapes. Name its line instead.
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, openError(name, err)
	}
	text, err := scanText(f, 0, nil)
	if err != nil {
		return nil, readIOError(name, err)
	}
	if text.utf8Bad > 0 {
		return nil, badBytes(name, "exchange.err.bad_utf8", text.utf8BadLine)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, openError(name, err)
	}
	shape, err := scanGeoJSONShape(bufio.NewReaderSize(f, 64<<10))
	if err != nil {
		return nil, err
	}
	if !shape.complete {
		// Not JSON somewhere: decode up to there so that the error names the
		// line, rather than let a half-found header call columns missing.
		g, err := newGeoJSONReader(f, name, shape)
		for err == nil {
			_, err = g.next()
		}
		if !errors.Is(err, io.EOF) {
			return nil, err
		}
	} else if shape.typ != "FeatureCollection" && shape.typ != "Feature" {
		return nil, domain.Errorf(domain.KindInvalid, "exchange.err.geojson_type", map[string]any{"Path": name, "Type": shape.typ})
	}
	g, err := newGeoJSONReader(f, name, shape)
	if err != nil {
		return nil, err
	}
	return &Source{Header: shape.header, CRS: shape.crs, Format: "geojson", next: g.next}, nil
}

// newGeoJSONReader starts decoding f from its beginning.
func newGeoJSONReader(f io.ReadSeeker, name string, shape geojsonShape) (*geojsonReader, error) {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, openError(name, err)
	}
	g := &geojsonReader{name: name, file: f, cols: map[string]int{}}
	for i, h := range shape.header {
		g.cols[h] = i
	}
	g.lim = &rowLimiter{r: bufio.NewReaderSize(f, 64<<10), max: MaxFeatureBytes}
	// A BOM is no part of JSON; the limiter sees the bytes after it.
	br := bufio.NewReader(g.lim)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, utf8BOM) {
		br.Discard(3)
	}
	g.dec = json.NewDecoder(br)
	g.dec.UseNumber()
	if err := g.start(); err != nil {
		return g, err
	}
	return g, nil
}

// geojsonReader decodes features one at a time.
type geojsonReader struct {
	name        string
	file        io.ReadSeeker
	dec         *json.Decoder
	lim         *rowLimiter
	cols        map[string]int
	in          interner
	typ         string
	n           int  // features read
	inList      bool // inside "features": [ … ]
	sawFeatures bool
	done        bool // the top-level object has ended
	single      rawFeature
	singleDone  bool
}

type rawFeature struct {
	ID         json.RawMessage `json:"id"`
	Geometry   json.RawMessage `json:"geometry"`
	Properties json.RawMessage `json:"properties"`
}

// start reads the top-level members up to the first feature.
func (g *geojsonReader) start() error {
	tok, err := g.dec.Token()
	if err != nil {
		return g.syntax(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return domain.Errorf(domain.KindInvalid, "exchange.err.geojson_type", map[string]any{"Path": g.name, "Type": jsonKind(tok)})
	}
	return g.members()
}

// members reads top-level members until the features array opens or the object ends.
func (g *geojsonReader) members() error {
	for g.dec.More() {
		tok, err := g.dec.Token()
		if err != nil {
			return g.syntax(err)
		}
		key, _ := tok.(string)
		switch key {
		case "type":
			var v any
			if err = g.dec.Decode(&v); err == nil {
				g.typ, _ = v.(string)
			}
		case "features":
			if err := g.expectDelim('['); err != nil {
				return err
			}
			g.inList, g.sawFeatures = true, true
			return nil
		case "geometry":
			err = g.dec.Decode(&g.single.Geometry)
		case "properties":
			err = g.dec.Decode(&g.single.Properties)
		case "id":
			err = g.dec.Decode(&g.single.ID)
		default:
			var skip json.RawMessage
			err = g.dec.Decode(&skip)
		}
		if err != nil {
			return g.syntax(err)
		}
	}
	if err := g.expectDelim('}'); err != nil {
		return err
	}
	g.done = true
	return nil
}

func (g *geojsonReader) next() (Row, error) {
	for {
		switch {
		case g.inList && g.dec.More():
			g.n++
			g.lim.reset()
			var f rawFeature
			if err := g.dec.Decode(&f); err != nil {
				if errors.Is(err, errRowLimit) {
					return Row{}, featureTooLong(g.n)
				}
				var te *json.UnmarshalTypeError
				if errors.As(err, &te) {
					return Row{}, domain.Errorf(domain.KindInvalid, "exchange.err.geojson_feature", map[string]any{"Path": g.name, "Row": g.n})
				}
				return Row{}, g.syntax(err)
			}
			return g.row(g.n, &f)
		case g.inList:
			if err := g.expectDelim(']'); err != nil {
				return Row{}, err
			}
			g.inList = false
		case !g.done:
			if err := g.members(); err != nil {
				return Row{}, err
			}
		default:
			return g.finish()
		}
	}
}

// finish checks the object's type once all of it is read: a FeatureCollection
// with its features, or one Feature.
func (g *geojsonReader) finish() (Row, error) {
	typeErr := domain.Errorf(domain.KindInvalid, "exchange.err.geojson_type", map[string]any{"Path": g.name, "Type": g.typ})
	switch {
	case g.typ == "FeatureCollection" && g.sawFeatures:
	case g.typ == "Feature" && !g.sawFeatures:
		if !g.singleDone {
			g.singleDone = true
			if err := g.trailing(); err != nil {
				return Row{}, err
			}
			return g.row(1, &g.single)
		}
	default:
		return Row{}, typeErr
	}
	if err := g.trailing(); err != nil {
		return Row{}, err
	}
	return Row{}, io.EOF
}

// trailing refuses anything after the top-level object.
func (g *geojsonReader) trailing() error {
	_, err := g.dec.Token()
	switch {
	case errors.Is(err, io.EOF):
		return nil
	case err != nil:
		return g.syntax(err)
	}
	return g.syntaxAt(g.dec.InputOffset())
}

func (g *geojsonReader) row(num int, f *rawFeature) (Row, error) {
	row := Row{Num: num}
	set := func(key, val string) {
		c, ok := g.cols[key]
		if !ok {
			return // the structure scan saw every key; a key it missed lies past a syntax error
		}
		for len(row.Cells) <= c {
			row.Cells = append(row.Cells, "")
		}
		row.Cells[c] = val
	}
	if err := eachProperty(f.Properties, &g.in, set); err != nil {
		return Row{}, domain.Errorf(domain.KindInvalid, "exchange.err.geojson_feature", map[string]any{"Path": g.name, "Row": num})
	}
	if len(f.ID) > 0 && string(f.ID) != "null" {
		if c, taken := g.cols["id"]; taken && row.Cell(c) == "" {
			set("id", jsonScalar(f.ID))
		}
	}
	if len(f.Geometry) > 0 && string(f.Geometry) != "null" {
		geom, fe := decodeGeoJSONGeometry(f.Geometry)
		if fe != nil {
			fe.Row = num
			row.Errors = append(row.Errors, *fe)
		}
		row.Geometry = geom
	}
	return row, nil
}

func (g *geojsonReader) expectDelim(d json.Delim) error {
	tok, err := g.dec.Token()
	if err != nil {
		return g.syntax(err)
	}
	if got, ok := tok.(json.Delim); !ok || got != d {
		return g.syntaxAt(g.dec.InputOffset())
	}
	return nil
}

// syntax words a JSON error by the line it is on.
func (g *geojsonReader) syntax(err error) error {
	if errors.Is(err, errRowLimit) {
		return featureTooLong(g.n + 1)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return domain.Errorf(domain.KindInvalid, "exchange.err.json_truncated", map[string]any{"Path": g.name})
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return g.syntaxAt(se.Offset)
	}
	return g.syntaxAt(g.dec.InputOffset())
}

func (g *geojsonReader) syntaxAt(offset int64) error {
	return domain.Errorf(domain.KindInvalid, "exchange.err.json_syntax", map[string]any{"Path": g.name, "Line": lineAt(g.file, offset)})
}

// lineAt counts the lines of f up to offset (the BOM, if any, counted in).
func lineAt(f io.ReadSeeker, offset int64) int {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return 0
	}
	br := bufio.NewReader(io.LimitReader(f, offset+3))
	line := 1
	for {
		b, err := br.ReadByte()
		if err != nil {
			return line
		}
		if b == '\n' {
			line++
		}
	}
}

func jsonKind(tok json.Token) string {
	switch tok.(type) {
	case json.Delim:
		return "array"
	case string:
		return "string"
	case json.Number, float64:
		return "number"
	case bool:
		return "boolean"
	case nil:
		return "null"
	}
	return "?"
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
func geoJSONCRS(raw []byte) string {
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
