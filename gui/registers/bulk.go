package registers

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"cityledger/domain"
	"cityledger/domain/exchange"
	"cityledger/gui"
	"cityledger/gui/widgets"
)

// bulkFieldsOf lists the fields a bulk edit may set on a class: every stored field but
// those that identify one asset (its code, its component ID).
func bulkFieldsOf(d *domain.ClassDef) []*domain.Field {
	var out []*domain.Field
	for i := range d.Fields {
		f := &d.Fields[i]
		if !f.Stored() || f.Key == "code" || f.Key == "component_id" {
			continue
		}
		out = append(out, f)
	}
	return out
}

// bulkEditDialog sets one field to one value on every selected asset, in one
// transaction: a partial update naming that field alone (Store.UpdateAssets).
type bulkEditDialog struct {
	reg      *register
	env      *gui.Env
	ids      []int64
	fields   []*domain.Field
	field    *widget.Select
	value    *fyne.Container // holds the value widget of the chosen field
	entries  map[string]*widget.Entry
	selects  map[string]*widget.Select
	checks   map[string]*widget.Check
	widgets  map[string]fyne.CanvasObject
	errText  *widgets.ProblemText
	applyBtn *widget.Button
	dlg      dialog.Dialog
	// seen holds the selected assets' versions as the dialog opened: one someone else
	// changes before the edit is applied is named, and overwritten only when confirmed.
	seen map[int64]int64
}

func newBulkEditDialog(reg *register, ids []int64) *bulkEditDialog {
	b := &bulkEditDialog{reg: reg, env: reg.env, ids: ids, fields: bulkFieldsOf(reg.def),
		entries: map[string]*widget.Entry{}, selects: map[string]*widget.Select{}, checks: map[string]*widget.Check{},
		widgets: map[string]fyne.CanvasObject{}}
	env := b.env
	labels := make([]string, len(b.fields))
	for i, f := range b.fields {
		labels[i] = f.Name(env.Lang)
		b.widgets[f.Key] = valueWidget(env, f, reg.units, b.entries, b.selects, b.checks)
	}
	b.value = container.NewStack()
	b.field = env.NewSelect(labels, func(string) { b.onField() })
	b.errText = widgets.NewProblemText()
	intro := widget.NewLabel(env.T("gui.bulk.intro", map[string]any{"N": len(ids), "Unit": widgets.MeasureWord(env, reg.class)}))
	intro.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(
		widget.NewFormItem(env.T("gui.bulk.field"), b.field),
		widget.NewFormItem(env.T("gui.bulk.value"), b.value))
	b.applyBtn = widget.NewButton(env.T("gui.bulk.apply"), b.onApply)
	b.applyBtn.Importance = widget.HighImportance
	env.Guard(domain.RoleEditor, b.applyBtn)
	cancel := widget.NewButton(env.T("gui.cancel"), func() { b.dlg.Hide() })
	body := container.NewVBox(intro, form, b.errText.Above(container.NewHBox(layout.NewSpacer(), cancel, b.applyBtn)))
	b.errText.Relayout(body)
	b.dlg = dialog.NewCustomWithoutButtons(env.T("gui.bulk.title"), body, env.Window)
	b.dlg.Resize(fyne.NewSize(520, 300))
	b.field.SetSelectedIndex(0)
	b.readVersions()
	return b
}

// readVersions reads the selected assets' versions in the background.
func (b *bulkEditDialog) readVersions() {
	store, ok := b.env.Store().(interface {
		ReadMark(context.Context, domain.Class) (*domain.ReadMark, error)
	})
	if !ok {
		return
	}
	ids, class := b.ids, b.reg.class
	b.env.Load(context.Background(), func(ctx context.Context) (func(), error) {
		mark, err := store.ReadMark(ctx, class)
		if err != nil {
			return nil, err
		}
		seen := make(map[int64]int64, len(ids))
		for _, id := range ids {
			seen[id] = mark.Assets[id]
		}
		return func() { b.seen = seen }, nil
	})
}

