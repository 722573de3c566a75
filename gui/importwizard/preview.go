package importwizard

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"cityledger/domain"
	"cityledger/domain/exchange"
	"cityledger/gui"
)

// previewRows is how many of the file's rows the preview table shows; the problems
// list names every row.
const previewRows = 100

// previewPage is step 3: the first rows as they will be read, problems marked, every
// problem listed, and what the import would do.
type previewPage struct {
	w       *Wizard
	content fyne.CanvasObject

	expected *widget.Label
	status   *widget.Label
	skip     *widget.Check
	table    *widget.Table
	problems *widget.List
	saveErrs *widget.Button

	// The last check: the options it ran with, its conversion and dry-run summary.
	view    *exchange.Table
	opts    exchange.Options
	fields  []exchange.Field // the fields shown, in the kind's order
	sum     domain.ImportSummary
	failure string // a whole-file problem (a required column missing, an unknown CRS)
	rowErrs map[int]map[string]bool
	rowWarn map[int]bool
	lines   []problemLine
	checked bool
}

// problemLine is one entry of the problems list.
type problemLine struct {
	row     int
	text    string
	warning bool
	change  bool // a field the import changes in an existing row
}

func newPreviewPage(w *Wizard) *previewPage {
	env := w.env
	p := &previewPage{w: w}
	p.expected = widget.NewLabel("")
	p.expected.Wrapping = fyne.TextWrapWord
	p.expected.TextStyle.Bold = true
	p.status = widget.NewLabel("")
	p.status.Wrapping = fyne.TextWrapWord
	p.skip = widget.NewCheck(env.T("gui.wizard.skip_invalid"), func(bool) {
		if p.checked {
			p.check(nil)
		}
	})
	p.saveErrs = widget.NewButtonWithIcon(env.T("gui.wizard.save_errors"), theme.DocumentSaveIcon(), func() {
		saveErrorWorkbook(w, p.sum.Errors)
	})
	p.table = widget.NewTableWithHeaders(p.size, p.createCell, p.updateCell)
	p.table.ShowHeaderColumn = false
	p.table.CreateHeader = func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.TextStyle.Bold = true
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	p.table.UpdateHeader = p.updateHeader
	p.table.OnSelected = func(id widget.TableCellID) { p.table.Unselect(id) }
	p.problems = widget.NewList(func() int { return len(p.lines) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, widget.NewIcon(theme.ErrorIcon()), nil, l)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			box := o.(*fyne.Container)
			l := box.Objects[0].(*widget.Label)
			icon := box.Objects[1].(*widget.Icon)
			line := p.lines[i]
			l.SetText(line.text)
			if line.change {
				icon.SetResource(theme.InfoIcon())
				l.Importance = widget.MediumImportance
			} else if line.warning {
				icon.SetResource(theme.WarningIcon())
				l.Importance = widget.WarningImportance
			} else {
				icon.SetResource(theme.ErrorIcon())
				l.Importance = widget.DangerImportance
			}
			l.Refresh()
		})
	p.problems.OnSelected = func(i widget.ListItemID) {
		p.problems.Unselect(i)
		if i < len(p.lines) {
			p.scrollToRow(p.lines[i].row)
		}
	}
	top := container.NewVBox(p.expected, p.status, container.NewHBox(p.skip, p.saveErrs))
	split := container.NewVSplit(p.table, p.problems)
	split.Offset = 0.62
	p.content = container.NewBorder(top, nil, nil, nil, split)
	return p
}

// runnable reports whether the import may run: a check found no errors, or the
// person chose to skip the invalid rows.
func (p *previewPage) runnable() bool {
	if !p.checked || p.failure != "" {
		return false
	}
	return len(p.sum.Errors) == 0 || p.skip.Checked
}

