package storage

import (
	"context"
	"fmt"
	"os"
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
	first := openPostgres(t)
	if first == nil {
		return
	}
	// openPostgres migrated a fresh schema; point more apps at a second fresh one.
	dsn := os.Getenv("CITYLEDGER_PG_DSN")
	schema := fmt.Sprintf("m%d_%d", time.Now().UnixNano()%1e9, schemaSeq.Add(1))
	if err := first.w.Exec("CREATE SCHEMA " + schema).Error; err != nil {
		t.Fatal(err)
	}
	defer first.w.Exec("DROP SCHEMA " + schema + " CASCADE")
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	errs := make(chan error, 4)
	for i := 0; i < 4; i++ {
		go func() {
			d, err := Open(context.Background(), dsn+sep+"search_path="+schema)
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
