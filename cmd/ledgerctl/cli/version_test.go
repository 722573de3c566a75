package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// --version prints one line and opens no database (it must work before anything is set up).
func TestVersionNeedsNoDatabase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "never.db")
	for _, arg := range []string{"--version", "-version", "version"} {
		code, out, errs := exRun(t, db, arg)
		if code != 0 || errs != "" || !strings.HasPrefix(out, "ledgerctl ") || !strings.Contains(out, "(commit ") || strings.Count(out, "\n") != 1 {
			t.Errorf("%s: exit %d, out %q, err %q", arg, code, out, errs)
		}
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("--version created the database: %v", err)
	}
}
