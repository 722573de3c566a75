package storage

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"cityledger/domain"
	"cityledger/domain/geo"
)

// sortable lists the asset columns a register may be ordered by; each has an index
// (class, column, id) or is cheap enough at register sizes.
var sortable = map[string]bool{"code": true, "start_date": true, "original_value": true, "kind": true, "status": true,
	"road": true, "name": true, "length_m": true, "area_m2": true, "unit_id": true, "plate": true, "body_type": true,
	"material": true, "diameter_mm": true, "power_w": true, "disposal_date": true, "updated_at": true, "capacity": true,
	"pole_height_m": true, "official": true, "id": true}

// GetAsset loads one asset.
func (d *DB) GetAsset(ctx context.Context, id int64) (*domain.Asset, error) {
	var r assetRow
	if err := d.r.WithContext(ctx).First(&r, id).Error; err != nil {
		return nil, translate(err, subjectAsset, itoa(id))
	}
	a, err := r.domain()
	if err != nil {
		return nil, classify("query", err)
	}
	return &a, nil
}

// GetAssetByCode loads the asset of a class by its code.
func (d *DB) GetAssetByCode(ctx context.Context, class domain.Class, code string) (*domain.Asset, error) {
	var r assetRow
	if err := d.r.WithContext(ctx).Where("class = ? AND code = ?", string(class), code).First(&r).Error; err != nil {
		return nil, translate(err, classSubject(class), code)
	}
	a, err := r.domain()
	if err != nil {
		return nil, classify("query", err)
	}
	return &a, nil
}

func (d *DB) assetQuery(ctx context.Context, f domain.AssetFilter) *gorm.DB {
	q := d.r.WithContext(ctx).Model(&assetRow{})
	if f.Class != "" {
		q = q.Where("class = ?", string(f.Class))
	}
	if f.UnitID != 0 {
		q = q.Where("unit_id = ?", f.UnitID)
	}
	if f.Kind != "" {
		q = q.Where("kind = ?", f.Kind)
	}
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if f.StartYear != 0 {
		y := strconv.Itoa(f.StartYear)
		q = q.Where("start_date >= ? AND start_date <= ?", y+"-01-01", y+"-12-31")
	}
	if s := strings.TrimSpace(f.Search); s != "" {
		like := "%" + strings.ToLower(escapeLike(s)) + "%"
		q = q.Where(`(LOWER(code) LIKE ? ESCAPE '\' OR LOWER(name) LIKE ? ESCAPE '\' OR LOWER(road) LIKE ? ESCAPE '\' OR LOWER(plate) LIKE ? ESCAPE '\' OR LOWER(material) LIKE ? ESCAPE '\' OR LOWER(note) LIKE ? ESCAPE '\')`,
			like, like, like, like, like, like)
	}
	if len(f.IDs) > 0 {
		q = q.Where("id IN ?", f.IDs)
	}
	return q
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// FindAssets lists assets matching f in the requested order, a page at a time.
func (d *DB) FindAssets(ctx context.Context, f domain.AssetFilter) ([]domain.Asset, error) {
	q := d.assetQuery(ctx, f)
	col := f.SortBy
	if !sortable[col] {
		col = "code"
	}
	dir := " ASC"
	if f.Desc {
		dir = " DESC"
	}
	q = q.Order(col + dir).Order("id" + dir)
	if f.Limit > 0 {
		q = q.Limit(f.Limit)
	}
	if f.Offset > 0 {
		q = q.Offset(f.Offset)
	}
	var rows []assetRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, classify("query", err)
	}
	out := make([]domain.Asset, len(rows))
	for i, r := range rows {
		a, err := r.domain()
		if err != nil {
			return nil, classify("query", err)
		}
		out[i] = a
	}
	return out, nil
}

// CountAssets sums the assets matching f (Offset, Limit and order are ignored).
func (d *DB) CountAssets(ctx context.Context, f domain.AssetFilter) (domain.AssetTotals, error) {
	var t struct {
		N   int64
		L   float64
		A   float64
		VHi int64 `gorm:"column:v_hi"`
		VLo int64 `gorm:"column:v_lo"`
	}
	err := d.assetQuery(ctx, f).Select("COUNT(*) AS n, COALESCE(SUM(length_m),0) AS l, COALESCE(SUM(area_m2),0) AS a, " + splitSum("original_value", "v")).Scan(&t).Error
	if err != nil {
		return domain.AssetTotals{}, classify("query", err)
	}
	v, err := joinSum(t.VHi, t.VLo, sumOriginalValue)
	if err != nil {
		return domain.AssetTotals{}, err
	}
	return domain.AssetTotals{Count: t.N, LengthM: t.L, AreaM2: t.A, OriginalValue: v}, nil
}

