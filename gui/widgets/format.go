// Package widgets holds what the screens of the desktop app share: the page cache behind
// virtualized tables, list tables with a header row, the message area of forms, bar
// charts, and the way money, figures, fields and enumerations read on screen.
package widgets

import (
	"math"
	"strconv"
	"strings"

	"cityledger/domain"
	"cityledger/domain/i18n"
	"cityledger/gui"
)

// GroupDigits puts thousands separators into the integer part of a decimal string.
func GroupDigits(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := sign + b.String()
	if hasFrac {
		out += "." + frac
	}
	return out
}

// Money is an amount in 元 as screens show it: two decimals, digits grouped ("1,234.50").
func Money(f domain.Fen) string { return GroupDigits(f.Yuan()) }

// Number prints a measurement with at most prec decimals, trailing zeros dropped and
// digits grouped ("12,345.6"); 0 prints as "0".
func Number(v float64, prec int) string {
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return GroupDigits(s)
}

// NumberOrEmpty is Number, but blank for zero: a register cell for an unknown figure.
func NumberOrEmpty(v float64, prec int) string {
	if v == 0 {
		return ""
	}
	return Number(v, prec)
}

// ParseNumber reads a non-negative decimal typed into a form ("12.5", "1,200"); empty is 0.
func ParseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", ""))
	if s == "" {
		return 0, true
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		// ParseFloat gives ±Inf with its range error ("1e700") and reads "Inf" and
		// "NaN" as numbers: none is a figure a form can store.
		return 0, false
	}
	return v, true
}

// QuantityText is a quantity with its unit: "12盏" in Chinese, "12 lamps" in English.
func QuantityText(env *gui.Env, q float64, unit string) string {
	if env.Lang == i18n.ZH {
		return Number(q, 2) + unit
	}
	return Number(q, 2) + " " + env.Enum(unit)
}
