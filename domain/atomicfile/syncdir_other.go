//go:build !unix

package atomicfile

// syncDir: Windows makes a rename durable with the file's own flush.
func SyncDir(string) {}
