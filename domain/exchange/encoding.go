package exchange

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"cityledger/domain"
)

var (
	utf8BOM    = []byte{0xEF, 0xBB, 0xBF}
	utf16LEBOM = []byte{0xFF, 0xFE}
	utf16BEBOM = []byte{0xFE, 0xFF}
)

// textEncoding is how a text file's bytes become UTF-8.
type textEncoding struct {
	name  string // as the import's summary names it: "UTF-8", "GB18030", "UTF-16"…
	skip  int    // bytes of BOM to skip
	lines int    // the file's line count: an upper bound of its rows
	// decoder turns the bytes into UTF-8; nil for UTF-8 itself.
	decoder func() transform.Transformer
}

// detectEncoding reads r (a whole text file, from its start) once, without
// holding it, and decides its encoding as DESIGN.md "Import formats" says:
//   - a BOM decides (UTF-8, UTF-16 LE or BE), and the rest must be valid in it;
//   - without one, UTF-16 is recognised by the NUL bytes of its ASCII
//     characters (what Windows tools write as "Unicode");
//   - a file that is valid UTF-8 is UTF-8;
//   - a file that is mostly UTF-8 (more well-formed multi-byte characters than
//     bad bytes) is UTF-8 with bad bytes: refused naming the first bad line,
//     not read as GB18030 mojibake;
//   - a file that is valid GB18030 and not UTF-8 is GB18030 (what Excel
//     writes on a Chinese Windows);
//   - anything else is refused naming the first bad line.
func detectEncoding(r io.Reader, name string, head []byte) (textEncoding, error) {
	switch {
	case bytes.HasPrefix(head, utf8BOM):
		s, err := scanText(r, len(utf8BOM), nil)
		if err != nil {
			return textEncoding{}, readIOError(name, err)
		}
		if s.utf8Bad > 0 {
			return textEncoding{}, badBytes(name, "exchange.err.bad_utf8", s.utf8BadLine)
		}
		return textEncoding{name: "UTF-8", skip: len(utf8BOM), lines: s.lines}, nil
	case bytes.HasPrefix(head, utf16LEBOM), bytes.HasPrefix(head, utf16BEBOM):
		order := unicode.LittleEndian
		if bytes.HasPrefix(head, utf16BEBOM) {
			order = unicode.BigEndian
		}
		return utf16Encoding(r, name, order, 2, "UTF-16")
	}
	if order := utf16Order(head); order != nil {
		return utf16Encoding(r, name, *order, 0, "UTF-16"+map[unicode.Endianness]string{unicode.LittleEndian: "LE", unicode.BigEndian: "BE"}[*order])
	}
	s, err := scanText(r, 0, nil)
	if err != nil {
		return textEncoding{}, readIOError(name, err)
	}
	switch {
	case s.utf8Bad == 0:
		return textEncoding{name: "UTF-8", lines: s.lines}, nil
	case s.utf8Multi > s.utf8Bad:
		return textEncoding{}, badBytes(name, "exchange.err.bad_utf8", s.utf8BadLine)
	case s.gbBad == 0:
		return textEncoding{name: "GB18030", lines: s.lines, decoder: func() transform.Transformer { return simplifiedchinese.GB18030.NewDecoder() }}, nil
	}
	return textEncoding{}, badBytes(name, "exchange.err.bad_text", min(s.utf8BadLine, s.gbBadLine))
}

func badBytes(name, code string, line int) error {
	return domain.Errorf(domain.KindInvalid, code, map[string]any{"Path": name, "Line": line})
}

func readIOError(name string, err error) error {
	var de *domain.Error
	if errors.As(err, &de) {
		return err
	}
	return openError(name, err)
}

// utf16Encoding checks the rest of r is well-formed UTF-16 in order.
func utf16Encoding(r io.Reader, name string, order unicode.Endianness, bom int, label string) (textEncoding, error) {
	s, err := scanText(r, bom, &order)
	if err != nil {
		return textEncoding{}, readIOError(name, err)
	}
	if s.utf16Bad > 0 {
		return textEncoding{}, badBytes(name, "exchange.err.bad_utf16", s.utf16BadLine)
	}
	return textEncoding{name: label, skip: bom, lines: s.lines, decoder: func() transform.Transformer {
		return unicode.UTF16(order, unicode.IgnoreBOM).NewDecoder()
	}}, nil
}

// utf16Order recognises UTF-16 without a BOM by its pattern of NUL bytes: in
// text that is mostly ASCII, every other byte is 0. nil when head is not so.
func utf16Order(head []byte) *unicode.Endianness {
	if bytes.HasPrefix(head, utf16LEBOM) || bytes.HasPrefix(head, utf16BEBOM) {
		return nil
	}
	pairs := len(head) / 2
	if pairs < 2 {
		return nil
	}
	var evenNul, oddNul int
	for i := 0; i+1 < len(head); i += 2 {
		if head[i] == 0 {
			evenNul++
		}
		if head[i+1] == 0 {
			oddNul++
		}
	}
	le, be := unicode.LittleEndian, unicode.BigEndian
	switch {
	case oddNul*10 >= pairs*4 && evenNul*20 <= pairs:
		return &le
	case evenNul*10 >= pairs*4 && oddNul*20 <= pairs:
		return &be
	}
	return nil
}

