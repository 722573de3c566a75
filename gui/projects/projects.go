// Package projects is the budget projects screen: each project's budget against what its
// records spent, its form and its indicator table.
package projects

import (
	"context"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"cityledger/domain"
	"cityledger/gui"
	"cityledger/gui/widgets"
)

// projects is 预算项目: the year's projects with budget, executed, remaining and
// execution rate; the chosen project's fields, indicators and spending by asset class.
type projects struct {
	env *gui.Env

	year    *widget.Select
	table   *widget.Table
	summary *widget.Label
	content fyne.CanvasObject

	list     []domain.Project
	executed map[int64]domain.Fen
	byClass  map[int64]map[domain.Class]domain.Fen
	units    []domain.Unit

	detail      *fyne.Container
	current     *domain.Project
	form        *projectForm
	indicators  *indicatorEditor
	classChart  *widgets.Bars
	detailTitle *widget.Label
}

var projectColumns = []widgets.ListColumn[*projects, domain.Project]{
	{Key: "project_code", Width: 110, Numeric: false, Value: func(_ *projects, pr *domain.Project) string { return pr.Code }},
	{Key: "name", Width: 230, Numeric: false, Value: func(_ *projects, pr *domain.Project) string { return pr.Name }},
	{Key: "unit", Width: 90, Numeric: false, Value: func(p *projects, pr *domain.Project) string { return p.unitName(pr.UnitID) }},
	{Key: "budget", Width: 120, Numeric: true, Value: func(_ *projects, pr *domain.Project) string { return widgets.Money(pr.Budget) }},
	{Key: "gui.projects.executed", Width: 120, Numeric: true, Value: func(p *projects, pr *domain.Project) string { return widgets.Money(p.executed[pr.ID]) }},
	{Key: "gui.projects.remaining", Width: 120, Numeric: true, Value: func(p *projects, pr *domain.Project) string { return widgets.Money(pr.Budget - p.executed[pr.ID]) }},
	{Key: "gui.projects.rate", Width: 80, Numeric: true, Value: func(p *projects, pr *domain.Project) string {
		return domain.Percent(int64(p.executed[pr.ID]), int64(pr.Budget))
	}},
	{Key: "disclosed", Width: 80, Numeric: false, Value: func(p *projects, pr *domain.Project) string { return widgets.YesNo(p.env.Lang, pr.Disclosed) }},
}

func newProjects(env *gui.Env) *projects {
	p := &projects{env: env, executed: map[int64]domain.Fen{}, byClass: map[int64]map[domain.Class]domain.Fen{}}
	p.build()
	return p
}

func (p *projects) Content() fyne.CanvasObject { return p.content }

func (p *projects) unitName(id int64) string {
	for _, u := range p.units {
		if u.ID == id {
			return u.ShortName
		}
	}
	return ""
}

