package exchange

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/transform"

	"cityledger/domain"
)

// ReadCSV reads a delimited text whole (see openCSV for what it accepts).
func ReadCSV(r io.Reader) (*Table, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, openError("CSV", err)
	}
	br := bytes.NewReader(raw)
	head := raw[:min(len(raw), sniffLen)]
	if err := sniffContent(head, br, int64(len(raw))).mismatch("CSV", "csv"); err != nil {
		return nil, err
	}
	src, err := openCSV(br, "CSV")
	if err != nil {
		return nil, err
	}
	return ReadAll(src)
}

// openCSV reads a delimited text file row by row: UTF-8 with or without a BOM,
// UTF-16 (with a BOM, or recognised by its NUL bytes), GB18030 (what Excel
// writes on a Chinese Windows), decided by detectEncoding; comma, tab or
// semicolon separated, LF or CRLF. The first non-blank line is the header;
// blank lines are skipped but counted, so row numbers match what a
// spreadsheet shows. The file is read twice, each time in constant memory:
// once to decide its encoding, once for the rows; a row (a record, with the
// lines of its quoted cells) longer than MaxRowBytes is refused naming it.
func openCSV(f io.ReadSeeker, name string) (*Source, error) {
	head := make([]byte, sniffLen)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, openError(name, err)
	}
	head = head[:n]
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, openError(name, err)
	}
	enc, err := detectEncoding(f, name, head)
	if err != nil {
		return nil, err
	}
	if _, err := f.Seek(int64(enc.skip), io.SeekStart); err != nil {
		return nil, openError(name, err)
	}
	var text io.Reader = f
	if enc.decoder != nil {
		text = transform.NewReader(f, enc.decoder())
	}
	br := bufio.NewReaderSize(text, 64<<10)
	peek, _ := br.Peek(64 << 10) // as much of the start as there is; the header is in it
	lim := &rowLimiter{r: br, max: MaxRowBytes, comma: detectDelimiter(string(peek))}
	cr := csv.NewReader(lim)
	cr.Comma = lim.comma
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	c := &csvRows{name: name, cr: cr, lim: lim}
	src := &Source{Format: "csv", Encoding: enc.name, SizeHint: enc.lines}
	for {
		rec, num, err := c.read()
		if errors.Is(err, io.EOF) {
			return nil, domain.Errorf(domain.KindInvalid, "exchange.err.empty", map[string]any{"Path": name})
		}
		if err != nil {
			return nil, err
		}
		if len(rec) > MaxColumns {
			return nil, tooManyColumns(num)
		}
		// A BOM the detection did not strip (a second one, an editor's) is no part of the first column's name.
		rec[0] = strings.TrimPrefix(rec[0], "\uFEFF")
		src.Header = rec
		break
	}
	src.next = func() (Row, error) {
		rec, num, err := c.read()
		if err != nil {
			return Row{}, err
		}
		return Row{Num: num, Cells: rec}, nil
	}
	return src, nil
}

// csvRows reads the non-blank records of a CSV with their row numbers.
type csvRows struct {
	name string
	cr   *csv.Reader
	lim  *rowLimiter
	// A spreadsheet shows a record on the line it starts on, less the line breaks
	// inside quoted cells before it; csv.Reader skips blank lines, so counting
	// records alone would drift from what the person sees.
	inCellBreaks int
	lastNum      int
}

// read returns the next non-blank record, its cells trimmed and each its own
// string (so that keeping one cell does not keep the whole line).
func (c *csvRows) read() ([]string, int, error) {
	for {
		c.lim.reset()
		rec, err := c.cr.Read()
		if errors.Is(err, io.EOF) {
			return nil, 0, io.EOF
		}
		if errors.Is(err, errRowLimit) {
			return nil, 0, rowTooLong(c.lastNum + 1)
		}
		if errors.Is(err, errColumnLimit) {
			return nil, 0, tooManyColumns(c.lastNum + 1)
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, 0, domain.Errorf(domain.KindInvalid, "exchange.err.csv_quote", map[string]any{"Path": c.name, "Line": pe.StartLine})
			}
			return nil, 0, openError(c.name, err)
		}
		line, _ := c.cr.FieldPos(0)
		num := line - c.inCellBreaks
		for i := range rec {
			c.inCellBreaks += strings.Count(rec[i], "\n")
			rec[i] = strings.Clone(strings.TrimSpace(rec[i]))
		}
		c.lastNum = num
		if blank(rec) {
			continue
		}
		return rec, num, nil
	}
}

var (
	errRowLimit    = errors.New("row too long")
	errColumnLimit = errors.New("too many columns")
)

// rowLimiter fails a read once more than max bytes were read since the last
// reset (one record), or, given a delimiter, once a line holds more than
// MaxColumns cells: csv.Reader would otherwise hold a line of any length, and
// spend some 60 bytes on each of its cells, before the reader could count them.
type rowLimiter struct {
	r     io.Reader
	max   int
	n     int
	comma rune // 0: count no cells
	// cells counts the delimiters outside quotes on the current line.
	cells  int
	quoted bool
}

func (l *rowLimiter) reset() { l.n = 0 }

func (l *rowLimiter) Read(p []byte) (int, error) {
	if l.n > l.max {
		return 0, errRowLimit
	}
	n, err := l.r.Read(p)
	l.n += n
	if l.comma != 0 && l.comma < utf8.RuneSelf {
		c := byte(l.comma)
		for _, b := range p[:n] {
			switch {
			case b == '"':
				l.quoted = !l.quoted
			case l.quoted:
			case b == c:
				if l.cells++; l.cells >= MaxColumns {
					return n, errColumnLimit
				}
			case b == '\n':
				l.cells = 0
			}
		}
	}
	return n, err
}

func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// detectDelimiter picks comma, tab or semicolon by which occurs most often
// outside quotes on the first non-blank line; comma when none does.
func detectDelimiter(s string) rune {
	counts := map[rune]int{}
	quoted := false
	seen := false
	for _, c := range s {
		if c == '"' {
			quoted = !quoted
			continue
		}
		if quoted {
			continue
		}
		if c == '\n' {
			if seen {
				break
			}
			continue
		}
		if c != '\r' && c != ' ' && c != '\uFEFF' {
			seen = true
		}
		if c == ',' || c == '\t' || c == ';' {
			counts[c]++
		}
	}
	best := ','
	for _, c := range []rune{'\t', ';'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}
