package storage

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"

	"cityledger/domain"
	"cityledger/domain/i18n"
	"cityledger/domain/storage/pgtest"
)

// sharedRegister is a private server with a database owned by a login "owner" (not
// a superuser, but allowed to create roles, as a bureau's DBA would set it up), on
// which the owner ran `access setup` and gave one login each role.
type sharedRegister struct {
	srv    *pgtest.Server
	owner  *DB
	logins map[domain.Role]string // role → its login's DSN
}

const testPassword = "Pass-word 1@x" // has a space and an @, as real ones do

func newSharedRegister(t *testing.T) *sharedRegister {
	t.Helper()
	srv := pgtest.Start(t)
	super := rawOpen(t, srv.Superuser("postgres"))
	for _, stmt := range []string{
		"CREATE ROLE owner LOGIN CREATEROLE PASSWORD 'owner-pw'",
		"CREATE DATABASE ledger OWNER owner",
	} {
		if err := super.Exec(stmt).Error; err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	owner, err := Open(ctx, srv.DSN("owner", "owner-pw", "ledger"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { owner.Close() })
	if err := owner.SetupAccess(ctx); err != nil {
		t.Fatal(err)
	}
	r := &sharedRegister{srv: srv, owner: owner, logins: map[domain.Role]string{}}
	for _, role := range domain.Roles {
		login := strings.TrimPrefix(role.ServerName(), "cityledger_") + "_1"
		created, err := owner.GrantRole(ctx, login, role, func() (string, error) { return testPassword, nil })
		if err != nil || !created {
			t.Fatalf("grant %s: created %v, %v", login, created, err)
		}
		r.logins[role] = srv.DSN(login, strings.ReplaceAll(strings.ReplaceAll(testPassword, "@", "%40"), " ", "%20"), "ledger")
	}
	return r
}

// as opens the register as the login holding role.
func (r *sharedRegister) as(t *testing.T, role domain.Role) *DB {
	t.Helper()
	d, err := Open(context.Background(), r.logins[role])
	if err != nil {
		t.Fatalf("open as %s: %v", role.ServerName(), err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// raw connects with plain GORM, as psql would: no CityLedger code in the way.
func (r *sharedRegister) raw(t *testing.T, role domain.Role) *gorm.DB {
	return rawOpen(t, r.logins[role])
}

func rawOpen(t *testing.T, dsn string) *gorm.DB {
	t.Helper()
	g, err := gorm.Open(postgres.Open(dsn), gormConfig())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if s, err := g.DB(); err == nil {
			s.Close()
		}
	})
	return g
}

// sqlState is the SQLSTATE of a server error ("" for none).
func sqlState(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// noDriverText fails when a message meant for a person carries the server's words.
func noDriverText(t *testing.T, what string, err error) {
	t.Helper()
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		msg := domain.Message(lang, err)
		for _, bad := range []string{"SQLSTATE", "ERROR:", "pq:", "pgx", "permission denied for"} {
			if strings.Contains(msg, bad) {
				t.Errorf("%s (%s): %q carries driver text", what, lang, msg)
			}
		}
	}
}

func errCode(err error) string {
	var de *domain.Error
	if errors.As(err, &de) {
		return de.Code
	}
	return ""
}

// Each login reads what the server says it is, and may do what its role may: the
// server refuses the rest with a catalogue message (never SQLSTATE text).
func TestRolesAreEnforcedByTheServer(t *testing.T) {
	r := newSharedRegister(t)
	ctx := context.Background()
	seedUnits(t, r.owner)
	for _, role := range domain.Roles {
		d := r.as(t, role)
		if got := d.Access(); got.Role != role || !got.Managed {
			t.Fatalf("%s reads its access as %+v", role.ServerName(), got)
		}
		if _, err := d.ListUnits(ctx); err != nil {
			t.Fatalf("%s cannot read: %v", role.ServerName(), err)
		}
		a := &domain.Asset{Class: domain.Lamps, Code: "L-" + role.ServerName(), Unit: "局机关", Kind: "通电路灯", StartDate: "2021-03-01"}
		err := d.SaveAsset(ctx, a)
		want := role >= domain.RoleEditor
		if (err == nil) != want || (err != nil && errCode(err) != "err.server_permission") {
			t.Errorf("%s saves an asset: %v", role.ServerName(), err)
		}
		noDriverText(t, role.ServerName()+" saves an asset", err)
		s := &domain.YearSettings{Year: 2021, Notes: map[string]string{"other_vehicles": role.ServerName()}}
		err = d.SaveYearSettings(ctx, s)
		if want := role >= domain.RoleFinance; (err == nil) != want || (err != nil && errCode(err) != "err.server_permission") {
			t.Errorf("%s saves year settings: %v", role.ServerName(), err)
		}
		noDriverText(t, role.ServerName()+" saves settings", err)
		err = d.CloseYear(ctx, 2019, []byte(`{}`))
		if want := role >= domain.RoleFinance; (err == nil) != want || (err != nil && errCode(err) != "err.server_permission") {
			t.Errorf("%s closes 2019: %v", role.ServerName(), err)
		}
		if err == nil {
			if err := d.ReopenYear(ctx, 2019, "test"); err != nil {
				t.Errorf("%s reopens 2019: %v", role.ServerName(), err)
			}
		}
	}
	// The audit log names the logins, whatever the client wrote.
	var who []string
	if err := r.owner.r.Raw("SELECT DISTINCT who FROM audit_log WHERE action IN ('create', 'close-year', 'reopen-year') ORDER BY 1").Scan(&who).Error; err != nil {
		t.Fatal(err)
	}
	if strings.Join(who, ",") != "admin_1,editor_1,finance_1,owner" {
		t.Errorf("audit who: %v", who)
	}
}

// psql as an editor (or finance, or admin) cannot rewrite the audit log or reopen a
// year by updating year_settings, and cannot write into a closed year; the owner
// alone may change the log.
func TestPsqlCannotRewriteTheAuditLogOrReopenAYear(t *testing.T) {
	r := newSharedRegister(t)
	ctx := context.Background()
	seedUnits(t, r.owner)
	if err := r.owner.SaveRecord(ctx, &domain.Record{Date: "2020-05-01", WorkType: "维修", Cost: 100}); err != nil {
		t.Fatal(err)
	}
	if err := r.as(t, domain.RoleFinance).CloseYear(ctx, 2020, []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	type attempt struct {
		sql   string
		state string
	}
	refused := map[domain.Role][]attempt{
		domain.RoleViewer: {
			{"INSERT INTO units (name, short_name, independent_accounting, updated_at) VALUES ('x', 'x', false, '')", "42501"},
		},
		domain.RoleEditor: {
			{"UPDATE audit_log SET who = 'owner'", "42501"},
			{"DELETE FROM audit_log", "42501"},
			{"TRUNCATE audit_log", "42501"},
			{"UPDATE year_settings SET closed = false WHERE year = 2020", "42501"},
			{"DELETE FROM year_settings WHERE year = 2020", "42501"},
			{"SELECT cityledger_reopen_year(2020, 'psql')", "42501"},
			{"INSERT INTO maintenance_records (date, year, month, funding, work_type, cost, updated_at) VALUES ('2020-06-01', 2020, 6, '财政拨款', '维修', 1, '')", "CL001"},
			{"UPDATE maintenance_records SET cost = 1 WHERE year = 2020", "CL001"},
			{"DELETE FROM maintenance_records WHERE year = 2020", "CL001"},
			{"INSERT INTO assets (class, code, unit_id, status, start_date, kind, official, updated_at) SELECT 'lamps', 'X', id, '在用', '2020-02-02', '通电路灯', false, '' FROM units LIMIT 1", "CL001"},
			{"INSERT INTO report_snapshots (year, model, created_at) VALUES (2021, '{}', '')", "42501"},
		},
		domain.RoleFinance: {
			{"UPDATE year_settings SET closed = false WHERE year = 2020", "42501"},
			{"UPDATE year_settings SET notes = '{}' WHERE year = 2020", "CL001"},
			{"INSERT INTO year_settings (year, notes, closed, version, updated_at) VALUES (2030, '{}', true, 1, '')", "42501"},
			{"UPDATE audit_log SET who = 'owner'", "42501"},
		},
		domain.RoleAdmin: {
			{"UPDATE audit_log SET who = 'owner'", "42501"},
			{"DELETE FROM audit_log", "42501"},
			{"TRUNCATE audit_log", "42501"},
			{"UPDATE year_settings SET closed = false WHERE year = 2020", "42501"},
			{"DELETE FROM year_settings WHERE year = 2020", "CL001"},
		},
	}
	for _, role := range domain.Roles {
		g := r.raw(t, role)
		for _, a := range refused[role] {
			err := g.Exec(a.sql).Error
			if got := sqlState(err); got != a.state {
				t.Errorf("%s: %s: SQLSTATE %q (%v), want %s", role.ServerName(), a.sql, got, err, a.state)
			}
			if err != nil {
				noDriverText(t, a.sql, classify("test", err))
			}
		}
	}
	// An entry written with a made-up who is stamped with the login's name.
	ed := r.raw(t, domain.RoleEditor)
	if err := ed.Exec("INSERT INTO audit_log (at, who, action, entity) VALUES ('1999-01-01T00:00:00Z', 'owner', 'note', 'x')").Error; err != nil {
		t.Fatal(err)
	}
	var who, at string
	r.owner.r.Raw("SELECT who, at FROM audit_log WHERE action = 'note'").Row().Scan(&who, &at)
	if who != "editor_1" || strings.HasPrefix(at, "1999") {
		t.Errorf("forged entry stored as %q at %q", who, at)
	}
	// The year is still closed and its record still there.
	var closed bool
	r.owner.r.Raw("SELECT closed FROM year_settings WHERE year = 2020").Scan(&closed)
	var n int
	r.owner.r.Raw("SELECT COUNT(*) FROM maintenance_records WHERE year = 2020").Scan(&n)
	if !closed || n != 1 {
		t.Errorf("after the attempts: closed %v, %d records", closed, n)
	}
	// The owner may change the log (the one exception).
	if err := r.owner.w.Exec("DELETE FROM audit_log WHERE action = 'note'").Error; err != nil {
		t.Errorf("the owner deletes an audit entry: %v", err)
	}
}

// A wrong password is a catalogue message naming the database, never the
// password or the server's text.
func TestWrongPasswordIsACatalogueMessage(t *testing.T) {
	r := newSharedRegister(t)
	dsn := r.srv.DSN("editor_1", "not-it", "ledger")
	_, err := Open(context.Background(), dsn)
	if domain.ErrorKind(err) != domain.KindEnvironment || errCode(err) != "err.db_open_failed" {
		t.Fatalf("wrong password: %v", err)
	}
	noDriverText(t, "wrong password", err)
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		msg := domain.Message(lang, err)
		if strings.Contains(msg, "not-it") || !strings.Contains(msg, i18n.T(lang, "err.server_login", nil)) {
			t.Errorf("%s: %q", lang, msg)
		}
	}
}

// A login with nothing but SELECT opens the register without DDL; when the program
// is newer than the schema it is told to ask an admin, and an admin who does not own
// the schema brings it up to date through the owner's function, the new table owned
// by the owner and readable by the viewer.
func TestOnlyAnAdminMigratesAndOthersAreToldToAskOne(t *testing.T) {
	r := newSharedRegister(t)
	ctx := context.Background()
	next := SchemaVersion() + 1
	testMigrations = []migration{{version: next, name: "9999_test.sql", sql: "CREATE TABLE test_newer (id {{ID}}, note TEXT NOT NULL DEFAULT '');"}}
	defer func() { testMigrations = nil }()
	for _, role := range []domain.Role{domain.RoleViewer, domain.RoleEditor, domain.RoleFinance} {
		_, err := Open(ctx, r.logins[role])
		if errCode(err) != "err.schema_behind" || domain.ErrorKind(err) != domain.KindEnvironment {
			t.Fatalf("%s opens a schema behind the program: %v", role.ServerName(), err)
		}
		noDriverText(t, "schema behind", err)
	}
	admin := r.as(t, domain.RoleAdmin)
	var owner string
	admin.r.Raw("SELECT tableowner FROM pg_tables WHERE tablename = 'test_newer' AND schemaname = current_schema()").Scan(&owner)
	if owner != "owner" {
		t.Fatalf("the new table is owned by %q", owner)
	}
	viewer := r.as(t, domain.RoleViewer)
	var n int
	if err := viewer.r.Raw("SELECT COUNT(*) FROM test_newer").Scan(&n).Error; err != nil {
		t.Fatalf("the viewer reads the new table: %v", err)
	}
	var who string
	admin.r.Raw("SELECT who FROM audit_log WHERE action = 'migrate'").Scan(&who)
	if who != "admin_1" {
		t.Errorf("migration recorded as %q", who)
	}
}
