package storage

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"
	"gorm.io/gorm"

	"cityledger/domain"
	"cityledger/domain/errlog"
	"cityledger/domain/i18n"
)

// Issue 10, case 5: a database path holding a character that a URI reads as syntax
// opens exactly that file, with its lock file beside it.
func TestPathsWithURICharactersOpenThatFile(t *testing.T) {
	ctx := context.Background()
	for _, name := range []string{"a#b.db", "a?b.db", "a%b.db", "a%23b.db", "a b.db", "台账 2020.db", "a?mode=ro.db", "a#?%b &c=d.db"} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, name)
			d, err := Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			seedUnits(t, d)
			d.Close()
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			for _, want := range []string{name, name + ".lock"} {
				if !strings.Contains("\x00"+strings.Join(names, "\x00")+"\x00", "\x00"+want+"\x00") {
					t.Fatalf("files %q: %q missing", names, want)
				}
			}
			for _, n := range names {
				if n != name && !strings.HasPrefix(n, name) {
					t.Errorf("a file of another name was written: %q", n)
				}
			}
			d, err = Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			if units, err := d.ListUnits(ctx); err != nil || len(units) != 2 {
				t.Fatalf("reopened: %d units, %v", len(units), err)
			}
		})
	}
}

// Issue 10, case 8: money sums cannot overflow. At the largest amount allowed
// (10¹²元 = 10¹⁴分 each) the sums are exact; a total past int64 (only possible in data
// written by other tools) is a catalogue error, never SQLite's "integer overflow".
func TestMoneySumsCannotOverflow(t *testing.T) { backends(t, testMoneySumsCannotOverflow) }

func testMoneySumsCannotOverflow(t *testing.T, d *DB) {
	ctx := context.Background()
	seedUnits(t, d)
	const maxAmount = domain.Fen(100_000_000_000_000) // 10¹²元, the documented limit of one amount
	var recs []domain.Record
	for i := 0; i < 100; i++ {
		recs = append(recs, domain.Record{Date: "2020-06-01", WorkType: "维修", Cost: maxAmount})
	}
	if _, err := d.Import(ctx, &domain.Batch{Records: recs,
		Assets: []domain.Asset{{Class: domain.Lamps, Code: "L1", Unit: "局机关", Kind: "通电路灯", OriginalValue: maxAmount},
			{Class: domain.Lamps, Code: "L2", Unit: "局机关", Kind: "通电路灯", OriginalValue: maxAmount}}}); err != nil {
		t.Fatal(err)
	}
	n, total, err := d.CountRecords(ctx, domain.RecordFilter{Year: 2020})
	if err != nil || n != 100 || total != 100*maxAmount {
		t.Fatalf("CountRecords: %d records, %d 分, %v; want 100 and %d", n, total, err, 100*maxAmount)
	}
	st, err := domain.ComputeStats(ctx, d, 2020)
	if err != nil || st.Records.Cost != 100*maxAmount {
		t.Fatalf("stats: %+v %v", st, err)
	}
	if tot, err := d.CountAssets(ctx, domain.AssetFilter{Class: domain.Lamps}); err != nil || tot.OriginalValue != 2*maxAmount {
		t.Fatalf("CountAssets: %+v %v", tot, err)
	}
	// Data from elsewhere: four costs of 2⁶² 分 add up past int64.
	huge := int64(1) << 62
	for i := 0; i < 4; i++ {
		if err := d.w.Exec(`INSERT INTO maintenance_records (date, year, month, funding, work_type, cost, version, updated_at)
			VALUES ('2021-01-05', 2021, 1, '财政拨款', '维修', ?, 1, ?)`, huge, now()).Error; err != nil {
			t.Fatal(err)
		}
	}
	for name, call := range map[string]func() error{
		"CountRecords": func() error { _, _, err := d.CountRecords(ctx, domain.RecordFilter{Year: 2021}); return err },
		"RecordGroups": func() error { _, err := d.RecordGroups(ctx, 2021); return err },
		"Stats":        func() error { _, err := domain.ComputeStats(ctx, d, 2021); return err },
	} {
		err := call()
		de, ok := err.(*domain.Error)
		if !ok || de.Code != "err.sum_overflow" {
			t.Errorf("%s: %v, want err.sum_overflow", name, err)
			continue
		}
		if msg := domain.Message(i18n.ZH, err); strings.Contains(msg, "overflow") || !strings.Contains(msg, "金额") {
			t.Errorf("%s message: %s", name, msg)
		}
	}
	if top, err := d.TopAssetsByCost(ctx, 2021, 5); err != nil {
		t.Errorf("TopAssetsByCost: %v", err)
	} else if len(top) != 0 {
		t.Errorf("TopAssetsByCost: %+v", top)
	}
}

