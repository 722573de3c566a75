package storage

import (
	"context"
	"crypto/sha1"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"cityledger/domain"
)

var errDryRun = errors.New("dry run")

// afterImportRead, set by tests only, runs once an import has read a class's stored
// assets, so that a test can hold two imports at the point where both have read.
var afterImportRead func(*domain.Batch)

// importer carries one Import call's state through its transaction.
type importer struct {
	d      *DB
	tx     *gorm.DB
	b      *domain.Batch
	sum    domain.ImportSummary
	closed map[int]bool
	units  unitIndex
	cat    *domain.Catalogue
	// unitNames names units by ID for change lists (short names).
	unitNames map[int64]string
	district  string
	done      int
	total     int
	// seen is the version of every stored asset the batch matched (what this import
	// read; the preview's ReadMark), conflicts the rows someone else changed since the
	// baseline (Batch.Seen, or this transaction's own read).
	seen      map[int64]int64
	conflicts []assetConflict
	// rowAudit holds the per-row audit entries not yet written (flushed in chunks);
	// added the new assets whose entries wait for their IDs.
	rowAudit [][]any // rows of auditColumns
	added    []addedAsset
}

// changed records an updated row's field changes: counted when the report reads one
// of them, listed up to domain.MaxListedChanges rows.
func (im *importer) changed(kind string, i int, code string, changes []domain.FieldChange) {
	rc := domain.RowChanges{Row: im.row(kind, i), Code: code, Changes: changes}
	if rc.ReportRelevant() {
		im.sum.ReportRelevant++
	}
	if len(im.sum.Changes) < domain.MaxListedChanges {
		im.sum.Changes = append(im.sum.Changes, rc)
	}
}

func (im *importer) unitName(id int64) string { return im.unitNames[id] }

func (im *importer) row(kind string, i int) int {
	if rows := im.b.Rows[kind]; i < len(rows) {
		return rows[i]
	}
	return i + 1
}

// reject records the broken rules of one row.
func (im *importer) reject(kind string, i int, fes ...domain.FieldError) {
	for _, f := range fes {
		f.Row = im.row(kind, i)
		im.sum.Errors = append(im.sum.Errors, f)
	}
	im.sum.Rejected++
}

func (im *importer) tick() {
	im.done++
	if im.b.Progress != nil && (im.done%1000 == 0 || im.done == im.total) {
		im.b.Progress(im.done, im.total)
	}
}

// Import writes a batch in one transaction. With invalid rows nothing is written and
// the error lists every broken rule by row and field, unless SkipInvalid, which keeps
// the valid rows and reports the others. One audit entry per kind records the load.
func (d *DB) Import(ctx context.Context, b *domain.Batch) (domain.ImportSummary, error) {
	if d.readOnly {
		return domain.ImportSummary{}, d.errReadOnly()
	}
	im := d.newImporter(b)
	err := d.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error { return im.run(ctx, tx) })
	sum, err := im.result(err)
	if err == nil && d.postgres && !b.DryRun && sum.Added+sum.Updated >= analyzeAfter {
		// PostgreSQL plans from statistics its autovacuum gathers some time later; until
		// then a large new class looks empty and its registers are scanned, not read
		// through their indexes. A failed ANALYZE only leaves that to autovacuum.
		_ = d.w.WithContext(ctx).Exec("ANALYZE assets").Error
		if len(b.Cases) > 0 {
			_ = d.w.WithContext(ctx).Exec("ANALYZE cases").Error
		}
		if len(b.Records) > 0 {
			_ = d.w.WithContext(ctx).Exec("ANALYZE maintenance_records").Error
		}
	}
	return sum, err
}

func (d *DB) newImporter(b *domain.Batch) *importer {
	im := &importer{d: d, b: b, seen: map[int64]int64{}}
	im.total = len(b.Units) + len(b.Assets) + len(b.Cases) + len(b.Projects) + len(b.Indicators) + len(b.Records) + len(b.Settings)
	return im
}

