package cli

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"cityledger/domain"
	"cityledger/domain/storage"
)

// runCode is ledgerctl in this process: exit code, standard output and error.
func runCode(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := Main(args, nil, &out, &errOut)
	return code, out.String(), errOut.String()
}

// waitForHolder waits until the database's lock file names a process other than this
// one: that process holds the database for writing.
func waitForHolder(t *testing.T, db string, cmd *exec.Cmd) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(db + ".lock"); err == nil && strings.Contains(string(b), `"pid":`+strconv.Itoa(cmd.Process.Pid)) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the other process never took the database")
}

// Issue 10, case 2: `ledgerctl import BIG.csv &` then `ledgerctl restore demo.bak
// --force`: the restore is refused at once, naming the import, and the import's rows
// are all there when it ends.
func TestRestoreIsRefusedWhileAnImportRuns(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "ledger.db")
	run(t, "--db", db, "demo")
	bak := filepath.Join(dir, "demo.bak")
	run(t, "--db", db, "backup", "-o", bak)
	before := countRecordsOf(t, db)
	const rows = 60000
	csvPath := filepath.Join(dir, "big.csv")
	writeRecordsCSV(t, csvPath, rows)

	imp := ledgerctlChild(db, "import", "maintenance", csvPath)
	var impOut bytes.Buffer
	imp.Stdout, imp.Stderr = &impOut, &impOut
	if err := imp.Start(); err != nil {
		t.Fatal(err)
	}
	waitForHolder(t, db, imp)
	for _, lang := range []string{"zh", "en"} {
		code, _, stderr := runCode("--db", db, "--lang", lang, "restore", bak, "--force")
		if code != exitInvalid || !strings.Contains(stderr, "ledgerctl import") || !strings.Contains(stderr, strconv.Itoa(imp.Process.Pid)) {
			t.Fatalf("restore beside a running import (%s): exit %d\n%s", lang, code, stderr)
		}
		// Refused at once: the import still holds the database.
		if b, _ := os.ReadFile(db + ".lock"); !strings.Contains(string(b), strconv.Itoa(imp.Process.Pid)) {
			t.Fatal("the restore waited for the import to end instead of refusing at once")
		}
	}
	if err := imp.Wait(); err != nil {
		t.Fatalf("import: %v\n%s", err, impOut.String())
	}
	if after := countRecordsOf(t, db); after != before+rows {
		t.Fatalf("%d records after the import, want %d: the restore touched the database", after, before+rows)
	}
}

// Issue 10, case 2: the same while a window holds the database open (a process that
// opened it as the app does and waits).
func TestRestoreIsRefusedWhileTheAppHasTheDatabaseOpen(t *testing.T) {
	if db := os.Getenv("CITYLEDGER_HOLD_CHILD"); db != "" {
		s, err := storage.OpenWith(context.Background(), db, storage.Options{Program: "CityLedger"})
		if err != nil {
			panic(err)
		}
		os.Stdin.Read(make([]byte, 1)) // held until the parent closes our standard input
		s.Close()
		return
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "ledger.db")
	run(t, "--db", db, "demo")
	bak := filepath.Join(dir, "demo.bak")
	run(t, "--db", db, "backup", "-o", bak)
	app := exec.Command(os.Args[0], "-test.run=^TestRestoreIsRefusedWhileTheAppHasTheDatabaseOpen$")
	app.Env = append(os.Environ(), "CITYLEDGER_HOLD_CHILD="+db)
	stdin, err := app.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	defer app.Wait()
	defer stdin.Close()
	waitForHolder(t, db, app)
	code, _, stderr := runCode("--db", db, "--lang", "zh", "restore", bak, "--force")
	if code != exitInvalid || !strings.Contains(stderr, "CityLedger") || !strings.Contains(stderr, "进程 "+strconv.Itoa(app.Process.Pid)) {
		t.Fatalf("restore beside an open app: exit %d\n%s", code, stderr)
	}
	// Reading beside it works, and so does a backup.
	if code, _, stderr := runCode("--db", db, "backup", "-o", filepath.Join(dir, "beside.bak")); code != 0 {
		t.Fatalf("backup beside an open app: exit %d\n%s", code, stderr)
	}
}

