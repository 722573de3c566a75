// Package testdata locates the shared real-world test data sets.
//
// The data is large and not part of the repository, so tests find it through
// the CITYLEDGER_TESTDATA environment variable. Note that the go tool leaves
// directories named testdata out of ./... patterns: vet this package by its
// import path.
package testdata

import (
	"os"
	"path/filepath"
	"testing"
)

// Env names the environment variable that holds the test data directory.
const Env = "CITYLEDGER_TESTDATA"

// Path returns the absolute path of rel (slash-separated) inside the test data
// directory. It skips the test when the variable is unset, so that a plain
// clone still passes, and fails it when the variable is set but the file is
// missing, so that a broken data checkout cannot pass silently.
func Path(t testing.TB, rel string) string {
	t.Helper()
	dir := os.Getenv(Env)
	if dir == "" {
		t.Skipf("%s is not set: skipping the test on shared data %s", Env, rel)
	}
	p, err := filepath.Abs(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatalf("test data %s: %v", rel, err)
	}
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("test data %s missing (%s=%s): %v", rel, Env, dir, err)
	}
	return p
}
