package storage

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"syscall"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"cityledger/domain"
	"cityledger/domain/i18n"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// DB is the store: one writer pool (a single connection for SQLite, whose writers
// serialise anyway, so that BEGIN IMMEDIATE never waits on itself) and one reader pool.
type DB struct {
	w, r     *gorm.DB
	postgres bool
	location string // file path, or the server and database without the password
	who      string
	// readOnly is set when this process may not write: another CityLedger holds the
	// lock (heldBy), or the file or its folder is not writable (roReason).
	readOnly bool
	roReason string // catalogue key saying why, "" when another program holds the lock
	unlock   func()
	// candidate marks a backup being checked before a restore: it is migrated
	// without keeping a dated copy of it (it is a copy already).
	candidate bool
	// cat caches the catalogue (see catalogue.go).
	cat catalogueCache
	// PostgreSQL: the schema and database the store lives in, and what the login may
	// do there (see access.go).
	schema, database string
	access           domain.Access
}

var _ domain.Store = (*DB)(nil)

// Options say who opens a database.
type Options struct {
	// Program names this program in the lock file ("ledgerctl import", "CityLedger"),
	// so that a program refused the lock can say who holds it. Default: DefaultProgram().
	Program string
}

// DataDir is CityLedger's folder in the platform's user data directory:
// ~/.local/share/cityledger on Linux (or $XDG_DATA_HOME/cityledger), %AppData%\cityledger
// on Windows. The default database and the log files live there.
func DataDir() string {
	if dir := os.Getenv("XDG_DATA_HOME"); dir != "" {
		return filepath.Join(dir, "cityledger")
	}
	if dir, err := os.UserConfigDir(); err == nil && os.Getenv("APPDATA") != "" {
		return filepath.Join(dir, "cityledger")
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".local", "share", "cityledger")
	}
	return "cityledger"
}

// DefaultPath is the default database, ledger.db in DataDir.
func DefaultPath() string { return filepath.Join(DataDir(), "ledger.db") }

// Open opens (and migrates) the database named by dsn: a SQLite file path, created
// when missing, or a PostgreSQL URL or key=value string.
func Open(ctx context.Context, dsn string) (*DB, error) {
	return OpenWith(ctx, dsn, Options{})
}

// OpenWith is Open saying who opens.
func OpenWith(ctx context.Context, dsn string, o Options) (*DB, error) {
	if o.Program == "" {
		o.Program = DefaultProgram()
	}
	d := &DB{}
	var err error
	if IsPostgres(dsn) {
		err = d.openPostgres(ctx, dsn)
	} else {
		err = d.openSQLite(ctx, dsn, o.Program)
	}
	if err != nil {
		d.Close()
		return nil, err
	}
	if d.readOnly {
		return d, nil
	}
	if err := d.migrate(ctx); err != nil {
		d.Close()
		return nil, d.openFailed(err)
	}
	if d.postgres {
		if err := d.readAccess(ctx); err != nil {
			d.Close()
			return nil, d.openFailed(err)
		}
	}
	if err := d.rebuildPendingIndexes(ctx); err != nil {
		d.Close()
		return nil, d.openFailed(err)
	}
	return d, nil
}

func gormConfig() *gorm.Config {
	return &gorm.Config{Logger: logger.Discard, SkipDefaultTransaction: true, PrepareStmt: false}
}

func (d *DB) openPostgres(ctx context.Context, dsn string) error {
	d.postgres = true
	secrets := pgSecrets(dsn)
	loc, err := pgLocation(dsn)
	if err != nil {
		return err
	}
	d.location = loc
	g, err := gorm.Open(postgres.Open(dsn), gormConfig())
	if err != nil {
		return d.openFailed(scrub(err, secrets))
	}
	d.w, d.r = g, g
	sqlDB, err := g.DB()
	if err != nil {
		return d.openFailed(scrub(err, secrets))
	}
	sqlDB.SetMaxOpenConns(8)
	var who struct {
		User     string
		Schema   *string
		Database string
	}
	if err := g.WithContext(ctx).Raw("SELECT current_user AS user, current_schema() AS schema, current_database() AS database").Scan(&who).Error; err != nil {
		return d.openFailed(scrub(err, secrets))
	}
	if who.Schema == nil {
		// The search path names no schema that exists: nowhere to find the tables.
		return domain.Errorf(domain.KindEnvironment, "err.db_open_failed", map[string]any{"Path": d.location, "Reason": i18n.Key("err.server_no_schema")})
	}
	d.who, d.schema, d.database = who.User, *who.Schema, who.Database
	return nil
}