func (p *projects) build() {
	env := p.env
	p.year = gui.NewYearSelect(env, p.load)
	p.table = widgets.NewListTable(env, p, projectColumns, func() int { return len(p.list) }, func(i int) (domain.Project, bool) {
		if i < 0 || i >= len(p.list) {
			return domain.Project{}, false
		}
		return p.list[i], true
	})
	p.table.OnSelected = func(id widget.TableCellID) {
		if id.Row >= 0 && id.Row < len(p.list) {
			pr := p.list[id.Row]
			p.showProject(&pr)
		}
	}
	p.summary = widget.NewLabel("")
	add := widget.NewButtonWithIcon(env.T("gui.projects.add"), theme.ContentAddIcon(), p.onAdd)
	env.Guard(domain.RoleEditor, add)
	title := widget.NewLabelWithStyle(env.T("gui.nav.projects"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	top := container.NewHBox(title, widget.NewLabel(env.T("field.year")), p.year, add)

	p.detailTitle = widget.NewLabelWithStyle(env.T("gui.projects.choose"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.classChart = widgets.NewBars(false)
	p.classChart.Empty = env.T("gui.dashboard.no_records")
	p.detail = container.NewStack(widget.NewLabel(""))
	upper := container.NewBorder(nil, p.summary, nil, nil, p.table)
	lower := container.NewBorder(p.detailTitle, nil, nil, nil, p.detail)
	split := container.NewVSplit(upper, lower)
	split.Offset = 0.42
	p.content = container.NewBorder(top, nil, nil, nil, split)
}

// Refresh reloads the years, units, projects and the year's spending.
func (p *projects) Refresh() {
	p.load(p.env.Year())
}

func (p *projects) load(year int) {
	store := p.env.Store()
	keep := int64(0)
	if p.current != nil {
		keep = p.current.ID
	}
	p.env.Load(context.Background(), func(ctx context.Context) (func(), error) {
		years, err := store.ListYears(ctx)
		if err != nil {
			return nil, err
		}
		units, err := store.ListUnits(ctx)
		if err != nil {
			return nil, err
		}
		list, err := store.ListProjects(ctx, year)
		if err != nil {
			return nil, err
		}
		groups, err := store.RecordGroups(ctx, year)
		if err != nil {
			return nil, err
		}
		executed := map[int64]domain.Fen{}
		byClass := map[int64]map[domain.Class]domain.Fen{}
		for _, g := range groups {
			executed[g.ProjectID] += g.Cost
			if byClass[g.ProjectID] == nil {
				byClass[g.ProjectID] = map[domain.Class]domain.Fen{}
			}
			byClass[g.ProjectID][g.AssetClass] += g.Cost
		}
		return func() {
			p.units = units
			gui.SetYears(p.year, years, year)
			p.list, p.executed, p.byClass = list, executed, byClass
			p.table.Refresh()
			var budget, spent domain.Fen
			for _, pr := range list {
				budget += pr.Budget
				spent += executed[pr.ID]
			}
			p.summary.SetText(p.env.T("gui.projects.summary", map[string]any{"Year": year, "N": len(list),
				"Budget": widgets.Money(budget), "Executed": widgets.Money(spent), "Rate": domain.Percent(int64(spent), int64(budget)),
				"Basic": widgets.Money(executed[0])}))
			p.current = nil
			show := -1
			for i := range list {
				if list[i].ID == keep || (show < 0 && keep == 0) {
					show = i
				}
			}
			if show >= 0 {
				// Selecting the cell already selected (the screen shown again) would not
				// tell OnSelected: the project shown was just dropped.
				p.table.UnselectAll()
				p.table.Select(widget.TableCellID{Row: show, Col: 0})
				return
			}
			p.detailTitle.SetText(p.env.T("gui.projects.choose"))
			p.detail.Objects = []fyne.CanvasObject{widget.NewLabel("")}
			p.detail.Refresh()
		}, nil
	})
}

// classBreakdown is what a project's records of the year cost per asset class.
func classBreakdown(env *gui.Env, m map[domain.Class]domain.Fen) []widgets.Item {
	var items []widgets.Item
	keys := append(env.Catalogue().Keys(), "")
	for _, c := range keys {
		v, ok := m[c]
		if !ok {
			continue
		}
		label := env.T("stats.no_class")
		if c != "" {
			label = env.ClassName(c)
		}
		items = append(items, widgets.Item{Label: label, Value: float64(v), Text: env.T("gui.wan", map[string]any{"Amount": v.Wan()})})
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].Value > items[j].Value })
	return items
}

func (p *projects) showProject(pr *domain.Project) {
	env := p.env
	cp := *pr
	p.current = &cp
	p.detailTitle.SetText(pr.Code + " " + pr.Name)
	p.indicators = newIndicatorEditor(env, &cp)
	p.classChart.SetItems(classBreakdown(env, p.byClass[pr.ID]))
	exec := p.executed[pr.ID]
	figures := widget.NewLabel(env.T("gui.projects.figures", map[string]any{
		"Budget": widgets.Money(pr.Budget), "Executed": widgets.Money(exec), "Remaining": widgets.Money(pr.Budget - exec),
		"Rate": domain.Percent(int64(exec), int64(pr.Budget))}))
	figures.Wrapping = fyne.TextWrapWord
	tabs := container.NewAppTabs(
		container.NewTabItem(env.T("gui.projects.fields"), p.projectView(&cp)),
		container.NewTabItem(env.T("gui.projects.indicators"), p.indicators.content),
		container.NewTabItem(env.T("gui.projects.by_class"), container.NewVScroll(container.NewVBox(figures, p.classChart))),
	)
	p.detail.Objects = []fyne.CanvasObject{tabs}
	p.detail.Refresh()
	if pr.ID != 0 {
		p.indicators.load()
	}
}

// projectView shows a project's own fields, read-only, with the button that edits them.
func (p *projects) projectView(pr *domain.Project) fyne.CanvasObject {
	env := p.env
	form := widget.NewForm()
	add := func(key, value string) {
		l := widget.NewLabel(value)
		l.Wrapping = fyne.TextWrapWord
		form.Append(widgets.FieldName(env, key), l)
	}
	add("project_code", pr.Code)
	add("name", pr.Name)
	add("unit", p.unitName(pr.UnitID))
	add("function_code", pr.FunctionCode)
	add("budget", env.T("gui.projects.budget_split", map[string]any{"Budget": widgets.Money(pr.Budget),
		"Fiscal": widgets.Money(pr.FiscalBudget), "Other": widgets.Money(pr.OtherBudget)}))
	add("disclosed", widgets.YesNo(env.Lang, pr.Disclosed))
	add("pre_assessed", widgets.YesNo(env.Lang, pr.PreAssessed))
	add("monitored", widgets.YesNo(env.Lang, pr.Monitored))
	add("self_evaluated", widgets.YesNo(env.Lang, pr.SelfEvaluated))
	for _, k := range []string{"goal", "result", "summary", "problems", "next_steps"} {
		v := map[string]string{"goal": pr.Goal, "result": pr.Result, "summary": pr.Summary, "problems": pr.Problems, "next_steps": pr.NextSteps}[k]
		add(k, v)
	}
	edit := widget.NewButtonWithIcon(env.T("gui.projects.edit"), theme.DocumentCreateIcon(), func() { p.onEdit(pr) })
	return container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), edit), nil, nil, container.NewVScroll(form))
}

