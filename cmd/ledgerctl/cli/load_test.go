package cli

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestLoadReportsDuringImport measures the shared server under load: 20 `ledgerctl
// report` clients, each its own process, run while one client imports 100,000
// maintenance records into the same database. Run by `make loadtest` (PostgreSQL from
// .ci/pg.sh; CITYLEDGER_LOAD_DB may name any DSN); it prints throughput and latency.
func TestLoadReportsDuringImport(t *testing.T) {
	dsn := os.Getenv("CITYLEDGER_LOAD_DB")
	if dsn == "" {
		t.Skip("CITYLEDGER_LOAD_DB is not set: the load test runs with make loadtest")
	}
	const clients, records = 20, 100000
	child := func(args ...string) *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "CITYLEDGER_CRASH_CHILD="+strings.Join(append([]string{"--db", dsn}, args...), "\x1f"))
		return cmd
	}
	if out, err := child("demo").CombinedOutput(); err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	csv := filepath.Join(t.TempDir(), "records.csv")
	f, err := os.Create(csv)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "date,asset_class,asset_code,work_type,quantity,quantity_unit,cost,contractor,note")
	for i := 0; i < records; i++ {
		fmt.Fprintf(w, "2020-%02d-%02d,路灯,LD-%04d,巡查,1,盏,%d.%02d,负载测试公司,load %d\n", i%12+1, i%28+1, i%950+1, 50+i%500, i%100, i)
	}
	w.Flush()
	f.Close()

	var mu sync.Mutex
	var latencies []time.Duration
	var failures []string
	done := make(chan struct{})
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-done:
					return
				default:
				}
				start := time.Now()
				out, err := child("report", "--year", "2020").CombinedOutput()
				mu.Lock()
				if err != nil {
					failures = append(failures, fmt.Sprintf("%v: %s", err, lastLine(string(out))))
				} else {
					latencies = append(latencies, time.Since(start))
				}
				mu.Unlock()
			}
		}()
	}
	time.Sleep(2 * time.Second) // readers reach a steady state before the writer starts
	start := time.Now()
	out, err := child("import", "maintenance", csv).CombinedOutput()
	importTime := time.Since(start)
	close(done)
	wg.Wait()
	elapsed := time.Since(start) + 2*time.Second
	if err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	if len(failures) > 0 {
		t.Fatalf("%d reports failed, first: %s", len(failures), failures[0])
	}
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	pct := func(p float64) float64 { return float64(latencies[int(p*float64(len(latencies)-1))].Milliseconds()) }
	t.Logf("import of %d records: %.2f s (%.0f rows/s) with %d report clients", records, importTime.Seconds(), records/importTime.Seconds(), clients)
	t.Logf("reports: %d, %.2f/s; latency p50 %.0f ms, p95 %.0f ms, max %.0f ms",
		len(latencies), float64(len(latencies))/elapsed.Seconds(), pct(0.5), pct(0.95), pct(1))
}
