package storage

import (
	"context"

	"cityledger/domain"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

var schemaSeq atomic.Int64

// openPostgres opens a store in a new schema of the server named by
// CITYLEDGER_PG_DSN, dropped when the test ends; nil (and a skip) without a server.
func openPostgres(t testing.TB) *DB {
	t.Helper()
	dsn := os.Getenv("CITYLEDGER_PG_DSN")
	if dsn == "" {
		t.Skip("CITYLEDGER_PG_DSN is not set: no PostgreSQL server to test against (make test starts one)")
		return nil
	}
	admin, err := gorm.Open(postgres.Open(dsn), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		t.Fatalf("PostgreSQL at CITYLEDGER_PG_DSN: %v", err)
	}
	schema := fmt.Sprintf("t%d_%d", time.Now().UnixNano()%1e9, schemaSeq.Add(1))
	if err := admin.Exec("CREATE SCHEMA " + schema).Error; err != nil {
		t.Fatal(err)
	}
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	d, err := Open(context.Background(), dsn+sep+"search_path="+schema)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		d.Close()
		admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		if s, err := admin.DB(); err == nil {
			s.Close()
		}
	})
	return d
}

// Apps starting together against one new PostgreSQL schema migrate it once between
// them: the advisory lock serialises the migrations.
func TestPostgresConcurrentStartsMigrateOnce(t *testing.T) {
	// Four apps start at once against one empty schema.
	dsn := emptySchemaDSN(t)
	if dsn == "" {
		return
	}
	errs := make(chan error, 4)
	for i := 0; i < 4; i++ {
		go func() {
			d, err := Open(context.Background(), dsn)
			if err == nil {
				d.Close()
			}
			errs <- err
		}()
	}
	for i := 0; i < 4; i++ {
		if err := <-errs; err != nil {
			t.Errorf("concurrent start: %v", err)
		}
	}
}

// A schema main's program made (0008 and 0009 applied, the catalogue's 0005 not yet)
// gets 0005 at the next start: the newest version alone (9 = 9) does not say the
// schema is up to date. The store then reads its catalogue and keeps its rows.
func TestPostgresMigrationNumberedBelowTheNewestIsApplied(t *testing.T) {
	dsn := emptySchemaDSN(t)
	if dsn == "" {
		return
	}
	ctx := context.Background()
	migrationSkip = 5
	old, err := Open(ctx, dsn)
	migrationSkip = 0
	if err != nil {
		t.Fatal(err)
	}
	if err := old.w.Exec("INSERT INTO units (name, short_name, independent_accounting, version, updated_at) VALUES ('局机关', '局机关', true, 1, '2020-01-01T00:00:00Z')").Error; err != nil {
		t.Fatal(err)
	}
	var versions []int
	old.r.Raw("SELECT version FROM schema_migrations ORDER BY version").Scan(&versions)
	if slices.Contains(versions, 5) || versions[len(versions)-1] != SchemaVersion() {
		t.Fatalf("the old schema has versions %v", versions)
	}
	old.Close()

	d, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	versions = nil
	d.r.Raw("SELECT version FROM schema_migrations ORDER BY version").Scan(&versions)
	if !slices.Contains(versions, 5) {
		t.Errorf("0005 not applied: versions %v", versions)
	}
	if _, err := d.Catalogue(ctx); err != nil {
		t.Errorf("catalogue after migrating: %v", err)
	}
	if units, err := d.ListUnits(ctx); err != nil || len(units) != 1 || units[0].Name != "局机关" {
		t.Errorf("units after migrating: %v %v", units, err)
	}
}

// An older program meeting a schema with a migration it does not know refuses to open
// it, on SQLite and on the server, instead of reading and writing tables it does not
// understand.
func TestOpenRefusesAnUnknownMigration(t *testing.T) {
	backends(t, func(t *testing.T, d *DB) {
		if err := d.w.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (6, '0006_from_a_newer_program.sql', '2030-01-01')").Error; err != nil {
			t.Fatal(err)
		}
		ms, err := migrations()
		if err != nil {
			t.Fatal(err)
		}
		err = d.migrateOn(context.Background(), d.w, migrateDirect)
		if de, ok := err.(*domain.Error); !ok || de.Code != "err.db_unknown_version" {
			t.Fatalf("migrate over an unknown migration: %v", err)
		}
		if v, ok := unknownVersion([]int{1, 2, 6, 9}, ms); !ok || v != 6 {
			t.Errorf("unknownVersion = %d %v", v, ok)
		}
	})
}

// The tables' owner restores the attribute indexes the catalogue asks for at its next
// start on the server too (an admin who declared a class may not create them).
func TestPostgresOwnerRestoresAttributeIndexesAtStart(t *testing.T) {
	dsn := emptySchemaDSN(t)
	if dsn == "" {
		return
	}
	ctx := context.Background()
	d, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.AddClass(ctx, kioskClass()); err != nil {
		t.Fatal(err)
	}
	if err := d.w.Exec("DROP INDEX assets_attr_kiosks__stalls").Error; err != nil {
		t.Fatal(err)
	}
	d.Close()
	d, err = Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var n int
	d.r.Raw("SELECT count(*) FROM pg_indexes WHERE indexname = 'assets_attr_kiosks__stalls' AND schemaname = current_schema()").Scan(&n)
	if n != 1 {
		t.Errorf("the owner's start did not restore the stalls index")
	}
}

// emptySchemaDSN makes an empty schema on the test server and returns a DSN whose
// search path is it ("" without a server); the test's end drops it.
func emptySchemaDSN(t *testing.T) string {
	t.Helper()
	first := openPostgres(t)
	if first == nil {
		return ""
	}
	dsn := os.Getenv("CITYLEDGER_PG_DSN")
	schema := fmt.Sprintf("s%d_%d", time.Now().UnixNano()%1e9, schemaSeq.Add(1))
	if err := first.w.Exec("CREATE SCHEMA " + schema).Error; err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { first.w.Exec("DROP SCHEMA " + schema + " CASCADE") })
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + "search_path=" + schema
}
