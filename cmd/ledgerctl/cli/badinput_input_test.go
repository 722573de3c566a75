package cli

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// badInputCase is one folder of domain/testdata/badinput: the command to run
// against a fresh database and what it must say in each language.
type badInputCase struct {
	Setup string   `json:"setup"` // "empty" or "demo"
	Args  []string `json:"args"`
	Exit  int      `json:"exit"`
	ZH    []string `json:"zh"`
	EN    []string `json:"en"`
}

// rawText is what a person must never read: Go's and the drivers' own words,
// or a catalogue key that did not render.
var rawText = regexp.MustCompile(`(?i)runtime error|panic|goroutine|strconv\.|\bjson: |invalid character|unexpected EOF|\bEOF\b|zip: |` +
	`sql: |sqlite|constraint failed|no such file|%!|<nil>|cannot unmarshal|excelize|\b(exchange|rule|err|cli|field)\.[a-z_]+\b`)

// TestBadInputCorpusInputCases runs the parser and reader cases of the bad-input
// corpus (folders input-*: issue 10, cases 7–16) through ledgerctl in both
// languages: the exit code, the expected words, and no raw Go or driver text.
// domain/exchange/input_safety_test.go checks the same cases at the package's
// level, and its fuzz targets take these files as seeds. The prefixes:
//   - input-amount-*, input-number-*: commas only between thousands, full-width
//     digits, the 10¹² 元 limit, settings --set (cases 7, 8);
//   - input-geojson-point-*, -number-overflow, -null-coordinate, input-lon-500-*,
//     input-ring-*, input-line-*, input-wkt-*, input-shapefile-x500-y95: geometry
//     validated in WGS84 (case 9);
//   - input-nul-*, input-control-*, input-tab-*, the encodings (utf8, utf16,
//     gb18030, neither), input-*-named-*, input-xls-ole, input-xlsx-truncated,
//     the GeoJSON syntax cases, input-csv-unclosed-quote, input-shapefile-no-dbf
//     and -bad-byte: text, encodings, what a file really is (case 10);
//   - input-date-*, input-*-year-*: 1900–2100, no trailing text (case 11);
//   - input-too-many-columns, input-unused-columns-capped: limits (case 14; the
//     4 MB line and 2 MB cell are generated in input_safety_test.go, not stored).
//
// The binary files: the XLSX in input-xlsx-named-csv and the half of one in
// input-xlsx-truncated are "ledgerctl template lamps"; the shapefiles are point
// records written byte by byte after the ESRI Shapefile Technical Description.
func TestBadInputCorpusInputCases(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("..", "..", "..", "domain", "testdata", "badinput", "input-*", "case.json"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no input cases found: %v", err)
	}
	demoDB := filepath.Join(t.TempDir(), "demo.db")
	if code := Main([]string{"--db", demoDB, "demo"}, nil, io.Discard, io.Discard); code != 0 {
		t.Fatal("demo failed")
	}
	demoBytes, err := os.ReadFile(demoDB)
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range dirs {
		dir, _ := filepath.Abs(filepath.Dir(file))
		t.Run(filepath.Base(dir), func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(dir, "case.json"))
			if err != nil {
				t.Fatal(err)
			}
			var c badInputCase
			if err := json.Unmarshal(raw, &c); err != nil {
				t.Fatal(err)
			}
			for lang, want := range map[string][]string{"zh": c.ZH, "en": c.EN} {
				tmp := t.TempDir()
				db := filepath.Join(tmp, "t.db")
				if c.Setup == "demo" {
					if err := os.WriteFile(db, demoBytes, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				args := []string{"--db", db, "--lang", lang}
				for _, a := range c.Args {
					a = strings.NewReplacer("{dir}", dir, "{db}", db, "{tmp}", tmp).Replace(a)
					args = append(args, a)
				}
				var out, errOut bytes.Buffer
				code := Main(args, strings.NewReader(""), &out, &errOut)
				all := out.String() + errOut.String()
				if code != c.Exit {
					t.Errorf("%s: exit %d, want %d:\n%s", lang, code, c.Exit, all)
				}
				for _, w := range want {
					if !strings.Contains(all, w) {
						t.Errorf("%s: output lacks %q:\n%s", lang, w, all)
					}
				}
				if m := rawText.FindString(all); m != "" {
					t.Errorf("%s: raw text %q reaches the person:\n%s", lang, m, all)
				}
			}
		})
	}
}
