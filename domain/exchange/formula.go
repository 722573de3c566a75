package exchange

import "strings"

// Spreadsheets run a CSV cell that begins with = + - @ (or a tab or CR, which
// they skip first) as a formula: a note "=HYPERLINK(…)" exported verbatim would
// run when the file is opened in Excel or WPS. CSV exports therefore write such
// a text cell with a leading apostrophe (OWASP's rule), which spreadsheets show
// as text, and CSV imports remove exactly that one apostrophe, so that an
// export imports back unchanged (DESIGN.md "Import semantics"). Plain numbers,
// negative ones included, are left as they are: they run nothing.

// formulaTriggers are the first characters a spreadsheet treats as a formula.
const formulaTriggers = "=+-@\t\r"

// startsFormula reports whether s, after any apostrophes, begins with a trigger.
// Counting the apostrophes in makes the escape reversible: a value that itself
// begins with "'=" gets one more apostrophe, and loses only that one on import.
func startsFormula(s string) bool {
	t := strings.TrimLeft(s, "'")
	return t != "" && strings.IndexByte(formulaTriggers, t[0]) >= 0
}

// NeutraliseFormula is the CSV export's form of a cell.
func NeutraliseFormula(s string) string {
	if !startsFormula(s) || plainNumber(s) {
		return s
	}
	return "'" + s
}

// unneutraliseFormula is the CSV import's reading of a cell: one apostrophe
// fewer before a formula trigger, nothing else changed.
func unneutraliseFormula(s string) string {
	if strings.HasPrefix(s, "'") && startsFormula(s) {
		return s[1:]
	}
	return s
}

// plainNumber: an optional sign, digits, an optional decimal fraction or exponent.
func plainNumber(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			digits++
		}
	}
	if digits > 0 && i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '-' || s[i] == '+') {
			i++
		}
		exp := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	return digits > 0 && i == len(s)
}