// Show opens the dialog.
func (b *bulkEditDialog) Show() { b.dlg.Show() }

func (b *bulkEditDialog) chosen() *domain.Field {
	if i := b.field.SelectedIndex(); i >= 0 && i < len(b.fields) {
		return b.fields[i]
	}
	return nil
}

// onField shows the chosen field's value widget: a list for enumerations and units, a
// check for yes/no, an entry otherwise.
func (b *bulkEditDialog) onField() {
	f := b.chosen()
	if f == nil {
		return
	}
	b.value.Objects = []fyne.CanvasObject{b.widgets[f.Key]}
	b.value.Refresh()
}

// update is the partial update the dialog makes: the chosen field alone.
func (b *bulkEditDialog) update() (domain.AssetUpdate, error) {
	f := b.chosen()
	u := domain.AssetUpdate{Fields: []string{f.Key}, Values: domain.Asset{Class: b.reg.class}}
	switch f.Type {
	case domain.TypeUnit:
		for _, un := range b.reg.units {
			if un.ShortName == b.selects[f.Key].Selected {
				u.Values.SetValue(f, un.ID)
			}
		}
		if u.Values.UnitID == 0 {
			return u, domain.Invalid(domain.FieldError{Field: f.Key, Rule: "required"})
		}
	case domain.TypeEnum:
		i := b.selects[f.Key].SelectedIndex()
		if i < 0 || i >= len(f.Values) {
			if f.Required || f.Key == "status" {
				return u, domain.Invalid(domain.FieldError{Field: f.Key, Rule: "required"})
			}
		} else {
			u.Values.SetValue(f, f.Values[i].Value)
		}
	case domain.TypeYesNo:
		u.Values.SetValue(f, b.checks[f.Key].Checked)
	default:
		v, fe := exchange.ParseValue(f, b.entries[f.Key].Text, "")
		if fe != nil {
			return u, domain.Invalid(*fe)
		}
		if v == nil && f.Required {
			return u, domain.Invalid(domain.FieldError{Field: f.Key, Rule: "required"})
		}
		if f.Type == domain.TypeMoney && v == nil {
			v = domain.Fen(0)
		}
		u.Values.SetValue(f, v)
	}
	return u, nil
}

func (b *bulkEditDialog) onApply() {
	u, err := b.update()
	if err != nil {
		b.errText.Set(domain.Message(b.env.Lang, err))
		return
	}
	b.errText.Set("")
	u.Seen = b.seen
	b.dlg.Hide()
	b.apply(u)
}

// apply writes the edit; assets changed by someone else since the dialog opened are
// named, and the person may overwrite them deliberately.
func (b *bulkEditDialog) apply(u domain.AssetUpdate) {
	ids := append([]int64(nil), b.ids...)
	store := b.env.Store()
	var conflict error
	label := b.env.T("gui.undo.bulk", map[string]any{"N": len(ids), "Class": widgets.ClassCounted(b.env, b.reg.class, len(ids))})
	b.env.Task(b.env.T("gui.bulk.title"), func(ctx context.Context, _ gui.Progress) error {
		return b.env.Changing(ctx, label, func(ctx context.Context) error {
			_, err := store.UpdateAssets(ctx, ids, u)
			if domain.Conflicts(err) != nil && !u.Overwrite {
				conflict = err
				return nil
			}
			return err
		})
	}, func() {
		if conflict != nil {
			b.env.Confirm(b.env.T("gui.bulk.title"), domain.Message(b.env.Lang, conflict)+"\n\n"+b.env.T("access2.bulk.overwrite_question"),
				b.env.T("access2.wizard.overwrite"), func() {
					u.Overwrite = true
					b.apply(u)
				})
			return
		}
		b.reg.onClearSelection()
		b.reg.reload()
	})
}
