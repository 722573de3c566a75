package storage

import (
	"context"
	"strconv"

	"gorm.io/gorm"

	"cityledger/domain"
)

// GetYearSettings loads a year's settings; KindNotFound when the year has none.
func (d *DB) GetYearSettings(ctx context.Context, year int) (*domain.YearSettings, error) {
	var r settingsRow
	if err := d.r.WithContext(ctx).Where("year = ?", year).First(&r).Error; err != nil {
		return nil, translate(err, "year-settings", strconv.Itoa(year))
	}
	s := r.domain()
	return &s, nil
}

// SaveYearSettings inserts or updates a year's settings. A closed year's settings
// cannot change, except through CloseYear/ReopenYear.
func (d *DB) SaveYearSettings(ctx context.Context, s *domain.YearSettings) error {
	if err := s.Validate(); err != nil {
		return err
	}
	return d.write(ctx, func(tx *gorm.DB) error {
		_, err := d.saveSettings(tx, s)
		return err
	})
}

// settingsFields are the settings as the audit log names them: every setting key,
// "" when not set.
func settingsFields(s *domain.YearSettings) map[string]string {
	m := map[string]string{"closed": strconv.FormatBool(s.Closed)}
	for _, k := range domain.SettingKeys {
		v, _ := s.Value(k.Key)
		m[k.Key] = v
	}
	return m
}

func (d *DB) saveSettings(tx *gorm.DB, s *domain.YearSettings) (changed bool, err error) {
	var old settingsRow
	err = tx.Where("year = ?", s.Year).First(&old).Error
	if err == gorm.ErrRecordNotFound {
		row := toSettingsRow(s)
		row.Version = 1
		if err := tx.Create(&row).Error; err != nil {
			return false, translate(err, "year-settings", strconv.Itoa(s.Year))
		}
		s.Version = 1
		return true, d.audit(tx, "create", "year-settings", int64(s.Year), strconv.Itoa(s.Year), nil, settingsFields(s))
	}
	if err != nil {
		return false, domain.Internal("query", err)
	}
	if old.Closed {
		return false, domain.Errorf(domain.KindClosed, "err.year_closed", map[string]any{"Year": s.Year})
	}
	if s.Version != 0 && s.Version != old.Version {
		return false, conflict("year-settings", strconv.Itoa(s.Year), s.Version, old.Version)
	}
	prev := old.domain()
	oldF, newF := settingsFields(&prev), settingsFields(s)
	same := len(oldF) == len(newF)
	for k, v := range newF {
		if oldF[k] != v {
			same = false
		}
	}
	if same {
		s.Version = old.Version
		return false, nil
	}
	row := toSettingsRow(s)
	row.Version = old.Version + 1
	if err := tx.Model(&settingsRow{}).Where("year = ? AND version = ?", s.Year, old.Version).Select("*").Updates(&row).Error; err != nil {
		return false, translate(err, "year-settings", strconv.Itoa(s.Year))
	}
	s.Version = row.Version
	return true, d.audit(tx, "update", "year-settings", int64(s.Year), strconv.Itoa(s.Year), oldF, newF)
}

// ListYears lists the years that have projects, records or settings, newest first.
func (d *DB) ListYears(ctx context.Context) ([]int, error) {
	var ys []int
	err := d.r.WithContext(ctx).Raw(`SELECT year FROM projects UNION SELECT year FROM year_settings
		UNION SELECT DISTINCT year FROM maintenance_records ORDER BY 1 DESC`).Scan(&ys).Error
	if err != nil {
		return nil, domain.Internal("query", err)
	}
	return ys, nil
}

// CloseYear freezes a year: its records, projects and settings refuse changes.
// snapshot (the year's report model, may be nil) is kept so that the closed year's
// report renders the same whatever changes later.
func (d *DB) CloseYear(ctx context.Context, year int, snapshot []byte) error {
	return d.write(ctx, func(tx *gorm.DB) error {
		var r settingsRow
		err := tx.Where("year = ?", year).First(&r).Error
		if err == gorm.ErrRecordNotFound {
			r = toSettingsRow(&domain.YearSettings{Year: year})
			r.Version = 1
			if err := tx.Create(&r).Error; err != nil {
				return domain.Internal("save", err)
			}
		} else if err != nil {
			return domain.Internal("query", err)
		}
		if r.Closed {
			return domain.Errorf(domain.KindClosed, "err.year_closed", map[string]any{"Year": year})
		}
		if err := tx.Exec("UPDATE year_settings SET closed = ?, version = version + 1, updated_at = ? WHERE year = ?", true, now(), year).Error; err != nil {
			return domain.Internal("save", err)
		}
		if snapshot != nil {
			if err := tx.Exec("DELETE FROM report_snapshots WHERE year = ?", year).Error; err != nil {
				return domain.Internal("save", err)
			}
			if err := tx.Exec("INSERT INTO report_snapshots (year, model, created_at) VALUES (?, ?, ?)", year, string(snapshot), now()).Error; err != nil {
				return domain.Internal("save", err)
			}
		}
		return d.audit(tx, "close-year", "year-settings", int64(year), strconv.Itoa(year),
			map[string]string{"closed": "false"}, map[string]string{"closed": "true"})
	})
}

// ReopenYear unfreezes a year, recording the reason in the audit log, and drops the
// stored report model.
func (d *DB) ReopenYear(ctx context.Context, year int, reason string) error {
	if reason == "" {
		return domain.Invalid(domain.FieldError{Field: "reason", Rule: "required"})
	}
	return d.write(ctx, func(tx *gorm.DB) error {
		res := tx.Exec("UPDATE year_settings SET closed = ?, version = version + 1, updated_at = ? WHERE year = ? AND closed = ?", false, now(), year, true)
		if res.Error != nil {
			return domain.Internal("save", res.Error)
		}
		if res.RowsAffected == 0 {
			return domain.Errorf(domain.KindInvalid, "err.year_not_closed", map[string]any{"Year": year})
		}
		if err := tx.Exec("DELETE FROM report_snapshots WHERE year = ?", year).Error; err != nil {
			return domain.Internal("save", err)
		}
		return d.audit(tx, "reopen-year", "year-settings", int64(year), strconv.Itoa(year),
			map[string]string{"closed": "true", "reason": ""}, map[string]string{"closed": "false", "reason": reason})
	})
}

// ReportSnapshot returns the report model stored when the year was closed (nil if none).
func (d *DB) ReportSnapshot(ctx context.Context, year int) ([]byte, error) {
	var models []string
	if err := d.r.WithContext(ctx).Raw("SELECT model FROM report_snapshots WHERE year = ?", year).Scan(&models).Error; err != nil {
		return nil, domain.Internal("query", err)
	}
	if len(models) == 0 {
		return nil, nil
	}
	return []byte(models[0]), nil
}
