package storage

import (
	"bytes"
	"context"
	"crypto/sha256"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cityledger/domain"
	"cityledger/domain/i18n"
)

// demoLike fills d with a unit, a lamp, a project and a record of 2020.
func demoLike(t testing.TB, d *DB) {
	t.Helper()
	seedUnits(t, d)
	b := &domain.Batch{
		Assets:   []domain.Asset{{Class: domain.Lamps, Code: "LD-1", Unit: "局机关", Kind: "通电路灯", Road: "清香坪街", StartDate: "2019-03-01"}},
		Projects: []domain.Project{{Code: "P1", Year: 2020, Name: "路灯维护", Unit: "局机关", Budget: 100000, FiscalBudget: 100000, Disclosed: true}},
		Records:  []domain.Record{{Date: "2020-04-01", AssetClass: domain.Lamps, AssetCode: "LD-1", ProjectCode: "P1", WorkType: "维修", Cost: 12000}},
	}
	if _, err := d.Import(context.Background(), b); err != nil {
		t.Fatal(err)
	}
}

// backupFile writes d's backup to a file and returns its path.
func backupFile(t testing.TB, d *DB) string {
	t.Helper()
	var buf bytes.Buffer
	if err := d.Backup(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "backup.db")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// liveDatabase is a closed SQLite database at a path of its own holding demoLike.
func liveDatabase(t testing.TB) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "live.db")
	d, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	demoLike(t, d)
	d.Close()
	return path
}

func fileHash(t testing.TB, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// editBackup opens a backup file as a plain SQLite database and runs statements on it.
func editBackup(t testing.TB, path string, stmts ...string) {
	t.Helper()
	d := &DB{location: path}
	uri := sqliteURI(path, "_foreign_keys=off")
	if err := d.openPools(uri, uri); err != nil {
		t.Fatal(err)
	}
	defer d.closePools()
	for _, s := range stmts {
		if err := d.w.Exec(s).Error; err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	if err := d.w.Exec("PRAGMA wal_checkpoint(TRUNCATE)").Error; err != nil {
		t.Fatal(err)
	}
}

// refusedRestore restores src over the live database at live and checks that it is
// refused with code, and that the live database did not change by one byte.
func refusedRestore(t *testing.T, src, live, code string, force bool) *domain.Error {
	t.Helper()
	before := fileHash(t, live)
	_, err := Restore(context.Background(), src, live, RestoreOptions{Force: force})
	de, ok := err.(*domain.Error)
	if !ok || de.Code != code {
		t.Fatalf("restore: %v, want %s", err, code)
	}
	if fileHash(t, live) != before {
		t.Fatal("a refused restore changed the live database")
	}
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		if msg := domain.Message(lang, err); strings.Contains(msg, "{{") || strings.Contains(msg, "err.") {
			t.Errorf("%s message unrendered: %s", lang, msg)
		}
	}
	if left, _ := filepath.Glob(live + ".restoring-*"); len(left) > 0 {
		t.Errorf("the checked copy was left behind: %v", left)
	}
	return de
}

// Issue 10, case 3: a backup with pages overwritten in the middle is refused by
// PRAGMA integrity_check before the live file is touched.
func TestRestoreRefusesADamagedBackup(t *testing.T) {
	live := liveDatabase(t)
	src := func() string {
		d := openTemp(t)
		demoLike(t, d)
		// Enough rows that the file has pages in the middle to damage.
		var recs []domain.Record
		for i := 0; i < 3000; i++ {
			recs = append(recs, domain.Record{Date: "2020-05-01", AssetClass: domain.Lamps, AssetCode: "LD-1", WorkType: "巡查",
				Cost: domain.Fen(100 + i), Note: strings.Repeat("巡查记录", 10)})
		}
		if _, err := d.Import(context.Background(), &domain.Batch{Records: recs}); err != nil {
			t.Fatal(err)
		}
		return backupFile(t, d)
	}()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	mid := len(b) / 2 / 4096 * 4096
	for i := mid; i < mid+2*4096 && i < len(b); i++ {
		b[i] = byte(i * 7)
	}
	if err := os.WriteFile(src, b, 0o644); err != nil {
		t.Fatal(err)
	}
	refusedRestore(t, src, live, "err.backup_damaged", true)
}

// Issue 10, case 3: a backup lacking a table, a column or an index of its schema
// version is refused and the message names what is missing.
func TestRestoreRefusesAnIncompleteBackup(t *testing.T) {
	cases := []struct {
		name, stmt, names string
	}{
		{"table", "DROP TABLE indicators", "indicators"},
		{"column", "ALTER TABLE assets DROP COLUMN plate", "assets.plate"},
		{"index", "DROP INDEX records_asset", "records_asset"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			live := liveDatabase(t)
			d := openTemp(t)
			demoLike(t, d)
			src := backupFile(t, d)
			editBackup(t, src, c.stmt)
			de := refusedRestore(t, src, live, "err.backup_incomplete", true)
			if msg := domain.Message(i18n.ZH, de); !strings.Contains(msg, c.names) {
				t.Errorf("message does not name %s: %s", c.names, msg)
			}
		})
	}
}

