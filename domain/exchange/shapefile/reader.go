// Package shapefile reads ESRI Shapefiles (.shp with its .dbf, .prj and
// .cpg), following the ESRI Shapefile Technical Description (1998) and
// dBase III+. No Go shapefile library is available to the project.
//
// Malformed input gives a *FormatError naming the file and record; sizes
// read from headers are checked against the file size before anything is
// allocated.
package shapefile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/paulmach/orb"
)

// FormatError reports malformed input.
type FormatError struct {
	File   string // base name, e.g. "pipes.dbf"
	Record int    // 1-based; 0 for the file header
	Reason Reason // what kind of problem, for a message in the reader's language
	Msg    string // the detail, in English, for logs and tests
}

// Reason classifies a FormatError so that callers can word it for a person.
type Reason int

const (
	Damaged       Reason = iota // a header or record that does not follow the format
	NotAShapefile               // the .shp does not start with a shapefile's file code
	NoDBF                       // the .dbf beside the .shp is missing
	RecordCounts                // the .shp and the .dbf hold different numbers of records
	CodePage                    // the .cpg names an unknown code page
	BadText                     // a text value holds bytes that are not valid in the file's encoding
)

func (e *FormatError) Error() string {
	if e.Record == 0 {
		return fmt.Sprintf("shapefile: %s: header: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("shapefile: %s: record %d: %s", e.File, e.Record, e.Msg)
}

// Feature is one live record.
type Feature struct {
	Index int // 1-based record number, counting deleted records too
	// Geometry in the file's coordinates: orb.Point, MultiPoint, LineString
	// (a one-part PolyLine), MultiLineString, Polygon or MultiPolygon, nil for
	// a Null shape. Z and M values are dropped.
	Geometry orb.Geometry
	Attrs    []string // in Fields order; see Reader.Fields for the formats
}

// Reader reads a shapefile's features in record order. It is not safe for
// concurrent use.
type Reader struct {
	shp     *shpReader
	dbf     *dbfReader
	prj     string
	files   []*os.File
	deleted int
	err     error
}

// The sibling files' sizes are capped: they hold a line or two of text.
const (
	maxPRJ = 1 << 20
	maxCPG = 1 << 10
)

// Open opens shpPath and its sibling .dbf (required), .prj and .cpg
// (optional), found by base name with any case of extension. The .shx index
// is not needed: records are read in sequence.
func Open(shpPath string) (_ *Reader, err error) {
	r := &Reader{}
	defer func() {
		if err != nil {
			r.Close()
		}
	}()
	shp, shpSize, err := r.open(shpPath)
	if err != nil {
		return nil, err
	}
	dbfPath := sibling(shpPath, ".dbf")
	if dbfPath == "" {
		return nil, &FormatError{File: filepath.Base(shpPath), Reason: NoDBF, Msg: "no .dbf beside it"}
	}
	dbf, dbfSize, err := r.open(dbfPath)
	if err != nil {
		return nil, err
	}
	if r.prj, err = readSmall(sibling(shpPath, ".prj"), maxPRJ); err != nil {
		return nil, err
	}
	cpg, err := readSmall(sibling(shpPath, ".cpg"), maxCPG)
	if err != nil {
		return nil, err
	}
	if r.shp, err = newShpReader(filepath.Base(shpPath), shp, shpSize); err != nil {
		return nil, err
	}
	if r.dbf, err = newDbfReader(filepath.Base(dbfPath), dbf, dbfSize, cpg); err != nil {
		return nil, err
	}
	return r, nil
}

// NewReader reads a shapefile held in memory: the .shp and .dbf bytes (dbf
// nil when there is none), the .prj and .cpg text ("" when absent). Open
// reads the same from files; fuzzing uses this.
func NewReader(name string, shp, dbf []byte, prj, cpg string) (*Reader, error) {
	r := &Reader{prj: prj}
	var err error
	if r.shp, err = newShpReader(name, bytes.NewReader(shp), int64(len(shp))); err != nil {
		return nil, err
	}
	if dbf == nil {
		return nil, &FormatError{File: name, Reason: NoDBF, Msg: "no .dbf beside it"}
	}
	dbfName := strings.TrimSuffix(name, filepath.Ext(name)) + ".dbf"
	if r.dbf, err = newDbfReader(dbfName, bytes.NewReader(dbf), int64(len(dbf)), cpg); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *Reader) open(path string) (*os.File, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, fmt.Errorf("shapefile: %w", err)
	}
	r.files = append(r.files, f)
	st, err := f.Stat()
	if err != nil {
		return nil, 0, fmt.Errorf("shapefile: %w", err)
	}
	return f, st.Size(), nil
}

// sibling returns the path of the file beside shpPath with extension ext in
// any case, preferring the exact case, or "".
func sibling(shpPath, ext string) string {
	dir := filepath.Dir(shpPath)
	stem := strings.TrimSuffix(filepath.Base(shpPath), filepath.Ext(shpPath))
	if p := filepath.Join(dir, stem+ext); fileExists(p) {
		return p
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	for _, e := range entries {
		if !e.IsDir() && strings.EqualFold(e.Name(), stem+ext) {
			return filepath.Join(dir, e.Name())
		}
	}
	return ""
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

func readSmall(path string, limit int64) (string, error) {
	if path == "" {
		return "", nil
	}
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("shapefile: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return "", fmt.Errorf("shapefile: %w", err)
	}
	if int64(len(b)) > limit {
		return "", fmt.Errorf("shapefile: %s is over %d bytes: not a .prj or .cpg text", filepath.Base(path), limit)
	}
	return strings.TrimSpace(strings.TrimPrefix(string(b), "\uFEFF")), nil
}

// Fields returns the attribute columns; memo fields are left out. Values
// are text with trailing spaces removed; numbers as written, without padding;
// dates as YYYY-MM-DD ("" when blank, the text as written when it is not a
// date); logicals as "true", "false" or "".
func (r *Reader) Fields() []Field { return append([]Field(nil), r.dbf.fields...) }

// PRJ returns the .prj text (WKT), or "" when there is none.
func (r *Reader) PRJ() string { return r.prj }

// ShapeType returns the shape type the .shp header declares.
func (r *Reader) ShapeType() ShapeType { return r.shp.typ }

// NumRecords returns the number of records, deleted ones included.
func (r *Reader) NumRecords() int { return r.dbf.numRecords }

// Deleted returns how many records marked deleted were skipped so far.
func (r *Reader) Deleted() int { return r.deleted }

// Encoding names the text encoding of the .dbf, by its WHATWG name where it
// has one ("utf-8", "gbk", "gb18030", "windows-1252"): from the .cpg file,
// else the language driver byte, else detected ("utf-8" when all text is
// valid UTF-8, otherwise "gb18030").
func (r *Reader) Encoding() string { return r.dbf.encName }

// Next returns the next live feature, or io.EOF after the last one.
func (r *Reader) Next() (Feature, error) {
	if r.err != nil {
		return Feature{}, r.err
	}
	f, err := r.next()
	if err != nil {
		r.err = err
	}
	return f, err
}

func (r *Reader) next() (Feature, error) {
	for {
		g, err := r.shp.next()
		if err == io.EOF {
			if r.dbf != nil && r.dbf.rec < r.dbf.numRecords {
				return Feature{}, &FormatError{File: r.dbf.name, Record: r.dbf.rec + 1, Reason: RecordCounts,
					Msg: fmt.Sprintf("the .shp ends after %d records, the .dbf has %d", r.shp.rec, r.dbf.numRecords)}
			}
			return Feature{}, io.EOF
		}
		if err != nil {
			return Feature{}, err
		}
		f := Feature{Index: r.shp.rec, Geometry: g}
		if r.dbf == nil {
			return f, nil
		}
		attrs, deleted, err := r.dbf.next()
		if err == io.EOF {
			return Feature{}, &FormatError{File: r.shp.name, Record: r.shp.rec, Reason: RecordCounts,
				Msg: fmt.Sprintf("no row for it in the .dbf, which has %d", r.dbf.numRecords)}
		}
		if err != nil {
			return Feature{}, err
		}
		if deleted {
			r.deleted++
			continue
		}
		f.Attrs = attrs
		return f, nil
	}
}

// ReadAll returns the remaining features.
func (r *Reader) ReadAll() ([]Feature, error) {
	var fs []Feature
	for {
		f, err := r.Next()
		if errors.Is(err, io.EOF) {
			return fs, nil
		}
		if err != nil {
			return fs, err
		}
		fs = append(fs, f)
	}
}

// Close closes the files.
func (r *Reader) Close() error {
	var errs []error
	for _, f := range r.files {
		errs = append(errs, f.Close())
	}
	r.files = nil
	return errors.Join(errs...)
}