// Issue 10, case 12: a change that would alter a closed year's figures through a date
// inside it is refused everywhere an asset changes; other changes stay allowed.
func TestClosedYearDatesAreRefused(t *testing.T) { backends(t, testClosedYearDatesAreRefused) }

func testClosedYearDatesAreRefused(t *testing.T, d *DB) {
	ctx := context.Background()
	seedUnits(t, d)
	in2020 := &domain.Asset{Class: domain.Lamps, Code: "LD-2020", Unit: "局机关", Kind: "通电路灯", StartDate: "2020-03-01"}
	in2019 := &domain.Asset{Class: domain.Lamps, Code: "LD-2019", Unit: "局机关", Kind: "通电路灯", StartDate: "2019-03-01"}
	for _, a := range []*domain.Asset{in2020, in2019} {
		if err := d.SaveAsset(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.CloseYear(ctx, 2020, []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	refused := func(what string, err error) {
		t.Helper()
		fe := domain.FieldErrors(err)
		if len(fe) == 0 || fe[0].Rule != "closed_year_date" {
			t.Errorf("%s: %v, want the closed year's date refused", what, err)
			return
		}
		if msg := domain.Message(i18n.ZH, err); !strings.Contains(msg, "2020") {
			t.Errorf("%s: the message does not name the year: %s", what, msg)
		}
	}
	refused("a new lamp started in 2020", d.SaveAsset(ctx, &domain.Asset{Class: domain.Lamps, Code: "LD-NEW", Unit: "局机关", Kind: "通电路灯", StartDate: "2020-05-01"}))
	moved := *in2019
	moved.StartDate = "2020-01-10"
	refused("a start date moved into 2020", d.SaveAsset(ctx, &moved))
	out := *in2020
	out.StartDate = "2021-01-10"
	refused("a start date moved out of 2020", d.SaveAsset(ctx, &out))
	refused("a disposal dated 2020", d.RetireAsset(ctx, in2019.ID, "2020-11-30", in2019.Version))
	refused("deleting a lamp started in 2020", d.DeleteAsset(ctx, in2020.ID, in2020.Version))
	_, err := d.UpdateAssets(ctx, []int64{in2019.ID}, domain.AssetUpdate{Fields: []string{"disposal_date"}, Values: domain.Asset{DisposalDate: "2020-12-01"}})
	refused("a bulk edit of the disposal date", err)
	sum, err := d.Import(ctx, &domain.Batch{Assets: []domain.Asset{{Class: domain.Lamps, Code: "LD-IMP", Unit: "局机关", Kind: "通电路灯", StartDate: "2020-07-01"}}})
	refused("an import of a lamp started in 2020", err)
	if sum.Added != 0 {
		t.Errorf("import added %d", sum.Added)
	}
	// Allowed: dates outside the closed year; other fields of an asset held in it.
	note := *in2020
	note.Note = "换了灯头"
	if err := d.SaveAsset(ctx, &note); err != nil {
		t.Errorf("changing the note of a lamp of 2020: %v", err)
	}
	if err := d.SaveAsset(ctx, &domain.Asset{Class: domain.Lamps, Code: "LD-2021", Unit: "局机关", Kind: "通电路灯", StartDate: "2021-02-01"}); err != nil {
		t.Errorf("a lamp of 2021: %v", err)
	}
	if err := d.RetireAsset(ctx, in2019.ID, "2021-06-30", in2019.Version); err != nil {
		t.Errorf("retiring in 2021: %v", err)
	}
	st, err := domain.ComputeStats(ctx, d, 2020)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range st.Classes {
		if c.Class == domain.Lamps && c.Count+c.Disposed != 3 {
			t.Errorf("lamps %+v", c)
		}
	}
}

// Issue 10, case 13: a backup works beside a writer holding the database (an idle
// window, a running import): the second program is read-only, and still backs up.
func TestBackupWorksBesideAWriter(t *testing.T) {
	ctx := context.Background()
	path := liveDatabase(t)
	writer, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	reader, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	if !reader.ReadOnly() {
		t.Fatal("the second program is not read-only")
	}
	// The writer is in the middle of a transaction while the backup runs.
	tx := writer.w.Begin()
	if err := tx.Exec("INSERT INTO units (name, short_name, independent_accounting, updated_at) VALUES ('进行中', '进行中', false, '')").Error; err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	err = reader.Backup(ctx, &buf)
	tx.Rollback()
	if err != nil {
		t.Fatalf("backup beside a writer: %v", err)
	}
	file := filepath.Join(t.TempDir(), "b.db")
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := checkCandidate(ctx, file, file); err != nil {
		t.Fatalf("the backup is not a sound backup: %v", err)
	}
}

// Issue 10, case 13: a database in a read-only folder, or a read-only file, opens
// read-only and says so; a write is refused with a message, not a driver error. Run
// as an unprivileged user (root writes anything).
func TestReadOnlyDatabaseOpensReadOnly(t *testing.T) {
	if os.Getenv("CITYLEDGER_RO_CHILD") != "" {
		readOnlyChild(t, os.Getenv("CITYLEDGER_RO_CHILD"))
		return
	}
	for _, c := range []struct{ name, reason string }{{"file", "err.ro_file"}, {"folder", "err.ro_folder"}} {
		t.Run(c.name, func(t *testing.T) {
			base := t.TempDir()
			// Test folders are private; the unprivileged child must reach the database.
			for _, d := range []string{filepath.Dir(base), base} {
				if err := os.Chmod(d, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			dir := filepath.Join(base, "ro")
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, "ledger.db")
			d, err := Open(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			demoLike(t, d)
			d.Close()
			os.Remove(lockPath(path))
			os.Chmod(path, 0o444)
			if c.name == "folder" {
				os.Chmod(path, 0o666)
				os.Chmod(dir, 0o555)
				defer os.Chmod(dir, 0o755)
			}
			runUnprivileged(t, "TestReadOnlyDatabaseOpensReadOnly", "CITYLEDGER_RO_CHILD="+path+"|"+c.reason)
		})
	}
}

func readOnlyChild(t *testing.T, arg string) {
	path, reason, _ := strings.Cut(arg, "|")
	ctx := context.Background()
	d, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("open: %v (%v)", err, errors.Unwrap(err))
	}
	defer d.Close()
	notice := d.ReadOnlyNotice()
	if !d.ReadOnly() || notice == nil || notice.(*domain.Error).Params["Reason"] != i18n.Key(reason) {
		t.Fatalf("read-only %v, notice %v, want %s", d.ReadOnly(), notice, reason)
	}
	if n, _, err := d.CountRecords(ctx, domain.RecordFilter{}); err != nil || n != 1 {
		t.Fatalf("reading: %d records, %v", n, err)
	}
	err = d.SaveUnit(ctx, &domain.Unit{Name: "新单位", ShortName: "新"})
	if de, ok := err.(*domain.Error); !ok || de.Code != "err.read_only_file" || de.Kind != domain.KindEnvironment {
		t.Fatalf("a write: %v", err)
	}
	var buf bytes.Buffer
	if err := d.Backup(ctx, &buf); err != nil {
		t.Fatalf("backup of a read-only database: %v", err)
	}
}

// runUnprivileged runs the test named test of this binary again with env set, as the
// user nobody when this runs as root (whose writes no permission stops).
func runUnprivileged(t *testing.T, test, env string) {
	t.Helper()
	bin := os.Args[0]
	cmd := exec.Command(bin, "-test.run=^"+test+"$", "-test.v")
	if os.Getuid() == 0 {
		// The test binary sits in a private build folder: nobody gets a copy.
		dir := t.TempDir()
		for _, d := range []string{filepath.Dir(dir), dir} {
			if err := os.Chmod(d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		copyBin := filepath.Join(dir, "storage.test")
		if err := copyPlain(bin, copyBin); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(copyBin, 0o755); err != nil {
			t.Fatal(err)
		}
		cmd = exec.Command(copyBin, "-test.run=^"+test+"$", "-test.v")
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		cmd.Dir = dir
	}
	cmd.Env = append(os.Environ(), env, "HOME=/nonexistent", "XDG_DATA_HOME="+os.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS") {
		t.Fatalf("child: %v\n%s", err, out)
	}
}

// Issue 10, case 18: driver failures are classified by their codes into catalogue
// messages; none of the drivers' own text is in them.
func TestDriverErrorsAreClassifiedByCode(t *testing.T) {
	cases := []struct {
		err  error
		code string
		kind domain.Kind
	}{
		{sqlite3.Error{Code: sqlite3.ErrFull}, "err.db_disk_full", domain.KindEnvironment},
		{sqlite3.Error{Code: sqlite3.ErrIoErr, SystemErrno: syscall.ENOSPC}, "err.db_disk_full", domain.KindEnvironment},
		{sqlite3.Error{Code: sqlite3.ErrIoErr, SystemErrno: syscall.EFBIG}, "err.db_too_large", domain.KindEnvironment},
		{sqlite3.Error{Code: sqlite3.ErrIoErr}, "err.db_io", domain.KindEnvironment},
		{sqlite3.Error{Code: sqlite3.ErrReadonly}, "err.db_read_only", domain.KindEnvironment},
		{sqlite3.Error{Code: sqlite3.ErrPerm}, "err.db_permission", domain.KindEnvironment},
		{sqlite3.Error{Code: sqlite3.ErrCantOpen, SystemErrno: syscall.EACCES}, "err.db_permission", domain.KindEnvironment},
		{sqlite3.Error{Code: sqlite3.ErrCantOpen}, "err.db_cant_open", domain.KindEnvironment},
		{sqlite3.Error{Code: sqlite3.ErrCorrupt}, "err.db_corrupt", domain.KindEnvironment},
		{sqlite3.Error{Code: sqlite3.ErrNotADB}, "err.db_corrupt", domain.KindEnvironment},
		{sqlite3.Error{Code: sqlite3.ErrBusy}, "err.db_busy", domain.KindEnvironment},
		{sqlite3.Error{Code: sqlite3.ErrTooBig}, "err.value_too_big", domain.KindInvalid},
		{fmt.Errorf("wrapped: %w", sqlite3.Error{Code: sqlite3.ErrFull}), "err.db_disk_full", domain.KindEnvironment},
		{&pgconn.PgError{Code: "53100"}, "err.server_disk_full", domain.KindEnvironment},
		{&pgconn.PgError{Code: "42501"}, "err.server_permission", domain.KindEnvironment},
		{&pgconn.PgError{Code: "28P01"}, "err.server_login", domain.KindEnvironment},
		{&pgconn.PgError{Code: "3D000"}, "err.server_no_database", domain.KindEnvironment},
		{&pgconn.PgError{Code: "57P01"}, "err.server_lost", domain.KindEnvironment},
		{&pgconn.PgError{Code: "08006"}, "err.server_lost", domain.KindEnvironment},
		{&pgconn.PgError{Code: "08001"}, "err.server_unreachable", domain.KindEnvironment},
		{&pgconn.PgError{Code: "57P03"}, "err.server_unreachable", domain.KindEnvironment},
		{&pgconn.PgError{Code: "CL001", Detail: "2020"}, "err.year_closed", domain.KindClosed},
		{&pgconn.PgError{Code: "CL002", Detail: "2020"}, "err.year_not_closed", domain.KindInvalid},
		{&pgconn.PgError{Code: "CL005", Detail: "zhang"}, "err.access_login_exists", domain.KindInvalid},
		{&pgconn.PgError{Code: "25006"}, "err.server_read_only", domain.KindEnvironment},
		{&pgconn.PgError{Code: "40001"}, "err.server_retry", domain.KindEnvironment},
		{&net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}, "err.server_unreachable", domain.KindEnvironment},
		{sqlite3.Error{Code: sqlite3.ErrError}, "err.internal", domain.KindInternal},
		{errors.New("something else"), "err.internal", domain.KindInternal},
	}
	for _, c := range cases {
		err := classify("test", c.err)
		de, ok := err.(*domain.Error)
		if !ok || de.Code != c.code || de.Kind != c.kind {
			t.Errorf("%v (%T): got %v, want %s of kind %s", c.err, c.err, err, c.code, c.kind)
			continue
		}
		for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
			if msg := de.Render(lang); strings.Contains(msg, "{{") || strings.Contains(msg, "err.") || msg == "" {
				t.Errorf("%s in %s: %q", c.code, lang, msg)
			}
		}
	}
	if err := classify("test", context.Canceled); err != context.Canceled {
		t.Errorf("a cancellation became %v", err)
	}
}

// Issue 10, case 18: a full disk met by SQLite itself (its page limit stands in for the
// disk) is the catalogue's message, and nothing of the import is written.
func TestAFullDiskIsSaidAsSuch(t *testing.T) {
	ctx := context.Background()
	d := openTemp(t)
	seedUnits(t, d)
	var pages int
	if err := d.w.Raw("PRAGMA page_count").Scan(&pages).Error; err != nil {
		t.Fatal(err)
	}
	if err := d.w.Exec(fmt.Sprintf("PRAGMA max_page_count = %d", pages+5)).Error; err != nil {
		t.Fatal(err)
	}
	var recs []domain.Record
	for i := 0; i < 5000; i++ {
		recs = append(recs, domain.Record{Date: "2020-06-01", WorkType: "维修", Cost: 100, Note: strings.Repeat("满", 50)})
	}
	_, err := d.Import(ctx, &domain.Batch{Records: recs})
	if de, ok := err.(*domain.Error); !ok || de.Code != "err.db_disk_full" || domain.ErrorKind(err) != domain.KindEnvironment {
		t.Fatalf("import onto a full disk: %v", err)
	}
	if msg := domain.Message(i18n.ZH, err); !strings.Contains(msg, "磁盘已满") || strings.Contains(msg, "full") {
		t.Errorf("message: %s", msg)
	}
	if n, _, err := d.CountRecords(ctx, domain.RecordFilter{}); err != nil || n != 0 {
		t.Errorf("%d records written (%v), want none", n, err)
	}
}

// "entity.asset" passed where a subject goes used to give the key entity.entity.asset
// ("找不到entity.entity.asset“42”"): subjects are built here only and every one renders.
func TestEverySubjectRendersInBothLanguages(t *testing.T) {
	subjects := []subject{subjectAsset, subjectUnit, subjectProject, subjectIndicator, subjectRecord, subjectSettings, subjectCase}
	for _, c := range domain.BuiltinCatalogue().Keys() {
		subjects = append(subjects, classSubject(c))
	}
	subjects = append(subjects, classSubject("no-such-class"))
	for _, s := range subjects {
		for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
			if !i18n.Has(lang, string(s.key)) {
				t.Errorf("%s: no %s text", s.key, lang)
			}
		}
	}
	err := translate(gorm.ErrRecordNotFound, subjectAsset, "42")
	if zh := domain.Message(i18n.ZH, err); zh != "找不到资产“42”" {
		t.Errorf("not found: %q", zh)
	}
	ctx := context.Background()
	d := openTemp(t)
	if _, err := d.GetAsset(ctx, 42); domain.Message(i18n.ZH, err) != "找不到资产“42”" {
		t.Errorf("GetAsset(42): %q", domain.Message(i18n.ZH, err))
	}
	if _, err := d.GetAssetByCode(ctx, domain.Lamps, "LD-9"); domain.Message(i18n.ZH, err) != "找不到路灯“LD-9”" {
		t.Errorf("GetAssetByCode: %q", domain.Message(i18n.ZH, err))
	}
	// A user class is named by its declaration, in each language.
	if _, err := d.AddClass(ctx, kioskClass()); err != nil {
		t.Fatal(err)
	}
	err = translate(gorm.ErrRecordNotFound, defSubject(&domain.ClassDef{Key: "kiosks", Name: domain.Label{ZH: "报刊亭", EN: "Kiosks"}}), "K9")
	if zh, en := domain.Message(i18n.ZH, err), domain.Message(i18n.EN, err); zh != "找不到报刊亭“K9”" || !strings.Contains(en, "Kiosks") {
		t.Errorf("user class: %q / %q", zh, en)
	}
	if _, err := d.GetAssetByCode(ctx, "kiosks", "K9"); domain.Message(i18n.ZH, err) != "找不到报刊亭“K9”" {
		t.Errorf("GetAssetByCode(kiosks): %q", domain.Message(i18n.ZH, err))
	}
}

// Issue 10, case 17: a PostgreSQL password, in a URL (with an unescaped "@") or in
// key=value form, appears in no message and no log.
func TestPostgresPasswordNeverShows(t *testing.T) {
	logDir := t.TempDir()
	l := errlog.New(logDir, "test")
	previous := domain.SetInternalReporter(l.Record)
	defer func() { domain.SetInternalReporter(previous) }()
	for _, c := range []struct{ dsn, secret string }{
		{"postgres://cityledger:Secret99@@127.0.0.1:1/ledger?connect_timeout=2", "Secret99@"},
		{"postgres://cityledger:S3cr%40t@127.0.0.1:1/ledger?connect_timeout=2", "S3cr@t"},
		{"postgres://cityledger:pa/ss@word@127.0.0.1:1/ledger", "pa/ss@word"},
		{"host=127.0.0.1 port=1 user=cityledger password=Kv-Secret-7 dbname=ledger connect_timeout=2", "Kv-Secret-7"},
		{"host=127.0.0.1 port=1 user=cityledger password='Kv Secret\\'8' dbname=ledger connect_timeout=2", "Kv Secret'8"},
		{"postgres://cityledger:Secret99@@127.0.0.1:1/ledger?connect_timeout=2", "Secret99"},
	} {
		for _, s := range Secrets(c.dsn) {
			l.Redact(s)
		}
		_, err := Open(context.Background(), c.dsn)
		if err == nil {
			t.Fatalf("%s opened", c.dsn)
		}
		for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
			msg := domain.Message(lang, err)
			if strings.Contains(msg, c.secret) || strings.Contains(msg, "Secret") {
				t.Errorf("the password shows: %s", msg)
			}
		}
		if k := domain.ErrorKind(err); k != domain.KindEnvironment && k != domain.KindInvalid {
			t.Errorf("%s: kind %s (%v)", c.dsn, k, err)
		}
	}
	logs, _ := filepath.Glob(filepath.Join(logDir, "*"))
	for _, f := range logs {
		b, _ := os.ReadFile(f)
		if strings.Contains(string(b), "Secret") || strings.Contains(string(b), "S3cr") || strings.Contains(string(b), "ss@word") {
			t.Errorf("%s holds the password:\n%s", f, b)
		}
	}
	if !IsPostgres("host=db user=li password=x dbname=ledger") || !IsPostgres("host = db password='a b\\'c' dbname=ledger") ||
		IsPostgres("台账 host=2020.db") || IsPostgres("ledger.db") || IsPostgres("/tmp/a=b.db") || IsPostgres("host=db password='open") {
		t.Error("IsPostgres misreads a key=value DSN or a file name")
	}
}
