package gui

import (
	"context"
	"sync"

	"cityledger/domain"
)

// A Change is one change to the ledger made in this window since it started, as the
// audit history holds it: the entries after After up to Upto. Label says what it was
// ("编辑路灯 LD-0001"), in the app's language.
type Change struct {
	Label       string
	After, Upto int64
}

// undoHistory is the changes Ctrl+Z takes back (done, the last on top) and those Ctrl+Y
// makes again (undone). A new change empties undone, as in every editor.
type undoHistory struct {
	mu     sync.Mutex
	done   []Change
	undone []Change
}

// Changing runs change (off the UI goroutine, inside a Load or Task) and remembers it
// for Ctrl+Z under label when it succeeded and the store can undo. It returns change's error.
func (e *Env) Changing(ctx context.Context, label string, change func(ctx context.Context) error) error {
	u, ok := e.Store().(domain.Undoer)
	if !ok {
		return change(ctx)
	}
	before, err := u.AuditMark(ctx)
	if err != nil {
		return change(ctx)
	}
	if err := change(ctx); err != nil {
		return err
	}
	after, err := u.AuditMark(ctx)
	if err != nil || after == before {
		return nil // nothing was written: nothing to undo
	}
	e.undo.mu.Lock()
	e.undo.done = append(e.undo.done, Change{Label: label, After: before, Upto: after})
	e.undo.undone = nil
	e.undo.mu.Unlock()
	return nil
}

// UndoLabels are the labels of the changes Ctrl+Z and Ctrl+Y would take ("" for none).
func (e *Env) UndoLabels() (undo, redo string) {
	e.undo.mu.Lock()
	defer e.undo.mu.Unlock()
	if n := len(e.undo.done); n > 0 {
		undo = e.undo.done[n-1].Label
	}
	if n := len(e.undo.undone); n > 0 {
		redo = e.undo.undone[n-1].Label
	}
	return undo, redo
}

// forgetChanges drops the history: another database was opened.
func (e *Env) forgetChanges() {
	e.undo.mu.Lock()
	e.undo.done, e.undo.undone = nil, nil
	e.undo.mu.Unlock()
}

// Undo takes back the last change made since the start (UI goroutine): in the
// background, then a message says what was undone and the screen shown reloads.
func (e *Env) Undo() { e.undoRedo(true) }

// Redo makes the last undone change again.
func (e *Env) Redo() { e.undoRedo(false) }

func (e *Env) undoRedo(undo bool) {
	u, ok := e.Store().(domain.Undoer)
	e.undo.mu.Lock()
	from := &e.undo.done
	to := &e.undo.undone
	if !undo {
		from, to = to, from
	}
	if !ok || len(*from) == 0 {
		e.undo.mu.Unlock()
		key := "gui.undo.nothing"
		if !undo {
			key = "gui.undo.nothing_redo"
		}
		e.ShowMessage(e.T("gui.keys.undo"), e.T(key))
		return
	}
	c := (*from)[len(*from)-1]
	*from = (*from)[:len(*from)-1]
	e.undo.mu.Unlock()
	e.Load(context.Background(), func(ctx context.Context) (func(), error) {
		res, err := u.UndoChanges(ctx, c.After, c.Upto)
		return func() {
			e.undo.mu.Lock()
			if err != nil {
				// Not taken back: it stays where it was.
				*from = append(*from, c)
				e.undo.mu.Unlock()
				LogIfInternal(err)
				e.ShowMessage(e.T("gui.keys.undo"), e.T("gui.undo.failed", map[string]any{"What": c.Label})+"\n"+domain.Message(e.Lang, err))
				return
			}
			*to = append(*to, Change{Label: c.Label, After: res.After, Upto: res.Upto})
			e.undo.mu.Unlock()
			key := "gui.undo.done"
			if !undo {
				key = "gui.undo.redone"
			}
			if top := e.topDialog(); top != nil && top.Refresh != nil {
				top.Refresh()
			}
			e.ShowMessage(e.T("gui.keys.undo"), e.T(key, map[string]any{"What": c.Label, "N": res.Assets}))
			e.RefreshCurrent()
		}, nil
	})
}