func (p *projects) onEdit(pr *domain.Project) {
	p.form = newProjectForm(p.env, pr, p.units, func(saved *domain.Project) {
		p.current = saved
		p.load(saved.Year)
	})
	p.form.Show()
}

func (p *projects) onAdd() {
	pr := &domain.Project{Year: p.env.Year(), Disclosed: true}
	if len(p.units) > 0 {
		pr.UnitID = p.units[0].ID
	}
	p.onEdit(pr)
}

// projectForm edits a project's own fields.
type projectForm struct {
	env       *gui.Env
	project   domain.Project
	units     []domain.Unit
	entries   map[string]*widget.Entry
	unit      *widget.Select
	disclosed *widget.Check
	// The 预算绩效管理 flags the report's opening counts.
	preAssessed, monitored, selfEvaluated *widget.Check
	errText                               *widgets.ProblemText
	saveBtn                               *widget.Button
	dlg                                   dialog.Dialog
	onSaved                               func(*domain.Project)
}

var projectTextFields = []string{"project_code", "name", "function_code", "budget", "fiscal_budget", "other_budget",
	"goal", "result", "problems", "next_steps", "summary"}

func newProjectForm(env *gui.Env, pr *domain.Project, units []domain.Unit, onSaved func(*domain.Project)) *projectForm {
	f := &projectForm{env: env, project: *pr, units: units, entries: map[string]*widget.Entry{}, onSaved: onSaved}
	form := widget.NewForm()
	for _, key := range projectTextFields {
		e := widget.NewEntry()
		switch key {
		case "goal", "result", "problems", "next_steps", "summary":
			e.MultiLine = true
			e.Wrapping = fyne.TextWrapWord
			e.SetMinRowsVisible(3)
		}
		if h := widgets.HintOf(env, key); h != "" {
			e.SetPlaceHolder(h)
		}
		f.entries[key] = e
		label := widgets.FieldName(env, key)
		if key == "project_code" || key == "name" || key == "budget" {
			label += " *"
		}
		form.Append(label, e)
		if key == "name" {
			opts := make([]string, len(units))
			for i, u := range units {
				opts[i] = u.ShortName
			}
			f.unit = env.NewSelect(opts, nil)
			form.Append(widgets.FieldName(env, "unit")+" *", f.unit)
		}
	}
	f.disclosed = widget.NewCheck(env.T("gui.projects.disclosed_hint"), nil)
	form.Append(widgets.FieldName(env, "disclosed"), f.disclosed)
	f.preAssessed = widget.NewCheck(env.T("gui.projects.pre_assessed_hint"), nil)
	form.Append(widgets.FieldName(env, "pre_assessed"), f.preAssessed)
	f.monitored = widget.NewCheck(env.T("gui.projects.monitored_hint"), nil)
	form.Append(widgets.FieldName(env, "monitored"), f.monitored)
	f.selfEvaluated = widget.NewCheck(env.T("gui.projects.self_evaluated_hint"), nil)
	form.Append(widgets.FieldName(env, "self_evaluated"), f.selfEvaluated)
	f.errText = widgets.NewProblemText()
	f.saveBtn = widget.NewButton(env.T("gui.save"), f.onSave)
	f.saveBtn.Importance = widget.HighImportance
	env.Guard(domain.RoleEditor, f.saveBtn)
	cancel := widget.NewButton(env.T("gui.cancel"), func() { f.dlg.Hide() })
	body := container.NewBorder(nil, f.errText.Above(container.NewHBox(layout.NewSpacer(), cancel, f.saveBtn)), nil, nil,
		container.NewVScroll(form))
	f.errText.Relayout(body)
	title := env.T("gui.projects.add")
	if pr.ID != 0 {
		title = env.T("gui.projects.edit") + " " + pr.Code
	}
	f.dlg = dialog.NewCustomWithoutButtons(title, body, env.Window)
	f.dlg.Resize(fyne.NewSize(720, 700))
	f.fill(pr)
	return f
}

