package storage

import (
	"context"
	"encoding/json"
	"sort"

	"gorm.io/gorm"

	"cityledger/domain"
)

var _ domain.Undoer = (*DB)(nil)

// AuditMark is the newest audit entry's ID, 0 when the history is empty.
func (d *DB) AuditMark(ctx context.Context) (int64, error) {
	var id *int64
	if err := d.w.WithContext(ctx).Raw("SELECT MAX(id) FROM audit_log").Scan(&id).Error; err != nil {
		return 0, classify("query", err)
	}
	if id == nil {
		return 0, nil
	}
	return *id, nil
}

// undoTarget is one asset a change touched: its ID, the entry that first touched it in
// the range, and its row before (nil when the change created it).
type undoTarget struct {
	id     int64
	first  int64
	code   string
	before *assetRow
}

// UndoChanges puts back the assets the audit entries (after, upto] of this store's user
// changed. Each asset returns to its row before its first entry in the range: a created
// one is deleted, a deleted one comes back with its ID, an edited, retired or bulk-edited
// one gets its fields, geometry and attributes back. The rows go through the class's
// rules and the closed-year guard like any edit, and the undo is audited (action
// "undo", with the rows it replaced), so undoing the undo is a redo. An asset changed
// again after upto (by anyone) is refused as a conflict, and nothing is written.
func (d *DB) UndoChanges(ctx context.Context, after, upto int64) (domain.UndoResult, error) {
	var res domain.UndoResult
	if upto <= after {
		return res, nil
	}
	ctx = context.WithValue(ctx, auditActionKey{}, "undo")
	err := d.write(ctx, func(tx *gorm.DB) error {
		res = domain.UndoResult{}
		start, err := markIn(tx)
		if err != nil {
			return err
		}
		var rows []undoAuditRow
		if err := tx.Where("id > ? AND id <= ? AND entity = ? AND who = ?", after, upto, domain.AuditAssets, d.who).
			Order("id").Find(&rows).Error; err != nil {
			return classify("query", err)
		}
		targets, err := undoTargets(rows)
		if err != nil {
			return err
		}
		closed, err := closedYears(tx)
		if err != nil {
			return err
		}
		for _, t := range targets {
			if err := d.undoOne(ctx, tx, t, upto, closed); err != nil {
				return err
			}
			res.Assets++
		}
		end, err := markIn(tx)
		if err != nil {
			return err
		}
		res.After, res.Upto = start, end
		return nil
	})
	if err != nil {
		return domain.UndoResult{}, err
	}
	return res, nil
}

// markIn is AuditMark inside a transaction.
func markIn(tx *gorm.DB) (int64, error) {
	var id *int64
	if err := tx.Raw("SELECT MAX(id) FROM audit_log").Scan(&id).Error; err != nil {
		return 0, classify("query", err)
	}
	if id == nil {
		return 0, nil
	}
	return *id, nil
}

// undoTargets are the assets the entries (oldest first) touched, newest change first,
// each with its row before the first of them.
func undoTargets(rows []undoAuditRow) ([]undoTarget, error) {
	byID := map[int64]*undoTarget{}
	var order []*undoTarget
	for _, r := range rows {
		if _, seen := byID[r.EntityID]; seen {
			continue
		}
		t := &undoTarget{id: r.EntityID, first: r.ID, code: r.Code}
		switch {
		case r.BeforeRow.Valid:
			var before assetRow
			if err := json.Unmarshal([]byte(r.BeforeRow.String), &before); err != nil {
				return nil, classify("query", err)
			}
			t.before = &before
		case r.Field == "*" && r.OldValue == "":
			// Created by the change: undoing it removes the asset.
		default:
			// Written before the rows were kept (migration 0012): it cannot be put back.
			return nil, domain.Errorf(domain.KindInvalid, "err.undo_unrecorded", map[string]any{"Key": r.Code})
		}
		byID[r.EntityID] = t
		order = append(order, t)
	}
	out := make([]undoTarget, len(order))
	for i, t := range order {
		out[i] = *t
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].first > out[j].first })
	return out, nil
}

// undoOne puts one asset back to t.before (or removes it when there is none).
func (d *DB) undoOne(ctx context.Context, tx *gorm.DB, t undoTarget, upto int64, closed map[int]bool) error {
	var later int64
	if err := tx.Raw("SELECT COUNT(*) FROM audit_log WHERE entity = ? AND entity_id = ? AND id > ?",
		domain.AuditAssets, t.id, upto).Scan(&later).Error; err != nil {
		return classify("query", err)
	}
	if later > 0 {
		return domain.Errorf(domain.KindConflict, "err.undo_changed_since", map[string]any{"Key": codeOf(t.code)})
	}
	var cur assetRow
	res := tx.Limit(1).Find(&cur, t.id)
	if res.Error != nil {
		return classify("query", res.Error)
	}
	exists := res.RowsAffected > 0
	isClosed := func(y int) bool { return closed[y] }
	switch {
	case t.before == nil && !exists:
		return nil // created and deleted again inside the range: nothing to put back
	case t.before == nil:
		prev, err := cur.domain()
		if err != nil {
			return classify("query", err)
		}
		if fe := domain.ClosedYearDates(isClosed, &prev, nil); len(fe) > 0 {
			return domain.Invalid(fe...)
		}
		if err := tx.Delete(&assetRow{}, t.id).Error; err != nil {
			return translate(err, d.classSubjectOf(ctx, prev.Class), prev.Code)
		}
		return d.auditAsset(tx, "delete", t.id, cur.Class+":"+cur.Code, &cur, assetFields(&prev), nil)
	}
	a, err := t.before.domain()
	if err != nil {
		return classify("query", err)
	}
	def, err := d.classOf(ctx, a.Class)
	if err != nil {
		return err
	}
	if err := d.checkAsset(tx, def, &a); err != nil {
		return err
	}
	if exists {
		a.Version = cur.Version
		_, err := d.saveAsset(tx, def, &a, closed)
		return err
	}
	// Deleted by the change: it comes back with its ID, so its history reads on.
	if fe := domain.ClosedYearDates(isClosed, nil, &a); len(fe) > 0 {
		return domain.Invalid(fe...)
	}
	row, err := toAssetRow(&a)
	if err != nil {
		return classify("save", err)
	}
	row.ID, row.Version = t.id, t.before.Version+1
	if err := tx.Create(&row).Error; err != nil {
		return translateAsset(err, def, &a)
	}
	return d.auditAsset(tx, "create", t.id, string(a.Class)+":"+a.Code, nil, nil, assetFields(&a))
}

// codeOf is an audit entry's code ("lamps:LD-1") without its class.
func codeOf(code string) string {
	for i := 0; i < len(code); i++ {
		if code[i] == ':' {
			return code[i+1:]
		}
	}
	return code
}
