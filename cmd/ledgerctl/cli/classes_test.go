package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cityledger/domain"
)

// The built-in catalogue is listed with its national codes; a class is shown with its
// fields and the headers they accept.
func TestClassesListAndShow(t *testing.T) {
	db := filepath.Join(t.TempDir(), "a.db")
	if code, _, errs := exRun(t, db, "demo"); code != 0 {
		t.Fatal(errs)
	}
	code, out, errs := exRun(t, db, "--lang", "zh", "classes")
	if code != 0 {
		t.Fatalf("classes: %d %s", code, errs)
	}
	for _, want := range []string{"lamps", "路灯", "0118 路灯、0120 景观灯", "公共基础设施", "950", "trash-bins", "垃圾箱", "0305 垃圾箱",
		"manhole-covers", "0114 无主井盖", "0130 特殊井盖", "trench-covers", "01026 沟槽盖板", "green-areas", "0402 行道树", "vehicles", "通用设备"} {
		if !strings.Contains(out, want) {
			t.Errorf("classes lacks %q:\n%s", want, out)
		}
	}
	code, out, errs = exRun(t, db, "--lang", "zh", "classes", "show", "井盖")
	if code != 0 {
		t.Fatalf("classes show: %d %s", code, errs)
	}
	for _, want := range []string{"井盖（manhole-covers，Manhole covers）", "cover_type", "井盖类型", "material", "size_mm", "integer(mm)",
		"上水井盖 (water supply cover)  0101  也可写作 上水", "ledgerctl template manhole-covers"} {
		if !strings.Contains(out, want) {
			t.Errorf("show lacks %q:\n%s", want, out)
		}
	}
	if code, _, errs := exRun(t, db, "classes", "show", "bridges"); code != 2 || !strings.Contains(errs, "bridges") {
		t.Errorf("unknown class: %d %s", code, errs)
	}
}

// A user class declared from the command line — an integer and an enumerated field —
// takes imports by its Chinese name, exports, shows in the report and moves to another
// database; a bad value names the field in both languages.
func TestUserClassFromTheCommandLine(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	if code, _, errs := exRun(t, db, "demo"); code != 0 {
		t.Fatal(errs)
	}
	code, out, errs := exRun(t, db, "classes", "add", "--key", "kiosks", "--name", "报刊亭", "--name-en", "Kiosks",
		"--geometry", "point", "--code", "0121", "--unit", "座",
		"--field", "stalls:integer:摊位数:Stalls", "--field", "colour:enum(红|绿|蓝):颜色:Colour",
		"--required", "colour", "--alias", "stalls=摊位")
	if code != 0 || !strings.Contains(out, "Kiosks") {
		t.Fatalf("classes add: %d %s %s", code, out, errs)
	}
	if code, _, errs := exRun(t, db, "classes", "add-field", "报刊亭", "--field", "opened:date:开业日期:Opened"); code != 0 {
		t.Fatalf("add-field: %s", errs)
	}
	csv := filepath.Join(dir, "kiosks.csv")
	os.WriteFile(csv, []byte("编号,摊位,颜色,所属单位,经度,纬度,开业日期\nK1,3,红,局机关,101.6,26.6,2020-05-01\nK2,5,绿,局机关,101.61,26.6,\n"), 0o644)
	if code, out, errs := exRun(t, db, "import", "报刊亭", csv); code != 0 || !strings.Contains(out, "added 2") {
		t.Fatalf("import: %d %s %s", code, out, errs)
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("code,stalls,colour,unit\nK3,three,紫,局机关\n"), 0o644)
	code, _, errs = exRun(t, db, "import", "kiosks", bad)
	if code != 1 || !strings.Contains(errs, `Stalls "three"`) || !strings.Contains(errs, `Colour "紫"`) {
		t.Errorf("bad values in English: %d %s", code, errs)
	}
	code, _, errs = exRun(t, db, "--lang", "zh", "import", "kiosks", bad)
	if code != 1 || !strings.Contains(errs, "摊位数“three”") || !strings.Contains(errs, "颜色“紫”") {
		t.Errorf("bad values in Chinese: %d %s", code, errs)
	}
	out2 := filepath.Join(dir, "out.csv")
	if code, _, errs := exRun(t, db, "export", "kiosks", "-o", out2); code != 0 {
		t.Fatal(errs)
	}
	exported, _ := os.ReadFile(out2)
	if !strings.Contains(string(exported), "code,road,stalls,colour,unit,lon,lat,opened,start_date") || !strings.Contains(string(exported), "K2,,5,绿,局机关,101.61,26.6,,") {
		t.Errorf("export:\n%s", exported)
	}
	_, report, _ := exRun(t, db, "--lang", "zh", "report", "--year", "2020")
	if !strings.Contains(report, "报刊亭2座") || !strings.Contains(report, "| 报刊亭 | 2 |") {
		t.Errorf("the report leaves the kiosks out:\n%s", report)
	}
	// Definitions move to another database.
	defs := filepath.Join(dir, "classes.json")
	if code, _, errs := exRun(t, db, "classes", "export", "-o", defs); code != 0 {
		t.Fatal(errs)
	}
	var got domain.ClassDefinitions
	b, _ := os.ReadFile(defs)
	if err := json.Unmarshal(b, &got); err != nil || len(got.Classes) != 1 || got.Classes[0].Key != "kiosks" {
		t.Fatalf("definitions file %s: %v", b, err)
	}
	db2 := filepath.Join(dir, "b.db")
	if code, out, errs := exRun(t, db2, "classes", "import", defs); code != 0 || !strings.Contains(out, "1") {
		t.Fatalf("classes import: %s %s", out, errs)
	}
	if code, out, _ := exRun(t, db2, "classes", "show", "kiosks"); code != 0 || !strings.Contains(out, "opened") {
		t.Errorf("show in the other database: %s", out)
	}
	// A class that holds assets stays; a field with values goes only with --force.
	if code, _, errs := exRun(t, db, "classes", "remove", "kiosks"); code != 1 || !strings.Contains(errs, "2") {
		t.Errorf("remove a class with assets: %d %s", code, errs)
	}
	if code, _, errs := exRun(t, db, "classes", "remove-field", "kiosks", "stalls"); code != 1 || !strings.Contains(errs, "--force") {
		t.Errorf("remove a field with values: %d %s", code, errs)
	}
	if code, _, errs := exRun(t, db, "classes", "remove-field", "kiosks", "stalls", "--force"); code != 0 {
		t.Errorf("remove --force: %s", errs)
	}
	if code, _, errs := exRun(t, db, "classes", "add", "--key", "Bad Key", "--name", "x", "--geometry", "blob"); code != 1 || errs == "" {
		t.Errorf("a bad declaration: %d %s", code, errs)
	}
}