// Show opens the dialog.
func (f *projectForm) Show() { f.dlg.Show() }

func (f *projectForm) fill(pr *domain.Project) {
	values := map[string]string{"project_code": pr.Code, "name": pr.Name, "function_code": pr.FunctionCode,
		"goal": pr.Goal, "result": pr.Result, "problems": pr.Problems, "next_steps": pr.NextSteps, "summary": pr.Summary}
	if pr.ID != 0 || pr.Budget != 0 {
		values["budget"] = pr.Budget.Yuan()
		values["fiscal_budget"] = pr.FiscalBudget.Yuan()
		values["other_budget"] = pr.OtherBudget.Yuan()
	}
	for k, e := range f.entries {
		e.SetText(values[k])
	}
	f.unit.ClearSelected()
	for _, u := range f.units {
		if u.ID == pr.UnitID {
			f.unit.SetSelected(u.ShortName)
		}
	}
	f.disclosed.SetChecked(pr.Disclosed)
	f.preAssessed.SetChecked(pr.PreAssessed)
	f.monitored.SetChecked(pr.Monitored)
	f.selfEvaluated.SetChecked(pr.SelfEvaluated)
}

func (f *projectForm) read() (*domain.Project, []domain.FieldError) {
	pr := f.project
	var bad []domain.FieldError
	text := func(k string) string { return strings.TrimSpace(f.entries[k].Text) }
	pr.Code, pr.Name, pr.FunctionCode = text("project_code"), text("name"), text("function_code")
	pr.Goal, pr.Result, pr.Problems, pr.NextSteps, pr.Summary = text("goal"), text("result"), text("problems"), text("next_steps"), text("summary")
	yuan := func(k string) domain.Fen {
		s := text(k)
		if s == "" {
			return 0
		}
		v, fe := domain.ParseAmount(k, s)
		if fe != nil {
			bad = append(bad, *fe)
		}
		return v
	}
	pr.Budget, pr.FiscalBudget, pr.OtherBudget = yuan("budget"), yuan("fiscal_budget"), yuan("other_budget")
	// A budget typed alone is all 财政拨款, the common case.
	if text("fiscal_budget") == "" && text("other_budget") == "" {
		pr.FiscalBudget = pr.Budget
	}
	pr.UnitID, pr.Unit = 0, ""
	for _, u := range f.units {
		if u.ShortName == f.unit.Selected {
			pr.UnitID, pr.Unit = u.ID, u.ShortName
		}
	}
	pr.Disclosed = f.disclosed.Checked
	pr.PreAssessed, pr.Monitored, pr.SelfEvaluated = f.preAssessed.Checked, f.monitored.Checked, f.selfEvaluated.Checked
	return &pr, bad
}

