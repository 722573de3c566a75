package cli

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"

	"cityledger/domain"
	"cityledger/domain/storage"
	"cityledger/domain/storage/pgtest"
)

const cliTestPassword = "Sesame 7@/x"

// bureau is a private server with two databases owned by "owner" (who may create
// roles, not a superuser), `access setup` run on both, and one login per role.
type bureau struct {
	srv    *pgtest.Server
	logins map[string]string // "owner", "viewer"… → password
}

func newBureau(t *testing.T) *bureau {
	t.Helper()
	srv := pgtest.Start(t)
	g, err := gorm.Open(postgres.Open(srv.Superuser("postgres")), &gorm.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if s, err := g.DB(); err == nil {
			s.Close()
		}
	}()
	for _, stmt := range []string{
		"CREATE ROLE owner LOGIN CREATEROLE PASSWORD 'owner-pw'",
		"CREATE DATABASE ledger OWNER owner",
		"CREATE DATABASE fresh OWNER owner",
	} {
		if err := g.Exec(stmt).Error; err != nil {
			t.Fatal(err)
		}
	}
	b := &bureau{srv: srv, logins: map[string]string{"owner": "owner-pw"}}
	pwFile := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pwFile, []byte(cliTestPassword+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, db := range []string{"ledger", "fresh"} {
		if code, out, errOut := runCode("--db", b.dsn("owner", db), "access", "setup"); code != exitOK {
			t.Fatalf("access setup on %s: exit %d\n%s%s", db, code, out, errOut)
		}
	}
	for _, role := range []string{"viewer", "editor", "finance", "admin"} {
		code, out, errOut := runCode("--db", b.dsn("owner", "ledger"), "access", "grant", role+"1", role, "--password-file", pwFile)
		if code != exitOK || !strings.Contains(out, role+"1") {
			t.Fatalf("access grant %s: exit %d\n%s%s", role, code, out, errOut)
		}
		b.logins[role] = cliTestPassword
	}
	return b
}

// dsn is who's connection string for database db.
func (b *bureau) dsn(who, db string) string {
	login := who
	if who != "owner" {
		login = who + "1"
	}
	return b.srv.DSN(login, url.PathEscape(b.logins[who]), db)
}

// The role × command table of issue 16, as measured: every login runs every command
// against the shared register; what its role may not do is refused before anything
// is written, exit 3, with a catalogue message naming the role it needs (never the
// server's text); the rest succeeds.
func TestRoleByCommand(t *testing.T) {
	b := newBureau(t)
	t.Setenv("XDG_DATA_HOME", t.TempDir()) // restore keeps its copy of the server there
	dir := t.TempDir()
	lamps := filepath.Join(dir, "lamps.csv")
	records := filepath.Join(dir, "records.csv")
	settings := filepath.Join(dir, "settings.csv")
	pwFile := filepath.Join(dir, "pw")
	for path, text := range map[string]string{
		lamps:    "code,type,unit\nNEW-%s,通电路灯,局机关\n",
		records:  "date,work_type,cost,note\n2021-03-0%d,维修,12.50,%s\n",
		settings: "year,note_other_vehicles\n2021,%s\n",
		pwFile:   cliTestPassword + "\n",
	} {
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// The register: the demo, loaded by finance (it writes year settings too).
	if code, _, errOut := runCode("--db", b.dsn("finance", "ledger"), "demo"); code != exitOK {
		t.Fatalf("demo as finance: exit %d\n%s", code, errOut)
	}
	bak := filepath.Join(dir, "demo.bak")
	if code, _, errOut := runCode("--db", b.dsn("owner", "ledger"), "backup", "-o", bak); code != exitOK {
		t.Fatalf("backup: %s", errOut)
	}
	type command struct {
		name string
		args func(who string) []string
		db   string // "" is ledger
		need string // least role that may run it
	}
	file := func(tmpl, who string) string {
		p := filepath.Join(dir, who+"-"+filepath.Base(tmpl))
		b, _ := os.ReadFile(tmpl)
		text := string(b)
		if strings.Contains(text, "%d") {
			text = fmt.Sprintf(text, len(who), who)
		} else {
			text = fmt.Sprintf(text, who)
		}
		os.WriteFile(p, []byte(text), 0o600)
		return p
	}
	commands := []command{
		{"stats", func(string) []string { return []string{"stats", "--year", "2020"} }, "", "viewer"},
		{"report", func(string) []string { return []string{"report", "--year", "2020", "-o", filepath.Join(dir, "r.md")} }, "", "viewer"},
		{"check", func(string) []string { return []string{"check", "--year", "2020"} }, "", "viewer"},
		{"export", func(w string) []string {
			return []string{"export", "lamps", "--format", "csv", "-o", filepath.Join(dir, w+".csv")}
		}, "", "viewer"},
		{"backup", func(w string) []string { return []string{"backup", "-o", filepath.Join(dir, w+".bak")} }, "", "viewer"},
		{"settings", func(string) []string { return []string{"settings", "--year", "2020"} }, "", "viewer"},
		{"gen", func(string) []string {
			return []string{"gen", "--lamps", "5", "--pipes", "1", "--records", "20", "--year", "2021"}
		}, "fresh", "editor"},
		{"import lamps", func(w string) []string { return []string{"import", "lamps", file(lamps, w)} }, "", "editor"},
		{"import maintenance", func(w string) []string { return []string{"import", "maintenance", file(records, w)} }, "", "editor"},
		{"import year-settings", func(w string) []string { return []string{"import", "year-settings", file(settings, w)} }, "", "finance"},
		{"settings --set", func(w string) []string {
			return []string{"settings", "--year", "2021", "--set", "note_other_vehicles=" + w}
		}, "", "finance"},
		// close-year is followed by reopen-year (then) so that the next login finds
		// the year open again.
		{"close-year, reopen-year", func(string) []string { return []string{"close-year", "--year", "2021"} }, "", "finance"},
		{"demo", func(string) []string { return []string{"demo"} }, "", "finance"},
		{"restore", func(string) []string { return []string{"restore", bak, "--force"} }, "", "admin"},
		{"access list", func(string) []string { return []string{"access", "list"} }, "", "admin"},
		{"access grant", func(w string) []string {
			return []string{"access", "grant", "new_" + w, "viewer", "--password-file", pwFile}
		}, "", "admin"},
		{"access revoke", func(w string) []string { return []string{"access", "revoke", "new_" + w, "viewer"} }, "", "admin"},
		{"access setup", func(string) []string { return []string{"access", "setup"} }, "", "owner"},
	}
	rank := map[string]int{"viewer": 1, "editor": 2, "finance": 3, "admin": 4, "owner": 5}
	var table strings.Builder
	table.WriteString("| command | viewer | editor | finance | admin | owner |\n|---|---|---|---|---|---|\n")
	for _, c := range commands {
		fmt.Fprintf(&table, "| `%s` |", c.name)
		for _, who := range []string{"viewer", "editor", "finance", "admin", "owner"} {
			db := c.db
			if db == "" {
				db = "ledger"
			}
			if c.name == "gen" && rank[who] > rank["editor"] {
				// gen loads an empty database only: one success is enough.
				fmt.Fprintf(&table, " (as editor) |")
				continue
			}
			code, _, errOut := runCode(append([]string{"--db", b.dsn(who, db), "--lang", "en"}, c.args(who)...)...)
			if c.name == "close-year, reopen-year" && code == exitOK {
				code, _, errOut = runCode("--db", b.dsn(who, db), "--lang", "en", "reopen-year", "--year", "2021", "--reason", "test "+who)
			}
			may := rank[who] >= rank[c.need]
			cell := "ok"
			switch {
			case may && c.name == "demo" && code == exitInvalid && strings.Contains(errOut, "already holds data"):
				cell = "refused: the register already holds data (1)"
			case may && code != exitOK:
				t.Errorf("%s as %s: exit %d\n%s", c.name, who, code, errOut)
				cell = "FAILED"
			case !may:
				if code != exitEnvironment {
					t.Errorf("%s as %s: exit %d, want %d\n%s", c.name, who, code, exitEnvironment, errOut)
				}
				msg := strings.TrimSpace(errOut)
				for _, bad := range []string{"SQLSTATE", "ERROR", "permission denied"} {
					if strings.Contains(msg, bad) {
						t.Errorf("%s as %s: driver text in %q", c.name, who, msg)
					}
				}
				if c.need == "owner" {
					if !strings.Contains(msg, "Only the database's owner may run access setup") {
						t.Errorf("access setup as %s: %q", who, msg)
					}
				} else if !strings.Contains(msg, "that needs the role "+strings.Replace(c.need, "owner", "database owner", 1)) {
					t.Errorf("%s as %s: %q", c.name, who, msg)
				}
				cell = fmt.Sprintf("refused (3): %q", firstLine(msg))
			}
			fmt.Fprintf(&table, " %s |", cell)
		}
		table.WriteString("\n")
	}
	t.Logf("role × command, measured:\n%s", table.String())
	// Nothing refused was written: the refused imports left no trace.
	s, err := storage.Open(context.Background(), b.dsn("owner", "ledger"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, who := range []string{"viewer"} {
		if _, err := s.GetAssetByCode(context.Background(), domain.Lamps, "NEW-"+who); domain.ErrorKind(err) != domain.KindNotFound {
			t.Errorf("the %s's refused import left its lamp: %v", who, err)
		}
	}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// A wrong password, and a server restart in the middle of an import: catalogue
// messages, exit 3, and nothing of the import written.
func TestLedgerctlWrongPasswordAndServerRestart(t *testing.T) {
	b := newBureau(t)
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	for _, lang := range []string{"zh", "en"} {
		code, _, errOut := runCode("--db", b.srv.DSN("editor1", "wrong-one", "ledger"), "--lang", lang, "stats")
		if code != exitEnvironment || strings.Contains(errOut, "wrong-one") || strings.Contains(errOut, "SQLSTATE") || strings.Contains(errOut, "28P01") {
			t.Fatalf("wrong password (%s): exit %d\n%s", lang, code, errOut)
		}
		if want := map[string]string{"zh": "拒绝登录", "en": "refused the login"}[lang]; !strings.Contains(errOut, want) {
			t.Errorf("wrong password (%s): %q", lang, errOut)
		}
	}
	// A key=value DSN works as pgx reads it, a quoted password with a space included;
	// a wrong one is refused without showing it, and no file is made of the string.
	wd, _ := os.Getwd()
	kv := fmt.Sprintf("host=127.0.0.1 port=%d user=editor1 password='%s' dbname=ledger sslmode=disable", b.srv.Port, cliTestPassword)
	if code, _, errOut := runCode("--db", kv, "stats"); code != exitOK {
		t.Fatalf("key=value DSN: exit %d\n%s", code, errOut)
	}
	bad := fmt.Sprintf("host=127.0.0.1 port=%d user=editor1 password='Not it 9' dbname=ledger sslmode=disable", b.srv.Port)
	code, out, errOut := runCode("--db", bad, "--lang", "en", "stats")
	if code != exitEnvironment || strings.Contains(out+errOut, "Not it") || !strings.Contains(errOut, "postgres://editor1@127.0.0.1") {
		t.Fatalf("wrong key=value password: exit %d\n%s%s", code, out, errOut)
	}
	if entries, _ := os.ReadDir(wd); len(entries) > 0 {
		for _, e := range entries {
			if strings.Contains(e.Name(), "password") {
				t.Fatalf("a file was made of the DSN: %s", e.Name())
			}
		}
	}
	// The password from a password file, as psql takes it: the DSN carries none. A
	// file others can read works but draws a notice.
	pgpass := filepath.Join(t.TempDir(), "pgpass")
	if err := os.WriteFile(pgpass, []byte(fmt.Sprintf("127.0.0.1:%d:ledger:editor1:%s\n", b.srv.Port, cliTestPassword)), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PGPASSFILE", pgpass)
	noPassword := b.srv.DSN("editor1", "", "ledger")
	code, _, errOut = runCode("--db", noPassword, "--lang", "en", "stats")
	if code != exitOK || !strings.Contains(errOut, "can be read by other users") {
		t.Fatalf("password file 0644: exit %d\n%s", code, errOut)
	}
	os.Chmod(pgpass, 0o600)
	code, _, errOut = runCode("--db", noPassword, "--lang", "en", "stats")
	if code != exitOK || strings.Contains(errOut, "password file") {
		t.Fatalf("password file 0600: exit %d\n%s", code, errOut)
	}
	csvPath := filepath.Join(t.TempDir(), "big.csv")
	var sb strings.Builder
	sb.WriteString("date,work_type,cost,note\n")
	for i := 0; i < 300000; i++ {
		fmt.Fprintf(&sb, "2023-%02d-%02d,维修,%d.%02d,restart %d\n", i%12+1, i%28+1, 1+i%900, i%100, i)
	}
	if err := os.WriteFile(csvPath, []byte(sb.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	type result struct {
		code        int
		out, errOut string
	}
	done := make(chan result, 1)
	go func() {
		code, out, errOut := runCode("--db", b.dsn("editor", "ledger"), "--lang", "en", "import", "maintenance", csvPath)
		done <- result{code, out, errOut}
	}()
	// Restart once the import is writing.
	g, err := gorm.Open(postgres.Open(b.srv.Superuser("ledger")), &gorm.Config{})
	if err != nil {
		t.Fatal(err)
	}
	for {
		var n int
		g.Raw("SELECT COUNT(*) FROM pg_stat_activity WHERE usename = 'editor1' AND query LIKE 'INSERT INTO maintenance_records%'").Scan(&n)
		if n > 0 {
			break
		}
		select {
		case r := <-done:
			t.Fatalf("the import ended before the restart: exit %d\n%s%s", r.code, r.out, r.errOut)
		default:
		}
	}
	if s, err := g.DB(); err == nil {
		s.Close()
	}
	b.srv.Restart(t)
	r := <-done
	if r.code != exitEnvironment || !strings.Contains(r.errOut, "The connection to the PostgreSQL server was lost") || strings.Contains(r.errOut, "SQLSTATE") {
		t.Fatalf("import across a restart: exit %d\n%s%s", r.code, r.out, r.errOut)
	}
	s, err := storage.Open(context.Background(), b.dsn("viewer", "ledger"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n := countIn(t, s, domain.RecordFilter{Year: 2023}); n != 0 {
		t.Fatalf("after the restart the register holds %d records of the import", n)
	}
}
