package records

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"cityledger/domain"
	"cityledger/gui"
	"cityledger/gui/widgets"
)

// FormOptions say what the maintenance entry form is for.
type FormOptions struct {
	// Class and AssetIDs fix the assets: one record is added per asset (bulk entry from a
	// register, or one asset from its detail). Without AssetIDs the form has an asset picker.
	Class    domain.Class
	AssetIDs []int64
	Asset    *domain.Asset
	// Record is the record to edit; nil adds.
	Record *domain.Record
	// Prefill, when adding, is the record the form starts from (the maintenance a case
	// caused: its date, work type, project and case number, which the record keeps).
	Prefill *domain.Record
	OnSaved func()
}

// Form is the maintenance entry form.
type Form struct {
	env  *gui.Env
	opts FormOptions

	date, quantity, cost, contractor, note *widget.Entry
	workType, funding, qUnit, project      *widget.Select
	workTypes                              []string // what workType offers, by the class
	saved                                  string   // the input as filled (state)

	projects []domain.Project
	projYear int

	// The asset picker (when no assets are fixed).
	pickClass   *widget.Select
	classKeys   []domain.Class // the picker's classes, in its order
	pickSearch  *widget.Entry
	pickList    *widget.List
	pickFound   []domain.Asset
	picked      *domain.Asset
	pickedLabel *widget.Label

	errText *widgets.ProblemText
	saveBtn *widget.Button
	actions *fyne.Container
	dlg     dialog.Dialog
}

// defaultQuantityUnit is the unit a job on an asset of class c is usually counted in:
// the class's quantity unit, when records may be counted in it.
func defaultQuantityUnit(env *gui.Env, c domain.Class) string {
	if d, ok := env.ClassOf(c); ok && domain.OneOf(d.QuantityUnit, domain.QuantityUnits) {
		return d.QuantityUnit
	}
	return "次"
}

// NewForm builds the maintenance entry form for opts (Show opens it).
func NewForm(env *gui.Env, opts FormOptions) *Form {
	f := &Form{env: env, opts: opts}
	f.build()
	return f
}

func (f *Form) build() {
	env := f.env
	dateField := widgets.NewDateEntry(env)
	f.date = &dateField.Entry.Entry
	f.date.OnChanged = func(string) { f.loadProjects() }
	f.workTypes = domain.WorkTypes
	f.workType = env.NewSelect(widgets.EnumLabels(env, f.workTypes), nil)
	f.funding = env.NewSelect(widgets.EnumLabels(env, domain.Fundings), nil)
	f.quantity = widget.NewEntry()
	f.qUnit = env.NewSelect(widgets.EnumLabels(env, domain.QuantityUnits), nil)
	f.cost = widget.NewEntry()
	f.cost.SetPlaceHolder(env.T("gui.hint.yuan"))
	f.contractor = widget.NewEntry()
	f.note = widget.NewEntry()
	f.project = env.NewSelect([]string{env.T("stats.basic")}, nil)

	form := widget.NewForm()
	var intro fyne.CanvasObject = widget.NewLabel("")
	switch {
	case len(f.opts.AssetIDs) > 1:
		l := widget.NewLabel(env.T("gui.records.bulk_intro", map[string]any{"N": len(f.opts.AssetIDs),
			"Unit": widgets.MeasureWord(env, f.opts.Class)}))
		l.Wrapping = fyne.TextWrapWord
		intro = l
	case f.opts.Asset != nil:
		intro = widget.NewLabel(env.ClassName(f.opts.Asset.Class) + " " + f.opts.Asset.Code)
	case len(f.opts.AssetIDs) == 0:
		form.Append(env.T("field.asset_class"), f.buildPicker())
		form.Append("", f.pickedLabel)
	}
	form.Append(widgets.FieldName(env, "date")+" *", dateField)
	form.Append(widgets.FieldName(env, "work_type")+" *", f.workType)
	form.Append(widgets.FieldName(env, "project_code"), f.project)
	form.Append(widgets.FieldName(env, "funding"), f.funding)
	form.Append(widgets.FieldName(env, "quantity"), container.NewGridWithColumns(2, f.quantity, f.qUnit))
	costLabel := widgets.FieldName(env, "cost") + " *"
	if len(f.opts.AssetIDs) > 1 {
		costLabel = env.T("gui.records.cost_each") + " *"
	}
	form.Append(costLabel, f.cost)
	form.Append(widgets.FieldName(env, "contractor"), f.contractor)
	form.Append(widgets.FieldName(env, "note"), f.note)
	caseNo := ""
	if f.opts.Record != nil {
		caseNo = f.opts.Record.CaseNo
	} else if f.opts.Prefill != nil {
		caseNo = f.opts.Prefill.CaseNo
	}
	if caseNo != "" {
		form.Append(widgets.FieldName(env, "case_no"), widget.NewLabel(caseNo))
	}

	f.errText = widgets.NewProblemText()
	f.saveBtn = widget.NewButton(env.T("gui.save"), f.onSave)
	f.saveBtn.Importance = widget.HighImportance
	env.Guard(domain.RoleEditor, f.saveBtn)
	cancel := widget.NewButton(env.T("gui.cancel"), f.Close)
	f.actions = container.NewHBox(layout.NewSpacer(), cancel, f.saveBtn)
	body := container.NewBorder(intro, f.errText.Above(f.actions),
		nil, nil, container.NewVScroll(form))
	f.errText.Relayout(body)
	title := env.T("gui.records.add")
	if f.opts.Record != nil {
		title = env.T("gui.records.edit")
	}
	f.dlg = dialog.NewCustomWithoutButtons(title, body, env.Window)
	env.TrackDialog(f.dlg, gui.DialogKeys{Save: f.onSave, Close: f.Close}, nil)
	f.dlg.Resize(fyne.NewSize(600, 640))

	f.fill()
	f.offerWorkTypes()
	f.saved = f.state()
}

