package domain

import (
	"testing"
)

func TestParseYuan(t *testing.T) {
	cases := []struct {
		in   string
		want Fen
		err  bool
	}{
		{"1234.5", 123450, false},
		{"¥1,234.50", 123450, false},
		{"$14190.13", 1419013, false},
		{"295,200.00元", 29520000, false},
		{"0", 0, false},
		{".5", 50, false},
		{"-3.10", -310, false},
		{"12.500", 1250, false},
		{"12.345", 0, true},
		{"abc", 0, true},
		{"", 0, true},
		{"1.2.3", 0, true},
	}
	for _, c := range cases {
		got, err := ParseYuan(c.in)
		if (err != nil) != c.err || got != c.want {
			t.Errorf("ParseYuan(%q) = %v, %v; want %v, err %v", c.in, got, err, c.want, c.err)
		}
	}
}

func FuzzParseYuan(f *testing.F) {
	for _, s := range []string{"1234.5", "¥1,234.50", "$14190.13", "-0.01", "9999999999999.99", "1e5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseYuan(s)
		if err != nil {
			return
		}
		// A parsed amount prints back to a string that parses to the same amount.
		back, err := ParseYuan(v.Yuan())
		if err != nil || back != v {
			t.Fatalf("%q → %v → %q → %v, %v", s, v, v.Yuan(), back, err)
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
