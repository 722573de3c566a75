package storage

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"cityledger/domain"
	"cityledger/domain/i18n"
)

// kioskClass is a user class with an integer and an enumerated field.
func kioskClass() domain.ClassDef {
	stalls, _ := domain.ParseFieldSpec("stalls:integer:摊位数:Stalls")
	colour, _ := domain.ParseFieldSpec("colour:enum(红|绿|蓝):颜色:Colour")
	material, _ := domain.ParseFieldSpec("shell:text:外壳:Shell")
	return domain.ClassDef{Key: "kiosks", Name: domain.Label{ZH: "报刊亭", EN: "Kiosks"}, Geometry: domain.GeometryPoint,
		Codes: []domain.NationalCode{{Code: "0121", Name: "报刊亭"}}, Category: domain.CategoryGeneralEquipment,
		Fields: []domain.Field{stalls, colour, material}}
}

func TestUserClassLifecycle(t *testing.T) { backends(t, testUserClassLifecycle) }

func testUserClassLifecycle(t *testing.T, d *DB) {
	ctx := context.Background()
	seedUnits(t, d)
	def, err := d.AddClass(ctx, kioskClass())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.AddClass(ctx, kioskClass()); domain.ErrorKind(err) != domain.KindInvalid {
		t.Fatalf("a second kiosks class: %v", err)
	}
	cat, err := d.Catalogue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := cat.Find("报刊亭"); !ok || got.Key != def.Key || len(got.AddedFields()) != 3 {
		t.Fatalf("catalogue after AddClass: %+v", got)
	}
	// 30 kiosks through an import batch, typed attributes and all.
	b := &domain.Batch{}
	for i := 0; i < 30; i++ {
		b.Assets = append(b.Assets, domain.Asset{Class: "kiosks", Code: fmt.Sprintf("K%02d", i), Unit: "局机关", Status: domain.StatusInUse,
			Attrs:    map[string]any{"stalls": int64(30 - i), "colour": []string{"红", "绿", "蓝"}[i%3], "shell": fmt.Sprintf("铝板%d号", i)},
			Geometry: orb.Point{101.6 + float64(i)/1000, 26.6}})
	}
	if sum, err := d.Import(ctx, b); err != nil || sum.Added != 30 {
		t.Fatalf("import %+v %v", sum, err)
	}
	// Sorted and filtered by its own fields, with their indexes.
	page, err := d.FindAssets(ctx, domain.AssetFilter{Class: "kiosks", SortBy: "stalls", Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	stalls, _ := def.Field("stalls")
	if len(page) != 3 || page[0].Value(stalls) != int64(1) || page[2].Value(stalls) != int64(3) {
		t.Fatalf("sorted by stalls: %v", page)
	}
	green, err := d.CountAssets(ctx, domain.AssetFilter{Class: "kiosks", Equals: map[string]any{"colour": "绿"}})
	if err != nil || green.Count != 10 {
		t.Fatalf("colour = 绿: %+v %v", green, err)
	}
	found, err := d.FindAssets(ctx, domain.AssetFilter{Class: "kiosks", Search: "铝板12"})
	if err != nil || len(found) != 1 || found[0].Code != "K12" {
		t.Fatalf("search by the shell: %v %v", found, err)
	}
	// Letters match whatever their case, in the columns and in the attributes alike;
	// a term JSON would escape searches the attributes themselves.
	for term, want := range map[string]int{"k12": 1, "K1": 10, "铝板1": 11, `"`: 0} {
		n, err := d.CountAssets(ctx, domain.AssetFilter{Class: "kiosks", Search: term})
		if err != nil || n.Count != int64(want) {
			t.Errorf("search %q: %d, want %d (%v)", term, n.Count, want, err)
		}
	}
	// The totals count the retired in the same pass.
	k0 := found[0]
	if err := d.RetireAsset(ctx, k0.ID, "2020-06-30", k0.Version); err != nil {
		t.Fatal(err)
	}
	if tot, err := d.CountAssets(ctx, domain.AssetFilter{Class: "kiosks"}); err != nil || tot.Count != 30 || tot.Disposed != 1 {
		t.Fatalf("totals after retiring one: %+v %v", tot, err)
	}
	// A bad value names the field in both languages.
	bad := &domain.Asset{Class: "kiosks", Code: "K99", Unit: "局机关", Attrs: map[string]any{"colour": "紫"}}
	err = d.SaveAsset(ctx, bad)
	if zh, en := domain.Message(i18n.ZH, err), domain.Message(i18n.EN, err); !strings.Contains(zh, "颜色“紫”") || !strings.Contains(en, `Colour "紫"`) {
		t.Fatalf("bad colour: %s / %s", zh, en)
	}
	// A field that holds values is removed only when forced; the values stay in the
	// history.
	if err := d.RemoveField(ctx, "kiosks", "stalls", false); domain.ErrorKind(err) != domain.KindConflict ||
		!strings.Contains(domain.Message(i18n.ZH, err), "30") {
		t.Fatalf("remove a field with values: %v", err)
	}
	if err := d.RemoveField(ctx, "kiosks", "stalls", true); err != nil {
		t.Fatal(err)
	}
	k, _ := d.GetAssetByCode(ctx, "kiosks", "K00")
	if _, ok := k.Attrs["stalls"]; ok {
		t.Fatal("the removed field's value stayed")
	}
	hist, _ := d.AuditHistory(ctx, domain.AuditAssets, k.ID, 0)
	if len(hist) == 0 || hist[0].Action != "remove-field" || hist[0].Field != "stalls" || hist[0].Old != "30" {
		t.Fatalf("history %+v", hist)
	}
	// A class that holds assets cannot be removed.
	if err := d.RemoveClass(ctx, "kiosks"); domain.ErrorKind(err) != domain.KindConflict {
		t.Fatalf("remove a class with assets: %v", err)
	}
	if err := d.RemoveClass(ctx, domain.Lamps); domain.ErrorKind(err) != domain.KindInvalid {
		t.Fatalf("remove a built-in class: %v", err)
	}
	all, _ := d.FindAssets(ctx, domain.AssetFilter{Class: "kiosks"})
	for _, a := range all {
		if err := d.DeleteAsset(ctx, a.ID, a.Version); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.RemoveClass(ctx, "kiosks"); err != nil {
		t.Fatal(err)
	}
	if cat, _ := d.Catalogue(ctx); func() bool { _, ok := cat.Class("kiosks"); return ok }() {
		t.Fatal("the class is still declared")
	}
}

// Fields added to a built-in class are stored, indexed and moved to another database
// with the definitions file.
func TestAddedFieldsAndDefinitionsMove(t *testing.T) { backends(t, testAddedFieldsAndDefinitionsMove) }

func testAddedFieldsAndDefinitionsMove(t *testing.T, d *DB) {
	ctx := context.Background()
	seedUnits(t, d)
	f, _ := domain.ParseFieldSpec("lamp_colour:enum(暖白|冷白):色温:Colour temperature")
	if _, err := d.AddField(ctx, domain.Lamps, f); err != nil {
		t.Fatal(err)
	}
	if _, err := d.AddClass(ctx, kioskClass()); err != nil {
		t.Fatal(err)
	}
	a := &domain.Asset{Class: domain.Lamps, Code: "LD-1", Unit: "局机关", Kind: "通电路灯", Attrs: map[string]any{"lamp_colour": "暖白"}}
	if err := d.SaveAsset(ctx, a); err != nil {
		t.Fatal(err)
	}
	got, _ := d.GetAsset(ctx, a.ID)
	cat, _ := d.Catalogue(ctx)
	lamps, _ := cat.Class(domain.Lamps)
	lc, ok := lamps.Field("lamp_colour")
	if !ok || got.Value(lc) != "暖白" {
		t.Fatalf("added field: %v %+v", ok, got.Attrs)
	}
	if err := d.RemoveField(ctx, domain.Lamps, "road", true); domain.ErrorKind(err) != domain.KindInvalid {
		t.Fatalf("removing a built-in field: %v", err)
	}
	// What `classes export` writes, `classes import` declares in another database.
	defs := domain.ClassDefinitions{Classes: cat.UserClasses(), Fields: map[domain.Class][]domain.Field{domain.Lamps: lamps.AddedFields()}}
	other := openTemp(t)
	n, err := other.ImportClasses(ctx, defs)
	if err != nil || n != 2 {
		t.Fatalf("import definitions: %d %v", n, err)
	}
	if n, err := other.ImportClasses(ctx, defs); err != nil || n != 0 {
		t.Fatalf("importing them again: %d %v", n, err)
	}
	oc, _ := other.Catalogue(ctx)
	if k, ok := oc.Class("kiosks"); !ok || len(k.AddedFields()) != 3 {
		t.Fatalf("kiosks in the other database: %+v", k)
	}
	if l, _ := oc.Class(domain.Lamps); len(l.AddedFields()) != 1 {
		t.Fatalf("lamps' added fields: %+v", l.AddedFields())
	}
}

// A partial import keeps what the file leaves out and clears what it leaves empty,
// listing every change and counting those the report reads.
func TestPartialImportKeepsTheColumnsLeftOut(t *testing.T) {
	backends(t, testPartialImportKeepsTheColumnsLeftOut)
}

func testPartialImportKeepsTheColumnsLeftOut(t *testing.T, d *DB) {
	ctx := context.Background()
	seedUnits(t, d)
	car := domain.Asset{Class: domain.Vehicles, Code: "CL-002", Unit: "局机关", Plate: "川D·A8631", Kind: domain.UseOther,
		BodyType: "皮卡车", Official: true, StartDate: "2020-06-18", OriginalValue: 14760000, Note: "执法"}
	if _, err := d.Import(ctx, &domain.Batch{Assets: []domain.Asset{car}}); err != nil {
		t.Fatal(err)
	}
	row := domain.Asset{Class: domain.Vehicles, Code: "CL-002", Unit: "局机关", Kind: domain.UseOther, BodyType: "皮卡车", Note: "换了轮胎"}
	sum, err := d.Import(ctx, &domain.Batch{Assets: []domain.Asset{row},
		AssetFields: map[domain.Class][]string{domain.Vehicles: {"code", "unit", "use_category", "body_type", "note"}}})
	if err != nil || sum.Updated != 1 || sum.ReportRelevant != 0 || len(sum.Changes) != 1 || len(sum.Changes[0].Changes) != 1 {
		t.Fatalf("partial import %+v %v", sum, err)
	}
	got, _ := d.GetAssetByCode(ctx, domain.Vehicles, "CL-002")
	if got.Plate != car.Plate || !got.Official || got.StartDate != car.StartDate || got.OriginalValue != car.OriginalValue || got.Note != "换了轮胎" {
		t.Fatalf("after the partial import %+v", got)
	}
	// A column present with an empty cell clears it; the dry run lists it.
	sum, err = d.Import(ctx, &domain.Batch{DryRun: true, Assets: []domain.Asset{{Class: domain.Vehicles, Code: "CL-002"}},
		AssetFields: map[domain.Class][]string{domain.Vehicles: {"code", "original_value", "plate"}}})
	if err != nil || sum.ReportRelevant != 1 || len(sum.Changes) != 1 {
		t.Fatalf("dry run %+v %v", sum, err)
	}
	if line := sum.Changes[0].Render(i18n.ZH); !strings.Contains(line, "原值 147,600.00 → 0.00") || !strings.Contains(line, "车牌号 川D·A8631 → （空）") {
		t.Fatalf("change list %q", line)
	}
	if again, _ := d.GetAssetByCode(ctx, domain.Vehicles, "CL-002"); again.OriginalValue != car.OriginalValue {
		t.Fatal("the dry run wrote")
	}
	// A required field present and empty is the usual error.
	_, err = d.Import(ctx, &domain.Batch{Assets: []domain.Asset{{Class: domain.Vehicles, Code: "CL-002"}},
		AssetFields: map[domain.Class][]string{domain.Vehicles: {"code", "body_type"}}})
	if fe := domain.FieldErrors(err); len(fe) != 1 || fe[0].Field != "body_type" || fe[0].Rule != "required" {
		t.Fatalf("clearing a required field: %v", err)
	}
	// A new code without its required fields is refused naming them.
	_, err = d.Import(ctx, &domain.Batch{Assets: []domain.Asset{{Class: domain.Vehicles, Code: "CL-099", Note: "x"}},
		AssetFields: map[domain.Class][]string{domain.Vehicles: {"code", "note"}}})
	rules := map[string]bool{}
	for _, fe := range domain.FieldErrors(err) {
		rules[fe.Field+"/"+fe.Rule] = true
	}
	if !rules["unit/required"] || !rules["use_category/required"] || !rules["body_type/required"] {
		t.Fatalf("a new row without its required fields: %v", err)
	}
	// Projects too: goal, result, problems and function code stay.
	p := domain.Project{Code: "2020-001", Year: 2020, Name: "路灯维修", Unit: "局机关", Budget: 100000, FiscalBudget: 100000,
		FunctionCode: "2120199", Goal: "亮灯率98%", Result: "完成", Problems: "资金迟到", Disclosed: true}
	if _, err := d.Import(ctx, &domain.Batch{Projects: []domain.Project{p}}); err != nil {
		t.Fatal(err)
	}
	sum, err = d.Import(ctx, &domain.Batch{Projects: []domain.Project{{Code: "2020-001", Year: 2020, Budget: 120000}},
		ProjectFields: []string{"code", "year", "budget"}})
	if err != nil || sum.Updated != 1 || sum.ReportRelevant != 1 {
		t.Fatalf("partial project import %+v %v", sum, err)
	}
	ps, _ := d.ListProjects(ctx, 2020)
	if got := ps[0]; got.Goal != p.Goal || got.Result != p.Result || got.Problems != p.Problems || got.FunctionCode != p.FunctionCode ||
		got.Budget != 120000 || got.FiscalBudget != 120000 || got.Name != p.Name {
		t.Fatalf("project after a partial import %+v", got)
	}
}

// A bulk edit names the one field it sets and audits each asset.
func TestUpdateAssetsSetsOneField(t *testing.T) { backends(t, testUpdateAssetsSetsOneField) }

func testUpdateAssetsSetsOneField(t *testing.T, d *DB) {
	ctx := context.Background()
	seedUnits(t, d)
	var ids []int64
	for i := 0; i < 3; i++ {
		a := &domain.Asset{Class: domain.Lamps, Code: fmt.Sprintf("LD-%d", i), Unit: "局机关", Kind: "通电路灯", Road: "旧路", PowerW: 60}
		if err := d.SaveAsset(ctx, a); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	n, err := d.UpdateAssets(ctx, ids, domain.AssetUpdate{Fields: []string{"road"}, Values: domain.Asset{Road: "新路"}})
	if err != nil || n != 3 {
		t.Fatalf("bulk edit: %d %v", n, err)
	}
	for _, id := range ids {
		a, _ := d.GetAsset(ctx, id)
		if a.Road != "新路" || a.PowerW != 60 {
			t.Fatalf("after the bulk edit %+v", a)
		}
	}
	// One invalid asset fails the whole edit, naming it.
	_, err = d.UpdateAssets(ctx, ids, domain.AssetUpdate{Fields: []string{"type"}, Values: domain.Asset{Kind: "霓虹灯"}})
	if fe := domain.FieldErrors(err); len(fe) != 3 || fe[0].Item != "LD-0" || fe[0].Field != "type" {
		t.Fatalf("invalid bulk edit: %v", err)
	}
	// A stale form edit is refused with the fields that differ.
	a, _ := d.GetAsset(ctx, ids[0])
	if _, err := d.UpdateAsset(ctx, a.ID, a.Version-1, domain.AssetUpdate{Fields: []string{"note"}, Values: domain.Asset{Note: "x"}}); domain.ErrorKind(err) != domain.KindConflict {
		t.Fatalf("stale edit: %v", err)
	}
}

func TestComponentIDs(t *testing.T) { backends(t, testComponentIDs) }

func testComponentIDs(t *testing.T, d *DB) {
	ctx := context.Background()
	seedUnits(t, d)
	if _, err := d.GenerateComponentIDs(ctx, nil, false); domain.ErrorKind(err) != domain.KindInvalid {
		t.Fatalf("generating without a district code: %v", err)
	}
	if err := d.SetDistrictCode(ctx, "51040"); domain.ErrorKind(err) != domain.KindInvalid {
		t.Fatalf("a 5-digit district code: %v", err)
	}
	if err := d.SetDistrictCode(ctx, "510403"); err != nil {
		t.Fatal(err)
	}
	b := &domain.Batch{Assets: []domain.Asset{
		{Class: "manhole-covers", Code: "JG-2", Unit: "局机关", Kind: "无主井盖"},
		{Class: "manhole-covers", Code: "JG-1", Unit: "局机关", Kind: "无主井盖", ComponentID: "5104030114000007"},
		{Class: "manhole-covers", Code: "JG-3", Unit: "局机关", Kind: "污水井盖"},
		{Class: "manhole-covers", Code: "JG-4", Unit: "局机关"}, // no type: no code
		{Class: domain.Lamps, Code: "LD-1", Unit: "局机关", Kind: "景观灯"},
		{Class: domain.Vehicles, Code: "CL-1", Unit: "局机关", Kind: domain.UseLaw, BodyType: "轿车"},
	}}
	if _, err := d.Import(ctx, b); err != nil {
		t.Fatal(err)
	}
	dry, err := d.GenerateComponentIDs(ctx, nil, true)
	if err != nil || dry.Generated != 3 || dry.NoCode != 2 {
		t.Fatalf("dry run %+v %v", dry, err)
	}
	res, err := d.GenerateComponentIDs(ctx, nil, false)
	if err != nil || res.Generated != 3 {
		t.Fatalf("generate %+v %v", res, err)
	}
	want := map[string]string{"JG-1": "5104030114000007", "JG-2": "5104030114000008", "JG-3": "5104030102000001"}
	for code, id := range want {
		a, _ := d.GetAssetByCode(ctx, "manhole-covers", code)
		if a.ComponentID != id {
			t.Errorf("%s: %q, want %s", code, a.ComponentID, id)
		}
	}
	if l, _ := d.GetAssetByCode(ctx, domain.Lamps, "LD-1"); l.ComponentID != "5104030120000001" {
		t.Errorf("景观灯 %q", l.ComponentID)
	}
	// An ID of another district, of the wrong component code, or one taken is refused.
	for id, rule := range map[string]string{"3205080114000001": "component_id_district", "5104030118000001": "component_id_code",
		"5104030114000007": "component_id_taken"} {
		a, _ := d.GetAssetByCode(ctx, "manhole-covers", "JG-2")
		a.ComponentID = id
		err := d.SaveAsset(ctx, a)
		if fe := domain.FieldErrors(err); len(fe) != 1 || fe[0].Rule != rule {
			t.Errorf("%s: %v, want %s", id, err, rule)
		}
	}
}

// A database as the program before the catalogue left it migrates without changing a
// row: counts, sums, fingerprints and versions stay, and re-importing the same rows
// finds them unchanged.
func TestMigrationToTheCatalogueChangesNoRow(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v3.db")
	migrationLimit = 3
	d, err := Open(ctx, path)
	migrationLimit = 0
	if err != nil {
		t.Fatal(err)
	}
	seedUnits(t, d)
	// Written through raw SQL as the old program did (its columns only).
	for i := 0; i < 50; i++ {
		a := domain.Asset{Class: domain.Lamps, Code: fmt.Sprintf("LD-%03d", i), UnitID: 1, Status: domain.StatusInUse, Kind: "通电路灯",
			Road: "苏铁西路", PowerW: 150, StartDate: "2015-05-01", OriginalValue: domain.Fen(480000 + i), Geometry: orb.Point{101.6, 26.6}, Version: 1}
		r, err := toAssetRow(&a)
		if err != nil {
			t.Fatal(err)
		}
		// A copy: appending to a slice of assetColumns would overwrite its tail.
		cols := append([]string(nil), assetColumns[:len(assetColumns)-4]...)
		vals := r.values()
		vals = append(vals[:len(vals)-4], vals[len(vals)-2:]...)
		cols = append(cols, "version", "updated_at")
		if err := insertMany(d.w, "assets", cols, [][]any{vals}); err != nil {
			t.Fatal(err)
		}
	}
	type snapshot struct {
		N, V, Versions int64
		Prints         string
	}
	snap := func(db *DB) snapshot {
		var s snapshot
		db.r.Raw("SELECT COUNT(*) AS n, SUM(original_value) AS v, SUM(version) AS versions FROM assets").Scan(&s)
		var prints []string
		db.r.Raw("SELECT fingerprint FROM assets ORDER BY id").Scan(&prints)
		s.Prints = strings.Join(prints, ",")
		return s
	}
	before := snap(d)
	d.Close()
	d, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if after := snap(d); after != before {
		t.Fatalf("migration changed rows: %+v → %+v", before, after)
	}
	var b domain.Batch
	all, _ := d.FindAssets(ctx, domain.AssetFilter{Class: domain.Lamps})
	for _, a := range all {
		a.ID, a.Version, a.UnitID, a.Unit = 0, 0, 0, "局机关"
		b.Assets = append(b.Assets, a)
	}
	sum, err := d.Import(ctx, &b)
	if err != nil || sum.Unchanged != 50 || sum.Updated != 0 {
		t.Fatalf("re-import after migrating: %+v %v", sum, err)
	}
}

func TestAttributeIndexesFollowUserDeclarations(t *testing.T) {
	backends(t, testAttributeIndexesFollowUserDeclarations)
}

// Only the attributes users declare get an index of their own: a fresh database has
// none (the built-in classes' attributes sort without), a user class one per attribute,
// and a removed field takes its index along.
func testAttributeIndexesFollowUserDeclarations(t *testing.T, d *DB) {
	ctx := context.Background()
	names := func() []string {
		q := "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'assets_attr_%' ORDER BY name"
		if d.postgres {
			q = "SELECT indexname FROM pg_indexes WHERE indexname LIKE 'assets_attr_%' AND schemaname = current_schema() ORDER BY indexname"
		}
		var out []string
		if err := d.r.Raw(q).Scan(&out).Error; err != nil {
			t.Fatal(err)
		}
		return out
	}
	if got := names(); len(got) != 0 {
		t.Fatalf("a fresh database has attribute indexes: %v", got)
	}
	if _, err := d.AddClass(ctx, kioskClass()); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(names(), ","); got != "assets_attr_kiosks__colour,assets_attr_kiosks__shell,assets_attr_kiosks__stalls" {
		t.Fatalf("after declaring kiosks: %s", got)
	}
	if err := d.RemoveField(ctx, "kiosks", "shell", false); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(names(), ","); got != "assets_attr_kiosks__colour,assets_attr_kiosks__stalls" {
		t.Fatalf("after removing shell: %s", got)
	}
}
