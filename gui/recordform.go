package gui

import (
	"context"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"cityledger/domain"
)

// recordFormOptions say what the maintenance entry form is for.
type recordFormOptions struct {
	// Class and AssetIDs fix the assets: one record is added per asset (bulk entry from a
	// register, or one asset from its detail). Without AssetIDs the form has an asset picker.
	Class    domain.Class
	AssetIDs []int64
	Asset    *domain.Asset
	// Record is the record to edit; nil adds.
	Record  *domain.Record
	OnSaved func()
}

// recordForm is the maintenance entry form.
type recordForm struct {
	env  *Env
	opts recordFormOptions

	date, quantity, cost, contractor, note *widget.Entry
	workType, funding, qUnit, project      *widget.Select

	projects []domain.Project
	projYear int

	// The asset picker (when no assets are fixed).
	pickClass   *widget.Select
	pickSearch  *widget.Entry
	pickList    *widget.List
	pickFound   []domain.Asset
	picked      *domain.Asset
	pickedLabel *widget.Label

	errText *problemText
	saveBtn *widget.Button
	actions *fyne.Container
	dlg     dialog.Dialog
}

// defaultQuantityUnit is the unit a job on an asset of class c is usually counted in.
func defaultQuantityUnit(c domain.Class) string {
	switch c {
	case domain.Vehicles:
		return "辆"
	case domain.Lamps:
		return "盏"
	case domain.GreenAreas, domain.Roads:
		return "㎡"
	case domain.SewerPipes:
		return "米"
	}
	return "次"
}

func newRecordForm(env *Env, opts recordFormOptions) *recordForm {
	f := &recordForm{env: env, opts: opts}
	f.build()
	return f
}

func (f *recordForm) build() {
	env := f.env
	f.date = widget.NewEntry()
	f.date.SetPlaceHolder("YYYY-MM-DD")
	f.date.OnChanged = func(string) { f.loadProjects() }
	f.workType = env.newSelect(enumLabels(env, domain.WorkTypes), nil)
	f.funding = env.newSelect(enumLabels(env, domain.Fundings), nil)
	f.quantity = widget.NewEntry()
	f.qUnit = env.newSelect(enumLabels(env, domain.QuantityUnits), nil)
	f.cost = widget.NewEntry()
	f.cost.SetPlaceHolder(env.T("gui.hint.yuan"))
	f.contractor = widget.NewEntry()
	f.note = widget.NewEntry()
	f.project = env.newSelect([]string{env.T("stats.basic")}, nil)

	form := widget.NewForm()
	var intro fyne.CanvasObject = widget.NewLabel("")
	switch {
	case len(f.opts.AssetIDs) > 1:
		l := widget.NewLabel(env.T("gui.records.bulk_intro", map[string]any{"N": len(f.opts.AssetIDs),
			"Unit": measureWord(env, f.opts.Class)}))
		l.Wrapping = fyne.TextWrapWord
		intro = l
	case f.opts.Asset != nil:
		intro = widget.NewLabel(env.T("class."+string(f.opts.Asset.Class)) + " " + f.opts.Asset.Code)
	case len(f.opts.AssetIDs) == 0:
		form.Append(env.T("field.asset_class"), f.buildPicker())
		form.Append("", f.pickedLabel)
	}
	form.Append(fieldName(env, "date")+" *", f.date)
	form.Append(fieldName(env, "work_type")+" *", f.workType)
	form.Append(fieldName(env, "project_code"), f.project)
	form.Append(fieldName(env, "funding"), f.funding)
	form.Append(fieldName(env, "quantity"), container.NewGridWithColumns(2, f.quantity, f.qUnit))
	costLabel := fieldName(env, "cost") + " *"
	if len(f.opts.AssetIDs) > 1 {
		costLabel = env.T("gui.records.cost_each") + " *"
	}
	form.Append(costLabel, f.cost)
	form.Append(fieldName(env, "contractor"), f.contractor)
	form.Append(fieldName(env, "note"), f.note)

	f.errText = newProblemText()
	f.saveBtn = widget.NewButton(env.T("gui.save"), f.onSave)
	f.saveBtn.Importance = widget.HighImportance
	cancel := widget.NewButton(env.T("gui.cancel"), func() { f.dlg.Hide() })
	f.actions = container.NewHBox(layoutSpacer(), cancel, f.saveBtn)
	body := container.NewBorder(intro, f.errText.above(f.actions),
		nil, nil, container.NewVScroll(form))
	f.errText.relayout(body)
	title := env.T("gui.records.add")
	if f.opts.Record != nil {
		title = env.T("gui.records.edit")
	}
	f.dlg = dialog.NewCustomWithoutButtons(title, body, env.Window)
	f.dlg.Resize(fyne.NewSize(600, 640))

	f.fill()
}

