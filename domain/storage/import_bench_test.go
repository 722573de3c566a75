package storage

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"cityledger/domain"
)

// importBenchRows is the size of the imports the audit benchmarks measure (issue 16:
// what per-row audit costs on a 100,000-row import).
const importBenchRows = 100_000

func benchLamps(n int, power float64) []domain.Asset {
	out := make([]domain.Asset, n)
	for i := range out {
		out[i] = domain.Asset{Class: domain.Lamps, Code: fmt.Sprintf("LD-%06d", i), Unit: "局机关", Kind: "通电路灯",
			PowerW: power, StartDate: "2021-03-01", OriginalValue: domain.Fen(100000 + i)}
	}
	return out
}

// importAuditModes runs a benchmark with per-row audit entries (as imports write
// them) and with the batch's one entry only (as before issue 16), to measure the cost.
func importAuditModes(b *testing.B, bench func(b *testing.B)) {
	b.Run("row-audit", bench)
	b.Run("batch-entry-only", func(b *testing.B) {
		importRowAudit = false
		defer func() { importRowAudit = true }()
		bench(b)
	})
}

// BenchmarkImportAdd100k imports 100,000 new lamps into an empty SQLite file.
func BenchmarkImportAdd100k(b *testing.B) { importAuditModes(b, benchImportAdd) }

func benchImportAdd(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		d, err := Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
		if err != nil {
			b.Fatal(err)
		}
		seedUnits(b, d)
		batch := &domain.Batch{Assets: benchLamps(importBenchRows, 60), Source: "bench.xlsx"}
		b.StartTimer()
		sum, err := d.Import(ctx, batch)
		if err != nil || sum.Added != importBenchRows {
			b.Fatalf("import: %+v %v", sum.Added, err)
		}
		b.StopTimer()
		d.Close()
		b.StartTimer()
	}
}

// BenchmarkImportUpdate100k imports a file of 100,000 lamp codes and their power over
// 100,000 stored lamps, every one of which changes.
func BenchmarkImportUpdate100k(b *testing.B) { importAuditModes(b, benchImportUpdate) }

func benchImportUpdate(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		d, err := Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
		if err != nil {
			b.Fatal(err)
		}
		seedUnits(b, d)
		if _, err := d.Import(ctx, &domain.Batch{Assets: benchLamps(importBenchRows, 60), Source: "seed"}); err != nil {
			b.Fatal(err)
		}
		batch := &domain.Batch{Assets: benchLamps(importBenchRows, 80), Source: "bench.xlsx",
			AssetFields: map[domain.Class][]string{domain.Lamps: {"code", "power_w"}}}
		b.StartTimer()
		sum, err := d.Import(ctx, batch)
		if err != nil || sum.Updated != importBenchRows {
			b.Fatalf("import: %+v %v", sum.Updated, err)
		}
		b.StopTimer()
		d.Close()
		b.StartTimer()
	}
}