// Measure fills GeomLengthM/GeomAreaM2 from the geometry on the ellipsoid and, where
// no figure is stated, LengthM/AreaM2 from them. It returns a warning when a stated
// figure is over 5 % off its geometry.
func Measure(a *domain.Asset) []domain.FieldError {
	a.GeomLengthM, a.GeomAreaM2 = 0, 0
	if a.Geometry == nil {
		return nil
	}
	a.GeomLengthM = geo.Length(a.Geometry)
	a.GeomAreaM2 = geo.Area(a.Geometry)
	var warn []domain.FieldError
	check := func(field string, stated *float64, measured float64) {
		if measured <= 0 {
			return
		}
		if *stated == 0 {
			*stated = round2(measured)
			return
		}
		if diff := (*stated - measured) / measured; diff > 0.05 || diff < -0.05 {
			warn = append(warn, domain.FieldError{Field: field, Value: fmtNum(*stated), Rule: "measure_mismatch",
				Params: map[string]string{"Measured": strconv.FormatFloat(measured, 'f', 2, 64), "Percent": strconv.FormatFloat(diff*100, 'f', 1, 64) + "%"}})
		}
	}
	switch a.Class {
	case domain.SewerPipes, domain.Roads:
		check("length_m", &a.LengthM, a.GeomLengthM)
	}
	switch a.Class {
	case domain.GreenAreas, domain.Roads:
		check("area_m2", &a.AreaM2, a.GeomAreaM2)
	}
	return warn
}

func round2(f float64) float64 {
	return float64(int64(f*100+0.5)) / 100
}

// SaveAsset inserts (ID 0) or updates an asset with an optimistic version check.
func (d *DB) SaveAsset(ctx context.Context, a *domain.Asset) error {
	if a.Status == "" {
		a.Status = domain.StatusInUse
	}
	return d.write(ctx, func(tx *gorm.DB) error {
		if a.UnitID == 0 && a.Unit != "" {
			units, err := loadUnits(tx)
			if err != nil {
				return err
			}
			id, ok := units.find(a.Unit)
			if !ok {
				return domain.Invalid(domain.FieldError{Field: "unit", Value: a.Unit, Rule: "unknown_unit"})
			}
			a.UnitID = id
		}
		if err := a.Validate(); err != nil {
			return err
		}
		Measure(a)
		closed, err := closedYears(tx)
		if err != nil {
			return err
		}
		_, err = d.saveAsset(tx, a, closed)
		return err
	})
}

// saveAsset writes a validated, measured asset; changed is false for an unchanged
// update. A change of its dates inside a closed year is refused (closed: the closed years).
func (d *DB) saveAsset(tx *gorm.DB, a *domain.Asset, closed map[int]bool) (changed bool, err error) {
	row, err := toAssetRow(a)
	if err != nil {
		return false, domain.Invalid(domain.FieldError{Field: "geometry", Rule: "geometry", Params: map[string]string{"Detail": err.Error()}})
	}
	isClosed := func(y int) bool { return closed[y] }
	if a.ID == 0 {
		if fe := domain.ClosedYearDates(isClosed, nil, a); len(fe) > 0 {
			return false, domain.Invalid(fe...)
		}
		row.Version = 1
		if err := tx.Create(&row).Error; err != nil {
			return false, translate(err, classSubject(a.Class), a.Code)
		}
		a.ID, a.Version = row.ID, 1
		return true, d.audit(tx, "create", domain.AuditAssets, a.ID, string(a.Class)+":"+a.Code, nil, assetFields(a))
	}
	var old assetRow
	if err := tx.First(&old, a.ID).Error; err != nil {
		return false, translate(err, classSubject(a.Class), a.Code)
	}
	prev, err := old.domain()
	if err != nil {
		return false, classify("query", err)
	}
	if old.Version != a.Version {
		return false, conflictWithDiff(classSubject(a.Class), a.Code, a.Version, old.Version, assetFields(a), assetFields(&prev))
	}
	if old.Fingerprint == row.Fingerprint {
		return false, nil
	}
	if fe := domain.ClosedYearDates(isClosed, &prev, a); len(fe) > 0 {
		return false, domain.Invalid(fe...)
	}
	row.Version = old.Version + 1
	res := tx.Model(&assetRow{}).Where("id = ? AND version = ?", a.ID, old.Version).Select("*").Omit("id").Updates(&row)
	if res.Error != nil {
		return false, translate(res.Error, classSubject(a.Class), a.Code)
	}
	if res.RowsAffected == 0 {
		return false, conflict(classSubject(a.Class), a.Code, a.Version, old.Version+1)
	}
	a.Version = row.Version
	return true, d.audit(tx, "update", domain.AuditAssets, a.ID, string(a.Class)+":"+a.Code, assetFields(&prev), assetFields(a))
}

