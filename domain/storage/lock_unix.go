//go:build unix

package storage

import (
	"os"
	"syscall"
)

// lockWriter takes an exclusive advisory lock on the lock file beside the database
// and writes the holder into it. ok is false when another process holds it; err is
// set when the lock file cannot be created (a read-only folder).
func lockWriter(path string, h LockHolder) (release func(), ok bool, err error) {
	f, err := os.OpenFile(lockPath(path), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, false, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if err == syscall.EWOULDBLOCK {
			return nil, false, nil
		}
		return nil, false, err
	}
	// Who holds it, for the message of a program refused: a failure here leaves the
	// lock held, only anonymous.
	if f.Truncate(0) == nil {
		_, _ = f.WriteAt(h.encode(), 0)
	}
	return func() {
		_ = f.Truncate(0) // a stale holder must not be named after we are gone
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, true, nil
}

// Filesystem magic numbers of network file systems (statfs f_type).
var networkFS = map[int64]string{
	0x6969:     "NFS",
	0x517B:     "SMB",
	0xFF534D42: "CIFS",
	0xFE534D42: "SMB2",
	0x564c:     "NCP",
	0x65735546: "FUSE",
	0x01021997: "9P",
}

// onNetworkShare names the network file system dir is on ("" when local).
func onNetworkShare(dir string) string {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return ""
	}
	name := networkFS[int64(st.Type)]
	if name == "FUSE" || name == "9P" {
		// FUSE and 9P also carry local file systems (sshfs vs. overlay tools); only
		// the unambiguous network types are refused.
		return ""
	}
	return name
}
