package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"sort"

	"gorm.io/gorm"

	"cityledger/domain"
)

// audit writes the entries of one change in the caller's transaction, so a change
// and its history are committed together or not at all. For an update, one entry per
// changed field; for a create or delete, one entry holding the whole row.
func (d *DB) audit(tx *gorm.DB, action, entity string, id int64, code string, old, new map[string]string) error {
	return d.auditWith(tx, action, entity, id, code, old, new, nil)
}

// auditAsset is audit for an asset, keeping its whole row before the change (nil for a
// new asset) on the change's first entry, for an undo.
func (d *DB) auditAsset(tx *gorm.DB, action string, id int64, code string, before *assetRow, old, new map[string]string) error {
	return d.auditWith(tx, action, domain.AuditAssets, id, code, old, new, before)
}

func (d *DB) auditWith(tx *gorm.DB, action, entity string, id int64, code string, old, new map[string]string, before *assetRow) error {
	if a, ok := tx.Statement.Context.Value(auditActionKey{}).(string); ok {
		// An undo writes its changes through the usual paths, labelled as an undo.
		action = a
	}
	at := now()
	var rows []auditRow
	switch {
	case old == nil && new != nil:
		b, err := json.Marshal(new)
		if err != nil {
			return err
		}
		rows = append(rows, auditRow{At: at, Who: d.who, Action: action, Entity: entity, EntityID: id, Code: code, Field: "*", NewValue: string(b)})
	case new == nil && old != nil:
		b, err := json.Marshal(old)
		if err != nil {
			return err
		}
		rows = append(rows, auditRow{At: at, Who: d.who, Action: action, Entity: entity, EntityID: id, Code: code, Field: "*", OldValue: string(b)})
	default:
		keys := make([]string, 0, len(new))
		for k := range new {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if old[k] != new[k] {
				rows = append(rows, auditRow{At: at, Who: d.who, Action: action, Entity: entity, EntityID: id, Code: code, Field: k, OldValue: old[k], NewValue: new[k]})
			}
		}
	}
	if len(rows) == 0 {
		return nil
	}
	if before != nil {
		b, err := json.Marshal(before)
		if err != nil {
			return err
		}
		r := rows[0]
		first := undoAuditRow{At: r.At, Who: r.Who, Action: r.Action, Entity: r.Entity, EntityID: r.EntityID, Code: r.Code,
			Field: r.Field, OldValue: r.OldValue, NewValue: r.NewValue, BeforeRow: sql.NullString{String: string(b), Valid: true}}
		if err := tx.Create(&first).Error; err != nil {
			return err
		}
		if rows = rows[1:]; len(rows) == 0 {
			return nil
		}
	}
	return tx.Create(&rows).Error
}

// auditActionKey is the context key of an action that replaces the audit's own ("undo").
type auditActionKey struct{}

// auditNote writes one summary entry (bulk loads, year close) in the transaction.
func (d *DB) auditNote(tx *gorm.DB, action, entity, field, oldV, newV string) error {
	return tx.Create(&auditRow{At: now(), Who: d.who, Action: action, Entity: entity, Field: field, OldValue: oldV, NewValue: newV}).Error
}

// AuditHistory lists an entity's entries, newest first.
func (d *DB) AuditHistory(ctx context.Context, entity string, id int64, limit int) ([]domain.AuditEntry, error) {
	if limit <= 0 {
		limit = 200
	}
	var rows []auditRow
	if err := d.r.WithContext(ctx).Where("entity = ? AND entity_id = ?", entity, id).Order("id DESC").Limit(limit).Find(&rows).Error; err != nil {
		return nil, classify("query", err)
	}
	return auditEntries(rows)
}

// RecentChanges lists the newest entries of all entities.
func (d *DB) RecentChanges(ctx context.Context, limit int) ([]domain.AuditEntry, error) {
	if limit <= 0 {
		limit = 20
	}
	var rows []auditRow
	if err := d.r.WithContext(ctx).Order("id DESC").Limit(limit).Find(&rows).Error; err != nil {
		return nil, classify("query", err)
	}
	return auditEntries(rows)
}

func auditEntries(rows []auditRow) ([]domain.AuditEntry, error) {
	out := make([]domain.AuditEntry, len(rows))
	for i, r := range rows {
		e, err := r.domain()
		if err != nil {
			return nil, classify("query", err)
		}
		out[i] = e
	}
	return out, nil
}
