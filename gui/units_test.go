package gui

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"testing"

	"fyne.io/fyne/v2/test"

	"cityledger/domain"
	"cityledger/domain/i18n"
)

func TestNumberFormatting(t *testing.T) {
	cases := []struct {
		got, want string
	}{
		{groupDigits("0"), "0"},
		{groupDigits("999"), "999"},
		{groupDigits("1000"), "1,000"},
		{groupDigits("-1234567.89"), "-1,234,567.89"},
		{money(0), "0.00"},
		{money(123456789), "1,234,567.89"},
		{money(-5), "-0.05"},
		{number(61924.549, 1), "61,924.5"},
		{number(12.0, 2), "12"},
		{number(-0.001, 1), "0"},
		{numberOrEmpty(0, 1), ""},
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
	}
	for _, c := range cases {
		got, ok := parseNumber(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("parseNumber(%q) = %v, %v", c.in, got, ok)
		}
	}
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"", "12.5", "1,200", "abc", "-3", "1e9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := parseNumber(s)
		if !ok && v != 0 {
			t.Errorf("parseNumber(%q) failed but gave %v", s, v)
		}
	})
}

func TestWorkingYear(t *testing.T) {
	cases := []struct {
		years []int
		now   int
		want  int
	}{
		{nil, 2026, 2026},
		{[]int{2019, 2020}, 2026, 2020},
		{[]int{2020, 2027}, 2026, 2020},
		{[]int{2030}, 2026, 2030},
	}
	for _, c := range cases {
		if got := workingYear(append([]int(nil), c.years...), c.now); got != c.want {
			t.Errorf("workingYear(%v, %d) = %d, want %d", c.years, c.now, got, c.want)
		}
	}
	if got := yearOptions([]int{2019, 2020}, 2026); !reflect.DeepEqual(got, []string{"2026", "2020", "2019"}) {
		t.Errorf("yearOptions %v", got)
	}
}

func TestMonthlyCostFollowsTheFilter(t *testing.T) {
	groups := []domain.RecordGroup{
		{Month: 1, AssetClass: domain.Lamps, WorkType: "维修", ProjectID: 3, Cost: 100},
		{Month: 1, AssetClass: domain.Lamps, WorkType: "电费", ProjectID: 3, Cost: 50},
		{Month: 2, AssetClass: domain.Vehicles, WorkType: "燃料费", Cost: 70},
		{Month: 12, AssetClass: "", WorkType: "其他", ProjectID: 4, Cost: 9},
	}
	cases := []struct {
		f    domain.RecordFilter
		want map[int]domain.Fen
	}{
		{domain.RecordFilter{}, map[int]domain.Fen{0: 150, 1: 70, 11: 9}},
		{domain.RecordFilter{AssetClass: domain.Lamps, WorkType: "维修"}, map[int]domain.Fen{0: 100}},
		{domain.RecordFilter{NoProject: true}, map[int]domain.Fen{1: 70}},
		{domain.RecordFilter{ProjectID: 4}, map[int]domain.Fen{11: 9}},
	}
	for _, c := range cases {
		got := monthlyCost(c.f, groups)
		for m := 0; m < 12; m++ {
			if got[m] != c.want[m] {
				t.Errorf("%+v month %d: %v, want %v", c.f, m+1, got[m], c.want[m])
			}
		}
	}
}

func TestChooseLanguage(t *testing.T) {
	a := test.NewTempApp(t)
	prefs := a.Preferences()
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "C")
	cases := []struct {
		flag, saved string
		want        i18n.Lang
		ok          bool
	}{
		{"en", "zh", i18n.EN, true},
		{"zh-CN", "", i18n.ZH, true},
		{"fr", "", "", false},
		{"", "en", i18n.EN, true},
		{"", "", i18n.ZH, true}, // LANG=C gives zh
	}
	for _, c := range cases {
		prefs.SetString(PrefLanguage, c.saved)
		got, ok := ChooseLanguage(c.flag, prefs)
		if got != c.want || ok != c.ok {
			t.Errorf("ChooseLanguage(%q) with saved %q = %q, %v", c.flag, c.saved, got, ok)
		}
	}
	t.Setenv("LANG", "en_GB.UTF-8")
	prefs.SetString(PrefLanguage, "")
	if got, _ := ChooseLanguage("", prefs); got != i18n.EN {
		t.Errorf("en_GB gave %q", got)
	}
}

