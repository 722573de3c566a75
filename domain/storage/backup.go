package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/mattn/go-sqlite3"

	"cityledger/domain"
)

// Backup writes a consistent copy of the database to w: for SQLite, a snapshot taken
// with SQLite's online backup API, which reads only, so it works beside running
// writers (an open window, an import) and in a read-only process; for PostgreSQL,
// see backup_pg.go. The copy is an ordinary CityLedger SQLite file.
func (d *DB) Backup(ctx context.Context, w io.Writer) error {
	if d.postgres {
		return d.backupPostgres(ctx, w)
	}
	tmp, err := os.MkdirTemp("", "cityledger-backup")
	if err != nil {
		return domain.FileError(os.TempDir(), err)
	}
	defer os.RemoveAll(tmp) // a leftover in the temporary folder harms no one
	file := filepath.Join(tmp, "backup.db")
	if err := d.snapshotTo(ctx, file); err != nil {
		return err
	}
	return sendFile(w, file)
}

// snapshotTo copies the database into a new SQLite file at file, page by page in one
// read transaction of the source (a consistent snapshot while others write).
func (d *DB) snapshotTo(ctx context.Context, file string) error {
	srcDB, err := d.r.DB()
	if err != nil {
		return classify("backup", err)
	}
	src, err := srcDB.Conn(ctx)
	if err != nil {
		return classify("backup", err)
	}
	defer src.Close()
	dstDB, err := sql.Open("sqlite3", sqliteURI(file, ""))
	if err != nil {
		return classify("backup", err)
	}
	defer dstDB.Close()
	dst, err := dstDB.Conn(ctx)
	if err != nil {
		return classify("backup", err)
	}
	defer dst.Close()
	err = dst.Raw(func(dc any) error {
		return src.Raw(func(sc any) error {
			to, ok1 := dc.(*sqlite3.SQLiteConn)
			from, ok2 := sc.(*sqlite3.SQLiteConn)
			if !ok1 || !ok2 {
				return fmt.Errorf("backup: driver connections are %T and %T", dc, sc)
			}
			b, err := to.Backup("main", from, "main")
			if err != nil {
				return err
			}
			// -1: every page in one step, under one read lock of the source.
			_, stepErr := b.Step(-1)
			return errors.Join(stepErr, b.Finish())
		})
	})
	return classify("backup", err)
}

// sendFile copies a finished backup file to w. A failure to write w comes back as
// it is, for the writer's owner to name its own file (atomicfile.Write does).
func sendFile(w io.Writer, file string) error {
	f, err := os.Open(file)
	if err != nil {
		return domain.FileError(file, err)
	}
	defer f.Close()
	buf := make([]byte, 1<<20)
	for {
		n, rerr := f.Read(buf)
		if n > 0 {
			if _, werr := w.Write(buf[:n]); werr != nil {
				return werr
			}
		}
		if rerr == io.EOF {
			return nil
		}
		if rerr != nil {
			return domain.FileError(file, rerr)
		}
	}
}
