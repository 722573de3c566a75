package exchange

import (
	"context"
	"sort"

	"cityledger/domain"
)

// Import converts t into kind k and writes it through store in one transaction.
//
// When any row is invalid and o.SkipInvalid is false, nothing is written: the
// valid rows are still checked against the database (a dry run), so that one
// pass names every problem, and the error is a KindInvalid domain error
// listing them all. With o.SkipInvalid the valid rows are written and the
// others counted as rejected. The summary's Errors and Warnings name source
// rows, sorted by row.
func Import(ctx context.Context, store domain.Store, l *Layout, t *Table, o Options) (*Result, domain.ImportSummary, error) {
	res, err := Convert(l, t, o)
	if err != nil {
		return nil, domain.ImportSummary{}, err
	}
	sum, err := write(ctx, store, res, o)
	return res, sum, err
}

// ImportSource is Import reading the rows one at a time from src: the file is
// never held whole, only its converted batch.
func ImportSource(ctx context.Context, store domain.Store, l *Layout, src *Source, o Options) (*Result, domain.ImportSummary, error) {
	res, err := ConvertSource(l, src, o)
	if err != nil {
		return nil, domain.ImportSummary{}, err
	}
	sum, err := write(ctx, store, res, o)
	return res, sum, err
}

// write hands a converted table to the store and merges both stages' findings.
func write(ctx context.Context, store domain.Store, res *Result, o Options) (domain.ImportSummary, error) {
	b := res.Batch
	if len(res.Errors) > 0 && !o.SkipInvalid {
		b.DryRun, b.SkipInvalid = true, true
		var found []domain.FieldError
		storeSum, err := store.Import(ctx, b)
		if err != nil && domain.ErrorKind(err) != domain.KindInvalid {
			return domain.ImportSummary{}, err
		}
		found = append(found, storeSum.Errors...)
		found = appendNew(found, domain.FieldErrors(err))
		all := sortByRow(append(append([]domain.FieldError{}, res.Errors...), found...))
		sum := domain.ImportSummary{
			Rejected: res.Rejected + storeSum.Rejected,
			Errors:   all,
			Warnings: mergeWarnings(res.Warnings, storeSum.Warnings),
		}
		return sum, domain.Invalid(all...)
	}
	b.DryRun, b.SkipInvalid = o.DryRun, o.SkipInvalid
	sum, err := store.Import(ctx, b)
	sum.Rejected += res.Rejected
	sum.Errors = sortByRow(appendNew(append(append([]domain.FieldError{}, res.Errors...), sum.Errors...), domain.FieldErrors(err)))
	sum.Warnings = mergeWarnings(res.Warnings, sum.Warnings)
	if err != nil {
		if domain.ErrorKind(err) == domain.KindInvalid && len(sum.Errors) > 0 {
			return sum, domain.Invalid(sum.Errors...)
		}
		return sum, err
	}
	return sum, nil
}

// appendNew adds the errors of more that dst does not hold yet: a store may
// report its findings both in the summary and in the returned error.
func appendNew(dst, more []domain.FieldError) []domain.FieldError {
	type key struct {
		row               int
		field, value, rul string
	}
	have := map[key]bool{}
	for _, e := range dst {
		have[key{e.Row, e.Field, e.Value, e.Rule}] = true
	}
	for _, e := range more {
		k := key{e.Row, e.Field, e.Value, e.Rule}
		if !have[k] {
			have[k] = true
			dst = append(dst, e)
		}
	}
	return dst
}

// mergeWarnings joins the converter's and the store's warnings; both measure
// geometries, so one remark on a row's field is kept once.
func mergeWarnings(mine, store []domain.FieldError) []domain.FieldError {
	type key struct {
		row         int
		field, rule string
	}
	seen := map[key]bool{}
	var out []domain.FieldError
	for _, w := range append(append([]domain.FieldError{}, mine...), store...) {
		k := key{w.Row, w.Field, w.Rule}
		if !seen[k] {
			seen[k] = true
			out = append(out, w)
		}
	}
	return sortByRow(out)
}

func sortByRow(fe []domain.FieldError) []domain.FieldError {
	sort.SliceStable(fe, func(i, j int) bool { return fe[i].Row < fe[j].Row })
	if len(fe) == 0 {
		return nil
	}
	return fe
}
