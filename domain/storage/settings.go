package storage

import (
	"context"
	"strconv"
	"time"

	"gorm.io/gorm"

	"cityledger/domain"
)

// GetYearSettings loads a year's settings; KindNotFound when the year has none.
func (d *DB) GetYearSettings(ctx context.Context, year int) (*domain.YearSettings, error) {
	var r settingsRow
	if err := d.r.WithContext(ctx).Where("year = ?", year).First(&r).Error; err != nil {
		return nil, translate(err, subjectSettings, strconv.Itoa(year))
	}
	s, err := r.domain()
	if err != nil {
		return nil, classify("query", err)
	}
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
	// The year's lock before the row's, as a close takes them (see lockYear).
	if err := d.lockYear(tx, s.Year, false); err != nil {
		return false, classify("save", err)
	}
	var old settingsRow
	err = tx.Where("year = ?", s.Year).First(&old).Error
	if err == gorm.ErrRecordNotFound {
		row, err := toSettingsRow(s)
		if err != nil {
			return false, classify("save", err)
		}
		row.Version = 1
		if err := tx.Create(&row).Error; err != nil {
			return false, translate(err, subjectSettings, strconv.Itoa(s.Year))
		}
		s.Version = 1
		return true, d.audit(tx, "create", "year-settings", int64(s.Year), strconv.Itoa(s.Year), nil, settingsFields(s))
	}
	if err != nil {
		return false, classify("query", err)
	}
	if old.Closed {
		return false, domain.Errorf(domain.KindClosed, "err.year_closed", map[string]any{"Year": s.Year})
	}
	if s.Version != 0 && s.Version != old.Version {
		return false, conflict(subjectSettings, strconv.Itoa(s.Year), s.Version, old.Version)
	}
	prev, err := old.domain()
	if err != nil {
		return false, classify("query", err)
	}
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
	row, err := toSettingsRow(s)
	if err != nil {
		return false, classify("save", err)
	}
	row.Version = old.Version + 1
	if err := tx.Model(&settingsRow{}).Where("year = ? AND version = ?", s.Year, old.Version).Select("*").Updates(&row).Error; err != nil {
		return false, translate(err, subjectSettings, strconv.Itoa(s.Year))
	}
	s.Version = row.Version
	return true, d.audit(tx, "update", "year-settings", int64(s.Year), strconv.Itoa(s.Year), oldF, newF)
}

// ListYears lists the years that have projects, records, settings or cases, newest first.
func (d *DB) ListYears(ctx context.Context) ([]int, error) {
	var ys []int
	err := d.r.WithContext(ctx).Raw(`SELECT year FROM projects UNION SELECT year FROM year_settings
		UNION SELECT DISTINCT year FROM maintenance_records ORDER BY 1 DESC`).Scan(&ys).Error
	if err != nil {
		return nil, classify("query", err)
	}
	more, err := d.caseYears(ctx)
	if err != nil {
		return nil, err
	}
	return mergeYears(ys, more), nil
}

// CloseYear freezes a year: its records, projects and settings refuse changes.
// snapshot (the year's report model, may be nil) is kept so that the closed year's
// report renders the same whatever changes later.
func (d *DB) CloseYear(ctx context.Context, year int, snapshot []byte) error {
	return d.CloseYearWith(ctx, year, func(context.Context) ([]byte, error) { return snapshot, nil })
}

