package shapefile

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
)

// Field describes one attribute column of the .dbf.
type Field struct {
	Name     string
	Type     byte // 'C' text, 'N' or 'F' number, 'D' date, 'L' logical
	Length   int
	Decimals int
}

type column struct {
	offset, length int // in the record, after the deletion flag
	typ            byte
}

type dbfReader struct {
	name       string
	r          *bufio.Reader
	fields     []Field
	cols       []column // parallel to fields; memo columns are left out of both
	numRecords int
	recLen     int
	rec        int
	buf        []byte
	encName    string
	dec        *encoding.Decoder // nil for UTF-8
}

func newDbfReader(name string, ra io.ReaderAt, size int64, cpg string) (*dbfReader, error) {
	fail := func(format string, a ...any) error {
		return &FormatError{File: name, Msg: fmt.Sprintf(format, a...)}
	}
	if size < 33 {
		return nil, fail("%d bytes, shorter than a .dbf header", size)
	}
	var h [32]byte
	if _, err := ra.ReadAt(h[:], 0); err != nil {
		return nil, fail("reading the header: %v", err)
	}
	d := &dbfReader{
		name:       name,
		numRecords: int(binary.LittleEndian.Uint32(h[4:])),
		recLen:     int(binary.LittleEndian.Uint16(h[10:])),
	}
	headerLen := int64(binary.LittleEndian.Uint16(h[8:]))
	if headerLen < 33 || headerLen > size {
		return nil, fail("header length %d bytes; the file has %d", headerLen, size)
	}
	if d.recLen < 1 || headerLen+int64(d.numRecords)*int64(d.recLen) > size {
		return nil, fail("%d records of %d bytes after a %d-byte header do not fit in %d bytes",
			d.numRecords, d.recLen, headerLen, size)
	}
	hdr := make([]byte, headerLen)
	if _, err := ra.ReadAt(hdr, 0); err != nil {
		return nil, fail("reading the header: %v", err)
	}

	var err error
	d.encName, d.dec, err = chooseEncoding(cpg, h[29])
	if err != nil {
		return nil, &FormatError{File: name, Reason: CodePage, Msg: err.Error()}
	}

	offset := 0
	var rawNames [][]byte
	for pos := 32; pos+32 <= len(hdr) && hdr[pos] != 0x0D; pos += 32 {
		fd := hdr[pos : pos+32]
		raw, _, _ := bytes.Cut(fd[:11], []byte{0})
		typ, length, decimals := fd[11], int(fd[16]), int(fd[17])
		if typ == 'C' {
			// Clipper and FoxPro keep long text widths' high byte in the decimals byte.
			length, decimals = length+256*decimals, 0
		}
		if offset+length+1 > d.recLen {
			return nil, fail("field %d (%s) ends at byte %d of %d-byte records", len(rawNames)+1, raw, offset+length+1, d.recLen)
		}
		switch typ {
		case 'C', 'N', 'F', 'D', 'L':
			d.cols = append(d.cols, column{offset: offset, length: length, typ: typ})
			d.fields = append(d.fields, Field{Type: typ, Length: length, Decimals: decimals})
			rawNames = append(rawNames, raw)
		case 'M': // memo text lives in a .dbt, which shapefiles do not have
		default:
			return nil, fail("field %d (%s) has type %q, which dBase III+ does not define", len(rawNames)+1, raw, typ)
		}
		offset += length
	}

	if d.dec == nil && d.encName == "" {
		d.encName = d.detect(ra, headerLen, rawNames)
		if d.encName != "utf-8" {
			d.dec = simplifiedchinese.GB18030.NewDecoder()
		}
	}
	for i, raw := range rawNames {
		name, _ := d.text(raw) // a name is a label: a bad byte in it shows as U+FFFD
		d.fields[i].Name = strings.TrimSpace(name)
	}
	d.r = bufio.NewReaderSize(io.NewSectionReader(ra, headerLen, int64(d.numRecords)*int64(d.recLen)), 64<<10)
	d.buf = make([]byte, d.recLen)
	return d, nil
}

