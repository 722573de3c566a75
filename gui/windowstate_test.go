package gui

import (
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"cityledger/domain/i18n"
)

// The window's size and last screen are kept at quit and applied at the next start.
func TestWindowSizeAndScreenAreRemembered(t *testing.T) {
	a := test.NewTempApp(t)
	store := tempStore(t)
	ui := New(a, store, i18n.ZH, Options{Routes: fakeRoutes})
	ui.Env().WaitIdle(20 * time.Second)
	ui.Drive(func() {
		ui.Window().Resize(fyne.NewSize(1024, 700))
		ui.Show("lamps")
		ui.saveWindowState() // what Ctrl+Q and closing the window do
	})
	again := New(a, store, i18n.ZH, Options{Routes: fakeRoutes})
	if !again.Env().WaitIdle(20 * time.Second) {
		t.Fatal("not idle")
	}
	if again.Current() != "lamps" {
		t.Errorf("restarted on %s, want lamps", again.Current())
	}
	if s := again.Window().Canvas().Size(); s.Width != 1024 || s.Height != 700 {
		t.Errorf("restarted at %v, want 1024×700", s)
	}
}

// Recent databases: newest first, no duplicates, at most maxRecent, never a password.
func TestRecentDatabasesKeepNoPassword(t *testing.T) {
	ui := newTestApp(t, tempStore(t))
	env := ui.Env()
	for _, dsn := range []string{"/data/a.db", "postgres://clerk:s3cret@db.local/ledger", "/data/b.db", "/data/a.db",
		"host=db.local user=clerk password=s3cret dbname=ledger"} {
		env.RememberDatabase(dsn)
	}
	got := env.RecentDatabases()
	want := []string{"host=db.local user=clerk dbname=ledger", "/data/a.db", "/data/b.db", "postgres://clerk@db.local/ledger"}
	if !slices.Equal(got, want) {
		t.Fatalf("recent %q, want %q", got, want)
	}
	for i := 0; i < 20; i++ {
		env.RememberDatabase("/data/x" + string(rune('a'+i)) + ".db")
	}
	if n := len(env.RecentDatabases()); n != maxRecent {
		t.Fatalf("%d recent databases, want %d", n, maxRecent)
	}
}