// run imports the batch in the transaction tx; errDryRun ends a dry run.
func (im *importer) run(ctx context.Context, tx *gorm.DB) error {
	im.tx = tx
	var err error
	if im.closed, err = closedYears(tx); err != nil {
		return err
	}
	if im.units, err = loadUnits(tx); err != nil {
		return err
	}
	if im.cat, err = loadCatalogue(tx); err != nil {
		return err
	}
	if im.district, err = readSetting(tx, settingDistrictCode); err != nil {
		return err
	}
	im.unitNames = map[int64]string{}
	var urows []unitRow
	if err := tx.Find(&urows).Error; err != nil {
		return classify("query", err)
	}
	for _, u := range urows {
		im.unitNames[u.ID] = u.ShortName
	}
	steps := []func(context.Context) error{im.importUnits, im.importAssets, im.importCases, im.importProjects, im.importIndicators, im.importRecords, im.importSettings}
	for _, step := range steps {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := step(ctx); err != nil {
			return err
		}
	}
	if len(im.conflicts) > 0 {
		return im.conflictError()
	}
	if len(im.sum.Errors) > 0 && !im.b.SkipInvalid {
		return domain.Invalid(im.sum.Errors...)
	}
	if im.b.DryRun {
		return errDryRun
	}
	if err := im.flushAudit(true); err != nil {
		return err
	}
	// The counts as JSON, so that each reader words them in its own language.
	counts, err := json.Marshal(domain.ImportSummary{Added: im.sum.Added, Updated: im.sum.Updated,
		Unchanged: im.sum.Unchanged, Rejected: im.sum.Rejected})
	if err != nil {
		return err
	}
	return im.d.auditNote(tx, "import", "batch", im.b.Source, "", string(counts))
}

// result is what Import returns once the transaction ended with err.
func (im *importer) result(err error) (domain.ImportSummary, error) {
	im.sum.Seen = &domain.ReadMark{Assets: im.seen}
	if errors.Is(err, errDryRun) {
		return im.sum, nil
	}
	if err != nil {
		if domain.ErrorKind(err) == domain.KindInvalid {
			// Nothing was written: report every row as not imported.
			s := im.sum
			s.Added, s.Updated, s.Unchanged = 0, 0, 0
			return s, err
		}
		if domain.ErrorKind(err) == domain.KindConflict {
			return domain.ImportSummary{Seen: im.sum.Seen}, err
		}
		return domain.ImportSummary{}, classify("import", err)
	}
	return im.sum, nil
}

// analyzeAfter is the number of rows an import writes from which PostgreSQL's
// statistics are brought up to date at once.
const analyzeAfter = 10000

func (im *importer) count(added, changed bool) {
	switch {
	case added:
		im.sum.Added++
	case changed:
		im.sum.Updated++
	default:
		im.sum.Unchanged++
	}
}

func (im *importer) importUnits(ctx context.Context) error {
	seen := map[string]int{}
	for i := range im.b.Units {
		im.tick()
		u := im.b.Units[i]
		if first, dup := seen[u.Name]; dup {
			im.reject("units", i, domain.FieldError{Field: "name", Value: u.Name, Rule: "duplicate_unit",
				Params: map[string]string{"Rows": fmt.Sprintf("%d、%d", im.row("units", first), im.row("units", i))}})
			continue
		}
		seen[u.Name] = i
		if fields := im.b.UnitFields; fields != nil {
			// A partial row: the stored unit of that name keeps what the file leaves out.
			if id, ok := im.units.find(u.Name); ok {
				var old unitRow
				if err := im.tx.First(&old, id).Error; err != nil {
					return domain.Internal("query", err)
				}
				merged := old.domain()
				merged.ApplyFields(&u, fields)
				if !slices.Contains(fields, "parent") {
					merged.Parent = ""
				}
				u = merged
			}
		}
		if err := u.Validate(); err != nil {
			im.reject("units", i, domain.FieldErrors(err)...)
			continue
		}
		if u.Parent != "" && u.ParentID == 0 {
			id, ok := im.units.find(u.Parent)
			if !ok {
				im.reject("units", i, domain.FieldError{Field: "parent", Value: u.Parent, Rule: "unknown_parent"})
				continue
			}
			u.ParentID = id
		}
		added, changed, err := im.d.upsertUnit(im.tx, &u, im.units)
		if err != nil {
			if domain.ErrorKind(err) == domain.KindInvalid {
				im.reject("units", i, domain.FieldErrors(err)...)
				continue
			}
			return err
		}
		im.unitNames[u.ID] = u.ShortName
		im.count(added, changed)
	}
	return nil
}

