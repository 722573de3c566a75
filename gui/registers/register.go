// Package registers is the register of each asset class, built from its declaration:
// the virtualized table with its search, filters and footer totals, the add/edit form,
// the asset's detail with its records and history, and the bulk edit and bulk
// maintenance entry of a selection.
package registers

import (
	"context"
	"image/color"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"cityledger/domain"
	"cityledger/domain/i18n"
	"cityledger/gui"
	"cityledger/gui/records"
	"cityledger/gui/widgets"
)

// register is the screen of one asset class: a virtualized table fed page by page from
// the store, a search box, filters, footer totals and the add / edit / retire / delete
// and bulk actions. One type serves all six classes, parameterised by domain.Class.
type register struct {
	env   *gui.Env
	class domain.Class
	def   *domain.ClassDef
	cols  []column

	table   *widgets.RowTable
	pages   *widgets.Pager[domain.Asset]
	rows    int
	counted bool

	search    *widget.Entry
	unitSel   *widget.Select
	kindSel   *widget.Select
	statusSel *widget.Select
	yearEntry *widget.Entry
	footer    *widget.Label
	selLabel  *widget.Label
	bulkEdit  *widget.Button
	bulkRec   *widget.Button
	clearSel  *widget.Button
	content   fyne.CanvasObject

	filter   domain.AssetFilter
	units    []domain.Unit
	unitName map[int64]string
	selected map[int64]bool
	debounce *time.Timer
	ctx      context.Context // of the current query's loads
	loads    gui.Restarter

	// pageShown is told when a page of rows has been applied to the table (benchmarks).
	pageShown func(page int)

	// The dialogs last opened, so tests can drive them.
	form   *assetForm
	detail *AssetDetail
	bulk   *bulkEditDialog
	recs   *records.Form
	menu   *fyne.Menu // the last row menu (tests)
}

const (
	maxSelectAll = 10000
)

func newRegister(env *gui.Env, class domain.Class) *register {
	def, ok := env.ClassOf(class)
	if !ok {
		// A class removed meanwhile: an empty register of the name.
		def = &domain.ClassDef{Key: class, Name: domain.Label{ZH: string(class)}}
	}
	r := &register{env: env, class: class, def: def, cols: columnsOf(env, def), selected: map[int64]bool{},
		unitName: map[int64]string{}}
	r.filter = domain.AssetFilter{Class: class}
	r.pages = widgets.NewPager(widgets.PageSize, widgets.MaxPages, env.Load, func(page int, rows []domain.Asset) {
		if page == 0 && !r.counted && len(rows) > r.rows {
			// The count is still running: show what the first page holds meanwhile.
			r.rows = len(rows)
		}
		r.table.Refresh()
		if r.pageShown != nil {
			r.pageShown(page)
		}
	})
	r.build()
	return r
}

func (r *register) Content() fyne.CanvasObject { return r.content }

