package domain

import "context"

// Undoer is implemented by stores that can take changes back through their audit
// history (the desktop's Ctrl+Z). A change is the audit entries written between two
// marks; taking it back is itself a change, checked by the same rules (validation, the
// closed-year guard) and audited, so taking that back again is a redo.
type Undoer interface {
	// AuditMark is the newest audit entry's ID (0 for an empty history): the entries
	// written after it are the changes since.
	AuditMark(ctx context.Context) (int64, error)
	// UndoChanges puts back every asset the entries after after and up to upto (written
	// by this store's user) changed, as they were before, in one transaction. It refuses
	// with a conflict when one of them was changed again since upto. The result names
	// the audit entries the undo wrote (its own range, for a redo) and how many assets
	// it put back.
	UndoChanges(ctx context.Context, after, upto int64) (UndoResult, error)
}

// UndoResult is what UndoChanges did: the audit range it wrote (After, Upto] and the
// number of assets it put back.
type UndoResult struct {
	After, Upto int64
	Assets      int
}
