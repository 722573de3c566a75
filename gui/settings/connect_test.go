package settings

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"

	"cityledger/domain"
	"cityledger/domain/i18n"
	"cityledger/domain/storage"
	"cityledger/domain/storage/pgtest"
	"cityledger/gui"
)

// tapDialogButton taps the button with text in the window's top dialog.
func tapDialogButton(t *testing.T, ui *gui.App, text string) {
	t.Helper()
	top := ui.Window().Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no dialog to tap %q in", text)
	}
	for _, o := range test.LaidOutObjects(top) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			test.Tap(b)
			return
		}
	}
	t.Fatalf("the dialog has no button %q", text)
}

// Issue 16: a DSN typed with its password connects, but the password is kept nowhere
// CityLedger shows or stores (entry, preferences, title, status line); with consent it
// goes to the password file, mode 0600, from which the next connect takes it. A DSN
// without a password the file lacks asks for it; sslmode and the CA file are settings
// kept in the DSN.
func TestConnectKeepsNoPassword(t *testing.T) {
	srv := pgtest.Start(t)
	super, err := gorm.Open(postgres.Open(srv.Superuser("postgres")), &gorm.Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{"CREATE ROLE li LOGIN PASSWORD 'Se cret:1'", "CREATE DATABASE ledger OWNER li"} {
		if err := super.Exec(stmt).Error; err != nil {
			t.Fatal(err)
		}
	}
	if s, err := super.DB(); err == nil {
		s.Close()
	}
	pgpass := filepath.Join(t.TempDir(), "pgpass")
	t.Setenv("PGPASSFILE", pgpass)

	first, _ := openStore(t)
	var mu sync.Mutex
	var opened []domain.Store
	ui := newTestAppWith(t, first, i18n.EN, gui.Options{Open: func(ctx context.Context, dsn string) (domain.Store, error) {
		s, err := storage.Open(ctx, dsn)
		if err == nil {
			mu.Lock()
			opened = append(opened, s)
			mu.Unlock()
		}
		return s, err
	}})
	t.Cleanup(func() {
		ui.Env().WaitIdle(10e9)
		for _, s := range opened {
			s.Close()
		}
	})
	act(ui, func() { ui.Show(RouteID) })
	waitIdle(t, ui)
	s := ui.Screen(RouteID).(*settings)
	bare := strings.Replace(srv.DSN("li", "", "ledger"), ":@", "@", 1)
	withPassword := strings.Replace(bare, "li@", "li:Se%20cret%3A1@", 1)
	act(ui, func() {
		s.dsn.SetText(withPassword)
		s.sslMode.SetSelected("disable")
		s.onConnect()
	})
	waitIdle(t, ui)
	prefs := ui.Env().App.Preferences()
	for what, text := range map[string]string{"entry": s.dsn.Text, "preferences": prefs.String(gui.PrefDatabase),
		"title": ui.Window().Title(), "settings": s.database.Text} {
		if strings.Contains(text, "Se") || strings.Contains(text, "cret") {
			t.Errorf("%s shows the password: %q", what, text)
		}
	}
	if got := prefs.String(gui.PrefDatabase); !strings.Contains(got, "sslmode=disable") || storage.DSNPassword(got) != "" {
		t.Errorf("remembered %q", got)
	}
	if !strings.Contains(ui.Window().Title(), "PostgreSQL") {
		t.Fatalf("not connected: title %q, message %q", ui.Window().Title(), ui.Env().LastMessage())
	}
	// The offer to keep it in the password file, accepted.
	act(ui, func() { tapDialogButton(t, ui, ui.Env().T("access2.settings.save_yes")) })
	waitIdle(t, ui)
	st, err := os.Stat(pgpass)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("password file: %v %v", st, err)
	}
	// The DSN without a password connects through the file.
	opens := len(opened)
	act(ui, func() { s.dsn.SetText(bare); s.onConnect() })
	waitIdle(t, ui)
	if len(opened) != opens+1 {
		t.Fatalf("connecting through the password file: %q", ui.Env().LastMessage())
	}
	// Without the file the password is asked for; ticked, it is written there again.
	os.Remove(pgpass)
	act(ui, func() { s.dsn.SetText(bare); s.onConnect() })
	waitIdle(t, ui)
	if s.password == nil {
		t.Fatalf("no password asked for: %q", ui.Env().LastMessage())
	}
	act(ui, func() {
		s.password.entry.SetText("Se cret:1")
		s.password.remember.SetChecked(true)
		s.password.submit()
	})
	waitIdle(t, ui)
	if len(opened) != opens+2 {
		t.Fatalf("connecting with the password asked for: %q", ui.Env().LastMessage())
	}
	if b, err := os.ReadFile(pgpass); err != nil || !strings.Contains(string(b), `:ledger:li:Se cret\:1`) {
		t.Errorf("password file %q %v", b, err)
	}
	if strings.Contains(prefs.String(gui.PrefDatabase), "cret") {
		t.Errorf("preferences hold the password")
	}
}
