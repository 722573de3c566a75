// Package reportscreen is the desktop app's annual-report screen: choose the year, edit
// its settings (三公 budgets and the report's notes), read the checks, preview the
// report and export it in every format, and close or reopen the year.
//
// Everything that touches the store or renders a report runs off the UI goroutine
// through gui.Env.Load and gui.Env.Task; their callbacks push the results into widgets.
package reportscreen

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"cityledger/domain"
	"cityledger/domain/i18n"
	"cityledger/gui"
	"cityledger/gui/projects"
	"cityledger/reports"
)

// Route plugs the screen into the window in place of the report placeholder.
func Route() gui.Route {
	return gui.Route{ID: "report", Title: "gui.nav.report", Icon: theme.DocumentIcon(),
		New: func(env *gui.Env) gui.Screen { return newScreen(env) }}
}

// screen is the report screen of one window.
type screen struct {
	env *gui.Env

	year      *widget.Select
	banner    *fyne.Container
	bannerMsg *widget.Label
	exports   []*widget.Button
	closeBtn  *widget.Button
	reopenBtn *widget.Button

	settings *settingsForm
	// left scrolls the settings and the findings; a finding's jump scrolls it.
	left *container.Scroll

	// The export options: the checks as an appendix, amounts with two decimals.
	withChecks    *widget.Check
	fixedDecimals *widget.Check

	checkSummary *widget.Label
	// findings are the checks listed, in order; jump opens where one is fixed.
	findings []reports.Check
	// lastJump is what the last jump opened (tests drive it).
	lastJump  *projects.ProjectField
	checkIcon *widget.Icon
	checkList *fyne.Container

	preview       *fyne.Container
	previewScroll *container.Scroll
	// previewTexts is every paragraph, heading and table cell of the preview in print
	// order: what tests and the screen's own search read.
	previewTexts []string

	content fyne.CanvasObject

	// Loaded state of the year shown.
	shown  int
	closed bool
	// loads is the context of the year's loads: showing another cancels them.
	loads gui.Restarter

	// reopen is the reopen dialog last opened (tests drive it).
	reopen *reopenDialog
}

func newScreen(env *gui.Env) *screen {
	s := &screen{env: env}
	s.build()
	return s
}

func (s *screen) Content() fyne.CanvasObject { return s.content }

