package domain

import (
	"encoding/csv"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"cityledger/domain/i18n"
	"cityledger/domain/testdata"
)

// The embedded catalogue is complete: every class and field is named in both languages,
// every enumerated value has its English rendering, every column exists, and the six
// registers keep their keys, order and import columns.
func TestBuiltinCatalogueIsComplete(t *testing.T) {
	cat := BuiltinCatalogue()
	wantFirst := []Class{Vehicles, Lamps, GreenAreas, SewerPipes, SewerFacilities, Roads}
	for i, k := range wantFirst {
		if cat.Classes()[i].Key != k {
			t.Fatalf("class %d is %s, want %s", i, cat.Classes()[i].Key, k)
		}
	}
	for _, name := range []string{"垃圾箱", "井盖", "雨水箅子", "沟盖板", "交通标志牌", "交通护栏", "路名牌", "公共厕所", "广告牌匾"} {
		if _, ok := cat.Find(name); !ok {
			t.Errorf("no built-in class %s", name)
		}
	}
	for _, d := range cat.Classes() {
		if d.Name.ZH == "" || d.Name.EN == "" || strings.HasPrefix(d.Name.ZH, "class.") || strings.HasPrefix(d.Name.EN, "class.") {
			t.Errorf("%s: name %+v", d.Key, d.Name)
		}
		if !slices.Contains(AccountingCategories, d.Category) || !OneOf(d.QuantityUnit, ClassQuantityUnits) {
			t.Errorf("%s: category %q, unit %q", d.Key, d.Category, d.QuantityUnit)
		}
		if _, ok := d.Field("code"); !ok {
			t.Errorf("%s: no code", d.Key)
		}
		if _, ok := d.Field("component_id"); !ok {
			t.Errorf("%s: no component ID", d.Key)
		}
		if d.Geometry == GeometryPoint && !d.PointColumns() {
			t.Errorf("%s: a point class without lon/lat", d.Key)
		}
		kinds := 0
		for _, f := range d.Fields {
			if f.Label.ZH == "" || f.Label.EN == "" || strings.HasPrefix(f.Label.ZH, "field.") || strings.HasPrefix(f.Label.EN, "field.") {
				t.Errorf("%s.%s: label %+v", d.Key, f.Key, f.Label)
			}
			if f.Column != "" && !IsAssetColumn(f.Column) {
				t.Errorf("%s.%s: no column %s", d.Key, f.Key, f.Column)
			}
			if f.Kind {
				kinds++
				if f.Column != "kind" {
					t.Errorf("%s.%s: the type field must be stored in kind", d.Key, f.Key)
				}
			}
			for _, v := range f.Values {
				if v.EN == "" {
					t.Errorf("%s.%s: %s has no English", d.Key, f.Key, v.Value)
				}
			}
			if !d.Builtin || !f.Builtin {
				t.Errorf("%s.%s: not marked built in", d.Key, f.Key)
			}
		}
		if kinds > 1 {
			t.Errorf("%s: %d type fields", d.Key, kinds)
		}
	}
	lamps, _ := cat.Class(Lamps)
	var keys []string
	for _, f := range lamps.Fields {
		keys = append(keys, f.Key)
	}
	if got := strings.Join(keys, ","); got != "code,type,road,power_w,pole_height_m,unit,lon,lat,start_date,original_value,status,disposal_date,note,component_id" {
		t.Errorf("lamp fields: %s", got)
	}
	if f, _ := lamps.Field("start_date"); f.ChineseHeader() != "安装日期" {
		t.Errorf("lamp start date header %q", f.ChineseHeader())
	}
	// The national codes the issue names.
	codes := map[string]string{}
	for _, d := range cat.Classes() {
		for _, c := range d.AllCodes() {
			codes[c.Name] = c.Code
		}
	}
	for name, code := range map[string]string{"路灯": "0118", "景观灯": "0120", "行道树": "0402", "垃圾箱": "0305", "交通标志牌": "0209",
		"交通护栏": "0211", "路名牌": "0213", "无主井盖": "0114", "特殊井盖": "0130", "上水井盖": "0101", "沟槽盖板": "01026", "泵站": "01072"} {
		if codes[name] != code {
			t.Errorf("%s: code %q, want %s", name, codes[name], code)
		}
	}
}

