package storage

import (
	"context"
	"crypto/sha1"
	"database/sql"
	"encoding/hex"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"gorm.io/gorm"

	"cityledger/domain"
)

// caseRow mirrors the cases table. Times are seconds of the wall-clock reading since
// 1970-01-01 00:00 (see the migration), NULL when not known.
type caseRow struct {
	ID           int64
	CaseNo       string
	Source       string
	Category     string
	ClassCode    string
	ClassName    string
	Description  string
	Address      string
	Lon          sql.NullFloat64
	Lat          sql.NullFloat64
	ComponentID  string
	AssetClass   string
	AssetCode    string
	AssetID      sql.NullInt64
	AssetLink    string
	Year         int
	Month        int
	ReportedAt   int64
	DispatchedAt sql.NullInt64
	Deadline     sql.NullInt64
	ResolvedAt   sql.NullInt64
	ClosedAt     sql.NullInt64
	RepliedAt    sql.NullInt64
	Unit         string
	Status       string
	Note         string
	Fingerprint  string
	Version      int64
	UpdatedAt    string
}

func (caseRow) TableName() string { return "cases" }

// caseColumns is caseRow's column list in insert order (without id).
var caseColumns = []string{"case_no", "source", "category", "class_code", "class_name", "description", "address",
	"lon", "lat", "component_id", "asset_class", "asset_code", "asset_id", "asset_link", "year", "month", "reported_at",
	"dispatched_at", "deadline", "resolved_at", "closed_at", "replied_at", "unit", "status", "note",
	"fingerprint", "version", "updated_at"}

func (r *caseRow) values() []any {
	return []any{r.CaseNo, r.Source, r.Category, r.ClassCode, r.ClassName, r.Description, r.Address,
		r.Lon, r.Lat, r.ComponentID, r.AssetClass, r.AssetCode, r.AssetID, r.AssetLink, r.Year, r.Month, r.ReportedAt,
		r.DispatchedAt, r.Deadline, r.ResolvedAt, r.ClosedAt, r.RepliedAt, r.Unit, r.Status, r.Note,
		r.Fingerprint, r.Version, r.UpdatedAt}
}

func caseSeconds(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.Unix(), Valid: true}
}

func caseTime(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return time.Unix(v.Int64, 0).UTC()
}

func toCaseRow(c *domain.Case) caseRow {
	r := caseRow{
		ID: c.ID, CaseNo: c.No, Source: c.Source, Category: c.Category, ClassCode: c.ClassCode, ClassName: c.ClassName,
		Description: c.Description, Address: c.Address, ComponentID: c.ComponentID, AssetClass: string(c.AssetClass),
		AssetCode: c.AssetCode, AssetID: sql.NullInt64{Int64: c.AssetID, Valid: c.AssetID != 0}, AssetLink: c.Link,
		Year: c.ReportedAt.Year(), Month: int(c.ReportedAt.Month()), ReportedAt: c.ReportedAt.Unix(),
		DispatchedAt: caseSeconds(c.DispatchedAt), Deadline: caseSeconds(c.Deadline), ResolvedAt: caseSeconds(c.ResolvedAt),
		ClosedAt: caseSeconds(c.ClosedAt), RepliedAt: caseSeconds(c.RepliedAt), Unit: c.Unit, Status: c.Status, Note: c.Note,
		Version: c.Version, UpdatedAt: now(),
	}
	if c.Location != nil {
		r.Lon = sql.NullFloat64{Float64: c.Location[0], Valid: true}
		r.Lat = sql.NullFloat64{Float64: c.Location[1], Valid: true}
	}
	r.Fingerprint = r.fingerprint()
	return r
}

