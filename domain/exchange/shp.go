package exchange

import (
	"errors"
	"io"
	"path/filepath"
	"strings"

	"cityledger/domain"
	"cityledger/domain/exchange/shapefile"
)

// ReadShapefile reads a .shp with its .dbf, .prj and .cpg whole (see openShapefile).
func ReadShapefile(path string) (*Table, error) {
	src, err := openShapefile(path)
	if err != nil {
		return nil, err
	}
	return ReadAll(src)
}

// openShapefile reads a .shp with its .dbf, .prj and .cpg record by record. The
// attributes become the cells, the shapes the geometries (in the .prj's CRS,
// which becomes the source's CRS); rows are numbered by record, from 1.
func openShapefile(path string) (*Source, error) {
	r, err := shapefile.Open(path)
	if err != nil {
		return nil, shapefileError(path, err)
	}
	return shapefileSource(path, r), nil
}

// shapefileSource yields the records of an open shapefile reader as rows.
func shapefileSource(path string, r *shapefile.Reader) *Source {
	src := &Source{Format: "shapefile", CRS: r.PRJ(), Encoding: r.Encoding(), SizeHint: r.NumRecords(), close: r.Close}
	var numeric []int
	for i, f := range r.Fields() {
		src.Header = append(src.Header, f.Name)
		if f.Type == 'N' || f.Type == 'F' {
			numeric = append(numeric, i)
		}
	}
	src.next = func() (Row, error) {
		f, err := r.Next()
		if errors.Is(err, io.EOF) {
			return Row{}, io.EOF
		}
		if err != nil {
			return Row{}, shapefileError(path, err)
		}
		for _, i := range numeric {
			// dBase fills a number that does not fit its width with asterisks: no value.
			if i < len(f.Attrs) && f.Attrs[i] != "" && strings.Trim(f.Attrs[i], "*") == "" {
				f.Attrs[i] = ""
			}
		}
		return Row{Num: f.Index, Cells: f.Attrs, Geometry: f.Geometry}, nil
	}
	return src
}

// shapefileError words the shapefile reader's findings for a person: which
// file, which record; the reader's own English detail stays for the log.
func shapefileError(path string, err error) error {
	var fe *shapefile.FormatError
	if !errors.As(err, &fe) {
		return openError(path, err)
	}
	p := map[string]any{"Path": filepath.Base(path), "File": fe.File, "Row": fe.Record}
	code := "exchange.err.shapefile_record"
	switch {
	case fe.Reason == shapefile.NoDBF:
		code = "exchange.err.shapefile_no_dbf"
	case fe.Reason == shapefile.RecordCounts:
		code = "exchange.err.shapefile_counts"
	case fe.Reason == shapefile.CodePage:
		code = "exchange.err.shapefile_codepage"
	case fe.Reason == shapefile.BadText:
		code = "exchange.err.shapefile_text"
	case fe.Reason == shapefile.NotAShapefile:
		code = "exchange.err.shapefile_not"
	case fe.Record == 0:
		code = "exchange.err.shapefile_header"
	}
	return &domain.Error{Kind: domain.KindInvalid, Code: code, Params: p, Err: err}
}