type existing struct {
	id          int64
	fingerprint string
	version     int64
	// The dates that place the stored asset in years (ClosedYearDates).
	startDate, disposalDate domain.Date
}

func (im *importer) loadExistingAssets(class domain.Class) (map[string]existing, error) {
	var rows []struct {
		ID           int64
		Code         string
		Fingerprint  string
		Version      int64
		StartDate    sql.NullString
		DisposalDate sql.NullString
	}
	if err := im.tx.Raw("SELECT id, code, fingerprint, version, start_date, disposal_date FROM assets WHERE class = ?", string(class)).Scan(&rows).Error; err != nil {
		return nil, classify("query", err)
	}
	m := make(map[string]existing, len(rows))
	for _, r := range rows {
		m[r.Code] = existing{r.ID, r.Fingerprint, r.Version, domain.Date(r.StartDate.String), domain.Date(r.DisposalDate.String)}
	}
	return m, nil
}

// assetUpdate is the partial update row i of the batch makes.
func (im *importer) assetUpdate(def *domain.ClassDef, a *domain.Asset) domain.AssetUpdate {
	fields, ok := im.b.AssetFields[a.Class]
	if !ok || fields == nil {
		return domain.FullUpdate(def, a)
	}
	return domain.AssetUpdate{Fields: fields, Values: *a}
}

// wholeRow reports whether the batch's rows of class set every field of def.
func (im *importer) wholeRow(def *domain.ClassDef, class domain.Class) bool {
	fields, ok := im.b.AssetFields[class]
	if !ok || fields == nil {
		return true
	}
	for _, f := range def.Fields {
		if f.Stored() && !slices.Contains(fields, f.Key) {
			return false
		}
	}
	return !def.Geometric() || slices.Contains(fields, domain.GeometryField)
}

// pendingAsset is an existing asset a row updates, waiting for its stored row.
type pendingAsset struct {
	i   int
	old existing
	def *domain.ClassDef
}

