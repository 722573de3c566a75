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
)

// IdleTimeout is how long WaitIdle waits for the background loads of a step.
const IdleTimeout = 30 * time.Second

// TempStore is a fresh SQLite database in the test's temp dir, closed when it ends.
func TempStore(t testing.TB) *storage.DB {
	t.Helper()
	s, err := storage.Open(context.Background(), filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// DemoStore is a TempStore holding the demo district.
func DemoStore(t testing.TB) *storage.DB {
	t.Helper()
	s := TempStore(t)
	if _, err := demo.Load(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	return s
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
	t.Cleanup(func() { ui.Env().WaitIdle(IdleTimeout) })
	return ui
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