// check converts the file with the current choices and runs the import dry against
// the database (codes that exist, units, closed years), then shows the result; then
// runs after the result is shown.
func (p *previewPage) check(then func()) {
	w := p.w
	env := w.env
	if w.table == nil {
		return
	}
	view := w.mapping.view()
	opts := w.options()
	opts.DryRun = true
	opts.SkipInvalid = p.skip.Checked
	store := env.Store()
	var (
		sum     domain.ImportSummary
		failure string
	)
	env.Task(env.T("gui.wizard.checking"), func(ctx context.Context, progress gui.Progress) error {
		o := opts
		o.Progress = progress
		_, s, err := exchange.Import(ctx, store, w.layout, view, o)
		switch {
		case err == nil:
		case domain.ErrorKind(err) == domain.KindInvalid && len(s.Errors) > 0:
			// Row errors: the summary lists them.
		case domain.ErrorKind(err) == domain.KindInvalid || domain.ErrorKind(err) == domain.KindClosed:
			// The file as a whole cannot be read this way: say why on the page.
			failure = domain.Message(env.Lang, err)
		default:
			return err
		}
		sum = s
		return nil
	}, func() {
		p.view, p.opts, p.sum, p.failure, p.checked = view, opts, sum, failure, true
		p.refresh()
		if then != nil {
			then()
		}
		w.refreshButtons()
	})
}

// refresh pushes the last check into the page.
func (p *previewPage) refresh() {
	env := p.w.env
	p.fields = p.fields[:0]
	for _, f := range p.w.layout.Fields {
		if _, ok := p.opts.Map[f.Key]; ok {
			p.fields = append(p.fields, f)
		} else if _, ok := p.opts.Set[f.Key]; ok {
			p.fields = append(p.fields, f)
		}
	}
	p.rowErrs = map[int]map[string]bool{}
	p.rowWarn = map[int]bool{}
	p.lines = p.lines[:0]
	for _, e := range p.sum.Errors {
		if p.rowErrs[e.Row] == nil {
			p.rowErrs[e.Row] = map[string]bool{}
		}
		p.rowErrs[e.Row][e.Field] = true
		p.lines = append(p.lines, problemLine{row: e.Row, text: e.Render(env.Lang)})
	}
	for _, e := range p.sum.Warnings {
		p.rowWarn[e.Row] = true
		p.lines = append(p.lines, problemLine{row: e.Row, text: e.Render(env.Lang), warning: true})
	}
	// What the import changes in rows that exist: field by field, as the dry run of
	// ledgerctl lists it ("原值 147,600.00 → 0.00").
	for _, rc := range p.sum.Changes {
		p.lines = append(p.lines, problemLine{row: rc.Row, text: rc.Render(env.Lang), change: true})
	}
	sum := p.sum
	summary := env.T("exchange.summary", map[string]any{"Added": sum.Added, "Updated": sum.Updated,
		"Unchanged": sum.Unchanged, "Rejected": sum.Rejected, "Warnings": len(sum.Warnings)})
	switch {
	case p.failure != "":
		p.expected.SetText("")
		p.status.Importance = widget.DangerImportance
		p.status.SetText(p.failure)
	case len(sum.Errors) > 0 && !p.skip.Checked:
		p.expected.SetText(env.T("gui.wizard.expected_blocked", map[string]any{"N": len(sum.Errors), "Rows": sum.Rejected}))
		p.status.Importance = widget.DangerImportance
		p.status.SetText(env.T("gui.wizard.blocked"))
	case len(sum.Errors) > 0:
		p.expected.SetText(env.T("gui.wizard.expected", map[string]any{"Summary": summary}))
		p.status.Importance = widget.WarningImportance
		p.status.SetText(env.T("gui.wizard.skipping", map[string]any{"N": sum.Rejected}))
	default:
		p.expected.SetText(env.T("gui.wizard.expected", map[string]any{"Summary": summary}))
		p.status.Importance = widget.SuccessImportance
		p.status.SetText(env.T("gui.wizard.no_problems"))
	}
	if sum.Updated > 0 && p.failure == "" {
		p.expected.SetText(p.expected.Text + " " + env.T("exchange.cli.changes", map[string]any{"N": sum.Updated, "Report": sum.ReportRelevant}))
	}
	p.status.Refresh()
	if len(sum.Errors) > 0 {
		p.saveErrs.Enable()
	} else {
		p.saveErrs.Disable()
	}
	p.table.SetColumnWidth(0, 80)
	for i, f := range p.fields {
		p.table.SetColumnWidth(i+1, columnWidth(f))
	}
	p.table.Refresh()
	p.table.ScrollToTop()
	p.problems.Refresh()
	p.problems.ScrollToTop()
}

func columnWidth(f exchange.Field) float32 {
	switch f.Key {
	case "name", "road", "note", "goal", "result", "summary", "problems", "next_steps", "contractor", "level3":
		return 180
	}
	return 120
}

func (p *previewPage) size() (int, int) {
	if p.view == nil || p.failure != "" {
		return 0, 0
	}
	return min(len(p.view.Rows), previewRows), len(p.fields) + 1
}

