package exchange

import (
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"cityledger/domain"
	"cityledger/domain/geo"
)

// Batch.Rows keys: the source row numbers of each slice of a domain.Batch.
const (
	RowsUnits      = "units"
	RowsAssets     = "assets"
	RowsProjects   = "projects"
	RowsIndicators = "indicators"
	RowsRecords    = "maintenance"
	RowsSettings   = "year-settings"
)

// Result is a table converted into a batch.
type Result struct {
	Kind    Kind
	Mapping *Mapping
	// Batch holds the rows that converted cleanly (all of them when Errors is empty).
	Batch *domain.Batch
	// Errors name every bad cell and every repeated code, by source row.
	Errors []domain.FieldError
	// Warnings are kept rows with a remark: a stated length or area more than 5 %
	// off its geometry.
	Warnings []domain.FieldError
	// Rows is the number of data rows read; Rejected of them had errors.
	Rows     int
	Rejected int
}

// measureTolerance is DESIGN.md's 5 %: a stated length or area further off its
// geometry is reported.
const measureTolerance = 0.05

// Convert turns a table's rows into typed values of kind k. It fails (with a
// KindInvalid domain error) only when the table cannot be converted at all: a
// --map naming a missing column, a required column that is absent and not set,
// an unknown CRS. Bad cells are reported in Result.Errors instead.
func Convert(k Kind, t *Table, o Options) (*Result, error) {
	return ConvertSource(k, t.Source(), o)
}

// ConvertSource is Convert reading the rows one at a time from src, so that a
// file need not be held whole: only the converted batch is. A row src cannot
// read (a line beyond the limits, a broken file) fails the whole conversion.
func ConvertSource(k Kind, src *Source, o Options) (*Result, error) {
	m, err := NewMapping(k, src.Header, o)
	if err != nil {
		return nil, err
	}
	if missing := m.missingRequired(o); len(missing) > 0 {
		var fe []domain.FieldError
		for _, f := range missing {
			fe = append(fe, domain.FieldError{Field: f, Rule: "missing_column"})
		}
		return nil, domain.Invalid(fe...)
	}
	if err := checkSetValues(o); err != nil {
		return nil, err
	}
	c := &converter{kind: k, m: m, o: o, sizeHint: src.SizeHint}
	if k.Geometric() {
		crs := src.CRS
		if o.CRS != "" {
			crs = o.CRS
		}
		c.fromWGS84, c.crs = crs == "", crs
		c.proj, err = geo.NewReprojector(crs)
		if err != nil {
			return nil, domain.Errorf(domain.KindInvalid, "exchange.err.crs",
				map[string]any{"CRS": abbreviate(crs), "Detail": err.Error()})
		}
	}
	res := &Result{Kind: k, Mapping: m, Batch: &domain.Batch{
		Rows: map[string][]int{}, SkipInvalid: o.SkipInvalid, DryRun: o.DryRun, Source: o.Source, Progress: o.Progress,
	}}
	c.res = res
	n := src.SizeHint
	c.seen = make(map[string]int, n)
	// Sized up front: an Asset is large, and growing a 100,000-item slice copies it ~20 times.
	switch b := res.Batch; {
	case k == Units:
		b.Units = make([]domain.Unit, 0, n)
	case k.Class() != "":
		b.Assets = make([]domain.Asset, 0, n)
	case k == Projects:
		b.Projects = make([]domain.Project, 0, n)
	case k == Indicators:
		b.Indicators = make([]domain.Indicator, 0, n)
	case k == Maintenance:
		b.Records = make([]domain.Record, 0, n)
	case k == Cases:
		if err := c.caseSetup(src); err != nil {
			return nil, err
		}
	}
	if k == Cases {
		if err := c.convertCases(src); err != nil {
			return nil, err
		}
		return res, nil
	}
	for {
		row, err := src.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		res.Rows++
		if c.refuseRow(&row) {
			continue
		}
		c.convertRow(&row)
	}
	return res, nil
}

type converter struct {
	kind      Kind
	m         *Mapping
	o         Options
	sizeHint  int // rows expected, 0 when unknown
	proj      *geo.Reprojector
	fromWGS84 bool
	crs       string
	fields    []string // see checkedFields
	res       *Result
	// seen gives the first row of each code (or other file-unique key).
	seen map[string]int
	// positions numbers indicators per project when the file gives no position.
	positions map[string]int
	cases     *caseConverter
}

// row is the conversion of one source row.
type row struct {
	c    *converter
	src  *Row
	errs []domain.FieldError
	warn []domain.FieldError
}

