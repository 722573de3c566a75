package storage

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"cityledger/domain"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// DB is the store: one writer pool (a single connection for SQLite, whose writers
// serialise anyway, so that BEGIN IMMEDIATE never waits on itself) and one reader pool.
type DB struct {
	w, r     *gorm.DB
	postgres bool
	location string // file path or DSN without password, for messages
	who      string
	readOnly bool
	unlock   func()
	// rebuildHook, set by tests, replaces the index rebuild at the end of BulkLoad.
	rebuildHook func() error
	// cat caches the catalogue (see catalogue.go).
	cat catalogueCache
}

var _ domain.Store = (*DB)(nil)

// DefaultPath is the database in the platform's user data directory:
// ~/.local/share/cityledger/ledger.db on Linux, %AppData%\cityledger\ledger.db on Windows.
func DefaultPath() string {
	if dir := os.Getenv("XDG_DATA_HOME"); dir != "" {
		return filepath.Join(dir, "cityledger", "ledger.db")
	}
	if dir, err := os.UserConfigDir(); err == nil && os.Getenv("APPDATA") != "" {
		return filepath.Join(dir, "cityledger", "ledger.db")
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".local", "share", "cityledger", "ledger.db")
	}
	return "ledger.db"
}

// IsPostgres reports whether dsn names a PostgreSQL server.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens (and migrates) the database named by dsn: a SQLite file path, created
// when missing, or a postgres:// URL.
func Open(ctx context.Context, dsn string) (*DB, error) {
	cfg := &gorm.Config{Logger: logger.Discard, SkipDefaultTransaction: true, PrepareStmt: false}
	d := &DB{}
	if IsPostgres(dsn) {
		d.postgres = true
		d.location = redact(dsn)
		g, err := gorm.Open(postgres.Open(dsn), cfg)
		if err != nil {
			return nil, openErr(d.location, err)
		}
		d.w, d.r = g, g
		sqlDB, _ := g.DB()
		sqlDB.SetMaxOpenConns(8)
		if err := g.WithContext(ctx).Raw("SELECT current_user").Scan(&d.who).Error; err != nil {
			return nil, openErr(d.location, err)
		}
	} else {
		path := dsn
		d.location = path
		dir := filepath.Dir(path)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, openErr(path, err)
		}
		// SQLite's WAL needs shared memory that network file systems do not provide:
		// a database there can be corrupted, so it is refused with advice.
		if fs := onNetworkShare(dir); fs != "" {
			return nil, domain.Errorf(domain.KindInvalid, "err.network_share", map[string]any{"Path": path, "FS": fs})
		}
		release, ok, err := lockWriter(path)
		if err != nil {
			return nil, openErr(path, err)
		}
		d.unlock = release
		d.readOnly = !ok
		// _txlock=immediate takes the write lock at BEGIN, so a busy database waits
		// for the busy timeout instead of failing a transaction halfway (NOTES.md).
		params := "_foreign_keys=on&_journal_mode=WAL&_busy_timeout=10000&_synchronous=NORMAL&_txlock=immediate&_cache_size=-131072"
		if d.readOnly {
			params = "_foreign_keys=on&_busy_timeout=10000&_query_only=1"
		}
		w, err := gorm.Open(sqlite.Open("file:"+path+"?"+params), cfg)
		if err != nil {
			return nil, openErr(path, err)
		}
		wdb, _ := w.DB()
		wdb.SetMaxOpenConns(1)
		r, err := gorm.Open(sqlite.Open("file:"+path+"?_foreign_keys=on&_busy_timeout=10000&_query_only=1"), cfg)
		if err != nil {
			return nil, openErr(path, err)
		}
		rdb, _ := r.DB()
		rdb.SetMaxOpenConns(4)
		d.w, d.r = w, r
		d.who = osUser()
		// Check the file really is a database before migrating (a wrong path gives
		// "file is not a database" here, which the person can act on).
		if err := wdb.PingContext(ctx); err != nil {
			return nil, openErr(path, err)
		}
	}
	if d.readOnly {
		return d, nil
	}
	if err := d.migrate(ctx); err != nil {
		d.Close()
		return nil, err
	}
	if err := d.rebuildPendingIndexes(ctx); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// ReadOnly reports whether another CityLedger holds the database for writing, so
// this one opened it read-only: every write is refused with a message that says so.
func (d *DB) ReadOnly() bool { return d.readOnly }

func openErr(path string, err error) error {
	return &domain.Error{Kind: domain.KindInternal, Code: "err.db_open", Params: map[string]any{"Path": path}, Err: err}
}

