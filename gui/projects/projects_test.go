package projects

import (
	"context"
	"strings"
	"testing"

	"cityledger/domain"
	"cityledger/domain/i18n"
	"cityledger/domain/storage"
	"cityledger/gui"
	"cityledger/gui/guitest"
)

// loadDemo is an openStore holding the demo district.
func loadDemo(t testing.TB) (*storage.DB, string) { return guitest.DemoStoreAt(t) }

// newTestApp builds the window with the projects screen on store with the test driver and waits for the first screen.
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

func waitIdle(t testing.TB, ui *gui.App) { t.Helper(); guitest.WaitIdle(t, ui) }

func TestProjectsScreenShowsExecution(t *testing.T) {
	store, _ := loadDemo(t)
	ui := newTestApp(t, store, i18n.ZH)
	act(ui, func() { ui.Show("projects") })
	waitIdle(t, ui)
	p := ui.Screen("projects").(*projects)
	st, err := domain.ComputeStats(context.Background(), store, 2020)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.list) == 0 {
		t.Fatal("no projects")
	}
	for _, ps := range st.Records.ByProject {
		for _, pr := range p.list {
			if pr.Code == ps.Code && p.executed[pr.ID] != ps.Executed {
				t.Errorf("%s executed %v, stats %v", pr.Code, p.executed[pr.ID], ps.Executed)
			}
		}
	}
	if p.current == nil || p.indicators == nil {
		t.Fatal("no project shown")
	}
	// Indicators: a bad binding is refused with a message naming the row.
	if len(p.indicators.rows) == 0 {
		t.Fatalf("project %s shows no indicators", p.current.Code)
	}
	act(ui, func() {
		p.indicators.rows[0].binding.SetText("lamps.nonsense")
		p.indicators.onSave()
	})
	if msg := p.indicators.errText.Text(); !strings.Contains(msg, "第1行") {
		t.Errorf("bad binding message %q", msg)
	}
}

func TestProjectFormEditsThePerformanceFlags(t *testing.T) {
	store, _ := loadDemo(t)
	ui := newTestApp(t, store, i18n.ZH)
	var pf *ProjectField
	act(ui, func() { EditProjectField(ui.Env(), 2020, "2020-008", "result", func(f *ProjectField) { pf = f }) })
	waitIdle(t, ui)
	if pf == nil || pf.Form == nil || pf.Focused != pf.Form.entries["result"] {
		t.Fatalf("the form did not open at the result: %+v", pf)
	}
	f := pf.Form
	if f.monitored.Checked || f.selfEvaluated.Checked || f.preAssessed.Checked {
		t.Error("生活垃圾分类项目 shows flags it does not have")
	}
	act(ui, func() {
		f.monitored.SetChecked(true)
		f.preAssessed.SetChecked(true)
		f.onSave()
	})
	waitIdle(t, ui)
	ps, err := store.ListProjects(context.Background(), 2020)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.Code == "2020-008" && (!p.Monitored || !p.PreAssessed || p.SelfEvaluated) {
			t.Errorf("stored flags: %+v", p)
		}
	}
}
