// Package cases is the 案件 screen: the 数字城管 and 12345 cases of a year, filtered and
// paged into a table with the overdue ones highlighted, the year's figures beside them,
// the case form (add, edit, record the maintenance a case caused) and the confirmation
// of the nearest-asset links.
package cases

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"cityledger/domain"
	"cityledger/gui"
	"cityledger/gui/widgets"
)

// RouteID is the 案件 screen's route.
const RouteID = "cases"

// Route puts the cases in the navigation.
func Route() gui.Route {
	return gui.Route{ID: RouteID, Title: "cases2.nav", Icon: theme.WarningIcon(),
		New: func(env *gui.Env) gui.Screen { return newScreen(env) }}
}

// overdueOption is the status filter's entry for "overdue now" (after the statuses).
var overdueOption = len(domain.CaseStatuses) + 1

// screen is 案件: filters, the paged list and the year's figures.
type screen struct {
	env *gui.Env

	year     *widget.Select
	source   *widget.Select
	category *widget.Select
	class    *widget.Select
	unit     *widget.Select
	status   *widget.Select
	month    *widget.Select
	search   *widget.Entry
	table    *widget.Table
	footer   *widget.Label
	content  fyne.CanvasObject

	// The figures of the chosen year (and source, category, unit).
	figTitle   *widget.Label
	figGrid    *fyne.Container
	byUnit     *widgets.Bars
	byMonth    *widgets.Bars
	topComp    *widget.Label
	topEvent   *widget.Label
	figures    *domain.CaseFigures
	classNames []string // the class filter's names, in its order (after "all")
	units      []string

	pages    *widgets.Pager[domain.Case]
	rows     int
	filter   domain.CaseFilter
	now      time.Time // wall-clock time the overdue highlight is judged against
	debounce *time.Timer
	ctx      context.Context
	loads    gui.Restarter

	// The dialogs last opened from here, so tests can drive them.
	form *Form
	link *linkDialog
}

// column is one column of the list.
type column struct {
	key     string
	width   float32
	numeric bool
	value   func(s *screen, c *domain.Case) string
}

var columns = []column{
	{"case_no", 150, false, func(_ *screen, c *domain.Case) string { return c.No }},
	{"reported_at", 150, false, func(_ *screen, c *domain.Case) string { return domain.FormatCaseTime(c.ReportedAt) }},
	{"source", 80, false, func(s *screen, c *domain.Case) string { return s.env.Enum(c.Source) }},
	{"category", 60, false, func(s *screen, c *domain.Case) string { return s.env.Enum(c.Category) }},
	{"class_name", 110, false, func(_ *screen, c *domain.Case) string { return c.ClassName }},
	{"address", 190, false, func(_ *screen, c *domain.Case) string { return c.Address }},
	{"unit", 110, false, func(_ *screen, c *domain.Case) string { return c.Unit }},
	{"deadline", 150, false, func(_ *screen, c *domain.Case) string { return domain.FormatCaseTime(c.Deadline) }},
	{"status", 90, false, func(s *screen, c *domain.Case) string {
		if c.OverdueAt(s.now) {
			return s.env.Enum(c.Status) + " · " + s.env.T("cases2.overdue")
		}
		return s.env.Enum(c.Status)
	}},
	{"asset_code", 110, false, func(s *screen, c *domain.Case) string {
		if c.AssetID == 0 {
			return ""
		}
		if c.AssetCode != "" {
			return c.AssetCode
		}
		return "#" + strconv.FormatInt(c.AssetID, 10)
	}},
}

func newScreen(env *gui.Env) *screen {
	s := &screen{env: env}
	s.pages = widgets.NewPager(widgets.PageSize, widgets.MaxPages, env.Load, func(page int, rows []domain.Case) {
		if page == 0 && len(rows) > s.rows {
			s.rows = len(rows)
		}
		s.table.Refresh()
	})
	s.build()
	return s
}

func (s *screen) Content() fyne.CanvasObject { return s.content }

