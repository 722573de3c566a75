package cli

import (
	"bytes"
	"database/sql"
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
	if code, out, errs := zhRun(t, db, "check", "--year", "2020"); code != 0 || strings.TrimSpace(out) != "未发现问题。" {
		t.Errorf("check: %d %q %s", code, out, errs)
	}
	code, out, errs := zhRun(t, db, "report", "--year", "2020")
	if code != 0 || !strings.Contains(out, "公务用车运行维护费支出4.71万元。") {
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
	// The report picks the settings up: the budget clause appears.
	if code, out, _ = zhRun(t, db, "report", "--year", "2023"); code != 0 || !strings.Contains(out, "公务用车购置及运行维护费支出0万元,完成预算0%。") {
		t.Errorf("report with settings: %d %s", code, out)
	}
}
