package storage

import (
	"context"
	"errors"

	"gorm.io/gorm"

	"cityledger/domain"
)

type gormDB = gorm.DB

// BulkLoad runs fn — a series of large imports into the maintenance records and the
// cases, such as `ledgerctl gen` — with their secondary indexes dropped, and rebuilds them
// afterwards. Building an index once over a million rows takes a few seconds, where
// keeping three indexes up to date row by row takes several times that. The dropped
// definitions are recorded first, so a load that is killed midway has its indexes
// rebuilt by the next Open. On PostgreSQL fn simply runs.
func (d *DB) BulkLoad(ctx context.Context, fn func() error) error {
	if d.postgres || d.readOnly {
		return fn()
	}
	var defs []struct{ Name, SQL string }
	db := d.w.WithContext(ctx)
	// The unique import-key index stays: it guards correctness, and generated rows
	// carry no key, so it costs nothing.
	if err := db.Raw(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('maintenance_records', 'cases')
		AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'`).Scan(&defs).Error; err != nil {
		return domain.Internal("bulk load", err)
	}
	err := d.write(ctx, func(tx *gormDB) error {
		for _, def := range defs {
			if err := tx.Exec("INSERT INTO pending_indexes (name, definition) VALUES (?, ?)", def.Name, def.SQL).Error; err != nil {
				return err
			}
			if err := tx.Exec("DROP INDEX " + def.Name).Error; err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	ferr := fn()
	if d.rebuildHook != nil {
		// Tests stop here to play a process killed before the rebuild.
		return errors.Join(ferr, d.rebuildHook())
	}
	// Rebuild even when fn failed or was cancelled: the indexes must come back.
	rerr := d.rebuildPendingIndexes(context.WithoutCancel(ctx))
	return errors.Join(ferr, rerr)
}

// rebuildPendingIndexes recreates indexes a bulk load dropped.
func (d *DB) rebuildPendingIndexes(ctx context.Context) error {
	var defs []struct{ Name, Definition string }
	if err := d.w.WithContext(ctx).Raw("SELECT name, definition FROM pending_indexes").Scan(&defs).Error; err != nil {
		return domain.Internal("rebuild indexes", err)
	}
	if len(defs) == 0 {
		return nil
	}
	return d.write(ctx, func(tx *gormDB) error {
		for _, def := range defs {
			sql := def.Definition
			if len(sql) > len("CREATE INDEX ") && sql[:len("CREATE INDEX ")] == "CREATE INDEX " {
				sql = "CREATE INDEX IF NOT EXISTS " + sql[len("CREATE INDEX "):]
			}
			if err := tx.Exec(sql).Error; err != nil {
				return err
			}
			if err := tx.Exec("DELETE FROM pending_indexes WHERE name = ?", def.Name).Error; err != nil {
				return err
			}
		}
		return nil
	})
}