func (s *screen) build() {
	env := s.env
	s.year = gui.NewYearSelect(env, s.onYear)

	lock := widget.NewIcon(theme.WarningIcon())
	s.bannerMsg = widget.NewLabel("")
	s.bannerMsg.Wrapping = fyne.TextWrapWord
	s.bannerMsg.TextStyle = fyne.TextStyle{Bold: true}
	bannerBg := canvas.NewRectangle(theme.Color(theme.ColorNameWarning))
	bannerBg.FillColor = withAlpha(theme.Color(theme.ColorNameWarning), 0x40)
	bannerBg.CornerRadius = theme.InputRadiusSize()
	s.banner = container.NewStack(bannerBg, container.NewBorder(nil, nil, lock, nil, s.bannerMsg))
	s.banner.Hide()

	exportRow := container.NewHBox(widget.NewLabel(env.T("gui.report.export")))
	for _, f := range reports.Formats {
		b := widget.NewButtonWithIcon(env.T("gui.format."+f), theme.DocumentSaveIcon(), func() { s.onExport(f) })
		s.exports = append(s.exports, b)
		exportRow.Add(b)
	}
	printBtn := widget.NewButtonWithIcon(env.T("gui.card.print"), theme.DocumentPrintIcon(), s.Print)
	s.exports = append(s.exports, printBtn)
	exportRow.Add(printBtn)
	s.withChecks = widget.NewCheck(env.T("gui.report.with_checks"), nil)
	s.fixedDecimals = widget.NewCheck(env.T("gui.report.fixed_decimals"), nil)
	exportRow.Add(s.withChecks)
	exportRow.Add(s.fixedDecimals)
	s.closeBtn = widget.NewButtonWithIcon(env.T("gui.report.close_year"), theme.ConfirmIcon(), s.onClose)
	s.reopenBtn = widget.NewButtonWithIcon(env.T("gui.report.reopen_year"), theme.ViewRefreshIcon(), s.onReopen)
	s.reopenBtn.Hide()
	env.Guard(domain.RoleFinance, s.closeBtn, s.reopenBtn)

	title := widget.NewLabelWithStyle(env.T("gui.nav.report"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	header := container.NewBorder(nil, nil, title,
		container.NewHBox(widget.NewLabel(env.T("field.year")), s.year))
	tools := container.NewBorder(nil, nil, nil, container.NewHBox(s.closeBtn, s.reopenBtn), exportRow)

	s.settings = newSettingsForm(env, s.onSave)

	s.checkIcon = widget.NewIcon(theme.InfoIcon())
	s.checkSummary = widget.NewLabel(env.T("gui.loading"))
	s.checkSummary.Wrapping = fyne.TextWrapWord
	s.checkList = container.NewVBox()
	checks := widget.NewCard(env.T("gui.report.checks"), "", container.NewVBox(
		container.NewBorder(nil, nil, s.checkIcon, nil, s.checkSummary), s.checkList))

	// The findings come first: they say what to fix, and their buttons lead to it.
	left := container.NewVScroll(container.NewVBox(checks, s.settings.card))
	s.left = left
	s.preview = container.NewVBox(widget.NewLabel(env.T("gui.loading")))
	s.previewScroll = container.NewVScroll(container.NewPadded(s.preview))
	right := widget.NewCard(env.T("gui.report.preview"), "", s.previewScroll)
	split := container.NewHSplit(left, right)
	split.Offset = 0.4

	s.content = container.NewBorder(container.NewVBox(header, s.banner, tools), nil, nil, nil, split)
}

// Refresh reloads the years, the chosen year's settings, checks and preview.
func (s *screen) Refresh() {
	year := s.env.Year()
	store := s.env.Store()
	ctx := s.loads.Restart()
	gui.LoadYears(ctx, s.env, s.year, year, s.env.Today().Year())
	s.load(ctx, store, year, true)
}

// onYear shows the year chosen.
func (s *screen) onYear(year int) {
	s.load(s.loads.Restart(), s.env.Store(), year, false)
}

// yearState is what the screen shows of one year, loaded together so that the
// settings, the closed banner and the preview never disagree.
type yearState struct {
	year     int
	settings *domain.YearSettings // nil when the year has none yet
	model    *reports.Model
	// findings are the year's checks (a closed year's: archived, plus what the
	// registers no longer give).
	findings []reports.Check
}

func loadYear(ctx context.Context, store domain.Store, year int, lang i18n.Lang) (*yearState, error) {
	st := &yearState{year: year}
	set, err := store.GetYearSettings(ctx, year)
	switch {
	case domain.ErrorKind(err) == domain.KindNotFound:
	case err != nil:
		return nil, err
	default:
		st.settings = set
	}
	if st.model, err = reports.ForYear(ctx, store, year, lang); err != nil {
		return nil, err
	}
	st.findings = st.model.Checks
	if st.settings != nil && st.settings.Closed {
		if st.findings, err = reports.CheckYear(ctx, store, year, lang); err != nil {
			return nil, err
		}
	}
	return st, nil
}

// load shows year afresh. keepEdits keeps what the person typed into the settings
// form and not yet saved when the year is the one already shown and still open (the
// screen is refreshed each time it is shown); the form then keeps the version it was
// loaded at, so that saving over someone else's change is reported as a conflict.
func (s *screen) load(ctx context.Context, store domain.Store, year int, keepEdits bool) {
	s.setLoading()
	lang := s.env.Lang
	s.env.Load(ctx, func(ctx context.Context) (func(), error) {
		st, err := loadYear(ctx, store, year, lang)
		if err != nil {
			return nil, err
		}
		return func() { s.refreshYear(st, keepEdits) }, nil
	})
}

func (s *screen) setLoading() {
	s.checkSummary.SetText(s.env.T("gui.loading"))
	for _, b := range s.exports {
		b.Disable()
	}
	s.closeBtn.Disable()
	s.reopenBtn.Disable()
}

// refreshYear pushes a loaded year into every part of the screen (see load for
// keepEdits).
func (s *screen) refreshYear(st *yearState, keepEdits bool) {
	closed := st.settings != nil && st.settings.Closed
	if !(keepEdits && !closed && st.year == s.shown && s.settings.edited()) {
		s.settings.set(st.year, st.settings, closed)
	}
	s.shown = st.year
	s.closed = closed
	s.refreshClosed()
	s.refreshChecks(st.findings)
	s.refreshPreview(st.model)
	for _, b := range s.exports {
		b.Enable()
	}
}

func (s *screen) refreshClosed() {
	if s.closed {
		s.bannerMsg.SetText(s.env.T("cli.year_closed", map[string]any{"Year": s.shown}) + "\n" +
			s.env.T("gui.report.closed_hint"))
		s.banner.Show()
		s.closeBtn.Hide()
		s.reopenBtn.Show()
		if s.env.May(domain.RoleFinance) {
			s.reopenBtn.Enable()
		}
		return
	}
	s.banner.Hide()
	s.reopenBtn.Hide()
	s.closeBtn.Show()
	if s.env.May(domain.RoleFinance) {
		s.closeBtn.Enable()
	}
}

// refreshChecks lists the findings, each with a button that opens where it is fixed
// (the settings entry, the project form's field, the indicator's row) when it names one.
func (s *screen) refreshChecks(findings []reports.Check) {
	var errs, warns int
	s.findings = findings
	s.checkList.RemoveAll()
	for i, c := range findings {
		icon := theme.WarningIcon()
		imp := widget.WarningImportance
		if c.Severity == reports.SeverityError {
			errs++
			icon = theme.ErrorIcon()
			imp = widget.DangerImportance
		} else {
			warns++
		}
		msg := widget.NewLabel(s.env.T("report.severity."+c.Severity) + s.env.T("report.sep.label") + c.Message)
		msg.Wrapping = fyne.TextWrapWord
		msg.Importance = imp
		var jump fyne.CanvasObject
		if c.Field != "" {
			b := widget.NewButtonWithIcon(s.env.T("gui.report.go_to"), theme.NavigateNextIcon(), func() { s.onFinding(i) })
			b.Importance = widget.LowImportance
			jump = container.NewVBox(b)
		}
		s.checkList.Add(container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(icon)), jump, msg))
	}
	p := map[string]any{"Errors": errs, "Warnings": warns}
	switch {
	case errs > 0:
		s.checkIcon.SetResource(theme.ErrorIcon())
		s.checkSummary.Importance = widget.DangerImportance
		s.checkSummary.SetText(s.env.T("gui.report.checks_failed", p))
	case warns > 0:
		s.checkIcon.SetResource(theme.WarningIcon())
		s.checkSummary.Importance = widget.WarningImportance
		s.checkSummary.SetText(s.env.T("gui.report.checks_warnings", p))
	default:
		s.checkIcon.SetResource(theme.ConfirmIcon())
		s.checkSummary.Importance = widget.SuccessImportance
		s.checkSummary.SetText(s.env.T("gui.report.checks_ok", p))
	}
}