func TestCheckBulkValue(t *testing.T) {
	cases := []struct {
		key, value, rule string
	}{
		{"status", "", "required"},
		{"status", "在用", ""},
		{"start_date", "2020-02-30", "date"},
		{"start_date", "", ""},
		{"original_value", "12.345", "decimals"},
		{"original_value", "abc", "money"},
		{"original_value", "-1", "negative"},
		{"note", "", ""},
	}
	for _, c := range cases {
		fe := domain.FieldErrors(checkBulkValue(c.key, c.value))
		got := ""
		if len(fe) > 0 {
			got = fe[0].Rule
		}
		if got != c.rule {
			t.Errorf("%s=%q: rule %q, want %q", c.key, c.value, got, c.rule)
		}
	}
}

func TestRouterReplacesPlaceholdersInPlace(t *testing.T) {
	r := NewRouter(DefaultRoutes()...)
	before := r.Routes()
	report := r.Index("report")
	r.Set(Route{ID: "report", Title: "gui.nav.report", New: func(*Env) Screen { return nil }})
	after := r.Routes()
	if len(after) != len(before) || r.Index("report") != report || after[report].New(nil) != nil {
		t.Fatalf("report route not replaced in place")
	}
	r.Set(Route{ID: "import", Title: "gui.import"})
	if r.Index("import") != len(before) {
		t.Errorf("a new route is appended")
	}
	var ids []string
	for _, rt := range before {
		ids = append(ids, rt.ID)
	}
	want := []string{"dashboard", "vehicles", "lamps", "green-areas", "sewer-pipes", "sewer-facilities", "roads",
		"maintenance", "projects", "map", "report", "settings"}
	if !reflect.DeepEqual(ids, want) {
		t.Errorf("routes %v, want %v", ids, want)
	}
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
	p := newPager[int](10, 3, syncLoad, nil)
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
	p := newPager[string](10, 5, deferred, nil)
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

// TestCatalogueHasEveryKeyInBothLanguages checks the gui part of the catalogue: the same
// keys in zh and en, and every gui.* key the code names is there.
func TestCatalogueHasEveryKeyInBothLanguages(t *testing.T) {
	read := func(name string) map[string]string {
		b, err := os.ReadFile(filepath.Join("..", "assets", "i18n", "gui", name))
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	zh, en := read("zh-Hans.json"), read("en.json")
	for k := range zh {
		if _, ok := en[k]; !ok {
			t.Errorf("%s missing in en.json", k)
		}
	}
	for k := range en {
		if _, ok := zh[k]; !ok {
			t.Errorf("%s missing in zh-Hans.json", k)
		}
	}
	files, _ := filepath.Glob("*.go")
	used := map[string]bool{}
	re := regexp.MustCompile(`"(gui\.[A-Za-z0-9_.-]*[A-Za-z0-9_-])"`)
	for _, f := range files {
		b, _ := os.ReadFile(f)
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = true
		}
	}
	for _, c := range domain.Classes {
		used["gui.measure_word."+string(c)] = true
	}
	// A key may live in any part of the catalogue (each area adds its own).
	var missing []string
	for k := range used {
		if !i18n.Has(i18n.ZH, k) || !i18n.Has(i18n.EN, k) {
			missing = append(missing, k)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("keys used but not in the catalogue: %v", missing)
	}
	if d := i18n.Duplicates(); len(d) > 0 {
		t.Errorf("keys defined twice: %v", d)
	}
}
