package exchange

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"cityledger/domain"
	"cityledger/domain/geo"
	"cityledger/domain/i18n"
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
	Layout  *Layout
	Mapping *Mapping
	// Notices say what was passed over: title rows above the header, 合计 rows, blank rows.
	Notices []Notice
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

// Convert turns a table's rows into typed values of layout l. It fails (with a
// KindInvalid domain error) only when the table cannot be converted at all: a
// --map naming a missing column, an identifying column (a class's code) that is
// absent and not set, an unknown CRS, a header row the file does not have. Bad cells
// are reported in Result.Errors instead.
//
// The rows are partial updates (DESIGN.md "Import semantics"): the batch names the
// fields that have a column or a --set value, and only those; a field without a column
// keeps its stored value, an empty cell clears it.
//
// The header is the row among the first ones whose cells name the most fields (a title
// row and blank rows above it are passed over), or o.HeaderRow; rows that are a
// spreadsheet's totals (合计, 小计) are passed over with a notice.
func Convert(l *Layout, t *Table, o Options) (*Result, error) {
	// A table read whole (the import wizard's) chooses its header among all its rows
	// as read, whatever row it shows as the header now.
	var notices []Notice
	if t.Format == "csv" || t.Format == "xlsx" {
		hr := o.HeaderRow
		if hr == 0 {
			hr = DetectHeaderRow(t, l)
		}
		if hr != 0 && hr != t.HeaderNum {
			if _, ok := t.UseHeaderRow(hr); !ok {
				return nil, domain.Errorf(domain.KindInvalid, "exchange.err.header_row", map[string]any{"Row": hr})
			}
		}
		notices = aboveHeader(t)
	}
	return convert(l, t.Source(), o, notices)
}

// ConvertSource is Convert reading the rows one at a time from src, so that a file
// need not be held whole: only the converted batch is. A row src cannot read (a line
// beyond the limits, a broken file) fails the whole conversion. The header is looked
// for among the first rows read (see findHeader).
func ConvertSource(l *Layout, src *Source, o Options) (*Result, error) {
	var notices []Notice
	if src.Format == "csv" || src.Format == "xlsx" {
		var err error
		if src, notices, err = findHeader(src, l, o.HeaderRow); err != nil {
			return nil, err
		}
	}
	return convert(l, src, o, notices)
}

// convert converts src, whose header is decided, adding notices to the result's.
func convert(l *Layout, src *Source, o Options, notices []Notice) (*Result, error) {
	m, err := NewMapping(l, src.Header, o)
	if err != nil {
		return nil, err
	}
	// A file without rows (an empty register's export) names no columns to miss.
	if missing := m.missingKeys(o); len(missing) > 0 {
		var first []Row
		if first, src, err = peekRows(src, 1); err != nil {
			return nil, err
		}
		if len(first) > 0 {
			var fe []domain.FieldError
			for _, f := range missing {
				fe = append(fe, domain.FieldError{Field: f, Rule: "missing_column"})
			}
			return nil, domain.Invalid(fe...)
		}
	}
	if err := checkSetValues(o); err != nil {
		return nil, err
	}
	c := &converter{l: l, m: m, o: o, sizeHint: src.SizeHint, present: map[string]bool{}}
	fields := m.present(o, src.Format)
	if l.Geometric() && slices.Contains(fields, GeometryField) {
		// A missing length or area is measured from the geometry the file brings.
		for _, k := range []string{"length_m", "area_m2"} {
			if f, ok := l.Class.Field(k); ok && f.Column == k && !slices.Contains(fields, k) {
				fields = append(fields, k)
			}
		}
	}
	for _, f := range fields {
		c.present[f] = true
	}
	if l.Geometric() {
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
	res := &Result{Kind: l.Kind, Layout: l, Mapping: m, Batch: &domain.Batch{
		Rows: map[string][]int{}, SkipInvalid: o.SkipInvalid, DryRun: o.DryRun, Source: o.Source, Progress: o.Progress,
		Overwrite: o.Overwrite, Seen: o.Seen,
	}}
	c.res = res
	n := src.SizeHint
	c.seen = make(map[string]int, n)
	// Sized up front: an Asset is large, and growing a 100,000-item slice copies it ~20 times.
	switch b := res.Batch; {
	case l.Kind == Units:
		b.Units = make([]domain.Unit, 0, n)
		b.UnitFields = fields
	case l.Class != nil:
		b.Assets = make([]domain.Asset, 0, n)
		b.AssetFields = map[domain.Class][]string{l.Class.Key: fields}
	case l.Kind == Projects:
		b.Projects = make([]domain.Project, 0, n)
		b.ProjectFields = fields
	case l.Kind == Indicators:
		b.Indicators = make([]domain.Indicator, 0, n)
		b.IndicatorFields = fields
	case l.Kind == Maintenance:
		b.Records = make([]domain.Record, 0, n)
	case l.Kind == YearSettings:
		b.SettingsFields = fields
	case l.Kind == Cases:
		if err := c.caseSetup(src); err != nil {
			return nil, err
		}
	}
	if l.Kind == Cases {
		if err := c.convertCases(src); err != nil {
			return nil, err
		}
		res.Notices = notices
		return res, nil
	}
	var totals, blanks []int
	prev := src.HeaderNum
	for {
		row, err := src.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if prev > 0 {
			for k := prev + 1; k < row.Num; k++ {
				blanks = append(blanks, k)
			}
		}
		prev = row.Num
		if isTotalRow(row.Cells) {
			totals = append(totals, row.Num)
			continue
		}
		res.Rows++
		if c.refuseRow(&row) {
			continue
		}
		c.convertRow(&row)
	}
	if len(totals) > 0 {
		notices = append(notices, Notice{Code: "exchange.notice.total_rows", Params: map[string]any{"Rows": rowList(totals)}})
	}
	if len(blanks) > 0 && (src.Format == "csv" || src.Format == "xlsx") {
		notices = append(notices, Notice{Code: "exchange.notice.blank_rows", Params: map[string]any{"Rows": rowList(blanks)}})
	}
	res.Notices = notices
	return res, nil
}

// isTotalRow reports a spreadsheet's total line: a cell that reads 合计, 小计 or 总计.
func isTotalRow(cells []string) bool {
	for _, c := range cells {
		t := strings.Map(func(r rune) rune {
			if r == ' ' || r == '\u3000' || r == ':' || r == '：' {
				return -1
			}
			return r
		}, c)
		switch t {
		case "合计", "小计", "总计", "总合计", "本页合计":
			return true
		}
	}
	return false
}

// rowList writes row numbers the Chinese way, runs shortened: "1–3、7".
func rowList(rows []int) string {
	var parts []string
	for i := 0; i < len(rows); {
		j := i
		for j+1 < len(rows) && rows[j+1] == rows[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, strconv.Itoa(rows[i])+"–"+strconv.Itoa(rows[j]))
		} else {
			parts = append(parts, strconv.Itoa(rows[i]))
		}
		i = j + 1
		if len(parts) == 20 && i < len(rows) {
			parts = append(parts, "…")
			break
		}
	}
	return strings.Join(parts, "、")
}

