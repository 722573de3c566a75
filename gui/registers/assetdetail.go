package registers

import (
	"context"
	"fmt"
	"math"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"cityledger/domain"
	"cityledger/gui"
	"cityledger/gui/records"
	"cityledger/gui/widgets"
)

// AssetDetail is the dialog of one asset: its fields, a summary of its geometry, its
// maintenance history with totals and its audit history, with the actions on it (edit,
// add a record, retire, delete). A register opens it for a row; other screens (the
// map) open it with ShowAssetDetail.
type AssetDetail struct {
	env   *gui.Env
	id    int64
	hooks detailHooks

	asset     *domain.Asset
	units     []domain.Unit
	unitNames map[int64]string
	records   []domain.Record
	cases     []domain.Case
	audit     []domain.AuditEntry

	header    *widget.Label
	noHistory *widget.Label
	info      *fyne.Container // the fields' form, the geometry title and summary
	geom      *widget.Label
	recTotals *widget.Label
	recList   *widget.List
	caseTotal *widget.Label
	caseList  *widget.List
	auditList *widget.List
	buttons   []*widget.Button
	dlg       dialog.Dialog

	// The dialogs last opened from here, so tests can drive them.
	form *assetForm
	recs *records.Form
}

// detailHooks tell the screen an asset's detail was opened from what changed there, so
// that it can show the change; either may be nil.
type detailHooks struct {
	// changed: the asset was edited, retired or deleted (deleted: it is gone).
	changed func(id int64, deleted bool)
	// recorded: a maintenance record of the asset was added.
	recorded func(id int64)
}

const detailRecordLimit = 1000

// ShowAssetDetail opens the detail dialog the registers open for a row, for asset id,
// from another screen (the map). After a change made in it the screen shown reloads
// (gui.Env.RefreshCurrent). Call on the UI goroutine.
func ShowAssetDetail(env *gui.Env, id int64) *AssetDetail {
	d := newAssetDetail(env, id, detailHooks{
		changed:  func(int64, bool) { env.RefreshCurrent() },
		recorded: func(int64) { env.RefreshCurrent() },
	})
	d.Show()
	return d
}

func newAssetDetail(env *gui.Env, id int64, hooks detailHooks) *AssetDetail {
	d := &AssetDetail{env: env, id: id, hooks: hooks}
	d.build()
	d.load(id)
	return d
}

