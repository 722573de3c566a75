package importwizard

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"cityledger/domain/exchange"
	"cityledger/domain/i18n"
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
	for _, k := range stepKeys {
		keys[k] = true
	}
	for _, k := range countKeys {
		keys["gui.wizard.count."+k] = true
	}
	for _, f := range []string{exchange.FormatCSV, exchange.FormatXLSX, exchange.FormatGeoJSON} {
		keys["gui.format."+f] = true
	}
	for _, k := range exchange.Kinds {
		if c := k.Class(); c != "" {
			keys["class."+string(c)] = true
		} else {
			keys["entity."+string(k)] = true
		}
	}
	if len(keys) < 40 {
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
