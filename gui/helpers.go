package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"cityledger/domain"
	"cityledger/domain/i18n"
)

func layoutSpacer() fyne.CanvasObject { return layout.NewSpacer() }

// fieldName is a field key (code, unit, cost…) as its label reads.
func fieldName(env *Env, key string) string { return domain.FieldName(env.Lang, key) }

func hasKey(env *Env, key string) bool { return i18n.Has(env.Lang, key) }

// shellImport is the import wizard wired into the window, nil when there is none yet.
func (e *Env) shellImport() func(env *Env, class domain.Class, onImported func()) {
	if e.shell == nil {
		return nil
	}
	return e.shell.opts.Import
}

// shellExport is the export dialog wired into the window, nil when there is none yet.
func (e *Env) shellExport() func(env *Env, class domain.Class, ids []int64) {
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

// problemText is a form's message area: the red, wrapped message in a short scroll, so a
// long list of broken rules never pushes the buttons out of the dialog; hidden when empty.
type problemText struct {
	label  *widget.Label
	box    *container.Scroll
	parent *fyne.Container
}

// above stacks the message area over the objects below it (the buttons).
func (p *problemText) above(objs ...fyne.CanvasObject) *fyne.Container {
	return container.NewVBox(append([]fyne.CanvasObject{p.box}, objs...)...)
}

// relayout names the container laid out again whenever the message comes or goes: the
// dialog's whole body, so the fields' scroll gives the message room.
func (p *problemText) relayout(c *fyne.Container) { p.parent = c }

func newProblemText() *problemText {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	box := container.NewVScroll(l)
	box.SetMinSize(fyne.NewSize(0, 116))
	box.Hide()
	return &problemText{label: l, box: box}
}

// Set shows msg, or hides the area when msg is "".
func (p *problemText) Set(msg string) {
	p.label.SetText(msg)
	if msg == "" {
		p.box.Hide()
	} else {
		p.box.Show()
		p.box.ScrollToTop()
	}
	if p.parent != nil {
		p.parent.Refresh()
	}
}

// Text is the message shown, "" when none.
func (p *problemText) Text() string {
	if !p.box.Visible() {
		return ""
	}
	return p.label.Text
}
