package gui

import (
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// The window's keyboard commands, as desktop programs (Excel, WPS, file managers) bind
// them. The Ctrl combinations are shortcuts of the main menu, which Fyne runs before the
// focused widget sees them, so that Ctrl+S saves a form while its entry has the focus.
// Escape is a plain key: it reaches the window when nothing is focused, and a form's
// entries (widgets.Entry / KeyEntry) hand it on.
const (
	CmdFind  = "find"  // Ctrl+F: focus the search box of the screen
	CmdNew   = "new"   // Ctrl+N: add a row to the screen's list
	CmdSave  = "save"  // Ctrl+S: save the form on top
	CmdClose = "close" // Ctrl+W, Escape: close the dialog on top (asking when it holds unsaved input)
	CmdQuit  = "quit"  // Ctrl+Q
	CmdUndo  = "undo"  // Ctrl+Z: the last change to the ledger made since the start
	CmdRedo  = "redo"  // Ctrl+Y, Ctrl+Shift+Z
	CmdPrint = "print" // Ctrl+P: print the screen's list (or the asset card of the detail on top)
)

// Printer is a screen (or a dialog's keys) that prints on Ctrl+P.
type Printer interface{ Print() }

// Finder is a screen with a search box Ctrl+F focuses.
type Finder interface{ Find() }

// Adder is a screen that adds a row on Ctrl+N.
type Adder interface{ Add() }

// DialogKeys are what the keyboard does while a dialog is on top: Save for Ctrl+S (nil
// when the dialog saves nothing), Close for Escape and Ctrl+W (which may ask first), and
// Default for Enter when nothing in it has the focus.
type DialogKeys struct {
	Save    func()
	Close   func()
	Default func()
	// Refresh reloads what the dialog shows after an undo or redo made under it (a
	// detail); nil when it shows nothing stored.
	Refresh func()
	// Print prints what the dialog shows (an asset's card); nil when it prints nothing.
	Print func()
}

// keyStack is the dialogs open on the window, the top last.
type keyStack struct {
	mu    sync.Mutex
	items []*DialogKeys
}

// TrackDialog makes d the target of the dialog keys until it closes. It takes over d's
// closed callback: pass what should run on close as onClosed.
func (e *Env) TrackDialog(d dialog.Dialog, keys DialogKeys, onClosed func()) {
	k := &keys
	e.keys.mu.Lock()
	e.keys.items = append(e.keys.items, k)
	e.keys.mu.Unlock()
	d.SetOnClosed(func() {
		e.keys.mu.Lock()
		for i, it := range e.keys.items {
			if it == k {
				e.keys.items = append(e.keys.items[:i], e.keys.items[i+1:]...)
				break
			}
		}
		e.keys.mu.Unlock()
		// The keyboard leaves the closed dialog's widgets, so that Escape reaches the
		// window (and the dialog under it) instead of a button that swallows it.
		e.Window.Canvas().Unfocus()
		if onClosed != nil {
			onClosed()
		}
	})
}

// topDialog is the keys of the dialog on top, nil when none is open.
func (e *Env) topDialog() *DialogKeys {
	e.keys.mu.Lock()
	defer e.keys.mu.Unlock()
	if n := len(e.keys.items); n > 0 {
		return e.keys.items[n-1]
	}
	return nil
}

// DialogOpen reports whether a tracked dialog is open (tests read it).
func (e *Env) DialogOpen() bool { return e.topDialog() != nil }

// Command runs one of the keyboard commands (Cmd…) on the UI goroutine. It reports
// whether anything took it.
func (a *App) Command(cmd string) bool {
	top := a.env.topDialog()
	switch cmd {
	case CmdSave:
		if top != nil && top.Save != nil {
			top.Save()
			return true
		}
	case CmdClose:
		if top != nil && top.Close != nil {
			top.Close()
			return true
		}
	case CmdFind, CmdNew:
		if top != nil || !a.ready {
			return false
		}
		s := a.screen(a.current)
		if f, ok := s.(Finder); ok && cmd == CmdFind {
			f.Find()
			return true
		}
		if n, ok := s.(Adder); ok && cmd == CmdNew {
			n.Add()
			return true
		}
	case CmdPrint:
		if top != nil {
			if top.Print != nil {
				top.Print()
				return true
			}
			return false
		}
		if !a.ready {
			return false
		}
		if p, ok := a.screen(a.current).(Printer); ok {
			p.Print()
			return true
		}
	case CmdQuit:
		a.quit()
		return true
	case CmdUndo, CmdRedo:
		// While a text is being typed, Ctrl+Z undoes the typing, as in a spreadsheet's cell.
		if sc, ok := a.env.Window.Canvas().Focused().(fyne.Shortcutable); ok {
			if _, isEntry := sc.(interface{ SelectedText() string }); isEntry {
				if cmd == CmdUndo {
					sc.TypedShortcut(&fyne.ShortcutUndo{})
				} else {
					sc.TypedShortcut(&fyne.ShortcutRedo{})
				}
				return true
			}
		}
		if top != nil && top.Save != nil {
			return false // a form is open: its input first
		}
		if cmd == CmdUndo {
			a.env.Undo()
		} else {
			a.env.Redo()
		}
		return true
	}
	return false
}

// TypedKey is a key that reached the window with nothing focused, or that a form's entry
// hands on (Escape): Escape closes the dialog on top, Enter runs its default.
func (a *App) TypedKey(ev *fyne.KeyEvent) {
	top := a.env.topDialog()
	switch ev.Name {
	case fyne.KeyEscape:
		a.Command(CmdClose)
	case fyne.KeyReturn, fyne.KeyEnter:
		if top != nil && top.Default != nil {
			top.Default()
		}
	}
}

// quit closes the window, asking first when a form on top holds unsaved input (its
// Close asks; the app quits once every dialog has closed).
func (a *App) quit() {
	if top := a.env.topDialog(); top != nil && top.Close != nil {
		top.Close()
		if a.env.topDialog() != nil {
			return // the form asks; a second Ctrl+Q after answering quits
		}
	}
	a.saveWindowState()
	a.env.App.Quit()
}

// installKeys binds the commands: the main menu carries the Ctrl shortcuts (shown next to
// the entries, so they can be learnt), the canvas gets the plain keys.
func (a *App) installKeys() {
	env := a.env
	ctrl := fyne.KeyModifierShortcutDefault
	item := func(label, cmd string, key fyne.KeyName, mod fyne.KeyModifier) *fyne.MenuItem {
		it := fyne.NewMenuItem(env.T(label), func() { a.Command(cmd) })
		it.Shortcut = &desktop.CustomShortcut{KeyName: key, Modifier: mod}
		return it
	}
	quit := item("gui.keys.quit", CmdQuit, fyne.KeyQ, ctrl)
	quit.IsQuit = true
	file := fyne.NewMenu(env.T("gui.keys.menu_file"),
		item("gui.keys.new", CmdNew, fyne.KeyN, ctrl),
		item("gui.save", CmdSave, fyne.KeyS, ctrl),
		item("gui.keys.close", CmdClose, fyne.KeyW, ctrl),
		item("gui.card.print", CmdPrint, fyne.KeyP, ctrl),
		fyne.NewMenuItemSeparator(),
		a.recentMenu(),
		fyne.NewMenuItemSeparator(),
		quit)
	// Ctrl+Z and Ctrl+Y reach Fyne as its own ShortcutUndo / ShortcutRedo, not as
	// custom shortcuts: the items must carry those to be found.
	undo := fyne.NewMenuItem(env.T("gui.keys.undo"), func() { a.Command(CmdUndo) })
	undo.Shortcut = &fyne.ShortcutUndo{}
	redo := fyne.NewMenuItem(env.T("gui.keys.redo"), func() { a.Command(CmdRedo) })
	redo.Shortcut = &fyne.ShortcutRedo{}
	edit := fyne.NewMenu(env.T("gui.keys.menu_edit"),
		undo,
		redo,
		fyne.NewMenuItemSeparator(),
		item("gui.keys.find", CmdFind, fyne.KeyF, ctrl))
	a.env.Window.SetMainMenu(fyne.NewMainMenu(file, edit))
	c := a.env.Window.Canvas()
	// Also on the canvas: the test driver and platforms without a menu bar route them here.
	for _, sc := range []struct {
		cmd string
		key fyne.KeyName
		mod fyne.KeyModifier
	}{{CmdFind, fyne.KeyF, ctrl}, {CmdNew, fyne.KeyN, ctrl}, {CmdSave, fyne.KeyS, ctrl}, {CmdClose, fyne.KeyW, ctrl},
		{CmdQuit, fyne.KeyQ, ctrl}, {CmdPrint, fyne.KeyP, ctrl}, {CmdRedo, fyne.KeyZ, ctrl | fyne.KeyModifierShift}} {
		cmd := sc.cmd
		c.AddShortcut(&desktop.CustomShortcut{KeyName: sc.key, Modifier: sc.mod}, func(fyne.Shortcut) { a.Command(cmd) })
	}
	c.AddShortcut(&fyne.ShortcutUndo{}, func(fyne.Shortcut) { a.Command(CmdUndo) })
	c.AddShortcut(&fyne.ShortcutRedo{}, func(fyne.Shortcut) { a.Command(CmdRedo) })
	c.SetOnTypedKey(a.TypedKey)
	env.onEntryKey = a.TypedKey
}

// HandEntryKey is for entries of dialogs: Escape (and Enter on a one-line entry
// of a dialog without a Default) go to the window's keys. It reports whether it took ev.
func (e *Env) HandEntryKey(ev *fyne.KeyEvent) bool {
	if ev.Name == fyne.KeyEscape && e.onEntryKey != nil && e.topDialog() != nil {
		e.onEntryKey(ev)
		return true
	}
	return false
}

// ConfirmDestructive asks before something that cannot simply be taken back (delete,
// discard typed input): the safe answer is the highlighted button and what Enter and
// Escape choose; the destructive one is red and needs a click or Tab then Space.
func (e *Env) ConfirmDestructive(title, msg, yes string, then func()) {
	text := widget.NewLabel(msg)
	text.Wrapping = fyne.TextWrapWord
	var d *dialog.CustomDialog
	cancel := widget.NewButton(e.T("gui.cancel"), func() { d.Hide() })
	cancel.Importance = widget.HighImportance
	danger := widget.NewButton(yes, func() {
		d.Hide()
		then()
	})
	danger.Importance = widget.DangerImportance
	body := container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), danger, cancel), nil, nil, text)
	d = dialog.NewCustomWithoutButtons(title, body, e.Window)
	e.TrackDialog(d, DialogKeys{Close: d.Hide, Default: d.Hide}, nil)
	d.Resize(fyne.NewSize(480, 200))
	d.Show()
	e.msgMu.Lock()
	e.lastMessage = msg
	e.msgMu.Unlock()
	e.lastConfirm = func(yes bool) {
		if yes {
			danger.OnTapped()
		} else {
			cancel.OnTapped()
		}
	}
	e.lastConfirmButtons = [2]*widget.Button{cancel, danger}
}

