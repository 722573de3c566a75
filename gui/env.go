package gui

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"cityledger/domain"
	"cityledger/domain/i18n"
)

// Env is what every screen is built with: the store, the language, the window to put
// dialogs on, and the background-work tracker. Screens never reach for globals.
type Env struct {
	App    fyne.App
	Window fyne.Window
	Lang   i18n.Lang

	mu    sync.RWMutex
	store domain.Store
	year  int
	cat   *domain.Catalogue

	// busy counts background loads still running or waiting to be applied; the status
	// bar shows an activity bar while it is above zero and screenshots wait for zero.
	busyMu   sync.Mutex
	busy     int
	idleCond *sync.Cond
	onBusy   func(busy bool)

	// now is time.Now, replaceable so that tests see a fixed "today".
	now func() time.Time

	msgMu       sync.Mutex
	lastMessage string
	// taskCancel cancels the task started last as its cancel button does.
	taskCancel atomic.Pointer[cancelFunc]

	// shell is the main window that owns this env: settings switch databases through it.
	shell *App

	// uiMu serialises the functions sent to the UI goroutine (Do). In the app they already
	// run one by one on it; the test driver runs fyne.Do inline on the calling goroutine,
	// and this keeps two background loads from updating widgets at once there.
	uiMu sync.Mutex

	// The keyboard: the dialogs open (top last), where entries hand Escape, the last
	// destructive question (tests answer it), and the changes Ctrl+Z can undo.
	keys               keyStack
	onEntryKey         func(*fyne.KeyEvent)
	lastConfirm        func(yes bool)
	lastConfirmButtons [2]*widget.Button
	undo               undoHistory
}

// Do runs fn on the UI goroutine (fyne.Do) under the env's UI lock, one at a time with
// the results of background loads: for code outside package gui that has to touch
// widgets from another goroutine, and for tests that drive screens (under the test
// driver fn runs before Do returns). fn must not call Do itself, nor anything that
// waits for the UI lock.
func (e *Env) Do(fn func()) {
	fyne.Do(func() {
		e.uiMu.Lock()
		defer e.uiMu.Unlock()
		fn()
	})
}

func newEnv(a fyne.App, w fyne.Window, lang i18n.Lang, store domain.Store) *Env {
	e := &Env{App: a, Window: w, Lang: lang, store: store, now: time.Now}
	e.idleCond = sync.NewCond(&e.busyMu)
	return e
}

// Store is the open database. It changes when the user opens another file, so read it
// at the start of each operation rather than keeping it.
func (e *Env) Store() domain.Store {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.store
}

func (e *Env) setStore(s domain.Store) {
	e.mu.Lock()
	e.store = s
	e.mu.Unlock()
}

// Catalogue is the open database's asset classes, as loaded when the window (re)loaded:
// what registers, forms, the map and the import wizard are built from.
func (e *Env) Catalogue() *domain.Catalogue {
	e.mu.RLock()
	defer e.mu.RUnlock()
	if e.cat == nil {
		return domain.BuiltinCatalogue()
	}
	return e.cat
}

// SetCatalogue replaces the catalogue screens are built from (a reload after a class
// or a field was declared).
func (e *Env) SetCatalogue(c *domain.Catalogue) {
	e.mu.Lock()
	e.cat = c
	e.mu.Unlock()
}

// ClassOf is the declaration of class key; false when the catalogue has none.
func (e *Env) ClassOf(key domain.Class) (*domain.ClassDef, bool) { return e.Catalogue().Class(key) }

// ClassName is a class's name in the app's language.
func (e *Env) ClassName(key domain.Class) string {
	if d, ok := e.ClassOf(key); ok {
		return d.Title(e.Lang)
	}
	return string(key)
}

// Year is the working year screens open on: the latest year that holds data, else this year.
func (e *Env) Year() int {
	e.mu.RLock()
	defer e.mu.RUnlock()
	if e.year == 0 {
		return e.now().Year()
	}
	return e.year
}

// SetYear changes the working year (screens read it on their next refresh).
func (e *Env) SetYear(y int) {
	e.mu.Lock()
	e.year = y
	e.mu.Unlock()
}

// Now is the current time ("today" of the tests included): what overdue is judged against.
func (e *Env) Now() time.Time { return e.now() }

// Today is the current date, the default of date fields.
func (e *Env) Today() domain.Date { return domain.DateOf(e.now()) }

// T renders a catalogue key in the app's language.
func (e *Env) T(key string, params ...map[string]any) string {
	var p map[string]any
	if len(params) > 0 {
		p = params[0]
	}
	return i18n.T(e.Lang, key, p)
}

// Enum renders a stored enumeration value in the app's language.
func (e *Env) Enum(v string) string { return i18n.Enum(e.Lang, v) }

// ShowError shows err to the person in a dialog they can act on. It is safe to call from
// any goroutine and with a nil env, window or error (then it does nothing or only logs).
// Internal errors are also logged with their cause.
func (e *Env) ShowError(err error) {
	if err == nil || errors.Is(err, context.Canceled) {
		return
	}
	LogIfInternal(err)
	if e == nil || e.Window == nil {
		return
	}
	e.Do(func() { e.ShowErrorNow(err) })
}

// showErrorNow is ShowError for code already on the UI goroutine.
func (e *Env) ShowErrorNow(err error) {
	if err == nil || errors.Is(err, context.Canceled) {
		return
	}
	e.ShowMessage(e.T("gui.error.title"), domain.Message(e.Lang, err))
}