func (s *screen) build() {
	env := s.env
	all := env.T("gui.filter.all")
	s.year = gui.NewYearSelect(env, func(int) { s.reloadYear() })
	s.source = env.NewSelect(append([]string{all}, widgets.EnumLabels(env, domain.CaseSources)...), func(string) { s.reloadAll() })
	s.source.PlaceHolder = widgets.FieldName(env, "source")
	s.category = env.NewSelect(append([]string{all}, widgets.EnumLabels(env, domain.CaseCategories)...), func(string) { s.reloadAll() })
	s.category.PlaceHolder = widgets.FieldName(env, "category")
	s.class = env.NewSelect([]string{all}, func(string) { s.reload() })
	s.class.PlaceHolder = widgets.FieldName(env, "class_name")
	s.unit = env.NewSelect([]string{all}, func(string) { s.reloadAll() })
	s.unit.PlaceHolder = widgets.FieldName(env, "unit")
	statuses := append([]string{all}, widgets.EnumLabels(env, domain.CaseStatuses)...)
	s.status = env.NewSelect(append(statuses, env.T("cases2.overdue_now")), func(string) { s.reload() })
	s.status.PlaceHolder = widgets.FieldName(env, "status")
	months := []string{all}
	for m := 1; m <= 12; m++ {
		months = append(months, env.T("gui.month", map[string]any{"M": m}))
	}
	s.month = env.NewSelect(months, func(string) { s.reload() })
	s.month.PlaceHolder = env.T("cases2.month")
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder(env.T("cases2.search"))
	s.search.OnChanged = func(string) {
		if s.debounce != nil {
			s.debounce.Stop()
		}
		s.debounce = time.AfterFunc(widgets.SearchDelay, func() { s.env.Do(s.reload) })
	}
	s.table = s.newTable()
	s.table.OnSelected = func(id widget.TableCellID) {
		s.table.Unselect(id)
		if c, ok := s.pages.Get(id.Row); ok {
			s.onEdit(c)
		}
	}
	add := widget.NewButtonWithIcon(env.T("cases2.add"), theme.ContentAddIcon(), s.onAdd)
	add.Importance = widget.HighImportance
	link := widget.NewButtonWithIcon(env.T("cases2.link.button"), theme.SearchIcon(), s.onLink)
	s.footer = widget.NewLabel("")

	title := widgets.Bold(env.T("cases2.nav"))
	filters := container.NewHBox(title, widget.NewLabel(widgets.FieldName(env, "year")), s.year, s.source, s.category,
		s.class, s.unit, s.status, s.month, container.NewGridWrap(fyne.NewSize(170, s.search.MinSize().Height), s.search), add, link)

	s.figTitle = widgets.Bold("")
	s.figGrid = container.NewGridWithColumns(2)
	s.byUnit = widgets.NewBars(false)
	s.byUnit.Empty = env.T("cases2.none")
	s.byMonth = widgets.NewBars(false)
	s.byMonth.Empty = env.T("cases2.none")
	s.topComp = widget.NewLabel("")
	s.topComp.Wrapping = fyne.TextWrapWord
	s.topEvent = widget.NewLabel("")
	s.topEvent.Wrapping = fyne.TextWrapWord
	figures := container.NewVBox(s.figTitle, s.figGrid,
		widget.NewCard("", env.T("cases2.fig.by_month"), s.byMonth),
		widget.NewCard("", env.T("cases2.fig.by_unit"), s.byUnit),
		widget.NewCard("", env.T("cases.stats.top_components"), s.topComp),
		widget.NewCard("", env.T("cases.stats.top_events"), s.topEvent))
	side := container.NewVScroll(figures)
	split := container.NewHSplit(container.NewBorder(nil, s.footer, nil, nil, s.table), side)
	split.Offset = 0.68
	s.content = container.NewBorder(container.NewHScroll(filters), nil, nil, nil, split)
}

// newTable is the list: a label per cell, red for an overdue case's row.
func (s *screen) newTable() *widget.Table {
	env := s.env
	t := widget.NewTableWithHeaders(
		func() (int, int) { return s.rows, len(columns) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			c, ok := s.pages.Get(id.Row)
			if !ok {
				l.Importance = widget.MediumImportance
				l.SetText("…")
				return
			}
			if c.OverdueAt(s.now) {
				l.Importance = widget.DangerImportance
			} else {
				l.Importance = widget.MediumImportance
			}
			l.SetText(columns[id.Col].value(s, &c))
		})
	t.ShowHeaderColumn = false
	t.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 && id.Col < len(columns) {
			o.(*widget.Label).SetText(widgets.FieldName(env, columns[id.Col].key))
		}
	}
	for i, c := range columns {
		t.SetColumnWidth(i, widgets.HeaderWidth(widgets.FieldName(env, c.key), c.width))
	}
	return t
}

// Refresh reloads the years, the year's classes and units, the figures and the list.
func (s *screen) Refresh() {
	gui.LoadYears(context.Background(), s.env, s.year, s.env.Year())
	s.reloadYear()
}

func (s *screen) chosenYear() int {
	if y, err := strconv.Atoi(s.year.Selected); err == nil {
		return y
	}
	return s.env.Year()
}

// selection is the figures' part of the filters (source, category, unit).
func (s *screen) selection() domain.CaseSelection {
	var sel domain.CaseSelection
	if v := widgets.SelectValue(s.source, append([]string{""}, domain.CaseSources...)); v != "" {
		sel.Sources = []string{v}
	}
	if v := widgets.SelectValue(s.category, append([]string{""}, domain.CaseCategories...)); v != "" {
		sel.Categories = []string{v}
	}
	if i := s.unit.SelectedIndex(); i > 0 && i-1 < len(s.units) {
		sel.Units = []string{s.units[i-1]}
	}
	return sel
}

