package exchange

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/paulmach/orb"

	"cityledger/domain"
)

// Table is a file read into rows of text: the common form of every format.
type Table struct {
	Header []string
	// HeaderNum is the header's row number as a spreadsheet shows it (CSV and XLSX; 0
	// for formats without a header row).
	HeaderNum int
	Rows      []Row
	// CRS is the coordinate system the file declares (a .prj, a GeoJSON "crs"
	// member), "" when it declares none. --crs overrides it.
	CRS string
	// Format names the source format ("csv", "xlsx", "geojson", "shapefile").
	Format string
	// Encoding names the text encoding a CSV was decoded from ("UTF-8", "GB18030"…).
	Encoding string
	// source holds every non-blank row as read, the reader's header first, so that
	// another row can be made the header (UseHeaderRow).
	source []Row
}

// sourceRows are the table's rows as read, header included.
func (t *Table) sourceRows() []Row {
	if t.source == nil {
		t.source = append([]Row{{Num: t.HeaderNum, Cells: t.Header}}, t.Rows...)
	}
	return t.source
}

// UseHeaderRow makes sheet row num the header: the rows above it are left out, those
// below are the data. 0 restores the reader's header. It reports the rows left out
// above the header; false when no row has that number.
func (t *Table) UseHeaderRow(num int) (skipped []int, ok bool) {
	rows := t.sourceRows()
	at := 0
	if num != 0 {
		at = -1
		for i, r := range rows {
			if r.Num == num {
				at = i
				break
			}
		}
		if at < 0 {
			return nil, false
		}
	}
	for _, r := range rows[:at] {
		skipped = append(skipped, r.Num)
	}
	t.Header, t.HeaderNum = rows[at].Cells, rows[at].Num
	t.Rows = rows[at+1:]
	return skipped, true
}

// RowsAboveHeader lists the numbers of the non-blank rows above the header: a title,
// a date line, left out of the data.
func (t *Table) RowsAboveHeader() []int {
	var out []int
	for _, r := range t.sourceRows() {
		if r.Num < t.HeaderNum {
			out = append(out, r.Num)
		}
	}
	return out
}

// Candidates lists the first rows of the file as read, each a candidate header (the
// import wizard lets the person pick one).
func (t *Table) Candidates(n int) []Row {
	rows := t.sourceRows()
	return rows[:min(n, len(rows))]
}

// Row is one data row.
type Row struct {
	// Num is the row number as a person counts it: in CSV and XLSX the header is
	// row 1; in GeoJSON and Shapefile the first feature is 1.
	Num   int
	Cells []string // parallel to Table.Header; may be shorter (missing cells are empty)
	// Geometry comes from the format itself (GeoJSON, Shapefile), in the
	// file's CRS; nil when the format has none for the row.
	Geometry orb.Geometry
}

// Cell is the row's cell of column i, "" beyond its end.
func (r *Row) Cell(i int) string {
	if i < 0 || i >= len(r.Cells) {
		return ""
	}
	return r.Cells[i]
}

// ReadOptions tune reading a file.
type ReadOptions struct {
	Sheet  string // XLSX: the sheet's name or 1-based number; "" for the first
	Format string // "csv", "xlsx", "geojson", "shapefile"; "" to go by the extension
}

// ReadFile reads a CSV, TSV, XLSX, GeoJSON or Shapefile by its extension.
func ReadFile(path string, o ReadOptions) (*Table, error) {
	format := o.Format
	if format == "" {
		format = FormatOf(path)
	}
	if format == "shapefile" {
		return ReadShapefile(path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, readError(path, err)
	}
	defer f.Close()
	var t *Table
	switch format {
	case "csv":
		t, err = ReadCSV(f)
	case "xlsx":
		t, err = ReadXLSX(f, o.Sheet)
	case "geojson":
		t, err = ReadGeoJSON(f)
	default:
		return nil, domain.Errorf(domain.KindInvalid, "exchange.err.format", map[string]any{"Path": path})
	}
	if err != nil {
		return nil, readError(path, err)
	}
	return t, nil
}

// FormatOf names the format a file's extension stands for, "" when unknown.
func FormatOf(path string) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv", ".tsv", ".txt":
		return "csv"
	case ".xlsx", ".xlsm":
		return "xlsx"
	case ".geojson", ".json":
		return "geojson"
	case ".shp":
		return "shapefile"
	}
	return ""
}

// readError turns a reader's failure into an error naming the file: the file system's
// (missing, permission…) as domain.FileError says it; anything else the reader met is
// a damaged file, its cause kept for the log but never shown (it is Go or library
// text such as "zip: not a valid zip file").
func readError(path string, err error) error {
	if domain.ErrorKind(err) != domain.KindInternal {
		return err
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return domain.FileError(path, err)
	}
	return &domain.Error{Kind: domain.KindInvalid, Code: "exchange.err.damaged",
		Params: map[string]any{"Path": filepath.Base(path)}, Err: err}
}

// readAllLimited reads r whole; the formats need random access or a full decode anyway.
func readAllLimited(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("reading: %w", err)
	}
	return b, nil
}
