// Package dashboard is 总览: what the registers hold, the year's spending against budget per
// project, the costliest assets of the year and the latest changes.
package dashboard

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"cityledger/domain"
	"cityledger/gui"
	"cityledger/gui/widgets"
)

// dashboard is 总览: what the registers hold, the year's spending against budget per
// project, the costliest assets of the year and the latest changes.
type dashboard struct {
	env     *gui.Env
	content fyne.CanvasObject
	loads   gui.Restarter

	year     *widget.Select
	cards    map[domain.Class]*classCard
	cardGrid *fyne.Container
	projects *widgets.Bars
	costly   *widget.Label
	top      *fyne.Container
	recent   *fyne.Container
	total    *widget.Label

	// stats are the figures shown, kept for tests and the screenshot check.
	stats *domain.Stats
}

type classCard struct {
	title, count, measure, value *widget.Label
}

// costlyAsset is one line of the ten costliest assets of the year.
type costlyAsset struct {
	Asset domain.Asset
	Cost  domain.Fen
	Count int64
}

func newDashboard(env *gui.Env) *dashboard {
	d := &dashboard{env: env, cards: map[domain.Class]*classCard{}}
	d.year = gui.NewYearSelect(env, d.onYear)
	// A card per class that holds assets, added as the statistics come.
	cardGrid := container.NewGridWithColumns(3)
	d.cardGrid = cardGrid
	d.projects = widgets.NewBars(false)
	d.projects.Empty = env.T("gui.dashboard.no_projects")
	d.total = widget.NewLabel("")
	d.total.Truncation = fyne.TextTruncateEllipsis
	d.costly = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.top = container.NewVBox()
	d.recent = container.NewVBox()

	header := container.NewBorder(nil, nil,
		widget.NewLabelWithStyle(env.T("gui.nav.dashboard"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewHBox(widget.NewLabel(env.T("field.year")), d.year))
	projectsBox := widget.NewCard(env.T("gui.dashboard.projects"), "", container.NewVBox(d.total, d.projects))
	topBox := widget.NewCard(env.T("gui.dashboard.costliest"), "", container.NewVBox(d.costly, d.top))
	recentBox := widget.NewCard(env.T("gui.dashboard.recent"), "", d.recent)
	body := container.NewVBox(cardGrid, container.NewGridWithColumns(2, projectsBox, container.NewVBox(topBox, recentBox)))
	d.content = container.NewBorder(header, nil, nil, nil, container.NewVScroll(body))
	return d
}

func (d *dashboard) Content() fyne.CanvasObject { return d.content }

// Refresh reloads the years and every figure in the background.
func (d *dashboard) Refresh() {
	year := d.env.Year()
	store := d.env.Store()
	ctx := d.loads.Restart()
	gui.LoadYears(ctx, d.env, d.year, year)
	d.load(ctx, store, year)
}

func (d *dashboard) onYear(year int) {
	d.load(d.loads.Restart(), d.env.Store(), year)
}

func (d *dashboard) load(ctx context.Context, store domain.Store, year int) {
	d.env.Load(ctx, func(ctx context.Context) (func(), error) {
		st, err := domain.ComputeStats(ctx, store, year)
		if err != nil {
			return nil, err
		}
		return func() { d.refreshStats(st) }, nil
	})
	d.env.Load(ctx, func(ctx context.Context) (func(), error) {
		top, err := costliestAssets(ctx, store, year, 10)
		if err != nil {
			return nil, err
		}
		return func() { d.refreshTop(year, top) }, nil
	})
	d.env.Load(ctx, func(ctx context.Context) (func(), error) {
		changes, err := store.RecentChanges(ctx, 12)
		if err != nil {
			return nil, err
		}
		return func() { d.refreshRecent(changes) }, nil
	})
}

// card is the card of class c, added to the grid the first time.
func (d *dashboard) card(c domain.Class) *classCard {
	if cc := d.cards[c]; cc != nil {
		return cc
	}
	cc := &classCard{
		title:   widget.NewLabelWithStyle(d.env.ClassName(c), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		count:   widget.NewLabel("…"),
		measure: widget.NewLabel(""),
		value:   widget.NewLabel(""),
	}
	d.cards[c] = cc
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.CornerRadius = theme.InputRadiusSize()
	d.cardGrid.Add(container.NewStack(bg, container.NewVBox(cc.title, cc.count, cc.measure, cc.value)))
	return cc
}

func (d *dashboard) refreshStats(st *domain.Stats) {
	d.stats = st
	for _, cs := range st.Classes {
		cc := d.card(cs.Class)
		// The same words as the register's footer and the map's legend.
		cc.count.SetText(widgets.StatusCount(d.env, cs.Class, widgets.StatusCounts{InUse: cs.Count - cs.Idle, Idle: cs.Idle, Retired: cs.Disposed}))
		cc.measure.SetText(classMeasure(d.env, cs))
		if cc.measure.Text == "" {
			cc.measure.Hide()
		} else {
			cc.measure.Show()
		}
		cc.value.SetText(d.env.T("gui.dashboard.value", map[string]any{"Value": widgets.Money(cs.OriginalValue)}))
	}
	var items []widgets.Item
	var budget domain.Fen
	for _, p := range st.Records.ByProject {
		label := p.Name
		if p.Code == "" {
			label = d.env.T("stats.basic")
		}
		label = widgets.Truncate(label, 14)
		budget += p.Budget
		text := d.env.T("gui.dashboard.project_bar", map[string]any{"Executed": p.Executed.Wan(), "Budget": p.Budget.Wan()})
		if pct := domain.Percent(int64(p.Executed), int64(p.Budget)); pct != "" {
			text += " " + pct
		}
		items = append(items, widgets.Item{Label: label, Value: float64(p.Executed), Target: float64(p.Budget),
			Text: text, Over: p.Budget > 0 && p.Executed > p.Budget})
	}
	d.projects.SetItems(items)
	d.total.SetText(d.env.T("gui.dashboard.records", map[string]any{
		"Year": st.Year, "Count": st.Records.Count, "Cost": widgets.Money(st.Records.Cost), "Budget": widgets.Money(budget)}))
}

// classMeasure is the card's size line: by what the class's declaration says the report
// states of it (lines in length, areas in area; roads both).
func classMeasure(env *gui.Env, cs domain.ClassStats) string {
	d, ok := env.ClassOf(cs.Class)
	if !ok {
		return ""
	}
	_, hasLength := d.Field("length_m")
	switch {
	case d.ReportMeasure() == domain.MeasureArea && hasLength && d.Geometry == domain.GeometryLine:
		return env.T("gui.dashboard.area_length", map[string]any{"Area": widgets.Number(cs.AreaM2, 0), "Length": widgets.Number(cs.LengthM, 0)})
	case d.ReportMeasure() == domain.MeasureArea:
		return env.T("gui.dashboard.area", map[string]any{"Area": widgets.Number(cs.AreaM2, 0)})
	case d.ReportMeasure() == domain.MeasureLength:
		return env.T("gui.dashboard.length_km", map[string]any{"Km": widgets.Number(cs.LengthM/1000, 2)})
	}
	return ""
}

func (d *dashboard) refreshTop(year int, top []costlyAsset) {
	d.costly.SetText(d.env.T("gui.dashboard.costliest_year", map[string]any{"Year": year}))
	d.top.RemoveAll()
	if len(top) == 0 {
		d.top.Add(widget.NewLabel(d.env.T("gui.dashboard.no_records")))
	}
	for i, t := range top {
		// The class in running text: "street lamp LD-0951" in English.
		line := fmt.Sprintf("%d. %s %s", i+1, widgets.ClassInText(d.env, t.Asset.Class), widgets.AssetLabel(&t.Asset))
		name := widget.NewLabel(line)
		name.Truncation = fyne.TextTruncateEllipsis
		d.top.Add(container.NewBorder(nil, nil, nil,
			widget.NewLabel(d.env.T("gui.dashboard.cost_times", map[string]any{"Cost": widgets.Money(t.Cost), "N": t.Count})), name))
	}
}

func (d *dashboard) refreshRecent(changes []domain.AuditEntry) {
	d.recent.RemoveAll()
	if len(changes) == 0 {
		d.recent.Add(widget.NewLabel(d.env.T("gui.dashboard.no_changes")))
	}
	for _, c := range changes {
		l := widget.NewLabel(widgets.AuditLine(d.env, c))
		l.Truncation = fyne.TextTruncateEllipsis
		d.recent.Add(l)
	}
}

// costliestAssets ranks the assets by the year's maintenance cost (one grouped query)
// and loads them for display.
func costliestAssets(ctx context.Context, store domain.Store, year, limit int) ([]costlyAsset, error) {
	ranked, err := store.TopAssetsByCost(ctx, year, limit)
	if err != nil {
		return nil, err
	}
	out := make([]costlyAsset, 0, len(ranked))
	for _, r := range ranked {
		a, err := store.GetAsset(ctx, r.AssetID)
		if err != nil {
			if domain.ErrorKind(err) == domain.KindNotFound {
				continue
			}
			return nil, err
		}
		out = append(out, costlyAsset{Asset: *a, Cost: r.Cost, Count: r.Count})
	}
	return out, nil
}

// RouteID is the dashboard's route.
const RouteID = "dashboard"

// Route puts the dashboard in the navigation.
func Route() gui.Route {
	return gui.Route{ID: RouteID, Title: "gui.nav.dashboard", Icon: theme.HomeIcon(),
		New: func(env *gui.Env) gui.Screen { return newDashboard(env) }}
}