func (p *previewPage) createCell() fyne.CanvasObject {
	l := widget.NewLabel("")
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

func (p *previewPage) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	switch {
	case id.Col == 0:
		l.SetText(p.w.env.T("exchange.errors.row"))
	case id.Col-1 < len(p.fields):
		f := p.fields[id.Col-1]
		text := fieldTitle(p.w.env, f)
		if f.Required {
			text += " *"
		}
		l.SetText(text)
	}
}

func (p *previewPage) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	if p.view == nil || id.Row >= len(p.view.Rows) {
		l.SetText("")
		return
	}
	row := &p.view.Rows[id.Row]
	errs := p.rowErrs[row.Num]
	l.Importance = widget.MediumImportance
	if id.Col == 0 {
		text := strconv.Itoa(row.Num)
		switch {
		case len(errs) > 0:
			text = "✗ " + text
			l.Importance = widget.DangerImportance
		case p.rowWarn[row.Num]:
			text = "! " + text
			l.Importance = widget.WarningImportance
		}
		l.SetText(text)
		return
	}
	if id.Col-1 >= len(p.fields) {
		return
	}
	f := p.fields[id.Col-1]
	if errs[f.Key] || (f.Key == "lon" || f.Key == "lat") && errs[exchange.GeometryField] {
		l.Importance = widget.DangerImportance
	}
	l.SetText(p.cellValue(row, f.Key))
}

// cellValue is the field's text in the row as the converter reads it: the fixed
// value, else the column's cell through the value mapping.
func (p *previewPage) cellValue(row *exchange.Row, key string) string {
	if v, ok := p.opts.Set[key]; ok {
		return v
	}
	col := -1
	for i, h := range p.view.Header {
		if h != "" && h == p.opts.Map[key] {
			col = i
			break
		}
	}
	v := strings.TrimSpace(row.Cell(col))
	if to, ok := p.opts.Values[key][v]; ok {
		return to
	}
	return v
}

// scrollToRow brings the source row into view when the preview shows it.
func (p *previewPage) scrollToRow(num int) {
	if p.view == nil {
		return
	}
	for i := range p.view.Rows {
		if i >= previewRows {
			return
		}
		if p.view.Rows[i].Num == num {
			p.table.ScrollTo(widget.TableCellID{Row: i, Col: 0})
			return
		}
	}
}

// run imports with the checked choices, then shows the summary.
func (p *previewPage) run() {
	view := p.view
	opts := p.opts
	opts.DryRun = false
	opts.SkipInvalid = p.skip.Checked
	// What the preview read is the baseline: rows someone else changed since stop
	// the import, unless the person confirms overwriting them.
	opts.Seen = p.sum.Seen
	p.runWith(view, opts)
}

// runWith imports view with opts; rows changed by someone else since the preview are
// shown, and the person may overwrite them deliberately.
func (p *previewPage) runWith(view *exchange.Table, opts exchange.Options) {
	w := p.w
	env := w.env
	store := env.Store()
	var (
		sum      domain.ImportSummary
		runErr   error
		conflict error
	)
	env.Task(env.T("op.import"), func(ctx context.Context, progress gui.Progress) error {
		o := opts
		o.Progress = progress
		// Remembered for Ctrl+Z as one change (an import with invalid rows skipped too).
		return env.Changing(ctx, env.T("gui.undo.import", map[string]any{"File": filepath.Base(w.path)}), func(ctx context.Context) error {
			_, s, err := exchange.Import(ctx, store, w.layout, view, o)
			if domain.Conflicts(err) != nil && !o.Overwrite {
				conflict = err
				return nil
			}
			if err != nil && !(domain.ErrorKind(err) == domain.KindInvalid && len(s.Errors) > 0) {
				return err
			}
			sum, runErr = s, err
			return nil
		})
	}, func() {
		if conflict != nil {
			env.Confirm(env.T("op.import"), domain.Message(env.Lang, conflict)+"\n\n"+env.T("access2.wizard.overwrite_question"),
				env.T("access2.wizard.overwrite"), func() {
					o := opts
					o.Overwrite = true
					p.runWith(view, o)
				})
			return
		}
		w.summary.set(sum, runErr)
		w.show(stepSummary)
		if runErr == nil && w.onImported != nil && sum.Added+sum.Updated > 0 {
			w.onImported(sum)
		}
	})
}
