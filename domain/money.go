package domain

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
)

// Fen is an amount of money in 分 (0.01 元). Money never passes through a float:
// report rounding and percentages are computed on integers.
type Fen int64

// MaxFen is the largest amount a single field may hold: 10¹² 元 (10¹⁴ 分), about
// 300 times a large city's yearly budget. A bigger figure is a typing or unit
// mistake, and bounding every amount keeps sums of millions of them far from
// int64's limit (9.2×10¹⁸ 分). ParseAmount and every entity's Validate refuse
// amounts beyond ±MaxFen.
const MaxFen Fen = 100_000_000_000_000

// MaxYuanText is MaxFen as people read it, for messages.
const MaxYuanText = "1,000,000,000,000.00"

// ParseYuan reads an amount in 元 as people type or export it: "1234.5",
// "¥1,234.50", "$14190.13", "１２３.４５" (full-width digits and punctuation are
// read as their ASCII forms). A comma only separates thousands, in groups of
// three ("1,234,567.80"); a decimal comma ("0,5") or an irregular group
// ("12,34") is refused, never guessed. At most two decimals; at most MaxFen.
func ParseYuan(s string) (Fen, error) {
	v, rule := parseYuan(s)
	if rule != "" {
		return 0, &amountError{rule: rule, value: s}
	}
	return v, nil
}

type amountError struct{ rule, value string }

func (e *amountError) Error() string { return e.rule + ": " + e.value }

// Rules ParseAmount reports, each with its catalogue sentence "rule.<name>".
const (
	RuleMoney         = "money"          // not an amount at all
	RuleDecimals      = "decimals"       // a third decimal
	RuleThousandsSep  = "money_grouping" // a decimal comma or a comma group not of three digits
	RuleMoneyTooLarge = "money_limit"    // beyond ±MaxFen
)

// currencyPrefixes and currencySuffixes are the signs and words an exported or
// typed amount may carry; only at its ends, never between digits.
var (
	currencyPrefixes = []string{"RMB", "CNY", "USD", "¥", "$"}
	currencySuffixes = []string{"RMB", "CNY", "USD", "元"}
)

