package cases

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"cityledger/domain"
	"cityledger/gui"
	"cityledger/gui/records"
	"cityledger/gui/registers"
	"cityledger/gui/widgets"
)

// Form is a case's dialog: its fields to add or edit, and, for a stored case, its
// asset link and the actions on it (record the maintenance it caused, open its asset,
// link it to the nearest asset of its class, delete it).
type Form struct {
	env     *gui.Env
	c       *domain.Case // nil: a new case
	changed func()

	no, classCode, className, description, address, lon, lat *widget.Entry
	componentID, assetCode, unit, note                       *widget.Entry
	source, category, status, assetClass                     *widget.Select
	times                                                    map[string]*widget.Entry
	classKeys                                                []domain.Class
	linkLabel                                                *widget.Label

	errText *widgets.ProblemText
	saveBtn *widget.Button
	actions *fyne.Container
	dlg     dialog.Dialog

	// What the actions opened last, so tests can drive them.
	Record   *records.Form
	proposal *domain.CaseLinkProposal
}

// NewForm builds the dialog for c (nil adds a case); changed runs after a save.
func NewForm(env *gui.Env, c *domain.Case, changed func()) *Form {
	f := &Form{env: env, c: c, changed: changed, times: map[string]*widget.Entry{}}
	f.build()
	return f
}

func (f *Form) entry(hint string) *widget.Entry {
	e := widget.NewEntry()
	e.SetPlaceHolder(hint)
	return e
}

func (f *Form) build() {
	env := f.env
	f.no = f.entry("")
	f.source = env.NewSelect(widgets.EnumLabels(env, domain.CaseSources), nil)
	f.category = env.NewSelect(widgets.EnumLabels(env, domain.CaseCategories), nil)
	f.classCode = f.entry("0118")
	f.className = f.entry("")
	f.description = widget.NewMultiLineEntry()
	f.description.SetMinRowsVisible(2)
	f.address = f.entry("")
	f.lon = f.entry(env.T("cases2.form.lon_hint"))
	f.lat = f.entry(env.T("cases2.form.lat_hint"))
	f.componentID = f.entry("")
	f.classKeys = env.Catalogue().Keys()
	classes := []string{env.T("gui.records.no_class")}
	for _, k := range f.classKeys {
		classes = append(classes, env.ClassName(k))
	}
	f.assetClass = env.NewSelect(classes, nil)
	f.assetCode = f.entry("")
	for _, k := range domain.CaseTimeFields {
		f.times[k] = f.entry("YYYY-MM-DD HH:MM")
	}
	f.unit = f.entry("")
	f.status = env.NewSelect(widgets.EnumLabels(env, domain.CaseStatuses), nil)
	f.status.PlaceHolder = env.T("cases2.form.status_auto")
	f.note = f.entry("")
	f.linkLabel = widget.NewLabel("")
	f.linkLabel.Wrapping = fyne.TextWrapWord

	name := func(k string) string { return widgets.FieldName(env, k) }
	form := widget.NewForm()
	form.Append(name("case_no")+" *", f.no)
	form.Append(name("source")+" *", f.source)
	form.Append(name("category")+" *", f.category)
	form.Append(name("class_code"), f.classCode)
	form.Append(name("class_name")+" *", f.className)
	form.Append(name("description"), f.description)
	form.Append(name("address"), f.address)
	form.Append(env.T("cases2.form.location"), container.NewGridWithColumns(2, f.lon, f.lat))
	form.Append(name("component_id"), f.componentID)
	form.Append(name("asset_class"), container.NewGridWithColumns(2, f.assetClass, f.assetCode))
	for _, k := range domain.CaseTimeFields {
		label := name(k)
		if k == "reported_at" {
			label += " *"
		}
		form.Append(label, f.times[k])
	}
	form.Append(name("unit"), f.unit)
	form.Append(name("status"), f.status)
	form.Append(name("note"), f.note)
	form.Append(env.T("cases2.form.link"), f.linkLabel)

	f.errText = widgets.NewProblemText()
	f.saveBtn = widget.NewButton(env.T("gui.save"), f.onSave)
	f.saveBtn.Importance = widget.HighImportance
	cancel := widget.NewButton(env.T("gui.cancel"), func() { f.dlg.Hide() })
	f.actions = container.NewHBox(layout.NewSpacer(), cancel, f.saveBtn)
	if f.c != nil {
		record := widget.NewButtonWithIcon(env.T("cases2.form.record"), theme.ContentAddIcon(), f.onRecord)
		nearest := widget.NewButtonWithIcon(env.T("cases2.form.nearest"), theme.SearchIcon(), f.onNearest)
		asset := widget.NewButton(env.T("cases2.form.open_asset"), f.onOpenAsset)
		del := widget.NewButtonWithIcon(env.T("gui.delete"), theme.DeleteIcon(), f.onDelete)
		del.Importance = widget.DangerImportance
		if f.c.AssetID == 0 {
			asset.Disable()
		} else {
			nearest.Disable()
		}
		f.actions.Objects = append([]fyne.CanvasObject{del, record, nearest, asset}, f.actions.Objects...)
	}
	body := container.NewBorder(nil, f.errText.Above(f.actions), nil, nil, container.NewVScroll(form))
	f.errText.Relayout(body)
	title := env.T("cases2.add")
	if f.c != nil {
		title = env.T("cases2.edit", map[string]any{"No": f.c.No})
	}
	f.dlg = dialog.NewCustomWithoutButtons(title, body, env.Window)
	f.dlg.Resize(fyne.NewSize(760, 700))
	f.fill()
}

