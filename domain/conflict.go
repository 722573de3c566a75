package domain

import (
	"errors"
	"strings"
	"time"

	"cityledger/domain/i18n"
)

// ReadMark is what an import's preview read (issue 16): the version of every stored
// row the batch matched. Given back to the import (Batch.Seen), it is the baseline
// against which the import finds the rows someone else changed in between. Keys are
// the assets' IDs.
type ReadMark struct {
	Assets map[int64]int64
}

// RowConflict is one row of an import (or one asset of a bulk edit) that someone else
// changed after it was read: who changed it last and when, and the fields on which
// this change and the stored row disagree.
type RowConflict struct {
	Row  int    // the file's row (0 for a bulk edit)
	Code string // the asset's code
	Who  string // who changed it last ("" when the log does not say)
	At   time.Time
	Diff FieldDiffs
}

// MaxListedConflicts caps the rows a conflict message lists one by one.
const MaxListedConflicts = 20

// RowConflicts renders as one line per row (and one per differing field), at most
// MaxListedConflicts rows, then how many more.
type RowConflicts []RowConflict

// Localize implements i18n.Localized.
func (cs RowConflicts) Localize(lang i18n.Lang) string {
	var b strings.Builder
	for k, c := range cs {
		if k == MaxListedConflicts {
			b.WriteString("\n")
			b.WriteString(i18n.T(lang, "access2.conflict.more", map[string]any{"Count": len(cs) - k}))
			break
		}
		p := map[string]any{"Row": c.Row, "Code": c.Code, "Who": c.Who, "At": c.At.Local().Format("2006-01-02 15:04:05")}
		key := "access2.conflict.row"
		switch {
		case c.Row == 0 && c.Who == "":
			key = "access2.conflict.item_unknown"
		case c.Row == 0:
			key = "access2.conflict.item"
		case c.Who == "":
			key = "access2.conflict.row_unknown"
		}
		b.WriteString("\n")
		b.WriteString(i18n.T(lang, key, p))
		b.WriteString(strings.ReplaceAll(c.Diff.Localize(lang), "\n", "\n    "))
	}
	return b.String()
}

// ErrRowsChanged is the conflict of an import or bulk edit that would overwrite rows
// someone else changed after they were read; nothing was written. overwritable says the
// person may repeat it deliberately (ledgerctl --overwrite, the GUI's confirmation).
func ErrRowsChanged(rows RowConflicts) error {
	return Errorf(KindConflict, "err.rows_changed", map[string]any{"Count": len(rows), "Rows": rows})
}

// Conflicts returns the rows of an ErrRowsChanged (nil for any other error).
func Conflicts(err error) RowConflicts {
	var de *Error
	if !errors.As(err, &de) || de.Code != "err.rows_changed" {
		return nil
	}
	rows, _ := de.Params["Rows"].(RowConflicts)
	return rows
}