// showMessage is a dialog with selectable text and our own button label, so that a
// person can copy the message and Fyne's OS-locale button text never mixes languages.
func (e *Env) ShowMessage(title, msg string) {
	text := widget.NewLabel(msg)
	text.Wrapping = fyne.TextWrapWord
	text.Selectable = true
	scroll := container.NewVScroll(text)
	scroll.SetMinSize(fyne.NewSize(460, 80))
	d := dialog.NewCustom(title, e.T("gui.close"), scroll, e.Window)
	// Escape and Enter close a message, as in every desktop program.
	e.TrackDialog(d, DialogKeys{Close: d.Hide, Default: d.Hide}, nil)
	d.Show()
	e.msgMu.Lock()
	e.lastMessage = msg
	e.msgMu.Unlock()
}

// LastMessage is the text of the last message or error dialog shown (tests read it).
func (e *Env) LastMessage() string {
	e.msgMu.Lock()
	defer e.msgMu.Unlock()
	return e.lastMessage
}

// Info shows a short message; safe from any goroutine.
func (e *Env) Info(title, msg string) {
	fyne.Do(func() { e.ShowMessage(title, msg) })
}

// Confirm asks a yes/no question with our own button labels.
func (e *Env) Confirm(title, msg, yes string, then func()) {
	text := widget.NewLabel(msg)
	text.Wrapping = fyne.TextWrapWord
	box := container.NewVBox(text)
	d := dialog.NewCustomConfirm(title, yes, e.T("gui.cancel"), box, func(ok bool) {
		if ok {
			then()
		}
	}, e.Window)
	d.Resize(fyne.NewSize(480, 200))
	d.Show()
}

// Load runs fn off the UI goroutine and applies its result with fyne.Do. fn returns the
// function that pushes its result into widgets, or an error for showError. The load is
// counted as busy until the result has been applied.
func (e *Env) Load(ctx context.Context, fn func(ctx context.Context) (apply func(), err error)) {
	e.addBusy(1)
	go func() {
		apply, err := fn(ctx)
		if err != nil || ctx.Err() != nil {
			if ctx.Err() == nil {
				e.ShowError(err)
			}
			e.addBusy(-1)
			return
		}
		if apply == nil {
			e.addBusy(-1)
			return
		}
		e.Do(func() {
			defer e.addBusy(-1)
			if ctx.Err() == nil {
				apply()
			}
		})
	}()
}

// Restarter hands out the context of a screen's current loads: each Restart cancels
// the loads started under the context before (of a year or a query no longer shown),
// so that only the latest are applied. The zero value is ready to use; UI goroutine.
type Restarter struct {
	cancel context.CancelFunc
}

// Restart cancels the context handed out before and returns a new one.
func (r *Restarter) Restart() context.Context {
	if r.cancel != nil {
		r.cancel()
	}
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	return ctx
}

func (e *Env) addBusy(d int) {
	e.busyMu.Lock()
	was := e.busy > 0
	e.busy += d
	now := e.busy > 0
	if !now {
		e.idleCond.Broadcast()
	}
	cb := e.onBusy
	e.busyMu.Unlock()
	if cb != nil && was != now {
		// Off this goroutine: addBusy runs on the UI goroutine too, where fyne.Do must not
		// be called; the callback reads the state when it runs, so order does not matter.
		go e.Do(func() { cb(e.isBusy()) })
	}
}

func (e *Env) isBusy() bool {
	e.busyMu.Lock()
	defer e.busyMu.Unlock()
	return e.busy > 0
}

// WaitIdle blocks until no background load is running or timeout passes; it reports
// whether the app went idle. Screenshots and tests use it; never call it on the UI goroutine.
func (e *Env) WaitIdle(timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	stop := time.AfterFunc(timeout, func() {
		e.busyMu.Lock()
		e.idleCond.Broadcast()
		e.busyMu.Unlock()
	})
	defer stop.Stop()
	e.busyMu.Lock()
	defer e.busyMu.Unlock()
	for e.busy > 0 {
		if time.Now().After(deadline) {
			return false
		}
		e.idleCond.Wait()
	}
	return true
}

// ReloadWindow builds every screen again from the database (after the catalogue of
// classes changed, a theme was chosen): the navigation, registers and forms follow it.
func (e *Env) ReloadWindow() {
	if e.shell != nil {
		e.shell.Reload()
	}
}

// CanReload reports whether the env belongs to a window that ReloadWindow rebuilds.
func (e *Env) CanReload() bool { return e.shell != nil }

// CanOpenDatabase reports whether the window can open another database (main wired
// Options.Open).
func (e *Env) CanOpenDatabase() bool { return e.shell != nil && e.shell.opts.Open != nil }

// OpenDatabase opens or creates the database dsn names (off the UI goroutine).
func (e *Env) OpenDatabase(ctx context.Context, dsn string) (domain.Store, error) {
	if !e.CanOpenDatabase() {
		return nil, domain.Internal("open", errors.New("no database opener wired"))
	}
	return e.shell.opts.Open(ctx, dsn)
}

// UseDatabase makes the window work on s, opened from dsn, remembered for the next
// start (UI goroutine).
func (e *Env) UseDatabase(s domain.Store, dsn string) {
	if e.shell == nil {
		return
	}
	if e.shell.opts.OnOpened != nil {
		e.shell.opts.OnOpened(dsn)
	}
	// Never a password in the preferences: a server's is asked again or read from PGPASSFILE.
	e.App.Preferences().SetString(PrefDatabase, withoutPassword(dsn))
	e.RememberDatabase(dsn)
	e.shell.SwitchStore(s)
}

// LogIfInternal logs faults of the program or machine with their cause; input errors are
// the person's to fix and need no log line.
// It hands an internal error's cause to the log file (the program installs the
// reporter), also when no window is there to show the message.
func LogIfInternal(err error) {
	domain.ReportInternal(err)
}