// buildPicker is the asset picker: a class, a search box and the matching assets.
func (f *Form) buildPicker() fyne.CanvasObject {
	env := f.env
	classes := []string{env.T("gui.records.no_class")}
	f.classKeys = env.Catalogue().Keys()
	for _, c := range f.classKeys {
		classes = append(classes, env.ClassName(c))
	}
	f.pickedLabel = widget.NewLabel(env.T("gui.records.no_asset"))
	f.pickedLabel.Wrapping = fyne.TextWrapWord
	f.pickClass = env.NewSelect(classes, func(string) {
		f.offerWorkTypes()
		f.picked = nil
		f.refreshPicked()
		if c := f.pickedClass(); c != "" {
			f.qUnit.SetSelected(env.Enum(defaultQuantityUnit(env, c)))
		}
		f.onPickSearch()
	})
	f.pickSearch = widget.NewEntry()
	f.pickSearch.SetPlaceHolder(env.T("gui.records.pick_search"))
	f.pickSearch.OnChanged = func(string) { f.onPickSearch() }
	f.pickList = widget.NewList(func() int { return len(f.pickFound) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(widgets.AssetLabel(&f.pickFound[i]))
		})
	f.pickList.OnSelected = func(i widget.ListItemID) {
		if i >= 0 && i < len(f.pickFound) {
			a := f.pickFound[i]
			f.picked = &a
			f.refreshPicked()
		}
	}
	list := container.NewGridWrap(fyne.NewSize(380, 120), f.pickList)
	return container.NewVBox(container.NewGridWithColumns(2, f.pickClass, f.pickSearch), list)
}

func (f *Form) pickedClass() domain.Class {
	if f.pickClass == nil {
		return f.opts.Class
	}
	if i := f.pickClass.SelectedIndex(); i > 0 && i-1 < len(f.classKeys) {
		return f.classKeys[i-1]
	}
	return ""
}

func (f *Form) refreshPicked() {
	if f.picked == nil {
		f.pickedLabel.SetText(f.env.T("gui.records.no_asset"))
		return
	}
	f.pickedLabel.SetText(f.env.T("gui.records.picked", map[string]any{
		"Class": f.env.ClassName(f.picked.Class), "Asset": widgets.AssetLabel(f.picked)}))
}

