package gui

import (
	"fyne.io/fyne/v2/widget"

	"cityledger/domain"
)

// ImportHook is the import wizard wired into the window, nil when there is none.
func (e *Env) ImportHook() func(env *Env, class domain.Class, onImported func()) {
	if e.shell == nil {
		return nil
	}
	return e.shell.opts.Import
}

// ExportHook is the export dialog wired into the window, nil when there is none.
func (e *Env) ExportHook() func(env *Env, class domain.Class, ids []int64) {
	if e.shell == nil {
		return nil
	}
	return e.shell.opts.Export
}

// NewSelect is widget.NewSelect with the placeholder in the app's language (Fyne's own
// "(Select one)" is not translated).
func (e *Env) NewSelect(options []string, changed func(string)) *widget.Select {
	s := widget.NewSelect(options, changed)
	s.PlaceHolder = e.T("gui.select_one")
	return s
}
