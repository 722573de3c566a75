// Package gui is the shell of CityLedger's desktop application: the window with its
// navigation of screens, the Env every screen is built with (store, catalogue,
// language, background loads, tasks with progress and cancel, dialogs), the router, the
// theme, the save dialog and the screenshots. The screens live in packages of their
// own, one per family (registers, records, projects, dashboard, mapview, reportscreen,
// importwizard, settings; gui/screens lists them in order), the widgets they share in
// gui/widgets. Nothing here imports fyne.io/fyne/v2/app, so that everything runs under
// fyne.io/fyne/v2/test without a display; cmd/cityledger creates the real app and hands
// it in.
package gui

import (
	"context"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"cityledger/domain"
	"cityledger/domain/i18n"
)

// Options are what cmd/cityledger wires into the window beyond the store.
type Options struct {
	// Open opens or creates a database (SQLite path or postgres://). Settings uses it to
	// open another file or create one; nil disables those buttons.
	Open func(ctx context.Context, dsn string) (domain.Store, error)
	// OnOpened is told the DSN the user switched to, so the next start opens it again.
	OnOpened func(dsn string)
	// Routes lists the screens of a catalogue in navigation order (a register per class):
	// main wires gui/screens.Routes. It is called again whenever the window reloads.
	Routes func(cat *domain.Catalogue) []Route
	// Import opens the import wizard for a register; nil hides the register's import
	// button. It calls onImported on the UI goroutine after rows were written, and the
	// register reloads.
	Import func(env *Env, class domain.Class, onImported func())
	// Export opens the export dialog for a register's selected assets (ids) or, with none
	// selected, the whole register; nil hides the register's export button.
	Export func(env *Env, class domain.Class, ids []int64)
	// Start is the route shown first ("" for the first route).
	Start string
	// FirstRun runs once in the background under a progress dialog before the screens
	// are trusted (the demo district on a new default database); the screens reload after.
	FirstRun func(ctx context.Context, store domain.Store, progress Progress) error
	// Icon is the window and app icon.
	Icon fyne.Resource
	// DSN is the database the window opens on (its path or URL), put first among the
	// recent databases; "" for none (tests, screenshots).
	DSN string
}

// Preference keys (fyne.Preferences, kept per app ID).
const (
	PrefLanguage = "language" // "zh" or "en": applied at the next start
	PrefTheme    = "theme"    // "light", "dark" or "" (follow the system)
	PrefDatabase = "database" // the DSN last opened from the settings screen
)

// App is the main window: navigation on the left, the current screen on the right and a
// status line at the bottom.
type App struct {
	env    *Env
	opts   Options
	router *Router

	nav      *widget.List
	content  *fyne.Container
	status   *widget.Label
	activity *widget.ProgressBarInfinite
	// roleBar says who is logged in and what they may do (read-only, a role).
	roleBar *widget.Label

	screens   map[string]Screen
	current   string
	navIndex  int
	selecting bool
	ready     bool // the working year is known: screens may load
}

// New builds the main window on store in lang. Nothing is loaded on the UI goroutine:
// screens fetch their data in the background when shown.
func New(a fyne.App, store domain.Store, lang i18n.Lang, opts Options) *App {
	applyLanguageToFyne(lang)
	ApplyTheme(a)
	w := a.NewWindow(i18n.T(lang, "gui.app.title", nil))
	env := newEnv(a, w, lang, store)
	// Building runs on the UI goroutine; holding uiMu keeps loads that finish early from
	// touching widgets before the window is complete (see Env.uiMu).
	env.uiMu.Lock()
	defer env.uiMu.Unlock()
	ap := &App{env: env, opts: opts, screens: map[string]Screen{}}
	router := ap.newRouter(env.Catalogue())
	ap.router = router
	env.shell = ap
	if opts.DSN != "" {
		env.RememberDatabase(opts.DSN)
	}
	ap.build()
	w.SetContent(ap.layout())
	size, last := ap.restoreWindowState()
	w.Resize(size)
	ap.installKeys()
	w.SetCloseIntercept(func() {
		ap.saveWindowState()
		w.Close()
	})
	ap.updateTitle()
	// A start route not listed yet may be a user class's register: the database's
	// catalogue is loaded by Reload, which falls back to the first route without it.
	start := opts.Start
	if start == "" {
		start = last
	}
	if start == "" {
		start = router.First()
	}
	ap.current = start
	ap.navIndex = router.Index(start)
	if ap.navIndex >= 0 {
		ap.nav.Select(ap.navIndex)
	}
	if opts.Icon != nil {
		w.SetIcon(opts.Icon)
	}
	if opts.FirstRun != nil {
		env.Task(env.T("op.load_demo"), func(ctx context.Context, progress Progress) error {
			return opts.FirstRun(ctx, store, progress)
		}, ap.Reload)
	}
	ap.Reload()
	ap.noticeReadOnly()
	return ap
}