func (f *projectForm) onSave() {
	pr, bad := f.read()
	seen := map[string]bool{}
	for _, b := range bad {
		seen[b.Field] = true
	}
	for _, fe := range domain.FieldErrors(pr.Validate()) {
		if !seen[fe.Field] {
			bad = append(bad, fe)
		}
	}
	if len(bad) > 0 {
		f.errText.Set(domain.Message(f.env.Lang, domain.Invalid(bad...)))
		return
	}
	f.errText.Set("")
	store := f.env.Store()
	f.saveBtn.Disable()
	f.env.Load(context.Background(), func(ctx context.Context) (func(), error) {
		err := store.SaveProject(ctx, pr)
		return func() {
			f.saveBtn.Enable()
			if err != nil {
				gui.LogIfInternal(err)
				msg := domain.Message(f.env.Lang, err)
				if domain.ErrorKind(err) == domain.KindConflict {
					msg += "\n" + f.env.T("gui.form.conflict_reload_project")
				}
				f.errText.Set(msg)
				return
			}
			f.project = *pr
			f.dlg.Hide()
			if f.onSaved != nil {
				f.onSaved(pr)
			}
		}, nil
	})
}

// indicatorEditor edits a project's 绩效指标 rows: target, actual, or a binding that
// fills the actual value from the registers when the report is made.
type indicatorEditor struct {
	env     *gui.Env
	project *domain.Project
	rows    []*indicatorRow
	box     *fyne.Container
	errText *widgets.ProblemText
	content fyne.CanvasObject
	// loaded runs once the rows are shown (a finding's jump focuses one of them).
	loaded func()
}

type indicatorRow struct {
	id                                              int64
	version                                         int64
	position                                        int // as stored (0: a new row)
	level1, level2, level3, target, actual, binding *widget.Entry
	line                                            fyne.CanvasObject
}

var indicatorFields = []string{"level1", "level2", "level3", "target", "actual", "binding"}