func (r *register) build() {
	env := r.env
	r.table = widgets.NewRowTable(
		func() (int, int) { return r.rows, len(r.cols) + 1 },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			// The selected row's tint is drawn over the cell: a rectangle takes no taps.
			return container.NewStack(l, widget.NewCheck("", nil), canvas.NewRectangle(color.Transparent))
		},
		r.updateCell,
		func() fyne.CanvasObject {
			b := widget.NewButton("", nil)
			b.Importance = widget.LowImportance
			b.Alignment = widget.ButtonAlignLeading
			return b
		},
		r.updateHeader)
	r.table.OnOpen = func(row int) {
		if a, ok := r.pages.Get(row); ok {
			r.onDetail(a.ID)
		}
	}
	r.table.OnToggle = func(row int) {
		if a, ok := r.pages.Get(row); ok {
			r.toggle(a.ID)
		}
	}
	r.table.OnMenu = func(row int, at fyne.Position) {
		if a, ok := r.pages.Get(row); ok {
			r.showMenu(a, at)
		}
	}
	r.table.OnColumnResized = r.onColumnResized
	r.table.SetColumnWidth(0, 40)
	for i, c := range r.cols {
		r.table.SetColumnWidth(i+1, widgets.HeaderWidth(c.title, c.width))
	}
	r.restoreView()

	r.search = widget.NewEntry()
	r.search.SetPlaceHolder(searchHint(env, r.def))
	r.search.OnChanged = func(string) { r.debounced() }
	// Enter in the search box goes to the first row found, for the arrow keys and Enter.
	r.search.OnSubmitted = func(string) { r.focusTable() }
	all := env.T("gui.filter.all")
	r.unitSel = env.NewSelect([]string{all}, func(string) { r.reload() })
	r.unitSel.PlaceHolder = env.T("field.unit")
	kinds := []string{all}
	kf := r.def.KindField()
	if kf != nil {
		for _, v := range kf.Values {
			kinds = append(kinds, v.In(env.Lang))
		}
	}
	r.kindSel = env.NewSelect(kinds, func(string) { r.reload() })
	if kf != nil {
		r.kindSel.PlaceHolder = kf.Name(env.Lang)
	} else {
		r.kindSel.Hide()
	}
	statuses := []string{all}
	for _, s := range domain.Statuses {
		statuses = append(statuses, env.Enum(s))
	}
	r.statusSel = env.NewSelect(statuses, func(string) { r.reload() })
	r.statusSel.PlaceHolder = env.T("field.status")
	r.yearEntry = widget.NewEntry()
	r.yearEntry.SetPlaceHolder(env.T("gui.filter.start_year"))
	r.yearEntry.OnChanged = func(string) { r.debounced() }

	add := widget.NewButtonWithIcon(env.T("gui.add"), theme.ContentAddIcon(), r.onAdd)
	add.Importance = widget.HighImportance
	tools := container.NewHBox(add)
	var importBtn *widget.Button
	if imp := r.env.ImportHook(); imp != nil {
		importBtn = widget.NewButtonWithIcon(env.T("gui.import"), theme.UploadIcon(), r.onImport)
		tools.Add(importBtn)
	}
	if exp := r.env.ExportHook(); exp != nil {
		tools.Add(widget.NewButtonWithIcon(env.T("gui.export"), theme.DownloadIcon(), r.onExport))
	}
	tools.Add(widget.NewButtonWithIcon(env.T("gui.card.print"), theme.DocumentPrintIcon(), r.onPrint))
	r.selLabel = widget.NewLabel("")
	r.bulkEdit = widget.NewButtonWithIcon(env.T("gui.register.bulk_edit"), theme.DocumentCreateIcon(), r.onBulkEdit)
	r.bulkRec = widget.NewButtonWithIcon(env.T("gui.register.bulk_record"), theme.ContentAddIcon(), r.onBulkRecord)
	r.clearSel = widget.NewButton(env.T("gui.register.clear_selection"), r.onClearSelection)
	selectAll := widget.NewButton(env.T("gui.register.select_all"), r.onSelectAll)
	env.Guard(domain.RoleEditor, add, importBtn, r.bulkEdit, r.bulkRec)
	tools.Add(widget.NewSeparator())
	tools.Add(selectAll)
	tools.Add(r.clearSel)
	tools.Add(r.bulkEdit)
	tools.Add(r.bulkRec)
	tools.Add(r.selLabel)

	// Fixed widths: a select is otherwise as wide as its longest option, and English
	// options would widen the whole window.
	h := r.yearEntry.MinSize().Height
	filters := container.NewBorder(nil, nil, nil,
		container.NewHBox(
			container.NewGridWrap(fyne.NewSize(120, h), r.unitSel),
			container.NewGridWrap(fyne.NewSize(150, h), r.kindSel),
			container.NewGridWrap(fyne.NewSize(110, h), r.statusSel),
			container.NewGridWrap(fyne.NewSize(110, h), r.yearEntry)),
		r.search)
	title := widget.NewLabelWithStyle(r.def.Title(env.Lang), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	top := container.NewVBox(container.NewBorder(nil, nil, title, nil, filters), tools)
	r.footer = widget.NewLabel("")
	r.content = container.NewBorder(top, container.NewVBox(widget.NewSeparator(), r.footer), nil, nil, r.table)
	r.refreshSelection()
}

