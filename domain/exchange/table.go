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
	Rows   []Row
	// CRS is the coordinate system the file declares (a .prj, a GeoJSON "crs"
	// member), "" when it declares none. --crs overrides it.
	CRS string
	// Format names the source format ("csv", "xlsx", "geojson", "shapefile").
	Format string
	// Encoding names the text encoding a CSV was decoded from ("UTF-8", "GB18030"…).
	Encoding string
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
