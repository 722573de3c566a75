package domain

import (
	"regexp"
	"strings"
	"testing"

	"cityledger/domain/i18n"
)

var thousandsOnly = regexp.MustCompile(`^[^,]*[^0-9,]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]*)?[^,]*$`)

var amountCases = []struct {
	in   string
	want Fen
	rule string // "" when the amount is accepted
}{
	{"1234.5", 123450, ""},
	{"¥1,234.50", 123450, ""},
	{"$14190.13", 1419013, ""},
	{"295,200.00元", 29520000, ""},
	{"1,234,567.80", 123456780, ""},
	{"0", 0, ""},
	{".5", 50, ""},
	{"-3.10", -310, ""},
	{"-¥3.10", -310, ""},
	{"¥ -3.10", -310, ""},
	{"12.500", 1250, ""},
	{"１２３.４５", 12345, ""},
	{"１，２３４．５０", 123450, ""},
	{"￥１２３", 12300, ""},
	{"－５", -500, ""},
	{"\u3000１２\u3000", 1200, ""},
	{"1000000000000", 100_000_000_000_000, ""},
	{"-1,000,000,000,000.00", -100_000_000_000_000, ""},
	{"000000000000000000001.00", 100, ""},
	// Issue 10 case 7: a comma is a thousands separator in groups of three, nothing else.
	{"0,5", 0, RuleThousandsSep},
	{"12,34", 0, RuleThousandsSep},
	{"1234,567", 0, RuleThousandsSep},
	{"1,2345", 0, RuleThousandsSep},
	{"1.234,50", 0, RuleThousandsSep},
	{",5", 0, RuleThousandsSep},
	{"1,,000", 0, RuleThousandsSep},
	{"０，５", 0, RuleThousandsSep},
	// Issue 10 case 8: no single amount beyond 10¹² 元.
	{"1000000000000.01", 0, RuleMoneyTooLarge},
	{"999,999,999,999,999.99", 0, RuleMoneyTooLarge},
	{"-99999999999999999999999", 0, RuleMoneyTooLarge},
	{"12.345", 0, RuleDecimals},
	{"１２.３４５", 0, RuleDecimals},
	{"abc", 0, RuleMoney},
	{"", 0, RuleMoney},
	{".", 0, RuleMoney},
	{"-", 0, RuleMoney},
	{"1.2.3", 0, RuleMoney},
	{"1 234.50", 0, RuleMoney},
	{"1e5", 0, RuleMoney},
	{"12元3", 0, RuleMoney},
	{"+-5", 0, RuleMoney},
	{"--5", 0, RuleMoney},
	{"（1,000）", 0, RuleMoney},
	{"一百", 0, RuleMoney},
}

func TestParseAmount(t *testing.T) {
	for _, c := range amountCases {
		got, fe := ParseAmount("cost", c.in)
		rule := ""
		if fe != nil {
			rule = fe.Rule
			if fe.Value != c.in || fe.Field != "cost" {
				t.Errorf("ParseAmount(%q): error names %q/%q", c.in, fe.Field, fe.Value)
			}
		}
		if got != c.want || rule != c.rule {
			t.Errorf("ParseAmount(%q) = %v, rule %q; want %v, rule %q", c.in, got, rule, c.want, c.rule)
		}
		if _, err := ParseYuan(c.in); (err != nil) != (c.rule != "") || IsDecimalsError(err) != (c.rule == RuleDecimals) {
			t.Errorf("ParseYuan(%q) error %v, want rule %q", c.in, err, c.rule)
		}
	}
}

func TestAmountMessagesNameTheValueAndLimit(t *testing.T) {
	for _, in := range []string{"0,5", "2,000,000,000,000"} {
		_, fe := ParseAmount("cost", in)
		for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
			msg := fe.Render(lang)
			if !strings.Contains(msg, in) {
				t.Errorf("%s: %q does not name the value", lang, msg)
			}
			if fe.Rule == RuleMoneyTooLarge && !strings.Contains(msg, MaxYuanText) {
				t.Errorf("%s: %q does not name the limit", lang, msg)
			}
		}
	}
}