// importAssets writes the batch's assets as partial updates: a new code is added with
// the defaults for what the file leaves out; an existing one keeps every field the
// file has no column for. Updates are applied in chunks, each chunk's stored rows read
// in one query.
func (im *importer) importAssets(ctx context.Context) error {
	byClass := map[domain.Class]map[string]existing{}
	firstRow := map[string]int{}
	var fresh [][]any
	var pending []pendingAsset
	for i := range im.b.Assets {
		im.tick()
		if i%5000 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		a := &im.b.Assets[i]
		def, ok := im.cat.Class(a.Class)
		if !ok {
			im.reject("assets", i, domain.FieldError{Field: "asset_class", Value: string(a.Class), Rule: "unknown_class"})
			continue
		}
		key := string(a.Class) + "\x00" + a.Code
		if first, dup := firstRow[key]; dup && a.Code != "" {
			im.reject("assets", i, domain.FieldError{Field: "code", Value: a.Code, Rule: "duplicate_code",
				Params: map[string]string{"Rows": fmt.Sprintf("%d、%d", im.row("assets", first), im.row("assets", i))}})
			continue
		}
		firstRow[key] = i
		if a.UnitID == 0 && a.Unit != "" {
			id, ok := im.units.find(a.Unit)
			if !ok {
				im.reject("assets", i, domain.FieldError{Field: "unit", Value: a.Unit, Rule: "unknown_unit"})
				continue
			}
			a.UnitID = id
		}
		ex, ok := byClass[a.Class]
		if !ok && im.b.Fresh {
			ex, ok = map[string]existing{}, true
			byClass[a.Class] = ex
		}
		if !ok {
			var err error
			if ex, err = im.loadExistingAssets(a.Class); err != nil {
				return err
			}
			byClass[a.Class] = ex
			if afterImportRead != nil {
				afterImportRead(im.b)
			}
		}
		if old, found := ex[a.Code]; found {
			im.seen[old.id] = old.version
			if im.wholeRow(def, a.Class) {
				// A whole row decides every field: an unchanged one is recognised by its
				// fingerprint without reading the stored row.
				next := *a
				next.ID, next.Version = old.id, old.version
				if next.Status == "" {
					next.Status = domain.StatusInUse
				}
				if def.Validate(&next) == nil {
					Measure(def, &next)
					if row, err := toAssetRow(&next); err == nil && row.Fingerprint == old.fingerprint {
						a.ID, a.Version = old.id, old.version
						im.sum.Unchanged++
						continue
					}
				}
			}
			pending = append(pending, pendingAsset{i: i, old: old, def: def})
			if len(pending) >= 500 {
				if err := im.updateAssets(pending); err != nil {
					return err
				}
				pending = pending[:0]
			}
			continue
		}
		// A new asset: the row's fields over the defaults.
		na := domain.Asset{Class: a.Class, Code: a.Code}
		u := im.assetUpdate(def, a)
		u.Apply(def, &na)
		na.UnitID = a.UnitID
		if fe := domain.ClosedYearDates(im.isClosed, nil, &na); len(fe) > 0 {
			im.reject("assets", i, fe...)
			continue
		}
		row, ok := im.checkAsset(i, def, &na)
		if !ok {
			continue
		}
		row.Version = 1
		fresh = append(fresh, row.values())
		im.sum.Added++
		if im.auditsRows() {
			im.added = append(im.added, addedAsset{class: na.Class, code: na.Code})
		}
		// Flush in chunks so a large import does not hold every row's values twice.
		if len(fresh) >= 5000 {
			if err := im.insertFresh(fresh); err != nil {
				return err
			}
			fresh = fresh[:0]
		}
	}
	if err := im.updateAssets(pending); err != nil {
		return err
	}
	return im.insertFresh(fresh)
}

// checkAsset validates and measures a row's resulting asset and maps it to its row;
// ok is false when the row was rejected.
func (im *importer) checkAsset(i int, def *domain.ClassDef, a *domain.Asset) (assetRow, bool) {
	fe := domain.FieldErrors(def.Validate(a))
	if a.ComponentID != "" {
		if e := domain.CheckComponentDistrict(a.ComponentID, im.district); e != nil {
			fe = append(fe, *e)
		}
	}
	if len(fe) > 0 {
		im.reject("assets", i, fe...)
		return assetRow{}, false
	}
	for _, w := range Measure(def, a) {
		w.Row = im.row("assets", i)
		im.sum.Warnings = append(im.sum.Warnings, w)
	}
	row, err := toAssetRow(a)
	if err != nil {
		im.reject("assets", i, domain.FieldError{Field: "geometry", Rule: "geometry", Params: map[string]string{"Detail": err.Error()}})
		return assetRow{}, false
	}
	return row, true
}

