package reportscreen

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"cityledger/domain"
	"cityledger/domain/i18n"
	"cityledger/reports"
)

// TestEveryKeyIsInTheCatalogue finds the catalogue keys the package names and checks
// that both languages have them: a missing key would show as the key itself.
func TestEveryKeyIsInTheCatalogue(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	literal := regexp.MustCompile(`T\("([a-z][a-z0-9_.-]*[a-z0-9_])"`)
	keys := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range literal.FindAllStringSubmatch(string(b), -1) {
			keys[m[1]] = true
		}
	}
	for _, f := range reports.Formats {
		keys["gui.format."+f] = true
	}
	for _, k := range domain.NoteKeys {
		keys["gui.report.note_hint."+k] = true
	}
	for _, sev := range []string{reports.SeverityError, reports.SeverityWarning} {
		keys["report.severity."+sev] = true
	}
	if len(keys) < 20 {
		t.Fatalf("found only %d keys: the pattern no longer matches the code", len(keys))
	}
	for k := range keys {
		for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
			if !i18n.Has(lang, k) {
				t.Errorf("%s: missing in %s", k, lang)
			}
		}
	}
}
