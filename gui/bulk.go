package gui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"cityledger/domain"
)

// bulkFieldsOf lists the fields a bulk edit may set on a class.
func bulkFieldsOf(c domain.Class) []string {
	f := []string{"status", "unit", kindField(c)}
	switch c {
	case domain.Vehicles:
		f = append(f, "body_type", "official")
	case domain.Lamps:
		f = append(f, "road")
	case domain.SewerPipes:
		f = append(f, "material")
	}
	return append(f, "start_date", "disposal_date", "original_value", "note")
}

// bulkEditDialog sets one field to one value on every selected asset, in one transaction.
type bulkEditDialog struct {
	reg      *register
	env      *Env
	ids      []int64
	keys     []string
	field    *widget.Select
	value    *fyne.Container // holds the value widget of the chosen field
	entry    *widget.Entry
	enum     *widget.Select
	enumV    []string
	errText  *problemText
	applyBtn *widget.Button
	dlg      dialog.Dialog
}

func newBulkEditDialog(reg *register, ids []int64) *bulkEditDialog {
	b := &bulkEditDialog{reg: reg, env: reg.env, ids: ids, keys: bulkFieldsOf(reg.class)}
	env := b.env
	labels := make([]string, len(b.keys))
	for i, k := range b.keys {
		labels[i] = fieldName(env, k)
	}
	b.entry = widget.NewEntry()
	b.enum = env.newSelect(nil, nil)
	b.value = container.NewStack(b.entry)
	b.field = env.newSelect(labels, func(string) { b.onField() })
	b.errText = newProblemText()
	intro := widget.NewLabel(env.T("gui.bulk.intro", map[string]any{"N": len(ids), "Unit": measureWord(env, reg.class)}))
	intro.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(
		widget.NewFormItem(env.T("gui.bulk.field"), b.field),
		widget.NewFormItem(env.T("gui.bulk.value"), b.value))
	b.applyBtn = widget.NewButton(env.T("gui.bulk.apply"), b.onApply)
	b.applyBtn.Importance = widget.HighImportance
	cancel := widget.NewButton(env.T("gui.cancel"), func() { b.dlg.Hide() })
	body := container.NewVBox(intro, form, b.errText.above(container.NewHBox(layoutSpacer(), cancel, b.applyBtn)))
	b.errText.relayout(body)
	b.dlg = dialog.NewCustomWithoutButtons(env.T("gui.bulk.title"), body, env.Window)
	b.dlg.Resize(fyne.NewSize(520, 300))
	b.field.SetSelectedIndex(0)
	return b
}

// Show opens the dialog.
func (b *bulkEditDialog) Show() { b.dlg.Show() }

func (b *bulkEditDialog) key() string {
	if i := b.field.SelectedIndex(); i >= 0 {
		return b.keys[i]
	}
	return ""
}

// onField swaps the value widget: a list for enumerations and units, an entry otherwise.
func (b *bulkEditDialog) onField() {
	env := b.env
	key := b.key()
	b.enumV = nil
	switch key {
	case "status":
		b.enumV = domain.Statuses
	case "use_category", "type", "kind":
		b.enumV = domain.KindsOf[b.reg.class]
	case "body_type":
		b.enumV = domain.BodyTypes
	case "official":
		b.enumV = []string{"是", "否"}
	case "unit":
		for _, u := range b.reg.units {
			b.enumV = append(b.enumV, u.ShortName)
		}
	}
	if b.enumV != nil {
		b.enum.Options = enumLabels(env, b.enumV)
		b.enum.ClearSelected()
		b.value.Objects = []fyne.CanvasObject{b.enum}
	} else {
		b.entry.SetText("")
		b.entry.SetPlaceHolder(fieldHint(env, key))
		b.value.Objects = []fyne.CanvasObject{b.entry}
	}
	b.value.Refresh()
}

// storeField is the field key BulkUpdate takes: the asset's Kind is "kind" whatever the
// class calls it.
func storeField(key string) string {
	switch key {
	case "use_category", "type":
		return "kind"
	}
	return key
}

func (b *bulkEditDialog) onApply() {
	key := b.key()
	var value string
	if b.enumV != nil {
		value = selectValue(b.enum, b.enumV)
	} else {
		value = strings.TrimSpace(b.entry.Text)
	}
	if err := checkBulkValue(key, value); err != nil {
		b.errText.Set(domain.Message(b.env.Lang, err))
		return
	}
	b.errText.Set("")
	ids := append([]int64(nil), b.ids...)
	field := storeField(key)
	store := b.env.Store()
	b.dlg.Hide()
	b.env.Task(b.env.T("gui.bulk.title"), func(ctx context.Context, _ Progress) error {
		_, err := store.BulkUpdate(ctx, ids, field, value)
		return err
	}, func() {
		b.reg.onClearSelection()
		b.reg.reload()
	})
}

// checkBulkValue applies the form's rules to a bulk value before it goes to the store.
func checkBulkValue(key, value string) error {
	switch key {
	case "status", "unit", "use_category", "type", "kind", "body_type", "official":
		if value == "" {
			return domain.Invalid(domain.FieldError{Field: key, Rule: "required"})
		}
	case "start_date", "disposal_date":
		if fe := domain.Date(value).Check(key); value != "" && fe != nil {
			return domain.Invalid(*fe)
		}
	case "original_value":
		v, fe := domain.ParseAmount(key, value)
		switch {
		case fe != nil:
			return domain.Invalid(*fe)
		case v < 0:
			return domain.Invalid(domain.FieldError{Field: key, Value: value, Rule: "negative"})
		}
	}
	return nil
}
