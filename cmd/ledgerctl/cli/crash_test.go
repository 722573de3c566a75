package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"cityledger/domain"
	"cityledger/domain/storage"
)

// The child half of the process tests: it runs ledgerctl in this test binary so the
// parent can kill it with SIGKILL mid-way, as a crash or a power cut would, or hold a
// database while the parent works on it.
func TestMain(m *testing.M) {
	if args := os.Getenv("CITYLEDGER_CRASH_CHILD"); args != "" {
		os.Exit(Main(strings.Split(args, "\x1f"), os.Stdin, os.Stdout, os.Stderr))
	}
	// Internal errors of the tests' runs are logged here, not in the user's folder.
	logs, err := os.MkdirTemp("", "cityledger-test-logs")
	if err != nil {
		panic(err)
	}
	os.Setenv("CITYLEDGER_LOG_DIR", logs)
	code := m.Run()
	os.RemoveAll(logs)
	os.Exit(code)
}

// ledgerctlChild is `ledgerctl --db db args…` as a process of its own.
func ledgerctlChild(db string, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "CITYLEDGER_CRASH_CHILD="+strings.Join(append([]string{"--db", db}, args...), "\x1f"))
	return cmd
}

// kills is how many random moments each operation is killed at: CITYLEDGER_KILLS
// (make soak runs 20), else 3 in make test. The sizes are small enough for make test
// and large enough that each operation runs for a few seconds.
func kills(t *testing.T) int {
	if s := os.Getenv("CITYLEDGER_KILLS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("CITYLEDGER_KILLS=%q", s)
		}
		return n
	}
	return 3
}

// killCase is an operation killed at random moments: prepare makes the database the
// operation starts from (once; each kill works on a copy), start begins it on a copy,
// and state opens the database afterwards and says which whole state it is in
// ("none" or "all"), failing the test on anything in between.
type killCase struct {
	prepare func(t *testing.T, dir string) (db string)
	start   func(db string) *exec.Cmd
	state   func(t *testing.T, s *storage.DB) string
}

// killAtRandomMoments runs c once to the end (to time it and check its "all" state),
// then n times kills it with SIGKILL after a random delay within that time, each time
// checking PRAGMA integrity_check and the all-or-nothing state. It logs the counts.
func killAtRandomMoments(t *testing.T, c killCase) {
	seed := time.Now().UnixNano()
	if s := os.Getenv("CITYLEDGER_KILL_SEED"); s != "" {
		seed, _ = strconv.ParseInt(s, 10, 64)
	}
	rng := rand.New(rand.NewSource(seed))
	dir := t.TempDir()
	template := c.prepare(t, dir)
	fresh := func(i int) string {
		db := filepath.Join(dir, fmt.Sprintf("run%02d.db", i))
		if err := copyDatabase(template, db); err != nil {
			t.Fatal(err)
		}
		return db
	}
	db := fresh(0)
	begin := time.Now()
	if out, err := c.start(db).CombinedOutput(); err != nil {
		t.Fatalf("the operation itself fails: %v\n%s", err, out)
	}
	full := time.Since(begin)
	if got := stateOf(t, c, db); got != "all" {
		t.Fatalf("the completed operation left state %q", got)
	}
	counts := map[string]int{}
	n := kills(t)
	for i := 1; i <= n; i++ {
		db := fresh(i)
		cmd := c.start(db)
		cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Up to 1.3 times the operation's time, so that some kills come after it ended.
		delay := time.Duration(rng.Int63n(int64(full)*13/10 + 1))
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		state := stateOf(t, c, db)
		counts[state]++
		if state == "all" && delay < full {
			// It ran faster than the timed run (caches are warm now): later kills
			// are drawn from the shorter time, so that more of them land midway.
			full = delay
		}
		t.Logf("kill %d after %v of %v: %s", i, delay.Round(time.Millisecond), full.Round(time.Millisecond), state)
		removeDatabase(db)
	}
	t.Logf("%d kills (seed %d): %d left nothing, %d left all; integrity_check ok every time", n, seed, counts["none"], counts["all"])
}

