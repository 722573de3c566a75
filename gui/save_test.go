package gui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"cityledger/domain"
	"cityledger/domain/i18n"
)

func TestSaveTargetAddsTheExtension(t *testing.T) {
	cases := []struct {
		in   string
		exts []string
		want string
	}{
		{"/d/报告", []string{".md"}, "/d/报告.md"},
		{"/d/report.MD", []string{".md"}, "/d/report.MD"},
		{"/d/report.2020", []string{".xlsx"}, "/d/report.2020.xlsx"},
		{"/d/report.docx", []string{".docx"}, "/d/report.docx"},
		{"/d/城市台账", []string{".db", ".sqlite", ".sqlite3"}, "/d/城市台账.db"},
		{"/d/ledger.sqlite3", []string{".db", ".sqlite", ".sqlite3"}, "/d/ledger.sqlite3"},
		{"/d/sel.csv", []string{".geojson", ".csv"}, "/d/sel.csv"},
	}
	for _, c := range cases {
		if got := withExtension(c.in, c.exts); got != c.want {
			t.Errorf("withExtension(%q, %q) = %q, want %q", c.in, c.exts, got, c.want)
		}
	}
}

func TestWriteAtomicallyLeavesNothingHalfWritten(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	if err := WriteAtomically(path, func(f *os.File) error { _, err := f.WriteString("one"); return err }); err != nil {
		t.Fatal(err)
	}
	refused := domain.Invalid(domain.FieldError{Field: "cost", Rule: "required"})
	if err := WriteAtomically(path, func(f *os.File) error {
		_, _ = f.WriteString("half")
		return refused
	}); !errors.Is(err, refused) {
		t.Fatalf("the write's own error came back as %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "one" {
		t.Errorf("a failed write replaced the file: %q", b)
	}
	diskFull := &os.PathError{Op: "write", Path: path, Err: syscall.ENOSPC}
	err := WriteAtomically(path, func(*os.File) error { return diskFull })
	if domain.ErrorKind(err) != domain.KindEnvironment || !strings.Contains(domain.Message(i18n.ZH, err), path) {
		t.Errorf("a full disk: %v (kind %s), want the environment's message naming the path", err, domain.ErrorKind(err))
	}
	if b, _ := os.ReadFile(path); string(b) != "one" {
		t.Errorf("a failed write replaced the file: %q", b)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