// onPickSearch looks up the assets of the chosen class matching the search text.
func (f *Form) onPickSearch() {
	c := f.pickedClass()
	if c == "" {
		f.pickFound = nil
		f.pickList.Refresh()
		return
	}
	q := strings.TrimSpace(f.pickSearch.Text)
	store := f.env.Store()
	f.env.Load(context.Background(), func(ctx context.Context) (func(), error) {
		found, err := store.FindAssets(ctx, domain.AssetFilter{Class: c, Search: q, Limit: 30})
		if err != nil {
			return nil, err
		}
		return func() {
			if f.pickedClass() != c || strings.TrimSpace(f.pickSearch.Text) != q {
				return
			}
			f.pickFound = found
			f.pickList.UnselectAll()
			f.pickList.Refresh()
		}, nil
	})
}

func (f *Form) fill() {
	env := f.env
	r := f.opts.Record
	if r == nil {
		f.date.SetText(string(f.defaultDate()))
		f.funding.SetSelected(env.Enum(domain.FundFiscal))
		if f.opts.Class != "" {
			f.qUnit.SetSelected(env.Enum(defaultQuantityUnit(f.env, f.opts.Class)))
			f.quantity.SetText("1")
		}
		if p := f.opts.Prefill; p != nil {
			if p.Date != "" {
				f.date.SetText(string(p.Date))
			}
			widgets.SetSelectValue(env, f.workType, p.WorkType)
			if p.Funding != "" {
				widgets.SetSelectValue(env, f.funding, p.Funding)
			}
			f.note.SetText(p.Note)
		}
		f.loadProjects()
		return
	}
	f.date.SetText(string(r.Date))
	widgets.SetSelectValue(env, f.workType, r.WorkType)
	widgets.SetSelectValue(env, f.funding, r.Funding)
	if r.Quantity != 0 {
		f.quantity.SetText(strconv.FormatFloat(r.Quantity, 'f', -1, 64))
	}
	widgets.SetSelectValue(env, f.qUnit, r.QuantityUnit)
	f.cost.SetText(r.Cost.Yuan())
	f.contractor.SetText(r.Contractor)
	f.note.SetText(r.Note)
	if f.pickClass != nil {
		if r.AssetClass != "" {
			f.pickClass.SetSelected(env.ClassName(r.AssetClass))
		} else {
			f.pickClass.SetSelectedIndex(0)
		}
		if r.AssetID != 0 {
			f.picked = &domain.Asset{ID: r.AssetID, Class: r.AssetClass, Code: r.AssetCode}
			f.refreshPicked()
		}
	}
	f.loadProjects()
}

// defaultDate is today when the working year is this year, else the working year's last day.
func (f *Form) defaultDate() domain.Date {
	today := f.env.Today()
	if y := f.env.Year(); y != today.Year() {
		return domain.YearEnd(y)
	}
	return today
}

// loadProjects fills the project list with the projects of the date's year.
func (f *Form) loadProjects() {
	y := domain.Date(strings.TrimSpace(f.date.Text)).Year()
	if !domain.Date(strings.TrimSpace(f.date.Text)).Valid() || y == f.projYear {
		return
	}
	f.projYear = y
	// A project chosen for another year is looked for by its code in the new year.
	prevCode := ""
	if i := f.project.SelectedIndex(); i > 0 && i-1 < len(f.projects) {
		prevCode = f.projects[i-1].Code
	} else if f.projects == nil && f.opts.Record != nil {
		prevCode = f.opts.Record.ProjectCode
	} else if f.projects == nil && f.opts.Prefill != nil {
		prevCode = f.opts.Prefill.ProjectCode
	}
	store := f.env.Store()
	f.env.Load(context.Background(), func(ctx context.Context) (func(), error) {
		ps, err := store.ListProjects(ctx, y)
		if err != nil {
			return nil, err
		}
		return func() {
			if f.projYear != y {
				return
			}
			f.projects = ps
			opts := []string{f.env.T("stats.basic")}
			sel := 0
			for i, p := range ps {
				opts = append(opts, p.Code+" "+p.Name)
				if prevCode != "" && p.Code == prevCode {
					sel = i + 1
				}
			}
			f.project.Options = opts
			f.project.SetSelectedIndex(sel)
			if prevCode != "" && sel == 0 {
				f.errText.Set(f.env.T("gui.records.project_gone", map[string]any{"Code": prevCode, "Year": y}))
			}
		}, nil
	})
}

