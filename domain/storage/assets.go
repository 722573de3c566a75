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
		return nil, translate(err, d.classSubjectOf(ctx, class), code)
	}
	a, err := r.domain()
	if err != nil {
		return nil, classify("query", err)
	}
	return &a, nil
}

// classSubjectOf names an asset of class c as the database's catalogue declares it.
func (d *DB) classSubjectOf(ctx context.Context, c domain.Class) subject {
	if cat, err := d.catalogue(ctx, false); err == nil {
		if def, ok := cat.Class(c); ok {
			return defSubject(def)
		}
	}
	return classSubject(c)
}

// assetQuery selects the assets matching f. The class is written into the statement
// (class keys are plain ASCII, checked by the catalogue) so that the partial indexes of
// its attribute fields apply; def is nil when f names no class.
func (d *DB) assetQuery(ctx context.Context, def *domain.ClassDef, f domain.AssetFilter) *gorm.DB {
	q := d.r.WithContext(ctx).Model(&assetRow{})
	if def != nil {
		q = q.Where("class = '" + string(def.Key) + "'")
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
		like := "%" + escapeLike(s) + "%"
		// The class's own text fields (its name, road, plate, material, a user's text
		// attribute…), its code and note; every class's columns when none is named.
		cols := []string{"code", "name", "road", "plate", "material", "note"}
		if def != nil {
			cols = nil
			for _, fd := range def.SearchFields() {
				cols = append(cols, d.fieldExpr(fd))
			}
		}
		// SQLite's LIKE ignores the case of ASCII letters already (LOWER would cost a
		// call per row); PostgreSQL's ILIKE folds case character by character, slower
		// on Chinese text than LOWER on both sides.
		// A term without letters that have a case (Chinese, digits) needs no folding.
		op, wrap, attrsText := " LIKE ? ESCAPE '\\'", func(c string) string { return c }, "attrs"
		if d.postgres {
			attrsText = "attrs::text"
			if strings.ToLower(s) != strings.ToUpper(s) {
				// Both sides folded by the server's LOWER, whatever its locale.
				op = " LIKE LOWER(?) ESCAPE '\\'"
				wrap = func(c string) string { return "LOWER(" + c + ")" }
			}
		}
		var conds, attrConds []string
		var args, attrArgs []any
		for _, c := range cols {
			if strings.HasPrefix(c, "json_extract(") || strings.HasPrefix(c, "(attrs") || strings.HasPrefix(c, "((attrs") {
				attrConds = append(attrConds, wrap(c)+op)
				attrArgs = append(attrArgs, like)
				continue
			}
			conds = append(conds, wrap(c)+op)
			args = append(args, like)
		}
		if len(attrConds) > 0 {
			// The attributes' JSON text holds the value as typed (neither Go nor
			// PostgreSQL escapes Chinese), so a plain LIKE on it passes over most rows
			// before any attribute is extracted; a term JSON would escape goes straight
			// to them.
			if strings.ContainsAny(s, "\"\\<>&") {
				conds = append(conds, "("+strings.Join(attrConds, " OR ")+")")
			} else {
				conds = append(conds, "("+wrap(attrsText)+op+" AND ("+strings.Join(attrConds, " OR ")+"))")
				args = append(args, like)
			}
			args = append(args, attrArgs...)
		}
		q = q.Where("("+strings.Join(conds, " OR ")+")", args...)
	}
	if def != nil {
		for key, v := range f.Equals {
			fd, ok := def.Field(key)
			if !ok || !fd.Stored() {
				continue
			}
			if v == nil {
				q = q.Where(d.fieldExpr(fd) + " IS NULL")
				continue
			}
			q = q.Where(d.fieldExpr(fd)+" = ?", d.sqlValue(fd, v))
		}
	}
	if len(f.IDs) > 0 {
		q = q.Where("id IN ?", f.IDs)
	}
	return q
}

