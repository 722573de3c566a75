package exchange

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"cityledger/domain"
	"cityledger/domain/storage"
	"cityledger/domain/testdata"
)

// benchImport imports path into a fresh SQLite database per iteration, the way
// `ledgerctl import` does, and reports rows per second and the heap's peak.
func benchImport(b *testing.B, k Kind, path string, o Options) {
	ctx := context.Background()
	var rows int
	var peak uint64
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		store, err := storage.Open(ctx, filepath.Join(b.TempDir(), fmt.Sprintf("b%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := store.Import(ctx, &domain.Batch{Units: []domain.Unit{{Name: "某区市政设施管理所", ShortName: "市政所"}}}); err != nil {
			b.Fatal(err)
		}
		stop := watchHeap(&peak)
		b.StartTimer()
		tab, err := ReadFile(path, ReadOptions{})
		if err != nil {
			b.Fatal(err)
		}
		_, sum, err := Import(ctx, store, L(k), tab, o)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		stop()
		rows = sum.Added
		store.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}

// watchHeap samples HeapAlloc every 10 ms until stopped, keeping the largest
// value seen. (ReadMemStats stops the world: sampling it any faster slows the
// import it measures.)
func watchHeap(peak *uint64) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		var m runtime.MemStats
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > *peak {
				*peak = m.HeapAlloc
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() { close(done); <-finished }
}

func BenchmarkImportZurich(b *testing.B) {
	path := testdata.Path(b, "streetlights-zurich/zurich_oeffentliche_beleuchtung_ewz_brennstelle_p.csv")
	benchImport(b, Lamps, path, Options{CRS: "EPSG:2056", Map: map[string]string{"code": "nisnr"},
		Set: map[string]string{"type": "通电路灯", "unit": "市政所"}})
}

func BenchmarkImportGeoJSONLamps100k(b *testing.B) {
	path := filepath.Join(b.TempDir(), "lamps.geojson")
	if err := writeLampsGeoJSON(path, 100_000); err != nil {
		b.Fatal(err)
	}
	benchImport(b, Lamps, path, Options{})
}

// writeLampsGeoJSON writes n lamps on a grid around Panzhihua, with the
// properties a bureau's export has.
func writeLampsGeoJSON(path string, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	w.WriteString(`{"type":"FeatureCollection","features":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			w.WriteString(",\n")
		}
		fmt.Fprintf(w, `{"type":"Feature","geometry":{"type":"Point","coordinates":[%.7f,%.7f]},`+
			`"properties":{"code":"LD-%06d","type":"通电路灯","road":"攀枝花大道%d段","power_w":%d,"pole_height_m":%d,`+
			`"start_date":"20%02d-0%d-15","original_value":"%d.50","unit":"市政所","status":"在用"}}`,
			101.5+float64(i%400)*0.0005, 26.5+float64(i/400)*0.0004, i, i%7, 60+i%5*30, 6+i%3*2, 10+i%15, 1+i%9, 3000+i%2000)
	}
	w.WriteString("]}\n")
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}
