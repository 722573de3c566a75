package exchange

import (
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	"cityledger/domain"
	"cityledger/domain/i18n"
)

// ParseBool reads 是/否 and the English and spreadsheet spellings of yes and no.
func ParseBool(s string) (v, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "是", "true", "yes", "y", "t", "1", "√", "✓", "对", "有":
		return true, true
	case "否", "false", "no", "n", "f", "0", "×", "✗", "无":
		return false, true
	}
	return false, false
}

// ParseDate reads a date in layout (a Go layout; "" means YYYY-MM-DD). Whatever
// the layout, ISO dates, date-times that start with one and Excel serial day
// numbers (what a date cell holds) are accepted too. Two-digit years 00–49 are
// 20xx and 50–99 are 19xx (Go's own "06" pivots at 69).
func ParseDate(s, layout string) (domain.Date, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", false
	}
	if layout != "" {
		if t, err := time.Parse(layout, s); err == nil {
			return domain.DateOf(pivotTwoDigitYear(t, layout)), true
		}
	}
	for _, l := range isoLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return domain.DateOf(t), true
		}
	}
	// "2023-02-16T00:00:00Z", "2020-01-05 08:00": the day is what counts.
	if len(s) > 10 && (s[10] == 'T' || s[10] == ' ') {
		if t, err := time.Parse("2006-01-02", s[:10]); err == nil {
			return domain.DateOf(t), true
		}
	}
	if d, ok := excelSerialDate(s); ok {
		return d, true
	}
	return "", false
}

var isoLayouts = []string{"2006-01-02", "2006/01/02", "2006-1-2", "2006/1/2", "2006.01.02", "2006.1.2", "2006年1月2日"}

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

// excelSerialDate reads a spreadsheet day number (1900 date system) from 1927
// (serial 10000) to 2200. Smaller numbers are refused: a bare "2014" in a date
// column is a year someone typed, not 1905-07-06.
func excelSerialDate(s string) (domain.Date, bool) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || f < 10_000 || f > 110_000 {
		return "", false
	}
	days := int(math.Floor(f)) - 1 // serial 60 is Lotus's 1900-02-29, so later days are one high
	base := time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC)
	return domain.DateOf(base.AddDate(0, 0, days)), true
}

// ParseNumber reads a decimal as people type it: thousands separators, a
// full-width minus or comma, surrounding spaces. NaN and infinities are refused.
func ParseNumber(s string) (float64, bool) {
	t := numberNoise.Replace(strings.TrimSpace(s))
	if t == "" {
		return 0, false
	}
	for _, c := range t {
		if !(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E') {
			return 0, false
		}
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

var numberNoise = strings.NewReplacer(",", "", "，", "", " ", "", "\u00a0", "", "－", "-", "＋", "+")

// ParseInt reads a whole number; "300.0" (a spreadsheet number) is 300.
func ParseInt(s string) (int, bool) {
	f, ok := ParseNumber(s)
	if !ok || f != math.Trunc(f) || math.Abs(f) > 1e15 {
		return 0, false
	}
	return int(f), true
}

// ParseMoney reads an amount in 元; rule is "money" or "decimals" on failure.
func ParseMoney(s string) (v domain.Fen, rule string) {
	v, fe := domain.ParseAmount("", s)
	if fe != nil {
		return 0, fe.Rule
	}
	return v, ""
}

var (
	englishEnumsOnce sync.Once
	englishEnums     map[string][]string // lower-case English rendering → Chinese values
)

// EnumValue maps s onto one of allowed: the value itself, or one whose English
// rendering (any case) is s. ok is false when neither fits; the caller reports s.
func EnumValue(s string, allowed []string) (string, bool) {
	if domain.OneOf(s, allowed) {
		return s, true
	}
	englishEnumsOnce.Do(func() {
		englishEnums = map[string][]string{}
		for _, k := range i18n.Keys(i18n.EN) {
			if v, ok := strings.CutPrefix(k, "enum."); ok {
				en := strings.ToLower(i18n.T(i18n.EN, k, nil))
				englishEnums[en] = append(englishEnums[en], v)
			}
		}
	})
	// Several Chinese values can share an English word ("vehicles"): take the allowed one.
	for _, v := range englishEnums[strings.ToLower(strings.TrimSpace(s))] {
		if domain.OneOf(v, allowed) {
			return v, true
		}
	}
	return s, false
}

// ParseAssetClass reads a class key, its Chinese name or its English name.
func ParseAssetClass(cat *domain.Catalogue, s string) (domain.Class, bool) {
	if d, ok := cat.Find(s); ok {
		return d.Key, true
	}
	// An English rendering the catalogue of messages knows ("vehicles").
	if v, ok := i18n.EnumFromAny(s); ok {
		if d, ok := cat.Find(v); ok {
			return d.Key, true
		}
	}
	return "", false
}

// formatFloat writes a number the way exports do: shortest exact form, no exponent.
func formatFloat(f float64) string {
	return strconv.FormatFloat(f, 'f', -1, 64)
}
