package storage

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"gorm.io/gorm"

	"cityledger/domain"
)

// tablesInOrder lists the tables parents first, the order a copy must insert them.
var tablesInOrder = []string{"units", "assets", "projects", "indicators", "maintenance_records", "year_settings", "audit_log", "report_snapshots",
	"cases", "case_stats", "case_cutoffs", "case_stats_frozen"}

// backupPostgres writes a PostgreSQL store as a CityLedger SQLite file: the same
// schema and rows, inside one repeatable-read snapshot of the server. The result is an
// ordinary backup that `restore` accepts on either backend and the app can open.
func (d *DB) backupPostgres(ctx context.Context, w io.Writer) error {
	tmp, err := os.MkdirTemp("", "cityledger-backup")
	if err != nil {
		return domain.Internal("backup", err)
	}
	defer os.RemoveAll(tmp)
	file := filepath.Join(tmp, "backup.db")
	dst, err := Open(ctx, file)
	if err != nil {
		return err
	}
	err = d.r.WithContext(ctx).Transaction(func(src *gorm.DB) error {
		return dst.w.WithContext(ctx).Transaction(func(out *gorm.DB) error {
			return copyTables(src, out, false)
		})
	}, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	dst.Close()
	if err != nil {
		return domain.Internal("backup", err)
	}
	return sendFile(w, file)
}

// RestoreFrom replaces every row of the store with the rows of a CityLedger SQLite
// backup, in one transaction (used for PostgreSQL; SQLite restores replace the file).
func (d *DB) RestoreFrom(ctx context.Context, src string) error {
	if err := checkBackup(ctx, src); err != nil {
		return err
	}
	// Bring an older backup's schema up to date on a copy before reading it.
	tmp, err := os.MkdirTemp("", "cityledger-restore")
	if err != nil {
		return domain.Internal("restore", err)
	}
	defer os.RemoveAll(tmp)
	copyPath := filepath.Join(tmp, "restore.db")
	if err := copyFile(src, copyPath); err != nil {
		return domain.Internal("restore", err)
	}
	in, err := Open(ctx, copyPath)
	if err != nil {
		return err
	}
	defer in.Close()
	err = d.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for i := len(tablesInOrder) - 1; i >= 0; i-- {
			if err := tx.Exec("DELETE FROM " + tablesInOrder[i]).Error; err != nil {
				return err
			}
		}
		if err := copyTables(in.r.WithContext(ctx), tx, d.postgres); err != nil {
			return err
		}
		if d.postgres {
			for _, t := range tablesInOrder {
				if t == "year_settings" || t == "report_snapshots" || t == "case_stats" || t == "case_cutoffs" || t == "case_stats_frozen" {
					continue
				}
				if err := tx.Exec(fmt.Sprintf("SELECT setval(pg_get_serial_sequence('%s', 'id'), COALESCE((SELECT MAX(id) FROM %s), 0) + 1, false)", t, t)).Error; err != nil {
					return err
				}
			}
		}
		return d.auditNote(tx, "restore", "database", "", "", src)
	})
	if err != nil {
		return domain.Internal("restore", err)
	}
	return nil
}

// boolColumns are stored as 0/1 by SQLite and must be bools for PostgreSQL.
var boolColumns = map[string]bool{"independent_accounting": true, "official": true, "disclosed": true, "closed": true}

// copyTables copies every row of the CityLedger tables from src to dst.
func copyTables(src, dst *gorm.DB, dstPostgres bool) error {
	for _, t := range tablesInOrder {
		rows, err := src.Raw("SELECT * FROM " + t + " ORDER BY 1").Rows()
		if err != nil {
			return fmt.Errorf("%s: %w", t, err)
		}
		cols, err := rows.Columns()
		if err != nil {
			rows.Close()
			return err
		}
		var batch [][]any
		flush := func() error {
			err := insertMany(dst, t, cols, batch)
			batch = batch[:0]
			return err
		}
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return err
			}
			if dstPostgres {
				for i, c := range cols {
					if n, ok := vals[i].(int64); ok && boolColumns[c] {
						vals[i] = n != 0
					}
				}
			}
			batch = append(batch, vals)
			if len(batch) >= 5000 {
				if err := flush(); err != nil {
					rows.Close()
					return fmt.Errorf("%s: %w", t, err)
				}
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if err := flush(); err != nil {
			return fmt.Errorf("%s: %w", t, err)
		}
	}
	return nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
