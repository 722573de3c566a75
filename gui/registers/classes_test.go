package registers

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"cityledger/domain"
	"cityledger/domain/exchange"
	"cityledger/domain/i18n"
	"cityledger/gui/guitest"
	"cityledger/reports"
)

// One declaration plus its translations is a register: a user class with an integer and
// an enumerated field (declared as the settings screen or `ledgerctl classes add`
// declare it) is in the navigation, takes an import, shows in its register, is edited
// through its form (a bad value named in both languages), exports and is in the report.
func TestAUserClassReachesEveryLayer(t *testing.T) {
	store, _ := openStore(t)
	seedUnits(t, store)
	ctx := context.Background()
	stalls, _ := domain.ParseFieldSpec("stalls:integer:摊位数:Stalls")
	colour, _ := domain.ParseFieldSpec("colour:enum(红|绿|蓝):颜色:Colour")
	colour.Required = true
	if _, err := store.AddClass(ctx, domain.ClassDef{Key: "kiosks", Name: domain.Label{ZH: "报刊亭", EN: "Kiosks"},
		Geometry: domain.GeometryPoint, QuantityUnit: "座", Fields: []domain.Field{stalls, colour}}); err != nil {
		t.Fatal(err)
	}
	ui := newTestApp(t, store, i18n.ZH)
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
	if !strings.Contains(out.String(), "code,road,stalls,colour,unit,lon,lat") || !strings.Contains(out.String(), "K3,,4,绿,局机关") {
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
// A field added to a built-in class is a column of its register and an entry of its form.
func TestAnAddedFieldIsInTheRegisterAndTheForm(t *testing.T) {
	store, _ := openStore(t)
	seedUnits(t, store)
	ctx := context.Background()
	saveLamps(t, store, 1)
	f, _ := domain.ParseFieldSpec("pole_colour:text:灯杆颜色:Pole colour")
	if _, err := store.AddField(ctx, domain.Lamps, f); err != nil {
		t.Fatal(err)
	}
	ui := newTestApp(t, store, i18n.ZH)
	reg := showRegister(t, ui, domain.Lamps)
	col := colIndex(t, reg, "pole_colour")
	act(ui, func() {
		reg.onAdd()
		test.Type(reg.form.entries["code"], "LD-9")
		reg.form.selects["type"].SetSelected("景观灯")
		reg.form.selects["unit"].SetSelected("局机关")
		test.Type(reg.form.entries["pole_colour"], "灰")
		test.Tap(reg.form.saveBtn)
	})
	waitIdle(t, ui)
	if p := reg.form.Problem(); p != "" {
		t.Fatal(p)
	}
	a, err := store.GetAssetByCode(ctx, domain.Lamps, "LD-9")
	if err != nil || a.Attrs["pole_colour"] != "灰" {
		t.Fatalf("stored %+v %v", a, err)
	}
	act(ui, reg.Refresh)
	waitIdle(t, ui)
	if got := cellText(reg, 1, col); got != "灰" {
		t.Errorf("the register shows %q", got)
	}
}

// The search box names what it looks in, from the class's declaration.
func TestSearchHintFollowsTheDeclaration(t *testing.T) {
	cat := domain.BuiltinCatalogue().Clone()
	operator, _ := domain.ParseFieldSpec("operator:text:经营者:Operator")
	stalls, _ := domain.ParseFieldSpec("stalls:integer:摊位数:Stalls")
	def, err := cat.AddClass(domain.ClassDef{Key: "kiosks", Name: domain.Label{ZH: "报刊亭", EN: "Kiosks"},
		Geometry: domain.GeometryPoint, Fields: []domain.Field{stalls, operator}})
	if err != nil {
		t.Fatal(err)
	}
	ui := newTestApp(t, guitest.TempStore(t), i18n.ZH)
	if got := searchHint(ui.Env(), def); got != "搜索编号、所在道路、经营者或备注" {
		t.Errorf("hint %q", got)
	}
	lamps, _ := cat.Class(domain.Lamps)
	if got := searchHint(ui.Env(), lamps); got != "搜索编号、所在道路或备注" {
		t.Errorf("lamps hint %q", got)
	}
}
