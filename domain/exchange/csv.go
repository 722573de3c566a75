package exchange

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"

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
	comma := detectDelimiter(string(peek))
	lim := &csvGuard{r: br, comma: byte(comma)}
	cr := csv.NewReader(lim)
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	c := &csvRows{name: name, cr: cr, lim: lim}
	src := &Source{Format: "csv", Encoding: enc.name, SizeHint: enc.lines}
	header, num, err := c.read()
	if errors.Is(err, io.EOF) {
		return nil, domain.Errorf(domain.KindInvalid, "exchange.err.empty", map[string]any{"Path": name})
	}
	if err != nil {
		return nil, err
	}
	if len(header) > MaxColumns {
		return nil, tooManyColumns(num)
	}
	// A BOM the detection did not strip (a second one, an editor's) is no part of the first column's name.
	header[0] = strings.TrimPrefix(header[0], "\uFEFF")
	src.Header, src.HeaderNum = header, num
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
	lim  *csvGuard
	// A spreadsheet shows a record on the line it starts on, less the line breaks
	// inside quoted cells before it; csv.Reader skips blank lines, so counting
	// records alone would drift from what the person sees.
	inCellBreaks int
	lastNum      int
	header       bool // the header was read: data rows follow
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
		if errors.Is(err, errUnclosedQuote) {
			return nil, 0, domain.Errorf(domain.KindInvalid, "exchange.err.csv_unclosed", map[string]any{"Path": c.name, "Line": c.lim.quoteLine})
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
		if c.header {
			for i := range rec {
				rec[i] = unneutraliseFormula(rec[i])
			}
		}
		c.header = true
		return rec, num, nil
	}
}

var (
	errRowLimit      = errors.New("row too long")
	errColumnLimit   = errors.New("too many columns")
	errUnclosedQuote = errors.New("a quote left open")
)

// rowLimiter fails a read once more than max bytes were read since the last
// reset (one record, one feature): a decoder would otherwise hold a value of
// any length.
type rowLimiter struct {
	r   io.Reader
	max int
	n   int
}

func (l *rowLimiter) reset() { l.n = 0 }

func (l *rowLimiter) Read(p []byte) (int, error) {
	if l.n > l.max {
		return 0, errRowLimit
	}
	n, err := l.r.Read(p)
	l.n += n
	return n, err
}

// csvGuard stands between a CSV's text and csv.Reader. It follows the CSV
// syntax as csv.Reader (with LazyQuotes) reads it, to
//   - fail once a record exceeds MaxRowBytes, or a line MaxColumns cells,
//     before csv.Reader has buffered it (it spends some 60 bytes a cell);
//   - keep a CR-LF inside a quoted cell: csv.Reader turns every line's CR-LF
//     into LF, so a note's "\r\n" would come back as "\n"; doubling the CR
//     there ("\r\r\n") leaves exactly the original after that.
type csvGuard struct {
	r     *bufio.Reader
	comma byte
	n     int // bytes since the last reset
	cells int // delimiters outside quotes on this line
	state csvState
	out   []byte // bytes decided but not yet returned
	err   error  // returned once out is empty
	line  int    // newlines read
	// quoteLine is the line (from 1) where the open quoted cell began.
	quoteLine int
}

type csvState int

const (
	csvFieldStart csvState = iota
	csvUnquoted
	csvQuoted
	csvQuotedCR    // a CR inside quotes: a CR-LF if an LF follows
	csvQuoteInside // a quote inside quotes: closing, or doubled
	csvQuoteCR     // a closing quote, then a CR
)

// reset starts a record's byte count; a limit error met on the last record's
// read-ahead is forgotten too, the new record being counted afresh.
func (g *csvGuard) reset() {
	g.n = 0
	if errors.Is(g.err, errRowLimit) {
		g.err = nil
	}
}

func (g *csvGuard) Read(p []byte) (int, error) {
	for len(g.out) < len(p) && g.err == nil {
		if len(g.out) > 0 && g.r.Buffered() == 0 {
			break // pass on what is decided rather than wait for more
		}
		if g.n > MaxRowBytes {
			g.err = errRowLimit
			break
		}
		b, err := g.r.ReadByte()
		if err != nil {
			if errors.Is(err, io.EOF) && (g.state == csvQuoted || g.state == csvQuotedCR) {
				// csv.Reader (lazy) would end the cell here, swallowing every
				// row after the open quote into it.
				err = errUnclosedQuote
			}
			if g.state == csvQuotedCR || g.state == csvQuoteCR {
				g.out = append(g.out, '\r')
				g.state = csvUnquoted
			}
			g.err = err
			break
		}
		g.n++
		if b == '\n' {
			g.line++
		}
		g.err = g.step(b)
	}
	if len(g.out) == 0 {
		return 0, g.err
	}
	n := copy(p, g.out)
	g.out = append(g.out[:0], g.out[n:]...)
	return n, nil
}

// step moves the syntax one byte on and queues the bytes to pass.
func (g *csvGuard) step(b byte) error {
	switch g.state {
	case csvQuotedCR:
		if b == '\n' {
			g.out = append(g.out, '\r', '\r', '\n')
			g.state = csvQuoted
			return nil
		}
		g.out = append(g.out, '\r')
		g.state = csvQuoted
		return g.step(b)
	case csvQuoteCR:
		g.out = append(g.out, '\r')
		if b == '\n' {
			g.state = csvFieldStart
			g.cells = 0
			g.out = append(g.out, b)
			return nil
		}
		g.state = csvQuoted // a lazy quote: the quote and CR belong to the cell
		return g.step(b)
	case csvQuoted:
		switch b {
		case '"':
			g.state = csvQuoteInside
		case '\r':
			g.state = csvQuotedCR
			return nil
		}
	case csvQuoteInside:
		switch {
		case b == '"':
			g.state = csvQuoted
		case b == g.comma:
			return g.delimiter(b)
		case b == '\n':
			g.state, g.cells = csvFieldStart, 0
		case b == '\r':
			g.state = csvQuoteCR
			return nil
		default:
			g.state = csvQuoted
		}
	default: // csvFieldStart, csvUnquoted
		switch {
		case b == '"' && g.state == csvFieldStart:
			g.state, g.quoteLine = csvQuoted, g.line+1
		case b == g.comma:
			return g.delimiter(b)
		case b == '\n':
			g.state, g.cells = csvFieldStart, 0
		default:
			g.state = csvUnquoted
		}
	}
	g.out = append(g.out, b)
	return nil
}

func (g *csvGuard) delimiter(b byte) error {
	g.state = csvFieldStart
	g.out = append(g.out, b)
	if g.cells++; g.cells >= MaxColumns {
		return errColumnLimit
	}
	return nil
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
			// A header of one quoted cell is a header line too: without
			// this, the tab of a data row decided the delimiter.
			quoted = !quoted
			seen = true
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
