package demo

import (
	"context"
	"path/filepath"
	"testing"

	"cityledger/domain"
	"cityledger/domain/exchange"
	"cityledger/domain/i18n"
	"cityledger/domain/storage"
)

func TestBatchConvertsCleanly(t *testing.T) {
	b, err := Batch()
	if err != nil {
		t.Fatal(domain.Message(i18n.EN, err))
	}
	if len(b.Units) == 0 || len(b.Assets) == 0 || len(b.Projects) == 0 || len(b.Indicators) == 0 ||
		len(b.Records) == 0 || len(b.Settings) == 0 {
		t.Errorf("a kind is missing: %d units, %d assets, %d projects, %d indicators, %d records, %d settings",
			len(b.Units), len(b.Assets), len(b.Projects), len(b.Indicators), len(b.Records), len(b.Settings))
	}
	for key, items := range map[string]int{exchange.RowsUnits: len(b.Units), exchange.RowsAssets: len(b.Assets),
		exchange.RowsProjects: len(b.Projects), exchange.RowsIndicators: len(b.Indicators),
		exchange.RowsRecords: len(b.Records), exchange.RowsSettings: len(b.Settings)} {
		if len(b.Rows[key]) != items {
			t.Errorf("%s: %d row numbers for %d items", key, len(b.Rows[key]), items)
		}
	}
}

func TestLoad(t *testing.T) {
	ctx := context.Background()
	store, err := storage.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	b, _ := Batch()
	sum, err := Load(ctx, store)
	if err != nil {
		t.Fatal(domain.Message(i18n.EN, err))
	}
	total := len(b.Units) + len(b.Assets) + len(b.Projects) + len(b.Indicators) + len(b.Records) + len(b.Settings) + len(b.Cases)
	if sum.Rejected != 0 || sum.Added+sum.Updated+sum.Unchanged != total || len(sum.Errors) != 0 {
		t.Errorf("summary %+v for %d items", sum, total)
	}
	for _, w := range sum.Warnings {
		t.Errorf("warning: %s", w.Render(i18n.EN))
	}
	lamps, err := store.CountAssets(ctx, domain.AssetFilter{Class: domain.Lamps})
	if err != nil || lamps.Count == 0 {
		t.Errorf("lamps %+v, %v", lamps, err)
	}
	// A second load is refused: the store is not empty any more.
	if _, err := Load(ctx, store); domain.ErrorKind(err) != domain.KindConflict {
		t.Errorf("second load: %v", err)
	} else if msg := domain.Message(i18n.ZH, err); msg != i18n.T(i18n.ZH, "err.demo_not_empty", nil) {
		t.Errorf("message %q", msg)
	}
}
