package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"gorm.io/driver/sqlite"
	"gorm.io/gorm"

	"cityledger/domain"
	"cityledger/domain/atomicfile"
	"cityledger/domain/i18n"
)

// RestoreOptions say how a restore may proceed.
type RestoreOptions struct {
	// Force replaces a database that holds data, or whose closed years the backup
	// would reopen (the replaced database is kept as a copy either way).
	Force bool
	// Program names this program in the lock file while it restores.
	Program string
	// CopyDir is where a PostgreSQL restore keeps a backup of what it replaces
	// (a SQLite restore keeps it beside the file). Default: DataDir()/backups.
	CopyDir string
}

// RestoreResult says what a restore did.
type RestoreResult struct {
	Copy     string // the replaced database, kept so that the restore can be undone ("" when there was none)
	Reopened []int  // closed years of the replaced database that the backup has open
	Version  int    // the backup's schema version, before it was brought up to date
}

// Restore replaces the SQLite database at path with the backup at src, as careful
// database tools do: it takes the writer lock first (refused at once, naming the
// holder, while another program writes the file); checks a copy of the backup
// completely (a SQLite file, PRAGMA integrity_check, a schema version this program
// knows, every table, column and index that version has, foreign keys); refuses to
// replace data, or to reopen closed years, without Force; brings the copy up to
// date and records the restore in its audit log; keeps the replaced database as a
// dated copy beside it; and only then renames the checked copy over the database.
// Killed at any moment it leaves the old database or the new one, never a mix.
func Restore(ctx context.Context, src, path string, o RestoreOptions) (RestoreResult, error) {
	var res RestoreResult
	if o.Program == "" {
		o.Program = DefaultProgram()
	}
	if IsPostgres(path) {
		return res, domain.Internal("restore", errors.New("a PostgreSQL database is restored with DB.RestoreFrom"))
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return res, domain.FileError(path, err)
	}
	release, ok, err := lockWriter(path, newHolder(o.Program))
	if err != nil {
		return res, domain.FileError(lockPath(path), err)
	}
	if !ok {
		return res, errLockedBy(path)
	}
	defer release()
	removeStaleCandidates(path)

	// The candidate is a copy beside the database: checked, brought up to date and
	// then renamed into place, on the same file system.
	candidate := fmt.Sprintf("%s.restoring-%d", path, os.Getpid())
	if err := copyPlain(src, candidate); err != nil {
		return res, err
	}
	defer removeDatabaseFiles(candidate) // nothing left once renamed or refused
	cand, version, err := openCandidate(ctx, src, candidate)
	if err != nil {
		return res, err
	}
	res.Version = version
	defer cand.Close()

	live, exists, err := inspectLive(ctx, path)
	if err != nil {
		return res, err
	}
	if exists {
		candClosed, err := closedYears(cand.w.WithContext(ctx))
		if err != nil {
			return res, err
		}
		res.Reopened = reopenedYears(live.closed, candClosed)
		if err := refuseUnlessForced(src, live, res.Reopened, o.Force); err != nil {
			return res, err
		}
		res.Copy = datedCopyName(path, "before-restore")
	}
	if err := cand.recordRestore(ctx, src, res); err != nil {
		return res, err
	}
	if err := cand.checkpointAndClose(ctx); err != nil {
		return res, err
	}
	if exists {
		if err := keepLiveCopy(ctx, path, res.Copy, live.readable); err != nil {
			return res, err
		}
	}
	// The old database's WAL was checkpointed into the copy's source and the file
	// itself; stale -wal/-shm files would be replayed onto the restored one.
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(path + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return res, domain.FileError(path+suffix, err)
		}
	}
	if err := os.Rename(candidate, path); err != nil {
		return res, domain.FileError(path, err)
	}
	atomicfile.SyncDir(filepath.Dir(path))
	return res, nil
}

// liveState is what a restore needs to know of the database it replaces.
type liveState struct {
	readable bool
	empty    bool
	closed   map[int]bool
}

// inspectLive reads the database a restore would replace; exists is false when there
// is none. A file that cannot be read (damaged) is replaced only with --force.
func inspectLive(ctx context.Context, path string) (liveState, bool, error) {
	var st liveState
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return st, false, nil
	} else if err != nil {
		return st, false, domain.FileError(path, err)
	}
	g, err := gorm.Open(sqlite.Open(sqliteURI(path, sqliteWriterParams)), gormConfig())
	if err != nil {
		return st, true, nil
	}
	defer closeGorm(g)
	db := g.WithContext(ctx)
	if st.empty, err = isEmpty(db); err != nil {
		return st, true, nil
	}
	if st.closed, err = closedYears(db); err != nil {
		return st, true, nil
	}
	// Checkpoint so that the file holds every committed change before it is copied
	// and replaced; nothing can write it while we hold the lock.
	if err := db.Exec("PRAGMA wal_checkpoint(TRUNCATE)").Error; err != nil {
		return st, true, classify("restore", err)
	}
	st.readable = true
	return st, true, nil
}

// refuseUnlessForced refuses, without force, to replace data or reopen closed years.
func refuseUnlessForced(src string, live liveState, reopened []int, force bool) error {
	if force {
		return nil
	}
	if len(reopened) > 0 {
		return domain.Errorf(domain.KindInvalid, "err.restore_reopens", map[string]any{"Path": src, "Years": yearList(reopened)})
	}
	if !live.readable {
		return domain.Errorf(domain.KindInvalid, "err.restore_unreadable", nil)
	}
	if !live.empty {
		return domain.Errorf(domain.KindInvalid, "err.restore_not_empty", nil)
	}
	return nil
}