// Notice is something an import passed over or decided, worded from the catalogue.
type Notice struct {
	Code   string
	Params map[string]any
}

// Render is the notice in lang.
func (n Notice) Render(lang i18n.Lang) string {
	p := map[string]any{}
	for k, v := range n.Params {
		if s, ok := v.(string); ok && k == "Rows" && lang != i18n.ZH {
			v = strings.ReplaceAll(s, "、", ", ")
		}
		p[k] = v
	}
	return i18n.T(lang, n.Code, p)
}

type converter struct {
	l *Layout
	m *Mapping
	// present are the fields the import sets (see Mapping.present).
	present   map[string]bool
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
	switch k := c.l.Kind; {
	case k == Units:
		u := r.unit()
		if r.keep(RowsUnits, "name", "duplicate_unit", u.Validate(), "u\x00"+u.Name, "u\x00"+u.ShortName) {
			b.Units = append(b.Units, u)
		}
	case c.l.Class != nil:
		a := r.asset()
		if r.keep(RowsAssets, "code", "duplicate_code", c.l.Class.Validate(&a), "a\x00"+a.Code) {
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
// into the batch. A broken rule of a field the file has no column for is the
// store's to judge, on the stored row the import updates.
func (r *row) keep(rowsKey, dupField, dupRule string, validation error, uniq ...string) bool {
	for _, fe := range domain.FieldErrors(validation) {
		if r.c.l.Kind == Projects && fe.Field == "project_code" {
			fe.Field = "code"
		}
		if !r.c.reads(fe.Field) {
			continue
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

// reads reports whether the import sets field (or, for a rule across fields, one the
// rule is about): records are whole rows, so every rule applies to them.
func (c *converter) reads(field string) bool {
	if c.l.Kind == Maintenance {
		return true
	}
	switch field {
	case GeometryField, "lon", "lat":
		return c.present[GeometryField] || c.present["lon"] || c.present["lat"]
	case "status":
		return c.present["status"] || c.present["disposal_date"]
	case "disposal_date":
		return c.present["disposal_date"] || c.present["status"]
	case "budget":
		return c.present["budget"] || c.present["fiscal_budget"] || c.present["other_budget"]
	}
	if strings.HasPrefix(field, "note_") {
		return c.present[field]
	}
	return c.present[field]
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
	if v == "" && r.c.present[field] {
		if f, ok := r.c.l.Field(field); ok && f.Required {
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

// asset reads the fields the import sets into an asset of the layout's class: each
// cell by its declared type (one reader per type, below), the geometry from the
// format, a WKT column or lon/lat columns.
func (r *row) asset() domain.Asset {
	def := r.c.l.Class
	a := domain.Asset{Class: def.Key}
	for i := range r.c.l.Fields {
		f := &r.c.l.Fields[i]
		if f.typ == tCoord || !r.c.present[f.Key] {
			continue
		}
		a.SetValue(f.Decl, r.value(f))
	}
	if !def.Geometric() || !r.c.present[GeometryField] {
		return a
	}
	a.Geometry = r.geometry(def)
	if a.Geometry == nil {
		return a
	}
	a.GeomLengthM = geo.Length(a.Geometry)
	a.GeomAreaM2 = geo.Area(a.Geometry)
	if f, ok := def.Field("length_m"); ok && f.Column == "length_m" {
		a.LengthM = r.measured("length_m", a.LengthM, r.raw("length_m") != "", a.GeomLengthM, "m")
	}
	if f, ok := def.Field("area_m2"); ok && f.Column == "area_m2" && def.Geometry != domain.GeometryPoint {
		a.AreaM2 = r.measured("area_m2", a.AreaM2, r.raw("area_m2") != "", a.GeomAreaM2, "㎡")
	}
	return a
}

// value reads a declared field's cell: nil when empty, else the typed value (see
// ParseValue). A cell that does not read is a broken rule of the field.
func (r *row) value(f *Field) any {
	v := r.str(f.Key)
	if v == "" {
		return nil
	}
	out, fe := parseCell(*f, v, r.c.o.DateFormat)
	if fe != nil {
		r.add(*fe)
		return nil
	}
	return out
}

// ParseValue reads the text a person typed or a cell held into a declared field's typed
// value (Asset.Value says which Go type each field type has): nil for empty text, else
// the value, or the broken rule of the field, named by its declared label. Forms, bulk
// edits and imports all read values through it. dateLayout is a Go layout for dates
// not in YYYY-MM-DD ("" for none).
func ParseValue(d *domain.Field, s, dateLayout string) (any, *domain.FieldError) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	return parseCell(classField(d), s, dateLayout)
}

// parseCell is ParseValue on a column; one reader per type.
func parseCell(f Field, v, dateLayout string) (any, *domain.FieldError) {
	bad := func(rule string, params map[string]string) (any, *domain.FieldError) {
		fe := domain.FieldError{Field: f.Key, Value: v, Rule: rule, Params: params}
		if f.Decl != nil && !f.Decl.Common {
			l := f.Decl.Label
			fe.Label = &l
		}
		return nil, &fe
	}
	switch f.typ {
	case tEnum:
		if f.Decl != nil {
			if ev, ok := f.Decl.EnumValue(v); ok {
				return ev.Value, nil
			}
		}
		out, ok := EnumValue(v, f.Allowed)
		if !ok {
			return bad("enum", map[string]string{"Allowed": strings.Join(f.Allowed, "、")})
		}
		return out, nil
	case tBool:
		if b, ok := ParseBool(v); ok {
			return b, nil
		}
		if e, ok := EnumValue(v, []string{"是", "否"}); ok {
			return e == "是", nil
		}
		return bad("bool", nil)
	case tDate:
		d, fe := domain.ParseDate(f.Key, v, dateLayout)
		if fe != nil {
			return bad(fe.Rule, fe.Params)
		}
		return d, nil
	case tMoney:
		m, fe := domain.ParseAmount(f.Key, v)
		if fe != nil {
			return bad(fe.Rule, fe.Params)
		}
		return m, nil
	case tFloat, tCoord:
		n, ok := ParseNumber(v)
		if !ok {
			return bad(numberRule(v, "number"), nil)
		}
		return n, nil
	case tInt:
		n, ok := ParseInt(v)
		if !ok {
			return bad(numberRule(v, "integer"), nil)
		}
		return int64(n), nil
	}
	return v, nil
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
func (r *row) geometry(def *domain.ClassDef) orb.Geometry {
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
	if !slices.Contains(def.GeometryTypes(), g.GeoJSONType()) {
		r.fail(GeometryField, g.GeoJSONType(), "geometry_type", map[string]string{"Allowed": allowedGeometry(def)})
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
	fiscalGiven = fiscalGiven || r.c.present["fiscal_budget"]
	otherGiven = otherGiven || r.c.present["other_budget"]
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
		c, ok := ParseAssetClass(r.c.l.Catalogue, v)
		if !ok {
			r.fail("asset_class", v, "enum", map[string]string{"Allowed": strings.Join(r.c.l.Catalogue.Names(), "、")})
			c = domain.Class(v)
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
	if src.AssetFields != nil {
		if dst.AssetFields == nil {
			dst.AssetFields = map[domain.Class][]string{}
		}
		for c, f := range src.AssetFields {
			dst.AssetFields[c] = f
		}
	}
	if src.UnitFields != nil {
		dst.UnitFields = src.UnitFields
	}
	if src.ProjectFields != nil {
		dst.ProjectFields = src.ProjectFields
	}
	if src.IndicatorFields != nil {
		dst.IndicatorFields = src.IndicatorFields
	}
	if src.SettingsFields != nil {
		dst.SettingsFields = src.SettingsFields
	}
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