// openFailed turns a failure to open into a message naming the database and, for a
// failure a person can act on (damaged file, permission, server down…), the reason.
func (d *DB) openFailed(err error) error {
	err = classify("open "+d.location, err)
	var de *domain.Error
	if errors.As(err, &de) && de.Kind == domain.KindEnvironment && de.Code != "err.db_open_failed" && de.Code != "err.db_newer" &&
		de.Code != "err.schema_behind" && de.Code != "err.schema_missing" && de.Code != "err.role_refused" {
		return &domain.Error{Kind: domain.KindEnvironment, Code: "err.db_open_failed",
			Params: map[string]any{"Path": d.location, "Reason": i18n.Key(de.Code)}, Err: de.Err}
	}
	return err
}

// sqliteParams are the connection settings of the writer: WAL, foreign keys, a busy
// timeout, and _txlock=immediate, which takes the write lock at BEGIN so a busy
// database waits for the timeout instead of failing a transaction halfway (NOTES.md).
const (
	sqliteWriterParams = "_foreign_keys=on&_journal_mode=WAL&_busy_timeout=10000&_synchronous=NORMAL&_txlock=immediate&_cache_size=-131072"
	sqliteReaderParams = "_foreign_keys=on&_busy_timeout=10000&_query_only=1"
	// A file or folder this process may not write is opened read-only, without the
	// -shm file a WAL reader would create.
	sqliteReadOnlyParams = "mode=ro&_foreign_keys=on&_busy_timeout=10000&_query_only=1"
)

func (d *DB) openSQLite(ctx context.Context, path, program string) error {
	d.location = path
	d.who = osUser()
	dir := filepath.Dir(path)
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return domain.Errorf(domain.KindInvalid, "err.is_folder", map[string]any{"Path": path})
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return domain.FileError(path, err)
		}
	}
	// SQLite's WAL needs shared memory that network file systems do not provide:
	// a database there can be corrupted, so it is refused with advice.
	if fs := onNetworkShare(dir); fs != "" {
		return domain.Errorf(domain.KindInvalid, "err.network_share", map[string]any{"Path": path, "FS": fs})
	}
	if reason := notWritable(path); reason != "" {
		return d.openSQLiteReadOnly(ctx, path, reason)
	}
	release, ok, err := lockWriter(path, newHolder(program))
	if err != nil {
		if isNotWritable(err) {
			return d.openSQLiteReadOnly(ctx, path, "err.ro_folder")
		}
		return domain.FileError(lockPath(path), err)
	}
	d.unlock = release
	d.readOnly = !ok
	writer := sqliteWriterParams
	if d.readOnly {
		writer = sqliteReaderParams
	}
	if err := d.openPools(sqliteURI(path, writer), sqliteURI(path, sqliteReaderParams)); err != nil {
		return d.openFailed(err)
	}
	// Check the file really is a database before migrating (a wrong path gives
	// "not a database" here, which the person can act on).
	if err := d.ping(ctx); err != nil {
		return d.openFailed(err)
	}
	return nil
}

// openSQLiteReadOnly opens a database this process may not write (reason says why):
// reading works, every write is refused saying so.
func (d *DB) openSQLiteReadOnly(ctx context.Context, path, reason string) error {
	if _, err := os.Stat(path); err != nil {
		// Nothing to read, and nowhere to create it.
		return domain.FileError(path, &os.PathError{Op: "create", Path: path, Err: syscall.EACCES})
	}
	d.readOnly, d.roReason = true, reason
	err := d.openReadOnlyPools(ctx, sqliteURI(path, sqliteReadOnlyParams))
	if err != nil {
		// A WAL database whose -shm file cannot be created (a read-only folder) is
		// read as immutable: no one can write it there either. A WAL file left by a
		// crashed writer cannot be replayed there anyway.
		d.closePools()
		err = d.openReadOnlyPools(ctx, sqliteURI(path, sqliteReadOnlyParams+"&immutable=1"))
	}
	if err != nil {
		return d.openFailed(err)
	}
	return nil
}

func (d *DB) openReadOnlyPools(ctx context.Context, uri string) error {
	if err := d.openPools(uri, uri); err != nil {
		return err
	}
	return d.ping(ctx)
}

func (d *DB) openPools(writerURI, readerURI string) error {
	w, err := gorm.Open(sqlite.Open(writerURI), gormConfig())
	if err != nil {
		return err
	}
	wdb, err := w.DB()
	if err != nil {
		return err
	}
	wdb.SetMaxOpenConns(1)
	d.w = w
	r, err := gorm.Open(sqlite.Open(readerURI), gormConfig())
	if err != nil {
		return err
	}
	rdb, err := r.DB()
	if err != nil {
		return err
	}
	rdb.SetMaxOpenConns(4)
	d.r = r
	return nil
}

