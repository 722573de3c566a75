package storage

import (
	"context"
	"errors"
	"strings"

	"gorm.io/gorm"

	"cityledger/domain"
)

type gormDB = gorm.DB

// ImportAll runs fn — a series of large imports such as `ledgerctl gen` — in ONE
// transaction: every batch fn loads is written, or none is (a load killed midway
// leaves the database as it was). Batches keep memory bounded; they must not be dry
// runs. On SQLite the maintenance records' secondary indexes are dropped at the start
// of the transaction and rebuilt at its end: building an index once over a million
// rows takes a few seconds, where keeping three indexes up to date row by row takes
// several times that. Being inside the transaction, a killed load rolls the drop back
// with everything else.
func (d *DB) ImportAll(ctx context.Context, fn func(load func(*domain.Batch) (domain.ImportSummary, error)) error) error {
	if d.readOnly {
		return d.errReadOnly()
	}
	if !d.postgres {
		// A transaction larger than the page cache spills pages to the WAL and
		// writes them again as they change; a cache the size of a million records
		// avoids that. SQLite takes the memory only as pages are used.
		if err := d.w.WithContext(ctx).Exec("PRAGMA cache_size = -524288").Error; err != nil {
			return classify("import", err)
		}
		defer func() {
			// Back to the writer's usual size (sqliteWriterParams). Should this fail,
			// the larger cache only keeps memory until the database is closed.
			_ = d.w.Exec("PRAGMA cache_size = -131072").Error
		}()
	}
	err := d.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		defs, err := d.dropRecordIndexes(tx)
		if err != nil {
			return err
		}
		load := func(b *domain.Batch) (domain.ImportSummary, error) {
			if b.DryRun {
				return domain.ImportSummary{}, domain.Internal("import", errors.New("a dry run inside ImportAll"))
			}
			im := d.newImporter(b)
			err := im.run(ctx, tx)
			if err != nil {
				return im.result(err)
			}
			return im.sum, nil
		}
		if err := fn(load); err != nil {
			return err
		}
		for _, def := range defs {
			if err := tx.Exec(def).Error; err != nil {
				return err
			}
		}
		return nil
	})
	return classify("import", err)
}

// dropRecordIndexes drops the maintenance records' and cases' secondary indexes in tx (SQLite
// only) and returns their definitions. The unique import-key index stays: it guards
// correctness, and generated rows carry no key, so it costs nothing.
func (d *DB) dropRecordIndexes(tx *gorm.DB) ([]string, error) {
	if d.postgres {
		return nil, nil
	}
	var defs []struct{ Name, SQL string }
	if err := tx.Raw(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('maintenance_records', 'cases')
		AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'`).Scan(&defs).Error; err != nil {
		return nil, err
	}
	out := make([]string, len(defs))
	for i, def := range defs {
		if err := tx.Exec("DROP INDEX " + def.Name).Error; err != nil {
			return nil, err
		}
		out[i] = def.SQL
	}
	return out, nil
}

// rebuildPendingIndexes recreates indexes that a bulk load of an earlier version
// dropped outside its transaction and did not live to rebuild (pending_indexes).
func (d *DB) rebuildPendingIndexes(ctx context.Context) error {
	var defs []struct{ Name, Definition string }
	if err := d.w.WithContext(ctx).Raw("SELECT name, definition FROM pending_indexes").Scan(&defs).Error; err != nil {
		return classify("rebuild indexes", err)
	}
	if len(defs) == 0 {
		return nil
	}
	return d.write(ctx, func(tx *gormDB) error {
		for _, def := range defs {
			sql := def.Definition
			if rest, ok := strings.CutPrefix(sql, "CREATE INDEX "); ok {
				sql = "CREATE INDEX IF NOT EXISTS " + rest
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