// RetireAsset marks the asset 已处置 with its disposal date; its history stays.
func (d *DB) RetireAsset(ctx context.Context, id int64, on domain.Date, version int64) error {
	a, err := d.GetAsset(ctx, id)
	if err != nil {
		return err
	}
	a.Version = version
	a.Status = domain.StatusDisposed
	a.DisposalDate = on
	if err := a.Validate(); err != nil {
		return err
	}
	return d.write(ctx, func(tx *gorm.DB) error {
		closed, err := closedYears(tx)
		if err != nil {
			return err
		}
		_, err = d.saveAsset(tx, a, closed)
		return err
	})
}

// DeleteAsset removes an asset; its records stay (without the link) and an audit
// entry keeps the whole row.
func (d *DB) DeleteAsset(ctx context.Context, id int64, version int64) error {
	return d.write(ctx, func(tx *gorm.DB) error {
		var old assetRow
		if err := tx.First(&old, id).Error; err != nil {
			return translate(err, subjectAsset, itoa(id))
		}
		if old.Version != version {
			return conflict(classSubject(domain.Class(old.Class)), old.Code, version, old.Version)
		}
		prev, err := old.domain()
		if err != nil {
			return classify("query", err)
		}
		closed, err := closedYears(tx)
		if err != nil {
			return err
		}
		if fe := domain.ClosedYearDates(func(y int) bool { return closed[y] }, &prev, nil); len(fe) > 0 {
			return domain.Invalid(fe...)
		}
		if err := tx.Delete(&assetRow{}, id).Error; err != nil {
			return translate(err, classSubject(domain.Class(old.Class)), old.Code)
		}
		return d.audit(tx, "delete", domain.AuditAssets, id, old.Class+":"+old.Code, assetFields(&prev), nil)
	})
}

// bulkFields are the fields a bulk edit may set, with how to parse their value.
var bulkFields = map[string]bool{"status": true, "unit": true, "kind": true, "road": true, "material": true,
	"note": true, "disposal_date": true, "start_date": true, "original_value": true, "official": true, "body_type": true}