// reopenedYears lists the years closed in the live database that the backup has open.
func reopenedYears(live, backup map[int]bool) []int {
	var out []int
	for y := range live {
		if !backup[y] {
			out = append(out, y)
		}
	}
	sort.Ints(out)
	return out
}

// yearList renders years for a message: "2020、2021" in Chinese, "2020, 2021" in English.
type yearList []int

func (ys yearList) Localize(lang i18n.Lang) string {
	s := make([]string, len(ys))
	for i, y := range ys {
		s[i] = strconv.Itoa(y)
	}
	if lang == i18n.ZH {
		return strings.Join(s, "、")
	}
	return strings.Join(s, ", ")
}

// keepLiveCopy keeps the database about to be replaced as copy: a consistent VACUUM
// INTO when it can be read, its bytes as they are when it cannot (damaged). It is
// written under a temporary name first, so a restore killed meanwhile leaves no
// half copy under a name that promises a whole one.
func keepLiveCopy(ctx context.Context, path, copy string, readable bool) error {
	part := copy + partSuffix
	if !readable {
		if err := copyPlain(path, part); err != nil {
			return err
		}
		// Its WAL may hold what the damaged file lacks: kept beside the copy, under
		// the name SQLite looks for.
		if _, err := os.Stat(path + "-wal"); err == nil {
			if err := copyPlain(path+"-wal", copy+"-wal"); err != nil {
				os.Remove(part)
				return err
			}
		}
	} else {
		g, err := gorm.Open(sqlite.Open(sqliteURI(path, sqliteWriterParams)), gormConfig())
		if err != nil {
			return classify("restore", err)
		}
		defer closeGorm(g)
		if err := g.WithContext(ctx).Exec("VACUUM INTO ?", part).Error; err != nil {
			os.Remove(part)
			return classify("restore", err)
		}
	}
	if err := os.Rename(part, copy); err != nil {
		os.Remove(part)
		return domain.FileError(copy, err)
	}
	return nil
}

// partSuffix marks a copy being written.
const partSuffix = ".part"

// openCandidate checks the copy of a backup at file (src names it in messages) and
// opens it, brought up to the current schema. version is its schema version before.
func openCandidate(ctx context.Context, src, file string) (*DB, int, error) {
	version, err := checkCandidate(ctx, src, file)
	if err != nil {
		return nil, 0, err
	}
	d := &DB{location: file, who: osUser(), candidate: true}
	uri := sqliteURI(file, sqliteWriterParams)
	if err := d.openPools(uri, uri); err != nil {
		d.Close()
		return nil, 0, classify("restore", err)
	}
	if err := d.migrate(ctx); err != nil {
		d.Close()
		return nil, 0, err
	}
	if err := d.rebuildPendingIndexes(ctx); err != nil {
		d.Close()
		return nil, 0, err
	}
	return d, version, nil
}

// recordRestore writes the restore into the restored database's own history, in the
// candidate before it is installed, so that a restore is never without its record.
func (d *DB) recordRestore(ctx context.Context, src string, res RestoreResult) error {
	return d.write(ctx, func(tx *gorm.DB) error { return d.auditRestore(tx, src, res) })
}

func (d *DB) auditRestore(tx *gorm.DB, src string, res RestoreResult) error {
	abs, err := filepath.Abs(src)
	if err != nil {
		abs = src
	}
	if err := d.auditNote(tx, "restore", "database", "*", "", abs); err != nil {
		return err
	}
	if res.Copy != "" {
		if err := d.auditNote(tx, "restore", "database", "kept_copy", "", res.Copy); err != nil {
			return err
		}
	}
	if len(res.Reopened) > 0 {
		if err := d.auditNote(tx, "restore", "database", "reopened_years", "", yearList(res.Reopened).Localize(i18n.ZH)); err != nil {
			return err
		}
	}
	return nil
}

// checkpointAndClose leaves the candidate as one self-contained file, ready to rename.
func (d *DB) checkpointAndClose(ctx context.Context) error {
	err := d.w.WithContext(ctx).Exec("PRAGMA wal_checkpoint(TRUNCATE)").Error
	return errors.Join(classify("restore", err), d.Close())
}

// copyPlain copies the file at from to to (created or truncated), flushed to the disk.
func copyPlain(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return domain.FileError(from, err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, atomicfile.Mode)
	if err != nil {
		return domain.FileError(to, err)
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(to)
		return domain.FileError(to, err)
	}
	return nil
}

// removeDatabaseFiles removes a SQLite file and its -wal and -shm (missing ones are fine).
func removeDatabaseFiles(path string) {
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		_ = os.Remove(p) // a leftover is removed by the next restore
	}
}

// removeStaleCandidates removes the checked copies and half-written copies of the
// replaced database that restores killed midway left.
func removeStaleCandidates(path string) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		n := e.Name()
		if strings.HasPrefix(n, base+".restoring-") || strings.HasPrefix(n, base+".before-restore-") && strings.HasSuffix(n, partSuffix) {
			_ = os.Remove(filepath.Join(dir, e.Name())) // only ever our own temporary files
		}
	}
}

func closeGorm(g *gorm.DB) {
	if s, err := g.DB(); err == nil {
		_ = s.Close() // read-only use: nothing to lose
	}
}
