package exchange

import (
	"errors"
	"io"

	"cityledger/domain"
)

// headerPeekRows is how many rows below the reader's header a streamed file is read
// ahead to find the real header (a title and a date line above it in a bureau's
// workbook); a --header-row further down is read ahead to.
const headerPeekRows = headerSearchRows

// maxHeaderRow bounds how far a --header-row is looked for.
const maxHeaderRow = 1000

// peekRows reads up to n rows of src ahead and returns them with a source that gives
// them again, then the rest of src. A read error stops the peek and is returned
// by the new source when its turn comes, unless no row was read at all.
func peekRows(src *Source, n int) ([]Row, *Source, error) {
	var rows []Row
	var stopped error
	for len(rows) < n {
		r, err := src.Next()
		if err != nil {
			stopped = err
			break
		}
		rows = append(rows, r)
	}
	if stopped != nil && !errors.Is(stopped, io.EOF) && len(rows) == 0 {
		return nil, nil, stopped
	}
	return rows, replay(src, rows, stopped), nil
}

// replay is src with rows put back in front of it; after them, stopped (when not nil)
// or the rest of src.
func replay(src *Source, rows []Row, stopped error) *Source {
	out := *src
	i := 0
	out.err, out.close = nil, src.Close
	out.next = func() (Row, error) {
		if i < len(rows) {
			i++
			return rows[i-1], nil
		}
		if stopped != nil {
			return Row{}, stopped
		}
		return src.Next()
	}
	return &out
}

// findHeader decides a streamed CSV's or workbook's header: headerRow when given
// (0: the row among the first ones whose cells name the most fields of l; the
// reader's first non-blank row when none names two). It returns the source from
// the row after the header on, and the notice naming the rows passed over above it.
func findHeader(src *Source, l *Layout, headerRow int) (*Source, []Notice, error) {
	n := headerPeekRows
	if headerRow > src.HeaderNum {
		n = min(headerRow-src.HeaderNum, maxHeaderRow)
	}
	rows, rest, err := peekRows(src, n)
	if err != nil {
		return nil, nil, err
	}
	t := &Table{Header: src.Header, HeaderNum: src.HeaderNum, Rows: rows, Format: src.Format}
	hr := headerRow
	if hr == 0 {
		hr = DetectHeaderRow(t, l)
	}
	if hr == 0 || hr == t.HeaderNum {
		return rest, nil, nil
	}
	if _, ok := t.UseHeaderRow(hr); !ok {
		rest.Close()
		return nil, nil, domain.Errorf(domain.KindInvalid, "exchange.err.header_row", map[string]any{"Row": hr})
	}
	// The rows left after the header are given again, then the rest of the file.
	out := *rest
	out.Header, out.HeaderNum = t.Header, t.HeaderNum
	skip := len(rows) - len(t.Rows)
	for i := 0; i < skip; i++ {
		if _, err := rest.Next(); err != nil {
			break
		}
	}
	out.next = rest.Next
	out.close = rest.Close
	if out.SizeHint > skip {
		out.SizeHint -= skip
	}
	return &out, aboveHeader(t), nil
}

// aboveHeader is the notice naming the non-blank rows above t's header, if any.
func aboveHeader(t *Table) []Notice {
	above := t.RowsAboveHeader()
	if len(above) == 0 {
		return nil
	}
	return []Notice{{Code: "exchange.notice.header_row", Params: map[string]any{"Row": t.HeaderNum, "Rows": rowList(above)}}}
}
