package domain

import (
	"strings"
	"testing"

	"cityledger/domain/i18n"
)

var dateParseCases = []struct {
	in, layout string
	want       Date
	rule       string
}{
	{"2020-03-15", "", "2020-03-15", ""},
	{" 2020-03-15 ", "", "2020-03-15", ""},
	{"2020/3/5", "", "2020-03-05", ""},
	{"2020年3月5日", "", "2020-03-05", ""},
	{"2023-02-16T00:00:00Z", "", "2023-02-16", ""},
	{"2023-02-16T23:59:59.999+08:00", "", "2023-02-16", ""},
	{"2020-01-05 08:30", "", "2020-01-05", ""},
	{"2020-01-05 08:30:15", "", "2020-01-05", ""},
	{"43831", "", "2020-01-01", ""},
	{"43831.5", "", "2020-01-01", ""},
	{"73415", "", "2100-12-31", ""},
	{"04-Aug-00", "02-Jan-06", "2000-08-04", ""},
	{"01-Jan-50", "02-Jan-06", "1950-01-01", ""},
	{"1900-01-01", "", "1900-01-01", ""},
	{"2100-12-31", "", "2100-12-31", ""},
	// Issue 10 case 11: placeholders and impossible times are refused, not stored.
	{"9999-12-31", "", "", RuleDateRange},
	{"0001-01-01", "", "", RuleDateRange},
	{"1899-12-31", "", "", RuleDateRange},
	{"2101-01-01", "", "", RuleDateRange},
	{"31-Dec-99", "02-Jan-2006", "", RuleDate},
	{"2020-02-29T25:00", "", "", RuleDate},
	{"2020-02-29T23:60", "", "", RuleDate},
	{"2020-01-01abc", "", "", RuleDate},
	{"2020-01-01 garbage", "", "", RuleDate},
	{"2020-01-01T", "", "", RuleDate},
	{"2020-02-30", "", "", RuleDate},
	{"73416", "", "", RuleDate},
	{"9999", "", "", RuleDate},
	{"2014", "", "", RuleDate},
	{"-43831", "", "", RuleDate},
	{"4.3831e4", "", "", RuleDate},
	{"NaN", "", "", RuleDate},
	{"", "", "", RuleDate},
	{"01-01-0001", "02-01-2006", "", RuleDateRange},
}

func TestParseDate(t *testing.T) {
	for _, c := range dateParseCases {
		got, fe := ParseDate("start_date", c.in, c.layout)
		rule := ""
		if fe != nil {
			rule = fe.Rule
			if fe.Field != "start_date" || fe.Value != strings.TrimSpace(c.in) {
				t.Errorf("ParseDate(%q): error names %q %q", c.in, fe.Field, fe.Value)
			}
			for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
				if msg := fe.Render(lang); c.in != "" && !strings.Contains(msg, strings.TrimSpace(c.in)) {
					t.Errorf("%s: %q does not name the value", lang, msg)
				}
			}
		}
		if got != c.want || rule != c.rule {
			t.Errorf("ParseDate(%q, %q) = %q, %q; want %q, %q", c.in, c.layout, got, rule, c.want, c.rule)
		}
	}
}

func TestDateValidKeepsTheYearRange(t *testing.T) {
	for d, want := range map[Date]bool{"2020-02-29": true, "2021-02-29": false, "9999-12-31": false,
		"0001-01-01": false, "1900-01-01": true, "2100-12-31": true, "2020-1-1": false, "": false} {
		if d.Valid() != want {
			t.Errorf("%q.Valid() = %v", d, !want)
		}
	}
	if fe := Date("9999-12-31").Check("date"); fe == nil || fe.Rule != RuleDateRange {
		t.Errorf("9999-12-31: %v", fe)
	}
}

func TestValidYear(t *testing.T) {
	for y, want := range map[int]bool{-5: false, 0: false, 1899: false, 1900: true, 2100: true, 2101: false, 2200: false} {
		if ValidYear(y) != want {
			t.Errorf("ValidYear(%d) = %v", y, !want)
		}
	}
	p := Project{Code: "P", Name: "n", Unit: "u", Year: 2200}
	if fe := FieldErrors(p.Validate()); len(fe) != 1 || fe[0].Rule != "year" {
		t.Errorf("year 2200: %v", fe)
	}
}

func FuzzParseDate(f *testing.F) {
	for _, c := range dateParseCases {
		f.Add(c.in, c.layout)
	}
	f.Fuzz(func(t *testing.T, s, layout string) {
		d, fe := ParseDate("date", s, layout)
		if (fe == nil) == (d == "") {
			t.Fatalf("ParseDate(%q, %q) = %q, %v", s, layout, d, fe)
		}
		if fe != nil {
			if fe.Rule != RuleDate && fe.Rule != RuleDateRange {
				t.Fatalf("rule %q", fe.Rule)
			}
			return
		}
		// Whatever was read is a valid date in range, and reads back as itself.
		if !d.Valid() {
			t.Fatalf("ParseDate(%q, %q) = %q, not a valid date", s, layout, d)
		}
		if back, fe := ParseDate("date", string(d), ""); fe != nil || back != d {
			t.Fatalf("%q does not read back: %q, %v", d, back, fe)
		}
	})
}