func newIndicatorEditor(env *gui.Env, pr *domain.Project) *indicatorEditor {
	ed := &indicatorEditor{env: env, project: pr}
	header := container.NewGridWithColumns(len(indicatorFields))
	for _, k := range indicatorFields {
		header.Add(widget.NewLabelWithStyle(widgets.FieldName(env, k), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	}
	ed.box = container.NewVBox()
	ed.errText = widgets.NewProblemText()
	hint := widget.NewLabel(env.T("gui.indicators.binding_hint"))
	hint.Wrapping = fyne.TextWrapWord
	add := widget.NewButtonWithIcon(env.T("gui.indicators.add"), theme.ContentAddIcon(), func() { ed.addRow(domain.Indicator{}) })
	save := widget.NewButton(env.T("gui.indicators.save"), ed.onSave)
	env.Guard(domain.RoleEditor, save)
	save.Importance = widget.HighImportance
	if pr.ID == 0 {
		add.Disable()
		save.Disable()
		hint.SetText(env.T("gui.indicators.save_project_first"))
	}
	bottom := ed.errText.Above(hint, container.NewHBox(add, layout.NewSpacer(), save))
	content := container.NewBorder(container.NewBorder(nil, nil, nil, widget.NewLabel("    "), header), bottom, nil, nil,
		container.NewVScroll(ed.box))
	ed.errText.Relayout(content)
	ed.content = content
	return ed
}

func (ed *indicatorEditor) addRow(in domain.Indicator) {
	row := &indicatorRow{id: in.ID, version: in.Version, position: in.Position}
	mk := func(v string) *widget.Entry {
		e := widget.NewEntry()
		e.SetText(v)
		return e
	}
	row.level1, row.level2, row.level3 = mk(in.Level1), mk(in.Level2), mk(in.Level3)
	row.target, row.actual, row.binding = mk(in.Target), mk(in.Actual), mk(in.Binding)
	row.binding.SetPlaceHolder("lamps.count unit=…")
	del := widget.NewButtonWithIcon("", theme.DeleteIcon(), nil)
	grid := container.NewGridWithColumns(len(indicatorFields), row.level1, row.level2, row.level3, row.target, row.actual, row.binding)
	row.line = container.NewBorder(nil, nil, nil, del, grid)
	del.OnTapped = func() {
		for i, r := range ed.rows {
			if r == row {
				ed.rows = append(ed.rows[:i], ed.rows[i+1:]...)
				break
			}
		}
		ed.box.Remove(row.line)
	}
	ed.rows = append(ed.rows, row)
	ed.box.Add(row.line)
}

func (ed *indicatorEditor) load() {
	store := ed.env.Store()
	id := ed.project.ID
	ed.env.Load(context.Background(), func(ctx context.Context) (func(), error) {
		ins, err := store.ListIndicators(ctx, id)
		if err != nil {
			return nil, err
		}
		return func() {
			ed.rows = nil
			ed.box.RemoveAll()
			for _, in := range ins {
				ed.addRow(in)
			}
			if ed.loaded != nil {
				ed.loaded()
				ed.loaded = nil
			}
		}, nil
	})
}

// read turns the rows into indicators, numbered in their order, and checks them.
func (ed *indicatorEditor) read() ([]domain.Indicator, error) {
	var out []domain.Indicator
	var bad []domain.FieldError
	for i, r := range ed.rows {
		in := domain.Indicator{ID: r.id, Version: r.version, ProjectID: ed.project.ID, ProjectCode: ed.project.Code,
			Year: ed.project.Year, Position: i + 1,
			Level1: strings.TrimSpace(r.level1.Text), Level2: strings.TrimSpace(r.level2.Text), Level3: strings.TrimSpace(r.level3.Text),
			Target: strings.TrimSpace(r.target.Text), Actual: strings.TrimSpace(r.actual.Text), Binding: strings.TrimSpace(r.binding.Text)}
		for _, fe := range domain.FieldErrors(in.Validate()) {
			fe.Row = i + 1
			bad = append(bad, fe)
		}
		out = append(out, in)
	}
	if len(bad) > 0 {
		return nil, domain.Invalid(bad...)
	}
	return out, nil
}

func (ed *indicatorEditor) onSave() {
	rows, err := ed.read()
	if err != nil {
		ed.errText.Set(domain.Message(ed.env.Lang, err))
		return
	}
	ed.errText.Set("")
	store := ed.env.Store()
	id := ed.project.ID
	ed.env.Load(context.Background(), func(ctx context.Context) (func(), error) {
		if err := store.SaveIndicators(ctx, id, rows); err != nil {
			return nil, err
		}
		return func() {
			ed.load()
			ed.env.ShowMessage(ed.env.T("gui.projects.indicators"), ed.env.T("gui.indicators.saved", map[string]any{"N": len(rows)}))
		}, nil
	})
}

// RouteID is the projects screen's route.
const RouteID = "projects"

// Route puts the budget projects in the navigation.
func Route() gui.Route {
	return gui.Route{ID: RouteID, Title: "gui.nav.projects", Icon: theme.StorageIcon(),
		New: func(env *gui.Env) gui.Screen { return newProjects(env) }}
}
