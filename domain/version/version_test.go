package version

import (
	"runtime"
	"strings"
	"testing"
)

func TestString(t *testing.T) {
	goPart := runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH
	cases := []struct {
		name           string
		number, commit string
		rev            string
		modified       bool
		want           string
	}{
		{"release build", "0.1.0", "1a2b3c4d5e6f", "ffffffffffffffff", true, "ledgerctl 0.1.0 (commit 1a2b3c4d5e6f, " + goPart + ")"},
		{"plain go build in a work tree", "", "", "0123456789abcdef0123", false, "ledgerctl development build (commit 0123456789ab, " + goPart + ")"},
		{"plain go build with local changes", "", "", "0123456789abcdef0123", true, "ledgerctl development build (commit 0123456789ab+changes, " + goPart + ")"},
		{"built outside git", "", "", "", false, "ledgerctl development build (commit unknown, " + goPart + ")"},
		{"version without commit", "0.1.0", "", "abc", false, "ledgerctl 0.1.0 (commit abc, " + goPart + ")"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := format("ledgerctl", c.number, c.commit, func() (string, bool) { return c.rev, c.modified })
			if got != c.want {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}

func TestStringOfThisBinary(t *testing.T) {
	// go test builds without -X flags: the fallback, never an empty version.
	if s := String("x"); !strings.HasPrefix(s, "x development build (commit ") {
		t.Errorf("String = %q", s)
	}
}