func (c *converter) convertRow(src *Row) {
	r := &row{c: c, src: src}
	b := c.res.Batch
	switch k := c.kind; {
	case k == Units:
		u := r.unit()
		if r.keep(RowsUnits, "name", "duplicate_unit", u.Validate(), "u\x00"+u.Name, "u\x00"+u.ShortName) {
			b.Units = append(b.Units, u)
		}
	case k.Class() != "":
		a := r.asset(k.Class())
		if r.keep(RowsAssets, "code", "duplicate_code", a.Validate(), "a\x00"+a.Code) {
			b.Assets = append(b.Assets, a)
		}
	case k == Projects:
		p := r.project()
		if r.keep(RowsProjects, "code", "duplicate_code", p.Validate(), "p\x00"+p.Code+"\x00"+strconv.Itoa(p.Year)) {
			b.Projects = append(b.Projects, p)
		}
	case k == Indicators:
		in := r.indicator()
		key := fmt.Sprintf("i\x00%s\x00%d\x00%d", in.ProjectCode, in.Year, in.Position)
		if r.keep(RowsIndicators, "position", "duplicate_code", in.Validate(), key) {
			b.Indicators = append(b.Indicators, in)
		}
	case k == Maintenance:
		rec := r.record()
		if r.keep(RowsRecords, "", "", rec.Validate(), "") {
			b.Records = append(b.Records, rec)
		}
	case k == YearSettings:
		s := r.settings()
		if r.keep(RowsSettings, "year", "duplicate_code", s.Validate(), "s\x00"+strconv.Itoa(s.Year)) {
			b.Settings = append(b.Settings, s)
		}
	}
}

// keep merges the entity's own validation into the row's errors, checks the
// file-unique keys and records the outcome. It reports whether the row goes
// into the batch.
func (r *row) keep(rowsKey, dupField, dupRule string, validation error, uniq ...string) bool {
	for _, fe := range domain.FieldErrors(validation) {
		if r.c.kind == Projects && fe.Field == "project_code" {
			fe.Field = "code"
		}
		r.add(fe)
	}
	for _, key := range uniq {
		if key == "" || strings.HasSuffix(key, "\x00") {
			continue // an empty key is reported as required, not as a repeat
		}
		if first, dup := r.c.seen[key]; dup {
			r.add(domain.FieldError{Field: dupField, Value: r.uniqueValue(dupField, key), Rule: dupRule,
				Params: map[string]string{"Rows": fmt.Sprintf("%d、%d", first, r.src.Num)}})
			break
		}
	}
	for _, key := range uniq {
		if _, dup := r.c.seen[key]; !dup && key != "" {
			r.c.seen[key] = r.src.Num
		}
	}
	res := r.c.res
	for i := range r.warn {
		r.warn[i].Row = r.src.Num
	}
	res.Warnings = append(res.Warnings, r.warn...)
	if len(r.errs) > 0 {
		for i := range r.errs {
			r.errs[i].Row = r.src.Num
		}
		res.Errors = append(res.Errors, r.errs...)
		res.Rejected++
		return false
	}
	rows := res.Batch.Rows[rowsKey]
	if rows == nil {
		rows = make([]int, 0, r.c.sizeHint)
	}
	res.Batch.Rows[rowsKey] = append(rows, r.src.Num)
	return true
}

func (r *row) uniqueValue(field, key string) string {
	if v := r.raw(field); v != "" {
		return v
	}
	parts := strings.Split(key, "\x00")
	return parts[len(parts)-1]
}

// add records a broken rule once per field and rule: a value the reader could
// not parse is not reported again by the entity's validation.
func (r *row) add(fe domain.FieldError) {
	for _, e := range r.errs {
		if e.Field == fe.Field && (e.Rule == fe.Rule || e.Rule == "required" || fe.Rule == "required") {
			return
		}
	}
	r.errs = append(r.errs, fe)
}

func (r *row) fail(field, value, rule string, params map[string]string) {
	r.add(domain.FieldError{Field: field, Value: value, Rule: rule, Params: params})
}