// AnswerConfirm answers the last ConfirmDestructive question as a click would (tests).
func (e *Env) AnswerConfirm(yes bool) {
	if e.lastConfirm != nil {
		f := e.lastConfirm
		e.lastConfirm = nil
		f(yes)
	}
}

// ConfirmButtons are the last ConfirmDestructive's buttons: the safe one, then the
// destructive one (tests check which is highlighted).
func (e *Env) ConfirmButtons() (safe, destructive *widget.Button) {
	return e.lastConfirmButtons[0], e.lastConfirmButtons[1]
}

// Locator is a screen that centres on an asset and highlights it (the map).
type Locator interface{ Locate(id int64) }

// MapRouteID is the route of the map screen.
const MapRouteID = "map"

// ShowOnMap switches to the map centred on asset id, highlighted ("show on map" of a
// row's menu or a detail). The dialogs open over the window close first. UI goroutine.
func (e *Env) ShowOnMap(id int64) {
	a := e.shell
	if a == nil || a.router.Index(MapRouteID) < 0 {
		return
	}
	for e.topDialog() != nil {
		top := e.topDialog()
		if top.Close == nil {
			break
		}
		top.Close()
		if e.topDialog() == top {
			break // it asks first (unsaved input): stay
		}
	}
	a.Show(MapRouteID)
	if l, ok := a.Screen(MapRouteID).(Locator); ok {
		l.Locate(id)
	}
}

// CanShowOnMap reports whether the window has a map to show assets on.
func (e *Env) CanShowOnMap() bool { return e.shell != nil && e.shell.router.Index(MapRouteID) >= 0 }
