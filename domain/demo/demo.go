// Package demo loads the demo district: the embedded assets/demo/*.csv files,
// in the import formats, and its 2020 cases (generated, see cases.go), into an
// empty database in one transaction.
package demo

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"path"

	"cityledger/assets"
	"cityledger/domain"
	"cityledger/domain/exchange"
)

// File is the embedded demo file of kind k.
func File(k exchange.Kind) string { return path.Join("demo", string(k)+".csv") }

// Load reads every demo file through the CSV importer into one batch and writes
// it with one Store.Import. It refuses a store that holds any unit, asset,
// project or record (KindConflict, err.demo_not_empty). A demo file that does
// not convert cleanly is a fault of the build, reported as KindInternal.
func Load(ctx context.Context, store domain.Store) (domain.ImportSummary, error) {
	empty, err := store.Empty(ctx)
	if err != nil {
		return domain.ImportSummary{}, err
	}
	if !empty {
		return domain.ImportSummary{}, domain.Errorf(domain.KindConflict, "err.demo_not_empty", nil)
	}
	batch, err := Batch()
	if err != nil {
		return domain.ImportSummary{}, err
	}
	// The store was just found empty: it need not look for existing rows.
	batch.Fresh = true
	return store.Import(ctx, batch)
}

// Batch is the whole demo district as one import batch: a file per kind of the built-in
// catalogue that the district has (units, the six registers, projects, indicators,
// records, settings).
func Batch() (*domain.Batch, error) {
	batch := &domain.Batch{Rows: map[string][]int{}, Source: "demo"}
	cat := domain.BuiltinCatalogue()
	for _, k := range exchange.Kinds(cat) {
		if k == exchange.Cases {
			continue // generated from the rest, below
		}
		b, err := assets.FS.ReadFile(File(k))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, domain.Internal("reading the demo district", err)
		}
		t, err := exchange.ReadCSV(bytes.NewReader(b))
		if err != nil {
			return nil, domain.Internal("reading "+File(k), err)
		}
		l, _ := exchange.LayoutOf(cat, k)
		res, err := exchange.Convert(l, t, exchange.Options{})
		if err != nil {
			return nil, domain.Internal("reading "+File(k), err)
		}
		if len(res.Errors) > 0 {
			return nil, domain.Internal("reading "+File(k), domain.Invalid(res.Errors...))
		}
		exchange.Merge(batch, res.Batch)
	}
	cases, err := demoCases(batch)
	if err != nil {
		return nil, domain.Internal("generating the demo cases", err)
	}
	lc, _ := exchange.LayoutOf(cat, exchange.Cases)
	res, err := exchange.Convert(lc, casesTable(cases), exchange.Options{})
	if err != nil {
		return nil, domain.Internal("generating the demo cases", err)
	}
	if len(res.Errors) > 0 {
		return nil, domain.Internal("generating the demo cases", domain.Invalid(res.Errors...))
	}
	exchange.Merge(batch, res.Batch)
	return batch, nil
}
