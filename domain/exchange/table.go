package exchange

import (
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
	// Errors are what the reader found wrong with the row (a malformed
	// geometry): the row is refused with them, naming its number.
	Errors []domain.FieldError
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

// ReadFile reads a CSV, TSV, XLSX, GeoJSON or Shapefile whole (see Open): for
// the import wizard's preview, which shows any row. Imports that need no
// preview read row by row with Open.
func ReadFile(path string, o ReadOptions) (*Table, error) {
	src, err := Open(path, o)
	if err != nil {
		return nil, err
	}
	return ReadAll(src)
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