// fieldExpr is the SQL of a declared field's stored value: its column, or its
// attribute's expression.
func (d *DB) fieldExpr(fd *domain.Field) string {
	if fd.Column != "" {
		return fd.Column
	}
	return d.attrExpr(fd)
}

// sqlValue is a typed field value as the statement compares it.
func (d *DB) sqlValue(fd *domain.Field, v any) any {
	switch x := v.(type) {
	case domain.Date:
		return string(x)
	case domain.Fen:
		return int64(x)
	case bool:
		if fd.Attribute() && !d.postgres {
			// json_extract gives SQLite's 1 and 0 for JSON true and false.
			if x {
				return 1
			}
			return 0
		}
	}
	return v
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// filterClass is the declaration of the filter's class, nil when it names none.
func (d *DB) filterClass(ctx context.Context, f domain.AssetFilter) (*domain.ClassDef, error) {
	if f.Class == "" {
		return nil, nil
	}
	return d.classOf(ctx, f.Class)
}

// FindAssets lists assets matching f in the requested order, a page at a time.
func (d *DB) FindAssets(ctx context.Context, f domain.AssetFilter) ([]domain.Asset, error) {
	def, err := d.filterClass(ctx, f)
	if err != nil {
		return nil, err
	}
	q := d.assetQuery(ctx, def, f)
	order, indexed := "code", ""
	if f.SortBy == "id" || f.SortBy == "updated_at" {
		order = f.SortBy
	} else if def != nil && f.SortBy != "" {
		// The unit column sorts by the unit's ID, as the screens always did.
		if fd, ok := def.Field(f.SortBy); ok && fd.Stored() {
			order = d.fieldExpr(fd)
			if indexedAttribute(fd) && !d.postgres {
				// Without statistics SQLite prefers an equality index on the class and
				// sorts every row of it; the field's partial index gives the page in
				// order at once.
				indexed = attrIndexName(def.Key, fd.Key)
			}
		}
	}
	dir := " ASC"
	if f.Desc {
		dir = " DESC"
	}
	q = q.Order(order + dir).Order("id" + dir)
	if f.Limit > 0 {
		q = q.Limit(f.Limit)
	}
	if f.Offset > 0 {
		q = q.Offset(f.Offset)
	}
	var rows []assetRow
	if indexed != "" {
		// An index a database lacks (made by an older program, read-only here) leaves
		// the choice to the planner.
		if err := q.Session(&gorm.Session{}).Table("assets INDEXED BY " + indexed).Find(&rows).Error; err == nil {
			indexed = ""
		}
	}
	if indexed != "" || rows == nil {
		if err := q.Find(&rows).Error; err != nil {
			return nil, classify("query", err)
		}
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
		D   int64
	}
	def, err := d.filterClass(ctx, f)
	if err != nil {
		return domain.AssetTotals{}, err
	}
	err = d.assetQuery(ctx, def, f).Select("COUNT(*) AS n, COALESCE(SUM(length_m),0) AS l, COALESCE(SUM(area_m2),0) AS a, " +
		splitSum("original_value", "v") + ", COALESCE(SUM(CASE WHEN status = '" + domain.StatusDisposed + "' THEN 1 ELSE 0 END),0) AS d").Scan(&t).Error
	if err != nil {
		return domain.AssetTotals{}, classify("query", err)
	}
	v, err := joinSum(t.VHi, t.VLo, sumOriginalValue)
	if err != nil {
		return domain.AssetTotals{}, err
	}
	return domain.AssetTotals{Count: t.N, LengthM: t.L, AreaM2: t.A, OriginalValue: v, Disposed: t.D}, nil
}

// Measure fills GeomLengthM/GeomAreaM2 from the geometry on the ellipsoid and, where
// no figure is stated, LengthM/AreaM2 from them. It returns a warning when a stated
// figure is over 5 % off its geometry.
func Measure(def *domain.ClassDef, a *domain.Asset) []domain.FieldError {
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
	// The classes that state a length or an area have it filled from their geometry.
	if f, ok := def.Field("length_m"); ok && f.Column == "length_m" {
		check("length_m", &a.LengthM, a.GeomLengthM)
	}
	if f, ok := def.Field("area_m2"); ok && f.Column == "area_m2" && def.Geometry != domain.GeometryPoint {
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
	def, err := d.classOf(ctx, a.Class)
	if err != nil {
		return err
	}
	return d.write(ctx, func(tx *gorm.DB) error {
		if err := resolveUnit(tx, a); err != nil {
			return err
		}
		if err := d.checkAsset(tx, def, a); err != nil {
			return err
		}
		Measure(def, a)
		closed, err := closedYears(tx)
		if err != nil {
			return err
		}
		_, err = d.saveAsset(tx, def, a, closed)
		return err
	})
}

// resolveUnit finds the asset's unit by the name it was given.
func resolveUnit(tx *gorm.DB, a *domain.Asset) error {
	if a.UnitID != 0 || a.Unit == "" {
		return nil
	}
	units, err := loadUnits(tx)
	if err != nil {
		return err
	}
	id, ok := units.find(a.Unit)
	if !ok {
		return domain.Invalid(domain.FieldError{Field: "unit", Value: a.Unit, Rule: "unknown_unit"})
	}
	a.UnitID = id
	return nil
}

// checkAsset applies the class's rules and the district's to a component ID.
func (d *DB) checkAsset(tx *gorm.DB, def *domain.ClassDef, a *domain.Asset) error {
	fe := domain.FieldErrors(def.Validate(a))
	if a.ComponentID != "" {
		district, err := readSetting(tx, settingDistrictCode)
		if err != nil {
			return err
		}
		if e := domain.CheckComponentDistrict(a.ComponentID, district); e != nil {
			fe = append(fe, *e)
		}
		var others []int64
		if err := tx.Raw("SELECT id FROM assets WHERE component_id = ? AND id <> ?", a.ComponentID, a.ID).Scan(&others).Error; err != nil {
			return classify("query", err)
		}
		if len(others) > 0 {
			fe = append(fe, domain.FieldError{Field: "component_id", Value: a.ComponentID, Rule: "component_id_taken"})
		}
	}
	return domain.Invalid(fe...)
}

// translateAsset is translate for an asset, naming its class in the reader's language
// and a taken component ID as such.
func translateAsset(err error, def *domain.ClassDef, a *domain.Asset) error {
	if err == nil {
		return nil
	}
	if isUniqueViolation(err) {
		return domain.Errorf(domain.KindConflict, "err.code_taken", map[string]any{"What": defSubject(def).value(), "Key": a.Code})
	}
	return translate(err, defSubject(def), a.Code)
}

// saveAsset writes a validated, measured asset; changed is false for an unchanged
// update. A change of its dates inside a closed year is refused (closed: the closed years).
func (d *DB) saveAsset(tx *gorm.DB, def *domain.ClassDef, a *domain.Asset, closed map[int]bool) (changed bool, err error) {
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
			return false, translateAsset(err, def, a)
		}
		a.ID, a.Version = row.ID, 1
		return true, d.auditAsset(tx, "create", a.ID, string(a.Class)+":"+a.Code, nil, nil, assetFields(a))
	}
	var old assetRow
	if err := tx.First(&old, a.ID).Error; err != nil {
		return false, translateAsset(err, def, a)
	}
	prev, err := old.domain()
	if err != nil {
		return false, classify("query", err)
	}
	if old.Version != a.Version {
		return false, changedBy(tx, a.ID, conflictWithDiff(defSubject(def), a.Code, a.Version, old.Version, assetFields(a), assetFields(&prev)))
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
		return false, translateAsset(res.Error, def, a)
	}
	if res.RowsAffected == 0 {
		return false, conflict(defSubject(def), a.Code, a.Version, old.Version+1)
	}
	a.Version = row.Version
	return true, d.auditAsset(tx, "update", a.ID, string(a.Class)+":"+a.Code, &old, assetFields(&prev), assetFields(a))
}