func (f *Form) fill() {
	env := f.env
	c := f.c
	if c == nil {
		widgets.SetSelectValue(env, f.source, domain.SourceCityPlatform)
		widgets.SetSelectValue(env, f.category, domain.CategoryComponent)
		f.times["reported_at"].SetText(domain.FormatCaseTime(domain.WallClock(env.Now()).Truncate(60e9)))
		f.linkLabel.SetText(env.T("cases2.form.link_none"))
		return
	}
	f.no.SetText(c.No)
	widgets.SetSelectValue(env, f.source, c.Source)
	widgets.SetSelectValue(env, f.category, c.Category)
	f.classCode.SetText(c.ClassCode)
	f.className.SetText(c.ClassName)
	f.description.SetText(c.Description)
	f.address.SetText(c.Address)
	if c.Location != nil {
		f.lon.SetText(strconv.FormatFloat(c.Location[0], 'f', -1, 64))
		f.lat.SetText(strconv.FormatFloat(c.Location[1], 'f', -1, 64))
	}
	f.componentID.SetText(c.ComponentID)
	if c.AssetClass != "" {
		f.assetClass.SetSelected(env.ClassName(c.AssetClass))
	}
	f.assetCode.SetText(c.AssetCode)
	for _, k := range domain.CaseTimeFields {
		f.times[k].SetText(domain.FormatCaseTime(c.Time(k)))
	}
	f.unit.SetText(c.Unit)
	widgets.SetSelectValue(env, f.status, c.Status)
	f.note.SetText(c.Note)
	f.linkLabel.SetText(LinkText(env, c))
}

// LinkText says which asset a case is linked to and how.
func LinkText(env *gui.Env, c *domain.Case) string {
	if c.AssetID == 0 {
		return env.T("cases2.form.link_none")
	}
	code := c.AssetCode
	if code == "" {
		code = "#" + strconv.FormatInt(c.AssetID, 10)
	}
	return env.T("cases2.form.link_to", map[string]any{"Asset": code, "How": env.T("cases2.link." + c.Link)})
}

// read is the case the form describes, with the broken rules of values that do not parse.
func (f *Form) read() (domain.Case, []domain.FieldError) {
	var c domain.Case
	if f.c != nil {
		c = *f.c
	}
	var bad []domain.FieldError
	c.No = strings.TrimSpace(f.no.Text)
	c.Source = widgets.SelectValue(f.source, domain.CaseSources)
	c.Category = widgets.SelectValue(f.category, domain.CaseCategories)
	c.ClassCode = strings.TrimSpace(f.classCode.Text)
	c.ClassName = strings.TrimSpace(f.className.Text)
	c.Description = strings.TrimSpace(f.description.Text)
	c.Address = strings.TrimSpace(f.address.Text)
	lon, lat := strings.TrimSpace(f.lon.Text), strings.TrimSpace(f.lat.Text)
	c.Location = nil
	if lon != "" || lat != "" {
		x, errX := strconv.ParseFloat(lon, 64)
		y, errY := strconv.ParseFloat(lat, 64)
		if errX != nil || errY != nil {
			bad = append(bad, domain.FieldError{Field: "lon", Value: lon + ", " + lat, Rule: "coordinates_range"})
		} else {
			c.Location = &orb.Point{x, y}
		}
	}
	c.ComponentID = strings.TrimSpace(f.componentID.Text)
	c.AssetClass = ""
	if i := f.assetClass.SelectedIndex(); i > 0 && i-1 < len(f.classKeys) {
		c.AssetClass = f.classKeys[i-1]
	}
	c.AssetCode = strings.TrimSpace(f.assetCode.Text)
	for _, k := range domain.CaseTimeFields {
		v := strings.TrimSpace(f.times[k].Text)
		if v == "" {
			c.SetTime(k, time.Time{})
			continue
		}
		t, ok := domain.ParseCaseTime(v)
		if !ok {
			bad = append(bad, domain.FieldError{Field: k, Value: v, Rule: "case_time"})
			continue
		}
		c.SetTime(k, t)
	}
	c.Unit = strings.TrimSpace(f.unit.Text)
	c.Status = widgets.SelectValue(f.status, domain.CaseStatuses)
	c.Note = strings.TrimSpace(f.note.Text)
	return c, bad
}

