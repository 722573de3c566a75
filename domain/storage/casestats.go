package storage

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"cityledger/domain"
)

// The case figures are computed from case_stats, the year's grouped aggregate, which
// every write of a case keeps up to date in its own transaction: the figures of a
// year of a million cases read its groups, not its cases. Overdue depends on the
// moment asked about, so it is counted from the cases themselves, over the few that
// are unresolved (cases_unresolved).

// caseStatKey is one group of case_stats.
type caseStatKey struct {
	year                                         int
	source, category, className, classCode, unit string
	month                                        int
	status                                       string
}

// caseStat is what a group adds up.
type caseStat struct {
	n, resolved, onTime, closed, replied, repliedOnTime, resolveSeconds int64
}

// statOf is a case's group and what it adds to it.
func statOf(r *caseRow) (caseStatKey, caseStat) {
	k := caseStatKey{r.Year, r.Source, r.Category, r.ClassName, r.ClassCode, r.Unit, r.Month, r.Status}
	s := caseStat{n: 1}
	if r.ResolvedAt.Valid {
		s.resolved = 1
		s.resolveSeconds = r.ResolvedAt.Int64 - r.ReportedAt
		if r.Deadline.Valid && r.ResolvedAt.Int64 <= r.Deadline.Int64 {
			s.onTime = 1
		}
	}
	if r.ClosedAt.Valid {
		s.closed = 1
	}
	if r.RepliedAt.Valid {
		s.replied = 1
		if r.Deadline.Valid && r.RepliedAt.Int64 <= r.Deadline.Int64 {
			s.repliedOnTime = 1
		}
	}
	return k, s
}

// caseStatDeltas gathers the changes a write makes to case_stats.
type caseStatDeltas map[caseStatKey]*caseStat

// add counts a case in (sign +1) or out of (-1) its group.
func (ds caseStatDeltas) add(r *caseRow, sign int64) {
	k, s := statOf(r)
	d := ds[k]
	if d == nil {
		d = &caseStat{}
		ds[k] = d
	}
	d.n += sign * s.n
	d.resolved += sign * s.resolved
	d.onTime += sign * s.onTime
	d.closed += sign * s.closed
	d.replied += sign * s.replied
	d.repliedOnTime += sign * s.repliedOnTime
	d.resolveSeconds += sign * s.resolveSeconds
}

var caseStatColumns = []string{"year", "source", "category", "class_name", "class_code", "unit", "month", "status",
	"n", "n_resolved", "n_on_time", "n_closed", "n_replied", "n_replied_on_time", "resolve_seconds"}

const caseStatKeyColumns = "year, source, category, class_name, class_code, unit, month, status"

// apply adds the deltas to case_stats (one upsert per 500 groups, the same SQL in
// SQLite and PostgreSQL) and drops the groups left empty.
func (ds caseStatDeltas) apply(tx *gorm.DB) error {
	if len(ds) == 0 {
		return nil
	}
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", len(caseStatColumns)), ",") + ")"
	var sets []string
	for _, c := range caseStatColumns[8:] {
		sets = append(sets, c+" = case_stats."+c+" + excluded."+c)
	}
	head := "INSERT INTO case_stats (" + strings.Join(caseStatColumns, ", ") + ") VALUES "
	tail := " ON CONFLICT (" + caseStatKeyColumns + ") DO UPDATE SET " + strings.Join(sets, ", ")
	var (
		rows []string
		args []any
	)
	flush := func() error {
		if len(rows) == 0 {
			return nil
		}
		err := tx.Exec(head+strings.Join(rows, ",")+tail, args...).Error
		rows, args = rows[:0], args[:0]
		return err
	}
	years := map[int]bool{}
	for k, d := range ds {
		if *d == (caseStat{}) {
			continue
		}
		years[k.year] = true
		rows = append(rows, one)
		args = append(args, k.year, k.source, k.category, k.className, k.classCode, k.unit, k.month, k.status,
			d.n, d.resolved, d.onTime, d.closed, d.replied, d.repliedOnTime, d.resolveSeconds)
		if len(rows) == 500 {
			if err := flush(); err != nil {
				return domain.Internal("save", err)
			}
		}
	}
	if err := flush(); err != nil {
		return domain.Internal("save", err)
	}
	for y := range years {
		if err := tx.Exec("DELETE FROM case_stats WHERE year = ? AND n = 0", y).Error; err != nil {
			return domain.Internal("save", err)
		}
	}
	return nil
}

