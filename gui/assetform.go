package gui

import (
	"context"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"cityledger/domain"
)

// formFieldsOf lists the fields of the add/edit form of a class, in the order shown.
func formFieldsOf(c domain.Class) []string {
	f := []string{"code", "unit", kindField(c)}
	switch c {
	case domain.Vehicles:
		f = append(f, "plate", "body_type", "official")
	case domain.Lamps:
		f = append(f, "road", "power_w", "pole_height_m", "lon", "lat")
	case domain.GreenAreas:
		f = append(f, "name", "area_m2")
	case domain.SewerPipes:
		f = append(f, "material", "diameter_mm", "length_m")
	case domain.SewerFacilities:
		f = append(f, "name", "capacity", "lon", "lat")
	case domain.Roads:
		f = append(f, "name", "area_m2", "length_m")
	}
	return append(f, "start_date", "original_value", "status", "disposal_date", "note")
}

// requiredFields are marked with * in the form (the domain checks them on save).
var requiredFields = map[string]bool{"code": true, "unit": true, "use_category": true, "type": true, "kind": true, "body_type": true}

// assetForm is the add/edit dialog of an asset. It reads its widgets into a plain
// domain.Asset, checks it with the domain's rules and shows the catalogue's message
// naming each field to fix; the dialog stays open until the asset is saved.
type assetForm struct {
	env    *Env
	asset  domain.Asset // as loaded: ID, Version and the geometry the form does not edit
	units  []domain.Unit
	fields []string

	entries  map[string]*widget.Entry
	selects  map[string]*widget.Select
	official *widget.Check
	errText  *problemText
	saveBtn  *widget.Button
	dlg      dialog.Dialog
	onSaved  func(*domain.Asset)
}

func newAssetForm(env *Env, a *domain.Asset, units []domain.Unit, onSaved func(*domain.Asset)) *assetForm {
	f := &assetForm{env: env, asset: *a, units: units, fields: formFieldsOf(a.Class), onSaved: onSaved,
		entries: map[string]*widget.Entry{}, selects: map[string]*widget.Select{}}
	f.build()
	f.fill(a)
	return f
}

func (f *assetForm) build() {
	env := f.env
	form := widget.NewForm()
	for _, key := range f.fields {
		var w fyne.CanvasObject
		switch key {
		case "unit":
			opts := make([]string, len(f.units))
			for i, u := range f.units {
				opts[i] = u.ShortName
			}
			s := env.newSelect(opts, nil)
			f.selects[key] = s
			w = s
		case "use_category", "type", "kind", "body_type", "status":
			var values []string
			switch key {
			case "body_type":
				values = domain.BodyTypes
			case "status":
				values = domain.Statuses
			default:
				values = domain.KindsOf[f.asset.Class]
			}
			s := env.newSelect(enumLabels(env, values), nil)
			f.selects[key] = s
			w = s
		case "official":
			f.official = widget.NewCheck("", nil)
			w = f.official
		default:
			e := widget.NewEntry()
			if key == "note" {
				e.MultiLine = true
				e.Wrapping = fyne.TextWrapWord
				e.SetMinRowsVisible(2)
			}
			if hint := fieldHint(env, key); hint != "" {
				e.SetPlaceHolder(hint)
			}
			f.entries[key] = e
			w = e
		}
		label := fieldName(env, key)
		if requiredFields[key] {
			label += " *"
		}
		form.Append(label, w)
	}
	f.errText = newProblemText()
	f.saveBtn = widget.NewButton(env.T("gui.save"), f.onSave)
	f.saveBtn.Importance = widget.HighImportance
	cancel := widget.NewButton(env.T("gui.cancel"), func() { f.dlg.Hide() })
	buttons := container.NewHBox(layoutSpacer(), cancel, f.saveBtn)
	body := container.NewBorder(nil, f.errText.above(buttons), nil, nil, container.NewVScroll(form))
	f.errText.relayout(body)
	title := env.T("gui.form.add", map[string]any{"Class": env.T("class." + string(f.asset.Class))})
	if f.asset.ID != 0 {
		title = env.T("gui.form.edit", map[string]any{"Class": env.T("class." + string(f.asset.Class)), "Code": f.asset.Code})
	}
	f.dlg = dialog.NewCustomWithoutButtons(title, body, env.Window)
	f.dlg.Resize(fyne.NewSize(560, 680))
}

// Show opens the dialog.
func (f *assetForm) Show() { f.dlg.Show() }

func enumLabels(env *Env, values []string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = env.Enum(v)
	}
	return out
}

