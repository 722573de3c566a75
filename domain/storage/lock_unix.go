//go:build unix

package storage

import (
	"os"
	"syscall"
)

// lockWriter takes an exclusive advisory lock beside the database file, held while
// this process may write. ok is false when another CityLedger holds it.
func lockWriter(path string) (release func(), ok bool, err error) {
	f, err := os.OpenFile(path+".lock", os.O_CREATE|os.O_RDWR, 0o644)
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
	return func() { syscall.Flock(int(f.Fd()), syscall.LOCK_UN); f.Close() }, true, nil
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