// onFinding opens where finding i is fixed: a year setting's entry in the form on the
// left, or the project (its form, or its indicator editor on the row) the finding is
// about.
func (s *screen) onFinding(i int) {
	if i < 0 || i >= len(s.findings) {
		return
	}
	c := s.findings[i]
	if _, ok := domain.LookupSetting(c.Field); ok {
		s.settings.focus(c.Field, s.left)
		return
	}
	if c.Subject == "" {
		return
	}
	s.lastJump = nil
	projects.EditProjectField(s.env, s.shown, c.Subject, c.Field, func(pf *projects.ProjectField) { s.lastJump = pf })
}

func (s *screen) refreshPreview(m *reports.Model) {
	objs, texts := previewObjects(s.env, m)
	s.previewTexts = texts
	s.preview.Objects = objs
	s.preview.Refresh()
	s.previewScroll.ScrollToTop()
}

// onSave validates and saves the settings form, then shows the year again.
func (s *screen) onSave() {
	year := s.shown
	next, fieldErrs := s.settings.read()
	if len(fieldErrs) > 0 {
		s.settings.showErrors(fieldErrs)
		return
	}
	s.settings.showErrors(nil)
	store := s.env.Store()
	lang := s.env.Lang
	ctx := s.loads.Restart()
	s.settings.saving(true)
	s.env.Load(ctx, func(ctx context.Context) (func(), error) {
		err := store.SaveYearSettings(ctx, next)
		if fe := domain.FieldErrors(err); domain.ErrorKind(err) == domain.KindInvalid && len(fe) > 0 {
			return func() {
				s.settings.saving(false)
				s.settings.showErrors(fe)
			}, nil
		}
		if err != nil {
			// A closed year (closed from another window meanwhile) or an edit someone
			// else saved first: show the message and the year as it now is.
			st, loadErr := loadYear(ctx, store, year, lang)
			return func() {
				s.settings.saving(false)
				s.settings.ShowMessage(domain.Message(lang, err))
				if loadErr == nil {
					s.refreshYear(st, false)
					s.settings.ShowMessage(domain.Message(lang, err))
				}
			}, nil
		}
		st, err := loadYear(ctx, store, year, lang)
		if err != nil {
			return nil, err
		}
		return func() {
			s.settings.saving(false)
			s.refreshYear(st, false)
			s.settings.showSaved(s.env.T("report.cli.saved", map[string]any{"Year": year}))
		}, nil
	})
}
