package registers

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"cityledger/domain"
	"cityledger/domain/exchange"
	"cityledger/domain/i18n"
	"cityledger/gui"
	"cityledger/gui/widgets"
)

// formFieldsOf lists the fields of the add/edit form of a class, in the order shown:
// every field the class declares (lon and lat for point classes).
func formFieldsOf(d *domain.ClassDef) []*domain.Field {
	var out []*domain.Field
	for i := range d.Fields {
		out = append(out, &d.Fields[i])
	}
	return out
}

// assetForm is the add/edit dialog of an asset, built from its class's declaration: one
// widget per field by its type (a list for enumerations and the unit, a check for
// yes/no, an entry otherwise). It reads the widgets through exchange.ParseValue — the
// reader imports use — checks the result with the class's rules and shows the
// catalogue's message naming each field to fix; the dialog stays open until the asset
// is saved. Saving an existing asset sends the form's fields as one partial update, so
// a field the form does not show (a geometry drawn elsewhere) keeps its value.
type assetForm struct {
	env    *gui.Env
	def    *domain.ClassDef
	asset  domain.Asset // as loaded: ID, Version and the geometry the form does not edit
	units  []domain.Unit
	fields []*domain.Field

	entries map[string]*widget.Entry
	selects map[string]*widget.Select
	checks  map[string]*widget.Check
	errText *widgets.ProblemText
	saveBtn *widget.Button
	dlg     dialog.Dialog
	onSaved func(*domain.Asset)

	form       *widget.Form
	scroll     *container.Scroll
	saved      string // the input as filled (state): what Close compares with
	firstError string // the field the form last scrolled to (tests read it)
}

func newAssetForm(env *gui.Env, a *domain.Asset, units []domain.Unit, onSaved func(*domain.Asset)) *assetForm {
	def, ok := env.ClassOf(a.Class)
	if !ok {
		def = &domain.ClassDef{Key: a.Class, Name: domain.Label{ZH: string(a.Class)}}
	}
	f := &assetForm{env: env, def: def, asset: *a, units: units, fields: formFieldsOf(def), onSaved: onSaved,
		entries: map[string]*widget.Entry{}, selects: map[string]*widget.Select{}, checks: map[string]*widget.Check{}}
	f.build()
	f.fill(a)
	f.saved = f.state()
	return f
}

// fieldLabel is a field's name on a form, * when required; its unit is a suffix after
// the entry (widgets.WithSuffix), visible while a value is typed.
func fieldLabel(env *gui.Env, f *domain.Field) string {
	label := widgets.Heading(env, f.Name(env.Lang))
	if f.Required {
		label += " *"
	}
	return label
}

// valueWidget is the widget a field is edited with: a list for the unit and for
// enumerations, a check for yes/no, an entry with its format as placeholder otherwise.
func valueWidget(env *gui.Env, f *domain.Field, units []domain.Unit, entries map[string]*widget.Entry,
	selects map[string]*widget.Select, checks map[string]*widget.Check) fyne.CanvasObject {
	switch f.Type {
	case domain.TypeUnit:
		opts := make([]string, len(units))
		for i, u := range units {
			opts[i] = u.ShortName
		}
		s := env.NewSelect(opts, nil)
		selects[f.Key] = s
		return s
	case domain.TypeEnum:
		s := env.NewSelect(enumChoices(env, f), nil)
		selects[f.Key] = s
		return s
	case domain.TypeYesNo:
		c := widget.NewCheck("", nil)
		checks[f.Key] = c
		return c
	}
	if f.Type == domain.TypeDate {
		d := widgets.NewDateEntry(env)
		d.Entry.AlwaysShowValidationError = true
		entries[f.Key] = &d.Entry.Entry
		return d
	}
	ke := widgets.NewKeyEntry(env)
	e := &ke.Entry
	// A field in error gets a red outline (SetValidationError) until it is typed in again.
	e.AlwaysShowValidationError = true
	if f.Key == "note" {
		e.MultiLine = true
		e.Wrapping = fyne.TextWrapWord
		e.SetMinRowsVisible(2)
	}
	if hint := fieldHint(env, f); hint != "" {
		e.SetPlaceHolder(hint)
	}
	entries[f.Key] = e
	return widgets.WithSuffix(ke, widgets.UnitText(env, f.Unit))
}