// fieldHint is the placeholder of an entry: its format or unit.
func fieldHint(env *Env, key string) string {
	switch key {
	case "start_date", "disposal_date", "date":
		return "YYYY-MM-DD"
	case "original_value", "cost", "budget", "fiscal_budget", "other_budget":
		return env.T("gui.hint.yuan")
	case "power_w":
		return "W"
	case "pole_height_m", "length_m":
		return env.T("gui.hint.metres")
	case "area_m2":
		return "㎡"
	case "diameter_mm":
		return "mm"
	case "lon":
		return "101.71"
	case "lat":
		return "26.58"
	}
	return ""
}

func selectValue(s *widget.Select, values []string) string {
	if i := s.SelectedIndex(); i >= 0 && i < len(values) {
		return values[i]
	}
	return ""
}

func setSelectValue(env *Env, s *widget.Select, v string) {
	if v == "" {
		s.ClearSelected()
		return
	}
	s.SetSelected(env.Enum(v))
}

// fill puts an asset's values into the widgets.
func (f *assetForm) fill(a *domain.Asset) {
	for _, key := range f.fields {
		switch key {
		case "unit":
			f.selects[key].ClearSelected()
			for _, u := range f.units {
				if u.ID == a.UnitID {
					f.selects[key].SetSelected(u.ShortName)
				}
			}
		case "use_category", "type", "kind":
			setSelectValue(f.env, f.selects[key], a.Kind)
		case "body_type":
			setSelectValue(f.env, f.selects[key], a.BodyType)
		case "status":
			setSelectValue(f.env, f.selects[key], a.Status)
		case "official":
			f.official.SetChecked(a.Official)
		default:
			f.entries[key].SetText(assetFieldText(a, key))
		}
	}
}

