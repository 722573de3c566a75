package storage

import (
	"context"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"cityledger/domain"
)

func (d *DB) recordQuery(ctx context.Context, f domain.RecordFilter) *gorm.DB {
	q := d.r.WithContext(ctx).Table("maintenance_records AS r")
	if f.Year != 0 {
		q = q.Where("r.year = ?", f.Year)
	}
	if f.AssetClass != "" {
		q = q.Where("r.asset_class = ?", string(f.AssetClass))
	}
	if f.AssetID != 0 {
		q = q.Where("r.asset_id = ?", f.AssetID)
	}
	if f.ProjectID != 0 {
		q = q.Where("r.project_id = ?", f.ProjectID)
		if f.Year == 0 {
			// A project's records all lie in its year: the year lets the query use
			// the (year, project_id, …) index.
			q = q.Where("r.year = (SELECT year FROM projects WHERE id = ?)", f.ProjectID)
		}
	}
	if f.NoProject {
		q = q.Where("r.project_id IS NULL")
	}
	if f.WorkType != "" {
		q = q.Where("r.work_type = ?", f.WorkType)
	}
	if f.Contractor != "" {
		q = q.Where("LOWER(r.contractor) LIKE ? ESCAPE '\\'", "%"+strings.ToLower(escapeLike(f.Contractor))+"%")
	}
	return q
}

