package importwizard

import (
	"context"
	"os"
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

// maxListed caps the messages the summary lists; the error workbook holds them all.
const maxListed = 500

// summaryPage is step 4: what the import did, and what it rejected.
type summaryPage struct {
	w       *Wizard
	content fyne.CanvasObject

	result   *widget.Label
	counts   map[string]*widget.Label
	messages *widget.Label
	saveErrs *widget.Button
	sum      domain.ImportSummary
}

var countKeys = []string{"added", "updated", "unchanged", "rejected"}

func newSummaryPage(w *Wizard) *summaryPage {
	env := w.env
	p := &summaryPage{w: w, counts: map[string]*widget.Label{}}
	p.result = widget.NewLabel("")
	p.result.Wrapping = fyne.TextWrapWord
	p.result.TextStyle.Bold = true
	grid := container.NewGridWithColumns(len(countKeys))
	for _, k := range countKeys {
		n := widget.NewLabel("0")
		n.SizeName = theme.SizeNameHeadingText
		n.Alignment = fyne.TextAlignCenter
		p.counts[k] = n
		name := widget.NewLabel(env.T("gui.wizard.count." + k))
		name.Alignment = fyne.TextAlignCenter
		grid.Add(container.NewVBox(n, name))
	}
	p.messages = widget.NewLabel("")
	p.messages.Wrapping = fyne.TextWrapWord
	p.messages.Selectable = true
	p.saveErrs = widget.NewButtonWithIcon(env.T("gui.wizard.save_errors"), theme.DocumentSaveIcon(), func() {
		saveErrorWorkbook(w, p.sum.Errors)
	})
	p.content = container.NewBorder(container.NewVBox(p.result, grid, container.NewHBox(p.saveErrs), widget.NewSeparator()),
		nil, nil, nil, container.NewVScroll(p.messages))
	return p
}

// set shows the summary of a run; err is the invalid-input error when nothing was
// written (only possible when the database refused rows the check accepted).
func (p *summaryPage) set(sum domain.ImportSummary, err error) {
	env := p.w.env
	p.sum = sum
	values := map[string]int{"added": sum.Added, "updated": sum.Updated, "unchanged": sum.Unchanged, "rejected": sum.Rejected}
	for _, k := range countKeys {
		p.counts[k].SetText(strconv.Itoa(values[k]))
	}
	text := env.T("exchange.summary", map[string]any{"Added": sum.Added, "Updated": sum.Updated,
		"Unchanged": sum.Unchanged, "Rejected": sum.Rejected, "Warnings": len(sum.Warnings)})
	if err != nil {
		p.result.Importance = widget.DangerImportance
		p.result.SetText(env.T("gui.wizard.nothing_written", map[string]any{"N": len(sum.Errors), "Rejected": sum.Rejected}))
	} else {
		p.result.Importance = widget.SuccessImportance
		p.result.SetText(env.T("exchange.cli.imported", map[string]any{"Summary": text}))
	}
	var b strings.Builder
	list := func(title string, fe []domain.FieldError) {
		if len(fe) == 0 {
			return
		}
		b.WriteString(title + "\n")
		for i, e := range fe {
			if i == maxListed {
				b.WriteString(env.T("err.more_errors", map[string]any{"N": len(fe) - i}) + "\n")
				break
			}
			b.WriteString(e.Render(env.Lang) + "\n")
		}
		b.WriteString("\n")
	}
	list(env.T("gui.wizard.errors_title", map[string]any{"N": len(sum.Errors)}), sum.Errors)
	list(env.T("gui.wizard.warnings_title", map[string]any{"N": len(sum.Warnings)}), sum.Warnings)
	p.messages.SetText(strings.TrimSpace(b.String()))
	if len(sum.Errors) > 0 {
		p.saveErrs.Show()
	} else {
		p.saveErrs.Hide()
	}
}

// saveErrorWorkbook asks where to save the error workbook: the file's rows with an
// error column, to correct and import again.
func saveErrorWorkbook(w *Wizard, errs []domain.FieldError) {
	env := w.env
	if w.table == nil || len(errs) == 0 {
		return
	}
	base := strings.TrimSuffix(filepath.Base(w.path), filepath.Ext(w.path))
	gui.SaveFile(env, env.T("gui.wizard.save_errors"), env.T("gui.wizard.errors_file", map[string]any{"Name": base}),
		[]string{".xlsx"}, func(path string) { writeErrorWorkbook(w, errs, path) })
}

func writeErrorWorkbook(w *Wizard, errs []domain.FieldError, path string) {
	env := w.env
	t := w.table
	lang := env.Lang
	title := env.T("gui.wizard.save_errors")
	env.Task(title, func(ctx context.Context, _ gui.Progress) error {
		return gui.WriteAtomically(path, func(f *os.File) error { return exchange.WriteErrorWorkbook(f, t, errs, lang) })
	}, func() {
		env.Info(title, env.T("exchange.cli.errors_written", map[string]any{"N": len(errs), "Path": path}))
	})
}