// fingerprint hashes what an import can set, so that re-importing an unchanged case
// is recognised without comparing every column. The resolved asset ID is left out:
// it follows from the component ID or the class and code, or is a person's link that
// an import keeps (domain.PersonLink).
func (r *caseRow) fingerprint() string {
	h := sha1.New()
	buf := make([]byte, 0, 512)
	str := func(v string) { buf = append(append(buf, v...), '|') }
	num := func(v sql.NullInt64) {
		if v.Valid {
			buf = strconv.AppendInt(buf, v.Int64, 10)
		} else {
			buf = append(buf, '-')
		}
		buf = append(buf, '|')
	}
	flt := func(v sql.NullFloat64) {
		if v.Valid {
			buf = strconv.AppendFloat(buf, v.Float64, 'g', -1, 64)
		} else {
			buf = append(buf, '-')
		}
		buf = append(buf, '|')
	}
	str(r.CaseNo)
	str(r.Source)
	str(r.Category)
	str(r.ClassCode)
	str(r.ClassName)
	str(r.Description)
	str(r.Address)
	flt(r.Lon)
	flt(r.Lat)
	str(r.ComponentID)
	str(r.AssetClass)
	str(r.AssetCode)
	num(sql.NullInt64{Int64: r.ReportedAt, Valid: true})
	num(r.DispatchedAt)
	num(r.Deadline)
	num(r.ResolvedAt)
	num(r.ClosedAt)
	num(r.RepliedAt)
	str(r.Unit)
	str(r.Status)
	str(r.Note)
	h.Write(buf)
	return hex.EncodeToString(h.Sum(nil))[:20]
}

func (r *caseRow) domain() domain.Case {
	c := domain.Case{
		ID: r.ID, No: r.CaseNo, Source: r.Source, Category: r.Category, ClassCode: r.ClassCode, ClassName: r.ClassName,
		Description: r.Description, Address: r.Address, ComponentID: r.ComponentID, AssetClass: domain.Class(r.AssetClass),
		AssetCode: r.AssetCode, AssetID: r.AssetID.Int64, Link: r.AssetLink, ReportedAt: time.Unix(r.ReportedAt, 0).UTC(),
		DispatchedAt: caseTime(r.DispatchedAt), Deadline: caseTime(r.Deadline), ResolvedAt: caseTime(r.ResolvedAt),
		ClosedAt: caseTime(r.ClosedAt), RepliedAt: caseTime(r.RepliedAt), Unit: r.Unit, Status: r.Status, Note: r.Note,
		Version: r.Version,
	}
	if r.Lon.Valid && r.Lat.Valid {
		c.Location = &orb.Point{r.Lon.Float64, r.Lat.Float64}
	}
	return c
}

// caseFields renders a case as text for audit diffs, keyed like the import columns.
func caseFields(c *domain.Case) map[string]string {
	m := map[string]string{"case_no": c.No, "source": c.Source, "category": c.Category, "class_code": c.ClassCode,
		"class_name": c.ClassName, "description": c.Description, "address": c.Address, "component_id": c.ComponentID,
		"asset_class": string(c.AssetClass), "asset_code": c.AssetCode, "unit": c.Unit, "status": c.Status, "note": c.Note,
		"lon": "", "lat": "", "asset_id": "", "asset_link": c.Link}
	if c.AssetID != 0 {
		m["asset_id"] = itoa(c.AssetID)
	}
	for _, f := range domain.CaseTimeFields {
		m[f] = domain.FormatCaseTime(c.Time(f))
	}
	if c.Location != nil {
		m["lon"], m["lat"] = fmtNum(c.Location[0]), fmtNum(c.Location[1])
	}
	return m
}

// GetCase loads one case.
func (d *DB) GetCase(ctx context.Context, id int64) (*domain.Case, error) {
	var r caseRow
	if err := d.r.WithContext(ctx).First(&r, id).Error; err != nil {
		return nil, translate(err, subjectCase, itoa(id))
	}
	c := r.domain()
	return &c, nil
}

// GetCaseByNo loads the case of a number.
func (d *DB) GetCaseByNo(ctx context.Context, no string) (*domain.Case, error) {
	var r caseRow
	if err := d.r.WithContext(ctx).Where("case_no = ?", no).First(&r).Error; err != nil {
		return nil, translate(err, subjectCase, no)
	}
	c := r.domain()
	return &c, nil
}

