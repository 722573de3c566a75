package domain

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// FileError turns a failure to open, read or write the file at path into an error a
// person can act on: a missing file or folder is the person's input (KindInvalid);
// a disk that is full, a file too large for the file system, a read-only medium or
// a permission refused are the machine's (KindEnvironment). Anything else is
// internal. The operating system's own text goes only to the log.
func FileError(path string, err error) error {
	if err == nil {
		return nil
	}
	var de *Error
	if errors.As(err, &de) {
		return err
	}
	params := map[string]any{"Path": path, "Dir": filepath.Dir(path)}
	env := func(code string) error { return &Error{Kind: KindEnvironment, Code: code, Params: params, Err: err} }
	switch {
	case isDiskFull(err):
		return env("err.disk_full")
	case isFileTooLarge(err):
		return env("err.file_too_large")
	case isReadOnlyFS(err):
		return env("err.read_only_fs")
	case errors.Is(err, fs.ErrPermission):
		return env("err.permission")
	case isFolder(path, err):
		return &Error{Kind: KindInvalid, Code: "err.is_folder", Params: params, Err: err}
	case errors.Is(err, fs.ErrNotExist) || isNotFolder(err):
		if _, serr := os.Stat(filepath.Dir(path)); serr != nil {
			return &Error{Kind: KindInvalid, Code: "err.folder_missing", Params: params, Err: err}
		}
		return &Error{Kind: KindInvalid, Code: "err.file_missing", Params: params, Err: err}
	}
	return Internal("file "+path, err)
}

// isFolder reports whether path names a folder where a file was expected.
func isFolder(path string, err error) bool {
	if isDirError(err) {
		return true
	}
	st, serr := os.Stat(path)
	return serr == nil && st.IsDir()
}
