package storage

import (
	"context"

	"gorm.io/gorm"

	"cityledger/domain"
)

// ListUnits returns every unit, parents before children.
func (d *DB) ListUnits(ctx context.Context) ([]domain.Unit, error) {
	var rows []unitRow
	if err := d.r.WithContext(ctx).Order("id").Find(&rows).Error; err != nil {
		return nil, classify("query", err)
	}
	out := make([]domain.Unit, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

// SaveUnit inserts or updates (with version check) a unit.
func (d *DB) SaveUnit(ctx context.Context, u *domain.Unit) error {
	return d.write(ctx, func(tx *gorm.DB) error {
		units, err := loadUnits(tx)
		if err != nil {
			return err
		}
		if u.ParentID == 0 && u.Parent != "" {
			p, ok := units.find(u.Parent)
			if !ok {
				return domain.Invalid(domain.FieldError{Field: "parent", Value: u.Parent, Rule: "unknown_parent"})
			}
			u.ParentID = p
		}
		_, _, err = d.upsertUnit(tx, u, units)
		return err
	})
}

// unitIndex resolves a unit by its full or short name.
type unitIndex map[string]int64

func loadUnits(tx *gorm.DB) (unitIndex, error) {
	var rows []unitRow
	if err := tx.Find(&rows).Error; err != nil {
		return nil, classify("query", err)
	}
	idx := unitIndex{}
	for _, r := range rows {
		idx[r.Name] = r.ID
		idx[r.ShortName] = r.ID
	}
	return idx, nil
}

func (u unitIndex) find(name string) (int64, bool) {
	id, ok := u[name]
	return id, ok
}

// upsertUnit saves u, matching an existing unit by ID, else by name or short name.
// It reports whether the row was added or changed.
func (d *DB) upsertUnit(tx *gorm.DB, u *domain.Unit, idx unitIndex) (added, changed bool, err error) {
	if err := u.Validate(); err != nil {
		return false, false, err
	}
	var old unitRow
	if u.ID == 0 {
		if id, ok := idx[u.Name]; ok {
			u.ID = id
		} else if id, ok := idx[u.ShortName]; ok {
			u.ID = id
		}
	}
	row := unitRow{ID: u.ID, Name: u.Name, ShortName: u.ShortName, IndependentAccounting: u.IndependentAccounting, UpdatedAt: now()}
	if u.ParentID != 0 {
		row.ParentID.Int64, row.ParentID.Valid = u.ParentID, true
	}
	if u.ID == 0 {
		row.Version = 1
		if err := tx.Create(&row).Error; err != nil {
			return false, false, translate(err, subjectUnit, u.Name)
		}
		u.ID, u.Version = row.ID, 1
		idx[u.Name], idx[u.ShortName] = row.ID, row.ID
		return true, true, d.audit(tx, "create", "units", row.ID, u.ShortName, nil, unitFields(u))
	}
	if err := tx.First(&old, u.ID).Error; err != nil {
		return false, false, translate(err, subjectUnit, u.Name)
	}
	prev := old.domain()
	if prev.Name == u.Name && prev.ShortName == u.ShortName && prev.ParentID == u.ParentID && prev.IndependentAccounting == u.IndependentAccounting {
		u.Version = old.Version
		return false, false, nil
	}
	if u.Version != 0 && u.Version != old.Version {
		return false, false, conflict(subjectUnit, u.Name, u.Version, old.Version)
	}
	row.Version = old.Version + 1
	res := tx.Model(&unitRow{}).Where("id = ? AND version = ?", u.ID, old.Version).Updates(map[string]any{
		"name": row.Name, "short_name": row.ShortName, "parent_id": row.ParentID, "independent_accounting": row.IndependentAccounting,
		"version": row.Version, "updated_at": row.UpdatedAt})
	if res.Error != nil {
		return false, false, translate(res.Error, subjectUnit, u.Name)
	}
	u.Version = row.Version
	return false, true, d.audit(tx, "update", "units", u.ID, u.ShortName, unitFields(&prev), unitFields(u))
}

func unitFields(u *domain.Unit) map[string]string {
	return map[string]string{"name": u.Name, "short_name": u.ShortName, "parent": itoa(u.ParentID),
		"independent_accounting": boolText(u.IndependentAccounting)}
}

// write runs fn in one write transaction.
func (d *DB) write(ctx context.Context, fn func(tx *gorm.DB) error) error {
	if d.readOnly {
		return d.errReadOnly()
	}
	return classify("save", d.w.WithContext(ctx).Transaction(fn))
}