// textStats are what one pass over a file tells about its encoding. Lines
// count from 1; a bad line of 0 means none was found.
type textStats struct {
	lines              int
	utf8Multi, utf8Bad int // well-formed multi-byte characters, bad bytes
	utf8BadLine        int
	gbBad              int
	gbBadLine          int
	utf16Bad           int
	utf16BadLine       int
}

// scanText reads r to its end in constant memory, after skipping skip bytes,
// checking it as UTF-8 and GB18030, or as UTF-16 in order when order is set.
func scanText(r io.Reader, skip int, order *unicode.Endianness) (textStats, error) {
	var s textStats
	br := bufio.NewReaderSize(r, 64<<10)
	if _, err := br.Discard(skip); err != nil && !errors.Is(err, io.EOF) {
		return s, err
	}
	line := 1
	gb := gbChecker{}
	var u16 utf16Checker
	// buf holds the few bytes of a character split between reads, then the next read.
	const chunkSize = 64 << 10
	buf := make([]byte, utf8.UTFMax+chunkSize)
	carried := 0
	for {
		n, err := br.Read(buf[carried : carried+chunkSize])
		chunk := buf[carried : carried+n]
		if order != nil {
			for _, b := range chunk {
				if u16.feed(b, *order) && s.utf16Bad == 0 {
					s.utf16Bad, s.utf16BadLine = 1, u16.line
				}
			}
		} else {
			data := buf[:carried+n]
			i := 0
			for i < len(data) {
				c := data[i]
				if c < utf8.RuneSelf {
					if c == '\n' {
						line++
					}
					i++
					continue
				}
				if !utf8.FullRune(data[i:]) && err == nil {
					break // the rest of the character is in the next chunk
				}
				r, size := utf8.DecodeRune(data[i:])
				if r == utf8.RuneError && size <= 1 {
					s.utf8Bad++
					if s.utf8BadLine == 0 {
						s.utf8BadLine = line
					}
					i++
					continue
				}
				s.utf8Multi++
				i += size
			}
			carried = copy(buf, data[i:])
			for _, b := range chunk {
				if gb.feed(b) && s.gbBad == 0 {
					s.gbBad, s.gbBadLine = 1, gb.line
				}
			}
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return s, err
		}
	}
	if order != nil {
		s.lines = u16.line
		if u16.pending() && s.utf16Bad == 0 {
			s.utf16Bad, s.utf16BadLine = 1, u16.line
		}
	} else {
		s.lines = line
		if carried > 0 {
			s.utf8Bad++
			if s.utf8BadLine == 0 {
				s.utf8BadLine = line
			}
		}
		if gb.state != 0 && s.gbBad == 0 {
			s.gbBad, s.gbBadLine = 1, gb.line
		}
	}
	return s, nil
}

// gbChecker checks GB18030's byte structure: ASCII; a lead byte 0x81–0xFE
// followed by 0x40–0x7E or 0x80–0xFE; or lead, 0x30–0x39, 0x81–0xFE, 0x30–0x39.
type gbChecker struct {
	state int // bytes of the current character seen
	line  int
}

// feed takes the next byte and reports whether it broke the structure.
func (g *gbChecker) feed(b byte) bool {
	if g.line == 0 {
		g.line = 1
	}
	switch g.state {
	case 0:
		switch {
		case b < 0x80:
			if b == '\n' {
				g.line++
			}
			return false
		case b >= 0x81 && b <= 0xFE:
			g.state = 1
			return false
		}
		return true
	case 1:
		switch {
		case b >= 0x30 && b <= 0x39:
			g.state = 2
			return false
		case b >= 0x40 && b <= 0x7E, b >= 0x80 && b <= 0xFE:
			g.state = 0
			return false
		}
	case 2:
		if b >= 0x81 && b <= 0xFE {
			g.state = 3
			return false
		}
	case 3:
		if b >= 0x30 && b <= 0x39 {
			g.state = 0
			return false
		}
	}
	g.state = 0
	if b == '\n' {
		g.line++
	}
	return true
}

// utf16Checker checks UTF-16 code units for unpaired surrogates and counts lines.
type utf16Checker struct {
	half    []byte
	high    bool // a high surrogate waits for its low half
	line    int
	started bool
}

// feed takes the next byte and reports whether it completed a bad code unit.
func (u *utf16Checker) feed(b byte, order unicode.Endianness) (bad bool) {
	if !u.started {
		u.started, u.line = true, 1
	}
	u.half = append(u.half, b)
	if len(u.half) < 2 {
		return false
	}
	var unit uint16
	if order == unicode.LittleEndian {
		unit = uint16(u.half[0]) | uint16(u.half[1])<<8
	} else {
		unit = uint16(u.half[1]) | uint16(u.half[0])<<8
	}
	u.half = u.half[:0]
	isHigh := unit >= 0xD800 && unit < 0xDC00
	isLow := unit >= 0xDC00 && unit < 0xE000
	switch {
	case u.high && !isLow:
		u.high = isHigh
		return true
	case u.high:
		u.high = false
		return false
	case isLow:
		return true
	case isHigh:
		u.high = true
		return false
	}
	if unit == '\n' {
		u.line++
	}
	return false
}

// pending reports an odd byte or a high surrogate left at the end.
func (u *utf16Checker) pending() bool { return len(u.half) > 0 || u.high }
