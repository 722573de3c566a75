package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// --version answers before Fyne starts: no display, no database, one line on stdout.
func TestVersionWithoutDisplay(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the build of the app")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "cityledger")
	ldflags := "-X cityledger/domain/version.Number=9.8.7 -X cityledger/domain/version.Commit=abcdef123456"
	if out, err := exec.Command("go", "build", "-ldflags", ldflags, "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "--version")
	cmd.Env = append(os.Environ(), "DISPLAY=", "WAYLAND_DISPLAY=", "XDG_DATA_HOME="+filepath.Join(dir, "data"))
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("cityledger --version: %v\n%s", err, stderr.String())
	}
	if got := stdout.String(); !strings.HasPrefix(got, "cityledger 9.8.7 (commit abcdef123456, go") || strings.Count(got, "\n") != 1 {
		t.Errorf("stdout %q, stderr %q", got, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "data")); !os.IsNotExist(err) {
		t.Errorf("--version touched the data folder: %v", err)
	}
}
