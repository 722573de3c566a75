package exchange

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"syscall"

	"cityledger/domain"
)

// Limits every reader keeps, so that a hostile or broken file gives a clear
// error naming its row instead of exhausting memory (a 100 MB file on one line,
// a header of a million columns). They are far above what a register needs: a
// template has about twenty columns; the WKT of a large park's polygon is
// hundreds of kilobytes.
const (
	// MaxRowBytes bounds one row of text: a CSV record with the lines of its
	// quoted cells.
	MaxRowBytes = 4 << 20
	// MaxFeatureBytes bounds one GeoJSON feature (its geometry may be a large
	// multipolygon).
	MaxFeatureBytes = 16 << 20
	// MaxCellBytes bounds one cell (a CSV field, an XLSX cell, a GeoJSON
	// property): the WKT of a polygon of some 80,000 points fits; Excel
	// itself stops at 32,767 characters.
	MaxCellBytes = 2 << 20
	// MaxColumns bounds the columns of a row and the header.
	MaxColumns = 2000
)

// Source yields a file's rows one at a time, so that importing a large file
// holds one row of it at a time rather than the whole file. Open one with
// Open, or iterate a Table read whole with Table.Source.
type Source struct {
	Header []string
	// HeaderNum is the header's row number as a spreadsheet shows it (CSV and XLSX; 0
	// for formats without a header row).
	HeaderNum int
	// CRS is the coordinate system the file declares (a .prj, a GeoJSON "crs"
	// member), "" when it declares none. --crs overrides it.
	CRS string
	// Format names the source format ("csv", "xlsx", "geojson", "shapefile").
	Format string
	// Encoding names the text encoding a CSV was decoded from ("UTF-8", "GB18030"…).
	Encoding string
	// SizeHint is the number of rows expected, 0 when unknown.
	SizeHint int

	next  func() (Row, error)
	close func() error
	err   error
}

// Next returns the next data row, io.EOF after the last one. An error other
// than io.EOF is a domain error naming the file's problem and stays: the file
// cannot be read further.
func (s *Source) Next() (Row, error) {
	if s.err != nil {
		return Row{}, s.err
	}
	r, err := s.next()
	if err == nil {
		err = checkRowLimits(&r)
	}
	if err != nil {
		s.err = err
		return Row{}, err
	}
	return r, nil
}

// Close releases the file.
func (s *Source) Close() error {
	if s.close == nil {
		return nil
	}
	c := s.close
	s.close = nil
	return c()
}

// Source iterates the table's rows.
func (t *Table) Source() *Source {
	i := 0
	return &Source{Header: t.Header, HeaderNum: t.HeaderNum, CRS: t.CRS, Format: t.Format, Encoding: t.Encoding, SizeHint: len(t.Rows),
		next: func() (Row, error) {
			if i >= len(t.Rows) {
				return Row{}, io.EOF
			}
			i++
			return t.Rows[i-1], nil
		}}
}

// ReadAll reads the source's remaining rows into a Table and closes it.
func ReadAll(s *Source) (*Table, error) {
	defer s.Close()
	t := &Table{Header: s.Header, HeaderNum: s.HeaderNum, CRS: s.CRS, Format: s.Format, Encoding: s.Encoding}
	if s.SizeHint > 0 {
		t.Rows = make([]Row, 0, s.SizeHint)
	}
	for {
		r, err := s.Next()
		if errors.Is(err, io.EOF) {
			return t, nil
		}
		if err != nil {
			return nil, err
		}
		t.Rows = append(t.Rows, r)
	}
}

// checkRowLimits refuses a row beyond MaxColumns or with a cell beyond MaxCellBytes.
func checkRowLimits(r *Row) error {
	if len(r.Cells) > MaxColumns {
		return tooManyColumns(r.Num)
	}
	for i, c := range r.Cells {
		if len(c) > MaxCellBytes {
			return domain.Errorf(domain.KindInvalid, "exchange.err.cell_too_long", map[string]any{
				"Row": r.Num, "Column": i + 1, "Limit": byteSize(MaxCellBytes)})
		}
	}
	return nil
}

func tooManyColumns(row int) error {
	return domain.Errorf(domain.KindInvalid, "exchange.err.too_many_columns", map[string]any{
		"Row": row, "Limit": MaxColumns})
}

func rowTooLong(row int) error {
	return domain.Errorf(domain.KindInvalid, "exchange.err.row_too_long", map[string]any{
		"Row": row, "Limit": byteSize(MaxRowBytes)})
}

func featureTooLong(row int) error {
	return domain.Errorf(domain.KindInvalid, "exchange.err.feature_too_long", map[string]any{
		"Row": row, "Limit": byteSize(MaxFeatureBytes)})
}

