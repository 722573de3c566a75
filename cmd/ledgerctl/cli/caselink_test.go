package cli

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// cases link lists the demo's proposals with their distances, links one ambiguous
// case by the person's choice, then confirms the rest in bulk; a second run proposes
// only what is left to choose.
func TestCasesLink(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	run := func(args ...string) (int, string) {
		var out, errOut bytes.Buffer
		code := Main(append([]string{"--db", db, "--lang", "zh"}, args...), nil, &out, &errOut)
		return code, out.String() + errOut.String()
	}
	if code, out := run("demo"); code != 0 {
		t.Fatal(out)
	}
	code, out := run("cases", "link", "--year", "2020")
	summary := regexp.MustCompile(`提议关联(\d+)件案件，其中(\d+)件`).FindStringSubmatch(out)
	if code != 0 || summary == nil || summary[1] == "0" || summary[2] == "0" {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	// An ambiguous case: its row lists the equally near assets.
	var caseNo, pick string
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) >= 9 && strings.Contains(line, "、") {
			second := strings.Split(line, "、")[1] // "LD-0669 17.7"
			caseNo, pick = f[0], strings.Fields(second)[0]
			break
		}
	}
	if caseNo == "" {
		t.Fatalf("no ambiguous proposal listed:\n%s", out)
	}
	if code, out := run("cases", "link", "--year", "2020", "--case", caseNo, "--asset", "XX-NONE", "--confirm"); code != 1 || !strings.Contains(out, "不在") {
		t.Fatalf("a code that is no candidate: exit %d %s", code, out)
	}
	if code, out := run("cases", "link", "--year", "2020", "--case", caseNo, "--asset", pick, "--confirm"); code != 0 || !strings.Contains(out, "已关联1件案件") {
		t.Fatalf("one by one: exit %d %s", code, out)
	}
	if code, out := run("cases", "link", "--year", "2020", "--confirm"); code != 0 || !strings.Contains(out, "已关联") {
		t.Fatalf("bulk: exit %d %s", code, out)
	}
	code, out = run("cases", "link", "--year", "2020")
	left := regexp.MustCompile(`提议关联(\d+)件案件，其中(\d+)件`).FindStringSubmatch(out)
	if code != 0 || left == nil || left[1] != left[2] {
		t.Fatalf("after confirming, only the ambiguous should be left:\n%s", out)
	}
	if code, _ := run("cases", "unlink"); code != 2 {
		t.Fatalf("unknown subcommand: exit %d", code)
	}
}