// buildPicker is the asset picker: a class, a search box and the matching assets.
func (f *recordForm) buildPicker() fyne.CanvasObject {
	env := f.env
	classes := []string{env.T("gui.records.no_class")}
	for _, c := range domain.Classes {
		classes = append(classes, env.T("class."+string(c)))
	}
	f.pickedLabel = widget.NewLabel(env.T("gui.records.no_asset"))
	f.pickedLabel.Wrapping = fyne.TextWrapWord
	f.pickClass = env.newSelect(classes, func(string) {
		f.picked = nil
		f.refreshPicked()
		if c := f.pickedClass(); c != "" {
			f.qUnit.SetSelected(env.Enum(defaultQuantityUnit(c)))
		}
		f.onPickSearch()
	})
	f.pickSearch = widget.NewEntry()
	f.pickSearch.SetPlaceHolder(env.T("gui.records.pick_search"))
	f.pickSearch.OnChanged = func(string) { f.onPickSearch() }
	f.pickList = widget.NewList(func() int { return len(f.pickFound) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(assetLabel(&f.pickFound[i])) })
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

// assetLabel names an asset in pickers and lists: code, then its name or road.
func assetLabel(a *domain.Asset) string {
	s := a.Code
	for _, extra := range []string{a.Name, a.Road, a.Plate} {
		if extra != "" {
			s += "  " + extra
			break
		}
	}
	return s
}

func (f *recordForm) pickedClass() domain.Class {
	if f.pickClass == nil {
		return f.opts.Class
	}
	if i := f.pickClass.SelectedIndex(); i > 0 {
		return domain.Classes[i-1]
	}
	return ""
}

func (f *recordForm) refreshPicked() {
	if f.picked == nil {
		f.pickedLabel.SetText(f.env.T("gui.records.no_asset"))
		return
	}
	f.pickedLabel.SetText(f.env.T("gui.records.picked", map[string]any{
		"Class": f.env.T("class." + string(f.picked.Class)), "Asset": assetLabel(f.picked)}))
}

// onPickSearch looks up the assets of the chosen class matching the search text.
func (f *recordForm) onPickSearch() {
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

func (f *recordForm) fill() {
	env := f.env
	r := f.opts.Record
	if r == nil {
		f.date.SetText(string(f.defaultDate()))
		f.funding.SetSelected(env.Enum(domain.FundFiscal))
		if f.opts.Class != "" {
			f.qUnit.SetSelected(env.Enum(defaultQuantityUnit(f.opts.Class)))
			f.quantity.SetText("1")
		}
		f.loadProjects()
		return
	}
	f.date.SetText(string(r.Date))
	setSelectValue(env, f.workType, r.WorkType)
	setSelectValue(env, f.funding, r.Funding)
	if r.Quantity != 0 {
		f.quantity.SetText(strconv.FormatFloat(r.Quantity, 'f', -1, 64))
	}
	setSelectValue(env, f.qUnit, r.QuantityUnit)
	f.cost.SetText(r.Cost.Yuan())
	f.contractor.SetText(r.Contractor)
	f.note.SetText(r.Note)
	if f.pickClass != nil {
		if r.AssetClass != "" {
			f.pickClass.SetSelected(env.T("class." + string(r.AssetClass)))
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
func (f *recordForm) defaultDate() domain.Date {
	today := f.env.Today()
	if y := f.env.Year(); y != today.Year() {
		return domain.YearEnd(y)
	}
	return today
}

// loadProjects fills the project list with the projects of the date's year.
func (f *recordForm) loadProjects() {
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
func (f *recordForm) read() (domain.Record, []domain.FieldError) {
	var r domain.Record
	if f.opts.Record != nil {
		r = *f.opts.Record
	}
	var bad []domain.FieldError
	r.Date = domain.Date(strings.TrimSpace(f.date.Text))
	if fe := r.Date.Check("date"); r.Date != "" && fe != nil {
		bad = append(bad, *fe)
	}
	r.WorkType = selectValue(f.workType, domain.WorkTypes)
	r.Funding = selectValue(f.funding, domain.Fundings)
	r.QuantityUnit = selectValue(f.qUnit, domain.QuantityUnits)
	q := strings.TrimSpace(f.quantity.Text)
	if v, ok := parseNumber(q); ok {
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
func (f *recordForm) records() ([]domain.Record, error) {
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
func (f *recordForm) Show() { f.dlg.Show() }

// addAction puts another button (delete) at the start of the button row.
func (f *recordForm) addAction(b *widget.Button) {
	f.actions.Objects = append([]fyne.CanvasObject{b}, f.actions.Objects...)
	f.actions.Refresh()
}

// Problem is the message the form shows, "" when none.
func (f *recordForm) Problem() string {
	return f.errText.Text()
}

func (f *recordForm) showProblem(err error) {
	if err == nil {
		f.errText.Set("")
		return
	}
	f.errText.Set(domain.Message(f.env.Lang, err))
}

func (f *recordForm) onSave() {
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
				logIfInternal(saveErr)
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