func (r *register) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	b := o.(*widget.Button)
	if id.Col == 0 {
		b.SetText("✓")
		b.SetIcon(nil)
		b.OnTapped = r.onSelectAll
		return
	}
	if id.Col < 0 || id.Col > len(r.cols) {
		return
	}
	c := r.cols[id.Col-1]
	b.SetText(c.title)
	b.SetIcon(nil)
	if r.sortKey() == c.key {
		if r.filter.Desc {
			b.SetIcon(theme.MoveDownIcon())
		} else {
			b.SetIcon(theme.MoveUpIcon())
		}
	}
	b.OnTapped = func() { r.onSort(c) }
}

func (r *register) sortKey() string {
	if r.filter.SortBy == "" {
		return "code"
	}
	return r.filter.SortBy
}

func (r *register) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	stack := o.(*fyne.Container)
	label := stack.Objects[0].(*widget.Label)
	check := stack.Objects[1].(*widget.Check)
	tint := stack.Objects[2].(*canvas.Rectangle)
	if id.Row == r.table.Row() {
		tint.FillColor = theme.Color(theme.ColorNameSelection)
	} else {
		tint.FillColor = color.Transparent
	}
	tint.Refresh()
	a, ok := r.pages.Get(id.Row)
	if id.Col == 0 {
		label.Hide()
		check.Show()
		check.OnChanged = nil
		check.SetChecked(ok && r.selected[a.ID])
		if ok {
			aid := a.ID
			check.OnChanged = func(on bool) { r.setSelected(aid, on) }
		}
		return
	}
	check.Hide()
	label.Show()
	if !ok {
		label.SetText("…")
		return
	}
	c := r.cols[id.Col-1]
	if c.numeric {
		label.Alignment = fyne.TextAlignTrailing
	} else {
		label.Alignment = fyne.TextAlignLeading
	}
	label.SetText(c.cellText(r.env, r.unitName, &a))
}

// Refresh reloads the units (for the filter and the unit column) and the table.
func (r *register) Refresh() {
	store := r.env.Store()
	r.env.Load(context.Background(), func(ctx context.Context) (func(), error) {
		units, err := store.ListUnits(ctx)
		if err != nil {
			return nil, err
		}
		return func() { r.refreshUnits(units) }, nil
	})
	r.reload()
}

func (r *register) refreshUnits(units []domain.Unit) {
	r.units = units
	r.unitName = map[int64]string{}
	opts := []string{r.env.T("gui.filter.all")}
	for _, u := range units {
		r.unitName[u.ID] = u.ShortName
		opts = append(opts, u.ShortName)
	}
	r.unitSel.Options = opts
	r.unitSel.Refresh()
	r.table.Refresh()
}

func (r *register) debounced() {
	if r.debounce != nil {
		r.debounce.Stop()
	}
	r.debounce = time.AfterFunc(widgets.SearchDelay, func() { r.env.Do(r.reload) })
}

// currentFilter reads the search box and filters into an AssetFilter.
func (r *register) currentFilter() domain.AssetFilter {
	f := domain.AssetFilter{Class: r.class, SortBy: r.filter.SortBy, Desc: r.filter.Desc}
	f.Search = strings.TrimSpace(r.search.Text)
	all := r.env.T("gui.filter.all")
	if s := r.unitSel.Selected; s != "" && s != all {
		for _, u := range r.units {
			if u.ShortName == s {
				f.UnitID = u.ID
			}
		}
	}
	if i := r.kindSel.SelectedIndex(); i > 0 {
		if kf := r.def.KindField(); kf != nil && i-1 < len(kf.Values) {
			f.Kind = kf.Values[i-1].Value
		}
	}
	if i := r.statusSel.SelectedIndex(); i > 0 {
		f.Status = domain.Statuses[i-1]
	}
	if y, err := strconv.Atoi(strings.TrimSpace(r.yearEntry.Text)); err == nil {
		f.StartYear = y
	}
	return f
}