func (d *DB) caseQuery(ctx context.Context, f domain.CaseFilter) *gorm.DB {
	q := d.r.WithContext(ctx).Table("cases")
	// A year or month is a range of reported_at, so listings walk the cases_reported
	// index in order.
	if f.Year != 0 {
		from := time.Date(f.Year, 1, 1, 0, 0, 0, 0, time.UTC)
		to := from.AddDate(1, 0, 0)
		if f.Month != 0 {
			from = time.Date(f.Year, time.Month(f.Month), 1, 0, 0, 0, 0, time.UTC)
			to = from.AddDate(0, 1, 0)
		}
		q = q.Where("reported_at >= ? AND reported_at < ?", from.Unix(), to.Unix())
	}
	for col, v := range map[string]string{"source": f.Source, "category": f.Category, "class_name": f.ClassName,
		"unit": f.Unit, "status": f.Status} {
		if v != "" {
			q = q.Where(col+" = ?", v)
		}
	}
	if f.AssetID != 0 {
		q = q.Where("asset_id = ?", f.AssetID)
	}
	if !f.OverdueAt.IsZero() {
		q = q.Where("resolved_at IS NULL AND status <> ? AND deadline IS NOT NULL AND deadline < ?", domain.CaseCancelled, f.OverdueAt.Unix())
	}
	if s := strings.TrimSpace(f.Search); s != "" {
		like := "%" + strings.ToLower(escapeLike(s)) + "%"
		q = q.Where("(LOWER(case_no) LIKE ? ESCAPE '\\' OR LOWER(address) LIKE ? ESCAPE '\\' OR LOWER(description) LIKE ? ESCAPE '\\')", like, like, like)
	}
	return q
}

// FindCases lists cases newest first (reported_at, id descending), a page at a time
// after f.After.
func (d *DB) FindCases(ctx context.Context, f domain.CaseFilter) ([]domain.Case, error) {
	q := d.caseQuery(ctx, f)
	if f.After != nil {
		t := f.After.ReportedAt.Unix()
		q = q.Where("(reported_at < ? OR (reported_at = ? AND id < ?))", t, t, f.After.ID)
	}
	q = q.Order("reported_at DESC").Order("id DESC")
	if f.After == nil && f.Offset > 0 {
		q = q.Offset(f.Offset)
	}
	if f.Limit > 0 {
		q = q.Limit(f.Limit)
	}
	var rows []caseRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, domain.Internal("query", err)
	}
	out := make([]domain.Case, len(rows))
	for i := range rows {
		out[i] = rows[i].domain()
	}
	return out, nil
}

// CountCases counts the cases matching f (After and Limit are ignored).
func (d *DB) CountCases(ctx context.Context, f domain.CaseFilter) (int64, error) {
	var n int64
	if err := d.caseQuery(ctx, f).Count(&n).Error; err != nil {
		return 0, domain.Internal("query", err)
	}
	return n, nil
}

// txAssetLookup finds a case's asset in the database, in the caller's transaction.
type txAssetLookup struct {
	tx  *gorm.DB
	err error
}

func (l *txAssetLookup) one(q string, args ...any) (int64, bool) {
	var ids []int64
	if err := l.tx.Raw(q, args...).Scan(&ids).Error; err != nil {
		l.err = domain.Internal("query", err)
		return 0, false
	}
	if len(ids) == 0 {
		return 0, false
	}
	return ids[0], true
}

func (l *txAssetLookup) ByComponentID(id string) (int64, bool) {
	return l.one("SELECT id FROM assets WHERE component_id = ?", id)
}

func (l *txAssetLookup) ByCode(class domain.Class, code string) (int64, bool) {
	return l.one("SELECT id FROM assets WHERE class = ? AND code = ?", string(class), code)
}

// resolveCaseAsset links the case to its asset (domain.ResolveCaseLink). A component ID
// the register does not hold links nothing: a case is a report from outside and is
// kept. An asset code the register does not hold is refused (a person typed it); a
// person's link to an asset that is gone is refused too.
func resolveCaseAsset(tx *gorm.DB, c *domain.Case) error {
	look := &txAssetLookup{tx: tx}
	res := domain.ResolveCaseLink(c, look)
	if look.err != nil {
		return look.err
	}
	if res.UnknownCode {
		return domain.Invalid(domain.FieldError{Field: "asset_code", Value: c.AssetCode, Rule: "unknown_asset",
			Params: classParams(tx, c.AssetClass)})
	}
	if domain.PersonLink(res.Method) {
		if _, ok := look.one("SELECT id FROM assets WHERE id = ?", res.AssetID); !ok {
			if look.err != nil {
				return look.err
			}
			return domain.Invalid(domain.FieldError{Field: "asset_id", Value: itoa(res.AssetID), Rule: "case_link_asset_gone"})
		}
	}
	res.Apply(c)
	return nil
}

