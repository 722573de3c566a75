package storage

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

func TestDSNWithoutPasswordKeepsEverythingElse(t *testing.T) {
	cases := []struct{ in, want, pw string }{
		{"postgres://li.ming:s3cret@db.local:5433/ledger?sslmode=verify-full", "postgres://li.ming@db.local:5433/ledger?sslmode=verify-full", "s3cret"},
		{"postgres://li.ming@db.local/ledger?password=s3cret&sslmode=require", "postgres://li.ming@db.local/ledger?sslmode=require", "s3cret"},
		{"postgresql://db.local/ledger", "postgresql://db.local/ledger", ""},
		{"host=db.local dbname=ledger user=li.ming password='a b\\'c'", "host=db.local dbname=ledger user=li.ming", "a b'c"},
		{"host=db.local dbname=ledger user=li.ming", "host=db.local dbname=ledger user=li.ming", ""},
		{"/home/li/ledger.db", "/home/li/ledger.db", ""},
	}
	for _, c := range cases {
		if got := DSNWithoutPassword(c.in); got != c.want {
			t.Errorf("DSNWithoutPassword(%q) = %q, want %q", c.in, got, c.want)
		}
		if got := DSNPassword(c.in); got != c.pw {
			t.Errorf("DSNPassword(%q) = %q, want %q", c.in, got, c.pw)
		}
		if c.pw == "" || !IsPostgres(c.in) {
			continue
		}
		// Put back, the driver reads the same password.
		cfg, err := pgconn.ParseConfig(DSNWithPassword(c.want, c.pw))
		if err != nil || cfg.Password != c.pw {
			t.Errorf("DSNWithPassword(%q): %v %q", c.want, err, cfg.Password)
		}
	}
	got := DSNWithSSL("postgres://li.ming@db.local/ledger", "verify-full", "/etc/cityledger/ca.crt")
	if mode, ca := DSNSSL(got); mode != "verify-full" || ca != "/etc/cityledger/ca.crt" {
		t.Errorf("DSNWithSSL: %q", got)
	}
	got = DSNWithSSL("host=db.local user=li.ming sslmode=disable", "verify-ca", "/a b/ca.crt")
	if mode, ca := DSNSSL(got); mode != "verify-ca" || ca != "/a b/ca.crt" {
		t.Errorf("DSNWithSSL key=value: %q", got)
	}
	if got := DSNWithSSL("postgres://u@h/d?sslmode=require", "", ""); strings.Contains(got, "sslmode") {
		t.Errorf("an empty mode keeps %q", got)
	}
}

// The password file CityLedger writes is the one pgx reads, only its owner may read
// it, and the line of the same server and login is replaced, the others kept.
func TestSavePgpass(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pgpass")
	t.Setenv("PGPASSFILE", path)
	other := "other.host:5432:*:someone:keep:me\n"
	if err := os.WriteFile(path, []byte(other+"db.local:5433:ledger:li.ming:old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dsn := "postgres://li.ming@db.local:5433/ledger?sslmode=disable"
	const pw = `new:pass\word`
	got, err := SavePgpass(dsn, pw)
	if err != nil || got != path {
		t.Fatalf("SavePgpass: %q %v", got, err)
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, %v", st.Mode(), err)
	}
	b, _ := os.ReadFile(path)
	if want := other + `db.local:5433:ledger:li.ming:new\:pass\\word` + "\n"; string(b) != want {
		t.Errorf("file:\n%s\nwant:\n%s", b, want)
	}
	cfg, err := pgconn.ParseConfig(dsn)
	if err != nil || cfg.Password != pw {
		t.Errorf("pgx reads %q, %v", cfg.Password, err)
	}
	if err := PassfileNotice(dsn); err != nil {
		t.Errorf("notice for a 0600 file: %v", err)
	}
}
