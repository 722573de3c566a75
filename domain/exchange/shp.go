package exchange

import (
	"errors"
	"io"
	"strings"

	"cityledger/domain/exchange/shapefile"
)

// ReadShapefile reads a .shp with its .dbf, .prj and .cpg. The attributes become
// the cells, the shapes the geometries (in the .prj's CRS, which becomes
// Table.CRS); rows are numbered by record, from 1.
func ReadShapefile(path string) (*Table, error) {
	r, err := shapefile.Open(path)
	if err != nil {
		return nil, readError(path, err)
	}
	defer r.Close()
	t := &Table{Format: "shapefile", CRS: r.PRJ(), Encoding: r.Encoding()}
	var numeric []int
	for i, f := range r.Fields() {
		t.Header = append(t.Header, f.Name)
		if f.Type == 'N' || f.Type == 'F' {
			numeric = append(numeric, i)
		}
	}
	t.Rows = make([]Row, 0, r.NumRecords())
	for {
		f, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, readError(path, err)
		}
		for _, i := range numeric {
			// dBase fills a number that does not fit its width with asterisks: no value.
			if i < len(f.Attrs) && f.Attrs[i] != "" && strings.Trim(f.Attrs[i], "*") == "" {
				f.Attrs[i] = ""
			}
		}
		t.Rows = append(t.Rows, Row{Num: f.Index, Cells: f.Attrs, Geometry: f.Geometry})
	}
	return t, nil
}