// Show opens the dialog.
func (f *Form) Show() { f.dlg.Show() }

// Problem is the message the form shows, "" when none.
func (f *Form) Problem() string { return f.errText.Text() }

func (f *Form) showProblem(err error) {
	if err == nil {
		f.errText.Set("")
		return
	}
	f.errText.Set(domain.Message(f.env.Lang, err))
}

func (f *Form) onSave() {
	c, bad := f.read()
	if len(bad) > 0 {
		f.showProblem(domain.Invalid(bad...))
		return
	}
	f.showProblem(nil)
	store := f.env.Store()
	f.saveBtn.Disable()
	f.env.Load(context.Background(), func(ctx context.Context) (func(), error) {
		err := store.SaveCase(ctx, &c)
		return func() {
			f.saveBtn.Enable()
			if err != nil {
				gui.LogIfInternal(err)
				f.showProblem(err)
				return
			}
			f.dlg.Hide()
			if f.changed != nil {
				f.changed()
			}
		}, nil
	})
}

func (f *Form) onDelete() {
	env, c := f.env, f.c
	env.Confirm(env.T("gui.delete"), env.T("cases2.delete_question", map[string]any{"No": c.No}), env.T("gui.delete"), func() {
		store := env.Store()
		env.Load(context.Background(), func(ctx context.Context) (func(), error) {
			if err := store.DeleteCase(ctx, c.ID, c.Version); err != nil {
				return nil, err
			}
			return func() {
				f.dlg.Hide()
				if f.changed != nil {
					f.changed()
				}
			}, nil
		})
	})
}

func (f *Form) onOpenAsset() {
	if f.c.AssetID != 0 {
		registers.ShowAssetDetail(f.env, f.c.AssetID)
	}
}

// onRecord opens the maintenance form pre-filled from the case: its resolution date
// (else today), its asset, the work type its category suggests, and the project the
// latest record of the asset's class that year was charged to; the record keeps the
// case number.
func (f *Form) onRecord() {
	env, c := f.env, *f.c
	store := env.Store()
	env.Load(context.Background(), func(ctx context.Context) (func(), error) {
		pre := MaintenanceFor(&c, env.Today())
		var asset *domain.Asset
		if c.AssetID != 0 {
			a, err := store.GetAsset(ctx, c.AssetID)
			if err != nil {
				return nil, err
			}
			asset = a
			pre.AssetClass, pre.AssetID, pre.AssetCode = a.Class, a.ID, a.Code
			recent, err := store.FindRecords(ctx, domain.RecordFilter{Year: pre.Date.Year(), AssetClass: a.Class, Desc: true, Limit: 20})
			if err != nil {
				return nil, err
			}
			for _, r := range recent {
				if r.ProjectID != 0 {
					pre.ProjectID, pre.ProjectCode = r.ProjectID, r.ProjectCode
					break
				}
			}
		}
		return func() {
			opts := records.FormOptions{Prefill: &pre, OnSaved: f.changed}
			if asset != nil {
				opts.Class, opts.AssetIDs, opts.Asset = asset.Class, []int64{asset.ID}, asset
			}
			f.Record = records.NewForm(env, opts)
			f.Record.Show()
		}, nil
	})
}

// MaintenanceFor is the record a case suggests: dated the day it was resolved (today
// when it is not yet), repair work for a component and other work for an event,
// carrying the case's number.
func MaintenanceFor(c *domain.Case, today domain.Date) domain.Record {
	r := domain.Record{CaseNo: c.No, WorkType: "其他", Funding: domain.FundFiscal, Date: today}
	if !c.ResolvedAt.IsZero() {
		r.Date = domain.DateOf(c.ResolvedAt)
	}
	if c.Category == domain.CategoryComponent {
		r.WorkType = "维修"
	}
	return r
}

// onNearest proposes the nearest asset of the case's class and links it when the person
// confirms.
func (f *Form) onNearest() {
	env, c := f.env, *f.c
	store := env.Store()
	env.Load(context.Background(), func(ctx context.Context) (func(), error) {
		props, err := store.ProposeCaseLinks(ctx, c.Year(), nil)
		if err != nil {
			return nil, err
		}
		return func() {
			for i := range props {
				if props[i].CaseID == c.ID {
					f.proposal = &props[i]
					newLinkDialog(env, []domain.CaseLinkProposal{props[i]}, func() {
						f.dlg.Hide()
						if f.changed != nil {
							f.changed()
						}
					}).show()
					return
				}
			}
			env.ShowMessage(env.T("cases2.form.nearest"), env.T("cases2.link.none_for", map[string]any{"No": c.No}))
		}, nil
	})
}