func (d *AssetDetail) build() {
	env := d.env
	d.geom = widget.NewLabel("")
	d.geom.Wrapping = fyne.TextWrapWord
	d.noHistory = widget.NewLabel(env.T("gui.detail.no_history"))
	d.noHistory.Wrapping = fyne.TextWrapWord
	d.noHistory.Hide()
	d.info = container.NewVBox(widget.NewForm(),
		widget.NewLabelWithStyle(env.T("field.geometry"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), d.geom)
	d.recTotals = widget.NewLabel(env.T("gui.loading"))
	d.recList = widget.NewList(func() int { return len(d.records) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(records.Line(env, &d.records[i]))
		})
	d.caseTotal = widget.NewLabel(env.T("gui.loading"))
	d.caseList = widget.NewList(func() int { return len(d.cases) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(caseLine(env, &d.cases[i]))
		})
	d.auditList = widget.NewList(func() int { return len(d.audit) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(widgets.AuditLine(env, d.audit[i]))
		})

	tabs := container.NewAppTabs(
		container.NewTabItem(env.T("gui.detail.fields"), container.NewVScroll(d.info)),
		container.NewTabItem(env.T("gui.detail.records"), container.NewBorder(d.recTotals, nil, nil, nil, d.recList)),
		container.NewTabItem(env.T("cases2.detail.tab"), container.NewBorder(d.caseTotal, nil, nil, nil, d.caseList)),
		container.NewTabItem(env.T("gui.detail.audit"), container.NewBorder(d.noHistory, nil, nil, nil, d.auditList)),
	)
	edit := widget.NewButtonWithIcon(env.T("gui.edit"), theme.DocumentCreateIcon(), d.onEdit)
	record := widget.NewButtonWithIcon(env.T("gui.detail.add_record"), theme.ContentAddIcon(), d.onAddRecord)
	retire := widget.NewButton(env.T("gui.retire"), d.onRetire)
	del := widget.NewButtonWithIcon(env.T("gui.delete"), theme.DeleteIcon(), d.onDelete)
	env.Guard(domain.RoleEditor, edit, record, retire, del)
	del.Importance = widget.DangerImportance
	showMap := widget.NewButtonWithIcon(env.T("gui.menu.show_on_map"), theme.GridIcon(), func() { env.ShowOnMap(d.id) })
	card := widget.NewButtonWithIcon(env.T("gui.card.print_card"), theme.DocumentPrintIcon(), func() { PrintAssetCard(env, d.id) })
	d.buttons = []*widget.Button{edit, record, retire, del, showMap}
	for _, b := range d.buttons {
		b.Disable()
	}
	closeBtn := widget.NewButton(env.T("gui.close"), func() { d.dlg.Hide() })
	bar := container.NewHBox(edit, record, retire, del, showMap, card, layout.NewSpacer(), closeBtn)
	d.header = widget.NewLabelWithStyle(env.T("gui.loading"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.dlg = dialog.NewCustomWithoutButtons(env.T("gui.detail.title"), container.NewBorder(d.header, bar, nil, nil, tabs), env.Window)
	env.TrackDialog(d.dlg, gui.DialogKeys{Close: d.dlg.Hide, Refresh: d.reloadIfThere, Print: func() { PrintAssetCard(env, d.id) }}, nil)
	d.dlg.Resize(fyne.NewSize(820, 620))
}

// Show opens the dialog.
func (d *AssetDetail) Show() { d.dlg.Show() }

// Hide closes the dialog.
func (d *AssetDetail) Hide() { d.dlg.Hide() }

// reloadIfThere shows the asset afresh after an undo made under the dialog; one the undo
// removed closes it.
func (d *AssetDetail) reloadIfThere() {
	store := d.env.Store()
	id := d.id
	d.env.Load(context.Background(), func(ctx context.Context) (func(), error) {
		if _, err := store.GetAsset(ctx, id); domain.ErrorKind(err) == domain.KindNotFound {
			return d.dlg.Hide, nil
		}
		return func() { d.load(id) }, nil
	})
}

// Asset is the asset shown, nil until it has loaded.
func (d *AssetDetail) Asset() *domain.Asset { return d.asset }

// load fetches the asset, the units, its records and history in the background.
func (d *AssetDetail) load(id int64) {
	store := d.env.Store()
	d.env.Load(context.Background(), func(ctx context.Context) (func(), error) {
		a, err := store.GetAsset(ctx, id)
		if err != nil {
			return nil, err
		}
		units, err := store.ListUnits(ctx)
		if err != nil {
			return nil, err
		}
		recs, err := store.FindRecords(ctx, domain.RecordFilter{AssetID: id, Desc: true, Limit: detailRecordLimit})
		if err != nil {
			return nil, err
		}
		n, cost, err := store.CountRecords(ctx, domain.RecordFilter{AssetID: id})
		if err != nil {
			return nil, err
		}
		hist, err := store.AuditHistory(ctx, domain.AuditAssets, id, 200)
		if err != nil {
			return nil, err
		}
		cs, err := store.FindCases(ctx, domain.CaseFilter{AssetID: id, Limit: detailCaseLimit})
		if err != nil {
			return nil, err
		}
		nCases, err := store.CountCases(ctx, domain.CaseFilter{AssetID: id})
		if err != nil {
			return nil, err
		}
		return func() {
			d.refresh(a, units, recs, n, cost, hist)
			d.showCases(cs, nCases)
		}, nil
	})
}

func (d *AssetDetail) refresh(a *domain.Asset, units []domain.Unit, recs []domain.Record, n int64, cost domain.Fen, hist []domain.AuditEntry) {
	env := d.env
	d.asset, d.records, d.audit = a, recs, hist
	d.units, d.unitNames = units, map[int64]string{}
	for _, u := range units {
		d.unitNames[u.ID] = u.ShortName
	}
	d.header.SetText(widgets.Heading(env, widgets.ClassInText(env, a.Class)) + " " + widgets.AssetLabel(a) + "  ·  " + env.Enum(a.Status))
	// A new form each time: a form that gains rows after layout overlaps what follows it.
	info := widget.NewForm()
	if def, ok := env.ClassOf(a.Class); ok {
		for _, fd := range formFieldsOf(def) {
			if !fd.Stored() {
				continue
			}
			var v string
			switch fd.Type {
			case domain.TypeUnit:
				v = d.unitNames[a.UnitID]
			case domain.TypeMoney:
				m, _ := a.Value(fd).(domain.Fen)
				v = widgets.Money(m)
			default:
				v = domain.DisplayValue(fd, domain.FormatValue(fd, a.Value(fd), nil), env.Lang)
			}
			l := widget.NewLabel(v)
			l.Wrapping = fyne.TextWrapWord
			label := widgets.Heading(env, fd.Name(env.Lang))
			if fd.Unit != "" && !strings.Contains(label, "("+fd.Unit+")") {
				label += " (" + fd.Unit + ")"
			}
			info.Append(label, l)
		}
	}
	d.info.Objects[0] = info
	d.info.Refresh()
	d.geom.SetText(geometrySummary(env, a))
	totals := env.T("gui.detail.record_totals", map[string]any{"N": n, "Cost": widgets.Money(cost)})
	if int64(len(recs)) < n {
		totals += " " + env.T("gui.detail.records_shown", map[string]any{"N": len(recs)})
	}
	d.recTotals.SetText(totals)
	d.recList.Refresh()
	d.auditList.Refresh()
	if len(hist) == 0 {
		d.noHistory.Show()
	} else {
		d.noHistory.Hide()
	}
	for _, b := range d.buttons {
		b.Enable()
	}
	if a.Status == domain.StatusDisposed {
		d.buttons[2].Disable()
	}
	if a.Geometry == nil || !d.env.CanShowOnMap() {
		d.buttons[4].Disable()
	}
}

const detailCaseLimit = 500

// showCases lists the asset's cases, newest first.
func (d *AssetDetail) showCases(cs []domain.Case, n int64) {
	d.cases = cs
	text := d.env.T("cases2.detail.totals", map[string]any{"N": n})
	if int64(len(cs)) < n {
		text += " " + d.env.T("cases2.detail.shown", map[string]any{"N": len(cs)})
	}
	d.caseTotal.SetText(text)
	d.caseList.Refresh()
}

// Cases are the asset's cases shown (tests).
func (d *AssetDetail) Cases() []domain.Case { return d.cases }

// caseLine is a case on one line: reported, number, 小类, status, resolved, address.
func caseLine(env *gui.Env, c *domain.Case) string {
	s := domain.FormatCaseTime(c.ReportedAt) + "  " + c.No + "  " + c.ClassName + "  " + env.Enum(c.Status)
	if !c.ResolvedAt.IsZero() {
		s += "  " + widgets.FieldName(env, "resolved_at") + " " + domain.FormatCaseTime(c.ResolvedAt)
	}
	if c.Address != "" {
		s += "  " + c.Address
	}
	return s
}

// geometrySummary says what the geometry is and what it measures.
func geometrySummary(env *gui.Env, a *domain.Asset) string {
	switch g := a.Geometry.(type) {
	case nil:
		return env.T("gui.geom.none")
	case orb.Point:
		return env.T("gui.geom.point", map[string]any{"Lon": fmt.Sprintf("%.6f", g.Lon()), "Lat": fmt.Sprintf("%.6f", g.Lat())})
	case orb.LineString, orb.MultiLineString:
		s := env.T("gui.geom.line", map[string]any{"Length": widgets.Number(a.GeomLengthM, 1)})
		return s + statedDiff(env, a.LengthM, a.GeomLengthM)
	case orb.Polygon, orb.MultiPolygon:
		s := env.T("gui.geom.area", map[string]any{"Area": widgets.Number(a.GeomAreaM2, 1)})
		return s + statedDiff(env, a.AreaM2, a.GeomAreaM2)
	default:
		return env.T("gui.geom.other", map[string]any{"Type": g.GeoJSONType()})
	}
}

// statedDiff notes how far the stated figure is from the measured one, when it is.
func statedDiff(env *gui.Env, stated, measured float64) string {
	if stated == 0 || measured == 0 {
		return ""
	}
	pct := math.Abs(stated-measured) / measured * 100
	key := "gui.geom.stated"
	if pct > 5 {
		key = "gui.geom.stated_off"
	}
	return " " + env.T(key, map[string]any{"Stated": widgets.Number(stated, 1), "Percent": widgets.Number(pct, 1)})
}

// onEdit opens the asset's form; once it is saved the detail and the screen show it.
func (d *AssetDetail) onEdit() {
	if d.asset == nil {
		return
	}
	d.form = newAssetForm(d.env, d.asset, d.units, func(saved *domain.Asset) {
		d.load(saved.ID)
		if d.hooks.changed != nil {
			d.hooks.changed(saved.ID, false)
		}
	})
	d.form.Show()
}

func (d *AssetDetail) onAddRecord() {
	if d.asset == nil {
		return
	}
	id := d.asset.ID
	d.recs = records.NewForm(d.env, records.FormOptions{Class: d.asset.Class, AssetIDs: []int64{id}, Asset: d.asset,
		OnSaved: func() {
			d.load(id)
			if d.hooks.recorded != nil {
				d.hooks.recorded(id)
			}
		}})
	d.recs.Show()
}

func (d *AssetDetail) onRetire() {
	a := d.asset
	if a == nil {
		return
	}
	askRetire(d.env, a, func() {
		d.load(a.ID)
		if d.hooks.changed != nil {
			d.hooks.changed(a.ID, false)
		}
	})
}

// retireDefault is the disposal date a retirement offers: today when it falls in the
// working year, else the working year's last day (a year-end register is kept in January).
func retireDefault(env *gui.Env) domain.Date {
	today := env.Today()
	if y := env.Year(); today.Year() != y {
		return domain.Date(fmt.Sprintf("%04d-12-31", y))
	}
	return today
}

// askRetire asks for the disposal date of a and retires it; done runs after.
func askRetire(env *gui.Env, a *domain.Asset, done func()) {
	date := widgets.NewDateEntry(env)
	date.SetText(string(retireDefault(env)))
	msg := widget.NewLabel(env.T("gui.retire.question", map[string]any{"Code": a.Code}))
	msg.Wrapping = fyne.TextWrapWord
	content := container.NewVBox(msg, widget.NewForm(widget.NewFormItem(widgets.FieldName(env, "disposal_date"), date)))
	var dlg *dialog.ConfirmDialog
	retire := func() {
		on, fe := domain.ParseDate("disposal_date", date.Text(), "")
		if fe != nil {
			env.ShowErrorNow(domain.Invalid(*fe))
			return
		}
		store := env.Store()
		id, version := a.ID, a.Version
		label := env.T("gui.undo.retire", map[string]any{"Asset": assetLabel(env, a)})
		env.Load(context.Background(), func(ctx context.Context) (func(), error) {
			err := env.Changing(ctx, label, func(ctx context.Context) error {
				return store.RetireAsset(ctx, id, on, version)
			})
			if err != nil {
				return nil, err
			}
			return done, nil
		})
	}
	dlg = dialog.NewCustomConfirm(env.T("gui.retire"), env.T("gui.retire"), env.T("gui.cancel"), content, func(ok bool) {
		if ok {
			retire()
		}
	}, env.Window)
	env.TrackDialog(dlg, gui.DialogKeys{Close: dlg.Hide, Save: func() { dlg.Hide(); retire() }}, nil)
	dlg.Resize(fyne.NewSize(460, 260))
	dlg.Show()
}

func (d *AssetDetail) onDelete() {
	a := d.asset
	if a == nil {
		return
	}
	env := d.env
	store := env.Store()
	env.Load(context.Background(), func(ctx context.Context) (func(), error) {
		n, _, err := store.CountRecords(ctx, domain.RecordFilter{AssetID: a.ID})
		if err != nil {
			return nil, err
		}
		return func() {
			msg := env.T("gui.delete.question", map[string]any{"Code": a.Code})
			if n > 0 {
				msg += "\n" + env.T("err.in_use", map[string]any{"Key": a.Code, "N": n})
			}
			msg += "\n" + env.T("gui.delete.retire_hint")
			label := env.T("gui.undo.delete", map[string]any{"Asset": assetLabel(env, a)})
			env.ConfirmDestructive(env.T("gui.delete"), msg, env.T("gui.delete"), func() {
				env.Load(context.Background(), func(ctx context.Context) (func(), error) {
					err := env.Changing(ctx, label, func(ctx context.Context) error {
						return store.DeleteAsset(ctx, a.ID, a.Version)
					})
					if err != nil {
						return nil, err
					}
					return func() {
						d.dlg.Hide()
						if d.hooks.changed != nil {
							d.hooks.changed(a.ID, true)
						}
					}, nil
				})
			})
		}, nil
	})
}