// updateAssets applies the pending rows' updates to their stored assets.
func (im *importer) updateAssets(pending []pendingAsset) error {
	if len(pending) == 0 {
		return nil
	}
	ids := make([]int64, len(pending))
	for k, p := range pending {
		ids[k] = p.old.id
	}
	var rows []assetRow
	q := im.tx.Where("id IN ?", ids)
	if im.d.postgres {
		// The rows are locked as they are read (in the order of their IDs, so that two
		// imports lock them in one order): what is compared with the baseline and
		// audited as the old value is what this import overwrites.
		q = q.Order("id").Clauses(clause.Locking{Strength: "UPDATE"})
	}
	if err := q.Find(&rows).Error; err != nil {
		return classify("query", err)
	}
	stored := make(map[int64]*assetRow, len(rows))
	for k := range rows {
		stored[rows[k].ID] = &rows[k]
	}
	for _, p := range pending {
		r := stored[p.old.id]
		if r == nil {
			return domain.Internal("import", fmt.Errorf("asset %d vanished", p.old.id))
		}
		old, err := r.domain()
		if err != nil {
			return domain.Internal("query", err)
		}
		a := &im.b.Assets[p.i]
		next := old
		u := im.assetUpdate(p.def, a)
		u.Apply(p.def, &next)
		if u.Sets("unit") {
			next.UnitID = a.UnitID
		}
		if !u.Sets(domain.GeometryField) {
			// The stored measures stand; only a new geometry is measured again.
			next.GeomLengthM, next.GeomAreaM2 = old.GeomLengthM, old.GeomAreaM2
		}
		row, ok := im.checkAsset(p.i, p.def, &next)
		if !ok {
			continue
		}
		a.ID, a.Version = old.ID, old.Version
		if row.Fingerprint == r.Fingerprint {
			im.sum.Unchanged++
			continue
		}
		if base := im.baseline(old.ID, p.old.version); base != old.Version && !im.b.Overwrite {
			// Someone else changed the row after it was read: this import would undo
			// their change without either person knowing.
			im.conflicts = append(im.conflicts, assetConflict{row: im.row("assets", p.i), id: old.ID, code: old.Code,
				mine: assetFields(&next), theirs: assetFields(&old)})
			continue
		}
		if fe := domain.ClosedYearDates(im.isClosed, &old, &next); len(fe) > 0 {
			im.reject("assets", p.i, fe...)
			continue
		}
		im.changed("assets", p.i, old.Code, domain.DiffAssets(p.def, &old, &next, im.unitName))
		row.ID = old.ID
		row.Version = old.Version + 1
		res := im.tx.Model(&assetRow{}).Where("id = ? AND version = ?", old.ID, old.Version).Select("*").Omit("id").Updates(&row)
		if res.Error != nil {
			return translate(res.Error, defSubject(p.def), next.Code)
		}
		if res.RowsAffected == 0 {
			// Changed between the read and the write (the rows are read locked on
			// PostgreSQL and SQLite admits one writer, so this is a safety net).
			im.conflicts = append(im.conflicts, assetConflict{row: im.row("assets", p.i), id: old.ID, code: old.Code,
				mine: assetFields(&next), theirs: assetFields(&old)})
			continue
		}
		a.Version = row.Version
		im.sum.Updated++
		if err := im.auditRow(domain.AuditAssets, old.ID, string(old.Class)+":"+old.Code, assetFields(&old), assetFields(&next), r); err != nil {
			return err
		}
	}
	return nil
}

func dropRule(fe []domain.FieldError, field, rule string) []domain.FieldError {
	out := fe[:0]
	for _, f := range fe {
		if !(f.Field == field && f.Rule == rule) {
			out = append(out, f)
		}
	}
	return out
}

func (im *importer) projectIndex() (map[string]projectRow, error) {
	var rows []projectRow
	if err := im.tx.Select("id, year, code, fingerprint, version").Find(&rows).Error; err != nil {
		return nil, classify("query", err)
	}
	m := make(map[string]projectRow, len(rows))
	for _, r := range rows {
		m[projectKey(r.Year, r.Code)] = r
	}
	return m, nil
}

func projectKey(year int, code string) string { return strconv.Itoa(year) + "\x00" + code }

func (im *importer) isClosed(y int) bool { return im.closed[y] }

func (im *importer) yearClosed(kind string, i int, field string, y int) bool {
	if !im.closed[y] {
		return false
	}
	im.reject(kind, i, domain.FieldError{Field: field, Value: strconv.Itoa(y), Rule: "year_closed", Params: map[string]string{"Year": strconv.Itoa(y)}})
	return true
}