// noticeReadOnly says, once the window runs, that the database opened read-only
// because its file or folder may not be written.
func (a *App) noticeReadOnly() {
	if n, ok := a.env.Store().(interface{ ReadOnlyNotice() error }); ok {
		if err := n.ReadOnlyNotice(); err != nil {
			a.env.Info(a.env.T("store.read_only_title"), domain.Message(a.env.Lang, err))
		}
	}
}

// Env is the environment screens are built with.
func (a *App) Env() *Env { return a.env }

// Window is the main window.
func (a *App) Window() fyne.Window { return a.env.Window }

// Router lists the screens.
func (a *App) Router() *Router { return a.router }

// newRouter lists the screens for catalogue cat.
func (a *App) newRouter(cat *domain.Catalogue) *Router {
	if a.opts.Routes == nil {
		return NewRouter()
	}
	return NewRouter(a.opts.Routes(cat)...)
}

func (a *App) build() {
	// The template holds the longest title so the navigation is as wide as its entries.
	longest := ""
	for _, rt := range a.router.Routes() {
		if t := rt.Name(a.env); fyne.MeasureText(t, theme.TextSize(), fyne.TextStyle{}).Width >
			fyne.MeasureText(longest, theme.TextSize(), fyne.TextStyle{}).Width {
			longest = t
		}
	}
	a.nav = widget.NewList(
		func() int { return len(a.router.routes) },
		func() fyne.CanvasObject {
			return container.NewHBox(widget.NewIcon(nil), widget.NewLabel(longest))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			routes := a.router.routes
			if i >= len(routes) {
				return
			}
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Icon).SetResource(routes[i].Icon)
			box.Objects[1].(*widget.Label).SetText(routes[i].Name(a.env))
		})
	a.nav.OnSelected = func(i widget.ListItemID) {
		routes := a.router.routes
		if !a.selecting && i >= 0 && i < len(routes) {
			a.Show(routes[i].ID)
		}
	}
	a.content = container.NewStack(widget.NewLabel(a.env.T("gui.loading")))
	a.roleBar = widget.NewLabel("")
	a.roleBar.Importance = widget.WarningImportance
	a.roleBar.Hide()
	a.status = widget.NewLabel("")
	a.status.Truncation = fyne.TextTruncateEllipsis
	a.activity = widget.NewProgressBarInfinite()
	a.activity.Hide()
	a.env.onBusy = func(busy bool) {
		if busy {
			a.activity.Show()
			a.activity.Start()
		} else {
			a.activity.Stop()
			a.activity.Hide()
		}
	}
}

func (a *App) layout() fyne.CanvasObject {
	statusBar := container.NewBorder(nil, nil, nil,
		container.NewGridWrap(fyne.NewSize(160, a.activity.MinSize().Height), a.activity), a.status)
	navBox := container.NewBorder(nil, nil, nil, widget.NewSeparator(), a.nav)
	return container.NewBorder(a.roleBar, container.NewVBox(widget.NewSeparator(), statusBar), navBox, nil, a.content)
}

func (a *App) updateTitle() {
	s := a.env.Store()
	desc := ""
	if s != nil {
		desc = s.Describe()
	}
	if ro, ok := s.(interface{ ReadOnly() bool }); ok && ro.ReadOnly() {
		desc += a.env.T("store.read_only_suffix")
	}
	a.env.Window.SetTitle(a.env.T("gui.app.title") + " — " + desc)
	a.status.SetText(a.env.T("gui.status.database", map[string]any{"Database": desc}))
	if n := a.env.RoleNotice(); n != "" {
		a.roleBar.SetText(n)
		a.roleBar.Show()
	} else {
		a.roleBar.Hide()
	}
}

