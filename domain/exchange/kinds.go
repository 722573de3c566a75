// Package exchange reads and writes CityLedger's import and export formats:
// CSV, XLSX, GeoJSON and Shapefile (import only), in the columns of DESIGN.md's
// "Import formats" table.
//
// Import is a pipeline: a file becomes a Table (header, string cells and an
// optional geometry per row), a Mapping ties the table's columns to a kind's
// fields, Convert turns every row into a typed domain value or into
// FieldErrors that name the row as a person counts it, and Import hands the
// resulting domain.Batch to Store.Import in one transaction. Export and
// Template write the same columns back out, so an export reads back in.
package exchange

import (
	"strings"

	"cityledger/domain"
	"cityledger/domain/i18n"
)

// Kind is what a file holds: an asset class key (any class of the catalogue, by key or
// Chinese name) or one of the other registers.
type Kind string

// The registers that are not asset classes.
const (
	Units        Kind = "units"
	Projects     Kind = "projects"
	Indicators   Kind = "indicators"
	Maintenance  Kind = "maintenance"
	YearSettings Kind = "year-settings"
)

// The built-in asset classes' kinds, named where code refers to one.
const (
	Vehicles        Kind = Kind(domain.Vehicles)
	Lamps           Kind = Kind(domain.Lamps)
	GreenAreas      Kind = Kind(domain.GreenAreas)
	SewerPipes      Kind = Kind(domain.SewerPipes)
	SewerFacilities Kind = Kind(domain.SewerFacilities)
	Roads           Kind = Kind(domain.Roads)
)

var entityKinds = []Kind{Units, Cases, Projects, Indicators, Maintenance, YearSettings}

var kindChinese = map[Kind]string{
	Units: "预算单位", Projects: "预算项目", Indicators: "绩效指标", Maintenance: "维修养护", YearSettings: "年度设置",
}

// Kinds lists every kind of a catalogue in the order a whole district must be loaded:
// what a row refers to comes before it (units, the classes, cases — they refer to
// assets and records refer to them —, projects, indicators, records, settings).
func Kinds(cat *domain.Catalogue) []Kind {
	out := []Kind{Units}
	for _, c := range cat.Keys() {
		out = append(out, Kind(c))
	}
	return append(out, Cases, Projects, Indicators, Maintenance, YearSettings)
}

// ParseKind accepts a kind key or its Chinese name, a class's English name too.
func ParseKind(cat *domain.Catalogue, s string) (Kind, bool) {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, k := range entityKinds {
		if string(k) == t || kindChinese[k] == strings.TrimSpace(s) {
			return k, true
		}
	}
	if d, ok := cat.Find(s); ok {
		return Kind(d.Key), true
	}
	return "", false
}

// cellType says how a field's cells are read.
type cellType int

const (
	tText cellType = iota
	tEnum
	tBool
	tDate
	tMoney
	tFloat
	tInt
	tYear
	tClass
	tCoord
)

// Field is one column of a kind's format.
type Field struct {
	Key      string // the English header and the FieldError's Field
	Chinese  string // the Chinese header the template writes
	Required bool
	// Allowed lists the values an enumerated field takes (是/否 for yes/no fields).
	Allowed []string
	// Decl is the class's declaration of the field (nil for the other registers).
	Decl *domain.Field
	typ  cellType
	// hint is the catalogue key of what the template says the column takes, when the
	// cell type alone does not say it.
	hint string
}

// Aliases are the field's other headers (its English label, 管材 for material…).
func (f Field) Aliases() []string {
	if f.Decl == nil {
		return nil
	}
	return append([]string{f.Decl.Label.ZH, f.Decl.Label.EN}, f.Decl.Aliases...)
}

// Numeric reports whether the field holds numbers (exports write them as numbers).
func (f Field) Numeric() bool {
	switch f.typ {
	case tMoney, tFloat, tInt, tYear, tCoord:
		return true
	}
	return false
}

func text(key, zh string) Field              { return Field{Key: key, Chinese: zh} }
func req(f Field) Field                      { f.Required = true; return f }
func typed(key, zh string, t cellType) Field { return Field{Key: key, Chinese: zh, typ: t} }
func enumOf(key, zh string, v []string) Field {
	return Field{Key: key, Chinese: zh, Allowed: v, typ: tEnum}
}
func yesNo(key, zh string) Field {
	return Field{Key: key, Chinese: zh, Allowed: []string{"是", "否"}, typ: tBool}
}

