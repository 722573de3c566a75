package exchange

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// ReadCSV reads a delimited text file: UTF-8 with or without a BOM, UTF-16 with a
// BOM (Excel's "Unicode text"), else GB18030 when the bytes are not valid UTF-8
// (what Excel writes on a Chinese Windows); comma, tab or semicolon separated,
// LF or CRLF. The first non-blank line is the header; blank lines are skipped
// but counted, so row numbers match what a spreadsheet shows.
func ReadCSV(r io.Reader) (*Table, error) {
	raw, err := readAllLimited(r)
	if err != nil {
		return nil, err
	}
	text, enc, err := decodeText(raw)
	if err != nil {
		return nil, err
	}
	t := &Table{Format: "csv", Encoding: enc}
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = detectDelimiter(text)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = false
	// A spreadsheet shows a record on the line it starts on, less the line breaks
	// inside quoted cells before it; csv.Reader skips blank lines, so counting
	// records alone would drift from what the person sees.
	inCellBreaks := 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("line %d: %v", pe.Line, pe.Err)
			}
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		num := line - inCellBreaks
		for i := range rec {
			inCellBreaks += strings.Count(rec[i], "\n")
			rec[i] = strings.TrimSpace(rec[i])
		}
		if blank(rec) {
			continue
		}
		if t.Header == nil {
			t.Header, t.HeaderNum = rec, num
			continue
		}
		t.Rows = append(t.Rows, Row{Num: num, Cells: rec})
	}
	if t.Header == nil {
		return nil, errEmptyFile
	}
	return t, nil
}

var errEmptyFile = errors.New("the file has no header row")

func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// decodeText returns b as UTF-8 and the name of the encoding it was in.
func decodeText(b []byte) (string, string, error) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		b = b[3:]
		if !utf8.Valid(b) {
			return strings.ToValidUTF8(string(b), "\uFFFD"), "UTF-8", nil
		}
		return string(b), "UTF-8", nil
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}), bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		out, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(b)
		if err != nil {
			return "", "", fmt.Errorf("UTF-16: %w", err)
		}
		return string(out), "UTF-16", nil
	case utf8.Valid(b):
		return string(b), "UTF-8", nil
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
	if err != nil {
		return "", "", fmt.Errorf("neither UTF-8 nor GB18030: %w", err)
	}
	return string(out), "GB18030", nil
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
		if c != '\r' && c != ' ' {
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
