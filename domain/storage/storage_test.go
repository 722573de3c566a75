package storage

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"cityledger/domain"
	"cityledger/domain/i18n"
)

func openTemp(t testing.TB) *DB {
	t.Helper()
	d, err := Open(context.Background(), filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// backends runs a store test against SQLite and, when CITYLEDGER_PG_DSN names a
// server (make test starts one), against PostgreSQL in a fresh schema.
func backends(t *testing.T, test func(t *testing.T, d *DB)) {
	t.Run("sqlite", func(t *testing.T) { test(t, openTemp(t)) })
	t.Run("postgres", func(t *testing.T) {
		d := openPostgres(t)
		if d == nil {
			return
		}
		test(t, d)
	})
}

func seedUnits(t testing.TB, d *DB) {
	t.Helper()
	ctx := context.Background()
	for _, u := range []domain.Unit{
		{Name: "攀枝花市西区综合行政执法局", ShortName: "局机关", IndependentAccounting: true},
		{Name: "攀枝花市西区市容环境卫生服务中心", ShortName: "环卫中心", Parent: "局机关", IndependentAccounting: true},
	} {
		u := u
		if err := d.SaveUnit(ctx, &u); err != nil {
			t.Fatal(err)
		}
	}
}

func TestOpenSetsPragmasAndMigrates(t *testing.T) {
	d := openTemp(t)
	var fk, timeout int
	var mode string
	d.w.Raw("PRAGMA foreign_keys").Scan(&fk)
	d.w.Raw("PRAGMA journal_mode").Scan(&mode)
	d.w.Raw("PRAGMA busy_timeout").Scan(&timeout)
	if fk != 1 || mode != "wal" || timeout < 5000 {
		t.Fatalf("foreign_keys=%d journal_mode=%s busy_timeout=%d", fk, mode, timeout)
	}
	var v int
	d.w.Raw("SELECT MAX(version) FROM schema_migrations").Scan(&v)
	if v != SchemaVersion() {
		t.Fatalf("schema version %d, want %d", v, SchemaVersion())
	}
}

func TestAssetLifecycleWritesAudit(t *testing.T) { backends(t, testAssetLifecycleWritesAudit) }

func testAssetLifecycleWritesAudit(t *testing.T, d *DB) {
	seedUnits(t, d)
	ctx := context.Background()
	a := &domain.Asset{Class: domain.Lamps, Code: "LD-1", Unit: "局机关", Kind: "通电路灯", Road: "清香坪街", Geometry: orb.Point{101.6, 26.6}}
	if err := d.SaveAsset(ctx, a); err != nil {
		t.Fatal(err)
	}
	a.Road = "河门口路"
	if err := d.SaveAsset(ctx, a); err != nil {
		t.Fatal(err)
	}
	stale := *a
	stale.Version = 1
	stale.Note = "x"
	if err := d.SaveAsset(ctx, &stale); domain.ErrorKind(err) != domain.KindConflict {
		t.Fatalf("stale save: %v", err)
	} else if msg := domain.Message(i18n.ZH, err); !strings.Contains(msg, "LD-1") || !strings.Contains(msg, "1") {
		t.Fatalf("conflict message %q", msg)
	}
	if err := d.RetireAsset(ctx, a.ID, "2021-05-01", a.Version); err != nil {
		t.Fatal(err)
	}
	got, _ := d.GetAsset(ctx, a.ID)
	if got.Status != domain.StatusDisposed || got.DisposalDate != "2021-05-01" {
		t.Fatalf("retire: %+v", got)
	}
	hist, _ := d.AuditHistory(ctx, "assets", a.ID, 0)
	fields := map[string]bool{}
	for _, h := range hist {
		fields[h.Field] = true
		if h.Who == "" {
			t.Fatal("audit entry without who")
		}
	}
	if !fields["road"] || !fields["status"] || !fields["*"] {
		t.Fatalf("audit fields %v", fields)
	}
	if err := d.DeleteAsset(ctx, a.ID, got.Version); err != nil {
		t.Fatal(err)
	}
	hist, _ = d.AuditHistory(ctx, "assets", a.ID, 0)
	if hist[0].Action != "delete" || !strings.Contains(hist[0].Old, "河门口路") {
		t.Fatalf("delete audit %+v", hist[0])
	}
}

func TestImportIsAllOrNothingAndIdempotent(t *testing.T) {
	backends(t, testImportIsAllOrNothingAndIdempotent)
}

func testImportIsAllOrNothingAndIdempotent(t *testing.T, d *DB) {
	seedUnits(t, d)
	ctx := context.Background()
	batch := func(badUnit bool) *domain.Batch {
		b := &domain.Batch{}
		for i := 0; i < 3000; i++ {
			u := "局机关"
			if badUnit && i == 1234 {
				u = "不存在的单位"
			}
			b.Assets = append(b.Assets, domain.Asset{Class: domain.Lamps, Code: "L" + itoa(int64(i)), Unit: u, Kind: "通电路灯",
				Geometry: orb.Point{101.6 + float64(i)*1e-5, 26.6}})
		}
		b.Projects = []domain.Project{{Code: "P1", Year: 2020, Name: "路灯维修", Unit: "局机关", Budget: 100000, FiscalBudget: 100000}}
		b.Records = []domain.Record{
			{Date: "2020-03-01", AssetClass: domain.Lamps, AssetCode: "L1", ProjectCode: "P1", WorkType: "维修", Quantity: 1, QuantityUnit: "盏", Cost: 5000},
			{Date: "2020-03-01", AssetClass: domain.Lamps, AssetCode: "L1", ProjectCode: "P1", WorkType: "维修", Quantity: 1, QuantityUnit: "盏", Cost: 5000},
		}
		return b
	}
	sum, err := d.Import(ctx, batch(true))
	if err == nil {
		t.Fatal("bad row accepted")
	}
	fe := domain.FieldErrors(err)
	if len(fe) != 1 || fe[0].Row != 1235 || fe[0].Field != "unit" {
		t.Fatalf("errors %+v", fe)
	}
	if !strings.Contains(domain.Message(i18n.ZH, err), "第1235行") || !strings.Contains(domain.Message(i18n.EN, err), "Row 1235") {
		t.Fatalf("message: %s", domain.Message(i18n.ZH, err))
	}
	if n, _ := d.CountAssets(ctx, domain.AssetFilter{Class: domain.Lamps}); n.Count != 0 || sum.Added != 0 {
		t.Fatalf("half-written: %d assets, summary %+v", n.Count, sum)
	}
	sum, err = d.Import(ctx, batch(false))
	if err != nil {
		t.Fatal(err)
	}
	if sum.Added != 3003 {
		t.Fatalf("first import %+v", sum)
	}
	sum, err = d.Import(ctx, batch(false))
	if err != nil {
		t.Fatal(err)
	}
	if sum.Added != 0 || sum.Updated != 0 || sum.Unchanged != 3003 {
		t.Fatalf("second import %+v", sum)
	}
	st, err := domain.ComputeStats(ctx, d, 2020)
	if err != nil {
		t.Fatal(err)
	}
	// The six founding registers are listed even when empty; lamps is the second.
	if len(st.Classes) != len(domain.FoundingClasses) || st.Classes[1].Class != domain.Lamps || st.Classes[1].Count != 3000 || st.Records.Count != 2 || st.Records.Cost != 10000 {
		t.Fatalf("stats %+v", st)
	}
}

func TestRecordRulesAreRefused(t *testing.T) { backends(t, testRecordRulesAreRefused) }

func testRecordRulesAreRefused(t *testing.T, d *DB) {
	seedUnits(t, d)
	ctx := context.Background()
	p := &domain.Project{Code: "P1", Year: 2020, Name: "x", Unit: "局机关", Budget: 100, FiscalBudget: 100}
	if err := d.SaveProject(ctx, p); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		r    domain.Record
		rule string
	}{
		{"negative cost", domain.Record{Date: "2020-01-02", WorkType: "维修", Cost: -1}, "negative"},
		{"outside year", domain.Record{Date: "2021-01-02", WorkType: "维修", Cost: 1, ProjectCode: "P1"}, "outside_project_year"},
		{"unknown project", domain.Record{Date: "2020-01-02", WorkType: "维修", Cost: 1, ProjectCode: "NOPE"}, "unknown_project"},
		{"unknown asset", domain.Record{Date: "2020-01-02", WorkType: "维修", Cost: 1, AssetClass: domain.Lamps, AssetCode: "X"}, "unknown_asset"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := c.r
			err := d.SaveRecord(ctx, &r)
			fe := domain.FieldErrors(err)
			if len(fe) == 0 || fe[0].Rule != c.rule {
				t.Fatalf("got %v", err)
			}
			n, _, _ := d.CountRecords(ctx, domain.RecordFilter{})
			if n != 0 {
				t.Fatal("written")
			}
		})
	}
}