func (im *importer) importProjects(ctx context.Context) error {
	if len(im.b.Projects) == 0 {
		return nil
	}
	idx, err := im.projectIndex()
	if err != nil {
		return err
	}
	firstRow := map[string]int{}
	for i := range im.b.Projects {
		im.tick()
		p := &im.b.Projects[i]
		key := projectKey(p.Year, p.Code)
		if first, dup := firstRow[key]; dup && p.Code != "" {
			im.reject("projects", i, domain.FieldError{Field: "project_code", Value: p.Code, Rule: "duplicate_code",
				Params: map[string]string{"Rows": fmt.Sprintf("%d、%d", im.row("projects", first), im.row("projects", i))}})
			continue
		}
		firstRow[key] = i
		var fe []domain.FieldError
		if p.UnitID == 0 && p.Unit != "" {
			if id, ok := im.units.find(p.Unit); ok {
				p.UnitID = id
			} else {
				fe = append(fe, domain.FieldError{Field: "unit", Value: p.Unit, Rule: "unknown_unit"})
			}
		}
		old, found := idx[key]
		var stored *domain.Project
		if found {
			var full projectRow
			if err := im.tx.First(&full, old.ID).Error; err != nil {
				return domain.Internal("query", err)
			}
			sp := full.domain()
			stored = &sp
			// The file's columns over the stored project: what the file leaves out stays.
			merged := sp
			merged.ApplyFields(p, im.b.ProjectFields)
			if im.b.ProjectFields != nil && !slices.Contains(im.b.ProjectFields, "unit") {
				merged.Unit = ""
			}
			*p = merged
		}
		fe = append(fe, domain.FieldErrors(p.Validate())...)
		if len(fe) > 0 {
			im.reject("projects", i, dropRule(fe, "unit", "required")...)
			continue
		}
		if im.yearClosed("projects", i, "year", p.Year) {
			continue
		}
		row := toProjectRow(p)
		switch {
		case !found:
			row.Version = 1
			if err := im.tx.Create(&row).Error; err != nil {
				return translate(err, subjectProject, p.Code)
			}
			idx[key] = row
			im.sum.Added++
		case old.Fingerprint == row.Fingerprint:
			im.sum.Unchanged++
		default:
			row.ID, row.Version = old.ID, old.Version+1
			if err := im.tx.Model(&projectRow{}).Where("id = ?", old.ID).Select("*").Omit("id").Updates(&row).Error; err != nil {
				return translate(err, subjectProject, p.Code)
			}
			p.Unit = ""
			im.changed("projects", i, p.Code, domain.DiffProjects(stored, p))
			im.sum.Updated++
			if err := im.auditRow("projects", old.ID, p.Code, projectFields(stored), projectFields(p), nil); err != nil {
				return err
			}
		}
		p.ID = idx[key].ID
	}
	return nil
}