// enumChoices are an enumeration's values as a list offers them.
func enumChoices(env *gui.Env, f *domain.Field) []string {
	out := make([]string, len(f.Values))
	for i, v := range f.Values {
		out[i] = v.In(env.Lang)
		if env.Lang != i18n.ZH && v.EN == "" {
			out[i] = env.Enum(v.Value)
		}
	}
	return out
}

func (f *assetForm) build() {
	env := f.env
	form := widget.NewForm()
	for _, fd := range f.fields {
		form.Append(fieldLabel(env, fd), valueWidget(env, fd, f.units, f.entries, f.selects, f.checks))
	}
	f.errText = widgets.NewProblemText()
	f.saveBtn = widget.NewButton(env.T("gui.save"), f.onSave)
	f.saveBtn.Importance = widget.HighImportance
	env.Guard(domain.RoleEditor, f.saveBtn)
	cancel := widget.NewButton(env.T("gui.cancel"), f.Close)
	buttons := container.NewHBox(layout.NewSpacer(), cancel, f.saveBtn)
	f.form = form
	f.scroll = container.NewVScroll(form)
	body := container.NewBorder(nil, f.errText.Above(buttons), nil, nil, f.scroll)
	f.errText.Relayout(body)
	title := env.T("gui.form.add", map[string]any{"Class": f.def.Title(env.Lang)})
	if f.asset.ID != 0 {
		title = env.T("gui.form.edit", map[string]any{"Class": f.def.Title(env.Lang), "Code": f.asset.Code})
	}
	f.dlg = dialog.NewCustomWithoutButtons(title, body, env.Window)
	env.TrackDialog(f.dlg, gui.DialogKeys{Save: f.onSave, Close: f.Close}, nil)
	f.dlg.Resize(fyne.NewSize(560, 680))
}

// Close closes the form (Cancel, Escape, Ctrl+W), asking first when it holds input that
// was not saved: a slip of the key must not throw typing away.
func (f *assetForm) Close() {
	if f.state() == f.saved {
		f.dlg.Hide()
		return
	}
	f.env.ConfirmDestructive(f.env.T("gui.form.discard_title"), f.env.T("gui.form.discard_question"),
		f.env.T("gui.form.discard"), f.dlg.Hide)
}

// state is the form's input as one text, to tell whether it changed since it was filled.
func (f *assetForm) state() string {
	var b strings.Builder
	for _, fd := range f.fields {
		b.WriteString(fd.Key + "=")
		switch {
		case f.entries[fd.Key] != nil:
			b.WriteString(f.entries[fd.Key].Text)
		case f.selects[fd.Key] != nil:
			b.WriteString(f.selects[fd.Key].Selected)
		case f.checks[fd.Key] != nil:
			b.WriteString(strconv.FormatBool(f.checks[fd.Key].Checked))
		}
		b.WriteString("\x00")
	}
	return b.String()
}

// Dirty reports whether the form holds unsaved input (tests read it).
func (f *assetForm) Dirty() bool { return f.state() != f.saved }

