// Package importwizard is the desktop app's import wizard and register export: choose
// a file (CSV, XLSX, GeoJSON, Shapefile), see and change how its columns and values map
// onto a register's fields, preview the first rows with every problem named by row and
// field, run the import with progress and cancel, and read the summary, with the
// error workbook to save. Export writes a register, or a selection of it, as CSV,
// XLSX or GeoJSON.
//
// The work is domain/exchange's: the wizard only gathers exchange.Options from its
// widgets. Reading, checking, importing and exporting run off the UI goroutine
// through gui.Env.Task.
package importwizard

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"cityledger/domain"
	"cityledger/domain/exchange"
	"cityledger/gui"
)

// The wizard's steps, in order.
const (
	stepFile = iota
	stepMapping
	stepPreview
	stepSummary
	steps
)

var stepKeys = [steps]string{"gui.wizard.step.file", "gui.wizard.step.mapping", "gui.wizard.step.preview", "gui.wizard.step.summary"}

// OpenThen opens the import wizard for an asset class's register, what
// gui.Options.Import takes: onImported, when not nil, runs on the UI goroutine after
// rows were written, so that the register reloads.
func OpenThen(env *gui.Env, class domain.Class, onImported func()) {
	var cb func(domain.ImportSummary)
	if onImported != nil {
		cb = func(domain.ImportSummary) { onImported() }
	}
	OpenKind(env, exchange.Kind(class), cb)
}

// layoutOf is kind's format in the window's catalogue (an empty one for a kind that is
// gone, so the wizard still opens and says nothing maps).
func layoutOf(env *gui.Env, kind exchange.Kind) *exchange.Layout {
	if l, ok := exchange.LayoutOf(env.Catalogue(), kind); ok {
		return l
	}
	return &exchange.Layout{Kind: kind, Catalogue: env.Catalogue()}
}

// OpenKind opens the wizard for any kind (units, projects, maintenance… too).
// onImported, when not nil, is told the summary on the UI goroutine after rows were
// written, so that the screen that opened the wizard can reload.
func OpenKind(env *gui.Env, kind exchange.Kind, onImported func(domain.ImportSummary)) *Wizard {
	w := newWizard(env, kind, onImported)
	w.dlg.Show()
	return w
}

// Wizard is one import in progress.
type Wizard struct {
	env        *gui.Env
	kind       exchange.Kind
	layout     *exchange.Layout
	onImported func(domain.ImportSummary)

	dlg      *dialog.CustomDialog
	step     int
	stepTabs []*widget.Label
	pages    [steps]fyne.CanvasObject
	body     *fyne.Container
	back     *widget.Button
	next     *widget.Button
	cancel   *widget.Button

	file    *filePage
	mapping *mappingPage
	preview *previewPage
	summary *summaryPage

	// table is the file as read; path where it came from.
	table *exchange.Table
	path  string
}

func newWizard(env *gui.Env, kind exchange.Kind, onImported func(domain.ImportSummary)) *Wizard {
	w := &Wizard{env: env, kind: kind, layout: layoutOf(env, kind), onImported: onImported}
	w.file = newFilePage(w)
	w.mapping = newMappingPage(w)
	w.preview = newPreviewPage(w)
	w.summary = newSummaryPage(w)
	w.pages = [steps]fyne.CanvasObject{w.file.content, w.mapping.content, w.preview.content, w.summary.content}

	tabs := container.NewHBox()
	for i, k := range stepKeys {
		l := widget.NewLabel(env.T(k))
		w.stepTabs = append(w.stepTabs, l)
		if i > 0 {
			tabs.Add(widget.NewIcon(theme.NavigateNextIcon()))
		}
		tabs.Add(l)
	}
	w.body = container.NewStack(w.pages[stepFile])
	w.back = widget.NewButtonWithIcon(env.T("gui.wizard.back"), theme.NavigateBackIcon(), w.Back)
	w.next = widget.NewButtonWithIcon(env.T("gui.wizard.next"), theme.NavigateNextIcon(), w.Next)
	w.next.IconPlacement = widget.ButtonIconTrailingText
	w.next.Importance = widget.HighImportance
	w.cancel = widget.NewButton(env.T("gui.cancel"), w.close)
	buttons := container.NewHBox(layout.NewSpacer(), w.cancel, w.back, w.next)
	content := container.NewBorder(container.NewVBox(tabs, widget.NewSeparator()),
		container.NewVBox(widget.NewSeparator(), buttons), nil, nil, w.body)

	w.dlg = dialog.NewCustomWithoutButtons(env.T("gui.wizard.title", map[string]any{"Kind": kindName(env, w.layout)}), content, env.Window)
	w.dlg.Resize(dialogSize(env))
	w.show(stepFile)
	return w
}

