package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"cityledger/domain/i18n"
)

// Formats lists the output formats, as `ledgerctl report --format` names them.
var Formats = []string{"md", "html", "xlsx", "docx", "json"}

// Binary reports whether a format must go to a file rather than a terminal.
func Binary(format string) bool { return format == "html" || format == "xlsx" || format == "docx" }

// RenderOptions are the choices a bureau makes about how its report is printed.
type RenderOptions struct {
	// Checks prints the checks' findings as an appendix (Model.WithChecks).
	Checks bool
	// FixedDecimals prints the amounts in tables with a fixed number of decimals —
	// "15.00" 万元 (en: "150.0" k yuan) — for bureaus whose forms require it; the
	// default drops trailing zeros as the report's prose does ("15").
	FixedDecimals bool
}

// Render writes m in format (one of Formats).
func Render(w io.Writer, m *Model, format string) error {
	return RenderWith(w, m, format, RenderOptions{})
}

// RenderWith writes m in format with the options.
func RenderWith(w io.Writer, m *Model, format string, o RenderOptions) error {
	if o.Checks {
		m = m.WithChecks()
	}
	switch format {
	case "md", "":
		return writeMarkdown(w, m, o)
	case "html":
		return writeHTML(w, m, o)
	case "xlsx":
		return WriteXLSX(w, m)
	case "docx":
		return writeDOCX(w, m, o)
	case "json":
		return WriteJSON(w, m)
	}
	return fmt.Errorf("reports: unknown format %q", format)
}

// cellText is what a table cell prints: its text, or, with FixedDecimals, its printed
// amount with all its decimals.
func cellText(c Cell, lang i18n.Lang, o RenderOptions) string {
	if !o.FixedDecimals || c.Printed == nil || c.Covered != "" {
		return c.Text
	}
	if lang == i18n.EN {
		return fixedDecimals(*c.Printed, 10, 1)
	}
	return fixedDecimals(*c.Printed, 100, 2)
}

// fixedDecimals prints hundredths of 万元 in units of 1/div with n decimals:
// (1500, 100, 2) → "15.00"; (1500, 10, 1) → "150.0".
func fixedDecimals(hundredths int64, div int64, n int) string {
	sign := ""
	if hundredths < 0 {
		sign, hundredths = "-", -hundredths
	}
	scale := int64(1)
	for i := 0; i < n; i++ {
		scale *= 10
	}
	// hundredths of 万元 are tenths of k yuan: in either unit the value is
	// hundredths/100 万元 = hundredths/10 k yuan, so units of 1/div are exact.
	v := hundredths * scale / div
	s := strconv.FormatInt(v/scale, 10)
	frac := strconv.FormatInt(v%scale, 10)
	for len(frac) < n {
		frac = "0" + frac
	}
	return sign + s + "." + frac
}

// WriteJSON writes the model (see doc.go for its form), indented, HTML characters
// unescaped so that the text reads as printed.
func WriteJSON(w io.Writer, m *Model) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(m)
}
