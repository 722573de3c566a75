package reports

import (
	"context"
	"io"
	"os"
	"slices"
	"testing"
	"time"

	"cityledger/domain/i18n"
	"cityledger/domain/storage"
)

// benchDB opens the generated database named by CITYLEDGER_BENCH_DB
// (ledgerctl gen --lamps 100000 --pipes 20000 --records 1000000) and picks its latest year.
func benchDB(b *testing.B) (*storage.DB, int) {
	path := os.Getenv("CITYLEDGER_BENCH_DB")
	if path == "" {
		b.Skip("CITYLEDGER_BENCH_DB is unset: generate one with `ledgerctl --db FILE gen --lamps 100000 --pipes 20000 --records 1000000` and name it")
	}
	if _, err := os.Stat(path); err != nil {
		b.Fatalf("CITYLEDGER_BENCH_DB: %v", err)
	}
	db, err := storage.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	years, err := db.ListYears(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	year := time.Now().Year()
	if len(years) > 0 {
		year = slices.Max(years)
	}
	return db, year
}

// BenchmarkAggregates times the SQL aggregates the report is built from, alone.
func BenchmarkAggregates(b *testing.B) {
	db, year := benchDB(b)
	ctx := context.Background()
	for b.Loop() {
		if _, err := db.AssetGroups(ctx); err != nil {
			b.Fatal(err)
		}
		if _, err := db.RecordGroups(ctx, year); err != nil {
			b.Fatal(err)
		}
		if _, err := db.RecordGroups(ctx, year-1); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuild times everything Build reads and computes (aggregates, projects,
// indicators, settings, the outside-year records, the geometry comparison).
func BenchmarkBuild(b *testing.B) {
	db, year := benchDB(b)
	for b.Loop() {
		if _, err := Build(context.Background(), db, year, i18n.ZH); err != nil {
			b.Fatal(err)
		}
	}
}

func benchReport(b *testing.B, format string) {
	db, year := benchDB(b)
	for b.Loop() {
		m, err := Build(context.Background(), db, year, i18n.ZH)
		if err != nil {
			b.Fatal(err)
		}
		if err := Render(io.Discard, m, format); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReportMarkdown and BenchmarkReportXLSX time the whole report, store to bytes.
func BenchmarkReportMarkdown(b *testing.B) { benchReport(b, "md") }
func BenchmarkReportXLSX(b *testing.B)     { benchReport(b, "xlsx") }
