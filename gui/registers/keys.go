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

// Add opens the form of a new asset (Ctrl+N).
func (r *register) Add() { r.onAdd() }

// showMenu is a row's right-click menu at window position at.
func (r *register) showMenu(a domain.Asset, at fyne.Position) {
	env := r.env
	id := a.ID
	items := []*fyne.MenuItem{
		fyne.NewMenuItem(env.T("gui.menu.open"), func() { r.onDetail(id) }),
		fyne.NewMenuItem(env.T("gui.edit"), func() { r.onEditAsset(id) }),
	}
	if d, ok := env.ClassOf(a.Class); ok && d.Geometric() {
		show := fyne.NewMenuItem(env.T("gui.menu.show_on_map"), func() { env.ShowOnMap(id) })
		if a.Geometry == nil {
			show.Disabled = true
		}
		items = append(items, show)
	}
	items = append(items,
		fyne.NewMenuItem(env.T("gui.detail.add_record"), func() { r.onRecordFor(&a) }),
		fyne.NewMenuItem(env.T("gui.retire"), func() { r.onRetireAsset(id) }),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(env.T("gui.menu.copy_code"), func() { env.App.Clipboard().SetContent(a.Code) }),
	)
	if a.Status == domain.StatusDisposed {
		items[4].Disabled = true
	}
	r.menu = widget.NewPopUpMenu(fyne.NewMenu("", items...), env.Window.Canvas())
	r.menu.ShowAtPosition(at)
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
func (r *register) onRecordFor(a *domain.Asset) {
	r.recs = records.NewForm(r.env, records.FormOptions{Class: a.Class, AssetIDs: []int64{a.ID}, Asset: a})
	r.recs.Show()
}

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