func redact(dsn string) string {
	if i := strings.Index(dsn, "@"); i > 0 {
		if j := strings.Index(dsn, "://"); j > 0 && j < i {
			return dsn[:j+3] + "…" + dsn[i:]
		}
	}
	return dsn
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

// Close closes both pools.
func (d *DB) Close() error {
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
	if d.unlock != nil {
		d.unlock()
		d.unlock = nil
	}
	return errors.Join(errs...)
}

// SchemaVersion is the number of the newest migration this program knows.
func SchemaVersion() int {
	ms, _ := migrations()
	if len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() ([]migration, error) {
	entries, err := migrationFS.ReadDir("migrations")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		n := e.Name()
		v, err := strconv.Atoi(strings.SplitN(n, "_", 2)[0])
		if err != nil {
			return nil, fmt.Errorf("migration %s: name must start with its number", n)
		}
		b, err := migrationFS.ReadFile("migrations/" + n)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: n, sql: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i := 1; i < len(out); i++ {
		// Two files with one number would leave one of them silently unapplied.
		if out[i].version == out[i-1].version {
			return nil, fmt.Errorf("migrations %s and %s share number %d", out[i-1].name, out[i].name, out[i].version)
		}
	}
	return out, nil
}

func (d *DB) dialect(sqlText string) string {
	rep := map[string]string{
		"{{ID}}":   "INTEGER PRIMARY KEY",
		"{{BLOB}}": "BLOB",
		"{{REAL}}": "REAL",
		"{{JSON}}": "TEXT",
	}
	if d.postgres {
		rep = map[string]string{
			"{{ID}}":   "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
			"{{BLOB}}": "BYTEA",
			"{{REAL}}": "DOUBLE PRECISION",
			"{{JSON}}": "JSONB",
		}
	}
	for k, v := range rep {
		sqlText = strings.ReplaceAll(sqlText, k, v)
	}
	return sqlText
}

// migrate applies the pending versioned SQL migrations, each in its own transaction.
// Schema changes are hand-written SQL, never GORM's Migrator: in gorm's sqlite driver
// v1.6.0 DropColumn rebuilds the table and ON DELETE CASCADE silently deletes child
// rows (NOTES.md). Before migrating an existing SQLite file, a copy is kept beside it.
func (d *DB) migrate(ctx context.Context) error {
	if !d.postgres {
		// SQLite: the writer pool has one connection and the file lock admits one
		// CityLedger, so no one else can migrate at the same time.
		return d.migrateOn(ctx, d.w.WithContext(ctx))
	}
	// PostgreSQL: several apps may start at once against the shared server; a session
	// advisory lock on one pinned connection lets one of them migrate at a time.
	return d.w.WithContext(ctx).Connection(func(conn *gorm.DB) error {
		const lockID = 0x0C17_1ED6 // "CityLedger"
		if err := conn.Exec("SELECT pg_advisory_lock(?)", lockID).Error; err != nil {
			return openErr(d.location, err)
		}
		defer conn.Exec("SELECT pg_advisory_unlock(?)", lockID)
		return d.migrateOn(ctx, conn)
	})
}

// migrationLimit, when set by a test, stops migrating after that version: it makes a
// database as an older program left it.
var migrationLimit int

func (d *DB) migrateOn(ctx context.Context, db *gorm.DB) error {
	ms, err := migrations()
	if err != nil {
		return domain.Internal("migrate", err)
	}
	if err := db.Exec(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`).Error; err != nil {
		return openErr(d.location, err)
	}
	var applied []int
	if err := db.Raw(`SELECT version FROM schema_migrations ORDER BY version`).Scan(&applied).Error; err != nil {
		return openErr(d.location, err)
	}
	have := map[int]bool{}
	maxHave := 0
	for _, v := range applied {
		have[v] = true
		if v > maxHave {
			maxHave = v
		}
	}
	if want := SchemaVersion(); maxHave > want {
		return domain.Errorf(domain.KindInternal, "err.db_newer", map[string]any{"Path": d.location, "Have": maxHave, "Want": want})
	}
	backedUp := false
	for _, m := range ms {
		if have[m.version] || (migrationLimit > 0 && m.version > migrationLimit) {
			continue
		}
		if !d.postgres && maxHave > 0 && !backedUp {
			backup := fmt.Sprintf("%s.before-v%d-%s.bak", d.location, m.version, time.Now().Format("20060102-150405"))
			if err := db.Exec("VACUUM INTO ?", backup).Error; err != nil {
				return domain.Internal("backup before migration", err)
			}
			backedUp = true
		}
		err := db.Transaction(func(tx *gorm.DB) error {
			for _, stmt := range splitSQL(d.dialect(m.sql)) {
				if err := tx.Exec(stmt).Error; err != nil {
					return fmt.Errorf("%s: %w\n%s", m.name, err, stmt)
				}
			}
			return tx.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`, m.version, m.name, now()).Error
		})
		if err != nil {
			return domain.Internal("migrate", err)
		}
	}
	if migrationLimit > 0 && migrationLimit < 5 {
		return nil
	}
	return d.ensureAttrIndexes(ctx, db)
}

