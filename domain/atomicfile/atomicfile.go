// Package atomicfile is the one way CityLedger writes a file a person asked for
// (reports, exports, templates, backups, error workbooks): all or nothing. The
// content goes to a temporary file beside the target, is flushed to the disk and then
// renamed over the target, so a failed, cancelled or killed write leaves the old file
// (or none) and never half a file. New files get mode 0644, as any document.
package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"

	"cityledger/domain"
)

// Mode is the permission of every file written: readable by all, like a document
// saved by any other program.
const Mode os.FileMode = 0o644

// Write creates or replaces path with what write produces. An error write returns
// that is a domain error comes back as it is; failures of the file system come back
// as domain.FileError (disk full, permission, missing folder…).
//
// A path that names something other than a regular file (a device such as /dev/null,
// a named pipe) is written directly, as a shell redirection would: it cannot be
// replaced, and renaming over it would destroy it.
func Write(path string, write func(f *os.File) error) error {
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		if st.IsDir() {
			return domain.FileError(path, &os.PathError{Op: "open", Path: path, Err: errIsFolder})
		}
		return writeDirect(path, write)
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return domain.FileError(path, err)
	}
	tmp := f.Name()
	err = write(f)
	if err == nil {
		err = f.Chmod(Mode)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp) // the failure is what the person must hear about
		return domain.FileError(path, err)
	}
	SyncDir(dir)
	return nil
}

var errIsFolder = errors.New("is a folder")

func writeDirect(path string, write func(f *os.File) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		return domain.FileError(path, err)
	}
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return domain.FileError(path, err)
}

// Copy writes the file at from to path through Write.
func Copy(from, path string) error {
	in, err := os.Open(from)
	if err != nil {
		return domain.FileError(from, err)
	}
	defer in.Close()
	return Write(path, func(f *os.File) error {
		_, err := io.Copy(f, in)
		return err
	})
}