// assetFieldText is the form text of an entry field.
func assetFieldText(a *domain.Asset, key string) string {
	num := func(v float64) string {
		if v == 0 {
			return ""
		}
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	switch key {
	case "code":
		return a.Code
	case "plate":
		return a.Plate
	case "name":
		return a.Name
	case "road":
		return a.Road
	case "material":
		return a.Material
	case "capacity":
		return a.Capacity
	case "note":
		return a.Note
	case "start_date":
		return string(a.StartDate)
	case "disposal_date":
		return string(a.DisposalDate)
	case "original_value":
		if a.OriginalValue == 0 {
			return ""
		}
		return a.OriginalValue.Yuan()
	case "power_w":
		return num(a.PowerW)
	case "pole_height_m":
		return num(a.PoleHeightM)
	case "length_m":
		return num(a.LengthM)
	case "area_m2":
		return num(a.AreaM2)
	case "diameter_mm":
		if a.DiameterMM == 0 {
			return ""
		}
		return strconv.Itoa(a.DiameterMM)
	case "lon", "lat":
		if p, ok := a.Geometry.(orb.Point); ok {
			if key == "lon" {
				return strconv.FormatFloat(p.Lon(), 'f', -1, 64)
			}
			return strconv.FormatFloat(p.Lat(), 'f', -1, 64)
		}
	}
	return ""
}

// read builds the asset from the widgets. Values that do not parse are reported as
// broken rules of their field, like the domain's own.
func (f *assetForm) read() (*domain.Asset, []domain.FieldError) {
	a := f.asset
	var bad []domain.FieldError
	text := func(key string) string { return strings.TrimSpace(f.entries[key].Text) }
	numberField := func(key string) float64 {
		v, ok := parseNumber(text(key))
		if !ok {
			bad = append(bad, domain.FieldError{Field: key, Value: text(key), Rule: "number"})
		}
		return v
	}
	dateField := func(key string) domain.Date {
		d := domain.Date(text(key))
		if fe := d.Check(key); d != "" && fe != nil {
			bad = append(bad, *fe)
		}
		return d
	}
	var lon, lat string
	for _, key := range f.fields {
		switch key {
		case "unit":
			a.UnitID, a.Unit = 0, ""
			if s := f.selects[key].Selected; s != "" {
				for _, u := range f.units {
					if u.ShortName == s {
						a.UnitID, a.Unit = u.ID, u.ShortName
					}
				}
			}
		case "use_category", "type", "kind":
			a.Kind = selectValue(f.selects[key], domain.KindsOf[a.Class])
		case "body_type":
			a.BodyType = selectValue(f.selects[key], domain.BodyTypes)
		case "status":
			a.Status = selectValue(f.selects[key], domain.Statuses)
		case "official":
			a.Official = f.official.Checked
		case "code":
			a.Code = text(key)
		case "plate":
			a.Plate = text(key)
		case "name":
			a.Name = text(key)
		case "road":
			a.Road = text(key)
		case "material":
			a.Material = text(key)
		case "capacity":
			a.Capacity = text(key)
		case "note":
			a.Note = text(key)
		case "start_date":
			a.StartDate = dateField(key)
		case "disposal_date":
			a.DisposalDate = dateField(key)
		case "original_value":
			a.OriginalValue = 0
			if s := text(key); s != "" {
				if v, fe := domain.ParseAmount(key, s); fe != nil {
					bad = append(bad, *fe)
				} else {
					a.OriginalValue = v
				}
			}
		case "power_w":
			a.PowerW = numberField(key)
		case "pole_height_m":
			a.PoleHeightM = numberField(key)
		case "length_m":
			a.LengthM = numberField(key)
		case "area_m2":
			a.AreaM2 = numberField(key)
		case "diameter_mm":
			a.DiameterMM = 0
			if s := text(key); s != "" {
				v, err := strconv.Atoi(s)
				if err != nil {
					bad = append(bad, domain.FieldError{Field: key, Value: s, Rule: "number"})
				}
				a.DiameterMM = v
			}
		case "lon":
			lon = text(key)
		case "lat":
			lat = text(key)
		}
	}
	if lon != "" || lat != "" {
		x, okx := parseNumber(lon)
		y, oky := parseNumber(lat)
		switch {
		case !okx || lon == "" || x < -180 || x > 180:
			bad = append(bad, domain.FieldError{Field: "lon", Value: lon, Rule: "number"})
		case !oky || lat == "" || y < -90 || y > 90:
			bad = append(bad, domain.FieldError{Field: "lat", Value: lat, Rule: "number"})
		default:
			a.Geometry = orb.Point{x, y}
		}
	} else if _, isPoint := a.Geometry.(orb.Point); isPoint {
		a.Geometry = nil
	}
	return &a, bad
}

// check is read plus the domain's rules; a field that did not parse is reported once.
func (f *assetForm) check() (*domain.Asset, error) {
	a, bad := f.read()
	seen := map[string]bool{}
	for _, b := range bad {
		seen[b.Field] = true
	}
	for _, fe := range domain.FieldErrors(a.Validate()) {
		if !seen[fe.Field] {
			bad = append(bad, fe)
		}
	}
	if len(bad) > 0 {
		return a, domain.Invalid(bad...)
	}
	return a, nil
}

func (f *assetForm) showProblem(err error) {
	if err == nil {
		f.errText.Set("")
		return
	}
	f.errText.Set(domain.Message(f.env.Lang, err))
}

// Problem is the message the form shows, "" when none (tests read it).
func (f *assetForm) Problem() string {
	return f.errText.Text()
}

func (f *assetForm) onSave() {
	a, err := f.check()
	f.showProblem(err)
	if err != nil {
		return
	}
	store := f.env.Store()
	f.saveBtn.Disable()
	f.env.Load(context.Background(), func(ctx context.Context) (func(), error) {
		saveErr := store.SaveAsset(ctx, a)
		return func() {
			f.saveBtn.Enable()
			switch {
			case saveErr == nil:
				f.dlg.Hide()
				if f.onSaved != nil {
					f.onSaved(a)
				}
			case domain.ErrorKind(saveErr) == domain.KindConflict && f.asset.ID != 0:
				f.offerReload(saveErr)
			default:
				logIfInternal(saveErr)
				f.showProblem(saveErr)
			}
		}, nil
	})
}

// offerReload handles a save refused because someone else changed the asset meanwhile:
// the person may load the stored version (losing their edits) or keep editing.
func (f *assetForm) offerReload(conflict error) {
	f.showProblem(conflict)
	f.env.Confirm(f.env.T("gui.form.conflict_title"), domain.Message(f.env.Lang, conflict)+"\n\n"+f.env.T("gui.form.conflict_reload"),
		f.env.T("gui.reload"), f.reloadStored)
}

// reloadStored loads the stored version of the asset into the form.
func (f *assetForm) reloadStored() {
	store := f.env.Store()
	id := f.asset.ID
	f.env.Load(context.Background(), func(ctx context.Context) (func(), error) {
		fresh, err := store.GetAsset(ctx, id)
		if err != nil {
			return nil, err
		}
		return func() {
			f.asset = *fresh
			f.fill(fresh)
			f.showProblem(nil)
		}, nil
	})
}
