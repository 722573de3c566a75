package gui

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// Issue 10, case 19: an absolute path typed into the save dialog's name is used as it
// is, not joined onto the folder the dialog shows.
func TestSaveDialogTakesATypedAbsolutePathAsItIs(t *testing.T) {
	ui := newTestApp(t, tempStore(t))
	target := filepath.Join(t.TempDir(), "另一个文件夹", "报告 #1.csv")
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		t.Fatal(err)
	}
	chosen := make(chan string, 1)
	ui.Drive(func() {
		SaveFile(ui.Env(), "export", "register", []string{".csv"}, func(path string) { chosen <- path })
	})
	var name *widget.Entry
	var save *widget.Button
	ui.Drive(func() {
		for _, o := range test.LaidOutObjects(ui.Window().Canvas().Overlays().Top()) {
			switch w := o.(type) {
			case *widget.Entry:
				if w.Text == "register.csv" {
					name = w
				}
			case *widget.Button:
				if w.Importance == widget.HighImportance {
					save = w
				}
			}
		}
	})
	if name == nil || save == nil {
		t.Fatal("the save dialog's name entry or save button was not found")
	}
	ui.Drive(func() { name.SetText(target) })
	ui.Drive(func() { test.Tap(save) })
	select {
	case got := <-chosen:
		if got != target {
			t.Fatalf("the dialog chose %q, want the typed %q", got, target)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("the dialog did not choose a file: %q", ui.Env().LastMessage())
	}
}