// read builds the record the form describes (without its asset) and the broken rules of
// values that do not parse.
func (f *Form) read() (domain.Record, []domain.FieldError) {
	var r domain.Record
	switch {
	case f.opts.Record != nil:
		r = *f.opts.Record
	case f.opts.Prefill != nil:
		r = domain.Record{CaseNo: f.opts.Prefill.CaseNo}
	}
	var bad []domain.FieldError
	if text := strings.TrimSpace(f.date.Text); text != "" {
		// 2020/3/15 and 2020年3月15日 read as the date they are.
		d, fe := domain.ParseDate("date", text, "")
		if fe != nil {
			bad = append(bad, *fe)
		}
		r.Date = d
	}
	r.WorkType = widgets.SelectValue(f.workType, f.workTypes)
	r.Funding = widgets.SelectValue(f.funding, domain.Fundings)
	r.QuantityUnit = widgets.SelectValue(f.qUnit, domain.QuantityUnits)
	q := strings.TrimSpace(f.quantity.Text)
	if v, ok := widgets.ParseNumber(q); ok {
		r.Quantity = v
	} else {
		bad = append(bad, domain.FieldError{Field: "quantity", Value: q, Rule: "number"})
	}
	c := strings.TrimSpace(f.cost.Text)
	if c == "" {
		bad = append(bad, domain.FieldError{Field: "cost", Rule: "required"})
	} else if v, fe := domain.ParseAmount("cost", c); fe != nil {
		bad = append(bad, *fe)
	} else {
		r.Cost = v
	}
	r.Contractor = strings.TrimSpace(f.contractor.Text)
	r.Note = strings.TrimSpace(f.note.Text)
	r.ProjectID, r.ProjectCode = 0, ""
	if i := f.project.SelectedIndex(); i > 0 && i-1 < len(f.projects) {
		p := f.projects[i-1]
		r.ProjectID, r.ProjectCode = p.ID, p.Code
		if r.Date.Valid() && r.Date.Year() != p.Year {
			bad = append(bad, domain.FieldError{Field: "date", Value: string(r.Date), Rule: "outside_project_year",
				Params: map[string]string{"Year": strconv.Itoa(p.Year)}})
		}
	}
	if f.pickClass != nil {
		r.AssetClass = f.pickedClass()
		r.AssetID, r.AssetCode = 0, ""
		if f.picked != nil && f.picked.Class == r.AssetClass {
			r.AssetID, r.AssetCode = f.picked.ID, f.picked.Code
		}
	} else {
		r.AssetClass = f.opts.Class
	}
	return r, bad
}

// records are the records to save: one per fixed asset, or the one of the picker.
func (f *Form) records() ([]domain.Record, error) {
	r, bad := f.read()
	seen := map[string]bool{}
	for _, b := range bad {
		seen[b.Field] = true
	}
	probe := r
	if len(f.opts.AssetIDs) > 0 {
		probe.AssetID = f.opts.AssetIDs[0]
	}
	for _, fe := range domain.FieldErrors(probe.Validate()) {
		if !seen[fe.Field] {
			bad = append(bad, fe)
		}
	}
	if len(bad) > 0 {
		return nil, domain.Invalid(bad...)
	}
	if len(f.opts.AssetIDs) == 0 {
		return []domain.Record{r}, nil
	}
	out := make([]domain.Record, len(f.opts.AssetIDs))
	for i, id := range f.opts.AssetIDs {
		out[i] = r
		out[i].AssetID = id
	}
	return out, nil
}

// Show opens the dialog.
func (f *Form) Show() { f.dlg.Show() }

// addAction puts another button (delete) at the start of the button row.
func (f *Form) addAction(b *widget.Button) {
	f.actions.Objects = append([]fyne.CanvasObject{b}, f.actions.Objects...)
	f.actions.Refresh()
}

// Options are what the form was opened for.
func (f *Form) Options() FormOptions { return f.opts }