func countRecordsOf(t *testing.T, db string) int64 {
	t.Helper()
	s, err := storage.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	return countIn(t, s, domain.RecordFilter{})
}

// Issue 10, case 15: "-o -" is standard output for every command with -o; nothing is
// written to a file named "-".
func TestDashIsStandardOutput(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "ledger.db")
	run(t, "--db", db, "demo")
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("date,work_type,cost\n2020-13-45,维修,abc\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args   []string
		prefix string
		code   int
	}{
		{[]string{"report", "--year", "2020", "-o", "-"}, "#", 0},
		{[]string{"report", "--year", "2020", "--format", "json", "-o", "-"}, "{", 0},
		{[]string{"report", "--year", "2020", "--format", "html", "-o", "-"}, "<!DOCTYPE html>", 0},
		{[]string{"report", "--year", "2020", "--format", "xlsx", "-o", "-"}, "PK", 0},
		{[]string{"report", "--year", "2020", "--format", "docx", "-o", "-"}, "PK", 0},
		{[]string{"export", "lamps", "--format", "csv", "-o", "-"}, "code,", 0},
		{[]string{"export", "lamps", "--format", "xlsx", "-o", "-"}, "PK", 0},
		{[]string{"export", "lamps", "--format", "geojson", "-o", "-"}, "{", 0},
		{[]string{"template", "lamps", "-o", "-"}, "PK", 0},
		{[]string{"backup", "-o", "-"}, "SQLite format 3", 0},
		{[]string{"import", "maintenance", bad, "--errors", "-"}, "PK", exitInvalid},
	}
	for _, c := range cases {
		code, out, stderr := runCode(append([]string{"--db", db}, c.args...)...)
		if code != c.code || !strings.HasPrefix(strings.TrimLeft(out, "\ufeff"), c.prefix) {
			t.Errorf("%s: exit %d, standard output begins %q, want %q\n%s", strings.Join(c.args, " "), code, firstBytes(out), c.prefix, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "-")); err == nil {
		t.Error("a file named - was written")
	}
}

func firstBytes(s string) string {
	if len(s) > 20 {
		return s[:20]
	}
	return s
}

// Issue 10, case 18: ledgerctl exits 3 when the environment failed: a full disk, an
// unreachable server.
func TestEnvironmentFailuresExitThree(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "ledger.db")
	run(t, "--db", db, "demo")
	for _, c := range []struct {
		args []string
		says string
	}{
		{[]string{"--db", db, "backup", "-o", "/dev/full"}, "磁盘已满"},
		{[]string{"--db", db, "report", "--year", "2020", "-o", "/dev/full"}, "磁盘已满"},
		{[]string{"--db", "postgres://cityledger:Secret99@@127.0.0.1:1/ledger?connect_timeout=3", "stats"}, "PostgreSQL"},
	} {
		code, _, stderr := runCode(append(c.args, "--lang", "zh")...)
		if code != exitEnvironment || !strings.Contains(stderr, c.says) || strings.Contains(stderr, "Secret") {
			t.Errorf("%s: exit %d, want 3\n%s", strings.Join(c.args, " "), code, stderr)
		}
	}
	if st, err := os.Stat("/dev/full"); err != nil || st.Mode()&os.ModeDevice == 0 {
		t.Fatal("/dev/full was replaced")
	}
	logs, _ := filepath.Glob(filepath.Join(os.Getenv("CITYLEDGER_LOG_DIR"), "*"))
	for _, f := range logs {
		if b, _ := os.ReadFile(f); strings.Contains(string(b), "Secret99") {
			t.Errorf("%s holds the password", f)
		}
	}
}