// CloseYearWith freezes a year with the report build makes while the year is
// locked. On PostgreSQL the lock is the year's (cityledger_lock_year): a write into
// the year holds it shared until it commits, so the close waits for the writes that
// began before it, builds the report from what they left, and closes; a write that
// comes later waits and is then refused by the server (the year is closed). The close
// itself is cityledger_close_year, the one way a finance login changes closed. On
// SQLite the writer lock of the file orders the close and every write alike.
func (d *DB) CloseYearWith(ctx context.Context, year int, build func(ctx context.Context) ([]byte, error)) error {
	return d.write(ctx, func(tx *gorm.DB) error {
		if err := d.lockYear(tx, year, true); err != nil {
			return err
		}
		var closed []bool
		if err := tx.Raw("SELECT closed FROM year_settings WHERE year = ?", year).Scan(&closed).Error; err != nil {
			return classify("query", err)
		}
		if len(closed) > 0 && closed[0] {
			return domain.Errorf(domain.KindClosed, "err.year_closed", map[string]any{"Year": year})
		}
		// The report reads through the other connections: what is committed, which
		// for this year no longer changes while the lock is held.
		snapshot, err := build(ctx)
		if err != nil {
			return err
		}
		at := time.Now()
		if d.postgres {
			var snap any
			if snapshot != nil {
				snap = string(snapshot)
			}
			return tx.Exec("SELECT cityledger_close_year(?, ?, ?)", year, snap, domain.WallClock(at).Unix()).Error
		}
		var r settingsRow
		err = tx.Where("year = ?", year).First(&r).Error
		if err == gorm.ErrRecordNotFound {
			if r, err = toSettingsRow(&domain.YearSettings{Year: year}); err != nil {
				return classify("save", err)
			}
			r.Version = 1
			if err := tx.Create(&r).Error; err != nil {
				return classify("save", err)
			}
		} else if err != nil {
			return classify("query", err)
		}
		if err := tx.Exec("UPDATE year_settings SET closed = ?, version = version + 1, updated_at = ? WHERE year = ?", true, now(), year).Error; err != nil {
			return classify("save", err)
		}
		if err := freezeCases(tx, year, at); err != nil {
			return err
		}
		if snapshot != nil {
			if err := tx.Exec("DELETE FROM report_snapshots WHERE year = ?", year).Error; err != nil {
				return classify("save", err)
			}
			if err := tx.Exec("INSERT INTO report_snapshots (year, model, created_at) VALUES (?, ?, ?)", year, string(snapshot), now()).Error; err != nil {
				return classify("save", err)
			}
		}
		return d.audit(tx, "close-year", "year-settings", int64(year), strconv.Itoa(year),
			map[string]string{"closed": "false"}, map[string]string{"closed": "true"})
	})
}

// ReopenYear unfreezes a year, recording the reason in the audit log, and drops the
// stored report model (on PostgreSQL through cityledger_reopen_year, under the year's
// lock).
func (d *DB) ReopenYear(ctx context.Context, year int, reason string) error {
	if reason == "" {
		return domain.Invalid(domain.FieldError{Field: "reason", Rule: "required"})
	}
	return d.write(ctx, func(tx *gorm.DB) error {
		if d.postgres {
			return tx.Exec("SELECT cityledger_reopen_year(?, ?)", year, reason).Error
		}
		res := tx.Exec("UPDATE year_settings SET closed = ?, version = version + 1, updated_at = ? WHERE year = ? AND closed = ?", false, now(), year, true)
		if res.Error != nil {
			return classify("save", res.Error)
		}
		if res.RowsAffected == 0 {
			return domain.Errorf(domain.KindInvalid, "err.year_not_closed", map[string]any{"Year": year})
		}
		if err := tx.Exec("DELETE FROM report_snapshots WHERE year = ?", year).Error; err != nil {
			return classify("save", err)
		}
		if err := thawCases(tx, year); err != nil {
			return err
		}
		return d.audit(tx, "reopen-year", "year-settings", int64(year), strconv.Itoa(year),
			map[string]string{"closed": "true", "reason": ""}, map[string]string{"closed": "false", "reason": reason})
	})
}

// ReportSnapshot returns the report model stored when the year was closed (nil if none).
func (d *DB) ReportSnapshot(ctx context.Context, year int) ([]byte, error) {
	var models []string
	if err := d.r.WithContext(ctx).Raw("SELECT model FROM report_snapshots WHERE year = ?", year).Scan(&models).Error; err != nil {
		return nil, classify("query", err)
	}
	if len(models) == 0 {
		return nil, nil
	}
	return []byte(models[0]), nil
}