// Issue 10, case 4: a backup from a newer schema is refused before anything changes.
func TestRestoreRefusesANewerBackupBeforeAnythingChanges(t *testing.T) {
	live := liveDatabase(t)
	d := openTemp(t)
	demoLike(t, d)
	src := backupFile(t, d)
	editBackup(t, src, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future.sql', '2030-01-01')")
	refusedRestore(t, src, live, "err.backup_newer", true)
	if copies, _ := filepath.Glob(live + ".before-restore-*"); len(copies) > 0 {
		t.Errorf("a refused restore left copies: %v", copies)
	}
}

func TestRestoreRefusesWhatIsNotABackup(t *testing.T) {
	live := liveDatabase(t)
	text := filepath.Join(t.TempDir(), "notes.db")
	if err := os.WriteFile(text, []byte("not a database at all, just text\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	refusedRestore(t, text, live, "err.not_a_backup", true)
	d := openTemp(t)
	src := backupFile(t, d)
	editBackup(t, src, "DROP TABLE schema_migrations")
	refusedRestore(t, src, live, "err.not_a_backup", true)
}

// Issue 10, case 4: every restore can be undone (the replaced database is kept as a
// dated copy beside it) and is written into the audit history.
func TestRestoreKeepsTheReplacedDatabaseAndRecordsItself(t *testing.T) {
	ctx := context.Background()
	live := liveDatabase(t)
	empty := openTemp(t)
	seedUnits(t, empty)
	src := backupFile(t, empty)
	refusedRestore(t, src, live, "err.restore_not_empty", false)
	res, err := Restore(ctx, src, live, RestoreOptions{Force: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Copy == "" || filepath.Dir(res.Copy) != filepath.Dir(live) || !strings.HasPrefix(filepath.Base(res.Copy), "live.db.before-restore-") {
		t.Fatalf("copy %q, want a dated copy beside %s", res.Copy, live)
	}
	old, err := Open(ctx, res.Copy)
	if err != nil {
		t.Fatal(err)
	}
	if n, _, err := old.CountRecords(ctx, domain.RecordFilter{}); err != nil || n != 1 {
		t.Errorf("the kept copy holds %d records (%v), want the replaced database's 1", n, err)
	}
	old.Close()
	d, err := Open(ctx, live)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if n, _, _ := d.CountRecords(ctx, domain.RecordFilter{}); n != 0 {
		t.Errorf("restored database holds %d records, want the backup's 0", n)
	}
	changes, err := d.RecentChanges(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	var restored, kept bool
	for _, c := range changes {
		restored = restored || (c.Action == "restore" && c.Field == "*" && c.New == src)
		kept = kept || (c.Action == "restore" && c.Field == "kept_copy" && c.New == res.Copy)
	}
	if !restored || !kept {
		t.Errorf("audit history %+v lacks the restore of %s and its copy", changes, src)
	}
	if res, err := d.IntegrityCheck(ctx); err != nil || res != "ok" {
		t.Errorf("integrity_check %q %v", res, err)
	}
}

// Issue 10, case 4: a backup that predates a year close would reopen the year: refused
// without --force naming the year; with --force done, the copy kept, the reopening
// recorded.
func TestRestoreOfABackupBeforeAYearCloseNamesTheYear(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "live.db")
	d, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	demoLike(t, d)
	src := backupFile(t, d)
	if err := d.CloseYear(ctx, 2020, []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	d.Close()
	de := refusedRestore(t, src, path, "err.restore_reopens", false)
	if zh, en := domain.Message(i18n.ZH, de), domain.Message(i18n.EN, de); !strings.Contains(zh, "2020") || !strings.Contains(en, "2020") {
		t.Fatalf("messages do not name 2020:\n%s\n%s", zh, en)
	}
	res, err := Restore(ctx, src, path, RestoreOptions{Force: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Reopened) != 1 || res.Reopened[0] != 2020 || res.Copy == "" {
		t.Fatalf("result %+v", res)
	}
	d, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	changes, err := d.RecentChanges(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range changes {
		found = found || (c.Action == "restore" && c.Field == "reopened_years" && c.New == "2020")
	}
	if !found {
		t.Errorf("the reopening is not in the audit history: %+v", changes)
	}
}

// Issue 10, case 2 (storage side): a restore takes the writer lock and is refused at
// once, naming the holder, while another program holds the database.
func TestRestoreIsRefusedWhileTheDatabaseIsHeld(t *testing.T) {
	ctx := context.Background()
	path := liveDatabase(t)
	holder, err := OpenWith(ctx, path, Options{Program: "ledgerctl import"})
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	empty := openTemp(t)
	src := backupFile(t, empty)
	de := refusedRestore(t, src, path, "err.locked_by", true)
	msg := domain.Message(i18n.ZH, de)
	if !strings.Contains(msg, "ledgerctl import") || !strings.Contains(msg, itoa(int64(os.Getpid()))) {
		t.Errorf("the refusal does not name the holder: %s", msg)
	}
}

// Issue 10, case 4 (PostgreSQL): a bad backup is refused with the store unchanged; a
// good one is recorded in the audit history; closed years are not reopened silently.
func TestPostgresRestoreChecksTheBackupAndRecordsIt(t *testing.T) {
	d := openPostgres(t)
	if d == nil {
		return
	}
	ctx := context.Background()
	demoLike(t, d)
	good := func() string {
		s := openTemp(t)
		seedUnits(t, s)
		return backupFile(t, s)
	}
	bad := good()
	editBackup(t, bad, "DROP TABLE indicators")
	if _, err := d.RestoreFrom(ctx, bad, RestoreOptions{Force: true, CopyDir: t.TempDir()}); domain.ErrorKind(err) != domain.KindInvalid {
		t.Fatalf("incomplete backup: %v", err)
	}
	if n, _, _ := d.CountRecords(ctx, domain.RecordFilter{}); n != 1 {
		t.Fatalf("a refused restore changed the store: %d records", n)
	}
	if err := d.CloseYear(ctx, 2020, []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	src := good()
	if _, err := d.RestoreFrom(ctx, src, RestoreOptions{CopyDir: t.TempDir()}); err == nil || err.(*domain.Error).Code != "err.restore_reopens" {
		t.Fatalf("restore over a closed year without force: %v", err)
	}
	res, err := d.RestoreFrom(ctx, src, RestoreOptions{Force: true, CopyDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if res.Copy == "" || len(res.Reopened) != 1 {
		t.Fatalf("result %+v", res)
	}
	if _, err := os.Stat(res.Copy); err != nil {
		t.Errorf("the copy of the replaced store: %v", err)
	}
	changes, err := d.RecentChanges(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) == 0 || changes[0].Action != "restore" {
		t.Errorf("the restore is not in the audit history: %+v", changes)
	}
}

// A restore is how a damaged database is replaced: refused without --force (what it
// holds cannot be told), done with it, the damaged file kept as it was.
func TestRestoreOverADamagedDatabase(t *testing.T) {
	ctx := context.Background()
	live := filepath.Join(t.TempDir(), "live.db")
	garbage := []byte(strings.Repeat("这不是数据库", 1000))
	if err := os.WriteFile(live, garbage, 0o644); err != nil {
		t.Fatal(err)
	}
	d := openTemp(t)
	demoLike(t, d)
	src := backupFile(t, d)
	refusedRestore(t, src, live, "err.restore_unreadable", false)
	res, err := Restore(ctx, src, live, RestoreOptions{Force: true})
	if err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(res.Copy); err != nil || !bytes.Equal(b, garbage) {
		t.Errorf("the damaged file was not kept as it was: %v", err)
	}
	r, err := Open(ctx, live)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if n, _, _ := r.CountRecords(ctx, domain.RecordFilter{}); n != 1 {
		t.Errorf("restored database holds %d records, want 1", n)
	}
}

// A backup holding a migration this program does not know, numbered below its newest
// (a newer program's branch landed after a higher number), is refused too: the newest
// number alone does not show it.
func TestRestoreRefusesABackupWithAnUnknownMigration(t *testing.T) {
	live := liveDatabase(t)
	d := openTemp(t)
	demoLike(t, d)
	src := backupFile(t, d)
	editBackup(t, src, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (6, '0006_from_a_newer_program.sql', '2030-01-01')")
	refusedRestore(t, src, live, "err.backup_unknown_version", true)
}