// splitSQL splits a migration into statements at semicolons ending a line, dropping
// comment lines. Migrations keep one statement per semicolon-terminated block.
func splitSQL(s string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(s, "\n") {
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "--") {
			continue
		}
		cur.WriteString(line)
		cur.WriteString("\n")
		if strings.HasSuffix(t, ";") {
			out = append(out, strings.TrimSuffix(strings.TrimSpace(cur.String()), ";"))
			cur.Reset()
		}
	}
	if strings.TrimSpace(cur.String()) != "" {
		out = append(out, cur.String())
	}
	return out
}

func now() string { return time.Now().UTC().Format(time.RFC3339Nano) }

// Backup writes a consistent copy of the database to w: for SQLite, VACUUM INTO a
// temporary file (a snapshot even while others write); for PostgreSQL, see backup_pg.go.
func (d *DB) Backup(ctx context.Context, w io.Writer) error {
	if d.postgres {
		return d.backupPostgres(ctx, w)
	}
	tmp, err := os.MkdirTemp("", "cityledger-backup")
	if err != nil {
		return domain.Internal("backup", err)
	}
	defer os.RemoveAll(tmp)
	file := filepath.Join(tmp, "backup.db")
	if err := d.r.WithContext(ctx).Exec("VACUUM INTO ?", file).Error; err != nil {
		// The reader pool is query-only; VACUUM INTO writes only the new file but
		// some SQLite builds still refuse it there, so fall back to the writer.
		if err2 := d.w.WithContext(ctx).Exec("VACUUM INTO ?", file).Error; err2 != nil {
			return domain.Internal("backup", err2)
		}
	}
	return sendFile(w, file)
}

// sendFile copies a finished backup file to w.
func sendFile(w io.Writer, file string) error {
	f, err := os.Open(file)
	if err != nil {
		return domain.Internal("backup", err)
	}
	defer f.Close()
	if _, err := io.Copy(w, f); err != nil {
		return domain.Internal("backup", err)
	}
	return nil
}

// Restore replaces the SQLite database at path with the backup file src after checking
// that src is a CityLedger database. The caller must have closed every DB on path.
func Restore(ctx context.Context, src, path string) error {
	if err := checkBackup(ctx, src); err != nil {
		return err
	}
	tmp := path + ".restoring"
	in, err := os.Open(src)
	if err != nil {
		return domain.Internal("restore", err)
	}
	defer in.Close()
	out, err := os.Create(tmp)
	if err != nil {
		return domain.Internal("restore", err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(tmp)
		return domain.Internal("restore", err)
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return domain.Internal("restore", err)
	}
	out.Close()
	// Stale WAL files of the old database would be replayed onto the new one.
	os.Remove(path + "-wal")
	os.Remove(path + "-shm")
	if err := os.Rename(tmp, path); err != nil {
		return domain.Internal("restore", err)
	}
	return nil
}

func checkBackup(ctx context.Context, src string) error {
	notBackup := domain.Errorf(domain.KindInvalid, "err.not_a_backup", map[string]any{"Path": src})
	f, err := os.Open(src)
	if err != nil {
		return notBackup
	}
	head := make([]byte, 16)
	_, err = io.ReadFull(f, head)
	f.Close()
	if err != nil || string(head) != "SQLite format 3\x00" {
		return notBackup
	}
	g, err := gorm.Open(sqlite.Open("file:"+src+"?mode=ro&_query_only=1"), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		return notBackup
	}
	defer func() {
		if s, err := g.DB(); err == nil {
			s.Close()
		}
	}()
	var n int64
	if err := g.WithContext(ctx).Raw("SELECT COUNT(*) FROM schema_migrations").Scan(&n).Error; err != nil || n == 0 {
		return notBackup
	}
	return nil
}

// Empty reports whether the database holds no unit, asset, project or record.
func (d *DB) Empty(ctx context.Context) (bool, error) {
	var n int64
	err := d.r.WithContext(ctx).Raw(`SELECT (SELECT COUNT(*) FROM units) + (SELECT COUNT(*) FROM assets) + (SELECT COUNT(*) FROM projects) + (SELECT COUNT(*) FROM maintenance_records)`).Scan(&n).Error
	if err != nil {
		return false, domain.Internal("query", err)
	}
	return n == 0, nil
}

// IntegrityCheck runs SQLite's PRAGMA integrity_check ("ok" when sound).
func (d *DB) IntegrityCheck(ctx context.Context) (string, error) {
	if d.postgres {
		return "ok", nil
	}
	var res string
	err := d.r.WithContext(ctx).Raw("PRAGMA integrity_check").Scan(&res).Error
	return res, err
}

// sqlTx is the raw transaction under a GORM transaction, for prepared bulk inserts.
func sqlTx(tx *gorm.DB) (*sql.Tx, bool) {
	t, ok := tx.Statement.ConnPool.(*sql.Tx)
	return t, ok
}