func stateOf(t *testing.T, c killCase, db string) string {
	t.Helper()
	ctx := context.Background()
	s, err := storage.Open(ctx, db)
	if err != nil {
		t.Fatalf("opening after the kill: %v", err)
	}
	defer s.Close()
	if res, err := s.IntegrityCheck(ctx); err != nil || res != "ok" {
		t.Fatalf("integrity_check: %q %v", res, err)
	}
	return c.state(t, s)
}

func copyDatabase(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o644)
}

func removeDatabase(db string) {
	for _, suffix := range []string{"", "-wal", "-shm", ".lock"} {
		os.Remove(db + suffix)
	}
	if left, err := filepath.Glob(db + ".*"); err == nil {
		for _, f := range left {
			os.Remove(f)
		}
	}
}

// run is ledgerctl in this process, failing the test on a non-zero exit.
func run(t testing.TB, args ...string) string {
	t.Helper()
	var out, errOut strings.Builder
	if code := Main(args, nil, &out, &errOut); code != 0 {
		t.Fatalf("ledgerctl %s: exit %d\n%s%s", strings.Join(args, " "), code, out.String(), errOut.String())
	}
	return out.String()
}

// countIn counts the records of s matching f.
func countIn(t *testing.T, s *storage.DB, f domain.RecordFilter) int64 {
	t.Helper()
	n, _, err := s.CountRecords(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// writeRecordsCSV writes rows fuel records of the demo's official car to a CSV file.
func writeRecordsCSV(t testing.TB, path string, rows int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "date,asset_class,asset_code,work_type,cost,note")
	for i := 0; i < rows; i++ {
		fmt.Fprintf(w, "2021-%02d-%02d,车辆,CL-001,燃料费,%d.%02d,crash test %d\n", i%12+1, i%28+1, 100+i%900, i%100, i)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// Issue 10, "must show": kill -9 at random moments of `ledgerctl import`: the database
// passes integrity_check and holds all of that import or none of it.
func TestImportKilledAtRandomMomentsLeavesAllOrNothing(t *testing.T) {
	const rows = 40000
	var before int64
	csvPath := ""
	killAtRandomMoments(t, killCase{
		prepare: func(t *testing.T, dir string) string {
			db := filepath.Join(dir, "template.db")
			run(t, "--db", db, "demo")
			s, err := storage.Open(context.Background(), db)
			if err != nil {
				t.Fatal(err)
			}
			before = countIn(t, s, domain.RecordFilter{})
			s.Close()
			csvPath = filepath.Join(dir, "big.csv")
			writeRecordsCSV(t, csvPath, rows)
			return db
		},
		start: func(db string) *exec.Cmd { return ledgerctlChild(db, "import", "maintenance", csvPath) },
		state: func(t *testing.T, s *storage.DB) string {
			switch n := countIn(t, s, domain.RecordFilter{}); n {
			case before:
				return "none"
			case before + rows:
				return "all"
			default:
				t.Fatalf("%d records: neither none (%d) nor all (%d) of the import", n, before, before+rows)
			}
			return ""
		},
	})
}

// Issue 10, case 6: kill -9 at random moments of `ledgerctl gen` leaves nothing or all.
func TestGenKilledAtRandomMomentsLeavesAllOrNothing(t *testing.T) {
	const lamps, pipes, records = 5000, 500, 60000
	killAtRandomMoments(t, killCase{
		prepare: func(t *testing.T, dir string) string {
			db := filepath.Join(dir, "template.db")
			s, err := storage.Open(context.Background(), db)
			if err != nil {
				t.Fatal(err)
			}
			s.Close()
			return db
		},
		start: func(db string) *exec.Cmd {
			return ledgerctlChild(db, "gen", "--lamps", strconv.Itoa(lamps), "--pipes", strconv.Itoa(pipes),
				"--records", strconv.Itoa(records), "--year", "2024")
		},
		state: func(t *testing.T, s *storage.DB) string {
			ctx := context.Background()
			n := countIn(t, s, domain.RecordFilter{})
			l, err := s.CountAssets(ctx, domain.AssetFilter{Class: domain.Lamps})
			if err != nil {
				t.Fatal(err)
			}
			empty, err := s.Empty(ctx)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case empty:
				return "none"
			case n == records && l.Count == lamps:
				return "all"
			}
			t.Fatalf("a killed gen left %d lamps and %d records", l.Count, n)
			return ""
		},
	})
}

// Issue 10, "must show": kill -9 at random moments of `ledgerctl restore`: the database
// is the old one or the restored one, whole and sound.
func TestRestoreKilledAtRandomMomentsLeavesAllOrNothing(t *testing.T) {
	const extra = 40000
	var old int64
	backup := ""
	killAtRandomMoments(t, killCase{
		prepare: func(t *testing.T, dir string) string {
			db := filepath.Join(dir, "template.db")
			run(t, "--db", db, "demo")
			src := filepath.Join(dir, "source.db")
			if err := copyDatabase(db, src); err != nil {
				t.Fatal(err)
			}
			csvPath := filepath.Join(dir, "extra.csv")
			writeRecordsCSV(t, csvPath, extra)
			run(t, "--db", src, "import", "maintenance", csvPath)
			backup = filepath.Join(dir, "backup.db")
			run(t, "--db", src, "backup", "-o", backup)
			s, err := storage.Open(context.Background(), db)
			if err != nil {
				t.Fatal(err)
			}
			old = countIn(t, s, domain.RecordFilter{})
			s.Close()
			return db
		},
		start: func(db string) *exec.Cmd { return ledgerctlChild(db, "restore", backup, "--force") },
		state: func(t *testing.T, s *storage.DB) string {
			// A copy of the replaced database, when there is one, is whole.
			copies, _ := filepath.Glob(s.Path() + ".before-restore-*.bak")
			for _, c := range copies {
				kept, err := storage.Open(context.Background(), c)
				if err != nil {
					t.Fatalf("the kept copy %s: %v", c, err)
				}
				if n := countIn(t, kept, domain.RecordFilter{}); n != old {
					t.Fatalf("the kept copy holds %d records, want the replaced database's %d", n, old)
				}
				kept.Close()
			}
			switch n := countIn(t, s, domain.RecordFilter{}); n {
			case old:
				return "none"
			case old + extra:
				return "all"
			default:
				t.Fatalf("%d records: neither the old database (%d) nor the backup (%d)", n, old, old+extra)
			}
			return ""
		},
	})
}

// kill -9 of a bulk edit (the app's bulk edit goes through Store.UpdateAssets in one
// transaction): afterwards every lamp has the old road or every lamp the new.
func TestBulkEditKilledAtRandomMomentsLeavesAllOrNothing(t *testing.T) {
	if os.Getenv("CITYLEDGER_BULK_CHILD") != "" {
		bulkChild()
		return
	}
	const lamps = 5000
	killAtRandomMoments(t, killCase{
		prepare: func(t *testing.T, dir string) string {
			db := filepath.Join(dir, "template.db")
			run(t, "--db", db, "gen", "--lamps", strconv.Itoa(lamps), "--pipes", "10", "--records", "10", "--year", "2020")
			return db
		},
		start: func(db string) *exec.Cmd {
			cmd := exec.Command(os.Args[0], "-test.run=^TestBulkEditKilledAtRandomMomentsLeavesAllOrNothing$")
			cmd.Env = append(os.Environ(), "CITYLEDGER_BULK_CHILD="+db)
			return cmd
		},
		state: func(t *testing.T, s *storage.DB) string {
			edited, err := s.CountAssets(context.Background(), domain.AssetFilter{Class: domain.Lamps, Search: "崩溃测试路"})
			if err != nil {
				t.Fatal(err)
			}
			switch edited.Count {
			case 0:
				return "none"
			case lamps:
				return "all"
			}
			t.Fatalf("%d of %d lamps edited: a half-written bulk edit", edited.Count, lamps)
			return ""
		},
	})
}

func bulkChild() {
	ctx := context.Background()
	s, err := storage.Open(ctx, os.Getenv("CITYLEDGER_BULK_CHILD"))
	if err != nil {
		panic(err)
	}
	lamps, err := s.FindAssets(ctx, domain.AssetFilter{Class: domain.Lamps})
	if err != nil {
		panic(err)
	}
	ids := make([]int64, len(lamps))
	for i, a := range lamps {
		ids[i] = a.ID
	}
	if _, err := s.UpdateAssets(ctx, ids, domain.AssetUpdate{Fields: []string{"road"}, Values: domain.Asset{Road: "崩溃测试路"}}); err != nil {
		panic(err)
	}
	s.Close()
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}
