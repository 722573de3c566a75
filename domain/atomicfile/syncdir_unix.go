//go:build unix

package atomicfile

import "os"

// SyncDir flushes the folder entry of a renamed file, so that the rename itself
// survives a power cut. A folder that cannot be synced (some network file systems)
// leaves the file written; there is nothing more to do about it.
func SyncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	_ = d.Close()
}