// raw is the field's text for this row: --set, else the mapped column through
// the --value mapping. Cells are trimmed.
func (r *row) raw(field string) string {
	if v, ok := r.c.o.Set[field]; ok {
		return v
	}
	i, ok := r.c.m.Columns[field]
	if !ok {
		return ""
	}
	v := strings.TrimSpace(r.src.Cell(i))
	if vm := r.c.o.Values[field]; vm != nil {
		if to, ok := vm[v]; ok {
			return to
		}
		// Ties between case variants go to the alphabetically first source value.
		var froms []string
		for from := range vm {
			if strings.EqualFold(from, v) {
				froms = append(froms, from)
			}
		}
		if len(froms) > 0 {
			sort.Strings(froms)
			return vm[froms[0]]
		}
	}
	return v
}

func (r *row) str(field string) string {
	v := r.raw(field)
	if v == "" {
		if f, ok := r.c.kind.Field(field); ok && f.Required {
			r.fail(field, "", "required", nil)
		}
	}
	return v
}

// enum returns the allowed value s stands for, or s itself for validation to report.
func (r *row) enum(field string, allowed []string) string {
	v := r.str(field)
	if v == "" {
		return ""
	}
	out, _ := EnumValue(v, allowed)
	return out
}

func (r *row) boolean(field string, def bool) bool {
	v := r.str(field)
	if v == "" {
		return def
	}
	if b, ok := ParseBool(v); ok {
		return b
	}
	if e, ok := EnumValue(v, []string{"是", "否"}); ok {
		return e == "是"
	}
	r.fail(field, v, "bool", nil)
	return def
}

func (r *row) date(field string) domain.Date {
	v := r.str(field)
	if v == "" {
		return ""
	}
	d, fe := domain.ParseDate(field, v, r.c.o.DateFormat)
	if fe != nil {
		r.add(*fe)
	}
	return d
}

func (r *row) money(field string) (domain.Fen, bool) {
	v := r.str(field)
	if v == "" {
		return 0, false
	}
	f, fe := domain.ParseAmount(field, v)
	if fe != nil {
		r.add(*fe)
		return 0, false
	}
	return f, true
}

func (r *row) number(field string) (float64, bool) {
	v := r.str(field)
	if v == "" {
		return 0, false
	}
	f, ok := ParseNumber(v)
	if !ok {
		r.fail(field, v, numberRule(v, "number"), nil)
	}
	return f, ok
}

func (r *row) integer(field string) int {
	v := r.str(field)
	if v == "" {
		return 0
	}
	n, ok := ParseInt(v)
	if !ok {
		r.fail(field, v, numberRule(v, "integer"), nil)
	}
	return n
}

func (r *row) year(field string) int {
	v := r.str(field)
	if v == "" {
		return 0
	}
	n, ok := ParseInt(v)
	if !ok || !domain.ValidYear(n) {
		r.fail(field, v, "year", nil)
		return 0
	}
	return n
}

func (r *row) unit() domain.Unit {
	return domain.Unit{
		Name:                  r.str("name"),
		ShortName:             r.str("short_name"),
		Parent:                r.str("parent"),
		IndependentAccounting: r.boolean("independent_accounting", false),
	}
}

func (r *row) asset(class domain.Class) domain.Asset {
	a := domain.Asset{
		Class:        class,
		Code:         r.str("code"),
		Unit:         r.str("unit"),
		Status:       r.enum("status", domain.Statuses),
		StartDate:    r.date("start_date"),
		DisposalDate: r.date("disposal_date"),
		Note:         r.str("note"),
	}
	if a.Status == "" {
		a.Status = domain.StatusInUse
		if a.DisposalDate != "" {
			a.Status = domain.StatusDisposed
		}
	}
	a.OriginalValue, _ = r.money("original_value")
	var lengthGiven, areaGiven bool
	switch class {
	case domain.Vehicles:
		a.Kind = r.enum("use_category", domain.UseCategories)
		a.Plate = r.str("plate")
		a.BodyType = r.enum("body_type", domain.BodyTypes)
		a.Official = r.boolean("official", false)
	case domain.Lamps:
		a.Kind = r.enum("type", domain.KindsOf[class])
		a.Road = r.str("road")
		a.PowerW, _ = r.number("power_w")
		a.PoleHeightM, _ = r.number("pole_height_m")
	case domain.GreenAreas:
		a.Name = r.str("name")
		a.Kind = r.enum("type", domain.KindsOf[class])
		a.AreaM2, areaGiven = r.number("area_m2")
	case domain.SewerPipes:
		a.Kind = r.enum("kind", domain.KindsOf[class])
		a.Material = r.str("material")
		a.DiameterMM = r.integer("diameter_mm")
		a.LengthM, lengthGiven = r.number("length_m")
	case domain.SewerFacilities:
		a.Name = r.str("name")
		a.Kind = r.enum("kind", domain.KindsOf[class])
		a.Capacity = r.str("capacity")
	case domain.Roads:
		a.Name = r.str("name")
		a.Kind = r.enum("kind", domain.KindsOf[class])
		a.AreaM2, areaGiven = r.number("area_m2")
		a.LengthM, lengthGiven = r.number("length_m")
	}
	if class == domain.Vehicles {
		return a
	}
	a.Geometry = r.geometry(class)
	if a.Geometry == nil {
		return a
	}
	a.GeomLengthM = geo.Length(a.Geometry)
	a.GeomAreaM2 = geo.Area(a.Geometry)
	switch class {
	case domain.SewerPipes, domain.Roads:
		a.LengthM = r.measured("length_m", a.LengthM, lengthGiven, a.GeomLengthM, "m")
	}
	switch class {
	case domain.GreenAreas, domain.Roads:
		a.AreaM2 = r.measured("area_m2", a.AreaM2, areaGiven, a.GeomAreaM2, "㎡")
	}
	return a
}

