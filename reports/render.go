package reports

import (
	"encoding/json"
	"fmt"
	"io"
)

// Formats lists the output formats, as `ledgerctl report --format` names them.
var Formats = []string{"md", "html", "xlsx", "docx", "json"}

// Binary reports whether a format must go to a file rather than a terminal.
func Binary(format string) bool { return format == "html" || format == "xlsx" || format == "docx" }

// Render writes m in format (one of Formats).
func Render(w io.Writer, m *Model, format string) error {
	switch format {
	case "md", "":
		return WriteMarkdown(w, m)
	case "html":
		return WriteHTML(w, m)
	case "xlsx":
		return WriteXLSX(w, m)
	case "docx":
		return WriteDOCX(w, m)
	case "json":
		return WriteJSON(w, m)
	}
	return fmt.Errorf("reports: unknown format %q", format)
}

// WriteJSON writes the model (see doc.go for its form), indented, HTML characters
// unescaped so that the text reads as printed.
func WriteJSON(w io.Writer, m *Model) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(m)
}
