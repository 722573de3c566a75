package settings

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"cityledger/domain"
	"cityledger/domain/i18n"
)

// The class form declares a class with an integer and a required choice: it is stored
// in the database's catalogue and the navigation lists its register (registers' tests
// drive such a class through import, form, export and report).
func TestAClassDeclaredInSettingsIsStoredAndListed(t *testing.T) {
	store, _ := openStore(t)
	seedUnits(t, store)
	ctx := context.Background()
	ui := newTestApp(t, store, i18n.ZH)
	act(ui, func() { ui.Show("settings") })
	waitIdle(t, ui)
	s := ui.Screen("settings").(*settings)
	act(ui, func() {
		s.classes.onAddClass()
		f := s.classes.classForm
		test.Type(f.key, "kiosks")
		test.Type(f.name, "报刊亭")
		test.Type(f.nameEN, "Kiosks")
		f.qty.SetSelected("座")
		r := f.fields[0]
		test.Type(r.key, "stalls")
		r.typ.SetSelectedIndex(1) // integer
		test.Type(r.name, "摊位数")
		test.Type(r.nameEN, "Stalls")
		r = f.AddRow()
		test.Type(r.key, "colour")
		r.typ.SetSelectedIndex(5) // choice
		test.Type(r.name, "颜色")
		test.Type(r.nameEN, "Colour")
		test.Type(r.extra, "红|绿|蓝")
		r.required.SetChecked(true)
		test.Tap(f.saveBtn)
	})
	waitIdle(t, ui)
	if p := s.classes.classForm.Problem(); p != "" {
		t.Fatalf("the class form says %q", p)
	}
	cat, err := store.Catalogue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	d, ok := cat.Class("kiosks")
	if !ok || d.Name.EN != "Kiosks" || d.QuantityUnit != "座" {
		t.Fatalf("stored class %+v", d)
	}
	stalls, _ := d.Field("stalls")
	colour, _ := d.Field("colour")
	if stalls.Type != domain.TypeInteger || stalls.Label.EN != "Stalls" || colour.Type != domain.TypeEnum ||
		!colour.Required || len(colour.Values) != 3 {
		t.Errorf("fields %+v %+v", stalls, colour)
	}
	if ui.Router().Index("kiosks") < 0 {
		t.Fatal("no register of the new class in the navigation")
	}
	if reg := showRegister(t, ui, "kiosks"); reg.Rows() != 0 {
		t.Errorf("the new register shows %d rows", reg.Rows())
	}
	// A second class of the same key is refused in the form, naming the key.
	act(ui, func() {
		s := ui.Screen("settings").(*settings)
		s.classes.onAddClass()
		f := s.classes.classForm
		test.Type(f.key, "kiosks")
		test.Type(f.name, "报刊亭二")
		test.Tap(f.saveBtn)
	})
	waitIdle(t, ui)
	if p := ui.Screen("settings").(*settings).classes.classForm.Problem(); !strings.Contains(p, "kiosks") {
		t.Errorf("a second kiosks class: %q", p)
	}
}

// A field added to a built-in class in the settings is in the catalogue; removing it
// again while lamps hold values asks a second time and keeps the values in the history.
func TestAFieldAddedInSettingsAndRemovedAgain(t *testing.T) {
	store, _ := openStore(t)
	seedUnits(t, store)
	ctx := context.Background()
	ids := saveLamps(t, store, 1)
	ui := newTestApp(t, store, i18n.ZH)
	act(ui, func() { ui.Show("settings") })
	waitIdle(t, ui)
	s := ui.Screen("settings").(*settings)
	act(ui, func() {
		for i, d := range s.classes.classes {
			if d.Key == domain.Lamps {
				s.classes.list.Select(i)
			}
		}
		s.classes.onAddField()
		f := s.classes.fieldForm
		r := f.fields[0]
		test.Type(r.key, "pole_colour")
		test.Type(r.name, "灯杆颜色")
		test.Tap(f.saveBtn)
	})
	waitIdle(t, ui)
	if p := s.classes.fieldForm.Problem(); p != "" {
		t.Fatalf("the field form says %q", p)
	}
	cat, _ := store.Catalogue(ctx)
	lamps, _ := cat.Class(domain.Lamps)
	f, ok := lamps.Field("pole_colour")
	if !ok || f.Builtin || f.Label.ZH != "灯杆颜色" {
		t.Fatalf("added field %+v", f)
	}
	lamp, _ := store.GetAsset(ctx, ids[0])
	if _, err := store.UpdateAsset(ctx, ids[0], lamp.Version, domain.AssetUpdate{Fields: []string{"pole_colour"},
		Values: domain.Asset{Attrs: map[string]any{"pole_colour": "灰"}}}); err != nil {
		t.Fatal(err)
	}

	s = ui.Screen("settings").(*settings)
	act(ui, func() { s.classes.removeField(domain.Lamps, *f, false) })
	waitIdle(t, ui)
	var markup string
	act(ui, func() { markup = test.RenderToMarkup(ui.Window().Canvas()) })
	if !strings.Contains(markup, "在1项资产中有值") || !strings.Contains(markup, "仍要删除吗") {
		t.Fatalf("no second question:\n%s", markup[:min(len(markup), 2000)])
	}
	cat, _ = store.Catalogue(ctx)
	lamps, _ = cat.Class(domain.Lamps)
	if _, ok := lamps.Field("pole_colour"); !ok {
		t.Fatal("the field went without the second answer")
	}
	act(ui, func() { s.classes.removeField(domain.Lamps, *f, true) })
	waitIdle(t, ui)
	cat, _ = store.Catalogue(ctx)
	lamps, _ = cat.Class(domain.Lamps)
	if _, ok := lamps.Field("pole_colour"); ok {
		t.Fatal("the field is still declared")
	}
	hist, err := store.AuditHistory(ctx, domain.AuditAssets, ids[0], 0)
	if err != nil {
		t.Fatal(err)
	}
	kept := false
	for _, e := range hist {
		if e.Field == "pole_colour" && e.Old == "灰" {
			kept = true
		}
	}
	if !kept {
		t.Errorf("the value is not in the history: %+v", hist)
	}
}
