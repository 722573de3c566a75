package gui

import (
	"context"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// Progress reports how far a task has come; total 0 means "unknown". Safe from any goroutine.
type Progress func(done, total int)

// Task runs a long operation (demo load, bulk edit, backup, open database) off the UI
// goroutine under a modal dialog with a progress bar and a cancel button. then runs on
// the UI goroutine after success; a failure goes to ShowError. The dialog appears only
// when the work takes longer than a blink, so quick tasks do not flash.
func (e *Env) Task(title string, fn func(ctx context.Context, progress Progress) error, then func()) {
	ctx, cancel := context.WithCancel(context.Background())
	bar := widget.NewProgressBarInfinite()
	determinate := widget.NewProgressBar()
	determinate.Hide()
	status := widget.NewLabel(e.T("gui.task.working"))
	// Only the person's cancel makes a failure "cancelled": a task that failed on its
	// own (a wrong password, a lost connection) says why.
	var userCancelled atomic.Bool
	cancelBtn := widget.NewButton(e.T("gui.cancel"), func() {
		userCancelled.Store(true)
		cancel()
	})
	box := container.NewVBox(status, bar, determinate, container.NewCenter(cancelBtn))
	d := dialog.NewCustomWithoutButtons(title, box, e.Window)
	d.Resize(fyne.NewSize(420, 160))

	var finished atomic.Bool
	var lastShown atomic.Int64
	progress := func(done, total int) {
		// Throttled: a million-row load reports far more often than anyone can read.
		now := time.Now().UnixMilli()
		if last := lastShown.Load(); now-last < 100 && done != total {
			return
		}
		lastShown.Store(now)
		e.Do(func() {
			if total > 0 {
				bar.Hide()
				determinate.Show()
				determinate.SetValue(float64(done) / float64(total))
				status.SetText(e.T("gui.task.progress", map[string]any{"Done": done, "Total": total}))
			} else {
				status.SetText(e.T("gui.task.progress_open", map[string]any{"Done": done}))
			}
		})
	}
	e.addBusy(1)
	time.AfterFunc(150*time.Millisecond, func() {
		e.Do(func() {
			if !finished.Load() {
				d.Show()
			}
		})
	})
	e.taskCancel.Store(&cancelFunc{fn: func() { userCancelled.Store(true); cancel() }})
	go func() {
		err := fn(ctx, progress)
		e.Do(func() {
			defer e.addBusy(-1)
			finished.Store(true)
			d.Hide()
			cancel()
			if err != nil {
				if userCancelled.Load() {
					e.ShowMessage(title, e.T("gui.task.cancelled"))
				} else {
					LogIfInternal(err)
					e.ShowErrorNow(err)
				}
				return
			}
			if then != nil {
				then()
			}
		})
	}()
}

// cancelFunc is the cancel button's action of the task running last.
type cancelFunc struct{ fn func() }

// CancelTask does what the task dialog's cancel button does, for the task started
// last (tests press it without finding the dialog).
func (e *Env) CancelTask() {
	if c := e.taskCancel.Load(); c != nil {
		c.fn()
	}
}
