package domain

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar date as "YYYY-MM-DD"; the empty Date means "not known".
// Stored as text so that it sorts and compares the same way in SQLite and PostgreSQL.
type Date string

// The years a date or a --year may name. Older dates are typing slips
// (0001-01-01 is a spreadsheet's "no date"), later ones placeholders
// (9999-12-31); neither belongs in a register or a report.
const (
	MinYear = 1900
	MaxYear = 2100
)

// ValidYear reports whether y is within MinYear…MaxYear.
func ValidYear(y int) bool { return y >= MinYear && y <= MaxYear }

// Date rules ParseDate reports, each with its catalogue sentence "rule.<name>".
const (
	RuleDate      = "date"       // not a date in the layout
	RuleDateRange = "date_range" // a real date outside MinYear…MaxYear
)

// ParseDate reads a date for field: the one date parser of every import, form
// and command. layout is a Go time layout ("" means YYYY-MM-DD); whatever the
// layout, ISO dates ("2020-03-15", "2020/3/15", "2020年3月15日"), an ISO date
// followed by a valid time of day ("2023-02-16T00:00:00Z", "2020-01-05 08:30")
// and spreadsheet serial day numbers (what a date cell holds, from 1927) are
// read too. Anything after the date that is not a time of day is refused
// ("2020-02-29T25:00", "2020-01-01abc"). Two-digit years read as 00–49 → 20xx
// and 50–99 → 19xx (Go's own "06" pivots at 69, which would put 1950s
// purchase dates in the 2050s). Years outside MinYear…MaxYear are refused.
func ParseDate(field, s, layout string) (Date, *FieldError) {
	s = strings.TrimSpace(s)
	t, ok := parseTime(s, layout)
	if !ok {
		show := layout
		if show == "" {
			show = "YYYY-MM-DD"
		}
		return "", &FieldError{Field: field, Value: s, Rule: RuleDate, Params: map[string]string{"Layout": show}}
	}
	if !ValidYear(t.Year()) {
		return "", &FieldError{Field: field, Value: s, Rule: RuleDateRange}
	}
	return DateOf(t), nil
}

func parseTime(s, layout string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, false
	}
	if layout != "" {
		if t, err := time.Parse(layout, s); err == nil {
			return pivotTwoDigitYear(t, layout), true
		}
	}
	day, clock, hasClock := cutDateTime(s)
	for _, l := range isoLayouts {
		t, err := time.Parse(l, day)
		if err != nil {
			continue
		}
		if hasClock && !validClock(clock) {
			return time.Time{}, false
		}
		return t, true
	}
	if !hasClock {
		return excelSerialDate(s)
	}
	return time.Time{}, false
}

var isoLayouts = []string{"2006-01-02", "2006/01/02", "2006-1-2", "2006/1/2", "2006.01.02", "2006.1.2", "2006年1月2日"}

// cutDateTime splits "2020-01-05T08:30" or "2020-01-05 08:30" into its date and time parts.
func cutDateTime(s string) (day, clock string, ok bool) {
	if i := strings.IndexAny(s, "T "); i > 0 {
		return s[:i], strings.TrimSpace(s[i+1:]), true
	}
	return s, "", false
}

// clockLayouts are the times of day a date may carry; the day is what counts,
// but the time must be a real one.
var clockLayouts = []string{"15:04", "15:04:05", "15:04:05.999999999", "15:04Z07:00", "15:04:05Z07:00",
	"15:04:05.999999999Z07:00", "15:04:05Z0700", "15:04:05.999999999Z0700", "15:04:05 -0700", "15:04:05 MST"}

func validClock(s string) bool {
	for _, l := range clockLayouts {
		if _, err := time.Parse(l, s); err == nil {
			return true
		}
	}
	return false
}

// pivotTwoDigitYear moves Go's 2050–2068 (from a two-digit year) into the 1900s.
func pivotTwoDigitYear(t time.Time, layout string) time.Time {
	if strings.Contains(layout, "2006") || !strings.Contains(layout, "06") {
		return t
	}
	if y := t.Year(); y >= 2050 && y < 2069 {
		return t.AddDate(-100, 0, 0)
	}
	return t
}

// Spreadsheet serial day numbers read as dates: 10000 (1927-05-18) to the last
// day of MaxYear. Smaller numbers are refused: a bare "2014" in a date column is
// a year someone typed, not 1905-07-06.
const (
	minSerialDay = 10_000
	maxSerialDay = 73_415 // 2100-12-31
)

// excelSerialDate reads a spreadsheet day number (1900 date system).
func excelSerialDate(s string) (time.Time, bool) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && c != '.' {
			return time.Time{}, false // no signs, exponents, NaN or Inf
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < minSerialDay || f >= maxSerialDay+1 {
		return time.Time{}, false
	}
	days := int(math.Floor(f)) - 1 // serial 60 is Lotus's 1900-02-29, so later days are one high
	base := time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC)
	return base.AddDate(0, 0, days), true
}

// DateOf is the calendar date of t.
func DateOf(t time.Time) Date { return Date(t.Format("2006-01-02")) }

// Year is the date's year, 0 for an empty or malformed date.
func (d Date) Year() int {
	if len(d) < 4 {
		return 0
	}
	y, err := strconv.Atoi(string(d[:4]))
	if err != nil {
		return 0
	}
	return y
}

// Month is the date's month (1–12), 0 for an empty date.
func (d Date) Month() int {
	if len(d) < 7 {
		return 0
	}
	m, _ := strconv.Atoi(string(d[5:7]))
	return m
}

// Valid reports whether d is a real calendar date as YYYY-MM-DD within
// MinYear…MaxYear: what every form and store accepts.
func (d Date) Valid() bool { return d.Check("") == nil }

// Check is Valid with the rule d breaks, for field.
func (d Date) Check(field string) *FieldError {
	t, err := time.Parse("2006-01-02", string(d))
	if err != nil {
		return &FieldError{Field: field, Value: string(d), Rule: RuleDate, Params: map[string]string{"Layout": "YYYY-MM-DD"}}
	}
	if !ValidYear(t.Year()) {
		return &FieldError{Field: field, Value: string(d), Rule: RuleDateRange}
	}
	return nil
}

// YearEnd is the last day of year y.
func YearEnd(y int) Date { return Date(strconv.Itoa(y) + "-12-31") }