// markErrors outlines the entries of the fields in error in red and scrolls the form
// to the first of them; the others lose their outline.
func (f *assetForm) markErrors(err error) {
	bad := map[string]domain.FieldError{}
	for _, fe := range domain.FieldErrors(err) {
		if _, ok := bad[fe.Field]; !ok {
			bad[fe.Field] = fe
		}
	}
	first := -1
	for i, fd := range f.fields {
		key := fd.Key
		fe, isBad := bad[key]
		if e := f.entries[key]; e != nil {
			if isBad {
				e.SetValidationError(errors.New(domain.Message(f.env.Lang, domain.Invalid(fe))))
			} else {
				e.SetValidationError(nil)
			}
		}
		if isBad && first < 0 {
			first = i
		}
	}
	if first >= 0 && first < len(f.form.Items) {
		w := f.form.Items[first].Widget
		d := fyne.CurrentApp().Driver()
		y := d.AbsolutePositionForObject(w).Y - d.AbsolutePositionForObject(f.form).Y
		f.scroll.ScrollToOffset(fyne.NewPos(0, y))
		f.firstError = f.fields[first].Key
		if t := widgets.FocusTarget(w); t != nil {
			f.env.Window.Canvas().Focus(t)
		}
	}
}

// Show opens the dialog with the first field focused, so typing starts at once.
func (f *assetForm) Show() {
	f.dlg.Show()
	if len(f.form.Items) > 0 {
		if t := widgets.FocusTarget(f.form.Items[0].Widget); t != nil {
			f.env.Window.Canvas().Focus(t)
		}
	}
}

// fieldHint is the placeholder of an entry: an example of what it takes, worded as one
// ("例如 101.71") so it is not mistaken for a value; the unit is a suffix instead.
func fieldHint(env *gui.Env, f *domain.Field) string {
	switch {
	case f.Type == domain.TypeDate:
		return widgets.Example(env, "2024-03-15")
	case f.Type == domain.TypeMoney:
		return env.T("gui.hint.yuan")
	case f.Key == "lon":
		return widgets.Example(env, "101.71")
	case f.Key == "lat":
		return widgets.Example(env, "26.58")
	case f.Key == "component_id":
		return widgets.Example(env, "5104030118000001")
	}
	return ""
}

// fill puts an asset's values into the widgets.
func (f *assetForm) fill(a *domain.Asset) {
	for _, fd := range f.fields {
		switch fd.Type {
		case domain.TypeUnit:
			f.selects[fd.Key].ClearSelected()
			for _, u := range f.units {
				if u.ID == a.UnitID {
					f.selects[fd.Key].SetSelected(u.ShortName)
				}
			}
		case domain.TypeEnum:
			s := f.selects[fd.Key]
			s.ClearSelected()
			v, _ := a.Value(fd).(string)
			for i, ev := range fd.Values {
				if ev.Value == v {
					s.SetSelectedIndex(i)
				}
			}
		case domain.TypeYesNo:
			b, _ := a.Value(fd).(bool)
			f.checks[fd.Key].SetChecked(b)
		default:
			f.entries[fd.Key].SetText(fieldText(fd, a))
		}
	}
}

// fieldText is the form text of an entry field: its canonical text, blank for zero
// money (unknown value) and zero figures.
func fieldText(fd *domain.Field, a *domain.Asset) string {
	v := a.Value(fd)
	if m, ok := v.(domain.Fen); ok && m == 0 {
		return ""
	}
	if fd.Type == domain.TypeCoord {
		if x, ok := v.(float64); ok {
			return strconv.FormatFloat(x, 'f', -1, 64)
		}
		return ""
	}
	return domain.FormatValue(fd, v, nil)
}