// oldCaseStatRow is what case_stats needs of a stored case, for taking it out of its group.
func oldCaseStatRow(tx *gorm.DB, id int64) (caseRow, error) {
	var r caseRow
	err := tx.Select("id, source, category, class_name, class_code, unit, year, month, status, reported_at, deadline, resolved_at, closed_at, replied_at").
		First(&r, id).Error
	if err != nil {
		return r, domain.Internal("query", err)
	}
	return r, nil
}

// rebuildCaseStats recomputes case_stats from the cases: what the writes keep up to
// date, for tests and repairs.
func rebuildCaseStats(tx *gorm.DB) error {
	if err := tx.Exec("DELETE FROM case_stats").Error; err != nil {
		return domain.Internal("save", err)
	}
	err := tx.Exec(`INSERT INTO case_stats (` + strings.Join(caseStatColumns, ", ") + `)
		SELECT ` + caseStatKeyColumns + `, COUNT(*),
		SUM(CASE WHEN resolved_at IS NOT NULL THEN 1 ELSE 0 END),
		SUM(CASE WHEN resolved_at IS NOT NULL AND deadline IS NOT NULL AND resolved_at <= deadline THEN 1 ELSE 0 END),
		SUM(CASE WHEN closed_at IS NOT NULL THEN 1 ELSE 0 END),
		SUM(CASE WHEN replied_at IS NOT NULL THEN 1 ELSE 0 END),
		SUM(CASE WHEN replied_at IS NOT NULL AND deadline IS NOT NULL AND replied_at <= deadline THEN 1 ELSE 0 END),
		SUM(CASE WHEN resolved_at IS NOT NULL THEN resolved_at - reported_at ELSE 0 END)
		FROM cases GROUP BY ` + caseStatKeyColumns).Error
	if err != nil {
		return domain.Internal("save", err)
	}
	return nil
}

// CaseGroups is the year's grouped aggregate: for a closed year the one frozen at its
// closing, for an open one case_stats with overdue counted as of now.
func (d *DB) CaseGroups(ctx context.Context, year int, now time.Time) (*domain.CaseGroups, error) {
	db := d.r.WithContext(ctx)
	var frozen []int64
	if err := db.Raw("SELECT frozen_at FROM case_cutoffs WHERE year = ?", year).Scan(&frozen).Error; err != nil {
		return nil, domain.Internal("query", err)
	}
	if len(frozen) > 0 {
		out := &domain.CaseGroups{Year: year, AsOf: time.Unix(frozen[0], 0).UTC(), Frozen: true}
		err := scanCaseGroups(db.Raw("SELECT "+caseGroupKey+`, month, n, n_resolved, n_on_time, n_closed, n_replied,
			n_replied_on_time, resolve_seconds, n_overdue FROM case_stats_frozen WHERE year = ?`, year), &out.Groups, true)
		return out, err
	}
	return caseGroupsAt(db, year, now)
}

// caseGroupsAt reads case_stats and counts the overdue cases as of at.
func caseGroupsAt(db *gorm.DB, year int, at time.Time) (*domain.CaseGroups, error) {
	out := &domain.CaseGroups{Year: year, AsOf: at}
	if err := scanCaseGroups(db.Raw("SELECT "+caseGroupKey+`, month, n, n_resolved, n_on_time, n_closed, n_replied,
		n_replied_on_time, resolve_seconds, 0 FROM case_stats WHERE year = ?`, year), &out.Groups, false); err != nil {
		return nil, err
	}
	var overdue []domain.CaseGroup
	if err := scanCaseGroups(db.Raw("SELECT "+caseGroupKey+`, month, 0, 0, 0, 0, 0, 0, 0, COUNT(*)
		FROM cases WHERE year = ? AND resolved_at IS NULL AND deadline IS NOT NULL AND deadline < ?
		GROUP BY `+caseStatKeyColumns, year, at.Unix()), &overdue, true); err != nil {
		return nil, err
	}
	type key struct {
		source, category, name, code, unit, status string
		month                                      int
	}
	index := make(map[key]int, len(out.Groups))
	for i, g := range out.Groups {
		index[key{g.Source, g.Category, g.ClassName, g.ClassCode, g.Unit, g.Status, g.Month}] = i
	}
	for _, o := range overdue {
		if i, ok := index[key{o.Source, o.Category, o.ClassName, o.ClassCode, o.Unit, o.Status, o.Month}]; ok {
			out.Groups[i].Overdue = o.Overdue
		}
	}
	return out, nil
}

