// Package pgtest starts a private, throw-away PostgreSQL server for tests that need
// one of their own: tests of logins and passwords (the server of .ci/pg.sh trusts
// every connection, so no password is ever checked there) and tests that restart
// the server mid-operation (which the tests of other packages sharing .ci/pg.sh's
// server must not see). It runs only where .ci/pg.sh would run a server (the
// PostgreSQL binaries are installed and CITYLEDGER_PG_DSN is set, as `make test`
// does); elsewhere the test is skipped, saying why.
package pgtest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// Server is a running private server. Its superuser "cityledger" connects from
// loopback without a password; every other login must give its password
// (scram-sha-256), as on a bureau's server.
type Server struct {
	Dir  string // data and socket folder
	Port int
	bin  string
	as   []string // runuser -u postgres -- when the tests run as root
}

// Start starts a server for t, stopped (and its files removed) when t ends.
func Start(t testing.TB) *Server {
	t.Helper()
	if os.Getenv("CITYLEDGER_PG_DSN") == "" {
		t.Skip("CITYLEDGER_PG_DSN is not set: no PostgreSQL to test against (make test runs these tests with .ci/pg.sh)")
	}
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Strings(bins)
	if len(bins) == 0 {
		t.Fatal("CITYLEDGER_PG_DSN is set but no PostgreSQL server binaries are installed under /usr/lib/postgresql")
	}
	s := &Server{bin: bins[len(bins)-1]}
	dir, err := os.MkdirTemp("", "cityledger-pgtest")
	if err != nil {
		t.Fatal(err)
	}
	s.Dir = dir
	if os.Geteuid() == 0 {
		// PostgreSQL refuses to run as root (as in .ci/pg.sh).
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Fatalf("running as root needs the postgres user: %v", err)
		}
		if out, err := exec.Command("chown", u.Username+":", dir).CombinedOutput(); err != nil {
			t.Fatalf("chown: %v %s", err, out)
		}
		s.as = []string{"runuser", "-u", "postgres", "--"}
	}
	t.Cleanup(s.stop)
	s.Port = freePort(t)
	s.run(t, "initdb", "-D", s.data(), "-A", "trust", "-U", "cityledger", "-E", "UTF8")
	hba := "local all all trust\nhost all cityledger 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 scram-sha-256\n"
	s.run(t, "sh", "-c", fmt.Sprintf("printf '%%s' '%s' > %s/pg_hba.conf", hba, s.data()))
	s.start(t)
	return s
}

func (s *Server) data() string { return filepath.Join(s.Dir, "data") }

// run runs a PostgreSQL program (or sh) as the server's user.
func (s *Server) run(t testing.TB, prog string, args ...string) {
	t.Helper()
	if prog != "sh" {
		prog = filepath.Join(s.bin, prog)
	}
	cmd := append(append([]string(nil), s.as...), prog)
	cmd = append(cmd, args...)
	c := exec.Command(cmd[0], cmd[1:]...)
	// The server runs in the C locale whatever the test set (the GUI's tests set
	// LC_ALL to a language that need not be installed, which initdb refuses).
	c.Env = append(os.Environ(), "LC_ALL=C", "LANG=C", "LANGUAGE=")
	if out, err := c.CombinedOutput(); err != nil {
		// The server's own log says why it did not start.
		logText, _ := os.ReadFile(filepath.Join(s.Dir, "log"))
		t.Fatalf("%s: %v\n%s\nserver log:\n%s", strings.Join(cmd, " "), err, out, logText)
	}
}

func (s *Server) start(t testing.TB) {
	t.Helper()
	s.run(t, "pg_ctl", "-D", s.data(), "-l", filepath.Join(s.Dir, "log"), "-w", "-o",
		fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -k %s -c fsync=off -c max_connections=100", s.Port, s.Dir), "start")
}

// Restart stops the server as an administrator's restart does (fast: every session
// is ended) and starts it again; it returns once the server accepts connections.
func (s *Server) Restart(t testing.TB) {
	t.Helper()
	s.run(t, "pg_ctl", "-D", s.data(), "-m", "fast", "-w", "stop")
	s.start(t)
}

func (s *Server) stop() {
	cmd := append(append([]string(nil), s.as...), filepath.Join(s.bin, "pg_ctl"), "-D", s.data(), "-m", "immediate", "stop")
	_ = exec.Command(cmd[0], cmd[1:]...).Run()
	os.RemoveAll(s.Dir)
}

// DSN is a URL for login (with password, when not "") to database db.
func (s *Server) DSN(login, password, db string) string {
	userInfo := login
	if password != "" {
		userInfo += ":" + password
	}
	return fmt.Sprintf("postgres://%s@127.0.0.1:%d/%s?sslmode=disable", userInfo, s.Port, db)
}

// Superuser is the DSN of the server's superuser on database db.
func (s *Server) Superuser(db string) string { return s.DSN("cityledger", "", db) }

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