func TestCheckAmount(t *testing.T) {
	if CheckAmount("cost", MaxFen) != nil || CheckAmount("cost", -MaxFen) != nil {
		t.Error("the limit itself is refused")
	}
	if fe := CheckAmount("cost", MaxFen+1); len(fe) != 1 || fe[0].Rule != RuleMoneyTooLarge {
		t.Errorf("MaxFen+1: %v", fe)
	}
}

// FuzzParseAmount: what parses is within the limit and prints back to itself;
// what does not says which rule it broke, naming the value, in both languages.
func FuzzParseAmount(f *testing.F) {
	for _, c := range amountCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, fe := ParseAmount("cost", s)
		if fe != nil {
			switch fe.Rule {
			case RuleMoney, RuleDecimals, RuleThousandsSep, RuleMoneyTooLarge:
			default:
				t.Fatalf("%q: rule %q", s, fe.Rule)
			}
			for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
				// The message names the value, and renders every placeholder of its own.
				if msg := fe.Render(lang); !strings.Contains(msg, s) || strings.Contains(strings.ReplaceAll(msg, s, ""), "{{") {
					t.Fatalf("%q: %s message %q", s, lang, msg)
				}
			}
			return
		}
		if v > MaxFen || v < -MaxFen {
			t.Fatalf("%q → %v beyond the limit", s, v)
		}
		back, err := ParseYuan(v.Yuan())
		if err != nil || back != v {
			t.Fatalf("%q → %v → %q → %v, %v", s, v, v.Yuan(), back, err)
		}
		// A comma the parser accepted stood between groups of three digits.
		if strings.Contains(s, ",") && !thousandsOnly.MatchString(fullWidthToASCII(s)) {
			t.Fatalf("%q accepted with a comma not between thousands", s)
		}
	})
}

func TestWanAndPercent(t *testing.T) {
	wan := []struct {
		f    Fen
		want string
	}{
		{15000000, "15"}, {295200_00, "29.52"}, {47100_00, "4.71"}, {342300_00, "34.23"}, {16579000_00, "1657.9"},
		{0, "0"}, {49, "0"}, {50_00, "0.01"}, {49_99, "0"}, {264500_00, "26.45"}, {-317300_00, "-31.73"},
	}
	for _, c := range wan {
		if got := c.f.Wan(); got != c.want {
			t.Errorf("%d分.Wan() = %s, want %s", c.f, got, c.want)
		}
	}
	pct := []struct {
		n, d int64
		want string
	}{
		{150000, 150000, "100%"}, {317300, 25000, "1269.2%"}, {9364, 10000, "93.64%"}, {819, 1000, "81.9%"}, {1, 3, "33.33%"}, {2, 3, "66.67%"}, {5, 0, ""},
	}
	for _, c := range pct {
		if got := Percent(c.n, c.d); got != c.want {
			t.Errorf("Percent(%d,%d) = %s, want %s", c.n, c.d, got, c.want)
		}
	}
}

func TestLargestRemainderAddsUp(t *testing.T) {
	cases := [][]int64{
		{147600_00, 147600_00},
		{333333, 333333, 333334},
		{100, 100, 100, 9700},
		{0, 0},
		{12345, 67890, 11111, 99999},
	}
	for _, parts := range cases {
		got := LargestRemainder(parts, 10000)
		var sum, total int64
		for i, g := range got {
			sum += g
			total += parts[i]
			if d := g*10000 - parts[i]; d >= 10000 || d <= -10000 {
				t.Errorf("%v: part %d rounded to %d, more than one unit off", parts, i, g)
			}
		}
		if sum != Fen(total).WanHundredths() {
			t.Errorf("%v → %v adds to %d, total rounds to %d", parts, got, sum, Fen(total).WanHundredths())
		}
	}
}