// dialogSize fills most of the window, leaving its edges visible.
func dialogSize(env *gui.Env) fyne.Size {
	size := fyne.NewSize(1100, 720)
	if env.Window != nil {
		if ws := env.Window.Canvas().Size(); ws.Width > 0 {
			size = fyne.NewSize(min(size.Width, ws.Width-60), min(size.Height, ws.Height-60))
		}
	}
	return size
}

// kindName is how the kind reads in a title: 路灯, 预算项目…
func kindName(env *gui.Env, l *exchange.Layout) string { return l.Title(env.Lang) }

// show switches to step i and sets the buttons for it.
func (w *Wizard) show(i int) {
	w.step = i
	w.body.Objects = []fyne.CanvasObject{w.pages[i]}
	w.body.Refresh()
	for j, l := range w.stepTabs {
		l.TextStyle.Bold = j == i
		if j == i {
			l.Importance = widget.HighImportance
		} else {
			l.Importance = widget.MediumImportance
		}
		l.Refresh()
	}
	w.refreshButtons()
}

func (w *Wizard) refreshButtons() {
	enable := func(b *widget.Button, on bool) {
		if on {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	w.back.Show()
	w.cancel.Show()
	w.next.SetIcon(theme.NavigateNextIcon())
	switch w.step {
	case stepFile:
		w.back.Hide()
		w.next.SetText(w.env.T("gui.wizard.next"))
		enable(w.next, w.table != nil)
	case stepMapping:
		w.next.SetText(w.env.T("gui.wizard.check"))
		enable(w.next, w.table != nil)
	case stepPreview:
		w.next.SetText(w.env.T("gui.wizard.run"))
		w.next.SetIcon(theme.UploadIcon())
		enable(w.next, w.preview.runnable())
	case stepSummary:
		w.back.Hide()
		w.cancel.Hide()
		w.next.SetText(w.env.T("gui.wizard.done"))
		w.next.SetIcon(theme.ConfirmIcon())
		enable(w.next, true)
	}
}

// Next goes on from the step shown: read → map → check → import → close.
func (w *Wizard) Next() {
	switch w.step {
	case stepFile:
		if w.table != nil {
			w.show(stepMapping)
		}
	case stepMapping:
		w.preview.check(func() { w.show(stepPreview) })
	case stepPreview:
		if w.preview.runnable() {
			w.preview.run()
		}
	case stepSummary:
		w.close()
	}
}

// Back returns to the step before.
func (w *Wizard) Back() {
	if w.step > stepFile && w.step < stepSummary {
		w.show(w.step - 1)
	}
}

// LoadFile reads the file at path as if it had been chosen in the file dialog.
func (w *Wizard) LoadFile(path string) { w.file.load(path) }

func (w *Wizard) close() { w.dlg.Hide() }

// options gathers the person's choices into exchange.Options for the table as the
// wizard hands it to the converter (see mappingPage.view).
func (w *Wizard) options() exchange.Options {
	o := w.mapping.options()
	if w.table != nil {
		o.HeaderRow = w.table.HeaderNum
	}
	o.DateFormat = w.file.dateFormat()
	o.CRS = w.file.crs()
	o.Source = w.path
	return o
}
