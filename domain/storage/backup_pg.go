package storage

import (
	"context"
	"io"

	"cityledger/domain"
)

// backupPostgres is the PostgreSQL backup. It is written with the shared-server
// issue; until then a PostgreSQL store refuses to back up with a clear error rather
// than producing a partial copy.
func (d *DB) backupPostgres(ctx context.Context, w io.Writer) error {
	return domain.Errorf(domain.KindInvalid, "err.pg_backup_unsupported", nil)
}
