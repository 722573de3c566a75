package reports

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"cityledger/domain"
	"cityledger/domain/i18n"
)

// fenPerHundredth is 0.01 万元 in 分: the resolution of every printed amount.
const fenPerHundredth = 10000

// money prints an amount given in hundredths of 万元 in the language's unit:
// 万元 with up to two decimals in zh ("29.52"), thousands of yuan with up to one
// decimal in en ("295.2"). 0.01 万元 is exactly 0.1 k yuan, so both print the same
// rounded figure and the same largest-remainder parts add up in both.
func money(lang i18n.Lang, hundredths int64) string {
	if lang == i18n.EN {
		return formatTenths(hundredths)
	}
	return domain.FormatHundredths(hundredths)
}

// moneyFen prints an exact amount rounded half-up to the report's resolution.
func moneyFen(lang i18n.Lang, f domain.Fen) string { return money(lang, f.WanHundredths()) }

// formatTenths prints n/10 with a trailing zero dropped: 2952 → "295.2", 1500 → "150".
func formatTenths(n int64) string {
	sign := ""
	if n < 0 {
		sign = "-"
		n = -n
	}
	s := strconv.FormatInt(n/10, 10)
	if d := n % 10; d != 0 {
		s += "." + strconv.FormatInt(d, 10)
	}
	return sign + s
}

// quantity prints a measured quantity rounded half-up to 0.01, trailing zeros dropped
// and no digit grouping ("41330", "12.5").
func quantity(v float64) string { return domain.FormatHundredths(roundHundredths(v)) }

// whole prints v rounded half-up to an integer (areas in prose: "7000㎡").
func whole(v float64) string {
	return strconv.FormatInt(int64(math.Floor(math.Abs(v)+0.5))*sign(v), 10)
}

// km prints metres as kilometres to 0.01 ("13.4").
func km(m float64) string { return quantity(m / 1000) }

func roundHundredths(v float64) int64 {
	return int64(math.Floor(math.Abs(v)*100+0.5+1e-9)) * sign(v)
}

func sign(v float64) int64 {
	if v < 0 {
		return -1
	}
	return 1
}

// largestRemainder rounds amounts to hundredths of 万元 so that the printed parts add
// up to the printed total of the exact amounts.
func largestRemainder(parts []domain.Fen) []int64 {
	raw := make([]int64, len(parts))
	for i, p := range parts {
		raw[i] = int64(p)
	}
	return domain.LargestRemainder(raw, fenPerHundredth)
}

func sumFen(parts []domain.Fen) domain.Fen {
	var t domain.Fen
	for _, p := range parts {
		t += p
	}
	return t
}

// sentence ends s with a full stop that suits its last character, unless it has one:
// notes are typed by people, with or without the stop.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	r := []rune(s)
	last := r[len(r)-1]
	if strings.ContainsRune("。！？.!?；;", last) {
		return s
	}
	if unicode.Is(unicode.Han, last) || strings.ContainsRune("”）」", last) {
		return s + "。"
	}
	return s + "."
}

// clause strips a final stop so that a note can continue a sentence.
func clause(s string) string {
	return strings.TrimRight(strings.TrimSpace(s), "。.；;，,")
}

// monthParams names a month for the "month" key: its number in Chinese (1月), its
// English abbreviation in English (Jan). key is the month's number as text.
func monthParams(lang i18n.Lang, key string) map[string]any {
	if m, err := strconv.Atoi(key); err == nil && m >= 1 && m <= 12 && lang == i18n.EN {
		return map[string]any{"M": time.Month(m).String()[:3]}
	}
	return map[string]any{"M": key}
}