// next returns the next record's values in field order, whether it is
// marked deleted, or io.EOF.
func (d *dbfReader) next() ([]string, bool, error) {
	if d.rec == d.numRecords {
		return nil, false, io.EOF
	}
	d.rec++
	if _, err := io.ReadFull(d.r, d.buf); err != nil {
		return nil, false, &FormatError{File: d.name, Record: d.rec, Msg: fmt.Sprintf("reading %d bytes: %v", d.recLen, err)}
	}
	switch d.buf[0] {
	case ' ':
	case '*':
		return nil, true, nil
	default:
		return nil, false, &FormatError{File: d.name, Record: d.rec, Msg: fmt.Sprintf("deletion flag %q, want ' ' or '*'", d.buf[0])}
	}
	values := make([]string, len(d.cols))
	for i, c := range d.cols {
		v, ok := d.value(c, d.buf[1+c.offset:1+c.offset+c.length])
		if !ok {
			// A value is never silently bent into U+FFFD replacement characters.
			return nil, false, &FormatError{File: d.name, Record: d.rec, Reason: BadText,
				Msg: fmt.Sprintf("field %s holds bytes that are not %s", d.fields[i].Name, d.encName)}
		}
		values[i] = v
	}
	return values, false, nil
}

// value reads one field; ok is false when its text is not valid in the file's encoding.
func (d *dbfReader) value(c column, raw []byte) (string, bool) {
	switch c.typ {
	case 'C':
		return d.text(bytes.TrimRight(raw, " \x00"))
	case 'D':
		s := strings.Trim(string(raw), " \x00")
		if strings.Trim(s, "0") == "" {
			return "", true
		}
		// ISO dates are what the importers expect; anything else is passed on
		// for the importer to reject by row.
		if t, err := time.Parse("20060102", s); err == nil {
			return t.Format(time.DateOnly), true
		}
		return d.text([]byte(s))
	case 'L':
		switch s := strings.Trim(string(raw), " \x00"); s {
		case "T", "t", "Y", "y":
			return "true", true
		case "F", "f", "N", "n":
			return "false", true
		case "?", "":
			return "", true
		default:
			return d.text([]byte(s))
		}
	}
	return d.text(bytes.Trim(raw, " \x00"))
}

// replacement is U+FFFD in UTF-8: a decoder writes it for bytes it cannot read.
var replacement = []byte("\uFFFD")

// text decodes b to UTF-8; ok is false when b holds bytes that are not valid
// in the file's encoding (a decoder's U+FFFD that b did not hold itself).
func (d *dbfReader) text(b []byte) (string, bool) {
	if d.dec != nil {
		s, err := d.dec.Bytes(b)
		if err != nil {
			return strings.ToValidUTF8(string(b), "\uFFFD"), false
		}
		return string(s), !bytes.Contains(s, replacement) || bytes.Contains(b, replacement)
	}
	b = dropPartialRune(b)
	return strings.ToValidUTF8(string(b), "\uFFFD"), utf8.Valid(b)
}

// detect picks UTF-8 when every text value is valid UTF-8, else GB18030 (a
// superset of GBK and GB2312): the file as a whole, since one short value
// can be valid in both. A file that is mostly UTF-8 (more well-formed
// multi-byte characters than bad bytes) is UTF-8 with bad bytes, which the
// record that holds them reports, rather than all of it read as GB18030.
func (d *dbfReader) detect(ra io.ReaderAt, headerLen int64, names [][]byte) string {
	var multi, bad int
	count := func(b []byte) {
		b = dropPartialRune(b)
		for len(b) > 0 {
			r, size := utf8.DecodeRune(b)
			switch {
			case r == utf8.RuneError && size <= 1:
				bad++
			case size > 1:
				multi++
			}
			b = b[max(size, 1):]
		}
	}
	for _, n := range names {
		count(n)
	}
	r := bufio.NewReaderSize(io.NewSectionReader(ra, headerLen, int64(d.numRecords)*int64(d.recLen)), 64<<10)
	rec := make([]byte, d.recLen)
	for range d.numRecords {
		if _, err := io.ReadFull(r, rec); err != nil {
			break // reported when the record is read
		}
		for _, c := range d.cols {
			if c.typ == 'C' {
				count(bytes.TrimRight(rec[1+c.offset:1+c.offset+c.length], " \x00"))
			}
		}
	}
	if bad == 0 || multi > bad {
		return "utf-8"
	}
	return "gb18030"
}