func TestClosedYearRefusesChanges(t *testing.T) { backends(t, testClosedYearRefusesChanges) }

func testClosedYearRefusesChanges(t *testing.T, d *DB) {
	seedUnits(t, d)
	ctx := context.Background()
	r := &domain.Record{Date: "2020-05-01", WorkType: "维修", Cost: 100}
	if err := d.SaveRecord(ctx, r); err != nil {
		t.Fatal(err)
	}
	if err := d.CloseYear(ctx, 2020, []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	r.Cost = 200
	if err := d.SaveRecord(ctx, r); domain.ErrorKind(err) != domain.KindClosed {
		t.Fatalf("closed year write: %v", err)
	}
	if err := d.ReopenYear(ctx, 2020, "更正金额"); err != nil {
		t.Fatal(err)
	}
	if err := d.SaveRecord(ctx, r); err != nil {
		t.Fatal(err)
	}
}

func TestBackupRestoreRoundTrip(t *testing.T) { backends(t, testBackupRestoreRoundTrip) }

// A backup restored into a fresh store of either backend holds the same registers.
func testBackupRestoreRoundTrip(t *testing.T, d *DB) {
	seedUnits(t, d)
	ctx := context.Background()
	b := &domain.Batch{
		Assets:   []domain.Asset{{Class: domain.Vehicles, Code: "CL-1", Unit: "环卫中心", Kind: domain.UseLaw, BodyType: "皮卡车", Official: true, OriginalValue: 14760000, StartDate: "2020-03-01"}},
		Projects: []domain.Project{{Code: "P1", Year: 2020, Name: "项目", Unit: "局机关", Budget: 100, FiscalBudget: 100, Disclosed: true}},
		Records:  []domain.Record{{Date: "2020-04-01", AssetClass: domain.Vehicles, AssetCode: "CL-1", WorkType: "燃料费", Cost: 4710000}},
		Settings: []domain.YearSettings{{Year: 2020, Notes: map[string]string{domain.NoteOfficialPurchase: "主要用于执法"}}},
	}
	if _, err := d.Import(ctx, b); err != nil {
		t.Fatal(err)
	}
	want, _ := domain.ComputeStats(ctx, d, 2020)
	var buf bytes.Buffer
	if err := d.Backup(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("SQLite format 3")) {
		t.Fatal("backup is not a database")
	}
	file := filepath.Join(t.TempDir(), "backup.db")
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	targets := map[string]*DB{"sqlite": nil}
	if pg := os.Getenv("CITYLEDGER_PG_DSN"); pg != "" {
		targets["postgres"] = openPostgres(t)
	}
	for name, target := range targets {
		if target == nil {
			path := filepath.Join(t.TempDir(), "restored.db")
			if _, err := Restore(ctx, file, path, RestoreOptions{}); err != nil {
				t.Fatal(err)
			}
			var err error
			if target, err = Open(ctx, path); err != nil {
				t.Fatal(err)
			}
			defer target.Close()
		} else if _, err := target.RestoreFrom(ctx, file, RestoreOptions{}); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, err := domain.ComputeStats(ctx, target, 2020)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("restored into %s:\n got %+v\nwant %+v", name, got, want)
		}
		s, err := target.GetYearSettings(ctx, 2020)
		if err != nil || s.Notes[domain.NoteOfficialPurchase] != "主要用于执法" {
			t.Errorf("%s settings: %+v %v", name, s, err)
		}
		// Identity columns continue after the restored rows.
		u := domain.Unit{Name: "新单位", ShortName: "新"}
		if err := target.SaveUnit(ctx, &u); err != nil {
			t.Errorf("%s: insert after restore: %v", name, err)
		}
	}
}