// RetireAsset marks the asset 已处置 with its disposal date; its history stays.
func (d *DB) RetireAsset(ctx context.Context, id int64, on domain.Date, version int64) error {
	_, err := d.UpdateAsset(ctx, id, version, domain.AssetUpdate{Fields: []string{"status", "disposal_date"},
		Values: domain.Asset{Status: domain.StatusDisposed, DisposalDate: on}})
	return err
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
			return changedBy(tx, id, conflict(d.classSubjectOf(ctx, domain.Class(old.Class)), old.Code, version, old.Version))
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
			return translate(err, d.classSubjectOf(ctx, domain.Class(old.Class)), old.Code)
		}
		return d.auditAsset(tx, "delete", id, old.Class+":"+old.Code, &old, assetFields(&prev), nil)
	})
}

// UpdateAsset applies a partial update to one asset at version: the fields a form
// shows, nothing else.
func (d *DB) UpdateAsset(ctx context.Context, id, version int64, u domain.AssetUpdate) (*domain.Asset, error) {
	var out *domain.Asset
	err := d.write(ctx, func(tx *gorm.DB) error {
		closed, err := closedYears(tx)
		if err != nil {
			return err
		}
		a, _, err := d.updateOne(ctx, tx, id, &version, u, closed)
		out = a
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// UpdateAssets applies one partial update to many assets in one transaction: every
// asset is validated and audited; any invalid one fails the whole edit.
func (d *DB) UpdateAssets(ctx context.Context, ids []int64, u domain.AssetUpdate) (int, error) {
	n := 0
	err := d.write(ctx, func(tx *gorm.DB) error {
		closed, err := closedYears(tx)
		if err != nil {
			return err
		}
		if err := d.changedSince(ctx, tx, ids, u); err != nil {
			return err
		}
		var fe []domain.FieldError
		for _, id := range ids {
			_, changed, err := d.updateOne(ctx, tx, id, nil, u, closed)
			if domain.ErrorKind(err) == domain.KindInvalid {
				var code string
				tx.Raw("SELECT code FROM assets WHERE id = ?", id).Scan(&code)
				for _, f := range domain.FieldErrors(err) {
					f.Item = code
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

// updateOne loads an asset, applies u, checks and writes it; version, when given, must
// be the stored one. The unit of the update may be given by name; closed are the closed
// years, whose dates it may not change.
func (d *DB) updateOne(ctx context.Context, tx *gorm.DB, id int64, version *int64, u domain.AssetUpdate, closed map[int]bool) (*domain.Asset, bool, error) {
	var r assetRow
	if err := tx.First(&r, id).Error; err != nil {
		return nil, false, translate(err, subjectAsset, itoa(id))
	}
	a, err := r.domain()
	if err != nil {
		return nil, false, classify("query", err)
	}
	def, err := d.classOf(ctx, a.Class)
	if err != nil {
		return nil, false, err
	}
	if version != nil && *version != a.Version {
		next := a
		u.Apply(def, &next)
		return nil, false, changedBy(tx, a.ID, conflictWithDiff(defSubject(def), a.Code, *version, a.Version, assetFields(&next), assetFields(&a)))
	}
	u.Apply(def, &a)
	if err := resolveUnit(tx, &a); err != nil {
		return nil, false, err
	}
	if err := d.checkAsset(tx, def, &a); err != nil {
		return nil, false, err
	}
	if u.Sets(domain.GeometryField) || u.Sets("length_m") || u.Sets("area_m2") {
		Measure(def, &a)
	}
	changed, err := d.saveAsset(tx, def, &a, closed)
	if err != nil {
		return nil, false, err
	}
	return &a, changed, nil
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
