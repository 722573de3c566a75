package gui

import (
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"cityledger/domain"
	"cityledger/domain/i18n"
	"cityledger/domain/storage"
)

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

// fakeScreen is a screen that counts its refreshes.
type fakeScreen struct {
	label     *widget.Label
	refreshes int
}

func (f *fakeScreen) Content() fyne.CanvasObject { return f.label }
func (f *fakeScreen) Refresh()                   { f.refreshes++ }

// fakeRoutes are a screen per class of the catalogue and two more, as screens.Routes
// lists them.
func fakeRoutes(cat *domain.Catalogue) []Route {
	route := func(id string) Route {
		return Route{ID: id, Title: "gui.nav." + id, New: func(*Env) Screen { return &fakeScreen{label: widget.NewLabel(id)} }}
	}
	out := []Route{route("dashboard")}
	for _, d := range cat.Classes() {
		rt := route(string(d.Key))
		rt.Label = d.Name
		out = append(out, rt)
	}
	return append(out, route("settings"))
}

func newTestApp(t *testing.T, store domain.Store) *App {
	t.Helper()
	ui := New(test.NewTempApp(t), store, i18n.ZH, Options{Routes: fakeRoutes})
	ui.Drive(func() { ui.Window().Resize(fyne.NewSize(1360, 860)) })
	if !ui.Env().WaitIdle(20 * time.Second) {
		t.Fatal("the app did not go idle")
	}
	return ui
}

func TestClickingTheNavigationShowsTheScreen(t *testing.T) {
	ui := newTestApp(t, tempStore(t))
	if ui.Current() != "dashboard" {
		t.Fatalf("opened on %s", ui.Current())
	}
	for _, id := range []string{"lamps", "settings", "dashboard", "lamps"} {
		ui.Drive(func() { ui.nav.Select(ui.Router().Index(id)) })
		ui.Env().WaitIdle(20 * time.Second)
		if ui.Current() != id {
			t.Fatalf("clicked %s, showing %s", id, ui.Current())
		}
		var shown fyne.CanvasObject
		ui.Drive(func() { shown = ui.content.Objects[0] })
		if shown != ui.Screen(id).Content() {
			t.Fatalf("clicked %s, its content is not on screen", id)
		}
	}
	if n := ui.Screen("lamps").(*fakeScreen).refreshes; n != 2 {
		t.Errorf("the lamps screen was refreshed %d times for two visits", n)
	}
}

// A class declared while the window is open gets its screen when the window reloads.
func TestReloadListsAClassDeclaredMeanwhile(t *testing.T) {
	store := tempStore(t)
	ui := newTestApp(t, store)
	if ui.Router().Index("kiosks") >= 0 {
		t.Fatal("kiosks before they were declared")
	}
	if _, err := store.AddClass(context.Background(), domain.ClassDef{Key: "kiosks",
		Name: domain.Label{ZH: "报刊亭", EN: "Kiosks"}, Geometry: domain.GeometryPoint}); err != nil {
		t.Fatal(err)
	}
	ui.Drive(ui.Reload)
	ui.Env().WaitIdle(20 * time.Second)
	if ui.Router().Index("kiosks") < 0 || ui.Env().ClassName("kiosks") != "报刊亭" {
		t.Fatalf("after the reload: route %d, name %q", ui.Router().Index("kiosks"), ui.Env().ClassName("kiosks"))
	}
	var names []string
	ui.Drive(func() {
		for _, rt := range ui.Router().Routes() {
			names = append(names, rt.Name(ui.Env()))
		}
	})
	if !slices.Contains(names, "报刊亭") {
		t.Errorf("navigation %v", names)
	}
}

func tempStore(t *testing.T) *storage.DB {
	t.Helper()
	s, err := storage.Open(context.Background(), filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestCatalogueHasEveryKeyInBothLanguages checks the gui part of the catalogue: the same
// keys in zh and en, and every gui.* key the code of the shell and its screens names is
// there.
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
	var files []string
	filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") {
			files = append(files, path)
		}
		return err
	})
	used := map[string]bool{}
	re := regexp.MustCompile(`"(gui\.[A-Za-z0-9_.-]*[A-Za-z0-9_-])"`)
	for _, f := range files {
		b, _ := os.ReadFile(f)
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = true
		}
	}
	for _, c := range []domain.Class{domain.Vehicles, domain.Lamps, domain.GreenAreas, domain.SewerPipes, domain.SewerFacilities, domain.Roads} {
		used["gui.measure_word."+string(c)] = true
	}
	// The screen packages may keep their keys in parts of their own.
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

// The window may open on a user class's register: the start route is kept until the
// database's catalogue has been read, and an unknown one falls back to the first.
func TestStartOnAUserClassRegister(t *testing.T) {
	store := tempStore(t)
	if _, err := store.AddClass(context.Background(), domain.ClassDef{Key: "kiosks",
		Name: domain.Label{ZH: "报刊亭", EN: "Kiosks"}, Geometry: domain.GeometryPoint}); err != nil {
		t.Fatal(err)
	}
	for start, want := range map[string]string{"kiosks": "kiosks", "bridges": "dashboard"} {
		ui := New(test.NewTempApp(t), store, i18n.ZH, Options{Routes: fakeRoutes, Start: start})
		if !ui.Env().WaitIdle(20 * time.Second) {
			t.Fatal("the app did not go idle")
		}
		if ui.Current() != want {
			t.Errorf("started on %s: showing %s, want %s", start, ui.Current(), want)
		}
	}
}
