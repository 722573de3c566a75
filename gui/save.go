package gui

import (
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"cityledger/domain"
)

// SaveFile asks with the save dialog where to save a file and tells then the path, on
// the UI goroutine. name is the name offered, without its extension; exts are the
// extensions the file may have, the first being the one it gets (and name is offered
// with) when the name chosen ends with none of them: Fyne's dialog adds none
// (fyne#4692), and the empty file it created under the name as typed is removed. A
// failure of the dialog itself is shown as an internal error of op.
func SaveFile(env *Env, op, name string, exts []string, then func(path string)) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			env.ShowErrorNow(domain.Internal(op, err))
			return
		}
		if w == nil {
			return
		}
		then(saveTarget(w, exts))
	}, env.Window)
	d.SetFileName(name + exts[0])
	d.SetFilter(storage.NewExtensionFileFilter(exts))
	d.Resize(fyne.NewSize(820, 560))
	d.Show()
}

// saveTarget turns the save dialog's answer into the path to write (see SaveFile).
func saveTarget(w fyne.URIWriteCloser, exts []string) string {
	path := w.URI().Path()
	_ = w.Close()
	target := withExtension(path, exts)
	if target != path {
		_ = os.Remove(path)
	}
	return target
}

// withExtension is path unless it ends with none of exts (in any case), else path with
// the first of them added.
func withExtension(path string, exts []string) string {
	for _, ext := range exts {
		if strings.EqualFold(filepath.Ext(path), ext) {
			return path
		}
	}
	return path + exts[0]
}

// WriteAtomically writes path through a temporary file in the same folder, renamed
// into place when write succeeded, so that a cancelled or failed write leaves no
// half-written file. An error of write that a person can act on (invalid, not found,
// conflict) comes back as it is; any other failure becomes an invalid-input error
// naming the path (a folder not writable, a disk full).
func WriteAtomically(path string, write func(f *os.File) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return writeError(path, err)
	}
	tmp := f.Name()
	err = write(f)
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
		if domain.ErrorKind(err) != domain.KindInternal {
			return err
		}
		return writeError(path, err)
	}
	return nil
}

func writeError(path string, err error) error {
	return &domain.Error{Kind: domain.KindInvalid, Code: "exchange.err.write",
		Params: map[string]any{"Path": path, "Detail": err.Error()}, Err: err}
}