func (im *importer) importIndicators(ctx context.Context) error {
	if len(im.b.Indicators) == 0 {
		return nil
	}
	idx, err := im.projectIndex()
	if err != nil {
		return err
	}
	type group struct {
		p    projectRow
		rows []domain.Indicator
		idx  []int
	}
	groups := map[int64]*group{}
	var order []int64
	for i := range im.b.Indicators {
		im.tick()
		in := im.b.Indicators[i]
		var fe []domain.FieldError
		var p projectRow
		if in.ProjectID != 0 {
			if err := im.tx.First(&p, in.ProjectID).Error; err != nil {
				fe = append(fe, domain.FieldError{Field: "project_code", Value: itoa(in.ProjectID), Rule: "unknown_project", Params: map[string]string{"Year": strconv.Itoa(in.Year)}})
			}
		} else if pr, ok := idx[projectKey(in.Year, in.ProjectCode)]; ok {
			p = pr
		} else if in.ProjectCode != "" {
			fe = append(fe, domain.FieldError{Field: "project_code", Value: in.ProjectCode, Rule: "unknown_project", Params: map[string]string{"Year": strconv.Itoa(in.Year)}})
		}
		fe = append(fe, domain.FieldErrors(in.Validate())...)
		if len(fe) > 0 {
			im.reject("indicators", i, fe...)
			continue
		}
		if im.yearClosed("indicators", i, "year", p.Year) {
			continue
		}
		g := groups[p.ID]
		if g == nil {
			g = &group{p: p}
			groups[p.ID] = g
			order = append(order, p.ID)
		}
		g.rows = append(g.rows, in)
		g.idx = append(g.idx, i)
	}
	for _, id := range order {
		g := groups[id]
		sort.SliceStable(g.rows, func(a, b int) bool { return g.rows[a].Position < g.rows[b].Position })
		if fields := im.b.IndicatorFields; fields != nil {
			// The stored row at the same position keeps what the file leaves out.
			var stored []indicatorRow
			if err := im.tx.Where("project_id = ?", g.p.ID).Find(&stored).Error; err != nil {
				return domain.Internal("query", err)
			}
			byPos := map[int]domain.Indicator{}
			for _, r := range stored {
				byPos[r.Position] = r.domain()
			}
			for k := range g.rows {
				if old, ok := byPos[g.rows[k].Position]; ok {
					old.ApplyFields(&g.rows[k], fields)
					g.rows[k] = old
				}
			}
		}
		var before int64
		if err := im.tx.Raw("SELECT COUNT(*) FROM indicators WHERE project_id = ?", g.p.ID).Scan(&before).Error; err != nil {
			return classify("query", err)
		}
		changed, err := im.d.replaceIndicators(im.tx, g.p, g.rows)
		if err != nil {
			return err
		}
		for range g.rows {
			im.count(before == 0, changed)
		}
	}
	return nil
}

// recordImportKey identifies a record from a file by its content and the occurrence
// of that content in the file, so a re-import finds it and two genuinely identical
// jobs on one day both stay.
func recordImportKey(r *domain.Record, occurrence int) string {
	h := sha1.New()
	fmt.Fprintf(h, "%s|%s|%s|%s|%s|%s|%g|%s|%d|%s|%s", r.Date, r.AssetClass, r.AssetCode, r.ProjectCode, r.Funding,
		r.WorkType, r.Quantity, r.QuantityUnit, r.Cost, r.Contractor, r.Note)
	// A case number joined the key later: records without one keep the keys they had.
	if r.CaseNo != "" {
		fmt.Fprintf(h, "|%s", r.CaseNo)
	}
	return hex.EncodeToString(h.Sum(nil))[:24] + "#" + strconv.Itoa(occurrence)
}

