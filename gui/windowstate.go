package gui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"

	"cityledger/domain"
)

// Preference keys of what the window remembers between runs (never a password: a
// PostgreSQL DSN is kept without it, see RememberDatabase).
const (
	PrefWindowWidth  = "window.width"
	PrefWindowHeight = "window.height"
	PrefLastScreen   = "window.screen"
	PrefRecent       = "database.recent" // recent databases, newest first, one a line
)

// maxRecent is how many recent databases settings and the start offer.
const maxRecent = 8

// defaultWindowSize is the size of the first start.
var defaultWindowSize = fyne.NewSize(1360, 860)

// restoreWindowState applies the size and screen of the last run. Fyne has no API for a
// window's position, so the window manager places it.
func (a *App) restoreWindowState() (size fyne.Size, screen string) {
	p := a.env.App.Preferences()
	size = defaultWindowSize
	if w, h := p.Float(PrefWindowWidth), p.Float(PrefWindowHeight); w >= 640 && h >= 400 {
		size = fyne.NewSize(float32(w), float32(h))
	}
	return size, p.String(PrefLastScreen)
}

// saveWindowState keeps the size and the screen shown for the next start.
func (a *App) saveWindowState() {
	values := map[string]any{}
	s := a.env.Window.Canvas().Size()
	if s.Width >= 640 && s.Height >= 400 {
		values[PrefWindowWidth] = float64(s.Width)
		values[PrefWindowHeight] = float64(s.Height)
	}
	if a.current != "" {
		values[PrefLastScreen] = a.current
	}
	setPreferences(a.env.App.Preferences(), values)
}

// setPreferences writes several preferences as one change. Fyne saves the file on each
// change and reloads it when it changes on disk; values set one by one in quick
// succession (at quit) were lost between the two, so they go in one write when the
// preferences allow it.
func setPreferences(p fyne.Preferences, values map[string]any) {
	if w, ok := p.(interface{ WriteValues(func(map[string]any)) }); ok {
		w.WriteValues(func(m map[string]any) {
			for k, v := range values {
				m[k] = v
			}
		})
		return
	}
	for k, v := range values {
		switch x := v.(type) {
		case float64:
			p.SetFloat(k, x)
		case string:
			p.SetString(k, x)
		}
	}
}

// RecentDatabases are the databases opened last, newest first.
func (e *Env) RecentDatabases() []string {
	var out []string
	for _, l := range strings.Split(e.App.Preferences().String(PrefRecent), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// RememberDatabase puts dsn first in the recent databases. A password in a PostgreSQL
// DSN is dropped: it is asked again (or comes from PGPASSFILE).
func (e *Env) RememberDatabase(dsn string) {
	dsn = withoutPassword(dsn)
	if dsn == "" {
		return
	}
	list := []string{dsn}
	for _, d := range e.RecentDatabases() {
		if d != dsn && len(list) < maxRecent {
			list = append(list, d)
		}
	}
	e.App.Preferences().SetString(PrefRecent, strings.Join(list, "\n"))
}

// withoutPassword removes the password of a postgres:// URL or of a key=value DSN.
func withoutPassword(dsn string) string {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		scheme, rest, _ := strings.Cut(dsn, "://")
		at := strings.LastIndex(rest, "@")
		if at < 0 {
			return dsn
		}
		user := rest[:at]
		if u, _, ok := strings.Cut(user, ":"); ok {
			user = u
		}
		return scheme + "://" + user + rest[at:]
	}
	if strings.Contains(dsn, "password=") {
		var keep []string
		for _, f := range strings.Fields(dsn) {
			if !strings.HasPrefix(f, "password=") {
				keep = append(keep, f)
			}
		}
		return strings.Join(keep, " ")
	}
	return dsn
}

// OpenRecent opens database dsn (a recent one) in the background and switches the
// window to it. UI goroutine.
func (e *Env) OpenRecent(dsn string) {
	if dsn == "" || !e.CanOpenDatabase() {
		return
	}
	var opened domain.Store
	e.Task(e.T("op.open_db"), func(ctx context.Context, _ Progress) error {
		st, err := e.OpenDatabase(ctx, dsn)
		if err != nil {
			return err
		}
		opened = st
		return nil
	}, func() { e.UseDatabase(opened, dsn) })
}

// recentMenu is File › Open recent: the recent databases, offered from the start.
func (a *App) recentMenu() *fyne.MenuItem {
	it := fyne.NewMenuItem(a.env.T("gui.keys.recent"), nil)
	var items []*fyne.MenuItem
	for _, dsn := range a.env.RecentDatabases() {
		d := dsn
		items = append(items, fyne.NewMenuItem(d, func() { a.env.OpenRecent(d) }))
	}
	if len(items) == 0 || a.opts.Open == nil {
		it.Disabled = true
	}
	it.ChildMenu = fyne.NewMenu("", items...)
	return it
}