// Issue 10 item 1: importing code, unit, use category, body type and note for CL-002
// keeps its plate, official flag, purchase date and value: the 2020 三公 figure stays
// 34.23万元. An empty cell clears; the dry run lists the change.
func TestPartialReimportKeepsTheOfficialCarFigure(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	if code, _, errs := exRun(t, db, "demo"); code != 0 {
		t.Fatal(errs)
	}
	const figure = "公务用车购置及运行维护费支出34.23万元"
	if _, report, _ := exRun(t, db, "--lang", "zh", "report", "--year", "2020"); !strings.Contains(report, figure) {
		t.Fatalf("the demo's figure is not %s", figure)
	}
	csv := filepath.Join(dir, "cars.csv")
	os.WriteFile(csv, []byte("code,unit,use_category,body_type,note\nCL-002,局机关,其他用车,皮卡车,换了轮胎\n"), 0o644)
	code, out, errs := exRun(t, db, "import", "vehicles", csv)
	if code != 0 || !strings.Contains(out, "updated 1") || !strings.Contains(out, "1 row changed, 0 of them") {
		t.Fatalf("partial import: %d %s %s", code, out, errs)
	}
	if _, report, _ := exRun(t, db, "--lang", "zh", "report", "--year", "2020"); !strings.Contains(report, figure) {
		t.Errorf("the partial import moved the 三公 figure:\n%s", report)
	}
	os.WriteFile(csv, []byte("code,original_value\nCL-002,\n"), 0o644)
	code, out, _ = exRun(t, db, "--lang", "zh", "import", "车辆", csv, "--dry-run")
	if code != 0 || !strings.Contains(out, "第2行 CL-002：原值 147,600.00 → 0.00") || !strings.Contains(out, "其中1行涉及报告数据") {
		t.Errorf("dry run: %d %s", code, out)
	}
	os.WriteFile(csv, []byte("code,year,goal\n2020-003,2020,保障亮灯率\n"), 0o644)
	if code, out, errs := exRun(t, db, "import", "projects", csv); code != 0 || !strings.Contains(out, "updated 1") {
		t.Fatalf("partial project import: %s %s", out, errs)
	}
	if _, report, _ := exRun(t, db, "--lang", "zh", "report", "--year", "2020"); !strings.Contains(report, "路灯电费及维修") || !strings.Contains(report, "保障亮灯率") {
		t.Errorf("the project lost its other fields or kept the old goal")
	}
}

func TestComponentIDsCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	if code, _, errs := exRun(t, db, "demo"); code != 0 {
		t.Fatal(errs)
	}
	if code, _, errs := exRun(t, db, "component-ids", "--generate"); code != 1 || !strings.Contains(errs, "district") {
		t.Errorf("without a district code: %d %s", code, errs)
	}
	code, out, errs := exRun(t, db, "component-ids", "--district", "510403", "--generate", "--class", "路灯", "--dry-run")
	if code != 0 || !strings.Contains(out, "would generate 950") {
		t.Fatalf("dry run: %d %s %s", code, out, errs)
	}
	code, out, errs = exRun(t, db, "component-ids", "--generate")
	if code != 0 || !strings.Contains(out, "5104030118000001") {
		t.Fatalf("generate: %d %s %s", code, out, errs)
	}
	if code, out, _ := exRun(t, db, "component-ids"); code != 0 || !strings.Contains(out, "510403") {
		t.Errorf("district shown: %s", out)
	}
}
