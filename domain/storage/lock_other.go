//go:build !unix

package storage

import (
	"os"
	"strings"
)

// lockWriter on Windows opens the lock file without sharing: a second CityLedger
// cannot open it and so opens the database read-only.
func lockWriter(path string) (release func(), ok bool, err error) {
	f, err := os.OpenFile(path+".lock", os.O_CREATE|os.O_RDWR|os.O_EXCL, 0o644)
	if err != nil {
		if os.IsExist(err) {
			// A stale lock file from a crash would block forever: try to remove it;
			// Windows refuses while another process holds it open.
			if os.Remove(path+".lock") == nil {
				return lockWriter(path)
			}
			return nil, false, nil
		}
		return nil, false, err
	}
	return func() { f.Close(); os.Remove(path + ".lock") }, true, nil
}

func onNetworkShare(dir string) string {
	if strings.HasPrefix(dir, `\\`) || strings.HasPrefix(dir, "//") {
		return "SMB"
	}
	return ""
}
