package widgets

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"cityledger/domain"
	"cityledger/domain/i18n"
	"cityledger/gui"
)

func TestNumberFormatting(t *testing.T) {
	cases := []struct {
		got, want string
	}{
		{GroupDigits("0"), "0"},
		{GroupDigits("999"), "999"},
		{GroupDigits("1000"), "1,000"},
		{GroupDigits("-1234567.89"), "-1,234,567.89"},
		{Money(0), "0.00"},
		{Money(123456789), "1,234,567.89"},
		{Money(-5), "-0.05"},
		{Number(61924.549, 1), "61,924.5"},
		{Number(12.0, 2), "12"},
		{Number(-0.001, 1), "0"},
		{NumberOrEmpty(0, 1), ""},
	}
	for i, c := range cases {
		if c.got != c.want {
			t.Errorf("case %d: %q, want %q", i, c.got, c.want)
		}
	}
}

func TestParseNumber(t *testing.T) {
	cases := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"", 0, true}, {"12.5", 12.5, true}, {" 1,200 ", 1200, true}, {"abc", 0, false}, {"1.2.3", 0, false},
		{"1e700", 0, false}, {"-1e700", 0, false}, {"Inf", 0, false}, {"NaN", 0, false},
	}
	for _, c := range cases {
		got, ok := ParseNumber(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("ParseNumber(%q) = %v, %v", c.in, got, ok)
		}
	}
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"", "12.5", "1,200", "abc", "-3", "1e9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := ParseNumber(s)
		if !ok && v != 0 {
			t.Errorf("ParseNumber(%q) failed but gave %v", s, v)
		}
	})
}

// syncLoad runs a pager's loads at once, as if the background finished immediately.
func syncLoad(ctx context.Context, fn func(ctx context.Context) (func(), error)) {
	apply, err := fn(ctx)
	if err == nil && apply != nil {
		apply()
	}
}

func TestPagerLoadsPagesOnDemandAndKeepsFew(t *testing.T) {
	var fetched []int
	p := NewPager[int](10, 3, syncLoad, nil)
	if _, ok := p.Get(0); ok {
		t.Fatal("a pager without a query answered")
	}
	p.Reset(func(_ context.Context, offset, limit int) ([]int, error) {
		fetched = append(fetched, offset)
		out := make([]int, 0, limit)
		for i := offset; i < offset+limit && i < 95; i++ {
			out = append(out, i)
		}
		return out, nil
	})
	for _, i := range []int{0, 15, 94, 42, 3} {
		if v, ok := p.Get(i); ok {
			t.Fatalf("row %d answered %d before its page was loaded", i, v)
		}
		if v, ok := p.Get(i); !ok || v != i {
			t.Fatalf("row %d = %d, %v", i, v, ok)
		}
	}
	if v, ok := p.Get(5); !ok || v != 5 {
		t.Errorf("row 5 of a cached page = %d, %v", v, ok)
	}
	if want := []int{0, 10, 90, 40, 0}; !reflect.DeepEqual(fetched, want) {
		t.Errorf("fetched offsets %v, want %v (page 0 evicted after three others)", fetched, want)
	}
	if len(p.pages) > 3 {
		t.Errorf("%d pages cached, max 3", len(p.pages))
	}
	if _, ok := p.Get(95); ok {
		t.Error("a row past the end answered")
	}
}

func TestPagerDropsResultsOfAnOldQuery(t *testing.T) {
	var pending []func()
	deferred := func(ctx context.Context, fn func(ctx context.Context) (func(), error)) {
		apply, _ := fn(ctx)
		pending = append(pending, apply)
	}
	p := NewPager[string](10, 5, deferred, nil)
	p.Reset(func(context.Context, int, int) ([]string, error) { return []string{"old"}, nil })
	p.Get(0)
	p.Reset(func(context.Context, int, int) ([]string, error) { return []string{"new"}, nil })
	p.Get(0)
	for _, apply := range pending {
		apply()
	}
	if v, ok := p.Get(0); !ok || v != "new" {
		t.Errorf("row 0 = %q, %v; want the new query's", v, ok)
	}
}

func TestStatusCountAndPlurals(t *testing.T) {
	zh := &gui.Env{Lang: i18n.ZH}
	en := &gui.Env{Lang: i18n.EN}
	cases := []struct {
		env  *gui.Env
		c    StatusCounts
		want string
	}{
		{zh, StatusCounts{InUse: 950, Retired: 1}, "在用 950盏，已处置 1盏"},
		{en, StatusCounts{InUse: 950, Retired: 1}, "950 lamps in service, 1 lamp retired"},
		{en, StatusCounts{InUse: 1, Idle: 2}, "1 lamp in service, 2 lamps idle"},
		{en, StatusCounts{InUse: 1200}, "1,200 lamps in service"},
	}
	for _, c := range cases {
		if got := StatusCount(c.env, domain.Lamps, c.c); got != c.want {
			t.Errorf("%s %+v: %q, want %q", c.env.Lang, c.c, got, c.want)
		}
	}
	for in, want := range map[string]string{"street lamps": "street lamp", "sewer facilities": "sewer facility", "boxes": "box", "glass": "glass"} {
		if got := Singular(in); got != want {
			t.Errorf("Singular(%q) = %q, want %q", in, got, want)
		}
	}
	if got := i18n.T(i18n.EN, "gui.undo.done", map[string]any{"What": "x", "N": 1}); !strings.Contains(got, "(1 asset put back)") {
		t.Errorf("plural form: %q", got)
	}
}
