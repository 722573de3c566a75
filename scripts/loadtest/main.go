// Command loadtest measures the shared server under load: N concurrent `ledgerctl
// report` clients run while one client imports a large maintenance file, all against
// the same database (PostgreSQL in scripts/pg.sh, or a SQLite file). It prints the
// import's time and the reports' throughput and latency percentiles.
//
//	scripts/pg.sh sh -c 'go run ./scripts/loadtest -ledgerctl bin/ledgerctl -db "$CITYLEDGER_PG_DSN"'
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"sync"
	"time"
)

func main() {
	bin := flag.String("ledgerctl", "bin/ledgerctl", "the ledgerctl binary")
	dsn := flag.String("db", os.Getenv("CITYLEDGER_PG_DSN"), "database (postgres://… or a SQLite path)")
	clients := flag.Int("clients", 20, "concurrent report clients")
	records := flag.Int("records", 100000, "records in the import")
	flag.Parse()
	if *dsn == "" {
		fmt.Fprintln(os.Stderr, "loadtest: -db or CITYLEDGER_PG_DSN is required")
		os.Exit(2)
	}
	run := func(args ...string) ([]byte, error) {
		return exec.Command(*bin, append([]string{"--db", *dsn}, args...)...).CombinedOutput()
	}
	if out, err := run("demo"); err != nil {
		fmt.Fprintf(os.Stderr, "demo: %v\n%s", err, out)
		os.Exit(1)
	}
	dir, _ := os.MkdirTemp("", "loadtest")
	defer os.RemoveAll(dir)
	csv := filepath.Join(dir, "records.csv")
	f, _ := os.Create(csv)
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "date,asset_class,asset_code,project_code,work_type,quantity,quantity_unit,cost,contractor,note")
	for i := 0; i < *records; i++ {
		fmt.Fprintf(w, "2020-%02d-%02d,路灯,LD-%04d,,巡查,1,盏,%d.%02d,负载测试公司,load %d\n", i%12+1, i%28+1, i%950+1, 50+i%500, i%100, i)
	}
	w.Flush()
	f.Close()

	var mu sync.Mutex
	var latencies []time.Duration
	var failures int
	done := make(chan struct{})
	var wg sync.WaitGroup
	for c := 0; c < *clients; c++ {
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
				out, err := run("report", "--year", "2020")
				d := time.Since(start)
				mu.Lock()
				if err != nil {
					failures++
					if failures <= 3 {
						fmt.Fprintf(os.Stderr, "report failed: %v\n%s\n", err, out)
					}
				} else {
					latencies = append(latencies, d)
				}
				mu.Unlock()
			}
		}()
	}
	// Let the readers reach a steady state before the writer starts.
	time.Sleep(2 * time.Second)
	start := time.Now()
	out, err := run("import", "maintenance", csv)
	importTime := time.Since(start)
	if err != nil {
		fmt.Fprintf(os.Stderr, "import: %v\n%s", err, out)
	}
	// Keep the readers going as long again after the import, for the steady-state rate.
	close(done)
	wg.Wait()
	total := time.Since(start) + 2*time.Second
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	pct := func(p float64) time.Duration {
		if len(latencies) == 0 {
			return 0
		}
		return latencies[int(p*float64(len(latencies)-1))]
	}
	fmt.Printf("import of %d records: %.2f s (%.0f rows/s) with %d report clients running\n",
		*records, importTime.Seconds(), float64(*records)/importTime.Seconds(), *clients)
	fmt.Printf("reports: %d done, %d failed, %.2f reports/s; latency p50 %.0f ms, p95 %.0f ms, max %.0f ms\n",
		len(latencies), failures, float64(len(latencies))/total.Seconds(),
		float64(pct(0.5).Milliseconds()), float64(pct(0.95).Milliseconds()), float64(pct(1).Milliseconds()))
	if err != nil || failures > 0 {
		os.Exit(1)
	}
}
