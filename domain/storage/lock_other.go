//go:build !unix

package storage

import (
	"os"
	"strings"
)

// lockWriter on Windows creates the lock file exclusively and keeps it open: a second
// CityLedger cannot create it and so opens the database read-only. Go opens files
// with read sharing, so that second program can still read who holds it.
func lockWriter(path string, h LockHolder) (release func(), ok bool, err error) {
	f, err := os.OpenFile(lockPath(path), os.O_CREATE|os.O_RDWR|os.O_EXCL, 0o644)
	if err != nil {
		if os.IsExist(err) {
			// A stale lock file from a crash would block forever: try to remove it;
			// Windows refuses while another process holds it open.
			if os.Remove(lockPath(path)) == nil {
				return lockWriter(path, h)
			}
			return nil, false, nil
		}
		return nil, false, err
	}
	_, _ = f.Write(h.encode()) // only the refusal message of another program is poorer without it
	return func() { f.Close(); os.Remove(lockPath(path)) }, true, nil
}

func onNetworkShare(dir string) string {
	if strings.HasPrefix(dir, `\\`) || strings.HasPrefix(dir, "//") {
		return "SMB"
	}
	return ""
}
