package cli

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"cityledger/domain"
	"cityledger/domain/storage"
)

// The child half of the crash tests: it runs ledgerctl in this test binary so the
// parent can kill it with SIGKILL mid-way, as a crash or a power cut would.
func TestMain(m *testing.M) {
	if args := os.Getenv("CITYLEDGER_CRASH_CHILD"); args != "" {
		os.Exit(Main(strings.Split(args, "\x1f"), os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// kill -9 of `ledgerctl import` midway: the database passes PRAGMA integrity_check and
// holds all of that import or none of it.
func TestImportKilledMidwayLeavesAllOrNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "crash.db")
	if code := Main([]string{"--db", db, "demo"}, nil, io.Discard, io.Discard); code != 0 {
		t.Fatalf("demo: exit %d", code)
	}
	ctx := context.Background()
	before := countRecords(t, db)

	// 300,000 fuel records for the demo's official car: long enough to be killed.
	const rows = 300000
	csvPath := filepath.Join(dir, "big.csv")
	f, err := os.Create(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "date,asset_class,asset_code,work_type,cost,note")
	for i := 0; i < rows; i++ {
		fmt.Fprintf(w, "2021-%02d-%02d,车辆,CL-001,燃料费,%d.%02d,crash test %d\n", i%12+1, i%28+1, 100+i%900, i%100, i)
	}
	w.Flush()
	f.Close()

	var out bytes.Buffer
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "CITYLEDGER_CRASH_CHILD="+strings.Join([]string{"--db", db, "import", "maintenance", csvPath}, "\x1f"))
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	killMidway(cmd, db, 4<<20)

	s, err := storage.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if res, err := s.IntegrityCheck(ctx); err != nil || res != "ok" {
		t.Fatalf("integrity_check: %q %v", res, err)
	}
	after := countRecordsIn(t, s)
	if after != before && after != before+rows {
		t.Fatalf("records %d: neither all (%d) nor none (%d) of the import", after, before+rows, before)
	}
	t.Logf("killed import: %d records before, %d after (import output: %q)", before, after, lastLine(out.String()))
}

// kill -9 during a bulk edit (the app's bulk edit goes through Store.UpdateAssets in
// one transaction): afterwards every lamp has the old road or every lamp the new.
func TestBulkEditKilledMidwayLeavesAllOrNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	if os.Getenv("CITYLEDGER_BULK_CHILD") != "" {
		bulkChild()
		return
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "bulk.db")
	if code := Main([]string{"--db", db, "gen", "--lamps", "15000", "--pipes", "10", "--records", "10", "--year", "2020"}, nil, io.Discard, io.Discard); code != 0 {
		t.Fatalf("gen: exit %d", code)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestBulkEditKilledMidwayLeavesAllOrNothing$")
	cmd.Env = append(os.Environ(), "CITYLEDGER_BULK_CHILD="+db)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	killMidway(cmd, db, 2<<20)
	ctx := context.Background()
	s, err := storage.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if res, err := s.IntegrityCheck(ctx); err != nil || res != "ok" {
		t.Fatalf("integrity_check: %q %v", res, err)
	}
	edited, _ := s.CountAssets(ctx, domain.AssetFilter{Class: domain.Lamps, Search: "崩溃测试路"})
	if edited.Count != 0 && edited.Count != 15000 {
		t.Fatalf("%d of 15000 lamps edited: a half-written bulk edit", edited.Count)
	}
	t.Logf("killed bulk edit: %d of 15000 lamps carry the new road", edited.Count)
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
	s.UpdateAssets(ctx, ids, domain.AssetUpdate{Fields: []string{"road"}, Values: domain.Asset{Road: "崩溃测试路"}})
}

func countRecords(t *testing.T, db string) int64 {
	s, err := storage.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	return countRecordsIn(t, s)
}

func countRecordsIn(t *testing.T, s *storage.DB) int64 {
	n, _, err := s.CountRecords(context.Background(), domain.RecordFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// killMidway sends SIGKILL once the child's transaction is under way — its WAL has
// grown past walBytes — as a crash or a power cut would.
func killMidway(cmd *exec.Cmd, db string, walBytes int64) {
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if st, err := os.Stat(db + "-wal"); err == nil && st.Size() > walBytes {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
}