// read builds the partial update the form makes (every field it shows) and the asset
// it gives. Values that do not read are reported as broken rules of their field.
func (f *assetForm) read() (*domain.Asset, domain.AssetUpdate, []domain.FieldError) {
	u := domain.AssetUpdate{Values: domain.Asset{Class: f.asset.Class}}
	var bad []domain.FieldError
	var lon, lat string
	for _, fd := range f.fields {
		switch fd.Type {
		case domain.TypeCoord:
			if fd.Key == "lon" {
				lon = strings.TrimSpace(f.entries[fd.Key].Text)
			} else {
				lat = strings.TrimSpace(f.entries[fd.Key].Text)
			}
			continue
		case domain.TypeUnit:
			var id int64
			for _, un := range f.units {
				if un.ShortName == f.selects[fd.Key].Selected {
					id = un.ID
				}
			}
			if id != 0 {
				u.Values.SetValue(fd, id)
			}
		case domain.TypeEnum:
			if i := f.selects[fd.Key].SelectedIndex(); i >= 0 && i < len(fd.Values) {
				u.Values.SetValue(fd, fd.Values[i].Value)
			}
		case domain.TypeYesNo:
			u.Values.SetValue(fd, f.checks[fd.Key].Checked)
		default:
			v, fe := exchange.ParseValue(fd, f.entries[fd.Key].Text, "")
			if fe != nil {
				bad = append(bad, *fe)
				continue
			}
			if fd.Type == domain.TypeMoney && v == nil {
				v = domain.Fen(0)
			}
			u.Values.SetValue(fd, v)
		}
		u.Fields = append(u.Fields, fd.Key)
	}
	if f.def.PointColumns() {
		u.Fields = append(u.Fields, domain.GeometryField)
		if lon != "" || lat != "" {
			x, okx := widgets.ParseNumber(lon)
			y, oky := widgets.ParseNumber(lat)
			switch {
			case !okx || lon == "" || x < -180 || x > 180:
				bad = append(bad, domain.FieldError{Field: "lon", Value: lon, Rule: "number"})
			case !oky || lat == "" || y < -90 || y > 90:
				bad = append(bad, domain.FieldError{Field: "lat", Value: lat, Rule: "number"})
			default:
				u.Values.Geometry = orb.Point{x, y}
			}
		} else if _, isPoint := f.asset.Geometry.(orb.Point); !isPoint {
			// Not a point: the form does not edit it, so it stays.
			u.Fields = u.Fields[:len(u.Fields)-1]
		}
	}
	a := f.asset
	u.Apply(f.def, &a)
	return &a, u, bad
}

// check is read plus the domain's rules; a field that did not parse is reported once.
func (f *assetForm) check() (*domain.Asset, domain.AssetUpdate, error) {
	a, u, bad := f.read()
	seen := map[string]bool{}
	for _, b := range bad {
		seen[b.Field] = true
	}
	for _, fe := range domain.FieldErrors(f.def.Validate(a)) {
		if !seen[fe.Field] {
			bad = append(bad, fe)
		}
	}
	if len(bad) > 0 {
		return a, u, domain.Invalid(bad...)
	}
	return a, u, nil
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
	if f.saveBtn.Disabled() {
		return // a save is running (Ctrl+S pressed twice)
	}
	a, u, err := f.check()
	f.showProblem(err)
	f.markErrors(err)
	if err != nil {
		return
	}
	store := f.env.Store()
	f.saveBtn.Disable()
	id, version := f.asset.ID, f.asset.Version
	key := "gui.undo.add"
	if id != 0 {
		key = "gui.undo.edit"
	}
	label := f.env.T(key, map[string]any{"Asset": assetLabel(f.env, a)})
	f.env.Load(context.Background(), func(ctx context.Context) (func(), error) {
		var saveErr error
		saved := a
		saveErr = f.env.Changing(ctx, label, func(ctx context.Context) error {
			if id == 0 {
				return store.SaveAsset(ctx, a)
			}
			var err error
			saved, err = store.UpdateAsset(ctx, id, version, u)
			return err
		})
		return func() {
			f.saveBtn.Enable()
			switch {
			case saveErr == nil:
				f.saved = f.state()
				f.dlg.Hide()
				if f.onSaved != nil {
					f.onSaved(saved)
				}
			case domain.ErrorKind(saveErr) == domain.KindConflict && id != 0:
				f.offerReload(saveErr)
			default:
				gui.LogIfInternal(saveErr)
				f.showProblem(saveErr)
				f.markErrors(saveErr)
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
			f.saved = f.state()
			f.showProblem(nil)
		}, nil
	})
}
