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

// ParseYuan reads an amount in 元 as people type or export it: "1234.5",
// "¥1,234.50", "$14190.13", "（1,000）" is not accepted. At most two decimals.
func ParseYuan(s string) (Fen, error) {
	t := strings.TrimSpace(s)
	for _, sym := range []string{"¥", "￥", "$", "元", "RMB", "CNY", "USD"} {
		t = strings.ReplaceAll(t, sym, "")
	}
	t = strings.ReplaceAll(t, ",", "")
	t = strings.ReplaceAll(t, "，", "")
	t = strings.ReplaceAll(t, " ", "")
	if t == "" {
		return 0, fmt.Errorf("empty amount")
	}
	neg := false
	if t[0] == '-' || t[0] == '+' {
		neg = t[0] == '-'
		t = t[1:]
	}
	whole, frac, hasFrac := strings.Cut(t, ".")
	if whole == "" && !hasFrac {
		return 0, fmt.Errorf("not an amount: %q", s)
	}
	if len(frac) > 2 {
		// Trailing zeros beyond two places are harmless ("12.500").
		if strings.Trim(frac[2:], "0") != "" {
			return 0, errDecimals
		}
		frac = frac[:2]
	}
	for len(frac) < 2 {
		frac += "0"
	}
	if whole == "" {
		whole = "0"
	}
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return 0, fmt.Errorf("not an amount: %q", s)
		}
	}
	if len(whole) > 15 {
		return 0, fmt.Errorf("amount too large: %q", s)
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	f, _ := strconv.ParseInt(frac, 10, 64)
	v := Fen(w*100 + f)
	if neg {
		v = -v
	}
	return v, nil
}

var errDecimals = fmt.Errorf("more than two decimals")

// IsDecimalsError tells whether ParseYuan failed because of a third decimal.
func IsDecimalsError(err error) bool { return err == errDecimals }

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

// ParseAmount reads a typed or imported amount in 元 for field: on failure the
// FieldError says which rule it broke (money, or decimals for a third decimal), so
// every form, import and command words the mistake the same way.
func ParseAmount(field, s string) (Fen, *FieldError) {
	v, err := ParseYuan(s)
	if err == nil {
		return v, nil
	}
	rule := "money"
	if IsDecimalsError(err) {
		rule = "decimals"
	}
	return 0, &FieldError{Field: field, Value: s, Rule: rule}
}
