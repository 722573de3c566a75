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
	"cityledger/domain/atomicfile"
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
		return domain.FileError(os.TempDir(), err)
	}
	defer os.RemoveAll(tmp)
	file := filepath.Join(tmp, "backup.db")
	dst, err := Open(ctx, file)
	if err != nil {
		return err
	}
	err = d.r.WithContext(ctx).Transaction(func(src *gorm.DB) error {
		return dst.w.WithContext(ctx).Transaction(func(out *gorm.DB) error {
			return copyTables(src, out, false, false)
		})
	}, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	dst.Close()
	if err != nil {
		return classify("backup", err)
	}
	return sendFile(w, file)
}

// RestoreFrom replaces every row of the store with the rows of a CityLedger SQLite
// backup, in one transaction (used for PostgreSQL; SQLite restores replace the file
// with Restore). The backup is checked first as Restore checks it, brought up to
// date on a copy, refused without o.Force when the store holds data or when it would
// reopen closed years; what it replaces is first kept as a backup file in o.CopyDir,
// and the restore is recorded in the audit log of the same transaction.
func (d *DB) RestoreFrom(ctx context.Context, src string, o RestoreOptions) (RestoreResult, error) {
	var res RestoreResult
	if d.readOnly {
		return res, d.errReadOnly()
	}
	tmp, err := os.MkdirTemp("", "cityledger-restore")
	if err != nil {
		return res, domain.FileError(os.TempDir(), err)
	}
	defer os.RemoveAll(tmp) // a leftover in the temporary folder harms no one
	copyPath := filepath.Join(tmp, "restore.db")
	if err := copyPlain(src, copyPath); err != nil {
		return res, err
	}
	in, version, err := openCandidate(ctx, src, copyPath)
	if err != nil {
		return res, err
	}
	defer in.Close()
	res.Version = version
	empty, err := d.Empty(ctx)
	if err != nil {
		return res, err
	}
	liveClosed, err := closedYears(d.r.WithContext(ctx))
	if err != nil {
		return res, err
	}
	candClosed, err := closedYears(in.r.WithContext(ctx))
	if err != nil {
		return res, err
	}
	res.Reopened = reopenedYears(liveClosed, candClosed)
	if err := refuseUnlessForced(src, liveState{readable: true, empty: empty, closed: liveClosed}, res.Reopened, o.Force); err != nil {
		return res, err
	}
	if !empty || len(liveClosed) > 0 {
		if res.Copy, err = d.keepServerCopy(ctx, o.CopyDir); err != nil {
			return res, err
		}
	}
	err = d.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// The server's audit log only grows, for a restore too: it keeps every entry it
		// has and gains the backup's that it lacks. The closed-year rules let this
		// transaction through (cityledger_restore_begin, an admin's, marks it).
		keepAudit := d.postgres
		if keepAudit {
			if err := tx.Exec("SELECT cityledger_restore_begin()").Error; err != nil {
				return err
			}
		}
		for i := len(tablesInOrder) - 1; i >= 0; i-- {
			if keepAudit && tablesInOrder[i] == "audit_log" {
				continue
			}
			if err := tx.Exec("DELETE FROM " + tablesInOrder[i]).Error; err != nil {
				return err
			}
		}
		if err := copyTables(in.r.WithContext(ctx), tx, d.postgres, keepAudit); err != nil {
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
		return d.auditRestore(tx, src, res)
	})
	if err != nil {
		return res, classify("restore", err)
	}
	return res, nil
}

// keepServerCopy backs the store up into dir (default DataDir()/backups) before a
// restore replaces it, and returns the file's path.
func (d *DB) keepServerCopy(ctx context.Context, dir string) (string, error) {
	if dir == "" {
		dir = filepath.Join(DataDir(), "backups")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", domain.FileError(dir, err)
	}
	path := datedCopyName(filepath.Join(dir, "postgres"), "before-restore")
	err := atomicfile.Write(path, func(f *os.File) error { return d.Backup(ctx, f) })
	return path, err
}

// boolColumns are stored as 0/1 by SQLite and must be bools for PostgreSQL.
var boolColumns = map[string]bool{"independent_accounting": true, "official": true, "disclosed": true, "closed": true}

// copyTables copies every row of the CityLedger tables from src to dst. With
// mergeAudit the audit log is not copied over but merged in: the backup's entries
// that dst lacks are added after dst's own.
func copyTables(src, dst *gorm.DB, dstPostgres, mergeAudit bool) error {
	for _, t := range tablesInOrder {
		into := t
		if mergeAudit && t == "audit_log" {
			if err := dst.Exec("CREATE TEMP TABLE restored_audit (LIKE audit_log) ON COMMIT DROP").Error; err != nil {
				return err
			}
			into = "restored_audit"
		}
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
			err := insertMany(dst, into, cols, batch)
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
		if into == "restored_audit" {
			const fields = "at, who, action, entity, entity_id, code, field, old_value, new_value"
			if err := dst.Exec(`INSERT INTO audit_log (` + fields + `) SELECT ` + fields + ` FROM restored_audit r
				WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.at = r.at AND a.who = r.who AND a.action = r.action
					AND a.entity = r.entity AND a.entity_id = r.entity_id AND a.code = r.code AND a.field = r.field
					AND a.old_value = r.old_value AND a.new_value = r.new_value)
				ORDER BY r.id`).Error; err != nil {
				return fmt.Errorf("%s: %w", t, err)
			}
		}
	}
	return nil
}
