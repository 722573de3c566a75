package exchange

import (
	"math"
	"strconv"
	"strings"
	"sync"

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

// ParseDate reads a date in layout (a Go layout; "" means YYYY-MM-DD) with
// domain.ParseDate, the one date parser: ISO dates, an ISO date with a valid
// time of day and spreadsheet serial day numbers are accepted whatever the
// layout; years outside 1900–2100 and trailing text are refused.
func ParseDate(s, layout string) (domain.Date, bool) {
	d, fe := domain.ParseDate("", s, layout)
	return d, fe == nil
}

// ParseNumber reads a decimal as people type it: full-width digits, commas
// between thousands ("1,234.5"), surrounding spaces. A comma anywhere else
// ("0,5" is not 5), spaces inside, NaN and infinities are refused.
func ParseNumber(s string) (float64, bool) {
	t, ok := domain.ASCIINumber(s)
	if !ok || t == "" {
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

// numberRule is the rule a value ParseNumber refused breaks: a misplaced
// comma gets the message that says so.
func numberRule(s, rule string) string {
	if _, ok := domain.ASCIINumber(s); !ok {
		return domain.RuleThousandsSep
	}
	return rule
}

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
