package storage

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"cityledger/domain"
	"cityledger/domain/gen"
)

// casesBenchYear is the year `ledgerctl gen --cases N --year 2025` fills.
const casesBenchYear = 2025

// casesBenchDB opens the database named by CITYLEDGER_CASES_BENCH_DB, made with
// `ledgerctl --db FILE gen --lamps 100000 --pipes 20000 --records 1000000 --cases 1000000 --year 2025`;
// without it, it generates a million cases (and a thousand lamps) into a temporary file first.
func casesBenchDB(b *testing.B) *DB {
	b.Helper()
	ctx := context.Background()
	path := os.Getenv("CITYLEDGER_CASES_BENCH_DB")
	if path != "" {
		if _, err := os.Stat(path); err != nil {
			b.Fatalf("CITYLEDGER_CASES_BENCH_DB: %v", err)
		}
	} else {
		path = filepath.Join(b.TempDir(), "cases.db")
		d, err := Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := gen.Run(ctx, d, gen.Options{Lamps: 1000, Cases: 1_000_000, Seed: 1, Year: casesBenchYear}); err != nil {
			b.Fatal(err)
		}
		d.Close()
	}
	d, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { d.Close() })
	return d
}

// BenchmarkCaseFigures computes a year's case figures on a million cases: the
// aggregate query and the figures made from it (DESIGN.md's scale: ≤ 1 s).
func BenchmarkCaseFigures(b *testing.B) {
	d := casesBenchDB(b)
	ctx := context.Background()
	now := domain.WallClock(caseAt("2026-01-01 00:00"))
	var f *domain.CaseFigures
	for b.Loop() {
		var err error
		if f, err = domain.ComputeCaseFigures(ctx, d, casesBenchYear, now, domain.CaseSelection{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(f.City.Reported+f.Hotline.Tickets+f.Cancelled), "cases")
}

// BenchmarkCaseListFirstPage reads the first page of the 案件 screen's list — a year's
// cases newest first, unfiltered and filtered — on a million cases (≤ 50 ms).
func BenchmarkCaseListFirstPage(b *testing.B) {
	d := casesBenchDB(b)
	ctx := context.Background()
	for _, c := range []struct {
		name string
		f    domain.CaseFilter
	}{
		{"year", domain.CaseFilter{Year: casesBenchYear}},
		{"month", domain.CaseFilter{Year: casesBenchYear, Month: 6}},
		{"source-status", domain.CaseFilter{Year: casesBenchYear, Source: domain.SourceHotline, Status: domain.CaseClosed}},
		{"class-unit", domain.CaseFilter{Year: casesBenchYear, ClassName: "路灯", Unit: "城管局"}},
		{"overdue", domain.CaseFilter{Year: casesBenchYear, OverdueAt: caseAt("2026-01-01 00:00")}},
		{"rare-class", domain.CaseFilter{Year: casesBenchYear, ClassName: "防汛墙"}},
	} {
		b.Run(c.name, func(b *testing.B) {
			f := c.f
			f.Limit = 100
			for b.Loop() {
				if _, err := d.FindCases(ctx, f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
