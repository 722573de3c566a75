// Package records is the maintenance screen (a year's records, filtered, totalled and
// charted by month) and the maintenance entry form that registers, asset details and
// the map open.
package records

import (
	"context"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"cityledger/domain"
	"cityledger/gui"
	"cityledger/gui/widgets"
)

// maintenance is 维修养护: the records of a year, filtered by class, project, work type
// and contractor, paged into a table, with the monthly cost chart and the entry form.
type maintenance struct {
	// classKeys are the classes the class filter offers, in its order.
	classKeys []domain.Class
	env       *gui.Env

	year       *widget.Select
	class      *widget.Select
	project    *widget.Select
	workType   *widget.Select
	contractor *widget.Entry
	table      *widget.Table
	pages      *widgets.Pager[domain.Record]
	rows       int
	footer     *widget.Label
	months     *widgets.Bars
	chartNote  *widget.Label
	content    fyne.CanvasObject

	projects []domain.Project
	filter   domain.RecordFilter
	debounce *time.Timer
	ctx      context.Context // of the current query's loads
	loads    gui.Restarter

	form *Form
}

var recordColumns = []widgets.ListColumn[*maintenance, domain.Record]{
	{Key: "date", Width: 100, Numeric: false, Value: func(_ *maintenance, r *domain.Record) string { return string(r.Date) }},
	{Key: "asset_class", Width: 90, Numeric: false, Value: func(m *maintenance, r *domain.Record) string {
		if r.AssetClass == "" {
			return ""
		}
		return m.env.ClassName(r.AssetClass)
	}},
	{Key: "asset_code", Width: 120, Numeric: false, Value: func(_ *maintenance, r *domain.Record) string { return r.AssetCode }},
	{Key: "project_code", Width: 170, Numeric: false, Value: func(m *maintenance, r *domain.Record) string { return m.projectName(r) }},
	{Key: "work_type", Width: 90, Numeric: false, Value: func(m *maintenance, r *domain.Record) string { return m.env.Enum(r.WorkType) }},
	{Key: "quantity", Width: 90, Numeric: true, Value: func(m *maintenance, r *domain.Record) string {
		if r.Quantity == 0 {
			return ""
		}
		return widgets.QuantityText(m.env, r.Quantity, r.QuantityUnit)
	}},
	{Key: "cost", Width: 110, Numeric: true, Value: func(_ *maintenance, r *domain.Record) string { return widgets.Money(r.Cost) }},
	{Key: "funding", Width: 80, Numeric: false, Value: func(m *maintenance, r *domain.Record) string { return m.env.Enum(r.Funding) }},
	{Key: "contractor", Width: 150, Numeric: false, Value: func(_ *maintenance, r *domain.Record) string { return r.Contractor }},
	{Key: "note", Width: 220, Numeric: false, Value: func(_ *maintenance, r *domain.Record) string { return r.Note }},
}

func newMaintenance(env *gui.Env) *maintenance {
	m := &maintenance{env: env}
	m.pages = widgets.NewPager(widgets.PageSize, widgets.MaxPages, env.Load, func(page int, rows []domain.Record) {
		if page == 0 && len(rows) > m.rows {
			m.rows = len(rows)
		}
		m.table.Refresh()
	})
	m.build()
	return m
}

func (m *maintenance) Content() fyne.CanvasObject { return m.content }