// BulkUpdate sets one field on many assets in one transaction: every asset is
// validated and audited; any invalid one fails the whole edit.
func (d *DB) BulkUpdate(ctx context.Context, ids []int64, field, value string) (int, error) {
	if !bulkFields[field] {
		return 0, domain.Invalid(domain.FieldError{Field: field, Rule: "enum", Params: map[string]string{"Allowed": "status, unit, kind, road, material, note, start_date, disposal_date, original_value, official, body_type"}})
	}
	n := 0
	err := d.write(ctx, func(tx *gorm.DB) error {
		units, err := loadUnits(tx)
		if err != nil {
			return err
		}
		closed, err := closedYears(tx)
		if err != nil {
			return err
		}
		var fe []domain.FieldError
		for _, id := range ids {
			var r assetRow
			if err := tx.First(&r, id).Error; err != nil {
				return translate(err, subjectAsset, itoa(id))
			}
			a, err := r.domain()
			if err != nil {
				return classify("query", err)
			}
			if ferr := setField(&a, field, value, units); ferr != nil {
				ferr.Item = a.Code
				fe = append(fe, *ferr)
				continue
			}
			if err := a.Validate(); err != nil {
				for _, f := range domain.FieldErrors(err) {
					f.Item = a.Code
					fe = append(fe, f)
				}
				continue
			}
			changed, err := d.saveAsset(tx, &a, closed)
			if fes := domain.FieldErrors(err); len(fes) > 0 {
				for _, f := range fes {
					f.Item = a.Code
					fe = append(fe, f)
				}
				continue
			}
			if err != nil {
				return err
			}
			if changed {
				n++
			}
		}
		return domain.Invalid(fe...)
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

func setField(a *domain.Asset, field, value string, units unitIndex) *domain.FieldError {
	bad := func(rule string) *domain.FieldError {
		return &domain.FieldError{Field: field, Value: value, Rule: rule}
	}
	switch field {
	case "status":
		a.Status = value
	case "unit":
		id, ok := units.find(value)
		if !ok {
			return bad("unknown_unit")
		}
		a.UnitID = id
	case "kind":
		a.Kind = value
	case "road":
		a.Road = value
	case "material":
		a.Material = value
	case "note":
		a.Note = value
	case "body_type":
		a.BodyType = value
	case "start_date", "disposal_date":
		dt := domain.Date(value)
		if value != "" && !dt.Valid() {
			return &domain.FieldError{Field: field, Value: value, Rule: "date", Params: map[string]string{"Layout": "YYYY-MM-DD"}}
		}
		if field == "start_date" {
			a.StartDate = dt
		} else {
			a.DisposalDate = dt
			if value != "" {
				a.Status = domain.StatusDisposed
			}
		}
	case "original_value":
		v, fe := domain.ParseAmount(field, value)
		if fe != nil {
			return fe
		}
		a.OriginalValue = v
	case "official":
		switch strings.ToLower(value) {
		case "是", "true", "yes", "1":
			a.Official = true
		case "否", "false", "no", "0":
			a.Official = false
		default:
			return bad("bool")
		}
	}
	return nil
}

// AssetGroups is the grouped aggregate of all assets that statistics and reports use.
func (d *DB) AssetGroups(ctx context.Context) ([]domain.AssetGroup, error) {
	var rows []struct {
		Class        string
		UnitID       int64
		Kind         string
		BodyType     string
		Official     bool
		Status       string
		StartYear    string
		DisposalYear string
		N            int64
		L            float64
		A            float64
		VHi          int64 `gorm:"column:v_hi"`
		VLo          int64 `gorm:"column:v_lo"`
	}
	err := d.r.WithContext(ctx).Raw(`SELECT class, unit_id, kind, body_type, official, status,
		COALESCE(SUBSTR(start_date, 1, 4), '') AS start_year, COALESCE(SUBSTR(disposal_date, 1, 4), '') AS disposal_year,
		COUNT(*) AS n, SUM(length_m) AS l, SUM(area_m2) AS a, ` + splitSum("original_value", "v") + `
		FROM assets GROUP BY class, unit_id, kind, body_type, official, status,
		COALESCE(SUBSTR(start_date, 1, 4), ''), COALESCE(SUBSTR(disposal_date, 1, 4), '')`).Scan(&rows).Error
	if err != nil {
		return nil, classify("query", err)
	}
	out := make([]domain.AssetGroup, len(rows))
	for i, r := range rows {
		sy, err := yearOf(r.StartYear)
		if err != nil {
			return nil, err
		}
		dy, err := yearOf(r.DisposalYear)
		if err != nil {
			return nil, err
		}
		v, err := joinSum(r.VHi, r.VLo, sumOriginalValue)
		if err != nil {
			return nil, err
		}
		out[i] = domain.AssetGroup{Class: domain.Class(r.Class), UnitID: r.UnitID, Kind: r.Kind, BodyType: r.BodyType,
			Official: r.Official, Status: r.Status, StartYear: sy, DisposalYear: dy, Count: r.N, LengthM: r.L, AreaM2: r.A,
			OriginalValue: v}
	}
	return out, nil
}

// MeasureMismatches finds stated lengths and areas over tolerance off their geometry.
func (d *DB) MeasureMismatches(ctx context.Context, tolerance float64, limit int) ([]domain.MeasureMismatch, int64, error) {
	const where = `(geom_length_m > 0 AND length_m > 0 AND ABS(length_m - geom_length_m) > ? * geom_length_m)
		OR (geom_area_m2 > 0 AND area_m2 > 0 AND ABS(area_m2 - geom_area_m2) > ? * geom_area_m2)`
	db := d.r.WithContext(ctx)
	var total int64
	if err := db.Raw("SELECT COUNT(*) FROM assets WHERE "+where, tolerance, tolerance).Scan(&total).Error; err != nil {
		return nil, 0, classify("query", err)
	}
	if limit <= 0 {
		limit = 100
	}
	var rows []struct {
		Class, Code          string
		LengthM, GeomLengthM float64
		AreaM2, GeomAreaM2   float64
	}
	if err := db.Raw("SELECT class, code, length_m, geom_length_m, area_m2, geom_area_m2 FROM assets WHERE "+where+" ORDER BY class, code LIMIT ?",
		tolerance, tolerance, limit).Scan(&rows).Error; err != nil {
		return nil, 0, classify("query", err)
	}
	var out []domain.MeasureMismatch
	off := func(stated, measured float64) bool {
		return measured > 0 && stated > 0 && (stated-measured > tolerance*measured || measured-stated > tolerance*measured)
	}
	for _, r := range rows {
		if off(r.LengthM, r.GeomLengthM) {
			out = append(out, domain.MeasureMismatch{Class: domain.Class(r.Class), Code: r.Code, Stated: r.LengthM, Measured: r.GeomLengthM})
		}
		if off(r.AreaM2, r.GeomAreaM2) {
			out = append(out, domain.MeasureMismatch{Class: domain.Class(r.Class), Code: r.Code, Area: true, Stated: r.AreaM2, Measured: r.GeomAreaM2})
		}
	}
	return out, total, nil
}

// yearOf reads the year of a stored date ("" is no date: 0).
func yearOf(y string) (int, error) {
	if y == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(y)
	if err != nil {
		return 0, classify("query", fmt.Errorf("stored date with year %q: %w", y, err))
	}
	return n, nil
}
