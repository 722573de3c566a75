package settings

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"cityledger/domain"
	"cityledger/domain/i18n"
	"cityledger/domain/storage"
	"cityledger/gui"
	"cityledger/gui/guitest"
	"cityledger/gui/registers"
)

// openStore is a fresh SQLite database in the test's temp dir, and its path.
func openStore(t testing.TB) (*storage.DB, string) { return guitest.TempStoreAt(t) }

// loadDemo is an openStore holding the demo district.
func loadDemo(t testing.TB) (*storage.DB, string) { return guitest.DemoStoreAt(t) }

func seedUnits(t testing.TB, s domain.Store) { guitest.SeedUnits(t, s) }

func saveLamps(t testing.TB, s domain.Store, n int) []int64 { return guitest.SaveLamps(t, s, n) }

// routes are the registers and the settings.
func routes(cat *domain.Catalogue) []gui.Route { return append(registers.Routes(cat), Route()) }

// newTestApp builds the window with the registers and the settings on store with the test driver and waits for the first screen.
func newTestApp(t testing.TB, store domain.Store, lang i18n.Lang) *gui.App {
	t.Helper()
	return newTestAppWith(t, store, lang, gui.Options{})
}

// newTestAppWith is newTestApp with what cmd/cityledger wires in.
func newTestAppWith(t testing.TB, store domain.Store, lang i18n.Lang, opts gui.Options) *gui.App {
	t.Helper()
	if opts.Routes == nil {
		opts.Routes = routes
	}
	return guitest.NewApp(t, store, lang, opts)
}

// act runs test steps that touch widgets the way the app runs them: one at a time with
// the results of background loads (the test driver applies those on their own goroutines).
func act(ui *gui.App, fn func()) { ui.Drive(fn) }

func waitIdle(t testing.TB, ui *gui.App) { t.Helper(); guitest.WaitIdle(t, ui) }

func showRegister(t testing.TB, ui *gui.App, c domain.Class) interface{ Rows() int } {
	t.Helper()
	act(ui, func() { ui.Show(gui.ClassRouteID(c)) })
	waitIdle(t, ui)
	return ui.Screen(gui.ClassRouteID(c)).(interface{ Rows() int })
}

func TestSettingsSavesLanguageForTheNextStart(t *testing.T) {
	store, _ := openStore(t)
	ui := newTestApp(t, store, i18n.ZH)
	act(ui, func() { ui.Show("settings") })
	waitIdle(t, ui)
	s := ui.Screen("settings").(*settings)
	act(ui, func() { s.language.SetSelected("English") })
	if got := ui.Env().App.Preferences().String(gui.PrefLanguage); got != "en" {
		t.Fatalf("saved language %q", got)
	}
	if !strings.Contains(s.langNote.Text, "重新启动") {
		t.Errorf("the note does not say a restart is needed: %q", s.langNote.Text)
	}
	if l, _ := gui.ChooseLanguage("", ui.Env().App.Preferences()); l != i18n.EN {
		t.Errorf("next start would use %q", l)
	}
	act(ui, func() { s.theme.SetSelected(s.theme.Options[2]) })
	waitIdle(t, ui)
	if got := ui.Env().App.Preferences().String(gui.PrefTheme); got != "dark" {
		t.Errorf("saved theme %q", got)
	}
}

func TestBackupWritesACopy(t *testing.T) {
	store, _ := loadDemo(t)
	ui := newTestApp(t, store, i18n.ZH)
	act(ui, func() { ui.Show("settings") })
	waitIdle(t, ui)
	s := ui.Screen("settings").(*settings)
	path := filepath.Join(t.TempDir(), "copy.db")
	act(ui, func() { s.backupTo(path) })
	waitIdle(t, ui)
	copyStore, err := storage.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer copyStore.Close()
	n, err := copyStore.CountAssets(context.Background(), domain.AssetFilter{Class: domain.Lamps})
	if err != nil || n.Count != 950 {
		t.Fatalf("the backup holds %d lamps (%v)", n.Count, err)
	}
	if !strings.Contains(ui.Env().LastMessage(), path) {
		t.Errorf("message %q does not name the file", ui.Env().LastMessage())
	}
}

func TestOpeningAnotherDatabaseSwitchesEveryScreen(t *testing.T) {
	first, _ := openStore(t)
	seedUnits(t, first)
	_, otherPath := loadDemo(t)
	a := test.NewTempApp(t)
	var opened []domain.Store
	ui := gui.New(a, first, i18n.ZH, gui.Options{Routes: routes, Open: func(ctx context.Context, dsn string) (domain.Store, error) {
		s, err := storage.Open(ctx, dsn)
		if err == nil {
			opened = append(opened, s)
		}
		return s, err
	}})
	t.Cleanup(func() {
		ui.Env().WaitIdle(guitest.IdleTimeout)
		for _, s := range opened {
			s.Close()
		}
	})
	waitIdle(t, ui)
	reg := showRegister(t, ui, domain.Lamps)
	if reg.Rows() != 0 {
		t.Fatalf("first database shows %d lamps", reg.Rows())
	}
	act(ui, func() { ui.Show("settings") })
	waitIdle(t, ui)
	s := ui.Screen("settings").(*settings)
	act(ui, func() { s.openDSN(otherPath) })
	waitIdle(t, ui)
	reg = showRegister(t, ui, domain.Lamps)
	if reg.Rows() != 950 {
		t.Fatalf("after opening the demo database the register shows %d lamps", reg.Rows())
	}
	if got := a.Preferences().String(gui.PrefDatabase); got != otherPath {
		t.Errorf("remembered database %q", got)
	}
}