// FindRecords lists records by date (newest first with Desc), with the asset and
// project codes joined for display.
func (d *DB) FindRecords(ctx context.Context, f domain.RecordFilter) ([]domain.Record, error) {
	dir := " ASC"
	if f.Desc {
		dir = " DESC"
	}
	q := d.recordQuery(ctx, f).Select("r.*, COALESCE(a.code, '') AS asset_code, COALESCE(p.code, '') AS project_code").
		Joins("LEFT JOIN assets a ON a.id = r.asset_id").Joins("LEFT JOIN projects p ON p.id = r.project_id").
		Order("r.date" + dir).Order("r.id" + dir)
	if f.Limit > 0 {
		q = q.Limit(f.Limit)
	}
	if f.Offset > 0 {
		q = q.Offset(f.Offset)
	}
	var rows []recordRow
	if err := q.Scan(&rows).Error; err != nil {
		return nil, classify("query", err)
	}
	out := make([]domain.Record, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

// CountRecords counts the records matching f and sums their cost.
func (d *DB) CountRecords(ctx context.Context, f domain.RecordFilter) (int64, domain.Fen, error) {
	var t struct {
		N   int64
		CHi int64 `gorm:"column:c_hi"`
		CLo int64 `gorm:"column:c_lo"`
	}
	if err := d.recordQuery(ctx, f).Select("COUNT(*) AS n, " + splitSum("r.cost", "c")).Scan(&t).Error; err != nil {
		return 0, 0, classify("query", err)
	}
	c, err := joinSum(t.CHi, t.CLo, sumCost)
	return t.N, c, err
}

// resolveRecord fills the record's asset and project IDs from their codes and checks
// that both exist, that the asset is of the stated class and that the date falls in
// the project's year. The broken rules come back as fe; a failed query (a locked or
// cancelled database) as err, never as an "unknown" asset or project.
func resolveRecord(tx *gorm.DB, r *domain.Record) ([]domain.FieldError, error) {
	var fe []domain.FieldError
	if r.AssetClass != "" {
		cat, err := loadCatalogue(tx)
		if err != nil {
			return nil, err
		}
		if _, ok := cat.Class(r.AssetClass); !ok {
			return append(fe, domain.FieldError{Field: "asset_class", Value: string(r.AssetClass), Rule: "unknown_class"}), nil
		}
	}
	if r.AssetID == 0 && r.AssetCode != "" && r.AssetClass.Valid() {
		var ids []int64
		if err := tx.Raw("SELECT id FROM assets WHERE class = ? AND code = ?", string(r.AssetClass), r.AssetCode).Scan(&ids).Error; err != nil {
			return nil, classify("query", err)
		}
		if len(ids) == 0 {
			fe = append(fe, domain.FieldError{Field: "asset_code", Value: r.AssetCode, Rule: "unknown_asset",
				Params: classParams(tx, r.AssetClass)})
		} else {
			r.AssetID = ids[0]
		}
	} else if r.AssetID != 0 {
		var cls []string
		if err := tx.Raw("SELECT class FROM assets WHERE id = ?", r.AssetID).Scan(&cls).Error; err != nil {
			return nil, classify("query", err)
		}
		if len(cls) == 0 {
			fe = append(fe, domain.FieldError{Field: "asset_code", Value: itoa(r.AssetID), Rule: "unknown_asset",
				Params: classParams(tx, r.AssetClass)})
		} else if r.AssetClass == "" {
			r.AssetClass = domain.Class(cls[0])
		}
	}
	year := r.Date.Year()
	if r.ProjectID == 0 && r.ProjectCode != "" {
		var ids []int64
		if err := tx.Raw("SELECT id FROM projects WHERE year = ? AND code = ?", year, r.ProjectCode).Scan(&ids).Error; err != nil {
			return nil, classify("query", err)
		}
		if len(ids) == 0 {
			var years []int
			if err := tx.Raw("SELECT year FROM projects WHERE code = ?", r.ProjectCode).Scan(&years).Error; err != nil {
				return nil, classify("query", err)
			}
			if len(years) > 0 {
				fe = append(fe, domain.FieldError{Field: "date", Value: string(r.Date), Rule: "outside_project_year",
					Params: map[string]string{"Year": strconv.Itoa(years[0])}})
			} else {
				fe = append(fe, domain.FieldError{Field: "project_code", Value: r.ProjectCode, Rule: "unknown_project",
					Params: map[string]string{"Year": strconv.Itoa(year)}})
			}
		} else {
			r.ProjectID = ids[0]
		}
	} else if r.ProjectID != 0 {
		var py []int
		if err := tx.Raw("SELECT year FROM projects WHERE id = ?", r.ProjectID).Scan(&py).Error; err != nil {
			return nil, classify("query", err)
		}
		if len(py) == 0 {
			fe = append(fe, domain.FieldError{Field: "project_code", Value: itoa(r.ProjectID), Rule: "unknown_project",
				Params: map[string]string{"Year": strconv.Itoa(year)}})
		} else if py[0] != year {
			fe = append(fe, domain.FieldError{Field: "date", Value: string(r.Date), Rule: "outside_project_year",
				Params: map[string]string{"Year": strconv.Itoa(py[0])}})
		}
	}
	return fe, nil
}

// SaveRecord inserts or updates one record.
func (d *DB) SaveRecord(ctx context.Context, r *domain.Record) error {
	if r.Funding == "" {
		r.Funding = domain.FundFiscal
	}
	if err := r.Validate(); err != nil {
		return err
	}
	return d.write(ctx, func(tx *gorm.DB) error {
		fe, err := resolveRecord(tx, r)
		if err != nil {
			return err
		}
		if len(fe) > 0 {
			return domain.Invalid(fe...)
		}
		return d.saveRecord(tx, r)
	})
}

func (d *DB) saveRecord(tx *gorm.DB, r *domain.Record) error {
	if err := ensureOpen(tx, r.Date.Year()); err != nil {
		return err
	}
	row := toRecordRow(r)
	code := string(r.Date) + " " + r.WorkType
	if r.ID == 0 {
		row.Version = 1
		if err := tx.Create(&row).Error; err != nil {
			return translate(err, subjectRecord, code)
		}
		r.ID, r.Version = row.ID, 1
		return d.audit(tx, "create", "maintenance", r.ID, code, nil, recordFields(r))
	}
	var old recordRow
	if err := tx.First(&old, r.ID).Error; err != nil {
		return translate(err, subjectRecord, code)
	}
	if err := ensureOpen(tx, old.Year); err != nil {
		return err
	}
	if old.Version != r.Version {
		return conflict(subjectRecord, code, r.Version, old.Version)
	}
	prev := old.domain()
	row.Version = old.Version + 1
	if err := tx.Model(&recordRow{}).Where("id = ? AND version = ?", r.ID, old.Version).Select(recordColumns).Updates(&row).Error; err != nil {
		return translate(err, subjectRecord, code)
	}
	r.Version = row.Version
	return d.audit(tx, "update", "maintenance", r.ID, code, recordFields(&prev), recordFields(r))
}

// SaveRecords adds many records in one transaction: all or none. Rows in errors are
// numbered from 1 in the order given.
func (d *DB) SaveRecords(ctx context.Context, rs []domain.Record) error {
	var fe []domain.FieldError
	for i := range rs {
		if rs[i].Funding == "" {
			rs[i].Funding = domain.FundFiscal
		}
		for _, f := range domain.FieldErrors(rs[i].Validate()) {
			f.Row = i + 1
			fe = append(fe, f)
		}
	}
	if err := domain.Invalid(fe...); err != nil {
		return err
	}
	return d.write(ctx, func(tx *gorm.DB) error {
		for i := range rs {
			rfe, err := resolveRecord(tx, &rs[i])
			if err != nil {
				return err
			}
			for _, f := range rfe {
				f.Row = i + 1
				fe = append(fe, f)
			}
		}
		if err := domain.Invalid(fe...); err != nil {
			return err
		}
		for i := range rs {
			if err := d.saveRecord(tx, &rs[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

// DeleteRecord removes a record, keeping it in the audit log.
func (d *DB) DeleteRecord(ctx context.Context, id int64, version int64) error {
	return d.write(ctx, func(tx *gorm.DB) error {
		var old recordRow
		if err := tx.First(&old, id).Error; err != nil {
			return translate(err, subjectRecord, itoa(id))
		}
		if err := ensureOpen(tx, old.Year); err != nil {
			return err
		}
		code := old.Date + " " + old.WorkType
		if old.Version != version {
			return conflict(subjectRecord, code, version, old.Version)
		}
		prev := old.domain()
		if err := tx.Delete(&recordRow{}, id).Error; err != nil {
			return translate(err, subjectRecord, code)
		}
		return d.audit(tx, "delete", "maintenance", id, code, recordFields(&prev), nil)
	})
}

// RecordGroups aggregates a year's records by project, class, work type, quantity
// unit, funding and month, and splits off the records on official cars. The main
// query reads only the covering index records_year_agg; the official-car part joins
// the few vehicle records to their assets.
func (d *DB) RecordGroups(ctx context.Context, year int) ([]domain.RecordGroup, error) {
	type groupRow struct {
		ProjectID    *int64
		AssetClass   string
		WorkType     string
		QuantityUnit string
		Funding      string
		Month        int
		N            int64
		Q            float64
		CHi          int64 `gorm:"column:c_hi"`
		CLo          int64 `gorm:"column:c_lo"`
	}
	const keys = "project_id, asset_class, work_type, quantity_unit, funding, month"
	var all, official []groupRow
	db := d.r.WithContext(ctx)
	if err := db.Raw(`SELECT `+keys+`, COUNT(*) AS n, SUM(quantity) AS q, `+splitSum("cost", "c")+`
		FROM maintenance_records WHERE year = ? GROUP BY `+keys, year).Scan(&all).Error; err != nil {
		return nil, classify("query", err)
	}
	if err := db.Raw(`SELECT r.project_id, r.asset_class, r.work_type, r.quantity_unit, r.funding, r.month,
		COUNT(*) AS n, SUM(r.quantity) AS q, `+splitSum("r.cost", "c")+`
		FROM maintenance_records r JOIN assets a ON a.id = r.asset_id
		WHERE r.year = ? AND r.asset_class = ? AND a.official = ?
		GROUP BY r.project_id, r.asset_class, r.work_type, r.quantity_unit, r.funding, r.month`,
		year, string(domain.Vehicles), true).Scan(&official).Error; err != nil {
		return nil, classify("query", err)
	}
	conv := func(r groupRow, off bool) (domain.RecordGroup, error) {
		cost, err := joinSum(r.CHi, r.CLo, sumCost)
		g := domain.RecordGroup{AssetClass: domain.Class(r.AssetClass), WorkType: r.WorkType, QuantityUnit: r.QuantityUnit,
			Funding: r.Funding, Month: r.Month, OfficialCar: off, Count: r.N, Quantity: r.Q, Cost: cost}
		if r.ProjectID != nil {
			g.ProjectID = *r.ProjectID
		}
		return g, err
	}
	type key struct {
		p          int64
		c, w, u, f string
		m          int
	}
	keyOf := func(g domain.RecordGroup) key {
		return key{g.ProjectID, string(g.AssetClass), g.WorkType, g.QuantityUnit, g.Funding, g.Month}
	}
	offIdx := map[key]domain.RecordGroup{}
	for _, r := range official {
		g, err := conv(r, true)
		if err != nil {
			return nil, err
		}
		offIdx[keyOf(g)] = g
	}
	out := make([]domain.RecordGroup, 0, len(all)+len(official))
	for _, r := range all {
		g, err := conv(r, false)
		if err != nil {
			return nil, err
		}
		if o, ok := offIdx[keyOf(g)]; ok {
			g.Count -= o.Count
			g.Quantity -= o.Quantity
			g.Cost -= o.Cost
			out = append(out, o)
		}
		if g.Count > 0 {
			out = append(out, g)
		}
	}
	return out, nil
}

// RecordsOutsideProjectYear lists records of year (0: any) dated outside their project's year.
func (d *DB) RecordsOutsideProjectYear(ctx context.Context, year int) ([]domain.Record, error) {
	q := d.r.WithContext(ctx).Table("maintenance_records AS r").
		Select("r.*, COALESCE(a.code, '') AS asset_code, p.code AS project_code").
		Joins("JOIN projects p ON p.id = r.project_id").Joins("LEFT JOIN assets a ON a.id = r.asset_id").
		Where("r.year <> p.year")
	if year != 0 {
		q = q.Where("(r.year = ? OR p.year = ?)", year, year)
	}
	var rows []recordRow
	if err := q.Order("r.date").Limit(1000).Scan(&rows).Error; err != nil {
		return nil, classify("query", err)
	}
	out := make([]domain.Record, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

// TopAssetsByCost ranks assets by the year's record cost, reading the covering index.
func (d *DB) TopAssetsByCost(ctx context.Context, year int, limit int) ([]domain.AssetCost, error) {
	var rows []struct {
		AssetID int64
		CHi     int64 `gorm:"column:c_hi"`
		CLo     int64 `gorm:"column:c_lo"`
		N       int64
	}
	// Ranked by the sum in floating point, which never overflows (and orders exactly
	// up to 2^53 分); the figures themselves are the exact split sums.
	err := d.r.WithContext(ctx).Raw(`SELECT asset_id, `+splitSum("cost", "c")+`, COUNT(*) AS n FROM maintenance_records
		WHERE year = ? AND asset_id IS NOT NULL GROUP BY asset_id ORDER BY SUM(cost * 1.0) DESC, asset_id LIMIT ?`, year, limit).Scan(&rows).Error
	if err != nil {
		return nil, classify("query", err)
	}
	out := make([]domain.AssetCost, len(rows))
	for i, r := range rows {
		c, err := joinSum(r.CHi, r.CLo, sumCost)
		if err != nil {
			return nil, err
		}
		out[i] = domain.AssetCost{AssetID: r.AssetID, Cost: c, Count: r.N}
	}
	return out, nil
}