func (m *maintenance) build() {
	env := m.env
	all := env.T("gui.filter.all")
	m.year = gui.NewYearSelect(env, m.loadProjects)
	classes := []string{all}
	m.classKeys = env.Catalogue().Keys()
	for _, c := range m.classKeys {
		classes = append(classes, env.ClassName(c))
	}
	m.class = env.NewSelect(classes, func(string) { m.reload() })
	m.class.PlaceHolder = env.T("field.asset_class")
	m.project = env.NewSelect([]string{all, env.T("stats.basic")}, func(string) { m.reload() })
	m.project.PlaceHolder = env.T("field.project_code")
	m.workType = env.NewSelect(append([]string{all}, widgets.EnumLabels(env, domain.WorkTypes)...), func(string) { m.reload() })
	m.workType.PlaceHolder = env.T("field.work_type")
	m.contractor = widget.NewEntry()
	m.contractor.SetPlaceHolder(env.T("field.contractor"))
	m.contractor.OnChanged = func(string) {
		if m.debounce != nil {
			m.debounce.Stop()
		}
		m.debounce = time.AfterFunc(widgets.SearchDelay, func() { m.env.Do(m.reload) })
	}

	m.table = widgets.NewListTable(env, m, recordColumns, func() int { return m.rows }, m.pages.Get)
	m.table.OnSelected = func(id widget.TableCellID) {
		m.table.Unselect(id)
		if r, ok := m.pages.Get(id.Row); ok {
			m.onEdit(r)
		}
	}

	add := widget.NewButtonWithIcon(env.T("gui.records.add"), theme.ContentAddIcon(), m.onAdd)
	env.Guard(domain.RoleEditor, add)
	add.Importance = widget.HighImportance
	m.footer = widget.NewLabel("")
	m.months = widgets.NewBars(true)
	m.months.Empty = env.T("gui.dashboard.no_records")
	m.chartNote = widget.NewLabel("")
	title := widget.NewLabelWithStyle(env.T("gui.nav.maintenance"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	filters := container.NewHBox(title, widget.NewLabel(env.T("field.year")), m.year, m.class, m.project, m.workType,
		container.NewGridWrap(fyne.NewSize(160, m.contractor.MinSize().Height), m.contractor), add)
	chartBox := widget.NewCard("", env.T("gui.records.monthly"), container.NewBorder(nil, m.chartNote, nil, nil,
		container.NewGridWrap(fyne.NewSize(760, 170), m.months)))
	bottom := container.NewVBox(widget.NewSeparator(), m.footer, chartBox)
	m.content = container.NewBorder(container.NewHScroll(filters), bottom, nil, nil, m.table)
}

func (m *maintenance) projectName(r *domain.Record) string {
	if r.ProjectID == 0 {
		return m.env.T("stats.basic")
	}
	for _, p := range m.projects {
		if p.ID == r.ProjectID {
			return p.Code + " " + p.Name
		}
	}
	return r.ProjectCode
}

// Refresh reloads the years, the year's projects and the records.
func (m *maintenance) Refresh() {
	year := m.env.Year()
	gui.LoadYears(context.Background(), m.env, m.year, year)
	m.loadProjects(year)
}

// loadProjects fills the project filter for year, then runs the query.
func (m *maintenance) loadProjects(year int) {
	store := m.env.Store()
	m.env.Load(context.Background(), func(ctx context.Context) (func(), error) {
		ps, err := store.ListProjects(ctx, year)
		if err != nil {
			return nil, err
		}
		return func() {
			m.projects = ps
			opts := []string{m.env.T("gui.filter.all"), m.env.T("stats.basic")}
			for _, p := range ps {
				opts = append(opts, p.Code+" "+widgets.Truncate(p.Name, 16))
			}
			m.project.OnChanged = nil
			m.project.Options = opts
			m.project.ClearSelected()
			m.project.OnChanged = func(string) { m.reload() }
			m.reload()
		}, nil
	})
}

func (m *maintenance) currentFilter() domain.RecordFilter {
	f := domain.RecordFilter{Year: m.env.Year(), Desc: true}
	if y, err := strconv.Atoi(m.year.Selected); err == nil {
		f.Year = y
	}
	if i := m.class.SelectedIndex(); i > 0 && i-1 < len(m.classKeys) {
		f.AssetClass = m.classKeys[i-1]
	}
	switch i := m.project.SelectedIndex(); {
	case i == 1:
		f.NoProject = true
	case i > 1 && i-2 < len(m.projects):
		f.ProjectID = m.projects[i-2].ID
	}
	if i := m.workType.SelectedIndex(); i > 0 {
		f.WorkType = domain.WorkTypes[i-1]
	}
	f.Contractor = strings.TrimSpace(m.contractor.Text)
	return f
}

func (m *maintenance) reload() {
	m.ctx = m.loads.Restart()
	f := m.currentFilter()
	m.filter = f
	store := m.env.Store()
	m.rows = 0
	m.pages.Reset(func(ctx context.Context, offset, limit int) ([]domain.Record, error) {
		q := f
		q.Offset, q.Limit = offset, limit
		return store.FindRecords(ctx, q)
	})
	m.pages.Prefetch(0)
	m.table.Refresh()
	m.table.ScrollToTop()
	m.footer.SetText(m.env.T("gui.loading"))
	m.env.Load(m.ctx, func(ctx context.Context) (func(), error) {
		n, cost, err := store.CountRecords(ctx, f)
		if err != nil {
			return nil, err
		}
		return func() {
			m.rows = int(n)
			m.table.Refresh()
			m.footer.SetText(m.env.T("gui.records.total", map[string]any{"N": widgets.GroupDigits(strconv.FormatInt(n, 10)), "Cost": widgets.Money(cost)}))
		}, nil
	})
	m.env.Load(m.ctx, func(ctx context.Context) (func(), error) {
		groups, err := store.RecordGroups(ctx, f.Year)
		if err != nil {
			return nil, err
		}
		return func() { m.refreshChart(f, groups) }, nil
	})
}

// monthlyCost adds up the groups that match the filter per month (index 0 = January).
func monthlyCost(f domain.RecordFilter, groups []domain.RecordGroup) [12]domain.Fen {
	var out [12]domain.Fen
	for _, g := range groups {
		if f.AssetClass != "" && g.AssetClass != f.AssetClass {
			continue
		}
		if f.NoProject && g.ProjectID != 0 {
			continue
		}
		if f.ProjectID != 0 && g.ProjectID != f.ProjectID {
			continue
		}
		if f.WorkType != "" && g.WorkType != f.WorkType {
			continue
		}
		if g.Month >= 1 && g.Month <= 12 {
			out[g.Month-1] += g.Cost
		}
	}
	return out
}

func (m *maintenance) refreshChart(f domain.RecordFilter, groups []domain.RecordGroup) {
	months := monthlyCost(f, groups)
	var items []widgets.Item
	nonZero := false
	for i, c := range months {
		if c != 0 {
			nonZero = true
		}
		items = append(items, widgets.Item{Label: m.env.T("gui.month", map[string]any{"M": i + 1}), Value: float64(c), Text: wanOrEmpty(c)})
	}
	if !nonZero {
		items = nil
	}
	m.months.SetItems(items)
	note := m.env.T("gui.records.monthly_unit", map[string]any{"Year": f.Year})
	if f.Contractor != "" {
		note += " " + m.env.T("gui.records.monthly_no_contractor")
	}
	m.chartNote.SetText(note)
}

func wanOrEmpty(f domain.Fen) string {
	if f == 0 {
		return ""
	}
	return f.Wan()
}

func (m *maintenance) onAdd() {
	m.form = NewForm(m.env, FormOptions{OnSaved: m.reload})
	m.form.Show()
}

func (m *maintenance) onEdit(r domain.Record) {
	rec := r
	m.form = NewForm(m.env, FormOptions{Record: &rec, OnSaved: m.reload})
	del := widget.NewButtonWithIcon(m.env.T("gui.delete"), theme.DeleteIcon(), func() {
		m.env.ConfirmDestructive(m.env.T("gui.delete"), m.env.T("gui.records.delete_question", map[string]any{"Line": Line(m.env, &rec)}),
			m.env.T("gui.delete"), func() {
				store := m.env.Store()
				m.env.Load(context.Background(), func(ctx context.Context) (func(), error) {
					if err := store.DeleteRecord(ctx, rec.ID, rec.Version); err != nil {
						return nil, err
					}
					return func() {
						m.form.dlg.Hide()
						m.reload()
					}, nil
				})
			})
	})
	del.Importance = widget.DangerImportance
	m.form.addAction(del)
	m.form.Show()
}

// RouteID is the maintenance screen's route.
const RouteID = "maintenance"

// Route puts the maintenance records in the navigation.
func Route() gui.Route {
	return gui.Route{ID: RouteID, Title: "gui.nav.maintenance", Icon: theme.SettingsIcon(),
		New: func(env *gui.Env) gui.Screen { return newMaintenance(env) }}
}
