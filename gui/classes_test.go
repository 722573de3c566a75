package gui

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"cityledger/domain"
	"cityledger/domain/exchange"
	"cityledger/domain/i18n"
	"cityledger/reports"
)

// One declaration plus its translations is a register: a class declared in the
// settings screen, with an integer and an enumerated field, is in the navigation, takes
// an import, shows in its register, is edited through its form (a bad value named in
// both languages), exports and is in the report.
func TestAClassDeclaredInSettingsReachesEveryLayer(t *testing.T) {
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
	if ui.Router().Index("kiosks") < 0 {
		t.Fatal("no register of the new class in the navigation")
	}
	cat, _ := store.Catalogue(ctx)
	lay, ok := exchange.LayoutOf(cat, "kiosks")
	if !ok {
		t.Fatal("the class is not in the catalogue")
	}
	tab, err := exchange.ReadCSV(strings.NewReader("编号,摊位数,颜色,所属单位,经度,纬度\nK1,3,红,局机关,101.6,26.6\nK2,5,蓝,局机关,101.61,26.6\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, sum, err := exchange.Import(ctx, store, lay, tab, exchange.Options{}); err != nil || sum.Added != 2 {
		t.Fatalf("import %+v %v", sum, err)
	}
	reg := showRegister(t, ui, "kiosks")
	if reg.rows != 2 || cellText(reg, 1, colIndex(t, reg, "stalls")) != "5" || cellText(reg, 1, colIndex(t, reg, "colour")) != "蓝" {
		t.Fatalf("register: %d rows, %q %q", reg.rows, cellText(reg, 1, colIndex(t, reg, "stalls")), cellText(reg, 1, colIndex(t, reg, "colour")))
	}
	// The form: a bad integer named by the field's label, in Chinese…
	var form *assetForm
	act(ui, func() {
		reg.onAdd()
		form = reg.form
		test.Type(form.entries["code"], "K3")
		test.Type(form.entries["stalls"], "三")
		test.Tap(form.saveBtn)
	})
	waitIdle(t, ui)
	for _, want := range []string{"摊位数“三”", "颜色：必须填写"} {
		if !strings.Contains(form.Problem(), want) {
			t.Errorf("form message %q lacks %q", form.Problem(), want)
		}
	}
	act(ui, func() {
		form.entries["stalls"].SetText("4")
		form.selects["colour"].SetSelected("绿")
		form.selects["unit"].SetSelected("局机关")
		test.Tap(form.saveBtn)
	})
	waitIdle(t, ui)
	if form.Problem() != "" {
		t.Fatalf("the form refused a good kiosk: %s", form.Problem())
	}
	k3, err := store.GetAssetByCode(ctx, "kiosks", "K3")
	if err != nil || k3.Attrs["stalls"] == nil {
		t.Fatalf("K3 %+v %v", k3, err)
	}
	// …and in English.
	en := newTestApp(t, store, i18n.EN)
	regEN := showRegister(t, en, "kiosks")
	act(en, func() {
		regEN.onAdd()
		test.Type(regEN.form.entries["code"], "K4")
		test.Type(regEN.form.entries["stalls"], "three")
		test.Tap(regEN.form.saveBtn)
	})
	waitIdle(t, en)
	if !strings.Contains(regEN.form.Problem(), `Stalls "three"`) {
		t.Errorf("English form message %q", regEN.form.Problem())
	}
	var out bytes.Buffer
	if _, err := exchange.Export(ctx, store, "kiosks", &out, exchange.ExportOptions{Format: exchange.FormatCSV}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "code,stalls,colour,unit,lon,lat") || !strings.Contains(out.String(), "K3,4,绿,局机关") {
		t.Errorf("export:\n%s", out.String())
	}
	m, err := reports.Build(ctx, store, ui.Env().Year(), i18n.ZH)
	if err != nil {
		t.Fatal(err)
	}
	var md bytes.Buffer
	if err := reports.Render(&md, m, "md"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "报刊亭3座") || !strings.Contains(md.String(), "| 报刊亭 | 3 |") {
		t.Errorf("the report leaves the kiosks out:\n%s", md.String())
	}
}

// A field added in the settings screen is in the class's form; one that holds values
// goes after a second question.
func TestAFieldAddedInSettingsIsInTheForm(t *testing.T) {
	store, _ := openStore(t)
	seedUnits(t, store)
	saveLamps(t, store, 1)
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
	reg := showRegister(t, ui, domain.Lamps)
	colIndex(t, reg, "pole_colour")
	act(ui, func() {
		reg.onAdd()
		if reg.form.entries["pole_colour"] == nil {
			t.Error("the form has no entry for the added field")
		}
	})
}