// reload runs the current query again: the first page and the totals, in parallel.
func (r *register) reload() {
	r.ctx = r.loads.Restart()
	f := r.currentFilter()
	r.filter = f
	store := r.env.Store()
	r.counted = false
	r.rows = 0
	r.pages.Reset(func(ctx context.Context, offset, limit int) ([]domain.Asset, error) {
		q := f
		q.Offset, q.Limit = offset, limit
		return store.FindAssets(ctx, q)
	})
	r.pages.Prefetch(0)
	r.table.ClearRow()
	r.table.Refresh()
	r.table.ScrollToTop()
	r.footer.SetText(r.env.T("gui.loading"))
	r.env.Load(r.ctx, func(ctx context.Context) (func(), error) {
		tot, err := store.CountAssets(ctx, f)
		if err != nil {
			return nil, err
		}
		// The list shows retired assets too: the footer says how many of each status,
		// in the words the dashboard and the map use, so the counts reconcile.
		var counts widgets.StatusCounts
		switch f.Status {
		case domain.StatusDisposed:
			counts.Retired = tot.Count
		case domain.StatusIdle:
			counts.Idle = tot.Count
		case domain.StatusInUse:
			counts.InUse = tot.Count
		default:
			idle := f
			idle.Status = domain.StatusIdle
			it, err := store.CountAssets(ctx, idle)
			if err != nil {
				return nil, err
			}
			counts = widgets.StatusCounts{InUse: tot.Count - tot.Disposed - it.Count, Idle: it.Count, Retired: tot.Disposed}
		}
		return func() { r.refreshTotals(tot, counts) }, nil
	})
}

func (r *register) refreshTotals(t domain.AssetTotals, counts widgets.StatusCounts) {
	r.counted = true
	r.rows = int(t.Count)
	r.table.Refresh()
	p := map[string]any{"Value": widgets.Money(t.OriginalValue), "Length": widgets.Number(t.LengthM, 1), "Area": widgets.Number(t.AreaM2, 1)}
	text := widgets.StatusCount(r.env, r.class, counts)
	// The classes that state lengths or areas (pipes, roads, green areas, guardrails…)
	// sum them; a toilet's floor area is no measure of the register.
	if _, ok := r.def.Field("length_m"); ok && r.def.Geometry != domain.GeometryPoint {
		text += r.env.T("gui.register.total_length", p)
	}
	if _, ok := r.def.Field("area_m2"); ok && r.def.Geometry != domain.GeometryPoint {
		text += r.env.T("gui.register.total_area", p)
	}
	text += r.env.T("gui.register.total_value", p)
	r.footer.SetText(text)
}

func (r *register) onSort(c column) {
	if r.sortKey() == c.key {
		r.filter.Desc = !r.filter.Desc
	} else {
		r.filter.SortBy = c.key
		r.filter.Desc = false
	}
	r.saveView()
	r.reload()
}

func (r *register) toggle(id int64) { r.setSelected(id, !r.selected[id]) }

func (r *register) setSelected(id int64, on bool) {
	if on {
		r.selected[id] = true
	} else {
		delete(r.selected, id)
	}
	r.refreshSelection()
	r.table.Refresh()
}

func (r *register) refreshSelection() {
	n := len(r.selected)
	r.selLabel.SetText(r.env.T("gui.register.selected", map[string]any{"N": n}))
	for _, b := range []*widget.Button{r.bulkEdit, r.bulkRec, r.clearSel} {
		if n == 0 {
			b.Disable()
		} else {
			b.Enable()
		}
	}
}

func (r *register) selectedIDs() []int64 {
	ids := make([]int64, 0, len(r.selected))
	for id := range r.selected {
		ids = append(ids, id)
	}
	return ids
}

func (r *register) onClearSelection() {
	r.selected = map[int64]bool{}
	r.refreshSelection()
	r.table.Refresh()
}

// onSelectAll selects every asset the current query matches, up to maxSelectAll.
func (r *register) onSelectAll() {
	f := r.filter
	f.Offset, f.Limit = 0, maxSelectAll
	store := r.env.Store()
	r.env.Load(r.ctx, func(ctx context.Context) (func(), error) {
		as, err := store.FindAssets(ctx, f)
		if err != nil {
			return nil, err
		}
		return func() {
			for _, a := range as {
				r.selected[a.ID] = true
			}
			r.refreshSelection()
			r.table.Refresh()
			if len(as) == maxSelectAll {
				r.env.ShowMessage(r.env.T("gui.register.select_all"),
					r.env.T("gui.register.select_capped", map[string]any{"N": maxSelectAll}))
			}
		}, nil
	})
}

