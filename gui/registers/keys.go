package registers

import (
	"context"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"cityledger/domain"
	"cityledger/gui"
	"cityledger/gui/records"
	"cityledger/gui/widgets"
)

// Find focuses the search box (Ctrl+F).
func (r *register) Find() { r.env.Window.Canvas().Focus(r.search) }

// focusTable gives the table the keyboard with the first row selected.
func (r *register) focusTable() {
	r.env.Window.Canvas().Focus(r.table)
	if r.table.Row() < 0 {
		r.table.SelectRow(0)
	}
}

// Print prints the register as filtered and sorted (Ctrl+P).
func (r *register) Print() { r.onPrint() }

// Add opens the form of a new asset (Ctrl+N).
func (r *register) Add() { r.onAdd() }

// showMenu is a row's right-click menu at window position at.
func (r *register) showMenu(a domain.Asset, at fyne.Position) {
	r.menu = ShowAssetMenu(r.env, &a, at, MenuActions{
		Open:   func() { r.onDetail(a.ID) },
		Edit:   func() { r.onEditAsset(a.ID) },
		Record: func() { r.onRecordFor(&a) },
		Retire: func() { r.onRetireAsset(a.ID) },
	})
}

// MenuActions are what an asset's menu does; nil ones get the default: the detail
// dialog, the edit form, the maintenance form and the retire question, after which
// the screen shown reloads.
type MenuActions struct {
	Open, Edit, Record, Retire, ShowOnMap func()
}

// ShowAssetMenu is the right-click menu of an asset (a register row, a map feature) at
// window position at: open, edit, show on map, record maintenance, retire, copy code.
func ShowAssetMenu(env *gui.Env, a *domain.Asset, at fyne.Position, act MenuActions) *fyne.Menu {
	id := a.ID
	or := func(f, def func()) func() {
		if f != nil {
			return f
		}
		return def
	}
	items := []*fyne.MenuItem{
		fyne.NewMenuItem(env.T("gui.menu.open"), or(act.Open, func() { ShowAssetDetail(env, id) })),
		fyne.NewMenuItem(env.T("gui.edit"), or(act.Edit, func() { EditAsset(env, id) })),
	}
	if d, ok := env.ClassOf(a.Class); ok && d.Geometric() {
		show := fyne.NewMenuItem(env.T("gui.menu.show_on_map"), or(act.ShowOnMap, func() { env.ShowOnMap(id) }))
		show.Disabled = a.Geometry == nil
		items = append(items, show)
	}
	retire := fyne.NewMenuItem(env.T("gui.retire"), or(act.Retire, func() { RetireAsset(env, id) }))
	retire.Disabled = a.Status == domain.StatusDisposed
	code := a.Code
	items = append(items,
		fyne.NewMenuItem(env.T("gui.detail.add_record"), or(act.Record, func() { RecordFor(env, a) })),
		retire,
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(env.T("gui.menu.copy_code"), func() { env.App.Clipboard().SetContent(code) }),
	)
	menu := fyne.NewMenu("", items...)
	widget.ShowPopUpMenuAtPosition(menu, env.Window.Canvas(), at)
	return menu
}

// EditAsset opens the edit form of asset id from any screen; the screen shown reloads
// after a save.
func EditAsset(env *gui.Env, id int64) {
	store := env.Store()
	env.Load(context.Background(), func(ctx context.Context) (func(), error) {
		a, err := store.GetAsset(ctx, id)
		if err != nil {
			return nil, err
		}
		units, err := store.ListUnits(ctx)
		if err != nil {
			return nil, err
		}
		return func() { newAssetForm(env, a, units, func(*domain.Asset) { env.RefreshCurrent() }).Show() }, nil
	})
}

// RetireAsset asks for the disposal date of asset id from any screen.
func RetireAsset(env *gui.Env, id int64) {
	store := env.Store()
	env.Load(context.Background(), func(ctx context.Context) (func(), error) {
		a, err := store.GetAsset(ctx, id)
		if err != nil {
			return nil, err
		}
		return func() { askRetire(env, a, env.RefreshCurrent) }, nil
	})
}