var entityFields = map[Kind][]Field{
	Units: {
		req(text("name", "单位名称")), req(text("short_name", "简称")), text("parent", "上级单位"),
		yesNo("independent_accounting", "独立核算"),
	},
	Projects: {
		req(text("code", "项目编码")), req(typed("year", "年度", tYear)), req(text("name", "项目名称")),
		req(text("unit", "预算单位")), text("function_code", "功能分类"), req(typed("budget", "预算数", tMoney)),
		typed("fiscal_budget", "财政拨款", tMoney), typed("other_budget", "其他资金", tMoney),
		text("goal", "预期目标"), text("result", "实际完成目标"), text("problems", "主要问题"),
		text("next_steps", "改进措施"), text("summary", "综述"), yesNo("disclosed", "是否公开"),
		yesNo("pre_assessed", "事前绩效评估"), yesNo("monitored", "绩效监控"), yesNo("self_evaluated", "绩效自评"),
	},
	Indicators: {
		req(text("project_code", "项目编码")), req(typed("year", "年度", tYear)), typed("position", "序号", tInt),
		req(text("level1", "一级指标")), text("level2", "二级指标"), req(text("level3", "三级指标")),
		text("target", "预期指标值"), text("actual", "实际完成值"), text("binding", "取数规则"),
	},
	Maintenance: {
		req(typed("date", "日期", tDate)), {Key: "asset_class", Chinese: "资产类别", typ: tClass},
		text("asset_code", "资产编号"), text("project_code", "项目编码"),
		enumOf("funding", "资金来源", domain.Fundings), req(enumOf("work_type", "作业类型", domain.WorkTypes)),
		typed("quantity", "数量", tFloat), enumOf("quantity_unit", "计量单位", domain.QuantityUnits),
		req(typed("cost", "金额", tMoney)), text("contractor", "作业单位"), text("note", "备注"),
	},
	YearSettings: yearSettingsFields(),
}

// keyFields are what identifies a row of a kind: a file without their columns cannot
// be matched against the register, so it is refused as a whole.
var keyFields = map[Kind][]string{
	Units: {"name"}, Projects: {"code", "year"}, Indicators: {"project_code", "year"}, YearSettings: {"year"},
}

// Layout is a kind's format: its columns in the order templates and exports write
// them, and for an asset class its declaration.
type Layout struct {
	Kind   Kind
	Class  *domain.ClassDef // nil for units, projects and the other registers
	Fields []Field
	// Classes lists the catalogue's class names, what asset_class cells may hold.
	Catalogue *domain.Catalogue
}

// LayoutOf is kind k's format in catalogue cat; false when k is no kind of it.
func LayoutOf(cat *domain.Catalogue, k Kind) (*Layout, bool) {
	if fs, ok := entityFields[k]; ok {
		l := &Layout{Kind: k, Fields: append([]Field(nil), fs...), Catalogue: cat}
		for i := range l.Fields {
			if l.Fields[i].typ == tClass {
				l.Fields[i].Allowed = cat.Names()
			}
		}
		return l, true
	}
	def, ok := cat.Class(domain.Class(k))
	if !ok {
		return nil, false
	}
	l := &Layout{Kind: k, Class: def, Catalogue: cat}
	for i := range def.Fields {
		l.Fields = append(l.Fields, classField(&def.Fields[i]))
	}
	return l, true
}

// classField is a declared field as a column of files.
func classField(d *domain.Field) Field {
	f := Field{Key: d.Key, Chinese: d.ChineseHeader(), Required: d.Required, Decl: d}
	switch d.Type {
	case domain.TypeEnum:
		f.typ, f.Allowed = tEnum, d.AllowedValues()
	case domain.TypeYesNo:
		f.typ, f.Allowed = tBool, []string{"是", "否"}
	case domain.TypeDate:
		f.typ = tDate
	case domain.TypeMoney:
		f.typ = tMoney
	case domain.TypeDecimal:
		f.typ = tFloat
	case domain.TypeInteger:
		f.typ = tInt
	case domain.TypeCoord:
		f.typ = tCoord
	}
	return f
}

// Chinese is the kind's name on the bureau's forms (路灯, 预算项目…).
func (l *Layout) Chinese() string {
	if l.Class != nil {
		return l.Class.Name.ZH
	}
	return kindChinese[l.Kind]
}

// Title is the kind's name in lang.
func (l *Layout) Title(lang i18n.Lang) string {
	if l.Class != nil {
		return l.Class.Title(lang)
	}
	return i18n.T(lang, "entity."+string(l.Kind), nil)
}

// Field returns the layout's field of that key.
func (l *Layout) Field(key string) (Field, bool) {
	for _, f := range l.Fields {
		if f.Key == key {
			return f, true
		}
	}
	return Field{}, false
}

// Geometric reports whether rows of the kind may carry a geometry.
func (l *Layout) Geometric() bool { return l.Class != nil && l.Class.Geometric() }

// PointColumns reports whether a tabular file gives the geometry as lon/lat columns.
func (l *Layout) PointColumns() bool { return l.Class != nil && l.Class.PointColumns() }

// GeometryField is the pseudo-field a WKT column maps to (--map geometry=COL).
const GeometryField = domain.GeometryField

// wktColumnNames are the headers recognised as a WKT geometry column.
var wktColumnNames = []string{"geometry", "wkt", "geom", "the_geom", "shape", "几何", "几何图形"}

// allowedGeometry names the geometry types a class takes, for messages.
func allowedGeometry(d *domain.ClassDef) string { return strings.Join(d.GeometryTypes(), ", ") }
