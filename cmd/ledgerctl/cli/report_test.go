package cli

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"
)

func zhRun(t *testing.T, db string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(append([]string{"--db", db, "--lang", "zh"}, args...), strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestReportAndCheckOnTheDemo(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	if code, _, errs := zhRun(t, db, "demo"); code != 0 {
		t.Fatalf("demo: %s", errs)
	}
	// The demo's one finding: the seed's 成本指标 target of 40万元 against the 39.51万元 budget.
	if code, out, errs := zhRun(t, db, "check", "--year", "2020"); code != 0 || strings.Count(out, "\n") != 1 || !strings.HasPrefix(out, "警告：") {
		t.Errorf("check: %d %q %s", code, out, errs)
	}
	if code, out, errs := zhRun(t, db, "check", "--year", "2019"); code != 0 || strings.TrimSpace(out) != "未发现问题。" {
		t.Errorf("check 2019: %d %q %s", code, out, errs)
	}
	// --json: exactly one JSON document on standard output, the findings' four fields.
	code, out, errs := zhRun(t, db, "check", "--year", "2020", "--json", "--lang", "en")
	var doc struct {
		Year     int                 `json:"year"`
		Findings []map[string]string `json:"findings"`
	}
	dec := json.NewDecoder(strings.NewReader(out))
	if err := dec.Decode(&doc); err != nil || code != 0 || dec.More() {
		t.Fatalf("check --json: %d %v %q %s", code, err, out, errs)
	}
	if doc.Year != 2020 || len(doc.Findings) != 1 {
		t.Fatalf("check --json: %+v", doc)
	}
	f := doc.Findings[0]
	if len(f) != 4 || f["severity"] != "warning" || f["code"] != "cost_target_mismatch" || f["subject"] != "2020-002" ||
		!strings.Contains(f["message"], "differs from the project's budget") {
		t.Errorf("finding: %v", f)
	}
	code, out, errs = zhRun(t, db, "report", "--year", "2020")
	if code != 0 || !strings.Contains(out, "公务用车运行维护费支出4.71万元。") || strings.Contains(out, "勾稽关系检查") {
		t.Errorf("report md: %d %s", code, errs)
	}
	if code, out, _ := zhRun(t, db, "report", "--year=2020", "--format", "json"); code != 0 || !strings.HasPrefix(out, "{") {
		t.Errorf("report json: %d", code)
	}
	if code, _, errs := zhRun(t, db, "report", "--year", "2020", "--format", "xlsx"); code != 2 || !strings.Contains(errs, "-o") {
		t.Errorf("xlsx to a terminal: %d %s", code, errs)
	}
	if code, _, _ := zhRun(t, db, "report", "--format", "pdf"); code != 2 {
		t.Errorf("unknown format: %d", code)
	}
	for _, f := range []string{"html", "xlsx", "docx"} {
		path := filepath.Join(dir, "r."+f)
		if code, _, errs := zhRun(t, db, "report", "-o", path, "--year", "2020", "--format", f); code != 0 {
			t.Errorf("%s: %d %s", f, code, errs)
		}
		if st, err := os.Stat(path); err != nil || st.Size() < 5000 {
			t.Errorf("%s: %v", f, err)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".ledgerctl-*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}

	// A vehicle in no use category is an error: check exits 1 and says why.
	raw, err := sql.Open("sqlite3", db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE assets SET kind = '' WHERE id = (SELECT MIN(id) FROM assets WHERE class = 'vehicles' AND status <> '已处置')`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	if code, out, _ := zhRun(t, db, "check", "--year", "2020"); code != 1 || !strings.Contains(out, "错误：车辆共32辆，各使用类别合计31辆") {
		t.Errorf("broken register: %d %s", code, out)
	}
	if code, out, _ := zhRun(t, db, "check", "--year", "2020", "--json"); code != 1 || !strings.Contains(out, `"severity": "error"`) || !strings.Contains(out, `"code": "vehicle_no_category"`) {
		t.Errorf("broken register, JSON: %d %s", code, out)
	}
	// --checks prints them as the report's appendix.
	if code, out, _ := zhRun(t, db, "report", "--year", "2020", "--checks"); code != 0 || !strings.Contains(out, "## 附：勾稽关系检查") || !strings.Contains(out, "- 错误：车辆共32辆") {
		t.Errorf("report --checks: %d", code)
	}
}

func TestSettingsCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	code, out, errs := zhRun(t, db, "settings", "--year", "2023")
	if code != 0 || !strings.Contains(out, "公务用车购置预算：（未设置）") {
		t.Fatalf("empty: %d %s %s", code, out, errs)
	}
	code, out, errs = zhRun(t, db, "settings", "--year", "2023",
		"--set", "official_purchase_budget=¥295,200.00", "--set", "official_running_budget=47100",
		"--set", "note_official_running=主要用于执法等")
	if code != 0 || !strings.Contains(out, "公务用车购置预算：295200.00元") || !strings.Contains(out, "运行维护费用途：主要用于执法等") {
		t.Fatalf("set: %d %s %s", code, out, errs)
	}
	// Clearing one value keeps the others.
	if code, out, _ = zhRun(t, db, "settings", "--year", "2023", "--set", "official_running_budget="); code != 0 ||
		!strings.Contains(out, "公务用车运行维护预算：（未设置）") || !strings.Contains(out, "295200.00元") {
		t.Errorf("clear: %d %s", code, out)
	}
	if code, _, errs = zhRun(t, db, "settings", "--year", "2023", "--set", "official_purchase_budget=1.234"); code != 1 || !strings.Contains(errs, "两位小数") {
		t.Errorf("three decimals: %d %s", code, errs)
	}
	if code, _, errs = zhRun(t, db, "settings", "--year", "2023", "--set", "budget=1"); code != 2 || !strings.Contains(errs, "official_purchase_budget") {
		t.Errorf("unknown key: %d %s", code, errs)
	}
	if code, _, _ = zhRun(t, db, "settings", "--year", "2023", "--set", "novalue"); code != 2 {
		t.Errorf("no =: %d", code)
	}
	// One of the two 公务用车 budgets: no rate against half a budget.
	if code, out, _ = zhRun(t, db, "report", "--year", "2023"); code != 0 || !strings.Contains(out, "\n公务用车购置及运行维护费支出0万元。") {
		t.Errorf("report with one budget: %d %s", code, out)
	}
	// 0 is a value: the 三公 items of a bureau without trips abroad or receptions.
	code, out, errs = zhRun(t, db, "settings", "--year", "2023", "--set", "official_running_budget=0",
		"--set", "abroad_amount=0", "--set", "abroad_budget=0", "--set", "abroad_groups=0", "--set", "abroad_persons=0",
		"--set", "reception_domestic_amount=0", "--set", "reception_foreign_amount=0", "--set", "reception_budget=0",
		"--set", "heading_three_public=七、")
	if code != 0 || !strings.Contains(out, "abroad_amount") || !strings.Contains(out, "因公出国（境）费支出：0.00元") ||
		!strings.Contains(out, "外事接待批次：（未设置）") || !strings.Contains(out, "“三公”经费部分标题编号：七、") {
		t.Fatalf("三公 settings: %d %s %s", code, out, errs)
	}
	if code, out, _ = zhRun(t, db, "report", "--year", "2023"); code != 0 || !strings.Contains(out, "## 七、“三公”经费财政拨款支出决算情况说明") ||
		!strings.Contains(out, "2.公务用车购置及运行维护费支出0万元，完成预算0%。") || !strings.Contains(out, "1.因公出国（境）经费支出0万元，完成预算100%。全年安排因公出国（境）团组0次，出国（境）0人。") {
		t.Errorf("report with settings: %d %s", code, out)
	}
	if code, _, errs = zhRun(t, db, "settings", "--year", "2023", "--set", "abroad_groups=1.5"); code != 1 || !strings.Contains(errs, "出国团组数") {
		t.Errorf("a count of 1.5: %d %s", code, errs)
	}
	if code, _, errs = zhRun(t, db, "settings", "--year", "2023", "--set", "abroad_persons=-1"); code != 1 || !strings.Contains(errs, "负") {
		t.Errorf("a negative count: %d %s", code, errs)
	}
}
