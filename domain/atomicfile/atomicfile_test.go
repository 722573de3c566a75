package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"cityledger/domain"
)

func TestWriteIsAllOrNothingWithMode0644(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "报告 #1.md")
	if err := Write(path, func(f *os.File) error { _, err := f.WriteString("first"); return err }); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", st.Mode().Perm())
	}
	failed := errors.New("rendering failed")
	if err := Write(path, func(f *os.File) error { f.WriteString("half"); return failed }); !errors.Is(err, failed) {
		t.Fatalf("the write's error came back as %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "first" {
		t.Errorf("a failed write changed the file: %q", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
}

func TestWriteSaysWhatIsWrongWithThePlace(t *testing.T) {
	dir := t.TempDir()
	cases := map[string]string{
		filepath.Join(dir, "no-such-folder", "out.csv"): "err.folder_missing",
		dir: "err.is_folder",
	}
	for path, code := range cases {
		err := Write(path, func(*os.File) error { return nil })
		if de, ok := err.(*domain.Error); !ok || de.Code != code {
			t.Errorf("%s: %v, want %s", path, err, code)
		}
	}
}
