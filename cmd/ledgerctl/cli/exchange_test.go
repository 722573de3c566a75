package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// exRun runs ledgerctl in English against db and returns its exit code and output.
func exRun(t *testing.T, db string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(append([]string{"--db", db, "--lang", "en"}, args...), strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestDemoImportExportCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	if code, out, errs := exRun(t, db, "demo"); code != 0 || !strings.Contains(out, "Demo district loaded") {
		t.Fatalf("demo: %d %s %s", code, out, errs)
	}
	if code, _, errs := exRun(t, db, "demo"); code != 1 || !strings.Contains(errs, "already holds data") {
		t.Errorf("second demo: %d %s", code, errs)
	}
	for _, k := range []string{"units", "lamps"} {
		path := filepath.Join(dir, k+".geojson")
		if code, out, errs := exRun(t, db, "export", k, "-o", path); code != 0 || !strings.Contains(out, "Exported") {
			t.Fatalf("export %s: %d %s %s", k, code, out, errs)
		}
	}
	// Into a new database: units first, then lamps; again: all unchanged.
	db2 := filepath.Join(dir, "b.db")
	for _, k := range []string{"units", "lamps"} {
		code, out, errs := exRun(t, db2, "import", k, filepath.Join(dir, k+".geojson"))
		if code != 0 || !strings.Contains(out, "Imported: added") || !strings.Contains(out, "unchanged 0, rejected 0") {
			t.Fatalf("import %s: %d %s %s", k, code, out, errs)
		}
	}
	code, out, _ := exRun(t, db2, "import", "lamps", filepath.Join(dir, "lamps.geojson"))
	if code != 0 || !strings.Contains(out, "added 0, updated 0") {
		t.Errorf("second import: %d %s", code, out)
	}
	if code, _, errs := exRun(t, db2, "demo"); code != 1 || errs == "" {
		t.Errorf("demo into a used database: %d %s", code, errs)
	}
}

func TestImportErrorsAndExitCodes(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	units := filepath.Join(dir, "units.csv")
	os.WriteFile(units, []byte("单位名称,简称\n某局,局机关\n"), 0o644)
	if code, out, errs := exRun(t, db, "import", "units", units); code != 0 {
		t.Fatalf("units: %s %s", out, errs)
	}
	lamps := filepath.Join(dir, "lamps.csv")
	os.WriteFile(lamps, []byte("code,type,unit\nL1,通电路灯,局机关\nL2,灯笼,局机关\nL1,通电路灯,局机关\n"), 0o644)
	book := filepath.Join(dir, "errors.xlsx")
	code, out, errs := exRun(t, db, "import", "lamps", lamps, "--errors", book)
	if code != 1 || !strings.Contains(errs, `Row 3, type "灯笼": is not an allowed value`) ||
		!strings.Contains(errs, `Row 4, code "L1": the code appears more than once in the file (rows 2, 4)`) ||
		!strings.Contains(out, "nothing was written") {
		t.Errorf("bad rows: %d\n%s\n%s", code, out, errs)
	}
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows(f.GetSheetList()[0])
	if len(rows) != 4 || rows[2][len(rows[2])-1] == "" {
		t.Errorf("error workbook %q", rows)
	}
	f.Close()
	code, out, _ = exRun(t, db, "import", "lamps", lamps, "--skip-invalid")
	if code != 0 || !strings.Contains(out, "added 1, updated 0, unchanged 0, rejected 2") {
		t.Errorf("skip-invalid: %d %s", code, out)
	}
	for _, args := range [][]string{
		{"import", "lamps"},
		{"import", "rockets", lamps},
		{"import", "lamps", lamps, "--map", "nosuch=x"},
		{"import", "lamps", lamps, "--map", "code=nosuch"},
		{"import", "lamps", lamps, "--crs", "EPSG:999999"},
		{"import", "lamps", lamps, "--bogus"},
		{"export", "lamps"},
		{"export", "lamps", "-o", filepath.Join(dir, "x.csv"), "--format", "pdf"},
		{"template", "lamps"},
	} {
		if code, _, _ := exRun(t, db, args...); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
	if code, _, errs := exRun(t, db, "import", "lamps", filepath.Join(dir, "missing.csv")); code != 1 || errs == "" {
		t.Errorf("missing file: %d %s", code, errs)
	}
	noType := filepath.Join(dir, "notype.csv")
	os.WriteFile(noType, []byte("code,unit\nL9,局机关\n"), 0o644)
	if code, _, errs := exRun(t, db, "import", "lamps", noType); code != 1 || !strings.Contains(errs, "type") {
		t.Errorf("missing column: %d %s", code, errs)
	}
	if code, out, _ := exRun(t, db, "import", "lamps", noType, "--set", "type=景观灯", "--dry-run"); code != 0 || !strings.Contains(out, "Dry run") {
		t.Errorf("dry run: %d %s", code, out)
	}
	tpl := filepath.Join(dir, "t.xlsx")
	if code, _, errs := exRun(t, db, "template", "vehicles", "-o", tpl); code != 0 {
		t.Errorf("template: %s", errs)
	} else if _, err := os.Stat(tpl); err != nil {
		t.Error(err)
	}
}

// A file wrong on every row prints the first errors and how many more there are, not
// tens of thousands of lines; --errors still writes every one.
func TestImportPrintsTheFirstErrorsAndCountsTheRest(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	var b strings.Builder
	b.WriteString("code,type,unit\n")
	for i := 0; i < printedProblems+50; i++ {
		fmt.Fprintf(&b, "L%d,通电路灯,没有这个单位\n", i)
	}
	csv := filepath.Join(dir, "lamps.csv")
	os.WriteFile(csv, []byte(b.String()), 0o644)
	code, _, errs := exRun(t, db, "--lang", "en", "import", "lamps", csv)
	lines := strings.Split(strings.TrimSpace(errs), "\n")
	if code != 1 || len(lines) != printedProblems+1 || !strings.Contains(lines[len(lines)-1], "and 50 more errors; add --errors") {
		t.Fatalf("exit %d, %d lines, last %q", code, len(lines), lines[len(lines)-1])
	}
	book := filepath.Join(dir, "errors.xlsx")
	if code, _, _ := exRun(t, db, "import", "lamps", csv, "--errors", book); code != 1 {
		t.Fatalf("exit %d", code)
	}
	if st, err := os.Stat(book); err != nil || st.Size() == 0 {
		t.Errorf("no error workbook: %v", err)
	}
}