// Every national code of the catalogue is in the standards' code lists under the same
// name (the lists are shared test data, not copied into the repository).
func TestBuiltinCodesAreInTheStandards(t *testing.T) {
	lists := map[string]map[string]string{}
	for list, file := range map[string]string{"2013": "standards/city-components-2013.csv", "2026": "standards/city-components-2026.csv"} {
		f, err := os.Open(testdata.Path(t, file))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		lists[list] = map[string]string{}
		for _, r := range rows[1:] {
			lists[list][r[0]] = r[3]
		}
	}
	for _, d := range BuiltinCatalogue().Classes() {
		for _, c := range d.Codes {
			if name, ok := lists[c.List()][c.Code]; !ok || name != c.Name {
				t.Errorf("%s: code %s %q, the %s list says %q", d.Key, c.Code, c.Name, c.List(), name)
			}
		}
		if kf := d.KindField(); kf != nil {
			for _, v := range kf.Values {
				if v.Code == "" {
					continue
				}
				name, ok := lists[NationalCode{Code: v.Code}.List()][v.Code]
				// A type names its code's component, or is a kind of it (泵站 → 排水泵站).
				if !ok || !strings.Contains(name, strings.TrimSuffix(v.Value, "井盖")) {
					t.Errorf("%s: %s has code %s, which the list names %q", d.Key, v.Value, v.Code, name)
				}
			}
		}
	}
}

func TestParseFieldSpec(t *testing.T) {
	cases := []struct {
		spec string
		want Field
		bad  bool
	}{
		{spec: "stalls:integer:厕位数:Stalls", want: Field{Key: "stalls", Type: TypeInteger, Label: Label{"厕位数", "Stalls"}}},
		{spec: "depth:decimal(mm):深度", want: Field{Key: "depth", Type: TypeDecimal, Unit: "mm", Label: Label{ZH: "深度"}}},
		{spec: "colour:enum(红|绿|蓝):颜色:Colour", want: Field{Key: "colour", Type: TypeEnum, Label: Label{"颜色", "Colour"},
			Values: []EnumValue{{Value: "红"}, {Value: "绿"}, {Value: "蓝"}}}},
		{spec: "checked:yes-no", want: Field{Key: "checked", Type: TypeYesNo}},
		{spec: "nothing", bad: true},
		{spec: "x:enum", bad: true},
		{spec: "x:text(mm)", bad: true},
	}
	for _, c := range cases {
		got, err := ParseFieldSpec(c.spec)
		if c.bad {
			if err == nil {
				t.Errorf("%s: accepted", c.spec)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.spec, err)
			continue
		}
		if got.Key != c.want.Key || got.Type != c.want.Type || got.Unit != c.want.Unit || got.Label != c.want.Label || len(got.Values) != len(c.want.Values) {
			t.Errorf("%s: got %+v, want %+v", c.spec, got, c.want)
		}
		if got.TypeSpec() != strings.Split(c.spec, ":")[1] {
			t.Errorf("%s: type spec %s", c.spec, got.TypeSpec())
		}
	}
}

