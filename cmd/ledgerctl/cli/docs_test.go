package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// docsDir is the Markdown reference committed in the repository.
var docsDir = filepath.Join("..", "..", "..", "docs", "cli")

// docs/cli/zh and docs/cli/en are what `ledgerctl docs --format markdown` writes today
// (go test -run TestDocs -update rewrites them).
func TestDocsReferenceIsUpToDate(t *testing.T) {
	db := filepath.Join(t.TempDir(), "never.db")
	for _, lang := range []string{"zh", "en"} {
		out := t.TempDir()
		if code, _, errs := helpRun(t, db, lang, "docs", "--format", "markdown", "-o", out); code != 0 {
			t.Fatalf("%s: docs: exit %d %s", lang, code, errs)
		}
		committed := filepath.Join(docsDir, lang)
		if *update {
			if err := os.RemoveAll(committed); err != nil {
				t.Fatal(err)
			}
			if err := os.CopyFS(committed, os.DirFS(out)); err != nil {
				t.Fatal(err)
			}
			continue
		}
		made, _ := filepath.Glob(filepath.Join(out, "*.md"))
		have, _ := filepath.Glob(filepath.Join(committed, "*.md"))
		if len(made) != len(have) || len(made) < 30 {
			t.Errorf("%s: docs writes %d pages, docs/cli/%s holds %d (go test -run TestDocs -update)", lang, len(made), lang, len(have))
		}
		for _, f := range made {
			want, err := os.ReadFile(filepath.Join(committed, filepath.Base(f)))
			got, _ := os.ReadFile(f)
			if err != nil || string(want) != string(got) {
				t.Errorf("docs/cli/%s/%s is not what ledgerctl docs writes (go test -run TestDocs -update)", lang, filepath.Base(f))
			}
		}
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("docs created the database: %v", err)
	}
}

// The man pages: one a command, each a page of section 1 naming the command.
func TestDocsManPages(t *testing.T) {
	out := t.TempDir()
	db := filepath.Join(t.TempDir(), "never.db")
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	code, msg, errs := helpRun(t, db, "zh", "docs", "--format", "man", "-o", out)
	if code != 0 || errs != "" || !strings.Contains(msg, out) {
		t.Fatalf("docs --format man: exit %d %s %s", code, msg, errs)
	}
	for _, page := range []string{"ledgerctl.1", "ledgerctl-import.1", "ledgerctl-classes-show.1"} {
		b, err := os.ReadFile(filepath.Join(out, page))
		if err != nil || !strings.Contains(string(b), ".TH \"LEDGERCTL\" \"1\"") || !strings.Contains(string(b), "Nov 2023") {
			t.Errorf("%s: %v\n%.400s", page, err, b)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(out, "ledgerctl-import.1")); !strings.Contains(string(b), "dry-run") || !strings.Contains(string(b), "全部成功或全部不写") {
		t.Errorf("ledgerctl-import.1 lacks its flags or description:\n%s", b)
	}
	if code, _, _ := helpRun(t, db, "zh", "docs", "--format", "pdf", "-o", out); code != 2 {
		t.Errorf("docs --format pdf: exit %d, want 2", code)
	}
}