// SaveCase inserts or updates one case. Cases are accepted in closed years: a closed
// year's figures come from the states frozen when it was closed.
func (d *DB) SaveCase(ctx context.Context, c *domain.Case) error {
	c.CompleteClass()
	if c.Status == "" {
		c.Status = c.DerivedStatus()
	}
	if err := c.Validate(); err != nil {
		return err
	}
	return d.write(ctx, func(tx *gorm.DB) error {
		if err := resolveCaseAsset(tx, c); err != nil {
			return err
		}
		row := toCaseRow(c)
		deltas := caseStatDeltas{}
		if c.ID == 0 {
			row.Version = 1
			if err := tx.Create(&row).Error; err != nil {
				return translate(err, subjectCase, c.No)
			}
			c.ID, c.Version = row.ID, 1
			deltas.add(&row, 1)
			if err := deltas.apply(tx); err != nil {
				return err
			}
			return d.audit(tx, "create", "cases", c.ID, c.No, nil, caseFields(c))
		}
		var old caseRow
		if err := tx.First(&old, c.ID).Error; err != nil {
			return translate(err, subjectCase, c.No)
		}
		if old.Version != c.Version {
			prev := old.domain()
			return conflictWithDiff(subjectCase, c.No, c.Version, old.Version, caseFields(c), caseFields(&prev))
		}
		prev := old.domain()
		row.Version = old.Version + 1
		if err := tx.Model(&caseRow{}).Where("id = ? AND version = ?", c.ID, old.Version).Select(caseColumns).Updates(&row).Error; err != nil {
			return translate(err, subjectCase, c.No)
		}
		c.Version = row.Version
		deltas.add(&old, -1)
		deltas.add(&row, 1)
		if err := deltas.apply(tx); err != nil {
			return err
		}
		return d.audit(tx, "update", "cases", c.ID, c.No, caseFields(&prev), caseFields(c))
	})
}

// DeleteCase removes a case, keeping it in the audit log. A closed year's frozen
// figures keep counting it.
func (d *DB) DeleteCase(ctx context.Context, id int64, version int64) error {
	return d.write(ctx, func(tx *gorm.DB) error {
		var old caseRow
		if err := tx.First(&old, id).Error; err != nil {
			return translate(err, subjectCase, itoa(id))
		}
		if old.Version != version {
			return conflict(subjectCase, old.CaseNo, version, old.Version)
		}
		prev := old.domain()
		if err := tx.Delete(&caseRow{}, id).Error; err != nil {
			return translate(err, subjectCase, old.CaseNo)
		}
		deltas := caseStatDeltas{}
		deltas.add(&old, -1)
		if err := deltas.apply(tx); err != nil {
			return err
		}
		return d.audit(tx, "delete", "cases", id, old.CaseNo, caseFields(&prev), nil)
	})
}

// caseYearsSQL lists the years of the cases by seeking from one year to the next in the
// index: a handful of look-ups where DISTINCT would read a million index entries.
const caseYearsSQL = `WITH RECURSIVE y(v) AS (
	SELECT MIN(year) FROM cases
	UNION ALL
	SELECT (SELECT MIN(year) FROM cases WHERE year > y.v) FROM y WHERE y.v IS NOT NULL)
SELECT v FROM y WHERE v IS NOT NULL`

// caseYears returns the years that have cases, or the query's error.
func (d *DB) caseYears(ctx context.Context) ([]int, error) {
	var ys []int
	if err := d.r.WithContext(ctx).Raw(caseYearsSQL).Scan(&ys).Error; err != nil {
		return nil, domain.Internal("query", err)
	}
	return ys, nil
}

// mergeYears adds more to years (newest first) without repeating one.
func mergeYears(years []int, more []int) []int {
	seen := map[int]bool{}
	for _, y := range years {
		seen[y] = true
	}
	for _, y := range more {
		if !seen[y] {
			seen[y] = true
			years = append(years, y)
		}
	}
	sort.Sort(sort.Reverse(sort.IntSlice(years)))
	return years
}
