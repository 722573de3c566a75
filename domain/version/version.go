// Package version says which build of CityLedger is running. make dist sets Number (from
// FyneApp.toml) and Commit at link time:
//
//	-ldflags "-X cityledger/domain/version.Number=0.1.0 -X cityledger/domain/version.Commit=1a2b3c4d5e6f"
//
// A plain `go build` leaves them empty; String then says it is a development build and
// takes the commit from the VCS stamp Go records in the binary, when there is one.
package version

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// Set by the linker (make dist); empty in a plain go build.
var (
	Number string
	Commit string
)

// String is the one line `--version` prints, e.g.
// "ledgerctl 0.1.0 (commit 1a2b3c4d5e6f, go1.26.8 windows/amd64)".
func String(program string) string {
	return format(program, Number, Commit, buildVCS)
}

// buildVCS reads the commit Go stamps into binaries built inside a git work tree.
func buildVCS() (revision string, modified bool) {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "", false
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	return revision, modified
}

func format(program, number, commit string, vcs func() (string, bool)) string {
	if number == "" {
		number = "development build"
	}
	if commit == "" {
		rev, modified := vcs()
		switch {
		case rev == "":
			commit = "unknown"
		default:
			if len(rev) > 12 {
				rev = rev[:12]
			}
			commit = rev
			if modified {
				commit += "+changes"
			}
		}
	}
	return fmt.Sprintf("%s %s (commit %s, %s %s/%s)", program, number, commit, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
