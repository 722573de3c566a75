package cli

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cityledger/domain/i18n"
)

var update = flag.Bool("update", false, "rewrite the help golden files (testdata/help) and docs/cli")

// helpRun runs ledgerctl in lang against db with the data folder fixed, so the help
// names the same default database on every machine.
func helpRun(t *testing.T, db, lang string, args ...string) (code int, out, errs string) {
	t.Helper()
	t.Setenv("XDG_DATA_HOME", "/home/user/.local/share")
	var o, e bytes.Buffer
	code = Main(append([]string{"--db", db, "--lang", lang}, args...), nil, &o, &e)
	return code, o.String(), e.String()
}

// helpPaths are every command and subcommand, "" for ledgerctl itself.
func helpPaths() []string {
	paths := []string{""}
	for _, name := range orderedCommands() {
		paths = append(paths, name)
		for _, sub := range subcommands[name] {
			paths = append(paths, name+" "+sub)
		}
	}
	return append(paths, "help")
}

func goldenName(path string) string {
	if path == "" {
		return "ledgerctl.txt"
	}
	return strings.ReplaceAll(path, " ", "_") + ".txt"
}

// Issue 14, "must show": `ledgerctl COMMAND -h` for every command in both languages,
// compared with golden files (go test -run TestHelpGolden -update rewrites them). The
// help of `help COMMAND`, `COMMAND -h` and `COMMAND --help` is one text, exit 0, and
// nothing opens a database.
func TestHelpGolden(t *testing.T) {
	db := filepath.Join(t.TempDir(), "never.db")
	for _, lang := range []string{"zh", "en"} {
		for _, path := range helpPaths() {
			words := strings.Fields(path)
			code, out, errs := helpRun(t, db, lang, append([]string{"help"}, words...)...)
			if code != 0 || errs != "" {
				t.Errorf("%s: help %s: exit %d, %s", lang, path, code, errs)
			}
			golden := filepath.Join("testdata", "help", lang, goldenName(path))
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
			} else if want, err := os.ReadFile(golden); err != nil {
				t.Errorf("%s: %v (go test -run TestHelpGolden -update writes it)", golden, err)
			} else if out != string(want) {
				t.Errorf("%s: help %q differs from %s (go test -run TestHelpGolden -update rewrites it):\n%s", lang, path, golden, out)
			}
			if path == "" || path == "help" {
				continue
			}
			for _, h := range []string{"-h", "--help"} {
				c, o, e := helpRun(t, db, lang, append(words, h)...)
				if c != 0 || e != "" || o != out {
					t.Errorf("%s: %s %s: exit %d, stderr %q, same as help: %v", lang, path, h, c, e, o == out)
				}
			}
		}
	}
	for _, lang := range []string{"zh", "en"} {
		_, helpOfHelp, _ := helpRun(t, db, lang, "help", "help")
		if code, out, _ := helpRun(t, db, lang, "help", "-h"); code != 0 || out != helpOfHelp {
			t.Errorf("%s: help -h is not the help of help: exit %d\n%s", lang, code, out)
		}
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("help created the database: %v", err)
	}
}

// Every command, subcommand and flag is described in both languages from the
// catalogue; none falls back to the Go source's English.
func TestEveryCommandAndFlagIsDescribedInBothLanguages(t *testing.T) {
	env := &Env{Lang: i18n.ZH}
	for _, path := range helpPaths()[1:] {
		key := "cli.cmd." + catalogueKey(path)
		for _, part := range []string{".short", ".long", ".example"} {
			for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
				if !i18n.Has(lang, key+part) {
					t.Errorf("%s: no %s%s in %s", path, key, part, lang)
				}
			}
		}
		fs := env.describe(path)
		if fs == nil {
			continue
		}
		fs.VisitAll(func(f *flag.Flag) {
			for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
				if !i18n.Has(lang, "cli.flag."+catalogueKey(path)+"."+f.Name) && !i18n.Has(lang, "cli.flag.any."+f.Name) {
					t.Errorf("%s --%s: no description in %s (cli.flag.%s.%s or cli.flag.any.%s)", path, f.Name, lang, catalogueKey(path), f.Name, f.Name)
				}
			}
		})
	}
}

