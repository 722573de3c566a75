package dashboard

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"cityledger/cmd/ledgerctl/cli"
	"cityledger/domain"
	"cityledger/domain/i18n"
	"cityledger/domain/storage"
	"cityledger/gui"
	"cityledger/gui/guitest"
	"cityledger/gui/widgets"
)

// loadDemo is an openStore holding the demo district.
func loadDemo(t testing.TB) (*storage.DB, string) { return guitest.DemoStoreAt(t) }

// newTestApp builds the window with the dashboard on store with the test driver and waits for the first screen.
func newTestApp(t testing.TB, store domain.Store, lang i18n.Lang) *gui.App {
	t.Helper()
	return newTestAppWith(t, store, lang, gui.Options{})
}

// newTestAppWith is newTestApp with what cmd/cityledger wires in.
func newTestAppWith(t testing.TB, store domain.Store, lang i18n.Lang, opts gui.Options) *gui.App {
	t.Helper()
	if opts.Routes == nil {
		opts.Routes = guitest.Routes(Route())
	}
	return guitest.NewApp(t, store, lang, opts)
}

// act runs test steps that touch widgets the way the app runs them: one at a time with
// the results of background loads (the test driver applies those on their own goroutines).
func act(ui *gui.App, fn func()) { ui.Drive(fn) }

// ledgerctlStats is what `ledgerctl stats --json` prints for the database at path.
func ledgerctlStats(t testing.TB, path string, year int) *domain.Stats {
	t.Helper()
	var out, errOut bytes.Buffer
	if code := cli.Main([]string{"--db", path, "stats", "--year", strconv.Itoa(year), "--json"}, nil, &out, &errOut); code != 0 {
		t.Fatalf("ledgerctl stats: exit %d: %s", code, errOut.String())
	}
	var st domain.Stats
	if err := json.Unmarshal(out.Bytes(), &st); err != nil {
		t.Fatalf("ledgerctl stats --json: %v\n%s", err, out.String())
	}
	return &st
}

func TestDashboardFiguresEqualLedgerctlStats(t *testing.T) {
	store, path := loadDemo(t)
	ui := newTestApp(t, store, i18n.ZH)
	d := ui.Screen("dashboard").(*dashboard)
	if d.stats == nil {
		t.Fatal("the dashboard loaded no figures")
	}
	if d.stats.Year != 2020 {
		t.Fatalf("the dashboard opened on %d, want the demo's 2020", d.stats.Year)
	}
	want := ledgerctlStats(t, path, 2020)
	computed, err := domain.ComputeStats(context.Background(), store, 2020)
	if err != nil {
		t.Fatal(err)
	}
	// Through JSON, as ledgerctl prints them, so float sums compare as printed.
	asJSON := func(st *domain.Stats) string { b, _ := json.Marshal(st); return string(b) }
	if asJSON(d.stats) != asJSON(want) || asJSON(computed) != asJSON(want) {
		t.Fatalf("dashboard figures differ from ledgerctl stats --json:\n gui:       %s\n ledgerctl: %s", asJSON(d.stats), asJSON(want))
	}
	// What is on screen says the same.
	for _, cs := range want.Classes {
		card := d.cards[cs.Class]
		counts := widgets.StatusCounts{InUse: cs.Count - cs.Idle, Idle: cs.Idle, Retired: cs.Disposed}
		if card.count.Text != widgets.StatusCount(ui.Env(), cs.Class, counts) || !strings.Contains(card.count.Text, widgets.GroupDigits(strconv.FormatInt(cs.Count-cs.Idle, 10))) {
			t.Errorf("%s card count %q, stats %d", cs.Class, card.count.Text, cs.Count)
		}
		if !strings.Contains(card.value.Text, widgets.Money(cs.OriginalValue)) {
			t.Errorf("%s card value %q, stats %v", cs.Class, card.value.Text, cs.OriginalValue)
		}
	}
	if !strings.Contains(d.total.Text, widgets.Money(want.Records.Cost)) || !strings.Contains(d.total.Text, strconv.FormatInt(want.Records.Count, 10)) {
		t.Errorf("records line %q, stats %d records %v", d.total.Text, want.Records.Count, want.Records.Cost)
	}
	items := d.projects.Items()
	if len(items) != len(want.Records.ByProject) {
		t.Fatalf("%d project bars, stats %d projects", len(items), len(want.Records.ByProject))
	}
	for i, p := range want.Records.ByProject {
		if items[i].Value != float64(p.Executed) || items[i].Target != float64(p.Budget) {
			t.Errorf("bar %d (%s) %v/%v, stats %v/%v", i, p.Code, items[i].Value, items[i].Target, p.Executed, p.Budget)
		}
	}
	// The five disclosed projects of the seed spend what the seed says (万元).
	seed := map[string]string{"春节亮化氛围营造项目": "26.45", "西区绿化管护项目": "39.51"}
	for _, p := range want.Records.ByProject {
		if w, ok := seed[p.Name]; ok && p.Executed.Wan() != w {
			t.Errorf("%s executed %s万元, seed %s", p.Name, p.Executed.Wan(), w)
		}
	}
	if len(d.top.Objects) == 0 || len(d.recent.Objects) == 0 {
		t.Errorf("costliest %d lines, recent %d lines", len(d.top.Objects), len(d.recent.Objects))
	}
}

func benchApp(b *testing.B, store domain.Store) *gui.App {
	b.Helper()
	ui := gui.New(test.NewTempApp(b), store, i18n.ZH, gui.Options{})
	if !ui.Env().WaitIdle(time.Minute) {
		b.Fatal("not idle")
	}
	return ui
}

func BenchmarkDashboard(b *testing.B) {
	store := guitest.BenchStore(b)
	ui := benchApp(b, store)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		act(ui, func() {
			d := newDashboard(ui.Env())
			d.Refresh()
		})
		ui.Env().WaitIdle(5 * time.Minute)
	}
}
