package main

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"cityledger/domain/i18n"
	"cityledger/gui"
	"cityledger/gui/guitest"
	"cityledger/gui/screens"
)

// BenchmarkMemoryAfterEveryScreen opens the window as main wires it (map and report
// included) on the database named by CITYLEDGER_BENCH_DB (made by `ledgerctl gen --lamps
// 100000 --pipes 20000 --records 1000000`), visits every screen and reports the memory:
// the Go heap in use after a collection, what the Go runtime took from the system and
// the resident set.
func BenchmarkMemoryAfterEveryScreen(b *testing.B) {
	store := guitest.BenchStore(b)
	for i := 0; i < b.N; i++ {
		a := test.NewTempApp(b)
		ui := gui.New(a, store, i18n.ZH, gui.Options{Routes: screens.Routes})
		for _, rt := range ui.Router().Routes() {
			start := time.Now()
			ui.Drive(func() { ui.Show(rt.ID) })
			if !ui.Env().WaitIdle(10 * time.Minute) {
				b.Fatalf("%s did not load", rt.ID)
			}
			b.Logf("%s loaded in %v", rt.ID, time.Since(start).Round(time.Millisecond))
		}
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		b.ReportMetric(float64(m.HeapInuse)/(1<<20), "heapMB")
		b.ReportMetric(float64(m.Sys)/(1<<20), "sysMB")
		if rss, ok := residentMB(); ok {
			b.ReportMetric(rss, "rssMB")
		}
		runtime.KeepAlive(ui)
	}
}

// residentMB is the process's resident set (Linux), which counts SQLite's C memory too.
func residentMB() (float64, bool) {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 64)
			return kb / 1024, err == nil
		}
	}
	return 0, false
}
