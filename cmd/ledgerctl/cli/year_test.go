package cli

import (
	"bytes"

	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A closed year refuses changes, and its report is byte for byte the one stored at
// closing, in both languages, whatever changes later; reopening records the reason.
func TestCloseYearFreezesDataAndReport(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "y.db")
	run := func(args ...string) (int, string) {
		var out, errOut bytes.Buffer
		code := Main(append([]string{"--db", db}, args...), nil, &out, &errOut)
		return code, out.String() + errOut.String()
	}
	if code, out := run("demo"); code != 0 {
		t.Fatal(out)
	}
	report := func(lang string) string {
		code, out := run("--lang", lang, "report", "--year", "2020")
		if code != 0 {
			t.Fatal(out)
		}
		return out
	}
	zh, en := report("zh"), report("en")
	if code, out := run("close-year", "--year", "2020"); code != 0 {
		t.Fatal(out)
	}
	if code, out := run("settings", "--year", "2020", "--set", "note_other_vehicles=改了"); code != 1 || !strings.Contains(out, "已结账") {
		t.Fatalf("settings on a closed year: exit %d %s", code, out)
	}
	csv := filepath.Join(dir, "one.csv")
	os.WriteFile(csv, []byte("date,work_type,cost\n2020-06-01,其他,100\n"), 0o644)
	if code, out := run("--lang", "en", "import", "maintenance", csv); code != 1 || !strings.Contains(out, "closed") {
		t.Fatalf("import into a closed year: exit %d %s", code, out)
	}
	// A change the closed year does not forbid (a new asset) must not alter its report.
	lamps := filepath.Join(dir, "lamp.csv")
	os.WriteFile(lamps, []byte("code,type,unit,lon,lat\nLD-NEW,通电路灯,局机关,101.6,26.6\n"), 0o644)
	if code, out := run("import", "lamps", lamps); code != 0 {
		t.Fatal(out)
	}
	if got := report("zh"); got != zh {
		t.Error("the closed year's zh report changed")
	}
	if got := report("en"); got != en {
		t.Error("the closed year's en report changed")
	}
	if code, _ := run("reopen-year", "--year", "2020"); code != 2 {
		t.Error("reopen without a reason must be misuse")
	}
	if code, out := run("reopen-year", "--year", "2020", "--reason", "补录电费"); code != 0 {
		t.Fatal(out)
	}
	if got := report("zh"); !strings.Contains(got, "路灯951盏") {
		t.Errorf("a reopened year's report is built from the registers again")
	}
}
