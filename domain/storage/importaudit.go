package storage

import (
	"context"
	"encoding/json"
	"errors"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"cityledger/domain"
)

// Per-row history and conflicts of imports (issue 16): every asset an import adds or
// changes gets its own audit entry (the changed fields' old and new values), so that
// the asset's versions show each import and an import can be reviewed row by row; and
// an import that would overwrite a row someone else changed after it was read stops,
// naming the rows, who changed them and both values.

// assetConflict is a row changed by someone else since the baseline.
type assetConflict struct {
	row          int
	id           int64
	code         string
	mine, theirs map[string]string
}

// addedAsset is a new asset waiting for its entry (made once it is inserted).
type addedAsset struct {
	class domain.Class
	code  string
}

// importRowAudit is false only in the benchmark that measures what per-row entries
// cost (BenchmarkImport…/batch-entry-only).
var importRowAudit = true

// auditColumns are the audit_log columns the import's per-row entries fill.
var auditColumns = []string{"at", "who", "action", "entity", "entity_id", "code", "field", "old_value", "new_value", "before_row"}

// auditChunk is how many per-row entries are written in one go.
const auditChunk = 2000

// baseline is the version the import's reader saw of asset id: the preview's
// (Batch.Seen) when there was one, else what this transaction read (read). An asset
// the preview did not see at all was added since by someone else: no version matches.
func (im *importer) baseline(id, read int64) int64 {
	if im.b.Seen == nil || im.b.Seen.Assets == nil {
		return read
	}
	if v, ok := im.b.Seen.Assets[id]; ok {
		return v
	}
	return -1
}

// auditsRows says whether this import writes per-row entries: not for generated data
// and the demo (Fresh or Untracked batches), whose batch entry says all there is.
func (im *importer) auditsRows() bool {
	return importRowAudit && !im.b.Fresh && !im.b.Untracked && !im.b.DryRun
}