// reloadYear reads the year's grouped cases: the class and unit filters' choices and
// the figures; then the list.
func (s *screen) reloadYear() {
	year := s.chosenYear()
	store := s.env.Store()
	now := domain.WallClock(s.env.Now())
	sel := s.selection()
	s.env.Load(context.Background(), func(ctx context.Context) (func(), error) {
		gs, err := store.CaseGroups(ctx, year, now)
		if err != nil {
			return nil, err
		}
		return func() {
			s.fillChoices(gs)
			s.showFigures(domain.CaseFiguresFrom(gs, sel))
			s.reload()
		}, nil
	})
}

// reloadAll is a change of a filter that narrows the figures too.
func (s *screen) reloadAll() {
	s.reload() // first: it starts the loads' context the figures' load runs under
	s.reloadFigures()
}

func (s *screen) reloadFigures() {
	year := s.chosenYear()
	store := s.env.Store()
	now := domain.WallClock(s.env.Now())
	sel := s.selection()
	s.env.Load(s.loadsCtx(), func(ctx context.Context) (func(), error) {
		f, err := domain.ComputeCaseFigures(ctx, store, year, now, sel)
		if err != nil {
			return nil, err
		}
		return func() { s.showFigures(f) }, nil
	})
}

func (s *screen) loadsCtx() context.Context {
	if s.ctx == nil {
		return context.Background()
	}
	return s.ctx
}

// fillChoices offers the year's classes (most cases first) and units.
func (s *screen) fillChoices(gs *domain.CaseGroups) {
	classCount, unitCount := map[string]int64{}, map[string]int64{}
	for _, g := range gs.Groups {
		classCount[g.ClassName] += g.Count
		if g.Unit != "" {
			unitCount[g.Unit] += g.Count
		}
	}
	byCount := func(m map[string]int64) []string {
		out := make([]string, 0, len(m))
		for k := range m {
			out = append(out, k)
		}
		sort.Slice(out, func(i, j int) bool {
			if m[out[i]] != m[out[j]] {
				return m[out[i]] > m[out[j]]
			}
			return out[i] < out[j]
		})
		return out
	}
	all := s.env.T("gui.filter.all")
	keep := func(sel *widget.Select, names []string, changed func(string)) {
		prev := sel.Selected
		sel.OnChanged = nil
		sel.Options = append([]string{all}, names...)
		sel.ClearSelected()
		for _, n := range names {
			if n == prev {
				sel.SetSelected(prev)
			}
		}
		sel.OnChanged = changed
		sel.Refresh()
	}
	s.classNames = byCount(classCount)
	s.units = byCount(unitCount)
	keep(s.class, s.classNames, func(string) { s.reload() })
	keep(s.unit, s.units, func(string) { s.reloadAll() })
}

// currentFilter is the list's query.
func (s *screen) currentFilter() domain.CaseFilter {
	f := domain.CaseFilter{Year: s.chosenYear()}
	f.Source = widgets.SelectValue(s.source, append([]string{""}, domain.CaseSources...))
	f.Category = widgets.SelectValue(s.category, append([]string{""}, domain.CaseCategories...))
	if i := s.class.SelectedIndex(); i > 0 && i-1 < len(s.classNames) {
		f.ClassName = s.classNames[i-1]
	}
	if i := s.unit.SelectedIndex(); i > 0 && i-1 < len(s.units) {
		f.Unit = s.units[i-1]
	}
	switch i := s.status.SelectedIndex(); {
	case i == overdueOption:
		f.OverdueAt = s.now
	case i > 0:
		f.Status = domain.CaseStatuses[i-1]
	}
	if i := s.month.SelectedIndex(); i > 0 {
		f.Month = i
	}
	f.Search = strings.TrimSpace(s.search.Text)
	return f
}

// reload runs the list's query: the count, and the pages as the table asks for them.
// A page continues from the last case of the page before it when that one was read
// (keyset: the thousandth page costs what the first does), else skips to its offset.
func (s *screen) reload() {
	s.ctx = s.loads.Restart()
	s.now = domain.WallClock(s.env.Now())
	f := s.currentFilter()
	s.filter = f
	store := s.env.Store()
	s.rows = 0
	var mu sync.Mutex
	ends := map[int]*domain.CaseCursor{} // offset of the row after a page → cursor of its last row
	s.pages.Reset(func(ctx context.Context, offset, limit int) ([]domain.Case, error) {
		q := f
		q.Limit = limit
		mu.Lock()
		q.After = ends[offset]
		mu.Unlock()
		if q.After == nil {
			q.Offset = offset
		}
		rows, err := store.FindCases(ctx, q)
		if err == nil && len(rows) > 0 {
			mu.Lock()
			ends[offset+len(rows)] = rows[len(rows)-1].Cursor()
			mu.Unlock()
		}
		return rows, err
	})
	s.pages.Prefetch(0)
	s.table.Refresh()
	s.table.ScrollToTop()
	s.footer.SetText(s.env.T("gui.loading"))
	s.env.Load(s.ctx, func(ctx context.Context) (func(), error) {
		n, err := store.CountCases(ctx, f)
		if err != nil {
			return nil, err
		}
		return func() {
			s.rows = int(n)
			s.table.Refresh()
			s.footer.SetText(s.env.T("cases2.total", map[string]any{"N": widgets.GroupDigits(strconv.FormatInt(n, 10))}))
		}, nil
	})
}