// dropPartialRune drops an incomplete UTF-8 sequence at the end of b: writers
// that cut text at the field width can split the last character.
func dropPartialRune(b []byte) []byte {
	for i := 1; i <= 3 && i <= len(b); i++ {
		c := b[len(b)-i]
		if c < utf8.RuneSelf {
			return b
		}
		if utf8.RuneStart(c) {
			if !utf8.FullRune(b[len(b)-i:]) {
				return b[:len(b)-i]
			}
			return b
		}
	}
	return b
}

// Windows code pages by number, as .cpg files and language driver IDs name them.
var codePages = map[int]encoding.Encoding{
	936: simplifiedchinese.GBK, 54936: simplifiedchinese.GB18030, 950: traditionalchinese.Big5,
	932: japanese.ShiftJIS, 949: korean.EUCKR, 874: charmap.Windows874,
	437: charmap.CodePage437, 850: charmap.CodePage850, 852: charmap.CodePage852, 866: charmap.CodePage866,
	1250: charmap.Windows1250, 1251: charmap.Windows1251, 1252: charmap.Windows1252,
	1253: charmap.Windows1253, 1254: charmap.Windows1254, 1255: charmap.Windows1255,
	1256: charmap.Windows1256, 1257: charmap.Windows1257, 1258: charmap.Windows1258,
	28591: charmap.ISO8859_1, 65001: unicode.UTF8,
}

// Language driver IDs (DBF header byte 29) and the code pages they stand for.
var languageDrivers = map[byte]int{
	0x01: 437, 0x02: 850, 0x03: 1252, 0x57: 1252, 0x58: 1252, 0x59: 1252,
	0x64: 852, 0x65: 866, 0x13: 932, 0x7B: 932, 0x4D: 936, 0x7A: 936,
	0x4E: 949, 0x79: 949, 0x4F: 950, 0x78: 950, 0x7C: 874,
	0xC8: 1250, 0xC9: 1251, 0xCA: 1254, 0xCB: 1253, 0x7D: 1255, 0x7E: 1256,
}

var iso8859 = regexp.MustCompile(`^(?:iso)?[-_ ]?8859[-_ ]?(\d{1,2})$`)

// chooseEncoding returns the encoding's name and decoder; both empty when it
// has to be detected from the data.
func chooseEncoding(cpg string, ldid byte) (string, *encoding.Decoder, error) {
	var enc encoding.Encoding
	if k := strings.ToLower(strings.TrimSpace(cpg)); k != "" {
		num := strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(k, "ansi "), "cp"), "windows-")
		if n, err := strconv.Atoi(num); err == nil {
			enc = codePages[n]
		}
		if enc == nil {
			if m := iso8859.FindStringSubmatch(k); m != nil {
				k = "iso-8859-" + m[1]
			}
			enc, _ = htmlindex.Get(k)
		}
		if enc == nil {
			return "", nil, fmt.Errorf("unknown code page %q in the .cpg file", strings.TrimSpace(cpg))
		}
	} else if cp, ok := languageDrivers[ldid]; ok {
		enc = codePages[cp]
	} else {
		return "", nil, nil
	}
	if enc == unicode.UTF8 {
		return "utf-8", nil, nil
	}
	name, err := htmlindex.Name(enc)
	if err != nil {
		name = fmt.Sprint(enc)
	}
	return name, enc.NewDecoder(), nil
}