func (r *register) onAdd() {
	a := &domain.Asset{Class: r.class, Status: domain.StatusInUse}
	if len(r.units) > 0 {
		a.UnitID = r.units[0].ID
	}
	r.form = newAssetForm(r.env, a, r.units, func(saved *domain.Asset) { r.reload() })
	r.form.Show()
}

// onImport opens the import wizard; the register reloads (units too) after an import.
func (r *register) onImport() {
	if imp := r.env.ImportHook(); imp != nil {
		imp(r.env, r.class, r.Refresh)
	}
}

// onExport exports the selected assets, or the whole register when none is selected.
func (r *register) onExport() {
	if exp := r.env.ExportHook(); exp != nil {
		exp(r.env, r.class, r.selectedIDs())
	}
}

func (r *register) onDetail(id int64) {
	r.detail = newAssetDetail(r.env, id, detailHooks{changed: r.onAssetChanged})
	r.detail.Show()
}

// onAssetChanged follows an edit, retirement or deletion made in an asset's detail: the
// table shows it, and a deleted asset leaves the selection.
func (r *register) onAssetChanged(id int64, deleted bool) {
	if deleted {
		r.setSelected(id, false)
	}
	r.reload()
}

func (r *register) onBulkEdit() {
	r.bulk = newBulkEditDialog(r, r.selectedIDs())
	r.bulk.Show()
}

func (r *register) onBulkRecord() {
	ids := r.selectedIDs()
	r.recs = records.NewForm(r.env, records.FormOptions{Class: r.class, AssetIDs: ids, OnSaved: func() {
		r.env.ShowMessage(r.env.T("gui.records.bulk_title"), r.env.T("gui.records.bulk_saved", map[string]any{"N": len(ids)}))
	}})
	r.recs.Show()
}

// Routes are the registers of a catalogue, one per class in its order.
func Routes(cat *domain.Catalogue) []gui.Route {
	var out []gui.Route
	for _, d := range cat.Classes() {
		c := d.Key
		out = append(out, gui.Route{ID: gui.ClassRouteID(c), Label: d.Name, Icon: classIcon(d),
			New: func(env *gui.Env) gui.Screen { return newRegister(env, c) }})
	}
	return out
}

// classIcon is a register's icon in the navigation, by the shape of its assets.
func classIcon(d *domain.ClassDef) fyne.Resource {
	switch d.Key {
	case domain.Vehicles:
		return theme.MailSendIcon()
	case domain.Lamps:
		return theme.VisibilityIcon()
	case domain.GreenAreas:
		return theme.ColorPaletteIcon()
	}
	switch d.Geometry {
	case domain.GeometryLine:
		return theme.MoreHorizontalIcon()
	case domain.GeometryPoint:
		return theme.RadioButtonIcon()
	case domain.GeometryPolygon:
		return theme.CheckButtonIcon()
	}
	return theme.NavigateNextIcon()
}

// Rows is how many assets the register lists (tests and benchmarks read it).
func (r *register) Rows() int { return r.rows }

// searchHint names what the search box looks in: the class's code, its own text fields
// and the note ("搜索编号、所在道路、经营者或备注").
func searchHint(env *gui.Env, def *domain.ClassDef) string {
	var names []string
	for _, f := range def.SearchFields() {
		names = append(names, f.Name(env.Lang))
	}
	if len(names) == 0 {
		return env.T("gui.register.search")
	}
	sep, or := "、", "或"
	if env.Lang == i18n.EN {
		sep, or = ", ", " or "
	}
	list := names[len(names)-1]
	if len(names) > 1 {
		list = strings.Join(names[:len(names)-1], sep) + or + list
	}
	return env.T("gui.register.search_in", map[string]any{"Fields": list})
}
