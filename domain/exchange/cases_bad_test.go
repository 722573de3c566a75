package exchange

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"cityledger/domain"
	"cityledger/domain/i18n"
)

// The bad case files of testdata/cases-bad: each is refused as a whole, with the row
// and field named in both languages, and nothing is written.
func TestBadCaseFiles(t *testing.T) {
	want := map[string]struct{ field, rule string }{
		"impossible-date.csv":          {"reported_at", "case_time"},
		"fraction-of-second.csv":       {"reported_at", "case_time"},
		"time-zone.csv":                {"reported_at", "case_time"},
		"resolved-before-reported.csv": {"resolved_at", "case_time_order"},
		"closed-before-resolved.csv":   {"closed_at", "case_time_order"},
		"unknown-source.csv":           {"source", "enum"},
		"unknown-category.csv":         {"category", "enum"},
		"unknown-status.csv":           {"status", "enum"},
		"unknown-code-alone.csv":       {"class_name", "case_class_name_needed"},
		"duplicate-number.csv":         {"case_no", "duplicate_code"},
		"projected-coordinates.csv":    {"lon", "coordinates_range"},
		"lon-without-lat.csv":          {"lat", "required"},
		"empty-number.csv":             {"case_no", "required"},
		"no-reported-time.csv":         {"reported_at", "required"},
		"missing-reported-column.csv":  {"reported_at", "missing_column"},
		"year-out-of-range.csv":        {"reported_at", "year"},
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "cases-bad", "*.csv"))
	if len(files) != len(want) {
		t.Fatalf("%d files, %d expectations", len(files), len(want))
	}
	store := openStore(t)
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			w, ok := want[name]
			if !ok {
				t.Fatal("no expectation")
			}
			tab, err := ReadFile(path, ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			_, sum, err := Import(context.Background(), store, L(Cases), tab, Options{})
			if domain.ErrorKind(err) != domain.KindInvalid {
				t.Fatalf("want invalid, got %v", err)
			}
			fes := sum.Errors
			if fes == nil {
				fes = domain.FieldErrors(err)
			}
			var hit *domain.FieldError
			for i := range fes {
				if fes[i].Field == w.field && fes[i].Rule == w.rule {
					hit = &fes[i]
				}
			}
			if hit == nil {
				t.Fatalf("want %s/%s, got %s", w.field, w.rule, domain.Message(i18n.ZH, err))
			}
			for _, l := range []i18n.Lang{i18n.ZH, i18n.EN} {
				msg := hit.Render(l)
				if strings.Contains(msg, "{{") || strings.Contains(msg, "rule.") || (w.rule != "missing_column" && !strings.ContainsAny(msg, "23")) {
					t.Errorf("%s: %q", l, msg)
				}
			}
			if n, _ := store.CountCases(context.Background(), domain.CaseFilter{}); n != 0 {
				t.Fatalf("%d cases written", n)
			}
		})
	}
}