// caseGroupKey selects a group's six text keys as one text joined by the unit
// separator: one column to fetch instead of six, on tens of thousands of rows.
const caseGroupKey = "source || '\x1f' || category || '\x1f' || class_name || '\x1f' || class_code || '\x1f' || unit || '\x1f' || status"

// scanCaseGroups reads the rows of caseGroupKey, month, the seven sums and overdue,
// by hand: GORM's reflection would cost as much as the query. The few distinct key
// texts are shared rather than allocated per row.
func scanCaseGroups(q *gorm.DB, into *[]domain.CaseGroup, withOverdue bool) error {
	rows, err := q.Rows()
	if err != nil {
		return domain.Internal("query", err)
	}
	defer rows.Close()
	interned := map[string]string{}
	intern := func(b []byte) string {
		if s, ok := interned[string(b)]; ok {
			return s
		}
		s := string(b)
		interned[s] = s
		return s
	}
	var key sql.RawBytes
	for rows.Next() {
		var g domain.CaseGroup
		var overdue int64
		if err := rows.Scan(&key, &g.Month, &g.Count, &g.Resolved, &g.OnTime, &g.Closed, &g.Replied, &g.RepliedOnTime,
			&g.ResolveSeconds, &overdue); err != nil {
			return domain.Internal("query", err)
		}
		parts := [6]*string{&g.Source, &g.Category, &g.ClassName, &g.ClassCode, &g.Unit, &g.Status}
		rest := []byte(key)
		for i, p := range parts {
			j := bytes.IndexByte(rest, 0x1f)
			if j < 0 || i == len(parts)-1 {
				j = len(rest)
			}
			*p = intern(rest[:j])
			if j < len(rest) {
				rest = rest[j+1:]
			} else {
				rest = nil
			}
		}
		if withOverdue {
			g.Overdue = overdue
		}
		*into = append(*into, g)
	}
	if err := rows.Err(); err != nil {
		return domain.Internal("query", err)
	}
	return nil
}

// freezeCases copies the year's grouped aggregate, overdue counted as of at, inside
// the closing transaction, and records the moment: DESIGN.md's cut-off.
func freezeCases(tx *gorm.DB, year int, at time.Time) error {
	if err := thawCases(tx, year); err != nil {
		return err
	}
	wall := domain.WallClock(at)
	gs, err := caseGroupsAt(tx, year, wall)
	if err != nil {
		return err
	}
	cols := append(append([]string(nil), caseStatColumns...), "n_overdue")
	var rows [][]any
	for _, g := range gs.Groups {
		rows = append(rows, []any{year, g.Source, g.Category, g.ClassName, g.ClassCode, g.Unit, g.Month, g.Status,
			g.Count, g.Resolved, g.OnTime, g.Closed, g.Replied, g.RepliedOnTime, g.ResolveSeconds, g.Overdue})
	}
	if err := insertMany(tx, "case_stats_frozen", cols, rows); err != nil {
		return domain.Internal("close the year", fmt.Errorf("case_stats_frozen: %w", err))
	}
	if err := tx.Exec("INSERT INTO case_cutoffs (year, frozen_at, created_at) VALUES (?, ?, ?)", year, wall.Unix(), now()).Error; err != nil {
		return domain.Internal("close the year", err)
	}
	return nil
}

// thawCases drops a year's frozen figures: they follow the cases again.
func thawCases(tx *gorm.DB, year int) error {
	if err := tx.Exec("DELETE FROM case_stats_frozen WHERE year = ?", year).Error; err != nil {
		return domain.Internal("reopen the year", err)
	}
	if err := tx.Exec("DELETE FROM case_cutoffs WHERE year = ?", year).Error; err != nil {
		return domain.Internal("reopen the year", err)
	}
	return nil
}