// RecordFor opens the maintenance form of one asset from any screen.
func RecordFor(env *gui.Env, a *domain.Asset) *records.Form {
	f := records.NewForm(env, records.FormOptions{Class: a.Class, AssetIDs: []int64{a.ID}, Asset: a, OnSaved: env.RefreshCurrent})
	f.Show()
	return f
}

// onEditAsset opens the edit form of asset id straight from the table.
func (r *register) onEditAsset(id int64) {
	store := r.env.Store()
	r.env.Load(context.Background(), func(ctx context.Context) (func(), error) {
		a, err := store.GetAsset(ctx, id)
		if err != nil {
			return nil, err
		}
		return func() {
			r.form = newAssetForm(r.env, a, r.units, func(*domain.Asset) { r.reload() })
			r.form.Show()
		}, nil
	})
}

// onRetireAsset asks for the disposal date of asset id, as the detail's Retire does.
func (r *register) onRetireAsset(id int64) {
	store := r.env.Store()
	r.env.Load(context.Background(), func(ctx context.Context) (func(), error) {
		a, err := store.GetAsset(ctx, id)
		if err != nil {
			return nil, err
		}
		return func() { askRetire(r.env, a, func() { r.reload() }) }, nil
	})
}

// onRecordFor opens the maintenance form of one asset.
func (r *register) onRecordFor(a *domain.Asset) { r.recs = RecordFor(r.env, a) }

// The register's view (sort and column widths) is kept per class in the preferences.
func (r *register) prefKey(what string) string { return "register." + string(r.class) + "." + what }

// saveView keeps the sort for the next start.
func (r *register) saveView() {
	p := r.env.App.Preferences()
	sort := r.filter.SortBy
	if sort != "" && r.filter.Desc {
		sort += " desc"
	}
	p.SetString(r.prefKey("sort"), sort)
}

// restoreView applies the sort and column widths kept by the last run.
func (r *register) restoreView() {
	p := r.env.App.Preferences()
	if s := p.String(r.prefKey("sort")); s != "" {
		key, desc := strings.CutSuffix(s, " desc")
		for _, c := range r.cols {
			if c.key == key {
				r.filter.SortBy, r.filter.Desc = key, desc
			}
		}
	}
	for _, kv := range strings.Split(p.String(r.prefKey("widths")), ",") {
		key, w, ok := strings.Cut(kv, "=")
		width, err := strconv.ParseFloat(w, 32)
		if !ok || err != nil || width < 30 {
			continue
		}
		for i, c := range r.cols {
			if c.key == key {
				r.table.SetColumnWidth(i+1, float32(width))
			}
		}
	}
}

// onColumnResized keeps a dragged column's width, by field key (a class may gain fields).
func (r *register) onColumnResized(col int, width float32) {
	if col < 1 || col > len(r.cols) {
		return
	}
	p := r.env.App.Preferences()
	widths := map[string]string{}
	var order []string
	for _, kv := range strings.Split(p.String(r.prefKey("widths")), ",") {
		if k, v, ok := strings.Cut(kv, "="); ok {
			widths[k] = v
			order = append(order, k)
		}
	}
	key := r.cols[col-1].key
	if _, ok := widths[key]; !ok {
		order = append(order, key)
	}
	widths[key] = strconv.FormatFloat(float64(width), 'f', 0, 32)
	var out []string
	for _, k := range order {
		out = append(out, k+"="+widths[k])
	}
	p.SetString(r.prefKey("widths"), strings.Join(out, ","))
}

// assetLabel names an asset in messages: its class in running text, then its code
// ("路灯 LD-0001", "street lamp LD-0001").
func assetLabel(env *gui.Env, a *domain.Asset) string {
	return widgets.ClassInText(env, a.Class) + " " + a.Code
}