// RoleBar is the line saying who is logged in and what they may do (tests read it).
func (a *App) RoleBar() *widget.Label { return a.roleBar }

// Show switches to the screen with route ID id, building it on first use, and refreshes it.
// Call on the UI goroutine.
func (a *App) Show(id string) {
	i := a.router.Index(id)
	if i < 0 {
		return
	}
	a.current = id
	if a.navIndex != i {
		// Keep the navigation in step when a screen is shown by code (screenshots, links);
		// the OnSelected this fires is ignored while selecting.
		a.navIndex = i
		a.selecting = true
		a.nav.Select(i)
		a.selecting = false
	}
	if !a.ready {
		return
	}
	s := a.screen(id)
	a.content.Objects = []fyne.CanvasObject{s.Content()}
	a.content.Refresh()
	s.Refresh()
}

// Screen returns the screen of route id, building it on first use (UI goroutine); nil
// when no route has that ID.
func (a *App) Screen(id string) Screen {
	if a.router.Index(id) < 0 {
		return nil
	}
	return a.screen(id)
}

func (a *App) screen(id string) Screen {
	if s, ok := a.screens[id]; ok {
		return s
	}
	rt := a.router.Routes()[a.router.Index(id)]
	s := rt.New(a.env)
	a.screens[id] = s
	return s
}

// RefreshCurrent reloads the screen shown: for dialogs that changed the data under it
// (an asset edited in the detail the map opened). Safe from any goroutine.
func (e *Env) RefreshCurrent() {
	if e.shell == nil {
		return
	}
	go e.Do(func() {
		a := e.shell
		if a.ready && a.router.Index(a.current) >= 0 {
			a.screen(a.current).Refresh()
		}
	})
}

// Drive runs fn as if on the UI goroutine, one at a time with the results of background
// loads: for tests and benchmarks that drive the window from outside the package (under
// the test driver those results are applied on their own goroutines).
func (a *App) Drive(fn func()) {
	a.env.uiMu.Lock()
	defer a.env.uiMu.Unlock()
	fn()
}

// Current is the route ID of the screen shown.
func (a *App) Current() string { return a.current }

// Reload finds the working year again, drops every built screen and shows the current one
// afresh: after the demo district was loaded or another database was opened.
func (a *App) Reload() {
	a.ready = false
	a.screens = map[string]Screen{}
	a.content.Objects = []fyne.CanvasObject{widget.NewLabel(a.env.T("gui.loading"))}
	a.content.Refresh()
	a.updateTitle()
	store := a.env.Store()
	a.env.Load(context.Background(), func(ctx context.Context) (func(), error) {
		years, err := store.ListYears(ctx)
		if err != nil {
			return nil, err
		}
		cat, err := store.Catalogue(ctx)
		if err != nil {
			return nil, err
		}
		return func() {
			a.env.SetYear(workingYear(years, a.env.now().Year()))
			// The catalogue decides the registers: a class declared since is listed.
			a.env.SetCatalogue(cat)
			a.router = a.newRouter(cat)
			if a.router.Index(a.current) < 0 {
				a.current = a.router.First()
			}
			a.navIndex = -1
			a.nav.Refresh()
			a.ready = true
			a.Show(a.current)
		}, nil
	})
}

// workingYear is the latest year with data not after this year; else the latest; else this year.
func workingYear(years []int, thisYear int) int {
	sort.Ints(years)
	for i := len(years) - 1; i >= 0; i-- {
		if years[i] <= thisYear {
			return years[i]
		}
	}
	if len(years) > 0 {
		return years[len(years)-1]
	}
	return thisYear
}

// SwitchStore replaces the open database (settings: open or create another) and closes
// the old one. UI goroutine.
func (a *App) SwitchStore(s domain.Store) {
	old := a.env.Store()
	a.env.setStore(s)
	a.env.forgetChanges()
	if old != nil && old != s {
		go func() {
			if err := old.Close(); err != nil {
				LogIfInternal(domain.Internal("close", err))
			}
		}()
	}
	a.Reload()
	a.noticeReadOnly()
}
