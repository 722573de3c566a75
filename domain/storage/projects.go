package storage

import (
	"context"
	"strconv"

	"gorm.io/gorm"

	"cityledger/domain"
)

// ensureOpen refuses a change to a closed year.
func ensureOpen(tx *gorm.DB, years ...int) error {
	for _, y := range years {
		if y == 0 {
			continue
		}
		var closed bool
		err := tx.Raw("SELECT closed FROM year_settings WHERE year = ?", y).Scan(&closed).Error
		if err != nil {
			return classify("query", err)
		}
		if closed {
			return domain.Errorf(domain.KindClosed, "err.year_closed", map[string]any{"Year": y})
		}
	}
	return nil
}

// closedYears is the set of closed years, for checking many rows at once.
func closedYears(tx *gorm.DB) (map[int]bool, error) {
	var ys []int
	if err := tx.Raw("SELECT year FROM year_settings WHERE closed = ?", true).Scan(&ys).Error; err != nil {
		return nil, classify("query", err)
	}
	m := map[int]bool{}
	for _, y := range ys {
		m[y] = true
	}
	return m, nil
}

// ListProjects lists the projects of a year by code (all years when year is 0).
func (d *DB) ListProjects(ctx context.Context, year int) ([]domain.Project, error) {
	q := d.r.WithContext(ctx).Order("year").Order("code")
	if year != 0 {
		q = q.Where("year = ?", year)
	}
	var rows []projectRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, classify("query", err)
	}
	out := make([]domain.Project, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

// GetProject loads one project.
func (d *DB) GetProject(ctx context.Context, id int64) (*domain.Project, error) {
	var r projectRow
	if err := d.r.WithContext(ctx).First(&r, id).Error; err != nil {
		return nil, translate(err, subjectProject, itoa(id))
	}
	p := r.domain()
	return &p, nil
}

// SaveProject inserts or updates a project (version-checked, audited).
func (d *DB) SaveProject(ctx context.Context, p *domain.Project) error {
	return d.write(ctx, func(tx *gorm.DB) error {
		if p.UnitID == 0 && p.Unit != "" {
			units, err := loadUnits(tx)
			if err != nil {
				return err
			}
			id, ok := units.find(p.Unit)
			if !ok {
				return domain.Invalid(domain.FieldError{Field: "unit", Value: p.Unit, Rule: "unknown_unit"})
			}
			p.UnitID = id
		}
		if err := p.Validate(); err != nil {
			return err
		}
		_, err := d.saveProject(tx, p)
		return err
	})
}

func (d *DB) saveProject(tx *gorm.DB, p *domain.Project) (changed bool, err error) {
	if err := ensureOpen(tx, p.Year); err != nil {
		return false, err
	}
	row := toProjectRow(p)
	if p.ID == 0 {
		row.Version = 1
		if err := tx.Create(&row).Error; err != nil {
			return false, translate(err, subjectProject, p.Code)
		}
		p.ID, p.Version = row.ID, 1
		return true, d.audit(tx, "create", "projects", p.ID, p.Code, nil, projectFields(p))
	}
	var old projectRow
	if err := tx.First(&old, p.ID).Error; err != nil {
		return false, translate(err, subjectProject, p.Code)
	}
	if old.Version != p.Version {
		return false, conflict(subjectProject, p.Code, p.Version, old.Version)
	}
	if old.Year != p.Year {
		if err := ensureOpen(tx, old.Year); err != nil {
			return false, err
		}
		// Moving a project to another year would strand its records outside it.
		var n int64
		if err := tx.Raw("SELECT COUNT(*) FROM maintenance_records WHERE year = ? AND project_id = ?", old.Year, p.ID).Scan(&n).Error; err != nil {
			return false, classify("query", err)
		}
		if n > 0 {
			return false, domain.Invalid(domain.FieldError{Field: "year", Value: strconv.Itoa(p.Year), Rule: "outside_project_year",
				Params: map[string]string{"Year": strconv.Itoa(p.Year)}})
		}
	}
	if old.Fingerprint == row.Fingerprint {
		return false, nil
	}
	prev := old.domain()
	row.Version = old.Version + 1
	res := tx.Model(&projectRow{}).Where("id = ? AND version = ?", p.ID, old.Version).Select("*").Omit("id").Updates(&row)
	if res.Error != nil {
		return false, translate(res.Error, subjectProject, p.Code)
	}
	p.Version = row.Version
	return true, d.audit(tx, "update", "projects", p.ID, p.Code, projectFields(&prev), projectFields(p))
}

// DeleteProject removes a project that has no records.
func (d *DB) DeleteProject(ctx context.Context, id int64, version int64) error {
	return d.write(ctx, func(tx *gorm.DB) error {
		var old projectRow
		if err := tx.First(&old, id).Error; err != nil {
			return translate(err, subjectProject, itoa(id))
		}
		if err := ensureOpen(tx, old.Year); err != nil {
			return err
		}
		if old.Version != version {
			return conflict(subjectProject, old.Code, version, old.Version)
		}
		var n int64
		if err := tx.Raw("SELECT COUNT(*) FROM maintenance_records WHERE year = ? AND project_id = ?", old.Year, id).Scan(&n).Error; err != nil {
			return classify("query", err)
		}
		if n > 0 {
			return domain.Errorf(domain.KindConflict, "err.project_has_records", map[string]any{"Key": old.Code, "N": n})
		}
		prev := old.domain()
		if err := tx.Delete(&projectRow{}, id).Error; err != nil {
			return translate(err, subjectProject, old.Code)
		}
		return d.audit(tx, "delete", "projects", id, old.Code, projectFields(&prev), nil)
	})
}

// ListIndicators lists a project's indicator rows in order.
func (d *DB) ListIndicators(ctx context.Context, projectID int64) ([]domain.Indicator, error) {
	var rows []indicatorRow
	if err := d.r.WithContext(ctx).Where("project_id = ?", projectID).Order("position").Order("id").Find(&rows).Error; err != nil {
		return nil, classify("query", err)
	}
	out := make([]domain.Indicator, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

// SaveIndicators replaces a project's indicator rows.
func (d *DB) SaveIndicators(ctx context.Context, projectID int64, rows []domain.Indicator) error {
	var fe []domain.FieldError
	for i := range rows {
		rows[i].ProjectID = projectID
		for _, f := range domain.FieldErrors(rows[i].Validate()) {
			f.Row = i + 1
			fe = append(fe, f)
		}
	}
	if err := domain.Invalid(fe...); err != nil {
		return err
	}
	return d.write(ctx, func(tx *gorm.DB) error {
		var p projectRow
		if err := tx.First(&p, projectID).Error; err != nil {
			return translate(err, subjectProject, itoa(projectID))
		}
		_, err := d.replaceIndicators(tx, p, rows)
		return err
	})
}

func indicatorsText(rows []domain.Indicator) string {
	s := ""
	for _, r := range rows {
		s += strconv.Itoa(r.Position) + "|" + r.Level1 + "|" + r.Level2 + "|" + r.Level3 + "|" + r.Target + "|" + r.Actual + "|" + r.Binding + "\n"
	}
	return s
}

// replaceIndicators writes the project's rows unless they are unchanged.
func (d *DB) replaceIndicators(tx *gorm.DB, p projectRow, rows []domain.Indicator) (changed bool, err error) {
	if err := ensureOpen(tx, p.Year); err != nil {
		return false, err
	}
	var old []indicatorRow
	if err := tx.Where("project_id = ?", p.ID).Order("position").Order("id").Find(&old).Error; err != nil {
		return false, classify("query", err)
	}
	prev := make([]domain.Indicator, len(old))
	for i, r := range old {
		prev[i] = r.domain()
	}
	for i := range rows {
		if rows[i].Position == 0 {
			rows[i].Position = i + 1
		}
	}
	before, after := indicatorsText(prev), indicatorsText(rows)
	if before == after {
		return false, nil
	}
	if err := tx.Where("project_id = ?", p.ID).Delete(&indicatorRow{}).Error; err != nil {
		return false, classify("save", err)
	}
	if len(rows) > 0 {
		ins := make([]indicatorRow, len(rows))
		for i, r := range rows {
			ins[i] = indicatorRow{ProjectID: p.ID, Position: r.Position, Level1: r.Level1, Level2: r.Level2, Level3: r.Level3,
				Target: r.Target, Actual: r.Actual, Binding: r.Binding, Version: 1, UpdatedAt: now()}
		}
		if err := tx.Create(&ins).Error; err != nil {
			return false, classify("save", err)
		}
	}
	return true, d.audit(tx, "update", "projects", p.ID, p.Code, map[string]string{"indicators": before}, map[string]string{"indicators": after})
}