func (im *importer) importRecords(ctx context.Context) error {
	if len(im.b.Records) == 0 {
		return nil
	}
	projects, err := im.projectIndex()
	if err != nil {
		return err
	}
	projectYears := map[string][]int{}
	for _, p := range projects {
		projectYears[p.Code] = append(projectYears[p.Code], p.Year)
	}
	assetIDs := map[domain.Class]map[string]int64{}
	years := map[int]bool{}
	for _, r := range im.b.Records {
		years[r.Date.Year()] = true
	}
	keys := map[string]bool{}
	for y := range years {
		if im.b.Fresh {
			break
		}
		var ks []string
		if err := im.tx.Raw("SELECT import_key FROM maintenance_records WHERE year = ? AND import_key IS NOT NULL", y).Scan(&ks).Error; err != nil {
			return classify("query", err)
		}
		for _, k := range ks {
			keys[k] = true
		}
	}
	occurrences := map[string]int{}
	var fresh [][]any
	for i := range im.b.Records {
		im.tick()
		if i%5000 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		r := &im.b.Records[i]
		if r.Funding == "" {
			r.Funding = domain.FundFiscal
		}
		fe := domain.FieldErrors(r.Validate())
		if len(fe) > 0 {
			im.reject("maintenance", i, fe...)
			continue
		}
		year := r.Date.Year()
		if r.AssetClass != "" {
			if _, ok := im.cat.Class(r.AssetClass); !ok {
				im.reject("maintenance", i, domain.FieldError{Field: "asset_class", Value: string(r.AssetClass), Rule: "unknown_class"})
				continue
			}
		}
		if r.AssetCode != "" && r.AssetID == 0 {
			ids, ok := assetIDs[r.AssetClass]
			if !ok {
				var rows []struct {
					ID   int64
					Code string
				}
				if err := im.tx.Raw("SELECT id, code FROM assets WHERE class = ?", string(r.AssetClass)).Scan(&rows).Error; err != nil {
					return classify("query", err)
				}
				ids = make(map[string]int64, len(rows))
				for _, x := range rows {
					ids[x.Code] = x.ID
				}
				assetIDs[r.AssetClass] = ids
			}
			if id, ok := ids[r.AssetCode]; ok {
				r.AssetID = id
			} else {
				fe = append(fe, domain.FieldError{Field: "asset_code", Value: r.AssetCode, Rule: "unknown_asset", Params: im.classParams(r.AssetClass)})
			}
		}
		if r.ProjectCode != "" && r.ProjectID == 0 {
			if p, ok := projects[projectKey(year, r.ProjectCode)]; ok {
				r.ProjectID = p.ID
			} else if ys := projectYears[r.ProjectCode]; len(ys) > 0 {
				fe = append(fe, domain.FieldError{Field: "date", Value: string(r.Date), Rule: "outside_project_year", Params: map[string]string{"Year": strconv.Itoa(ys[0])}})
			} else {
				fe = append(fe, domain.FieldError{Field: "project_code", Value: r.ProjectCode, Rule: "unknown_project", Params: map[string]string{"Year": strconv.Itoa(year)}})
			}
		}
		if len(fe) > 0 {
			im.reject("maintenance", i, fe...)
			continue
		}
		if im.yearClosed("maintenance", i, "date", year) {
			continue
		}
		if r.ImportKey == "" && !im.b.Untracked {
			base := recordImportKey(r, 0)
			base = base[:strings.IndexByte(base, '#')]
			occurrences[base]++
			r.ImportKey = base + "#" + strconv.Itoa(occurrences[base])
		}
		if !im.b.Fresh {
			if keys[r.ImportKey] {
				im.sum.Unchanged++
				continue
			}
			keys[r.ImportKey] = true
		}
		row := toRecordRow(r)
		row.Version = 1
		fresh = append(fresh, row.values())
		im.sum.Added++
		if len(fresh) >= 5000 {
			if err := insertMany(im.tx, "maintenance_records", recordColumns, fresh); err != nil {
				return translate(err, subjectRecord, "")
			}
			fresh = fresh[:0]
		}
	}
	if err := insertMany(im.tx, "maintenance_records", recordColumns, fresh); err != nil {
		return translate(err, subjectRecord, "")
	}
	return nil
}

func (im *importer) classParams(key domain.Class) map[string]string {
	if def, ok := im.cat.Class(key); ok {
		return domain.ClassParams(def, nil)
	}
	return map[string]string{"Class": string(key)}
}

func (im *importer) importSettings(ctx context.Context) error {
	for i := range im.b.Settings {
		im.tick()
		s := im.b.Settings[i]
		if fields := im.b.SettingsFields; fields != nil {
			var old settingsRow
			err := im.tx.Where("year = ?", s.Year).First(&old).Error
			if err == nil {
				merged, derr := old.domain()
				if derr != nil {
					return classify("query", derr)
				}
				merged.ApplyFields(&s, fields)
				s = merged
			} else if !errors.Is(err, gorm.ErrRecordNotFound) {
				return classify("query", err)
			}
		}
		if err := s.Validate(); err != nil {
			im.reject("year-settings", i, domain.FieldErrors(err)...)
			continue
		}
		if im.yearClosed("year-settings", i, "year", s.Year) {
			continue
		}
		s.Version = 0
		added := false
		var n int64
		if err := im.tx.Raw("SELECT COUNT(*) FROM year_settings WHERE year = ?", s.Year).Scan(&n).Error; err != nil {
			return classify("query", err)
		}
		added = n == 0
		changed, err := im.d.saveSettings(im.tx, &s)
		if err != nil {
			return err
		}
		im.count(added, changed)
	}
	return nil
}