// A user class is one declaration: its fields typed, labelled in both languages,
// validated with messages naming the field in either language.
func TestUserClassDeclarationAndValidation(t *testing.T) {
	cat := BuiltinCatalogue()
	stalls, _ := ParseFieldSpec("stalls:integer:厕位数:Stalls")
	colour, _ := ParseFieldSpec("colour:enum(红|绿):颜色:Colour")
	d, err := cat.AddClass(ClassDef{Key: "kiosks", Name: Label{"报刊亭", "Kiosks"}, Geometry: GeometryPoint,
		Codes: []NationalCode{{Code: "0121", Name: "报刊亭"}}, Fields: []Field{stalls, colour, {Key: "code", Required: true}}})
	if err != nil {
		t.Fatal(err)
	}
	if d.Category != CategoryOther || d.QuantityUnit != "个" {
		t.Errorf("defaults: %s %s", d.Category, d.QuantityUnit)
	}
	if _, ok := cat.Find("报刊亭"); !ok {
		t.Error("not found by its Chinese name")
	}
	if _, ok := cat.Find("KIOSKS"); !ok {
		t.Error("not found by its English name")
	}
	var keys []string
	for _, f := range d.Fields {
		keys = append(keys, f.Key)
	}
	if got := strings.Join(keys, ","); got != "stalls,colour,code,road,unit,lon,lat,start_date,original_value,status,disposal_date,note,component_id" {
		t.Errorf("fields %s", got)
	}
	a := &Asset{Class: "kiosks", Code: "K1", Unit: "局机关", Status: StatusInUse, Attrs: map[string]any{"stalls": int64(-2), "colour": "紫"}}
	err = d.Validate(a)
	zh, en := Message(i18n.ZH, err), Message(i18n.EN, err)
	for _, want := range []string{"厕位数“-2”：不能为负数", "颜色“紫”：不是允许的值（允许：红、绿）"} {
		if !strings.Contains(zh, want) {
			t.Errorf("zh %q lacks %q", zh, want)
		}
	}
	for _, want := range []string{`Stalls "-2": must not be negative`, `Colour "紫": is not an allowed value`} {
		if !strings.Contains(en, want) {
			t.Errorf("en %q lacks %q", en, want)
		}
	}
	a.Attrs = map[string]any{"stalls": int64(4), "colour": "绿"}
	a.Geometry = orb.LineString{{1, 1}, {2, 2}}
	if fe := FieldErrors(d.Validate(a)); len(fe) != 1 || fe[0].Rule != "geometry_type" {
		t.Errorf("a line on a point class: %v", fe)
	}
	a.Geometry = orb.Point{101.6, 26.6}
	if err := d.Validate(a); err != nil {
		t.Errorf("valid kiosk: %v", err)
	}

	// Broken declarations are refused naming each rule.
	_, err = cat.AddClass(ClassDef{Key: "Lamps 2", Name: Label{ZH: "路灯"}, Geometry: "blob", Fields: []Field{{Key: "geometry", Type: TypeText}, {Key: "x", Type: "colour"}}})
	rules := map[string]bool{}
	for _, f := range FieldErrors(err) {
		rules[f.Rule] = true
	}
	for _, r := range []string{"class_key", "class_taken", "enum", "field_reserved", "field_type"} {
		if !rules[r] {
			t.Errorf("no %s among %v", r, FieldErrors(err))
		}
	}
	if _, err := cat.AddField(Lamps, Field{Key: "road", Type: TypeText}); err == nil {
		t.Error("a second road field on lamps")
	}
	f, err := cat.AddField(Lamps, Field{Key: "pole_colour", Type: TypeText, Label: Label{ZH: "灯杆颜色"}})
	if err != nil || !f.Attribute() {
		t.Fatalf("added field %+v: %v", f, err)
	}
	lamps, _ := cat.Class(Lamps)
	if i := indexOfField(lamps, "pole_colour"); i != indexOfField(lamps, "start_date")-1 {
		t.Errorf("the added field is at %d, before start date at %d", i, indexOfField(lamps, "start_date"))
	}
	if err := cat.RemoveField(Lamps, "road"); err == nil {
		t.Error("removed a built-in field")
	}
	if err := cat.RemoveField(Lamps, "pole_colour"); err != nil {
		t.Error(err)
	}
	if err := cat.RemoveClass(Lamps); err == nil {
		t.Error("removed a built-in class")
	}
	// The built-in catalogue itself is untouched by extensions of a copy.
	if _, ok := BuiltinCatalogue().Class("kiosks"); ok {
		t.Error("the built-in catalogue changed")
	}
}

func indexOfField(d *ClassDef, key string) int {
	for i, f := range d.Fields {
		if f.Key == key {
			return i
		}
	}
	return -1
}