// `help import KIND` lists the kind's columns: Chinese and English headers, the
// required ones marked, what each takes; a bureau's own class too, from the database.
func TestHelpListsTheColumnsOfAKind(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "ledger.db")
	for _, lang := range []string{"zh", "en"} {
		code, out, errs := helpRun(t, db, lang, "help", "import", "lamps")
		if code != 0 || errs != "" {
			t.Fatalf("%s: exit %d %s", lang, code, errs)
		}
		golden := filepath.Join("testdata", "help", lang, "import_lamps.txt")
		if *update {
			if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
				t.Fatal(err)
			}
		} else if want, err := os.ReadFile(golden); err != nil || string(want) != out {
			t.Errorf("%s: help import lamps differs from %s (%v):\n%s", lang, golden, err, out)
		}
		for _, args := range [][]string{{"import", "lamps", "-h"}, {"import", "lamps", "x.csv", "--help"}, {"help", "template", "路灯"}} {
			c, o, e := helpRun(t, db, lang, args...)
			if c != 0 || e != "" || !strings.Contains(o, "power_w") || !strings.Contains(o, "功率") {
				t.Errorf("%s: %v: exit %d %s\n%s", lang, args, c, e, o)
			}
		}
	}
	if code, _, errs := helpRun(t, db, "en", "classes", "add", "--key", "benches", "--name", "座椅", "--name-en", "Benches",
		"--geometry", "point", "--field", "seats:integer(个):座位数:Seats", "--required", "seats"); code != 0 {
		t.Fatalf("classes add: %d %s", code, errs)
	}
	for _, lang := range []string{"zh", "en"} {
		code, out, errs := helpRun(t, db, lang, "help", "import", "benches")
		if code != 0 || errs != "" {
			t.Fatalf("%s: exit %d %s", lang, code, errs)
		}
		var line string
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, "座位数") {
				line = l
			}
		}
		if !strings.Contains(line, "seats") || !strings.Contains(line, "*") || !strings.Contains(line, "个") {
			t.Errorf("%s: the declared field is not listed as required with its unit: %q\n%s", lang, line, out)
		}
	}
	code, _, errs := helpRun(t, db, "en", "help", "import", "benchs")
	if code != 2 || !strings.Contains(errs, "benchs") {
		t.Errorf("unknown kind: exit %d, %s", code, errs)
	}
}

// A mistyped command is refused (exit 2) with the closest ones suggested, an unknown
// flag is named, both in the chosen language.
func TestMistypedCommandsAndFlags(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ledger.db")
	cases := []struct {
		args   []string
		zh, en []string
	}{
		{[]string{"imprt", "lamps", "x.csv"}, []string{"未知命令“imprt”", "ledgerctl import"}, []string{`unknown command "imprt"`, "Did you mean: ledgerctl import"}},
		{[]string{"stat"}, []string{"ledgerctl stats"}, []string{"Did you mean: ledgerctl stats"}},
		{[]string{"classes", "shw", "lamps"}, []string{"ledgerctl classes show"}, []string{"Did you mean: ledgerctl classes show"}},
		{[]string{"help", "reprot"}, []string{"ledgerctl report"}, []string{"Did you mean: ledgerctl report"}},
		{[]string{"stats", "--yaer", "2020"}, []string{"-yaer", "您是不是要输入：--year"}, []string{"has no flag -yaer", "Did you mean: --year"}},
		{[]string{"import", "lamps", "x.csv", "--dry"}, []string{"--dry-run"}, []string{"Did you mean: --dry-run"}},
		{[]string{"--verbose", "stats"}, []string{"--verbose"}, []string{"has no flag --verbose"}},
		{[]string{"completion", "tcsh"}, []string{"bash|zsh|fish|powershell"}, []string{"completion needs a shell"}},
	}
	for _, c := range cases {
		for _, lang := range []string{"zh", "en"} {
			code, out, errs := helpRun(t, db, lang, c.args...)
			if code != 2 {
				t.Errorf("%s %v: exit %d, want 2\n%s%s", lang, c.args, code, out, errs)
			}
			want := c.zh
			if lang == "en" {
				want = c.en
			}
			for _, w := range want {
				if !strings.Contains(errs, w) {
					t.Errorf("%s %v: stderr lacks %q:\n%s", lang, c.args, w, errs)
				}
			}
		}
	}
	if code, out, _ := helpRun(t, db, "zh"); code != 2 || !strings.Contains(out, "ledgerctl import") && !strings.Contains(out, "import") {
		t.Errorf("no command: exit %d\n%s", code, out)
	}
}