// Problem is the message the form shows, "" when none.
func (f *Form) Problem() string {
	return f.errText.Text()
}

func (f *Form) showProblem(err error) {
	if err == nil {
		f.errText.Set("")
		return
	}
	f.errText.Set(domain.Message(f.env.Lang, err))
}

func (f *Form) onSave() {
	rs, err := f.records()
	f.showProblem(err)
	if err != nil {
		return
	}
	store := f.env.Store()
	f.saveBtn.Disable()
	save := func(ctx context.Context) error {
		if len(rs) == 1 {
			return store.SaveRecord(ctx, &rs[0])
		}
		return store.SaveRecords(ctx, rs)
	}
	f.env.Load(context.Background(), func(ctx context.Context) (func(), error) {
		saveErr := save(ctx)
		return func() {
			f.saveBtn.Enable()
			if saveErr != nil {
				gui.LogIfInternal(saveErr)
				f.showProblem(saveErr)
				return
			}
			f.dlg.Hide()
			if f.opts.OnSaved != nil {
				f.opts.OnSaved()
			}
		}, nil
	})
}

// Line is a maintenance record on one line.
func Line(env *gui.Env, r *domain.Record) string {
	s := string(r.Date) + "  " + env.Enum(r.WorkType)
	if r.Quantity != 0 {
		s += " " + widgets.QuantityText(env, r.Quantity, r.QuantityUnit)
	}
	s += "  " + env.T("gui.yuan", map[string]any{"Amount": widgets.Money(r.Cost)})
	if r.ProjectCode != "" {
		s += "  " + r.ProjectCode
	} else if r.ProjectID == 0 {
		s += "  " + env.T("stats.basic")
	}
	if r.Contractor != "" {
		s += "  " + r.Contractor
	}
	if r.Note != "" {
		s += "  " + r.Note
	}
	return s
}

// SetCost types the cost (screens that open the form drive it in their tests).
func (f *Form) SetCost(yuan string) { f.cost.SetText(yuan) }

// Save presses the save button.
func (f *Form) Save() { f.onSave() }

// offerWorkTypes lists the work types that fit the class the record is for (no 燃料费
// for a lamp); every one while no class is chosen. A stored record's own type stays
// offered, and the choice is kept when it is still offered.
func (f *Form) offerWorkTypes() {
	c := f.opts.Class
	if f.opts.Asset != nil {
		c = f.opts.Asset.Class
	}
	if f.pickClass != nil {
		c = f.pickedClass()
	}
	var def *domain.ClassDef
	if d, ok := f.env.ClassOf(c); ok && c != "" {
		def = d
	}
	list := domain.WorkTypesFor(def)
	if f.opts.Record != nil && f.opts.Record.WorkType != "" && !slices.Contains(list, f.opts.Record.WorkType) {
		list = append(append([]string(nil), list...), f.opts.Record.WorkType)
	}
	chosen := widgets.SelectValue(f.workType, f.workTypes)
	f.workTypes = list
	f.workType.Options = widgets.EnumLabels(f.env, list)
	f.workType.ClearSelected()
	if slices.Contains(list, chosen) {
		widgets.SetSelectValue(f.env, f.workType, chosen)
	}
	f.workType.Refresh()
}

// WorkTypes are the work types the form offers (tests read them).
func (f *Form) WorkTypes() []string { return f.workTypes }

// Close closes the form (Cancel, Escape, Ctrl+W), asking first when it holds unsaved input.
func (f *Form) Close() {
	if f.state() == f.saved {
		f.dlg.Hide()
		return
	}
	f.env.ConfirmDestructive(f.env.T("gui.form.discard_title"), f.env.T("gui.form.discard_question"),
		f.env.T("gui.form.discard"), f.dlg.Hide)
}

// state is the form's input as one text, to tell whether it changed since it was filled.
func (f *Form) state() string {
	parts := []string{f.date.Text, f.workType.Selected, f.funding.Selected, f.quantity.Text, f.qUnit.Selected,
		f.cost.Text, f.contractor.Text, f.note.Text}
	return strings.Join(parts, "\x00")
}