// A partial update sets exactly the fields it names: the CL-002 case of a file with
// code, unit, use category, body type and note keeps the plate, the official flag, the
// purchase date and the original value.
func TestAssetUpdateSetsOnlyTheNamedFields(t *testing.T) {
	cat := BuiltinCatalogue()
	d, _ := cat.Class(Vehicles)
	stored := Asset{Class: Vehicles, Code: "CL-002", UnitID: 1, Plate: "川D·A8631", Kind: UseOther, BodyType: "皮卡车", Official: true,
		StartDate: "2020-06-18", OriginalValue: 14760000, Status: StatusInUse}
	row := Asset{Class: Vehicles, Code: "CL-002", Unit: "局机关", Kind: UseOther, BodyType: "皮卡车", Note: "换了轮胎"}
	u := AssetUpdate{Fields: []string{"code", "unit", "use_category", "body_type", "note"}, Values: row}
	got := stored
	u.Apply(d, &got)
	if got.Plate != stored.Plate || !got.Official || got.StartDate != stored.StartDate || got.OriginalValue != stored.OriginalValue {
		t.Errorf("fields the update does not name changed: %+v", got)
	}
	if got.Note != "换了轮胎" || got.Unit != "局机关" || got.UnitID != 0 {
		t.Errorf("named fields not set: %+v", got)
	}
	// A column present with an empty cell clears the field.
	u = AssetUpdate{Fields: []string{"original_value", "plate"}, Values: Asset{}}
	cleared := stored
	u.Apply(d, &cleared)
	changes := DiffAssets(d, &stored, &cleared, nil)
	if len(changes) != 2 || changes[0].Field != "plate" || changes[1].Field != "original_value" || !changes[1].Report || changes[0].Report {
		t.Fatalf("changes %+v", changes)
	}
	if got := changes[1].Render(i18n.ZH); got != "原值 147,600.00 → 0.00" {
		t.Errorf("zh %q", got)
	}
	if got := changes[0].Render(i18n.EN); got != "plate 川D·A8631 → (empty)" {
		t.Errorf("en %q", got)
	}
	// A disposal date set alone disposes of the asset.
	retired := stored
	(&AssetUpdate{Fields: []string{"disposal_date"}, Values: Asset{DisposalDate: "2024-01-02"}}).Apply(d, &retired)
	if retired.Status != StatusDisposed {
		t.Errorf("status %s", retired.Status)
	}
}

func TestAttributesAreTyped(t *testing.T) {
	cat := BuiltinCatalogue()
	d, _ := cat.Class("public-toilets")
	stalls, _ := d.Field("stalls")
	a := &Asset{Class: d.Key}
	a.SetValue(stalls, int64(12))
	if v := a.Value(stalls); v != int64(12) {
		t.Errorf("stalls %v (%T)", v, v)
	}
	// As JSON gives it back.
	a.Attrs["stalls"] = float64(12)
	if v := a.Value(stalls); v != int64(12) {
		t.Errorf("stalls from JSON %v (%T)", v, v)
	}
	a.SetValue(stalls, nil)
	if _, ok := a.Attrs["stalls"]; ok {
		t.Error("nil did not clear the attribute")
	}
	if got := FormatValue(stalls, int64(3), nil); got != "3" {
		t.Errorf("format %q", got)
	}
}

func TestComponentIDs(t *testing.T) {
	cat := BuiltinCatalogue()
	covers, _ := cat.Class("manhole-covers")
	lamps, _ := cat.Class(Lamps)
	trench, _ := cat.Class("trench-covers")
	cover := &Asset{Class: covers.Key, Kind: "无主井盖"}
	if c := covers.ComponentCode(cover); c != "0114" {
		t.Errorf("cover code %s", c)
	}
	if c := covers.ComponentCode(&Asset{Class: covers.Key}); c != "" {
		t.Errorf("a cover without type has code %s", c)
	}
	if c := lamps.ComponentCode(&Asset{Kind: "景观灯"}); c != "0120" {
		t.Errorf("景观灯 %s", c)
	}
	if c := lamps.ComponentCode(&Asset{Kind: "通电路灯"}); c != "0118" {
		t.Errorf("路灯 %s", c)
	}
	if c := trench.ComponentCode(&Asset{}); c != "01026" {
		t.Errorf("沟盖板 %s", c)
	}
	id := ComponentID("510403", "0114", 7)
	if id != "5104030114000007" {
		t.Errorf("id %s", id)
	}
	if dist, code, seq, ok := SplitComponentID(id); !ok || dist != "510403" || code != "0114" || seq != 7 {
		t.Errorf("split %s %s %d %v", dist, code, seq, ok)
	}
	cover.ComponentID = "5104030102000007"
	if fe := covers.checkComponentID(cover); len(fe) != 1 || fe[0].Rule != "component_id_code" {
		t.Errorf("wrong code: %v", fe)
	}
	cover.ComponentID = "51040301140000"
	if fe := covers.checkComponentID(cover); len(fe) != 1 || fe[0].Rule != "component_id" {
		t.Errorf("short: %v", fe)
	}
	if fe := CheckComponentDistrict("5104030114000007", "320508"); fe == nil || fe.Rule != "component_id_district" {
		t.Errorf("district: %v", fe)
	}
}