// measured is the figure to keep: the stated one when given (with a warning when
// it is more than 5 % off the geometry's), else the geometry's to the centimetre
// or 0.01 ㎡, as the store rounds it, so that it survives a spreadsheet's 15
// significant digits on export.
func (r *row) measured(field string, stated float64, given bool, geom float64, unit string) float64 {
	if !given {
		return math.Round(geom*100) / 100
	}
	if geom > 0 && math.Abs(stated-geom) > measureTolerance*geom {
		r.warn = append(r.warn, domain.FieldError{Field: field, Value: formatFloat(stated), Rule: "measure_mismatch",
			Params: map[string]string{
				"Measured": strconv.FormatFloat(geom, 'f', 1, 64) + unit,
				"Percent":  strconv.FormatFloat(math.Abs(stated-geom)/geom*100, 'f', 1, 64) + "%",
			}})
	}
	return stated
}

// geometry is the row's geometry in WGS84: the format's own, else a WKT
// column, else lon/lat columns; reprojected from the source CRS.
func (r *row) geometry(class domain.Class) orb.Geometry {
	g := r.src.Geometry
	field := GeometryField
	if g == nil && r.c.m.Geometry >= 0 {
		if s := strings.TrimSpace(r.src.Cell(r.c.m.Geometry)); s != "" {
			var err error
			if g, err = ParseWKT(s); err != nil {
				r.failWKT(s, err)
				return nil
			}
		}
	}
	if g == nil {
		lon, lat := r.raw("lon"), r.raw("lat")
		if lon == "" && lat == "" {
			return nil
		}
		x, okx := r.number("lon")
		y, oky := r.number("lat")
		if !okx || !oky {
			if lon == "" {
				r.fail("lon", "", "required", nil)
			}
			if lat == "" {
				r.fail("lat", "", "required", nil)
			}
			return nil
		}
		g, field = orb.Point{x, y}, "lon"
	}
	if mp, ok := g.(orb.MultiPoint); ok && len(mp) == 1 {
		g = mp[0]
	}
	if !geometryFits(class, g) {
		r.fail(GeometryField, g.GeoJSONType(), "geometry_type", map[string]string{"Allowed": allowedGeometry[class]})
		return nil
	}
	if !r.c.fromWGS84 {
		out, err := r.c.proj.Apply(g)
		if err != nil {
			r.fail(field, "", ruleReproject, map[string]string{"CRS": abbreviate(r.c.crs)})
			return nil
		}
		g = out
	}
	return r.checked(field, g)
}

func geometryFits(class domain.Class, g orb.Geometry) bool {
	switch g.(type) {
	case orb.Point:
		return class == domain.Lamps || class == domain.SewerFacilities || class == domain.GreenAreas
	case orb.Polygon, orb.MultiPolygon:
		return class == domain.GreenAreas || class == domain.Roads
	case orb.LineString, orb.MultiLineString:
		return class == domain.SewerPipes || class == domain.Roads
	}
	return false
}

