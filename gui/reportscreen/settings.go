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

// settingsForm edits a year's settings: every key of domain.SettingKeys, grouped as
// the report uses them (公务用车, 因公出国（境）, 公务接待, 预算绩效管理, heading numbers).
// Amounts are in 元, counts whole numbers; an empty entry is "not set", 0 is a value.
// A closed year shows them read-only.
type settingsForm struct {
	env  *gui.Env
	card *widget.Card

	// entries holds one entry per setting key, in SettingKeys order (order).
	entries map[string]*widget.Entry
	order   []string
	save    *widget.Button
	message *widget.Label

	year     int
	loaded   *domain.YearSettings // as stored; nil when the year has none
	readOnly bool
}

func newSettingsForm(env *gui.Env, onSave func()) *settingsForm {
	f := &settingsForm{env: env, entries: map[string]*widget.Entry{}}
	box := container.NewVBox()
	var form *widget.Form
	group := ""
	for _, k := range domain.SettingKeys {
		if k.Group != group {
			group = k.Group
			box.Add(widget.NewLabelWithStyle(env.T("gui.report.group."+group), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
			form = widget.NewForm()
			box.Add(form)
		}
		var e *widget.Entry
		var item *widget.FormItem
		switch k.Kind {
		case domain.SettingText:
			e = widget.NewMultiLineEntry()
			e.Wrapping = fyne.TextWrapWord
			e.SetMinRowsVisible(2)
			if hint := "gui.report.note_hint." + strings.TrimPrefix(k.Key, "note_"); env.T(hint) != hint {
				e.SetPlaceHolder(env.T(hint))
			}
			item = widget.NewFormItem(domain.FieldName(env.Lang, k.Key), e)
		case domain.SettingMoney:
			e = widget.NewEntry()
			e.SetPlaceHolder(env.T("gui.hint.yuan"))
			item = widget.NewFormItem(domain.FieldName(env.Lang, k.Key), e)
			item.HintText = env.T("gui.report.budget_hint")
			if !strings.HasSuffix(k.Key, "budget") {
				item.HintText = env.T("gui.report.amount_hint")
			}
		case domain.SettingCount:
			e = widget.NewEntry()
			item = widget.NewFormItem(domain.FieldName(env.Lang, k.Key), e)
			item.HintText = env.T("gui.report.count_hint")
		case domain.SettingHeading:
			e = widget.NewEntry()
			e.SetPlaceHolder(env.T("gui.report.heading_hint"))
			item = widget.NewFormItem(domain.FieldName(env.Lang, k.Key), e)
		}
		f.entries[k.Key] = e
		f.order = append(f.order, k.Key)
		form.AppendItem(item)
	}
	f.save = widget.NewButtonWithIcon(env.T("gui.save"), theme.DocumentSaveIcon(), onSave)
	f.save.Importance = widget.HighImportance
	env.Guard(domain.RoleFinance, f.save)
	f.message = widget.NewLabel("")
	f.message.Wrapping = fyne.TextWrapWord
	f.message.Hide()
	f.card = widget.NewCard(env.T("entity.year-settings"), env.T("gui.report.settings_intro"),
		container.NewVBox(box, f.message, container.NewHBox(f.save)))
	return f
}

// entry is the entry of a setting key.
func (f *settingsForm) entry(key string) *widget.Entry { return f.entries[key] }

// set shows the settings of year (nil: none yet), read-only when the year is closed.
func (f *settingsForm) set(year int, st *domain.YearSettings, closed bool) {
	f.year, f.loaded, f.readOnly = year, st, closed
	f.card.SetTitle(f.env.T("gui.report.settings_title", map[string]any{"Year": year}))
	if st == nil {
		st = &domain.YearSettings{}
	}
	for _, k := range f.order {
		v, _ := st.Value(k)
		f.entries[k].SetText(v)
	}
	for _, e := range f.entryList() {
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
	was := &domain.YearSettings{}
	if f.loaded != nil {
		was = f.loaded
	}
	for _, k := range f.order {
		a, _ := next.Value(k)
		b, _ := was.Value(k)
		if a != strings.TrimSpace(b) {
			return true
		}
	}
	return false
}

func (f *settingsForm) entryList() []*widget.Entry {
	out := make([]*widget.Entry, len(f.order))
	for i, k := range f.order {
		out[i] = f.entries[k]
	}
	return out
}

// read turns the form into the settings to save, or the broken rules (the domain's
// own: an amount that is no amount, a third decimal, a negative budget, a count that
// is not a whole number).
func (f *settingsForm) read() (*domain.YearSettings, []domain.FieldError) {
	next := &domain.YearSettings{Year: f.year, Notes: map[string]string{}, Amounts: map[string]domain.Fen{},
		Counts: map[string]int64{}, Headings: map[string]string{}}
	if f.loaded != nil {
		next.Version = f.loaded.Version
		next.Closed = f.loaded.Closed
		// Notes the form does not show (none today) are kept as stored.
		maps.Copy(next.Notes, f.loaded.Notes)
	}
	var bad []domain.FieldError
	for _, k := range f.order {
		if fe := next.Set(k, f.entries[k].Text); fe != nil {
			bad = append(bad, *fe)
		}
	}
	bad = append(bad, domain.FieldErrors(next.Validate())...)
	return next, bad
}

// focus puts the cursor in the entry of a setting key and scrolls it into view.
func (f *settingsForm) focus(key string, scroll *container.Scroll) {
	e := f.entries[key]
	if e == nil {
		return
	}
	if scroll != nil {
		d := fyne.CurrentApp().Driver()
		top := d.AbsolutePositionForObject(scroll.Content)
		at := d.AbsolutePositionForObject(e)
		scroll.ScrollToOffset(fyne.NewPos(0, at.Y-top.Y-theme.Padding()))
	}
	if c := f.env.Window.Canvas(); c != nil && !e.Disabled() {
		c.Focus(e)
	}
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
