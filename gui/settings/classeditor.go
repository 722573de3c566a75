package settings

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"cityledger/domain"
	"cityledger/gui"
	"cityledger/gui/widgets"
)

// classesCard is the settings screen's part for the asset catalogue: the classes with
// their national codes and asset counts, a class or a field to declare, a field a user
// added to remove, and the district code with the action that gives component IDs to
// the assets without one. A change reloads the window, so that the navigation, the
// registers, the forms and the map follow the catalogue.
type classesCard struct {
	env  *gui.Env
	card *widget.Card

	list     *widget.List
	classes  []*domain.ClassDef
	counts   map[domain.Class]int64
	selected int
	info     *widget.Label
	addField *widget.Button
	rmField  *widget.Button
	district *widget.Entry

	// The dialogs last opened, so tests can drive them.
	classForm *classForm
	fieldForm *classForm
}

func newClassesCard(env *gui.Env) *classesCard {
	c := &classesCard{env: env, selected: -1, counts: map[domain.Class]int64{}}
	c.list = widget.NewList(func() int { return len(c.classes) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(c.line(c.classes[i])) })
	c.list.OnSelected = func(i widget.ListItemID) { c.selected = i; c.refreshInfo() }
	c.info = widget.NewLabel(env.T("gui.classes.pick"))
	c.info.Wrapping = fyne.TextWrapWord
	add := widget.NewButtonWithIcon(env.T("gui.classes.add"), theme.ContentAddIcon(), c.onAddClass)
	c.addField = widget.NewButtonWithIcon(env.T("gui.classes.add_field"), theme.ContentAddIcon(), c.onAddField)
	c.rmField = widget.NewButtonWithIcon(env.T("gui.classes.remove_field"), theme.DeleteIcon(), c.onRemoveField)
	c.addField.Disable()
	c.rmField.Disable()
	c.district = widget.NewEntry()
	c.district.SetPlaceHolder("510403")
	setDistrict := widget.NewButton(env.T("gui.save"), c.onDistrict)
	generate := widget.NewButtonWithIcon(env.T("gui.classes.generate_ids"), theme.MediaPlayIcon(), c.onGenerate)
	// Classes and the district code are an admin's (the server refuses the others).
	env.Guard(domain.RoleAdmin, add, c.addField, c.rmField, setDistrict)
	env.Guard(domain.RoleEditor, generate)
	listBox := container.NewGridWrap(fyne.NewSize(560, 220), c.list)
	ids := container.NewBorder(nil, nil, widget.NewLabel(env.T("field.district_code")),
		container.NewHBox(setDistrict, generate), c.district)
	c.card = widget.NewCard(env.T("gui.classes.title"), env.T("gui.classes.subtitle"), container.NewVBox(
		container.NewHBox(listBox, container.NewVBox(add, c.addField, c.rmField)),
		c.info,
		widget.NewSeparator(),
		ids,
		widgets.Low(env.T("gui.classes.ids_hint")),
	))
	return c
}

// line is a class in the list: name, key, codes, asset count.
func (c *classesCard) line(d *domain.ClassDef) string {
	s := d.Title(c.env.Lang) + "  (" + string(d.Key) + ")"
	var codes []string
	for _, code := range d.AllCodes() {
		codes = append(codes, code.Code)
	}
	if len(codes) > 0 {
		s += "  " + strings.Join(codes, "、")
	}
	return s + "  " + c.env.T("gui.classes.count", map[string]any{"N": c.counts[d.Key]})
}

// Refresh reloads the catalogue, the counts and the district code.
func (c *classesCard) Refresh() {
	store := c.env.Store()
	c.env.Load(context.Background(), func(ctx context.Context) (func(), error) {
		cat, err := store.Catalogue(ctx)
		if err != nil {
			return nil, err
		}
		groups, err := store.AssetGroups(ctx)
		if err != nil {
			return nil, err
		}
		district, err := store.DistrictCode(ctx)
		if err != nil {
			return nil, err
		}
		counts := map[domain.Class]int64{}
		for _, g := range groups {
			counts[g.Class] += g.Count
		}
		return func() {
			c.classes, c.counts = cat.Classes(), counts
			c.district.SetText(district)
			c.list.Refresh()
			c.refreshInfo()
		}, nil
	})
}

func (c *classesCard) current() *domain.ClassDef {
	if c.selected >= 0 && c.selected < len(c.classes) {
		return c.classes[c.selected]
	}
	return nil
}

