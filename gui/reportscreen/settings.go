package reportscreen

import (
	"maps"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"cityledger/domain"
	"cityledger/gui"
)

// settingsForm edits a year's settings: the two 三公 budgets in 元 and the notes the
// report appends to its sentences. A closed year shows them read-only.
type settingsForm struct {
	env  *gui.Env
	card *widget.Card

	purchase *widget.Entry
	running  *widget.Entry
	notes    map[string]*widget.Entry
	save     *widget.Button
	message  *widget.Label

	year     int
	loaded   *domain.YearSettings // as stored; nil when the year has none
	readOnly bool
}

// budgetKeys are the settings' money fields, in form order.
var budgetKeys = []string{"official_purchase_budget", "official_running_budget"}

func newSettingsForm(env *gui.Env, onSave func()) *settingsForm {
	f := &settingsForm{env: env, notes: map[string]*widget.Entry{}}
	f.purchase = widget.NewEntry()
	f.running = widget.NewEntry()
	form := widget.NewForm()
	for i, e := range []*widget.Entry{f.purchase, f.running} {
		e.SetPlaceHolder(env.T("gui.hint.yuan"))
		item := widget.NewFormItem(domain.FieldName(env.Lang, budgetKeys[i]), e)
		item.HintText = env.T("gui.report.budget_hint")
		form.AppendItem(item)
	}
	for _, k := range domain.NoteKeys {
		e := widget.NewMultiLineEntry()
		e.Wrapping = fyne.TextWrapWord
		e.SetMinRowsVisible(2)
		e.SetPlaceHolder(env.T("gui.report.note_hint." + k))
		f.notes[k] = e
		form.AppendItem(widget.NewFormItem(domain.FieldName(env.Lang, "note_"+k), e))
	}
	f.save = widget.NewButtonWithIcon(env.T("gui.save"), theme.DocumentSaveIcon(), onSave)
	f.save.Importance = widget.HighImportance
	f.message = widget.NewLabel("")
	f.message.Wrapping = fyne.TextWrapWord
	f.message.Hide()
	f.card = widget.NewCard(env.T("entity.year-settings"), env.T("gui.report.settings_intro"),
		container.NewVBox(form, f.message, container.NewHBox(f.save)))
	return f
}

// set shows the settings of year (nil: none yet), read-only when the year is closed.
func (f *settingsForm) set(year int, st *domain.YearSettings, closed bool) {
	f.year, f.loaded, f.readOnly = year, st, closed
	f.card.SetTitle(f.env.T("gui.report.settings_title", map[string]any{"Year": year}))
	amount := func(v *domain.Fen) string {
		if v == nil {
			return ""
		}
		return v.Yuan()
	}
	var notes map[string]string
	if st != nil {
		f.purchase.SetText(amount(st.OfficialPurchaseBudget))
		f.running.SetText(amount(st.OfficialRunningBudget))
		notes = st.Notes
	} else {
		f.purchase.SetText("")
		f.running.SetText("")
	}
	for _, k := range domain.NoteKeys {
		f.notes[k].SetText(notes[k])
	}
	for _, e := range f.entries() {
		if closed {
			e.Disable()
		} else {
			e.Enable()
		}
	}
	if closed {
		f.save.Disable()
	} else {
		f.save.Enable()
	}
	f.message.Hide()
}

// edited reports whether the form holds changes not yet saved.
func (f *settingsForm) edited() bool {
	if f.readOnly {
		return false
	}
	next, bad := f.read()
	if len(bad) > 0 {
		return true
	}
	was := &domain.YearSettings{Notes: map[string]string{}}
	if f.loaded != nil {
		was = f.loaded
	}
	same := func(a, b *domain.Fen) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
	if !same(next.OfficialPurchaseBudget, was.OfficialPurchaseBudget) || !same(next.OfficialRunningBudget, was.OfficialRunningBudget) {
		return true
	}
	for _, k := range domain.NoteKeys {
		if next.Notes[k] != strings.TrimSpace(was.Notes[k]) {
			return true
		}
	}
	return false
}

func (f *settingsForm) entries() []*widget.Entry {
	out := []*widget.Entry{f.purchase, f.running}
	for _, k := range domain.NoteKeys {
		out = append(out, f.notes[k])
	}
	return out
}

// read turns the form into the settings to save, or the broken rules (the domain's
// own: a budget that is no amount, a third decimal, a negative budget).
func (f *settingsForm) read() (*domain.YearSettings, []domain.FieldError) {
	next := &domain.YearSettings{Year: f.year, Notes: map[string]string{}}
	if f.loaded != nil {
		next.Version = f.loaded.Version
		next.Closed = f.loaded.Closed
		maps.Copy(next.Notes, f.loaded.Notes)
	}
	var bad []domain.FieldError
	for i, e := range []*widget.Entry{f.purchase, f.running} {
		v := strings.TrimSpace(e.Text)
		var amount *domain.Fen
		if v != "" {
			fen, fe := domain.ParseAmount(budgetKeys[i], v)
			if fe != nil {
				bad = append(bad, *fe)
				continue
			}
			amount = &fen
		}
		if i == 0 {
			next.OfficialPurchaseBudget = amount
		} else {
			next.OfficialRunningBudget = amount
		}
	}
	for _, k := range domain.NoteKeys {
		if v := strings.TrimSpace(f.notes[k].Text); v != "" {
			next.Notes[k] = v
		} else {
			delete(next.Notes, k)
		}
	}
	bad = append(bad, domain.FieldErrors(next.Validate())...)
	return next, bad
}

func (f *settingsForm) saving(on bool) {
	if on || f.readOnly {
		f.save.Disable()
	} else {
		f.save.Enable()
	}
}

// showErrors lists the broken rules under the form (nil hides them).
func (f *settingsForm) showErrors(fe []domain.FieldError) {
	if len(fe) == 0 {
		f.message.Hide()
		return
	}
	lines := make([]string, len(fe))
	for i, e := range fe {
		lines[i] = e.Render(f.env.Lang)
	}
	f.ShowMessage(strings.Join(lines, "\n"))
}

func (f *settingsForm) ShowMessage(msg string) {
	f.message.Importance = widget.DangerImportance
	f.message.SetText(msg)
	f.message.Show()
}

func (f *settingsForm) showSaved(msg string) {
	f.message.Importance = widget.SuccessImportance
	f.message.SetText(msg)
	f.message.Show()
}
