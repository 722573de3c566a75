package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// The program writes the demo files as they are committed: byte for byte, so an edit
// of the facts or the generator that changes the demo district shows here, and the
// committed files are never edited by hand.
func TestGeneratesTheCommittedDemoFiles(t *testing.T) {
	dir := t.TempDir()
	if err := generate(dir); err != nil {
		t.Fatal(err)
	}
	written, _ := filepath.Glob(filepath.Join(dir, "*.csv"))
	committed, _ := filepath.Glob(filepath.Join("..", "..", "assets", "demo", "*.csv"))
	if len(written) != 11 || len(committed) != len(written) {
		t.Fatalf("wrote %d files, %d committed", len(written), len(committed))
	}
	for _, w := range written {
		got, _ := os.ReadFile(w)
		want, err := os.ReadFile(filepath.Join("..", "..", "assets", "demo", filepath.Base(w)))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from assets/demo: run go run ./cmd/gendemo -o assets/demo", filepath.Base(w))
		}
	}
}