// auditRow queues the entry of one changed row of entity (an asset, a project): the
// fields that changed, their names in Field (comma-separated) and their old and new
// values as JSON objects.
func (im *importer) auditRow(entity string, id int64, code string, old, new map[string]string, before *assetRow) error {
	if !im.auditsRows() {
		return nil
	}
	var keys []string
	for k := range new {
		if old[k] != new[k] {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil
	}
	sort.Strings(keys)
	o, n := make(map[string]string, len(keys)), make(map[string]string, len(keys))
	for _, k := range keys {
		o[k], n[k] = old[k], new[k]
	}
	ob, err := json.Marshal(o)
	if err != nil {
		return err
	}
	nb, err := json.Marshal(n)
	if err != nil {
		return err
	}
	// The whole row before, for an undo of the import (see undo.go).
	var beforeRow any
	if before != nil {
		b, err := json.Marshal(before)
		if err != nil {
			return err
		}
		beforeRow = string(b)
	}
	im.rowAudit = append(im.rowAudit, []any{now(), im.d.who, "import", entity, id, code,
		strings.Join(keys, ","), string(ob), string(nb), beforeRow})
	return im.flushAudit(false)
}

// insertFresh inserts new assets and gives each its entry: the import and the file
// it came from (the values are the asset's own, and each later change is an entry of
// its own, so the values as imported can be read back from the history). The entries
// are made by the database from the rows just inserted, one statement per class and
// thousand codes: neither the IDs nor the values travel back and forth.
func (im *importer) insertFresh(fresh [][]any) error {
	if err := insertMany(im.tx, "assets", assetColumns, fresh); err != nil {
		return translate(err, subjectAsset, "")
	}
	if len(im.added) == 0 {
		return nil
	}
	byClass := map[domain.Class][]string{}
	var classes []domain.Class
	for _, a := range im.added {
		if a.code == "" {
			continue // a row without a code cannot be told from older ones by it
		}
		if _, ok := byClass[a.class]; !ok {
			classes = append(classes, a.class)
		}
		byClass[a.class] = append(byClass[a.class], a.code)
	}
	im.added = im.added[:0]
	if err := im.flushAudit(true); err != nil {
		return err // the entries stay in the order the changes were made
	}
	at := now()
	for _, class := range classes {
		codes := byClass[class]
		for start := 0; start < len(codes); start += 1000 {
			err := im.tx.Exec(`INSERT INTO audit_log (at, who, action, entity, entity_id, code, field, old_value, new_value)
				SELECT ?, ?, 'import', ?, id, class || ':' || code, '*', '', ? FROM assets WHERE class = ? AND code IN ? ORDER BY id`,
				at, im.d.who, domain.AuditAssets, im.b.Source, string(class), codes[start:min(start+1000, len(codes))]).Error
			if err != nil {
				return classify("import", err)
			}
		}
	}
	return nil
}

// flushAudit writes the queued entries once a chunk is full, or all of them (all).
func (im *importer) flushAudit(all bool) error {
	if len(im.rowAudit) == 0 || (!all && len(im.rowAudit) < auditChunk) {
		return nil
	}
	rows := im.rowAudit
	im.rowAudit = nil
	if err := insertMany(im.tx, "audit_log", auditColumns, rows); err != nil {
		return classify("import", err)
	}
	return nil
}

// conflictError names the rows someone else changed, each with who changed it last
// and when (from the audit log) and the fields on which the two disagree.
func (im *importer) conflictError() error {
	ids := make([]int64, len(im.conflicts))
	for k, c := range im.conflicts {
		ids[k] = c.id
	}
	last, err := lastChanges(im.tx, ids)
	if err != nil {
		return err
	}
	out := make(domain.RowConflicts, len(im.conflicts))
	for k, c := range im.conflicts {
		rc := domain.RowConflict{Row: c.row, Code: c.code}
		if e, ok := last[c.id]; ok {
			rc.Who, rc.At = e.who, e.at
		}
		for _, f := range sortedKeys(c.mine) {
			if c.mine[f] != c.theirs[f] {
				rc.Diff = append(rc.Diff, domain.FieldDiff{Field: f, Mine: c.mine[f], Theirs: c.theirs[f]})
			}
		}
		out[k] = rc
	}
	return domain.ErrRowsChanged(out)
}

type lastChange struct {
	who string
	at  time.Time
}

// lastChanges finds who changed each of the assets ids last, and when, in the audit log.
func lastChanges(tx *gorm.DB, ids []int64) (map[int64]lastChange, error) {
	out := map[int64]lastChange{}
	for start := 0; start < len(ids); start += 1000 {
		var rows []auditRow
		if err := tx.Where("entity = ? AND entity_id IN ?", domain.AuditAssets, ids[start:min(start+1000, len(ids))]).
			Order("id DESC").Find(&rows).Error; err != nil {
			return nil, classify("query", err)
		}
		for _, r := range rows {
			if _, done := out[r.EntityID]; done {
				continue
			}
			at, _ := time.Parse(time.RFC3339Nano, r.At)
			out[r.EntityID] = lastChange{who: r.Who, at: at}
		}
	}
	return out, nil
}

// ReadMark reads the version of every stored asset of class: the baseline of an import
// that begins now (ledgerctl takes it before it reads the file), so that a row someone
// else changes while the file is read and converted is a conflict too.
func (d *DB) ReadMark(ctx context.Context, class domain.Class) (*domain.ReadMark, error) {
	var rows []struct {
		ID      int64
		Version int64
	}
	if err := d.r.WithContext(ctx).Raw("SELECT id, version FROM assets WHERE class = ?", string(class)).Scan(&rows).Error; err != nil {
		return nil, classify("query", err)
	}
	m := &domain.ReadMark{Assets: make(map[int64]int64, len(rows))}
	for _, r := range rows {
		m.Assets[r.ID] = r.Version
	}
	return m, nil
}

// changedBy adds to an asset's edit conflict who changed the asset last and when
// (err.conflict_by), when the audit log says; other errors pass unchanged.
func changedBy(tx *gorm.DB, id int64, err error) error {
	var de *domain.Error
	if !errors.As(err, &de) || de.Code != "err.conflict" {
		return err
	}
	last, lerr := lastChanges(tx, []int64{id})
	if lerr != nil {
		return err
	}
	if c, ok := last[id]; ok {
		params := map[string]any{"Who": c.who, "At": c.at.Local().Format("2006-01-02 15:04:05")}
		for k, v := range de.Params {
			params[k] = v
		}
		return &domain.Error{Kind: de.Kind, Code: "err.conflict_by", Params: params, Err: de.Err}
	}
	return err
}

// changedSince stops a bulk edit of ids when one of them changed since the versions
// u.Seen holds, naming every such asset, who changed it and both values of the field
// the edit sets (the rows are read locked on PostgreSQL, so none changes after).
func (d *DB) changedSince(ctx context.Context, tx *gorm.DB, ids []int64, u domain.AssetUpdate) error {
	if u.Seen == nil || u.Overwrite {
		return nil
	}
	var conflicts []assetConflict
	for start := 0; start < len(ids); start += 1000 {
		var rows []assetRow
		q := tx.Where("id IN ?", ids[start:min(start+1000, len(ids))])
		if d.postgres {
			q = q.Order("id").Clauses(clause.Locking{Strength: "UPDATE"})
		}
		if err := q.Find(&rows).Error; err != nil {
			return err
		}
		for _, r := range rows {
			if v, ok := u.Seen[r.ID]; ok && v == r.Version {
				continue
			}
			stored, err := r.domain()
			if err != nil {
				return err
			}
			def, err := d.classOf(ctx, stored.Class)
			if err != nil {
				return err
			}
			next := stored
			u.Apply(def, &next)
			mine, theirs := map[string]string{}, map[string]string{}
			all, cur := assetFields(&next), assetFields(&stored)
			for _, f := range u.Fields {
				mine[f], theirs[f] = all[f], cur[f]
			}
			conflicts = append(conflicts, assetConflict{id: r.ID, code: r.Code, mine: mine, theirs: theirs})
		}
	}
	if len(conflicts) == 0 {
		return nil
	}
	im := &importer{d: d, tx: tx, conflicts: conflicts}
	return im.conflictError()
}
