package reportscreen

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"cityledger/domain"
	"cityledger/gui"
	"cityledger/reports"
)

// onExport asks where to save the shown year's report in format, then writes it.
func (s *screen) onExport(format string) {
	year := s.shown
	gui.SaveFile(s.env, s.env.T("gui.report.export"), s.env.T("gui.report.file_name", map[string]any{"Year": year}),
		[]string{"." + format}, func(path string) { s.exportTo(year, format, path) })
}

// exportTo renders the year's report in format into path under a progress dialog.
// The report is built afresh (a closed year's from its stored model), so the file
// holds what ledgerctl report would write now. It goes to a temporary file first so
// that a cancelled or failed export leaves no half-written report behind.
func (s *screen) exportTo(year int, format, path string) {
	store := s.env.Store()
	lang := s.env.Lang
	opts := reports.RenderOptions{Checks: s.withChecks.Checked, FixedDecimals: s.fixedDecimals.Checked}
	title := s.env.T("gui.report.exporting", map[string]any{"Year": year, "Format": s.env.T("gui.format." + format)})
	s.env.Task(title, func(ctx context.Context, _ gui.Progress) error {
		m, err := reports.ForYear(ctx, store, year, lang)
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		return gui.WriteAtomically(path, func(f *os.File) error { return reports.RenderWith(f, m, format, opts) })
	}, func() {
		s.env.Info(title, s.env.T("report.cli.written", map[string]any{"Path": path}))
	})
}

// openPrintable opens a written page in the system's browser; tests replace it.
var openPrintable = func(env *gui.Env, path string) error {
	return env.App.OpenURL(&url.URL{Scheme: "file", Path: filepath.ToSlash(path)})
}

// Print (the button and Ctrl+P) writes the shown year's report as HTML, with the
// export options chosen, to the temp folder and opens it in the browser, which
// prints it or saves a PDF; the page needs no network.
func (s *screen) Print() {
	year := s.shown
	if year == 0 {
		return
	}
	store := s.env.Store()
	lang := s.env.Lang
	opts := reports.RenderOptions{Checks: s.withChecks.Checked, FixedDecimals: s.fixedDecimals.Checked}
	path := filepath.Join(os.TempDir(), "cityledger-report-"+strconv.Itoa(year)+"-"+string(lang)+".html")
	title := s.env.T("gui.card.print")
	s.env.Task(title, func(ctx context.Context, _ gui.Progress) error {
		m, err := reports.ForYear(ctx, store, year, lang)
		if err != nil {
			return err
		}
		return gui.WriteAtomically(path, func(f *os.File) error { return reports.RenderWith(f, m, "html", opts) })
	}, func() {
		if err := openPrintable(s.env, path); err != nil {
			s.env.Info(title, s.env.T("gui.card.written", map[string]any{"Path": path}))
		}
	})
}

// onClose asks before closing the shown year.
func (s *screen) onClose() {
	year := s.shown
	s.env.Confirm(s.env.T("gui.report.close_year"),
		s.env.T("gui.report.close_question", map[string]any{"Year": year}),
		s.env.T("gui.report.close_year"), func() { s.closeYear(year) })
}

// closeYear closes year with its report stored; a year whose checks fail at error
// severity is refused with the failing checks named (reports.CloseYear).
func (s *screen) closeYear(year int) {
	s.changeYear(s.env.T("gui.report.close_year"), year, "cli.year_closed", func(ctx context.Context, store domain.Store) error {
		return reports.CloseYear(ctx, store, year)
	})
}

// changeYear runs change (close or reopen year) under a progress dialog, then shows the
// year afresh and says doneKey.
func (s *screen) changeYear(title string, year int, doneKey string, change func(ctx context.Context, store domain.Store) error) {
	store := s.env.Store()
	s.env.Task(title, func(ctx context.Context, _ gui.Progress) error {
		return change(ctx, store)
	}, func() {
		s.load(s.loads.Restart(), store, year, false)
		s.env.Info(title, s.env.T(doneKey, map[string]any{"Year": year}))
	})
}

func (s *screen) onReopen() {
	s.reopen = newReopenDialog(s, s.shown)
	s.reopen.dlg.Show()
}

// reopenDialog asks for the reason a closed year is reopened; the reason is
// required and goes into the audit log.
type reopenDialog struct {
	s       *screen
	year    int
	dlg     dialog.Dialog
	reason  *widget.Entry
	message *widget.Label
	ok      *widget.Button
}

func newReopenDialog(s *screen, year int) *reopenDialog {
	env := s.env
	r := &reopenDialog{s: s, year: year}
	intro := widget.NewLabel(env.T("gui.report.reopen_intro", map[string]any{"Year": year}))
	intro.Wrapping = fyne.TextWrapWord
	r.reason = widget.NewMultiLineEntry()
	r.reason.Wrapping = fyne.TextWrapWord
	r.reason.SetMinRowsVisible(3)
	r.reason.SetPlaceHolder(env.T("gui.report.reason_hint"))
	r.message = widget.NewLabel("")
	r.message.Importance = widget.DangerImportance
	r.message.Hide()
	r.ok = widget.NewButtonWithIcon(env.T("gui.report.reopen_year"), theme.ConfirmIcon(), r.onConfirm)
	r.ok.Importance = widget.HighImportance
	r.ok.Disable()
	r.reason.OnChanged = func(text string) {
		if strings.TrimSpace(text) == "" {
			r.ok.Disable()
		} else {
			r.ok.Enable()
			r.message.Hide()
		}
	}
	cancel := widget.NewButtonWithIcon(env.T("gui.cancel"), theme.CancelIcon(), func() { r.dlg.Hide() })
	body := container.NewVBox(intro,
		widget.NewLabelWithStyle(env.T("gui.report.reason"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		r.reason, r.message, container.NewHBox(layout.NewSpacer(), cancel, r.ok))
	r.dlg = dialog.NewCustomWithoutButtons(env.T("gui.report.reopen_year")+" "+strconv.Itoa(year), body, env.Window)
	r.dlg.Resize(fyne.NewSize(520, 300))
	return r
}

// onConfirm reopens the year with the reason given; an empty reason is refused
// with the domain's own message and nothing changes.
func (r *reopenDialog) onConfirm() {
	reason := strings.TrimSpace(r.reason.Text)
	if reason == "" {
		r.message.SetText(domain.FieldError{Field: "reason", Rule: "required"}.Render(r.s.env.Lang))
		r.message.Show()
		return
	}
	r.dlg.Hide()
	r.s.changeYear(r.s.env.T("gui.report.reopen_year"), r.year, "cli.year_reopened", func(ctx context.Context, store domain.Store) error {
		return store.ReopenYear(ctx, r.year, reason)
	})
}