// refreshInfo describes the chosen class: its fields with their types.
func (c *classesCard) refreshInfo() {
	d := c.current()
	if d == nil {
		c.info.SetText(c.env.T("gui.classes.pick"))
		c.addField.Disable()
		c.rmField.Disable()
		return
	}
	var fields []string
	for _, f := range d.Fields {
		if !f.Stored() || f.Common {
			continue
		}
		s := f.Name(c.env.Lang) + " (" + f.TypeSpec() + ")"
		if len(s) > 60 {
			s = f.Name(c.env.Lang) + " (" + string(f.Type) + ")"
		}
		fields = append(fields, s)
	}
	c.info.SetText(c.env.T("gui.classes.info", map[string]any{
		"Name": d.Title(c.env.Lang), "Geometry": c.env.T("catalogue.geometry." + string(d.Geometry)),
		"Category": c.env.Enum(string(d.Category)), "Unit": d.QuantityUnit, "Fields": strings.Join(fields, "、")}))
	c.addField.Enable()
	if len(d.AddedFields()) > 0 {
		c.rmField.Enable()
	} else {
		c.rmField.Disable()
	}
}

// changed reloads the window after the catalogue changed: the registers follow it.
func (c *classesCard) changed() {
	if c.env.CanReload() {
		c.env.ReloadWindow()
		return
	}
	c.Refresh()
}

func (c *classesCard) onAddClass() {
	c.classForm = newClassForm(c.env, nil, func(def domain.ClassDef) error {
		_, err := c.env.Store().AddClass(context.Background(), def)
		return err
	}, c.changed)
	c.classForm.Show()
}

func (c *classesCard) onAddField() {
	d := c.current()
	if d == nil {
		return
	}
	key := d.Key
	c.fieldForm = newClassForm(c.env, d, func(def domain.ClassDef) error {
		for _, f := range def.Fields {
			if _, err := c.env.Store().AddField(context.Background(), key, f); err != nil {
				return err
			}
		}
		return nil
	}, c.changed)
	c.fieldForm.Show()
}

// onRemoveField asks which added field to remove; a field that holds values is removed
// only after a second question, its values kept in the assets' history.
func (c *classesCard) onRemoveField() {
	d := c.current()
	if d == nil {
		return
	}
	env := c.env
	added := d.AddedFields()
	labels := make([]string, len(added))
	for i, f := range added {
		labels[i] = f.Name(env.Lang) + " (" + f.Key + ")"
	}
	choice := env.NewSelect(labels, nil)
	dlg := dialog.NewCustomConfirm(env.T("gui.classes.remove_field"), env.T("gui.delete"), env.T("gui.cancel"),
		container.NewVBox(widget.NewLabel(d.Title(env.Lang)), choice), func(ok bool) {
			i := choice.SelectedIndex()
			if !ok || i < 0 {
				return
			}
			c.removeField(d.Key, added[i], false)
		}, env.Window)
	// Removing is not the default: the button is red, not the highlighted one.
	dlg.SetConfirmImportance(widget.DangerImportance)
	dlg.Resize(fyne.NewSize(460, 220))
	dlg.Show()
}

func (c *classesCard) removeField(class domain.Class, f domain.Field, force bool) {
	env := c.env
	store := env.Store()
	env.Load(context.Background(), func(ctx context.Context) (func(), error) {
		err := store.RemoveField(ctx, class, f.Key, force)
		return func() {
			switch {
			case err == nil:
				c.changed()
			case domain.ErrorKind(err) == domain.KindConflict && !force:
				env.Confirm(env.T("gui.classes.remove_field"), domain.Message(env.Lang, err)+"\n\n"+env.T("gui.classes.remove_values"),
					env.T("gui.delete"), func() { c.removeField(class, f, true) })
			default:
				env.ShowErrorNow(err)
			}
		}, nil
	})
}

func (c *classesCard) onDistrict() {
	code := strings.TrimSpace(c.district.Text)
	store := c.env.Store()
	c.env.Load(context.Background(), func(ctx context.Context) (func(), error) {
		if err := store.SetDistrictCode(ctx, code); err != nil {
			return nil, err
		}
		return func() {
			c.env.ShowMessage(c.env.T("field.district_code"), c.env.T("catalogue.cli.district_set", map[string]any{"Code": code}))
		}, nil
	})
}

// onGenerate gives every asset without a component ID one, under a progress dialog.
func (c *classesCard) onGenerate() {
	env := c.env
	store := env.Store()
	var res domain.ComponentIDResult
	env.Task(env.T("gui.classes.generate_ids"), func(ctx context.Context, _ gui.Progress) error {
		var err error
		res, err = store.GenerateComponentIDs(ctx, nil, false)
		return err
	}, func() {
		env.ShowMessage(env.T("gui.classes.generate_ids"), env.T("catalogue.cli.ids_generated", map[string]any{"N": res.Generated, "NoCode": res.NoCode}))
	})
}