// byteSize writes a limit the way people read sizes: "16 MB".
func byteSize(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.Itoa(n>>20) + " MB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.Itoa(n>>10) + " KB"
	}
	return strconv.Itoa(n) + " B"
}

// Open opens a CSV, TSV, XLSX, GeoJSON or Shapefile for reading row by row.
// The file's contents decide what it is: a file whose bytes are another
// format than its extension (or o.Format) names is refused with a message
// saying what it really is ("这是一个XLSX文件，不是CSV"), and a file of an
// unknown extension is read as what its contents are.
func Open(path string, o ReadOptions) (*Source, error) {
	format := o.Format
	if format == "" {
		format = FormatOf(path)
	}
	name := filepath.Base(path)
	if format == "shapefile" {
		return openShapefile(path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, openError(path, err)
	}
	spooled := ""
	if st, err := f.Stat(); err == nil && st.Mode()&(os.ModeNamedPipe|os.ModeCharDevice|os.ModeSocket) != 0 {
		// A pipe (`<(…)`, /dev/stdin) cannot be read twice as the readers do (the
		// encoding, then the rows): its bytes go to a temporary file first.
		tmp, err := spool(f, name)
		f.Close()
		if err != nil {
			return nil, err
		}
		f, spooled = tmp, tmp.Name()
	}
	src, err := openFile(f, name, format, o)
	if err != nil {
		f.Close()
		if spooled != "" {
			os.Remove(spooled)
		}
		return nil, err
	}
	if spooled != "" {
		closeFile := src.close
		src.close = func() error {
			var err error
			if closeFile != nil {
				err = closeFile()
			}
			os.Remove(spooled)
			return err
		}
	}
	return src, nil
}

// MaxPipedBytes bounds what an import reads through a pipe: a pipe has no size to
// check first, and `/dev/zero` given as the file would otherwise fill the disk.
var MaxPipedBytes = 2 << 30

// spool copies what r (a pipe named name) holds into a new temporary file,
// positioned at its start, refusing more than MaxPipedBytes.
func spool(r io.Reader, name string) (*os.File, error) {
	tmp, err := os.CreateTemp("", "cityledger-import-*")
	if err != nil {
		return nil, openError(name, err)
	}
	fail := func(err error) (*os.File, error) {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, err
	}
	n, err := io.Copy(tmp, io.LimitReader(r, int64(MaxPipedBytes)+1))
	if err != nil {
		return fail(openError(name, err))
	}
	if n > int64(MaxPipedBytes) {
		return fail(domain.Errorf(domain.KindInvalid, "exchange.err.pipe_too_large", map[string]any{
			"Path": name, "Limit": byteSize(MaxPipedBytes)}))
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return fail(openError(name, err))
	}
	return tmp, nil
}

// openFile sniffs f and opens it with the reader its contents call for.
func openFile(f *os.File, name, format string, o ReadOptions) (*Source, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, openError(name, err)
	}
	if st.IsDir() {
		return nil, domain.Errorf(domain.KindInvalid, "exchange.err.is_dir", map[string]any{"Path": name})
	}
	head := make([]byte, sniffLen)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, openError(name, err)
	}
	head = head[:n]
	actual := sniffContent(head, f, st.Size())
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, openError(name, err)
	}
	if format == "" {
		format = actual.readAs()
	}
	if err := actual.mismatch(name, format); err != nil {
		return nil, err
	}
	var src *Source
	switch format {
	case "csv":
		src, err = openCSV(f, name)
	case "xlsx":
		src, err = openXLSX(f, name, o.Sheet)
	case "geojson":
		src, err = openGeoJSON(f, name)
	default:
		return nil, domain.Errorf(domain.KindInvalid, "exchange.err.format", map[string]any{"Path": name})
	}
	if err != nil {
		return nil, err
	}
	if src.close == nil {
		src.close = f.Close
	} else {
		inner := src.close
		src.close = func() error { return errors.Join(inner(), f.Close()) }
	}
	return src, nil
}

// openError words a failure to open or read a file for a person: missing,
// not allowed, a folder, or the disk failing. The cause stays for the log.
func openError(path string, err error) error {
	name := filepath.Base(path)
	code := "exchange.err.read_io"
	switch {
	case errors.Is(err, fs.ErrNotExist):
		code = "exchange.err.not_found"
	case errors.Is(err, fs.ErrPermission):
		code = "exchange.err.permission"
	case errors.Is(err, syscall.EISDIR):
		code = "exchange.err.is_dir"
	}
	return &domain.Error{Kind: domain.KindInvalid, Code: code, Params: map[string]any{"Path": name}, Err: err}
}
