package domain

import (
	"strconv"
	"strings"
	"time"
)

// Date is a calendar date as "YYYY-MM-DD"; the empty Date means "not known".
// Stored as text so that it sorts and compares the same way in SQLite and PostgreSQL.
type Date string

// ParseDate reads a date in layout (a Go time layout; "" means 2006-01-02).
// Two-digit years read as 00–49 → 20xx and 50–99 → 19xx (Go's own "06" pivots at
// 69, which would put 1950s purchase dates in the 2050s).
func ParseDate(s, layout string) (Date, error) {
	if layout == "" {
		layout = "2006-01-02"
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		return "", err
	}
	if strings.Contains(layout, "06") && !strings.Contains(layout, "2006") && t.Year() >= 2050 {
		t = t.AddDate(-100, 0, 0)
	}
	return DateOf(t), nil
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

// Valid reports whether d is a real calendar date.
func (d Date) Valid() bool {
	_, err := time.Parse("2006-01-02", string(d))
	return err == nil
}

// YearEnd is the last day of year y.
func YearEnd(y int) Date { return Date(strconv.Itoa(y) + "-12-31") }