// classForm declares a class (class nil) or adds fields to one: the class's own
// properties, then a row per field (key, type, Chinese and English names, required,
// the values of a choice or the unit of a number).
type classForm struct {
	env   *gui.Env
	class *domain.ClassDef // nil: a new class
	save  func(domain.ClassDef) error
	then  func()

	key, name, nameEN, code *widget.Entry
	geometry, category, qty *widget.Select
	rows                    *fyne.Container
	fields                  []*fieldRow
	errText                 *widgets.ProblemText
	saveBtn                 *widget.Button
	dlg                     dialog.Dialog
}

// fieldRow is one field being declared.
type fieldRow struct {
	key, name, nameEN, extra *widget.Entry
	typ                      *widget.Select
	required                 *widget.Check
}

// categoryNames are the accounting categories in the order the form offers them.
func categoryNames() []string {
	out := make([]string, len(domain.AccountingCategories))
	for i, c := range domain.AccountingCategories {
		out[i] = string(c)
	}
	return out
}

// fieldTypeNames are the types offered, in UserFieldTypes order.
func fieldTypeNames(env *gui.Env) []string {
	out := make([]string, len(domain.UserFieldTypes))
	for i, t := range domain.UserFieldTypes {
		out[i] = env.T("gui.classes.type." + string(t))
	}
	return out
}

func newClassForm(env *gui.Env, class *domain.ClassDef, save func(domain.ClassDef) error, then func()) *classForm {
	f := &classForm{env: env, class: class, save: save, then: then}
	form := widget.NewForm()
	if class == nil {
		f.key = widget.NewEntry()
		f.key.SetPlaceHolder("trash-bins")
		f.name = widget.NewEntry()
		f.nameEN = widget.NewEntry()
		f.code = widget.NewEntry()
		f.code.SetPlaceHolder("0305")
		geoms := make([]string, len(domain.GeometryKinds))
		for i, g := range domain.GeometryKinds {
			geoms[i] = env.T("catalogue.geometry." + string(g))
		}
		f.geometry = env.NewSelect(geoms, nil)
		f.geometry.SetSelectedIndex(0)
		f.category = env.NewSelect(widgets.EnumLabels(env, categoryNames()), nil)
		f.category.SetSelectedIndex(len(domain.AccountingCategories) - 1)
		f.qty = env.NewSelect(widgets.EnumLabels(env, domain.ClassQuantityUnits), nil)
		f.qty.SetSelectedIndex(4) // 个
		form.Append(env.T("field.key")+" *", f.key)
		form.Append(env.T("field.name")+" *", f.name)
		form.Append(env.T("field.name_en"), f.nameEN)
		form.Append(env.T("catalogue.col.geometry"), f.geometry)
		form.Append(env.T("catalogue.col.codes"), f.code)
		form.Append(env.T("field.accounting_category"), f.category)
		form.Append(env.T("field.quantity_unit"), f.qty)
	}
	f.rows = container.NewVBox(container.NewGridWithColumns(6, widgets.Bold(env.T("field.key")), widgets.Bold(env.T("catalogue.col.type")),
		widgets.Bold(env.T("catalogue.col.name")), widgets.Bold(env.T("catalogue.col.name_en")), widgets.Bold(env.T("gui.classes.values")), widgets.Bold(env.T("catalogue.col.required"))))
	addRow := widget.NewButtonWithIcon(env.T("gui.classes.add_row"), theme.ContentAddIcon(), func() { f.AddRow() })
	f.AddRow()
	f.errText = widgets.NewProblemText()
	f.saveBtn = widget.NewButton(env.T("gui.save"), f.onSave)
	f.saveBtn.Importance = widget.HighImportance
	cancel := widget.NewButton(env.T("gui.cancel"), func() { f.dlg.Hide() })
	intro := widgets.Low(env.T("gui.classes.fields_hint"))
	body := container.NewBorder(nil, f.errText.Above(container.NewHBox(layout.NewSpacer(), cancel, f.saveBtn)), nil, nil,
		container.NewVScroll(container.NewVBox(form, widget.NewSeparator(), intro, f.rows, container.NewHBox(addRow))))
	f.errText.Relayout(body)
	title := env.T("gui.classes.add_title")
	if class != nil {
		title = env.T("gui.classes.add_field_to", map[string]any{"Class": class.Title(env.Lang)})
	}
	f.dlg = dialog.NewCustomWithoutButtons(title, body, env.Window)
	f.dlg.Resize(fyne.NewSize(900, 640))
	return f
}