// A stale edit names both values of every field it disagrees on.
func TestStaleEditShowsBothValues(t *testing.T) {
	d := openTemp(t)
	seedUnits(t, d)
	ctx := context.Background()
	a := &domain.Asset{Class: domain.Lamps, Code: "LD-9", Unit: "局机关", Kind: "通电路灯", Road: "清香坪街"}
	if err := d.SaveAsset(ctx, a); err != nil {
		t.Fatal(err)
	}
	theirs := *a
	theirs.Road = "河门口路"
	if err := d.SaveAsset(ctx, &theirs); err != nil {
		t.Fatal(err)
	}
	mine := *a
	mine.Road = "格里坪路"
	err := d.SaveAsset(ctx, &mine)
	zh, en := domain.Message(i18n.ZH, err), domain.Message(i18n.EN, err)
	if !strings.Contains(zh, "所在道路：您的值“格里坪路”，当前值“河门口路”") || !strings.Contains(en, `road: yours "格里坪路", current "河门口路"`) {
		t.Fatalf("conflict messages:\n%s\n%s", zh, en)
	}
}

// Migrating an existing SQLite file first keeps a copy of it beside the database.
func TestMigrationKeepsABackupOfTheOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "old.db")
	ctx := context.Background()
	// A file as the program before the newest migration left it.
	last := SchemaVersion()
	migrationLimit = last - 1
	d, err := Open(ctx, path)
	migrationLimit = 0
	if err != nil {
		t.Fatal(err)
	}
	seedUnits(t, d)
	d.Close()
	d, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	backups, _ := filepath.Glob(path + fmt.Sprintf(".before-v%d-*.bak", last))
	if len(backups) != 1 {
		t.Fatalf("backups: %v", backups)
	}
	old, err := Open(ctx, backups[0])
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	if units, _ := old.ListUnits(ctx); len(units) != 2 {
		t.Fatalf("the backup holds %d units, want 2", len(units))
	}
}