// parseYuan returns the amount or the rule s breaks.
func parseYuan(s string) (Fen, string) {
	t := strings.TrimSpace(fullWidthToASCII(s))
	neg, signed := false, false
	sign := func() {
		if !signed && t != "" && (t[0] == '-' || t[0] == '+') {
			neg, signed = t[0] == '-', true
			t = strings.TrimSpace(t[1:])
		}
	}
	sign()
	for _, p := range currencyPrefixes {
		if rest, ok := strings.CutPrefix(t, p); ok {
			t = strings.TrimSpace(rest)
			break
		}
	}
	sign() // "¥-12.00" as well as "-¥12.00"
	for _, p := range currencySuffixes {
		if rest, ok := strings.CutSuffix(t, p); ok {
			t = strings.TrimSpace(rest)
			break
		}
	}
	if t == "" {
		return 0, RuleMoney
	}
	whole, frac, hasFrac := strings.Cut(t, ".")
	if whole == "" && (!hasFrac || frac == "") {
		return 0, RuleMoney
	}
	for _, r := range frac {
		if r == ',' {
			return 0, RuleThousandsSep // "1.234,50"
		}
		if r < '0' || r > '9' {
			return 0, RuleMoney
		}
	}
	if strings.Contains(whole, ",") {
		groups := strings.Split(whole, ",")
		for i, g := range groups {
			if !allDigits(g) {
				if g == "" || allDigitsOrComma(whole) {
					return 0, RuleThousandsSep // ",5", "1,,000", "12,"
				}
				return 0, RuleMoney
			}
			if (i == 0 && len(g) > 3) || (i > 0 && len(g) != 3) {
				return 0, RuleThousandsSep // "0,5", "12,34", "1234,567"
			}
		}
		whole = strings.Join(groups, "")
	}
	if whole == "" {
		whole = "0"
	}
	if !allDigits(whole) {
		return 0, RuleMoney
	}
	if len(frac) > 2 {
		// Trailing zeros beyond two places are harmless ("12.500").
		if strings.Trim(frac[2:], "0") != "" {
			return 0, RuleDecimals
		}
		frac = frac[:2]
	}
	for len(frac) < 2 {
		frac += "0"
	}
	whole = strings.TrimLeft(whole, "0")
	if len(whole) > 13 { // more than 10¹³ 元: beyond MaxFen whatever the digits
		return 0, RuleMoneyTooLarge
	}
	w, _ := strconv.ParseInt("0"+whole, 10, 64)
	f, _ := strconv.ParseInt(frac, 10, 64)
	v := Fen(w*100 + f)
	if v > MaxFen {
		return 0, RuleMoneyTooLarge
	}
	if neg {
		v = -v
	}
	return v, ""
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func allDigitsOrComma(s string) bool {
	for i := 0; i < len(s); i++ {
		if (s[i] < '0' || s[i] > '9') && s[i] != ',' {
			return false
		}
	}
	return true
}

// ASCIINumber reads a number as typed with a Chinese input method: full-width
// digits and punctuation become ASCII, and commas between groups of three
// integer digits are dropped ("１，２３４．５" → "1234.5"). ok is false when a
// comma stands anywhere else ("0,5", "12,34"): a decimal comma is never guessed.
func ASCIINumber(s string) (string, bool) {
	t := strings.TrimSpace(fullWidthToASCII(s))
	if !strings.Contains(t, ",") {
		return t, true
	}
	sign := ""
	if t != "" && (t[0] == '-' || t[0] == '+') {
		sign, t = t[:1], t[1:]
	}
	whole, rest := t, ""
	if i := strings.IndexAny(t, ".eE"); i >= 0 {
		whole, rest = t[:i], t[i:]
	}
	if strings.Contains(rest, ",") {
		return "", false
	}
	groups := strings.Split(whole, ",")
	for i, g := range groups {
		if !allDigits(g) || (i == 0 && len(g) > 3) || (i > 0 && len(g) != 3) {
			return "", false
		}
	}
	return sign + strings.Join(groups, "") + rest, true
}

// fullWidthToASCII reads the full-width forms a Chinese input method types
// (digits, ．，＋－, the full-width space) as their ASCII forms, and drops the
// no-break and ideographic spaces around a value.
func fullWidthToASCII(s string) string {
	if isASCII(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '０' && r <= '９':
			b.WriteRune(r - '０' + '0')
		case r == '．':
			b.WriteByte('.')
		case r == '，':
			b.WriteByte(',')
		case r == '－' || r == '−':
			b.WriteByte('-')
		case r == '＋':
			b.WriteByte('+')
		case r == '\u3000' || r == '\u00a0':
			b.WriteByte(' ')
		case r == '＄':
			b.WriteByte('$')
		case r == '￥':
			b.WriteRune('¥')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// IsDecimalsError tells whether ParseYuan failed because of a third decimal.
func IsDecimalsError(err error) bool {
	ae, ok := err.(*amountError)
	return ok && ae.rule == RuleDecimals
}

// Yuan formats the amount in 元 with two decimals and no digit grouping ("1234.50").
func (f Fen) Yuan() string {
	sign := ""
	v := int64(f)
	if v < 0 {
		sign = "-"
		v = -v
	}
	return fmt.Sprintf("%s%d.%02d", sign, v/100, v%100)
}

// String is the 元 form, so amounts print readably in logs and tests.
func (f Fen) String() string { return f.Yuan() }

// WanHundredths is the amount in hundredths of 万元 (units of 100 元), rounded half-up:
// the unit every printed 万元 figure is made of.
func (f Fen) WanHundredths() int64 {
	return roundHalfUpDiv(int64(f), 10000)
}

// Wan formats the amount in 万元 the way the final-accounts report prints it:
// rounded half-up to 0.01, trailing zeros dropped ("15", "29.52", "1657.9", "0").
func (f Fen) Wan() string { return FormatHundredths(f.WanHundredths()) }

// FormatHundredths prints n/100 with trailing zeros dropped: 1500 → "15", 2952 → "29.52".
func FormatHundredths(n int64) string {
	sign := ""
	if n < 0 {
		sign = "-"
		n = -n
	}
	s := fmt.Sprintf("%d", n/100)
	if frac := n % 100; frac != 0 {
		fs := fmt.Sprintf("%02d", frac)
		s += "." + strings.TrimRight(fs, "0")
	}
	return sign + s
}

// roundHalfUpDiv divides and rounds half away from zero.
func roundHalfUpDiv(a, b int64) int64 {
	if b < 0 {
		a, b = -a, -b
	}
	if a >= 0 {
		return (a + b/2) / b
	}
	return -((-a + b/2) / b)
}

// PercentHundredths is num/den as a percentage in hundredths of a percent, rounded
// half-up from the exact integers (93.64 % → 9364). ok is false when den is 0.
func PercentHundredths(num, den int64) (v int64, ok bool) {
	if den == 0 {
		return 0, false
	}
	n := new(big.Int).Mul(big.NewInt(num), big.NewInt(10000))
	d := big.NewInt(den)
	neg := (n.Sign() < 0) != (d.Sign() < 0)
	n.Abs(n)
	d.Abs(d)
	// (2n + d) / 2d rounds half up on the magnitudes.
	n.Mul(n, big.NewInt(2)).Add(n, d)
	d.Mul(d, big.NewInt(2))
	q := new(big.Int).Quo(n, d).Int64()
	if neg {
		q = -q
	}
	return q, true
}

// Percent formats num/den as the report prints it: "100%", "81.9%", "93.64%".
// An empty string when den is 0 (the report then prints no percentage).
func Percent(num, den int64) string {
	v, ok := PercentHundredths(num, den)
	if !ok {
		return ""
	}
	return FormatHundredths(v) + "%"
}

// LargestRemainder rounds parts (in any integer unit) to multiples of unit so that
// the rounded parts add up to the rounded total: the report's rule for tables
// whose printed parts must add to a printed total. The result is in units.
func LargestRemainder(parts []int64, unit int64) []int64 {
	out := make([]int64, len(parts))
	var total int64
	type rem struct {
		i int
		r int64
	}
	rems := make([]rem, 0, len(parts))
	var floorSum int64
	for i, p := range parts {
		total += p
		q := p / unit
		r := p % unit
		if r < 0 { // keep floor semantics for negative parts
			q--
			r += unit
		}
		out[i] = q
		floorSum += q
		rems = append(rems, rem{i, r})
	}
	target := roundHalfUpDiv(total, unit)
	need := target - floorSum
	// Stable order: bigger remainder first, then earlier position.
	for a := 1; a < len(rems); a++ {
		for b := a; b > 0 && rems[b].r > rems[b-1].r; b-- {
			rems[b], rems[b-1] = rems[b-1], rems[b]
		}
	}
	for k := 0; k < len(rems) && need > 0; k++ {
		out[rems[k].i]++
		need--
	}
	for k := len(rems) - 1; k >= 0 && need < 0; k-- {
		out[rems[k].i]--
		need++
	}
	return out
}

// ParseAmount reads a typed or imported amount in 元 for field: the one parser of
// every form, import and command. On failure the FieldError says which rule it
// broke (RuleMoney, RuleDecimals, RuleThousandsSep or RuleMoneyTooLarge), so the
// mistake is worded the same way everywhere.
func ParseAmount(field, s string) (Fen, *FieldError) {
	v, rule := parseYuan(s)
	if rule == "" {
		return v, nil
	}
	fe := &FieldError{Field: field, Value: s, Rule: rule}
	if rule == RuleMoneyTooLarge {
		fe.Params = map[string]string{"Max": MaxYuanText}
	}
	return 0, fe
}

// CheckAmount refuses an amount beyond ±MaxFen, whatever its source.
func CheckAmount(field string, v Fen) []FieldError {
	if v > MaxFen || v < -MaxFen {
		return []FieldError{{Field: field, Value: v.Yuan(), Rule: RuleMoneyTooLarge, Params: map[string]string{"Max": MaxYuanText}}}
	}
	return nil
}
