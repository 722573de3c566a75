package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// corpusDir is the bad-input corpus (domain/testdata/badinput/README.md).
var corpusDir = filepath.Join("..", "..", "..", "domain", "testdata", "badinput")

// corpusCase is a case.json of the corpus.
type corpusCase struct {
	Setup string   `json:"setup"`
	Args  []string `json:"args"`
	Exit  int      `json:"exit"`
	ZH    []string `json:"zh"`
	EN    []string `json:"en"`
}

// forbiddenOutput is text of drivers, Go and the operating system that must never
// reach a person: its presence means a failure was passed on instead of said.
var forbiddenOutput = []string{
	"SQLSTATE", "constraint failed", "sql:", "strconv.", "json:", "EOF", "zip:", "runtime error",
	"goroutine", "panic", "invalid memory", "nil pointer",
	// pgx and the network
	"failed to connect", "dial tcp", "dial error", "connection refused", "pgconn", "pgx", "server error (",
	// SQLite and GORM
	"database is locked", "disk I/O error", "file is not a database", "readonly database",
	"unable to open database", "no such table", "no such column", "integer overflow", "syntax error",
	"database disk image is malformed", "datatype mismatch", "gorm", "sqlite3", "record not found",
	// Go's encoders and flag parser, the operating system
	"cannot unmarshal", "unexpected end of", "flag provided but not defined", "invalid value",
	"permission denied", "no such file or directory", "is a directory", "not a directory",
	"read-only file system", "no space left on device", "file too large",
	// a message key that found no text
	"{{", "err.", "rule.", "cli.", "exchange.",
}

// englishOperation is an English operation name written into a Chinese sentence
// ("backup时出错"); commands quoted as such ("ledgerctl restore 备份文件") are not
// (commandLine removes them first).
var (
	commandLine      = regexp.MustCompile(`ledgerctl( [a-z-]+)+`)
	englishOperation = regexp.MustCompile(`\p{Han}\s?(save|query|backup|restore|import|export|migrate|open|close|read|write|report)\b|\b(save|query|backup|restore|import|export|migrate|open|close|read|write|report)\s?\p{Han}`)
)

// Issue 10, "must show": every case of the bad-input corpus gets its message in both
// languages, its exit code, and no driver or Go runtime text.
func TestBadInputCorpus(t *testing.T) {
	entries, err := os.ReadDir(corpusDir)
	if err != nil {
		t.Fatal(err)
	}
	var demoOnce sync.Once
	demoDB := filepath.Join(t.TempDir(), "demo.db")
	makeDemo := func() {
		var errOut bytes.Buffer
		if code := Main([]string{"--db", demoDB, "demo"}, nil, &bytes.Buffer{}, &errOut); code != 0 {
			t.Fatalf("demo: %s", errOut.String())
		}
	}
	n := 0
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		n++
		name := e.Name()
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(corpusDir, name, "case.json"))
			if err != nil {
				t.Fatal(err)
			}
			var c corpusCase
			dec := json.NewDecoder(bytes.NewReader(b))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&c); err != nil {
				t.Fatalf("case.json: %v", err)
			}
			if c.Setup != "empty" && c.Setup != "demo" || len(c.Args) == 0 || len(c.ZH) == 0 || len(c.EN) == 0 {
				t.Fatalf("case.json is incomplete: %+v", c)
			}
			for _, lang := range []string{"zh", "en"} {
				dir, db, tmp := t.TempDir(), filepath.Join(t.TempDir(), "ledger.db"), t.TempDir()
				if err := os.CopyFS(dir, os.DirFS(filepath.Join(corpusDir, name))); err != nil {
					t.Fatal(err)
				}
				if c.Setup == "demo" {
					demoOnce.Do(makeDemo)
					if err := copyDatabase(demoDB, db); err != nil {
						t.Fatal(err)
					}
				}
				args := []string{"--db", db, "--lang", lang}
				for _, a := range c.Args {
					args = append(args, strings.NewReplacer("{dir}", dir, "{db}", db, "{tmp}", tmp).Replace(a))
				}
				var out bytes.Buffer
				code := Main(args, nil, &out, &out)
				text := out.String()
				if code != c.Exit {
					t.Errorf("%s: exit %d, want %d\n%s", lang, code, c.Exit, text)
				}
				want := c.ZH
				if lang == "en" {
					want = c.EN
				}
				for _, s := range want {
					if !strings.Contains(text, s) {
						t.Errorf("%s: the output lacks %q\n%s", lang, s, text)
					}
				}
				for _, s := range forbiddenOutput {
					if strings.Contains(text, s) {
						t.Errorf("%s: the output holds %q\n%s", lang, s, text)
					}
				}
				if prose := commandLine.ReplaceAllString(text, "ledgerctl"); lang == "zh" && englishOperation.MatchString(prose) {
					t.Errorf("zh: an English operation name inside Chinese text: %q\n%s", englishOperation.FindString(prose), text)
				}
			}
		})
	}
	if n < 20 {
		t.Errorf("the corpus holds %d cases; it lost some", n)
	}
}