func (r *row) project() domain.Project {
	p := domain.Project{
		Code:          r.str("code"),
		Year:          r.year("year"),
		Name:          r.str("name"),
		Unit:          r.str("unit"),
		FunctionCode:  r.str("function_code"),
		Goal:          r.str("goal"),
		Result:        r.str("result"),
		Problems:      r.str("problems"),
		NextSteps:     r.str("next_steps"),
		Summary:       r.str("summary"),
		Disclosed:     r.boolean("disclosed", true),
		PreAssessed:   r.boolean("pre_assessed", false),
		Monitored:     r.boolean("monitored", false),
		SelfEvaluated: r.boolean("self_evaluated", false),
	}
	var fiscalGiven, otherGiven bool
	p.Budget, _ = r.money("budget")
	p.FiscalBudget, fiscalGiven = r.money("fiscal_budget")
	p.OtherBudget, otherGiven = r.money("other_budget")
	// The split defaults to all fiscal: what a budget without a split means.
	switch {
	case !fiscalGiven && !otherGiven:
		p.FiscalBudget = p.Budget
	case !fiscalGiven:
		p.FiscalBudget = p.Budget - p.OtherBudget
	case !otherGiven:
		p.OtherBudget = p.Budget - p.FiscalBudget
	}
	return p
}

func (r *row) indicator() domain.Indicator {
	in := domain.Indicator{
		ProjectCode: r.str("project_code"),
		Year:        r.year("year"),
		Position:    r.integer("position"),
		Level1:      r.str("level1"),
		Level2:      r.str("level2"),
		Level3:      r.str("level3"),
		Target:      r.str("target"),
		Actual:      r.str("actual"),
		Binding:     r.str("binding"),
	}
	key := in.ProjectCode + "\x00" + strconv.Itoa(in.Year)
	if r.c.positions == nil {
		r.c.positions = map[string]int{}
	}
	if in.Position == 0 {
		in.Position = r.c.positions[key] + 1
	}
	if in.Position > r.c.positions[key] {
		r.c.positions[key] = in.Position
	}
	return in
}

func (r *row) record() domain.Record {
	rec := domain.Record{
		Date:         r.date("date"),
		AssetCode:    r.str("asset_code"),
		ProjectCode:  r.str("project_code"),
		Funding:      r.enum("funding", domain.Fundings),
		WorkType:     r.enum("work_type", domain.WorkTypes),
		QuantityUnit: r.enum("quantity_unit", domain.QuantityUnits),
		Contractor:   r.str("contractor"),
		Note:         r.str("note"),
		CaseNo:       r.str("case_no"),
	}
	if v := r.str("asset_class"); v != "" {
		c, ok := ParseAssetClass(v)
		if !ok {
			r.fail("asset_class", v, "enum", map[string]string{"Allowed": strings.Join(classNames(), "、")})
		}
		rec.AssetClass = c
	}
	if rec.Funding == "" {
		rec.Funding = domain.FundFiscal
	}
	rec.Quantity, _ = r.number("quantity")
	rec.Cost, _ = r.money("cost")
	// ImportKey is left to the store, which derives it from the content the
	// same way for every path a record can come in by.
	return rec
}

func (r *row) settings() domain.YearSettings {
	s := domain.YearSettings{Year: r.year("year"), Closed: r.boolean("closed", false), Notes: map[string]string{}}
	for _, k := range domain.SettingKeys {
		if k.Kind == domain.SettingMoney {
			// Money cells read as every other amount of an import (thousands separators…).
			if v, ok := r.money(k.Key); ok {
				if fe := s.Set(k.Key, v.Yuan()); fe != nil {
					fe.Value = r.str(k.Key)
					r.add(*fe)
				}
			}
			continue
		}
		if v := r.str(k.Key); v != "" {
			if fe := s.Set(k.Key, v); fe != nil {
				r.add(*fe)
			}
		}
	}
	return s
}

// Merge appends src's items and row numbers to dst (the demo loads many files in one batch).
func Merge(dst, src *domain.Batch) {
	dst.Units = append(dst.Units, src.Units...)
	dst.Assets = append(dst.Assets, src.Assets...)
	dst.Projects = append(dst.Projects, src.Projects...)
	dst.Indicators = append(dst.Indicators, src.Indicators...)
	dst.Records = append(dst.Records, src.Records...)
	dst.Settings = append(dst.Settings, src.Settings...)
	dst.Cases = append(dst.Cases, src.Cases...)
	if src.CaseColumns != nil {
		dst.CaseColumns = src.CaseColumns
	}
	if dst.Rows == nil {
		dst.Rows = map[string][]int{}
	}
	for k, v := range src.Rows {
		dst.Rows[k] = append(dst.Rows[k], v...)
	}
}

// abbreviate keeps a long cell (a WKT polygon, a .prj) readable in a message.
func abbreviate(s string) string {
	const max = 60
	if r := []rune(s); len(r) > max {
		return string(r[:max]) + "…"
	}
	return s
}
