// Package guitest holds what the tests of the screens outside package gui share: a
// temporary database, empty or holding the demo district; the window on Fyne's test
// driver; steps that touch widgets the way the app runs them (Act, WaitIdle); and the
// check that every catalogue key a package names is there in both languages.
package guitest

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"cityledger/domain"
	"cityledger/domain/demo"
	"cityledger/domain/i18n"
	"cityledger/domain/storage"
	"cityledger/gui"
	"cityledger/gui/widgets"
)

// IdleTimeout is how long WaitIdle waits for the background loads of a step.
const IdleTimeout = 30 * time.Second

// TempStore is a fresh SQLite database in the test's temp dir, closed when it ends.
func TempStore(t testing.TB) *storage.DB {
	t.Helper()
	s, _ := TempStoreAt(t)
	return s
}

// TempStoreAt is TempStore with the path of its file.
func TempStoreAt(t testing.TB) (*storage.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "t.db")
	s, err := storage.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

// DemoStore is a TempStore holding the demo district.
func DemoStore(t testing.TB) *storage.DB {
	t.Helper()
	s, _ := DemoStoreAt(t)
	return s
}

// DemoStoreAt is DemoStore with the path of its file.
func DemoStoreAt(t testing.TB) (*storage.DB, string) {
	t.Helper()
	s, path := TempStoreAt(t)
	if _, err := demo.Load(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	return s, path
}

// SeedUnits saves two units: 局机关 and under it 环卫中心 (independent accounting).
func SeedUnits(t testing.TB, s domain.Store) {
	t.Helper()
	for _, u := range []domain.Unit{
		{Name: "攀枝花市西区综合行政执法局", ShortName: "局机关"},
		{Name: "攀枝花市西区市容环境卫生服务中心", ShortName: "环卫中心", Parent: "局机关", IndependentAccounting: true},
	} {
		u := u
		if err := s.SaveUnit(context.Background(), &u); err != nil {
			t.Fatal(err)
		}
	}
}

// SaveLamps saves lamps LD-1 … LD-n of 局机关 (SeedUnits) and returns their IDs.
func SaveLamps(t testing.TB, s domain.Store, n int) []int64 {
	t.Helper()
	var ids []int64
	for i := 1; i <= n; i++ {
		a := &domain.Asset{Class: domain.Lamps, Code: "LD-" + strconv.Itoa(i), Unit: "局机关", Kind: "通电路灯", Status: domain.StatusInUse}
		if err := s.SaveAsset(context.Background(), a); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	return ids
}

// BenchEnv names the database benchmarks run on, made by
// `ledgerctl gen --lamps 100000 --pipes 20000 --records 1000000`.
const BenchEnv = "CITYLEDGER_BENCH_DB"

// BenchStore opens the database BenchEnv names, closed when the benchmark ends; without
// one the benchmark is skipped.
func BenchStore(b testing.TB) *storage.DB {
	b.Helper()
	path := os.Getenv(BenchEnv)
	if path == "" {
		b.Skipf("%s is not set: make a database with `ledgerctl gen --lamps 100000 --pipes 20000 --records 1000000` and point it there", BenchEnv)
	}
	s, err := storage.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// NewApp builds the window on store with the test driver, as large as the app opens
// it, and waits until its first screen has loaded. When the test ends it waits for
// loads still running, before the store closes.
func NewApp(t testing.TB, store domain.Store, lang i18n.Lang, opts gui.Options) *gui.App {
	t.Helper()
	ui := gui.New(test.NewTempApp(t), store, lang, opts)
	Act(t, ui, func() { ui.Window().Resize(fyne.NewSize(1360, 860)) })
	// Let late loads (debounced searches) finish before the store closes and the next
	// test replaces the app.
	t.Cleanup(func() {
		time.Sleep(widgets.SearchDelay + 50*time.Millisecond)
		ui.Env().WaitIdle(IdleTimeout)
	})
	return ui
}

// WaitDebounce lets a debounced search fire, then waits for its query.
func WaitDebounce(t testing.TB, ui *gui.App) {
	t.Helper()
	time.Sleep(widgets.SearchDelay + 100*time.Millisecond)
	WaitIdle(t, ui)
}

// WaitIdle waits until every background load has been applied.
func WaitIdle(t testing.TB, ui *gui.App) {
	t.Helper()
	if !ui.Env().WaitIdle(IdleTimeout) {
		t.Fatal("the app did not go idle")
	}
}

// Act runs a step that touches widgets the way the app runs it, on the UI side one at
// a time with the results of background loads (gui.Env.Do), then waits until
// everything it started has finished.
func Act(t testing.TB, ui *gui.App, fn func()) {
	t.Helper()
	ui.Env().Do(fn)
	WaitIdle(t, ui)
}

// CheckCatalogue finds the catalogue keys the package under test names in T("…")
// calls, adds the keys it builds at run time (dynamic), and checks that both languages
// have every one: a missing key would show as the key itself. Finding fewer than min
// keys means the pattern no longer matches the code.
func CheckCatalogue(t *testing.T, min int, dynamic ...string) {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	literal := regexp.MustCompile(`T\("([a-z][a-z0-9_.-]*[a-z0-9_])"`)
	keys := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range literal.FindAllStringSubmatch(string(b), -1) {
			keys[m[1]] = true
		}
	}
	for _, k := range dynamic {
		keys[k] = true
	}
	if len(keys) < min {
		t.Fatalf("found only %d keys: the pattern no longer matches the code", len(keys))
	}
	for k := range keys {
		for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
			if !i18n.Has(lang, k) {
				t.Errorf("%s: missing in %s", k, lang)
			}
		}
	}
}

// Routes is an Options.Routes that lists the same screens for every catalogue.
func Routes(routes ...gui.Route) func(*domain.Catalogue) []gui.Route {
	return func(*domain.Catalogue) []gui.Route { return routes }
}