// ping reads the schema, which fails on a file that is not a database.
func (d *DB) ping(ctx context.Context) error {
	var n int64
	return d.w.WithContext(ctx).Raw("SELECT COUNT(*) FROM sqlite_master").Scan(&n).Error
}

// notWritable names why this process may not write the existing database file
// (a catalogue key), "" when it may.
func notWritable(path string) string {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		if isNotWritable(err) {
			return "err.ro_file"
		}
		return "" // missing (it will be created) or a problem the open will name
	}
	f.Close()
	return ""
}

func isNotWritable(err error) bool {
	return errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS)
}

// ReadOnly reports whether this process may not write the database: another
// CityLedger holds it for writing, or the file or its folder is read-only.
func (d *DB) ReadOnly() bool { return d.readOnly }

// ReadOnlyNotice is the notice to show when the database was opened read-only
// because its file or folder may not be written (nil otherwise: a database another
// CityLedger writes is read beside it, and only a write is refused, naming the writer).
func (d *DB) ReadOnlyNotice() error {
	if !d.readOnly || d.roReason == "" {
		return nil
	}
	return domain.Errorf(domain.KindEnvironment, "err.opened_read_only", map[string]any{"Path": d.location,
		"Reason": i18n.Key(d.roReason)})
}

// errReadOnly refuses a write, saying why this process may not write.
func (d *DB) errReadOnly() error {
	if d.roReason != "" {
		return domain.Errorf(domain.KindEnvironment, "err.read_only_file", map[string]any{"Path": d.location,
			"Reason": i18n.Key(d.roReason)})
	}
	return domain.Errorf(domain.KindConflict, "err.read_only", map[string]any{"Path": d.location, "Holder": readHolder(d.location)})
}

func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	for _, v := range []string{"USER", "USERNAME"} {
		if s := os.Getenv(v); s != "" {
			return s
		}
	}
	return "?"
}

// Describe names the backend and location.
func (d *DB) Describe() string {
	if d.postgres {
		return "PostgreSQL " + d.location
	}
	return "SQLite " + d.location
}

// Path is the SQLite file ("" for PostgreSQL).
func (d *DB) Path() string {
	if d.postgres {
		return ""
	}
	return d.location
}

// Postgres reports whether the store is on a PostgreSQL server.
func (d *DB) Postgres() bool { return d.postgres }

// Who is the name written into audit entries.
func (d *DB) Who() string { return d.who }

// Close closes both pools and releases the writer lock.
func (d *DB) Close() error {
	err := d.closePools()
	if d.unlock != nil {
		d.unlock()
		d.unlock = nil
	}
	return err
}

func (d *DB) closePools() error {
	var errs []error
	for _, g := range []*gorm.DB{d.r, d.w} {
		if g == nil {
			continue
		}
		if s, err := g.DB(); err == nil {
			errs = append(errs, s.Close())
		}
		if d.r == d.w {
			break
		}
	}
	d.r, d.w = nil, nil
	return classify("close", errors.Join(errs...))
}

func now() string { return time.Now().UTC().Format(time.RFC3339Nano) }

// datedCopyName is the name of a copy kept beside the database before a change that
// replaces it: ledger.db.before-restore-20261204-101503.bak.
func datedCopyName(path, why string) string {
	return fmt.Sprintf("%s.%s-%s.bak", path, why, time.Now().Format("20060102-150405"))
}

// Empty reports whether the database holds no unit, asset, project or record.
func (d *DB) Empty(ctx context.Context) (bool, error) {
	return isEmpty(d.r.WithContext(ctx))
}

func isEmpty(db *gorm.DB) (bool, error) {
	var n int64
	err := db.Raw(`SELECT (SELECT COUNT(*) FROM units) + (SELECT COUNT(*) FROM assets) + (SELECT COUNT(*) FROM projects) + (SELECT COUNT(*) FROM maintenance_records)`).Scan(&n).Error
	if err != nil {
		return false, classify("query", err)
	}
	return n == 0, nil
}

// IntegrityCheck runs SQLite's PRAGMA integrity_check ("ok" when sound).
func (d *DB) IntegrityCheck(ctx context.Context) (string, error) {
	if d.postgres {
		return "ok", nil
	}
	var res []string
	if err := d.r.WithContext(ctx).Raw("PRAGMA integrity_check").Scan(&res).Error; err != nil {
		return "", classify("integrity check", err)
	}
	if len(res) == 0 {
		return "", nil
	}
	return res[0], nil
}

// sqlTx is the raw transaction under a GORM transaction, for prepared bulk inserts.
func sqlTx(tx *gorm.DB) (*sql.Tx, bool) {
	t, ok := tx.Statement.ConnPool.(*sql.Tx)
	return t, ok
}
