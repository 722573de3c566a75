package exchange

import (
	"strings"
	"testing"

	"cityledger/domain"
)

var boolCases = []struct {
	in     string
	want   bool
	wantOK bool
}{
	{"是", true, true}, {"否", false, true}, {"true", true, true}, {"FALSE", false, true},
	{"Yes", true, true}, {"no", false, true}, {"1", true, true}, {"0", false, true},
	{" y ", true, true}, {"", false, false}, {"maybe", false, false}, {"2", false, false},
}

func TestParseBool(t *testing.T) {
	for _, c := range boolCases {
		got, ok := ParseBool(c.in)
		if got != c.want || ok != c.wantOK {
			t.Errorf("ParseBool(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.wantOK)
		}
	}
}

func FuzzParseBool(f *testing.F) {
	for _, c := range boolCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := ParseBool(s)
		if !ok && v {
			t.Errorf("ParseBool(%q) = true without ok", s)
		}
	})
}

var dateCases = []struct {
	in, layout string
	want       domain.Date
}{
	{"2020-03-15", "", "2020-03-15"},
	{"2020/3/5", "", "2020-03-05"},
	{"2020年3月5日", "", "2020-03-05"},
	{"2023-02-16T00:00:00Z", "", "2023-02-16"},
	{"2020-01-05 08:30", "", "2020-01-05"},
	{"43831", "", "2020-01-01"}, // an Excel date cell read raw
	{"43831.5", "", "2020-01-01"},
	{"04-Aug-00", "02-Jan-06", "2000-08-04"},
	{"30-Jul-10", "02-Jan-06", "2010-07-30"},
	{"01-Jan-49", "02-Jan-06", "2049-01-01"},
	{"01-Jan-50", "02-Jan-06", "1950-01-01"},
	{"15-Mar-68", "02-Jan-06", "1968-03-15"},
	{"15-Mar-69", "02-Jan-06", "1969-03-15"},
	{"5/21/2013 0:00", "1/2/2006 15:04", "2013-05-21"},
	{"2020-03-15", "02-Jan-06", "2020-03-15"}, // ISO still accepted
	{"2020-02-30", "", ""},
	{"2014", "", ""}, // a year alone is not a date (nor Excel serial 2014)
	{"", "", ""},
	{"yesterday", "", ""},
}

func TestParseDate(t *testing.T) {
	for _, c := range dateCases {
		got, ok := ParseDate(c.in, c.layout)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("ParseDate(%q, %q) = %q, %v; want %q", c.in, c.layout, got, ok, c.want)
		}
	}
}

var numberCases = []struct {
	in   string
	want float64
	ok   bool
}{
	{"12", 12, true}, {" 1,234.5 ", 1234.5, true}, {"-3.25", -3.25, true}, {"1e3", 1000, true},
	{"－2", -2, true}, {"", 0, false}, {"abc", 0, false}, {"NaN", 0, false}, {"Inf", 0, false},
	{"1.2.3", 0, false}, {"12m", 0, false}, {"１２．５", 12.5, true}, {"-1,234,567", -1234567, true},
	// A comma is a thousands separator in groups of three, nothing else: "8,5" m is not 85 m.
	{"8,5", 0, false}, {"0,5", 0, false}, {"12,34", 0, false}, {"1.234,5", 0, false}, {"1 234", 0, false},
}

func TestParseNumber(t *testing.T) {
	for _, c := range numberCases {
		got, ok := ParseNumber(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
	for in, want := range map[string]int{"300": 300, "300.0": 300, "-1": -1} {
		if got, ok := ParseInt(in); !ok || got != want {
			t.Errorf("ParseInt(%q) = %v, %v", in, got, ok)
		}
	}
	for _, in := range []string{"3.5", "x", "1e30"} {
		if _, ok := ParseInt(in); ok {
			t.Errorf("ParseInt(%q) accepted", in)
		}
	}
}

func FuzzParseNumber(f *testing.F) {
	for _, c := range numberCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := ParseNumber(s)
		if !ok && v != 0 {
			t.Fatalf("ParseNumber(%q) = %v without ok", s, v)
		}
		if ok && v != v {
			t.Fatalf("ParseNumber(%q) = NaN", s)
		}
		if ok && strings.Contains(s, ",") && !strings.Contains(s, ",000") && v != 0 {
			// Whatever was read with a comma had groups of three after it.
			if _, grouped := domain.ASCIINumber(s); !grouped {
				t.Fatalf("ParseNumber(%q) = %v with a stray comma", s, v)
			}
		}
		ParseInt(s)
	})
}

var moneyCases = []struct {
	in   string
	want domain.Fen
	rule string
}{
	{"$14190.13", 1419013, ""}, {"¥1,234.50", 123450, ""}, {"1234", 123400, ""}, {"0.5", 50, ""},
	{"$0.00", 0, ""}, {"12.345", 0, "decimals"}, {"abc", 0, "money"}, {"", 0, "money"},
}

func TestParseMoney(t *testing.T) {
	for _, c := range moneyCases {
		got, rule := ParseMoney(c.in)
		if got != c.want || rule != c.rule {
			t.Errorf("ParseMoney(%q) = %v, %q; want %v, %q", c.in, got, rule, c.want, c.rule)
		}
	}
}

func TestEnumValue(t *testing.T) {
	cases := []struct {
		in      string
		allowed []string
		want    string
		ok      bool
	}{
		{"泵站", []string{"泵站", "污水处理厂", "检查井", "其他"}, "泵站", true},
		{"Pump Station", []string{"泵站", "污水处理厂", "检查井", "其他"}, "泵站", true},
		{"in use", domain.Statuses, "在用", true},
		{"vehicles", domain.QuantityUnits, "辆", true}, // "vehicles" is also 车辆's rendering
		{"rocket", domain.BodyTypes, "rocket", false},
	}
	for _, c := range cases {
		got, ok := EnumValue(c.in, c.allowed)
		if got != c.want || ok != c.ok {
			t.Errorf("EnumValue(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
	for in, want := range map[string]domain.Class{"lamps": domain.Lamps, "路灯": domain.Lamps, "Street lamps": domain.Lamps, "Sewer-Pipes": domain.SewerPipes} {
		if got, ok := ParseAssetClass(testCatalogue, in); !ok || got != want {
			t.Errorf("ParseAssetClass(%q) = %q, %v", in, got, ok)
		}
	}
}
