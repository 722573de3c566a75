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
)

// Kind is what a file holds: an asset class key or one of the other registers.
type Kind string

const (
	Units           Kind = "units"
	Vehicles        Kind = Kind(domain.Vehicles)
	Lamps           Kind = Kind(domain.Lamps)
	GreenAreas      Kind = Kind(domain.GreenAreas)
	SewerPipes      Kind = Kind(domain.SewerPipes)
	SewerFacilities Kind = Kind(domain.SewerFacilities)
	Roads           Kind = Kind(domain.Roads)
	Projects        Kind = "projects"
	Indicators      Kind = "indicators"
	Maintenance     Kind = "maintenance"
	YearSettings    Kind = "year-settings"
)

// Kinds lists every kind in the order a whole district must be loaded: what a
// row refers to comes before it.
var Kinds = []Kind{Units, Vehicles, Lamps, GreenAreas, SewerPipes, SewerFacilities, Roads,
	Projects, Indicators, Maintenance, YearSettings}

var kindChinese = map[Kind]string{
	Units: "预算单位", Vehicles: "车辆", Lamps: "路灯", GreenAreas: "绿地", SewerPipes: "排水管道",
	SewerFacilities: "排水设施", Roads: "道路", Projects: "预算项目", Indicators: "绩效指标",
	Maintenance: "维修养护", YearSettings: "年度设置",
}

// Chinese is the kind's name on the bureau's forms (路灯, 预算项目…).
func (k Kind) Chinese() string { return kindChinese[k] }

// Class is the asset class the kind holds, "" for units, projects and the rest.
func (k Kind) Class() domain.Class {
	if c := domain.Class(k); c.Valid() {
		return c
	}
	return ""
}

// Geometric reports whether rows of the kind may carry a geometry.
func (k Kind) Geometric() bool { return k.Class() != "" && k != Vehicles }

// ParseKind accepts a kind key or its Chinese name.
func ParseKind(s string) (Kind, bool) {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, k := range Kinds {
		if string(k) == t || k.Chinese() == t {
			return k, true
		}
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
	typ     cellType
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

// assetTail are the columns every asset class ends with.
func assetTail(startZh string) []Field {
	return []Field{
		typed("start_date", startZh, tDate),
		typed("original_value", "原值", tMoney),
		enumOf("status", "状态", domain.Statuses),
		typed("disposal_date", "处置日期", tDate),
		text("note", "备注"),
	}
}

func classNames() []string {
	var out []string
	for _, c := range domain.Classes {
		out = append(out, c.Chinese())
	}
	return out
}

var kindFields = map[Kind][]Field{
	Units: {
		req(text("name", "单位名称")), req(text("short_name", "简称")), text("parent", "上级单位"),
		yesNo("independent_accounting", "独立核算"),
	},
	Vehicles: append([]Field{
		req(text("code", "编号")), text("plate", "车牌号"), req(text("unit", "所属单位")),
		req(enumOf("use_category", "使用类别", domain.UseCategories)),
		req(enumOf("body_type", "车型", domain.BodyTypes)), yesNo("official", "公务用车"),
	}, assetTail("购置日期")...),
	Lamps: append([]Field{
		req(text("code", "编号")), req(enumOf("type", "类型", domain.KindsOf[domain.Lamps])),
		text("road", "所在道路"), typed("power_w", "功率", tFloat), typed("pole_height_m", "杆高", tFloat),
		req(text("unit", "所属单位")), typed("lon", "经度", tCoord), typed("lat", "纬度", tCoord),
	}, assetTail("安装日期")...),
	GreenAreas: append([]Field{
		req(text("code", "编号")), text("name", "名称"),
		req(enumOf("type", "类型", domain.KindsOf[domain.GreenAreas])), typed("area_m2", "面积", tFloat),
		req(text("unit", "所属单位")),
	}, assetTail("种植日期")...),
	SewerPipes: append([]Field{
		req(text("code", "编号")), req(enumOf("kind", "类别", domain.KindsOf[domain.SewerPipes])),
		text("material", "材质"), typed("diameter_mm", "管径", tInt), typed("length_m", "长度", tFloat),
		req(text("unit", "所属单位")),
	}, assetTail("建成日期")...),
	SewerFacilities: append([]Field{
		req(text("code", "编号")), text("name", "名称"),
		req(enumOf("kind", "类别", domain.KindsOf[domain.SewerFacilities])), text("capacity", "规模"),
		req(text("unit", "所属单位")), typed("lon", "经度", tCoord), typed("lat", "纬度", tCoord),
	}, assetTail("建成日期")...),
	Roads: append([]Field{
		req(text("code", "编号")), text("name", "名称"),
		req(enumOf("kind", "类别", domain.KindsOf[domain.Roads])), typed("area_m2", "面积", tFloat),
		typed("length_m", "长度", tFloat), req(text("unit", "所属单位")),
	}, assetTail("建成日期")...),
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
		req(typed("date", "日期", tDate)), {Key: "asset_class", Chinese: "资产类别", Allowed: classNames(), typ: tClass},
		text("asset_code", "资产编号"), text("project_code", "项目编码"),
		enumOf("funding", "资金来源", domain.Fundings), req(enumOf("work_type", "作业类型", domain.WorkTypes)),
		typed("quantity", "数量", tFloat), enumOf("quantity_unit", "计量单位", domain.QuantityUnits),
		req(typed("cost", "金额", tMoney)), text("contractor", "作业单位"), text("note", "备注"),
	},
	YearSettings: yearSettingsFields(),
}

// Fields lists the kind's columns in the order templates and exports write them.
func (k Kind) Fields() []Field { return kindFields[k] }

// Field returns the kind's field of that key.
func (k Kind) Field(key string) (Field, bool) {
	for _, f := range kindFields[k] {
		if f.Key == key {
			return f, true
		}
	}
	return Field{}, false
}

// GeometryField is the pseudo-field a WKT column maps to (--map geometry=COL).
const GeometryField = "geometry"

// wktColumnNames are the headers recognised as a WKT geometry column.
var wktColumnNames = []string{"geometry", "wkt", "geom", "the_geom", "shape", "几何", "几何图形"}

// allowedGeometry names the geometry types a class takes, for the message.
var allowedGeometry = map[domain.Class]string{
	domain.Lamps:           "Point",
	domain.SewerFacilities: "Point",
	domain.GreenAreas:      "Polygon, MultiPolygon, Point",
	domain.SewerPipes:      "LineString, MultiLineString",
	domain.Roads:           "LineString, MultiLineString, Polygon, MultiPolygon",
}
