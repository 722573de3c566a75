package screens

import (
	"context"
	"strings"
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
	"cityledger/gui/guitest"
)

// buttonsOf finds the window's buttons by their text (in dialogs too).
func buttonsOf(ui *gui.App, text string) []*widget.Button {
	var out []*widget.Button
	objs := test.LaidOutObjects(ui.Window().Content())
	for _, o := range ui.Window().Canvas().Overlays().List() {
		objs = append(objs, test.LaidOutObjects(o)...)
	}
	for _, o := range objs {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			out = append(out, b)
		}
	}
	return out
}

// wired is the window as cmd/cityledger builds it, with the import button shown.
func wired(t *testing.T, store domain.Store) *gui.App {
	return guitest.NewApp(t, store, i18n.EN, gui.Options{Routes: Routes, Import: func(*gui.Env, domain.Class, func()) {}})
}

// enabled says, per button text, whether the buttons of the screen shown are enabled
// (all of them, there may be several); missing when the screen has none.
func enabled(t *testing.T, ui *gui.App, route string, keys ...string) map[string]bool {
	t.Helper()
	guitest.Act(t, ui, func() { ui.Show(route) })
	out := map[string]bool{}
	guitest.Act(t, ui, func() {
		for _, k := range keys {
			bs := buttonsOf(ui, ui.Env().T(k))
			if len(bs) == 0 {
				continue
			}
			on := true
			for _, b := range bs {
				on = on && !b.Disabled()
			}
			out[k] = on
		}
	})
	return out
}

// A database this window can only read (another CityLedger writes it): Add, Import,
// Bulk edit and Close the year are disabled, and the bar says read-only.
func TestReadOnlyWindowDisablesWrites(t *testing.T) {
	store, path := guitest.TempStoreAt(t)
	guitest.SeedUnits(t, store)
	guitest.SaveLamps(t, store, 3)
	second, err := storage.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	if !second.ReadOnly() {
		t.Fatal("the second open may write")
	}
	ui := wired(t, second)
	if got := ui.RoleBar(); !got.Visible() || got.Text != "read-only: your login can only read" {
		t.Errorf("role bar %v %q", got.Visible(), got.Text)
	}
	got := enabled(t, ui, "lamps", "gui.add", "gui.import", "gui.register.bulk_edit")
	for _, k := range []string{"gui.add", "gui.import", "gui.register.bulk_edit"} {
		if on, ok := got[k]; !ok || on {
			t.Errorf("%s: found %v, enabled %v", k, ok, on)
		}
	}
	if got := enabled(t, ui, "report", "gui.report.close_year"); got["gui.report.close_year"] {
		t.Errorf("close the year is enabled for a reader")
	}
	// A button a screen enables again still refuses, saying why.
	guitest.Act(t, ui, func() { ui.Show("lamps") })
	guitest.Act(t, ui, func() {
		b := buttonsOf(ui, ui.Env().T("gui.add"))[0]
		b.Enable()
		test.Tap(b)
	})
	if msg := ui.Env().LastMessage(); msg != "read-only: your login can only read" {
		t.Errorf("tapping Add says %q", msg)
	}
	// The file's own writer is alone with it: everything enabled, no bar.
	own := wired(t, store)
	if own.RoleBar().Visible() {
		t.Errorf("a bar for the file's owner: %q", own.RoleBar().Text)
	}
	if got := enabled(t, own, "lamps", "gui.add", "gui.import"); !got["gui.add"] || !got["gui.import"] {
		t.Errorf("the owner's register: %v", got)
	}
}

// On a server the login's role decides: a viewer writes nothing, an editor writes the
// registers but may not close the year, finance may.
func TestServerRolesInTheWindow(t *testing.T) {
	srv := pgtest.Start(t)
	super, err := gorm.Open(postgres.Open(srv.Superuser("postgres")), &gorm.Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{"CREATE ROLE owner LOGIN CREATEROLE PASSWORD 'owner-pw'", "CREATE DATABASE ledger OWNER owner"} {
		if err := super.Exec(stmt).Error; err != nil {
			t.Fatal(err)
		}
	}
	if s, err := super.DB(); err == nil {
		s.Close()
	}
	ctx := context.Background()
	owner, err := storage.Open(ctx, srv.DSN("owner", "owner-pw", "ledger"))
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close()
	if err := owner.SetupAccess(ctx); err != nil {
		t.Fatal(err)
	}
	guitest.SeedUnits(t, owner)
	for _, c := range []struct {
		role             domain.Role
		write, closeYear bool
		bar              string
	}{
		{domain.RoleViewer, false, false, "read-only: your login can only read"},
		{domain.RoleEditor, true, false, "Logged in as editor1 (editor)"},
		{domain.RoleFinance, true, true, "Logged in as finance1 (finance)"},
	} {
		login := strings.TrimPrefix(c.role.ServerName(), "cityledger_") + "1"
		if _, err := owner.GrantRole(ctx, login, c.role, func() (string, error) { return "pw-" + login, nil }); err != nil {
			t.Fatal(err)
		}
		d, err := storage.Open(ctx, srv.DSN(login, "pw-"+login, "ledger"))
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		ui := wired(t, d)
		if bar := ui.RoleBar(); !bar.Visible() || bar.Text != c.bar {
			t.Errorf("%s: bar %q", login, bar.Text)
		}
		if strings.Contains(ui.Window().Title(), "pw-") {
			t.Errorf("the title shows the password: %q", ui.Window().Title())
		}
		got := enabled(t, ui, "lamps", "gui.add", "gui.import")
		if got["gui.add"] != c.write || got["gui.import"] != c.write {
			t.Errorf("%s: register buttons %v, want enabled %v", login, got, c.write)
		}
		if got := enabled(t, ui, "report", "gui.report.close_year"); got["gui.report.close_year"] != c.closeYear {
			t.Errorf("%s: close the year enabled %v, want %v", login, got["gui.report.close_year"], c.closeYear)
		}
	}
}
