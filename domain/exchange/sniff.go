package exchange

import (
	"archive/zip"
	"bytes"
	"io"

	"cityledger/domain"
)

// sniffLen is how much of a file's start decides what it is.
const sniffLen = 8 << 10

// content is what a file's bytes are, whatever its name says.
type content string

const (
	contentText      content = "text" // delimited text (or any text that is not JSON)
	contentJSON      content = "json" // text that starts with an object: GeoJSON
	contentXLSX      content = "xlsx"
	contentDOCX      content = "docx"
	contentODS       content = "ods"
	contentZIP       content = "zip"
	contentOLE       content = "xls" // Office 97–2003 (XLS, DOC)
	contentPDF       content = "pdf"
	contentShapefile content = "shapefile"
	contentArchive   content = "archive" // gzip, 7z, rar
	contentBinary    content = "binary"
)

// sniffContent tells what a file is from its first bytes (and, for a ZIP, its
// directory). ra is the whole file when a ZIP must be looked into.
func sniffContent(head []byte, ra io.ReaderAt, size int64) content {
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return sniffZIP(ra, size)
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		return contentOLE
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return contentPDF
	case bytes.HasPrefix(head, []byte{0x00, 0x00, 0x27, 0x0A}):
		return contentShapefile
	case bytes.HasPrefix(head, []byte{0x1F, 0x8B}), bytes.HasPrefix(head, []byte("7z\xBC\xAF\x27\x1C")),
		bytes.HasPrefix(head, []byte("Rar!\x1A\x07")):
		return contentArchive
	}
	if bytes.HasPrefix(head, utf16LEBOM) || bytes.HasPrefix(head, utf16BEBOM) || utf16Order(head) != nil {
		return contentText
	}
	if looksBinary(head) {
		return contentBinary
	}
	t := bytes.TrimLeft(bytes.TrimPrefix(head, utf8BOM), " \t\r\n")
	if len(t) > 0 && t[0] == '{' {
		return contentJSON
	}
	return contentText
}

// sniffZIP tells an XLSX from other ZIP-based files by their entries.
func sniffZIP(ra io.ReaderAt, size int64) content {
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return contentZIP // a damaged ZIP: the XLSX reader says so if one was expected
	}
	for _, f := range zr.File {
		switch f.Name {
		case "xl/workbook.xml", "xl/workbook.bin":
			return contentXLSX
		case "word/document.xml":
			return contentDOCX
		case "content.xml":
			return contentODS
		}
	}
	return contentZIP
}

// looksBinary: NUL bytes that are not UTF-16's pattern, in more than a few
// places. A stray NUL in a text cell is the cell's problem, reported by row.
func looksBinary(head []byte) bool {
	nul := bytes.Count(head, []byte{0})
	return nul > 8 && nul*20 > len(head)
}

// readAs is the reader a file of unknown extension is read with.
func (c content) readAs() string {
	switch c {
	case contentXLSX:
		return "xlsx"
	case contentJSON:
		return "geojson"
	case contentText:
		return "csv"
	}
	return ""
}

// formatNames are the formats as messages name them.
var formatNames = map[string]string{"csv": "CSV", "xlsx": "XLSX", "geojson": "GeoJSON", "shapefile": "Shapefile"}

// mismatch is the error for reading a file of this content as format, nil when they agree.
func (c content) mismatch(name, format string) error {
	ok := false
	switch format {
	case "csv":
		ok = c == contentText
	case "xlsx":
		ok = c == contentXLSX || c == contentZIP // a damaged XLSX is named by its reader
	case "geojson":
		ok = c == contentJSON
	case "":
		ok = c.readAs() != ""
	default:
		ok = true
	}
	if ok {
		return nil
	}
	expected := formatNames[format]
	if expected == "" {
		expected = "CSV、XLSX、GeoJSON"
	}
	code := "exchange.err.content_" + string(c)
	return domain.Errorf(domain.KindInvalid, code, map[string]any{"Path": name, "Expected": expected,
		"Flag": c.readAs()})
}
