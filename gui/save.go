package gui

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/storage/repository"

	"cityledger/domain"
	"cityledger/domain/atomicfile"
)

// SaveFile asks with the save dialog where to save a file and tells then the path, on
// the UI goroutine. name is the name offered, without its extension; exts are the
// extensions the file may have, the first being the one it gets (and name is offered
// with) when the name chosen ends with none of them: Fyne's dialog adds none
// (fyne#4692), and the empty file it created under the name as typed is removed. A
// failure of the dialog itself is shown as an internal error of op.
func SaveFile(env *Env, op, name string, exts []string, then func(path string)) {
	useTypedAbsolutePaths()
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			// The dialog creates the file: a folder not writable or a full disk is
			// said as such, naming the file.
			var pe *fs.PathError
			if errors.As(err, &pe) {
				env.ShowErrorNow(domain.FileError(pe.Path, err))
			} else {
				env.ShowErrorNow(domain.Internal(op, err))
			}
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

// WriteAtomically writes path all or nothing through the one atomic writer
// (atomicfile): a cancelled or failed write leaves no half-written file, a new file
// gets mode 0644. An error of write that is a domain error comes back as it is; a
// failure of the machine (disk full, permission, missing folder) as the catalogue's
// message naming the path.
func WriteAtomically(path string, write func(f *os.File) error) error {
	return atomicfile.Write(path, write)
}

// fileRepository is everything Fyne's own file repository does.
type fileRepository interface {
	repository.Repository
	repository.WritableRepository
	repository.AppendableRepository
	repository.HierarchicalRepository
	repository.ListableRepository
	repository.CopyableRepository
	repository.MovableRepository
}

// typedPathRepository is Fyne's file repository, except that a child named by an
// absolute path is that path: the save dialog builds its file from the folder shown
// and the name typed (storage.Child), so a typed "/home/li/报告.docx" or
// "D:\报表\报告.docx" would otherwise become a path inside the folder shown.
type typedPathRepository struct{ fileRepository }

// Child implements repository.HierarchicalRepository.
func (r typedPathRepository) Child(u fyne.URI, component string) (fyne.URI, error) {
	if filepath.IsAbs(component) {
		return storage.NewFileURI(component), nil
	}
	return r.fileRepository.Child(u, component)
}

// useTypedAbsolutePaths installs typedPathRepository over the driver's file
// repository (once; the driver registers its own when the app starts).
func useTypedAbsolutePaths() {
	current, err := repository.ForScheme("file")
	if err != nil {
		return // no file repository: the dialog cannot save anyway
	}
	if _, done := current.(typedPathRepository); done {
		return
	}
	if fr, ok := current.(fileRepository); ok {
		repository.Register("file", typedPathRepository{fr})
	}
}