// Show opens the dialog.
func (f *classForm) Show() { f.dlg.Show() }

// AddRow adds an empty field row and returns it (tests fill it).
func (f *classForm) AddRow() *fieldRow {
	env := f.env
	r := &fieldRow{key: widget.NewEntry(), name: widget.NewEntry(), nameEN: widget.NewEntry(), extra: widget.NewEntry(),
		required: widget.NewCheck("", nil)}
	r.key.SetPlaceHolder("stalls")
	r.extra.SetPlaceHolder(env.T("gui.classes.values_hint"))
	r.typ = env.NewSelect(fieldTypeNames(env), nil)
	r.typ.SetSelectedIndex(0)
	f.fields = append(f.fields, r)
	f.rows.Add(container.NewGridWithColumns(6, r.key, r.typ, r.name, r.nameEN, r.extra, r.required))
	return r
}

// read builds the declaration from the widgets: the class (or the class fields are
// added to) with the rows that name a key.
func (f *classForm) read() (domain.ClassDef, error) {
	var def domain.ClassDef
	if f.class == nil {
		def = domain.ClassDef{Key: domain.Class(strings.TrimSpace(f.key.Text)), Name: domain.Label{ZH: f.name.Text, EN: f.nameEN.Text},
			Geometry:     domain.GeometryKinds[max(0, f.geometry.SelectedIndex())],
			Category:     domain.AccountingCategories[max(0, f.category.SelectedIndex())],
			QuantityUnit: domain.ClassQuantityUnits[max(0, f.qty.SelectedIndex())]}
		for _, code := range strings.FieldsFunc(f.code.Text, func(r rune) bool { return r == ',' || r == '，' || r == ' ' || r == '、' }) {
			def.Codes = append(def.Codes, domain.NationalCode{Code: code, Name: strings.TrimSpace(f.name.Text)})
		}
	}
	var bad []domain.FieldError
	for _, r := range f.fields {
		key := strings.TrimSpace(r.key.Text)
		if key == "" {
			continue
		}
		typ := domain.UserFieldTypes[max(0, r.typ.SelectedIndex())]
		spec := key + ":" + string(typ)
		extra := strings.TrimSpace(r.extra.Text)
		switch {
		case typ == domain.TypeEnum:
			spec = key + ":enum(" + strings.Join(splitValues(extra), "|") + ")"
		case typ == domain.TypeDecimal && extra != "", typ == domain.TypeInteger && extra != "":
			spec = key + ":" + string(typ) + "(" + extra + ")"
		}
		fd, err := domain.ParseFieldSpec(spec)
		if err != nil {
			bad = append(bad, domain.FieldError{Field: "field", Value: key, Rule: "field_type", Params: map[string]string{"Allowed": "text, integer, decimal, date, yes-no, enum"}})
			continue
		}
		fd.Label = domain.Label{ZH: strings.TrimSpace(r.name.Text), EN: strings.TrimSpace(r.nameEN.Text)}
		fd.Required = r.required.Checked
		def.Fields = append(def.Fields, fd)
	}
	if f.class != nil && len(def.Fields) == 0 && len(bad) == 0 {
		bad = append(bad, domain.FieldError{Field: "field", Rule: "required"})
	}
	return def, domain.Invalid(bad...)
}

// splitValues reads a choice's values typed as 红|绿|蓝, 红、绿、蓝 or 红,绿,蓝.
func splitValues(s string) []string {
	var out []string
	for _, v := range strings.FieldsFunc(s, func(r rune) bool { return r == '|' || r == '、' || r == ',' || r == '，' || r == ';' }) {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func (f *classForm) onSave() {
	def, err := f.read()
	if err != nil {
		f.errText.Set(domain.Message(f.env.Lang, err))
		return
	}
	f.saveBtn.Disable()
	f.env.Load(context.Background(), func(ctx context.Context) (func(), error) {
		saveErr := f.save(def)
		return func() {
			f.saveBtn.Enable()
			if saveErr != nil {
				gui.LogIfInternal(saveErr)
				f.errText.Set(domain.Message(f.env.Lang, saveErr))
				return
			}
			f.dlg.Hide()
			if f.then != nil {
				f.then()
			}
		}, nil
	})
}

// Problem is the message the form shows, "" when none (tests read it).
func (f *classForm) Problem() string { return f.errText.Text() }