// showFigures fills the figures beside the list.
func (s *screen) showFigures(f *domain.CaseFigures) {
	env := s.env
	s.figures = f
	title := env.T("cases2.fig.title", map[string]any{"Year": f.Year})
	if f.Frozen {
		title += " " + env.T("cases2.fig.frozen", map[string]any{"At": f.AsOf})
	}
	s.figTitle.SetText(title)
	c := f.City
	dash := func(v string) string {
		if v == "" {
			return "—"
		}
		return v
	}
	num := func(n int64) string { return widgets.GroupDigits(strconv.FormatInt(n, 10)) }
	cells := []struct{ key, value string }{
		{"cases2.fig.reported", num(c.Reported)},
		{"cases2.fig.resolved", num(c.Resolved)},
		{"cases2.fig.on_time", num(c.OnTime)},
		{"cases2.fig.resolution_rate", dash(c.ResolutionRate)},
		{"cases2.fig.on_time_rate", dash(c.OnTimeRate)},
		{"cases2.fig.overdue", num(c.Overdue)},
		{"cases2.fig.mean_resolve", MeanHours(env, c.MeanResolveSeconds)},
		{"cases2.fig.hotline", env.T("cases2.fig.hotline_value", map[string]any{"T": num(f.Hotline.Tickets),
			"P": num(f.Hotline.RepliedOnTime), "Rate": dash(f.Hotline.ReplyRate)})},
	}
	var objs []fyne.CanvasObject
	for _, cell := range cells {
		v := widgets.Bold(cell.value)
		if cell.key == "cases2.fig.overdue" && c.Overdue > 0 {
			v.Importance = widget.DangerImportance
		}
		objs = append(objs, widget.NewLabel(env.T(cell.key)), v)
	}
	s.figGrid.Objects = objs
	s.figGrid.Refresh()
	var months []widgets.Item
	for _, b := range f.ByMonth {
		m, _ := strconv.Atoi(b.Key)
		months = append(months, widgets.Item{Label: env.T("gui.month", map[string]any{"M": m}), Value: float64(b.Reported),
			Text: num(b.Reported)})
	}
	s.byMonth.SetItems(months)
	var units []widgets.Item
	for i, b := range f.ByUnit {
		if i == 8 {
			break
		}
		name := b.Key
		if name == "" {
			name = env.T("cases.stats.no_unit")
		}
		units = append(units, widgets.Item{Label: widgets.Truncate(name, 10), Value: float64(b.Reported),
			Text: num(b.Reported) + " · " + dash(b.ResolutionRate)})
	}
	s.byUnit.SetItems(units)
	s.topComp.SetText(topText(env, f.TopComponents))
	s.topEvent.SetText(topText(env, f.TopEvents))
}

// topText lists a top ten, one per line.
func topText(env *gui.Env, cs []domain.ClassCount) string {
	if len(cs) == 0 {
		return env.T("cases2.none")
	}
	var b strings.Builder
	for i, c := range cs {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(strconv.Itoa(i+1) + ". " + c.Name + "  " + widgets.GroupDigits(strconv.FormatInt(c.Count, 10)))
	}
	return b.String()
}

// MeanHours is a mean time to resolve, in hours to 0.1 ("—" when nothing was resolved).
func MeanHours(env *gui.Env, secs int64) string {
	if secs == 0 {
		return "—"
	}
	return env.T("cases2.hours", map[string]any{"H": strconv.FormatFloat(float64(secs)/3600, 'f', 1, 64)})
}

func (s *screen) onAdd() {
	s.form = NewForm(s.env, nil, s.changed)
	s.form.Show()
}

func (s *screen) onEdit(c domain.Case) {
	cc := c
	s.form = NewForm(s.env, &cc, s.changed)
	s.form.Show()
}

// changed reloads after a case was saved, deleted or linked.
// A new case may bring a new year to choose.
func (s *screen) changed() {
	gui.LoadYears(context.Background(), s.env, s.year, s.chosenYear())
	s.reloadYear()
}
