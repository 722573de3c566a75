package storage

import (
	"context"
	"database/sql"
	"fmt"

	"gorm.io/gorm"

	"cityledger/domain"
)

// RowsCases is the Batch.Rows key of the cases' source rows.
const RowsCases = "cases"

type existingCase struct {
	id          int64
	fingerprint string
	version     int64
	// assetID and link: a person's link (domain.PersonLink) survives an update whose
	// columns name no asset.
	assetID sql.NullInt64
	link    string
}

// importCases writes the batch's cases: a number that exists updates that case (its
// later state from a later export), an unchanged one is counted as such, and the
// columns the file does not hold keep their stored values. Cases are accepted in
// closed years (a closed year's figures are frozen, see freezeCases).
func (im *importer) importCases(ctx context.Context) (err error) {
	cases := im.b.Cases
	if len(cases) == 0 {
		return nil
	}
	partial := im.b.CaseColumns != nil
	present := map[string]bool{}
	for _, f := range im.b.CaseColumns {
		present[f] = true
	}
	existing := map[string]existingCase{}
	if !im.b.Fresh {
		var rows []struct {
			ID          int64
			CaseNo      string
			Fingerprint string
			Version     int64
			AssetID     sql.NullInt64
			AssetLink   string
		}
		if err := im.tx.Raw("SELECT id, case_no, fingerprint, version, asset_id, asset_link FROM cases").Scan(&rows).Error; err != nil {
			return domain.Internal("query", err)
		}
		existing = make(map[string]existingCase, len(rows))
		for _, r := range rows {
			existing[r.CaseNo] = existingCase{r.ID, r.Fingerprint, r.Version, r.AssetID, r.AssetLink}
		}
	}
	if partial {
		if err := im.mergeStoredCases(existing, present); err != nil {
			return err
		}
	}
	have := int64(len(existing))
	if im.b.Fresh && len(cases) >= bulkCases {
		if err := im.tx.Raw("SELECT COUNT(*) FROM cases").Scan(&have).Error; err != nil {
			return domain.Internal("query", err)
		}
	}
	if len(cases) >= bulkCases && int64(len(cases)) > have && !im.d.postgres {
		// Most of the table is new: building the secondary indexes once at the end
		// is several times faster than keeping them up to date row by row. Inside
		// the import's transaction, a failed import brings them back unchanged.
		rebuild, derr := dropCaseIndexes(im.tx)
		if derr != nil {
			return derr
		}
		defer func() {
			if err == nil {
				err = rebuild()
			}
		}()
	}
	assetIDs, err := caseAssetIndex(im.tx, cases)
	if err != nil {
		return err
	}
	// Checking and laying out a case is independent of the others: one goroutine
	// prepares the next chunk while this one writes the last to the database.
	chunks := make(chan []preparedCase, 2)
	stop, done := make(chan struct{}), make(chan struct{})
	defer func() {
		close(stop)
		<-done // the batch is the caller's again only once the preparer has let go
	}()
	go func() {
		defer close(done)
		defer close(chunks)
		for from := 0; from < len(cases); from += caseChunk {
			part := prepareCases(cases, from, min(from+caseChunk, len(cases)), assetIDs)
			select {
			case chunks <- part:
			case <-stop:
				return
			}
		}
	}()
	firstRow := make(map[string]int, len(cases))
	deltas := caseStatDeltas{}
	var fresh [][]any
	flush := func() error {
		if err := insertMany(im.tx, "cases", caseColumns, fresh); err != nil {
			return translate(err, subjectCase, "")
		}
		fresh = fresh[:0]
		return nil
	}
	for part := range chunks {
		if err := ctx.Err(); err != nil {
			return err
		}
		for k := range part {
			p := &part[k]
			i := p.index
			im.tick()
			c := &cases[i]
			if first, dup := firstRow[c.No]; dup && c.No != "" {
				im.reject(RowsCases, i, domain.FieldError{Field: "case_no", Value: c.No, Rule: "duplicate_code",
					Params: map[string]string{"Rows": fmt.Sprintf("%d、%d", im.row(RowsCases, first), im.row(RowsCases, i))}})
				continue
			}
			firstRow[c.No] = i
			if len(p.invalid) > 0 {
				im.reject(RowsCases, i, p.invalid...)
				continue
			}
			row := &p.row
			old, found := existing[c.No]
			// A person's link stays until the case's columns name an asset we hold.
			keepPerson := found && p.link.AssetID == 0 && domain.PersonLink(old.link) && old.assetID.Valid
			// The case is kept either way: it is the platform's record, not ours to refuse.
			if p.link.UnknownComponent && p.link.AssetID == 0 && !keepPerson {
				im.sum.Warnings = append(im.sum.Warnings, domain.FieldError{Row: im.row(RowsCases, i), Field: "component_id",
					Value: c.ComponentID, Rule: "case_unknown_component"})
			}
			if p.link.UnknownCode && p.link.AssetID == 0 && !keepPerson {
				im.sum.Warnings = append(im.sum.Warnings, domain.FieldError{Row: im.row(RowsCases, i), Field: "asset_code",
					Value: c.AssetCode, Rule: "case_unknown_asset", Params: im.classParams(c.AssetClass)})
			}
			switch {
			case !found:
				row.Version = 1
				fresh = append(fresh, row.values())
				deltas.add(row, 1)
				im.sum.Added++
				if len(fresh) >= caseChunk {
					if err := flush(); err != nil {
						return err
					}
				}
			case old.fingerprint == row.Fingerprint:
				im.sum.Unchanged++
			default:
				if keepPerson {
					row.AssetID, row.AssetLink = old.assetID, old.link
					c.AssetID, c.Link = old.assetID.Int64, old.link
				}
				prev, err := oldCaseStatRow(im.tx, old.id)
				if err != nil {
					return err
				}
				deltas.add(&prev, -1)
				deltas.add(row, 1)
				row.ID, row.Version = old.id, old.version+1
				if err := im.tx.Model(&caseRow{}).Where("id = ?", old.id).Select(caseColumns).Updates(row).Error; err != nil {
					return translate(err, subjectCase, c.No)
				}
				c.ID, c.Version = old.id, row.Version
				im.sum.Updated++
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	return deltas.apply(im.tx)
}

// caseChunk is how many cases are prepared and inserted at a time.
const caseChunk = 5000

// preparedCase is a case of the batch checked and laid out as a row.
type preparedCase struct {
	index   int
	invalid []domain.FieldError
	link    domain.CaseLinkResult
	row     caseRow
}

// prepareCases completes, checks and lays out cases[from:to]. It reads only the batch
// and the asset index, so it runs beside the writing.
func prepareCases(cases []domain.Case, from, to int, assetIDs *caseAssets) []preparedCase {
	out := make([]preparedCase, to-from)
	stamp := now()
	for i := from; i < to; i++ {
		p := &out[i-from]
		p.index = i
		c := &cases[i]
		c.CompleteClass()
		if c.Status == "" {
			c.Status = c.DerivedStatus()
		}
		if err := c.Validate(); err != nil {
			p.invalid = domain.FieldErrors(err)
			continue
		}
		c.AssetID, c.Link = 0, ""
		p.link = domain.ResolveCaseLink(c, assetIDs)
		p.link.Apply(c)
		p.row = toCaseRow(c)
		p.row.UpdatedAt = stamp
	}
	return out
}

// caseAssets holds the assets an import's cases name: by component ID and by class
// and code, loaded once for the whole batch.
type caseAssets struct {
	byComponent map[string]int64
	byCode      map[domain.Class]map[string]int64
}

func (a *caseAssets) ByComponentID(id string) (int64, bool) {
	v, ok := a.byComponent[id]
	return v, ok
}

func (a *caseAssets) ByCode(class domain.Class, code string) (int64, bool) {
	v, ok := a.byCode[class][code]
	return v, ok
}

// caseAssetIndex loads the codes of the asset classes the cases name, and the
// component IDs when a case holds one.
func caseAssetIndex(tx *gorm.DB, cases []domain.Case) (*caseAssets, error) {
	out := &caseAssets{byComponent: map[string]int64{}, byCode: map[domain.Class]map[string]int64{}}
	components := false
	for i := range cases {
		components = components || cases[i].ComponentID != ""
		cl := cases[i].AssetClass
		if cases[i].AssetCode == "" || out.byCode[cl] != nil || cl == "" {
			continue
		}
		var rows []struct {
			ID   int64
			Code string
		}
		if err := tx.Raw("SELECT id, code FROM assets WHERE class = ?", string(cl)).Scan(&rows).Error; err != nil {
			return nil, domain.Internal("query", err)
		}
		ids := make(map[string]int64, len(rows))
		for _, r := range rows {
			ids[r.Code] = r.ID
		}
		out.byCode[cl] = ids
	}
	if components {
		var rows []struct {
			ID          int64
			ComponentID string
		}
		if err := tx.Raw("SELECT id, component_id FROM assets WHERE component_id IS NOT NULL").Scan(&rows).Error; err != nil {
			return nil, domain.Internal("query", err)
		}
		for _, r := range rows {
			out.byComponent[r.ComponentID] = r.ID
		}
	}
	return out, nil
}

// bulkCases is the size from which an import of mostly new cases rebuilds the
// secondary indexes instead of maintaining them.
const bulkCases = 50_000

// dropCaseIndexes drops the cases' secondary (non-unique) indexes in the caller's
// transaction and returns the function that creates them again.
func dropCaseIndexes(tx *gorm.DB) (rebuild func() error, err error) {
	var defs []struct{ Name, SQL string }
	if err := tx.Raw(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cases'
		AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'`).Scan(&defs).Error; err != nil {
		return nil, domain.Internal("import", err)
	}
	for _, d := range defs {
		if err := tx.Exec("DROP INDEX " + d.Name).Error; err != nil {
			return nil, domain.Internal("import", err)
		}
	}
	return func() error {
		for _, d := range defs {
			if err := tx.Exec(d.SQL).Error; err != nil {
				return domain.Internal("import", err)
			}
		}
		return nil
	}, nil
}

// mergeStoredCases fills, for every case of the batch that exists, the fields the
// file does not hold with their stored values: a column absent from a file keeps what
// is stored (DESIGN.md "Import semantics").
func (im *importer) mergeStoredCases(existing map[string]existingCase, present map[string]bool) error {
	cases := im.b.Cases
	var ids []int64
	for i := range cases {
		if ex, ok := existing[cases[i].No]; ok {
			ids = append(ids, ex.id)
		}
	}
	stored := make(map[string]domain.Case, len(ids))
	for start := 0; start < len(ids); start += 500 {
		end := min(start+500, len(ids))
		var rows []caseRow
		if err := im.tx.Where("id IN ?", ids[start:end]).Find(&rows).Error; err != nil {
			return domain.Internal("query", err)
		}
		for i := range rows {
			stored[rows[i].CaseNo] = rows[i].domain()
		}
	}
	for i := range cases {
		old, ok := stored[cases[i].No]
		if !ok {
			continue
		}
		mergeCase(&cases[i], &old, present)
	}
	return nil
}

// mergeCase copies into c every field of old that present does not name.
func mergeCase(c, old *domain.Case, present map[string]bool) {
	keep := func(field string) bool { return !present[field] }
	if keep("source") {
		c.Source = old.Source
	}
	if keep("category") {
		c.Category = old.Category
	}
	if keep("class_code") {
		c.ClassCode = old.ClassCode
	}
	if keep("class_name") {
		c.ClassName = old.ClassName
	}
	if keep("description") {
		c.Description = old.Description
	}
	if keep("address") {
		c.Address = old.Address
	}
	if keep("lon") && keep("lat") {
		c.Location = old.Location
	}
	if keep("component_id") {
		c.ComponentID = old.ComponentID
	}
	if keep("asset_class") {
		c.AssetClass = old.AssetClass
	}
	if keep("asset_code") {
		c.AssetCode = old.AssetCode
	}
	for _, f := range domain.CaseTimeFields {
		if keep(f) {
			c.SetTime(f, old.Time(f))
		}
	}
	if keep("unit") {
		c.Unit = old.Unit
	}
	if keep("status") {
		// A status that only followed the stored times (a file without a status
		// column) follows the new times; one set apart from them (作废) is kept.
		if old.Status == old.DerivedStatus() {
			c.Status = c.DerivedStatus()
		} else {
			c.Status = old.Status
		}
	}
	if keep("note") {
		c.Note = old.Note
	}
}
