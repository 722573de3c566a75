package domain

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"cityledger/assets"
	"cityledger/domain/i18n"
)

// The asset catalogue: every register is an asset class declared as data (DESIGN.md
// "Asset classes"). A class declaration lists its fields once; forms, register columns,
// imports, exports, templates, the map and the report all iterate that list, so adding
// a class or a field is one declaration plus its translations.
//
// The built-in classes come from assets/catalogue/builtin.json, their labels from the
// message catalogue (class.KEY, field.KEY, enum.VALUE). A database adds the user's own
// classes and the fields users added to built-in ones (stored by the store, shared over
// PostgreSQL); Catalogue is the merged result that callers get from Store.Catalogue.

// FieldType is how a field's values are typed, entered and stored.
type FieldType string

// The field types a user may declare (`ledgerctl classes add --field KEY:TYPE`).
const (
	TypeText    FieldType = "text"
	TypeInteger FieldType = "integer"
	TypeDecimal FieldType = "decimal" // with an optional unit: decimal(mm)
	TypeDate    FieldType = "date"
	TypeYesNo   FieldType = "yes-no"
	TypeEnum    FieldType = "enum"
)

// Types only the built-in common fields have.
const (
	TypeMoney FieldType = "money" // 元 with two decimals, stored as Fen
	TypeUnit  FieldType = "unit"  // a budget unit by its short or full name
	TypeCoord FieldType = "coord" // lon / lat of a point geometry, not stored on its own
)

// UserFieldTypes are the types `classes add --field` and the settings screen offer.
var UserFieldTypes = []FieldType{TypeText, TypeInteger, TypeDecimal, TypeDate, TypeYesNo, TypeEnum}

// GeometryKind is what shape a class's assets have on the map.
type GeometryKind string

const (
	GeometryPoint   GeometryKind = "point"
	GeometryLine    GeometryKind = "line"
	GeometryPolygon GeometryKind = "polygon"
	GeometryAny     GeometryKind = "any"
	GeometryNone    GeometryKind = "none"
)

// GeometryKinds lists the kinds in the order forms offer them.
var GeometryKinds = []GeometryKind{GeometryPoint, GeometryLine, GeometryPolygon, GeometryAny, GeometryNone}

// joinCategories lists the accounting categories for a message.
func joinCategories() string {
	s := make([]string, len(AccountingCategories))
	for i, c := range AccountingCategories {
		s[i] = string(c)
	}
	return strings.Join(s, "、")
}

// ClassQuantityUnits are the units a class's quantity is counted or measured in.
var ClassQuantityUnits = []string{"辆", "盏", "㎡", "米", "个", "座", "块", "株", "台"}

// Measures: what the report states of a class (共有路灯950盏 / 排水管道61.92公里 / 绿地7000㎡).
const (
	MeasureCount  = "count"
	MeasureLength = "length"
	MeasureArea   = "area"
)

// Label is a name in both languages. It renders itself in a message's language.
type Label struct {
	ZH string `json:"zh"`
	EN string `json:"en,omitempty"`
}

// In is the label in lang; the Chinese one when there is no English.
func (l Label) In(lang i18n.Lang) string {
	if lang == i18n.EN && l.EN != "" {
		return l.EN
	}
	return l.ZH
}

// Localize implements i18n.Localized.
func (l Label) Localize(lang i18n.Lang) string { return l.In(lang) }

// EnumValue is one allowed value of an enumerated field: the stored Chinese value, its
// English rendering, the national component code it stands for (井盖's 上水井盖 is 0101,
// 路灯's 景观灯 0120) and other spellings an import accepts.
type EnumValue struct {
	Value   string   `json:"value"`
	EN      string   `json:"en,omitempty"`
	Code    string   `json:"code,omitempty"`
	Aliases []string `json:"aliases,omitempty"`
}

// In is the value as shown in lang.
func (v EnumValue) In(lang i18n.Lang) string {
	if lang == i18n.EN && v.EN != "" {
		return v.EN
	}
	return v.Value
}

// NationalCode is a component code of the city-management standards: 4 digits from the
// 2013-era list, 5 digits from the 2026 list, anything else a local code.
type NationalCode struct {
	Code string `json:"code"`
	Name string `json:"name,omitempty"`
}

// List names the code list a code comes from: "2013", "2026" or "local".
func (n NationalCode) List() string {
	switch {
	case isDigits(n.Code) && len(n.Code) == 4:
		return "2013"
	case isDigits(n.Code) && len(n.Code) == 5:
		return "2026"
	}
	return "local"
}

// Field is one declared field of a class.
type Field struct {
	Key   string `json:"key"`
	Label Label  `json:"label"`
	// Header is the Chinese column header a template writes when it differs from the
	// label (a vehicle's start date is its 购置日期).
	Header string    `json:"header,omitempty"`
	Type   FieldType `json:"type"`
	// Unit is a decimal's or integer's unit (mm, W, ㎡): shown beside entries and in
	// headers, and stripped from a header such as "管径(mm)" when matching.
	Unit     string      `json:"unit,omitempty"`
	Values   []EnumValue `json:"values,omitempty"`
	Required bool        `json:"required,omitempty"`
	// Aliases are the other headers an import recognises the field by (管材, 安装时间).
	Aliases []string `json:"aliases,omitempty"`
	// Column names the assets table's column a built-in field lives in; the fields of
	// user classes and the new built-in fields are stored as attributes.
	Column string `json:"column,omitempty"`
	// Kind marks the field stored in the kind column: the class's type, what the map
	// colours by and what a national code may hang on.
	Kind bool `json:"kind,omitempty"`
	// Report marks the fields the report reads: an import counts the rows whose
	// report-relevant fields change.
	Report bool `json:"report,omitempty"`
	// Common fields every class has (code, unit, status…); Builtin fields come from
	// the embedded catalogue and cannot be removed.
	Common  bool `json:"-"`
	Builtin bool `json:"-"`
}

// Name is the field's label in lang.
func (f *Field) Name(lang i18n.Lang) string {
	if f.Label.ZH == "" {
		return FieldName(lang, f.Key)
	}
	return f.Label.In(lang)
}

// ChineseHeader is the header a template writes.
func (f *Field) ChineseHeader() string {
	if f.Header != "" {
		return f.Header
	}
	return f.Label.ZH
}

// Stored reports whether the field holds a value of its own (lon and lat are parts of
// the geometry).
func (f *Field) Stored() bool { return f.Type != TypeCoord }

// Attribute reports whether the field is stored as an attribute rather than a column.
func (f *Field) Attribute() bool { return f.Column == "" && f.Stored() }

// Numeric reports whether the field's values are numbers.
func (f *Field) Numeric() bool {
	switch f.Type {
	case TypeInteger, TypeDecimal, TypeMoney, TypeCoord:
		return true
	}
	return false
}

// AllowedValues lists an enumeration's stored values (是/否 for yes-no fields).
func (f *Field) AllowedValues() []string {
	if f.Type == TypeYesNo {
		return []string{"是", "否"}
	}
	out := make([]string, len(f.Values))
	for i, v := range f.Values {
		out[i] = v.Value
	}
	return out
}

// EnumValue finds the allowed value s stands for: the value itself, its English
// rendering or one of its aliases (any case).
func (f *Field) EnumValue(s string) (EnumValue, bool) {
	s = strings.TrimSpace(s)
	for _, v := range f.Values {
		if v.Value == s {
			return v, true
		}
	}
	for _, v := range f.Values {
		if (v.EN != "" && strings.EqualFold(v.EN, s)) || containsFold(v.Aliases, s) {
			return v, true
		}
	}
	return EnumValue{}, false
}

// TypeSpec is the field's type as `classes add --field` writes it: decimal(mm), enum(A|B).
func (f *Field) TypeSpec() string {
	switch {
	case f.Type == TypeDecimal && f.Unit != "", f.Type == TypeInteger && f.Unit != "":
		return string(f.Type) + "(" + f.Unit + ")"
	case f.Type == TypeEnum:
		return "enum(" + strings.Join(f.AllowedValues(), "|") + ")"
	}
	return string(f.Type)
}

// ClassDef is one asset class: a register.
type ClassDef struct {
	Key      Class        `json:"key"`
	Name     Label        `json:"name"`
	Geometry GeometryKind `json:"geometry"`
	// Accepts lists GeoJSON geometry types the class takes beyond its own kind's (a
	// green area may be a single point, a road a polygon).
	Accepts []string `json:"accepts,omitempty"`
	// Measure is what the report states: count (default for points and none), length
	// (lines) or area (polygons).
	Measure string         `json:"measure,omitempty"`
	Codes   []NationalCode `json:"codes,omitempty"`
	// Category is the accounting category (通用设备, 专用设备, 房屋和构筑物, 公共基础设施, 其他).
	Category AccountingCategory `json:"category"`
	// QuantityUnit is what a quantity of the class is counted or measured in (盏, 米, ㎡…).
	QuantityUnit string `json:"quantity_unit"`
	// CountWord is the measure word of a count of assets (条 pipes, 处 green areas).
	CountWord string  `json:"count_word,omitempty"`
	Fields    []Field `json:"fields"`
	Builtin   bool    `json:"-"`
}

// Title is the class's name in lang.
func (d *ClassDef) Title(lang i18n.Lang) string { return d.Name.In(lang) }

// Field finds a field by key.
func (d *ClassDef) Field(key string) (*Field, bool) {
	for i := range d.Fields {
		if d.Fields[i].Key == key {
			return &d.Fields[i], true
		}
	}
	return nil, false
}

// KindField is the field stored in the kind column, nil when the class has none.
func (d *ClassDef) KindField() *Field {
	for i := range d.Fields {
		if d.Fields[i].Kind {
			return &d.Fields[i]
		}
	}
	return nil
}

// Geometric reports whether the class's assets may have a geometry.
func (d *ClassDef) Geometric() bool { return d.Geometry != GeometryNone && d.Geometry != "" }

// PointColumns reports whether a tabular file gives the class's geometry as lon/lat
// columns (point classes) rather than a WKT column.
func (d *ClassDef) PointColumns() bool {
	_, ok := d.Field("lon")
	return ok
}

// GeometryTypes lists the GeoJSON types the class's geometry may be.
func (d *ClassDef) GeometryTypes() []string {
	var out []string
	switch d.Geometry {
	case GeometryPoint:
		out = []string{"Point"}
	case GeometryLine:
		out = []string{"LineString", "MultiLineString"}
	case GeometryPolygon:
		out = []string{"Polygon", "MultiPolygon"}
	case GeometryAny:
		out = []string{"Point", "LineString", "MultiLineString", "Polygon", "MultiPolygon"}
	}
	for _, t := range d.Accepts {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// ReportMeasure is what the report states of the class: count, length or area.
func (d *ClassDef) ReportMeasure() string {
	if d.Measure != "" {
		return d.Measure
	}
	switch d.Geometry {
	case GeometryLine:
		return MeasureLength
	case GeometryPolygon:
		return MeasureArea
	}
	return MeasureCount
}

// Counted is the measure word of a count of the class's assets.
func (d *ClassDef) Counted() string {
	if d.CountWord != "" {
		return d.CountWord
	}
	if d.ReportMeasure() == MeasureCount && d.QuantityUnit != "" {
		return d.QuantityUnit
	}
	return "个"
}

// ComponentCode is the 4- or 5-digit component code of an asset of the class: its
// type's code when the type carries one (景观灯 0120), else the class's first national
// code; "" when neither has one.
func (d *ClassDef) ComponentCode(a *Asset) string {
	if kf := d.KindField(); kf != nil && a != nil {
		if v, ok := kf.EnumValue(a.Kind); ok && v.Code != "" {
			return v.Code
		}
	}
	for _, c := range d.Codes {
		if c.List() != "local" {
			return c.Code
		}
	}
	return ""
}

// AllCodes lists the class's national codes with those of its types.
func (d *ClassDef) AllCodes() []NationalCode {
	out := append([]NationalCode(nil), d.Codes...)
	if kf := d.KindField(); kf != nil {
		for _, v := range kf.Values {
			if v.Code != "" {
				out = append(out, NationalCode{Code: v.Code, Name: v.Value})
			}
		}
	}
	return out
}

// Catalogue is the asset classes of one database, in the order screens and reports show
// them: the built-in ones first, then the user's by key.
type Catalogue struct {
	classes []*ClassDef
}

// Classes lists the classes in display order.
func (c *Catalogue) Classes() []*ClassDef { return c.classes }

// Keys lists the class keys in display order.
func (c *Catalogue) Keys() []Class {
	out := make([]Class, len(c.classes))
	for i, d := range c.classes {
		out[i] = d.Key
	}
	return out
}

// Class finds a class by key.
func (c *Catalogue) Class(key Class) (*ClassDef, bool) {
	if c == nil {
		return nil, false
	}
	for _, d := range c.classes {
		if d.Key == key {
			return d, true
		}
	}
	return nil, false
}

// Find finds a class by its key, Chinese name or English name (any case): what every
// KIND argument and asset_class cell accepts.
func (c *Catalogue) Find(s string) (*ClassDef, bool) {
	s = strings.TrimSpace(s)
	if d, ok := c.Class(Class(strings.ToLower(s))); ok {
		return d, true
	}
	for _, d := range c.classes {
		if d.Name.ZH == s || (d.Name.EN != "" && strings.EqualFold(d.Name.EN, s)) {
			return d, true
		}
	}
	return nil, false
}

// Names lists the classes' Chinese names in display order.
func (c *Catalogue) Names() []string {
	out := make([]string, len(c.classes))
	for i, d := range c.classes {
		out[i] = d.Name.ZH
	}
	return out
}

// Clone is a deep copy that can be extended without touching c.
func (c *Catalogue) Clone() *Catalogue {
	b, _ := json.Marshal(c.export(true))
	var defs []ClassDef
	_ = json.Unmarshal(b, &defs)
	out := &Catalogue{}
	for i := range defs {
		d := defs[i]
		orig := c.classes[i]
		d.Builtin = orig.Builtin
		for j := range d.Fields {
			d.Fields[j].Common = orig.Fields[j].Common
			d.Fields[j].Builtin = orig.Fields[j].Builtin
		}
		out.classes = append(out.classes, &d)
	}
	return out
}

func (c *Catalogue) export(all bool) []ClassDef {
	var out []ClassDef
	for _, d := range c.classes {
		if all || !d.Builtin {
			out = append(out, *d)
		}
	}
	return out
}

// keyPattern is what class and field keys look like: they name columns of files and
// appear in commands, so they are plain lower-case ASCII.
var (
	classKeyPattern = regexp.MustCompile(`^[a-z][a-z0-9-]{1,39}$`)
	fieldKeyPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)
)

// ValidClassKey reports whether s can be a class key.
func ValidClassKey(s string) bool { return classKeyPattern.MatchString(s) }

// reservedFieldKeys cannot be declared: they are the columns' and formats' own.
var reservedFieldKeys = []string{"id", "class", "geometry", "geom", "wkt", "version", "attrs", "asset_class", "kind"}

// AddClass adds a user-defined class after checking its declaration. Its common fields
// are added where the declaration does not place them.
func (c *Catalogue) AddClass(d ClassDef) (*ClassDef, error) {
	d.Builtin = false
	if err := c.completeAndCheck(&d); err != nil {
		return nil, err
	}
	nd := d
	c.classes = append(c.classes, &nd)
	return &nd, nil
}

// AddField adds a field to a class (built-in or not) after checking it.
func (c *Catalogue) AddField(key Class, f Field) (*Field, error) {
	d, ok := c.Class(key)
	if !ok {
		return nil, Errorf(KindNotFound, "err.not_found", map[string]any{"What": i18n.Key("catalogue.class"), "Key": string(key)})
	}
	f.Common, f.Builtin = false, false
	if fe := checkField(d, &f); len(fe) > 0 {
		return nil, Invalid(fe...)
	}
	// New fields go before the common tail (start date, value, status…), so forms keep
	// the class's own fields together.
	at := len(d.Fields)
	for i, g := range d.Fields {
		if g.Common && g.Key != "code" && g.Key != "unit" && g.Key != "lon" && g.Key != "lat" {
			at = i
			break
		}
	}
	d.Fields = slices.Insert(d.Fields, at, f)
	return &d.Fields[at], nil
}

// RemoveField drops a user-added field from a class's declaration (the store keeps the
// values in the audit history first).
func (c *Catalogue) RemoveField(key Class, field string) error {
	d, ok := c.Class(key)
	if !ok {
		return Errorf(KindNotFound, "err.not_found", map[string]any{"What": i18n.Key("catalogue.class"), "Key": string(key)})
	}
	f, ok := d.Field(field)
	if !ok {
		return Errorf(KindNotFound, "err.not_found", map[string]any{"What": i18n.Key("catalogue.field"), "Key": field})
	}
	if f.Builtin || f.Common {
		return Errorf(KindInvalid, "catalogue.err.builtin_field", map[string]any{"Field": field})
	}
	d.Fields = slices.DeleteFunc(d.Fields, func(g Field) bool { return g.Key == field })
	return nil
}

// RemoveClass drops a user-defined class (the store refuses when it holds assets).
func (c *Catalogue) RemoveClass(key Class) error {
	d, ok := c.Class(key)
	if !ok {
		return Errorf(KindNotFound, "err.not_found", map[string]any{"What": i18n.Key("catalogue.class"), "Key": string(key)})
	}
	if d.Builtin {
		return Errorf(KindInvalid, "catalogue.err.builtin_class", map[string]any{"Class": d.Name})
	}
	c.classes = slices.DeleteFunc(c.classes, func(x *ClassDef) bool { return x.Key == key })
	return nil
}

// UserClasses lists the user-defined classes' declarations (what a database stores and
// `classes export` writes).
func (c *Catalogue) UserClasses() []ClassDef { return c.export(false) }

// SearchFields are the fields a register's search looks in: the code, the class's
// own text fields (name, road, plate, a user's text attribute…) and the note.
func (d *ClassDef) SearchFields() []*Field {
	var out []*Field
	for i := range d.Fields {
		f := &d.Fields[i]
		if f.Key == "code" || (f.Type == TypeText && f.Key != "note" && f.Key != "component_id") {
			out = append(out, f)
		}
	}
	if f, ok := d.Field("note"); ok {
		out = append(out, f)
	}
	return out
}

// AddedFields lists the fields users added to a built-in class.
func (d *ClassDef) AddedFields() []Field {
	var out []Field
	for _, f := range d.Fields {
		if !f.Builtin && !f.Common {
			out = append(out, f)
		}
	}
	return out
}

func (c *Catalogue) completeAndCheck(d *ClassDef) error {
	var fe []FieldError
	bad := func(field, value, rule string, params map[string]string) {
		fe = append(fe, FieldError{Field: field, Value: value, Rule: rule, Params: params})
	}
	if !ValidClassKey(string(d.Key)) {
		bad("key", string(d.Key), "class_key", nil)
	} else if other, ok := c.Class(d.Key); ok {
		bad("key", string(d.Key), "class_taken", map[string]string{"Class": other.Name.ZH})
	}
	d.Name.ZH = strings.TrimSpace(d.Name.ZH)
	d.Name.EN = strings.TrimSpace(d.Name.EN)
	if d.Name.ZH == "" {
		bad("name", "", "required", nil)
	} else if other, ok := c.Find(d.Name.ZH); ok {
		bad("name", d.Name.ZH, "class_taken", map[string]string{"Class": other.Name.ZH})
	}
	if d.Name.EN != "" {
		if other, ok := c.Find(d.Name.EN); ok {
			bad("name_en", d.Name.EN, "class_taken", map[string]string{"Class": other.Name.ZH})
		}
	}
	if d.Geometry == "" {
		d.Geometry = GeometryPoint
	}
	if !slices.Contains(GeometryKinds, d.Geometry) {
		bad("geometry", string(d.Geometry), "enum", map[string]string{"Allowed": joinGeometry()})
	}
	if d.Category == "" {
		d.Category = CategoryOther
	}
	if !slices.Contains(AccountingCategories, d.Category) {
		bad("accounting_category", string(d.Category), "enum", map[string]string{"Allowed": joinCategories()})
	}
	if d.QuantityUnit == "" {
		d.QuantityUnit = "个"
	}
	if !OneOf(d.QuantityUnit, ClassQuantityUnits) {
		bad("quantity_unit", d.QuantityUnit, "enum", map[string]string{"Allowed": strings.Join(ClassQuantityUnits, "、")})
	}
	for _, code := range d.Codes {
		if !isDigits(code.Code) || len(code.Code) < 4 || len(code.Code) > 5 {
			bad("code", code.Code, "national_code", nil)
		}
	}
	// The class's own fields first, checked one by one, then the common ones around them.
	own := d.Fields
	d.Fields = nil
	for _, f := range own {
		if pf, ok := pointField(f.Key); ok && d.Geometry == GeometryPoint {
			// 所在道路 of a point class is the built-in field, wherever the class puts it.
			pf.Required = f.Required
			pf.Aliases = append(pf.Aliases, f.Aliases...)
			d.Fields = append(d.Fields, pf)
			continue
		}
		if cf, ok := commonField(f.Key); ok {
			// A user class may place a common field, not redefine it.
			cf.Required = cf.Required || f.Required
			cf.Aliases = append(cf.Aliases, f.Aliases...)
			d.Fields = append(d.Fields, cf)
			continue
		}
		f.Common, f.Builtin = false, false
		if errs := checkField(d, &f); len(errs) > 0 {
			fe = append(fe, errs...)
			continue
		}
		d.Fields = append(d.Fields, f)
	}
	completeCommon(d)
	completePoint(d)
	return Invalid(fe...)
}

// checkField checks a new field against its class.
func checkField(d *ClassDef, f *Field) []FieldError {
	var fe []FieldError
	bad := func(value, rule string, params map[string]string) {
		fe = append(fe, FieldError{Field: "field", Value: value, Rule: rule, Params: params})
	}
	f.Label.ZH = strings.TrimSpace(f.Label.ZH)
	f.Label.EN = strings.TrimSpace(f.Label.EN)
	switch {
	case !fieldKeyPattern.MatchString(f.Key):
		bad(f.Key, "field_key", nil)
	case slices.Contains(reservedFieldKeys, f.Key):
		bad(f.Key, "field_reserved", nil)
	default:
		if _, dup := d.Field(f.Key); dup {
			bad(f.Key, "field_taken", nil)
		}
		if _, common := commonField(f.Key); common {
			bad(f.Key, "field_taken", nil)
		}
	}
	if f.Label.ZH == "" {
		f.Label.ZH = f.Key
	}
	if !slices.Contains(UserFieldTypes, f.Type) {
		bad(string(f.Type), "field_type", map[string]string{"Allowed": "text, integer, decimal, decimal(UNIT), date, yes-no, enum(A|B|C)"})
	}
	if f.Type == TypeEnum {
		if len(f.Values) == 0 {
			bad(f.Key, "enum_values", nil)
		}
		seen := map[string]bool{}
		for _, v := range f.Values {
			if strings.TrimSpace(v.Value) == "" || seen[v.Value] {
				bad(v.Value, "enum_values", nil)
			}
			seen[v.Value] = true
		}
	} else if len(f.Values) > 0 {
		bad(f.Key, "enum_values", nil)
	}
	// User fields live in the attributes; only the built-in catalogue names columns.
	f.Column = ""
	f.Kind = false
	for _, g := range d.Fields {
		if g.Key == f.Key {
			continue
		}
		for _, a := range append([]string{g.Label.ZH, g.Label.EN}, g.Aliases...) {
			if a != "" && (containsFold(f.Aliases, a) || strings.EqualFold(a, f.Label.ZH)) {
				fe = append(fe, FieldError{Field: "alias", Value: a, Rule: "alias_taken", Params: map[string]string{"Other": g.Key}})
			}
		}
	}
	return fe
}

// completeCommon adds the common fields a declaration does not place: code first, unit
// after the class's own fields, lon/lat for point classes, then start date, value,
// status, disposal date, note and the component ID.
func completeCommon(d *ClassDef) { completeCommonWith(d, commonField) }

// completePoint gives a user class of points the point fields it does not declare,
// after its code (the built-in classes declare theirs).
func completePoint(d *ClassDef) {
	if d.Geometry != GeometryPoint {
		return
	}
	builtinOnce.Do(loadBuiltin)
	for i := len(pointFields) - 1; i >= 0; i-- {
		pf := pointFields[i]
		if _, ok := d.Field(pf.Key); ok {
			continue
		}
		at := 0
		for j, f := range d.Fields {
			if f.Key == "code" {
				at = j + 1
			}
		}
		d.Fields = append(d.Fields[:at], append([]Field{pf}, d.Fields[at:]...)...)
	}
}

// pointField is the point field key, if it is one.
func pointField(key string) (Field, bool) {
	builtinOnce.Do(loadBuiltin)
	for _, f := range pointFields {
		if f.Key == key {
			f.Aliases = append([]string(nil), f.Aliases...)
			return f, true
		}
	}
	return Field{}, false
}

func completeCommonWith(d *ClassDef, commonField func(string) (Field, bool)) {
	has := func(key string) bool { _, ok := d.Field(key); return ok }
	if !has("code") {
		cf, _ := commonField("code")
		d.Fields = append([]Field{cf}, d.Fields...)
	}
	for _, key := range []string{"unit", "lon", "lat", "start_date", "original_value", "status", "disposal_date", "note", "component_id"} {
		if has(key) {
			continue
		}
		if (key == "lon" || key == "lat") && d.Geometry != GeometryPoint {
			continue
		}
		cf, _ := commonField(key)
		d.Fields = append(d.Fields, cf)
	}
}

func joinGeometry() string {
	s := make([]string, len(GeometryKinds))
	for i, g := range GeometryKinds {
		s[i] = string(g)
	}
	return strings.Join(s, ", ")
}

// The embedded built-in catalogue, parsed once.
var (
	builtinOnce sync.Once
	builtin     *Catalogue
	commons     []Field
	pointFields []Field
	builtinErr  error
)

type builtinFile struct {
	Common  []Field    `json:"common"`
	Point   []Field    `json:"point"` // what a user class of points has besides (所在道路)
	Classes []ClassDef `json:"classes"`
}

func loadBuiltin() {
	b, err := assets.FS.ReadFile("catalogue/builtin.json")
	if err != nil {
		builtinErr = fmt.Errorf("catalogue: %w", err)
		return
	}
	var f builtinFile
	if err := json.Unmarshal(b, &f); err != nil {
		builtinErr = fmt.Errorf("catalogue/builtin.json: %w", err)
		return
	}
	for _, cf := range f.Common {
		cf.Common, cf.Builtin = true, true
		labelFromCatalogue(&cf)
		commons = append(commons, cf)
	}
	for _, pf := range f.Point {
		pf.Builtin = true
		labelFromCatalogue(&pf)
		pointFields = append(pointFields, pf)
	}
	builtin = &Catalogue{}
	for i := range f.Classes {
		d := f.Classes[i]
		d.Builtin = true
		d.Name = Label{ZH: i18n.T(i18n.ZH, "class."+string(d.Key), nil), EN: i18n.T(i18n.EN, "class."+string(d.Key), nil)}
		var fields []Field
		for _, fd := range d.Fields {
			if cf, ok := findCommon(fd.Key); ok && fd.Type == "" {
				if fd.Header != "" {
					cf.Header = fd.Header
				}
				cf.Required = cf.Required || fd.Required
				cf.Aliases = append(cf.Aliases, fd.Aliases...)
				fields = append(fields, cf)
				continue
			}
			fd.Builtin = true
			labelFromCatalogue(&fd)
			for j := range fd.Values {
				if fd.Values[j].EN == "" && i18n.Has(i18n.EN, "enum."+fd.Values[j].Value) {
					fd.Values[j].EN = i18n.T(i18n.EN, "enum."+fd.Values[j].Value, nil)
				}
			}
			fields = append(fields, fd)
		}
		d.Fields = fields
		completeCommonWith(&d, findCommon)
		builtin.classes = append(builtin.classes, &d)
	}
}

func labelFromCatalogue(f *Field) {
	if f.Label.ZH == "" {
		f.Label = Label{ZH: i18n.T(i18n.ZH, "field."+f.Key, nil), EN: i18n.T(i18n.EN, "field."+f.Key, nil)}
	}
	for j := range f.Values {
		if f.Values[j].EN == "" && i18n.Has(i18n.EN, "enum."+f.Values[j].Value) {
			f.Values[j].EN = i18n.T(i18n.EN, "enum."+f.Values[j].Value, nil)
		}
	}
}

func commonField(key string) (Field, bool) {
	builtinOnce.Do(loadBuiltin)
	return findCommon(key)
}

// findCommon is commonField for use while the built-ins load.
func findCommon(key string) (Field, bool) {
	for _, f := range commons {
		if f.Key == key {
			f.Aliases = append([]string(nil), f.Aliases...)
			f.Values = append([]EnumValue(nil), f.Values...)
			return f, true
		}
	}
	return Field{}, false
}

// CommonFields lists the fields every class has, in their usual order.
func CommonFields() []Field {
	builtinOnce.Do(loadBuiltin)
	return append([]Field(nil), commons...)
}

// BuiltinCatalogue is a fresh copy of the embedded catalogue: the classes every database
// has before users add their own. It panics if the embedded file is broken, which the
// tests rule out for every build.
func BuiltinCatalogue() *Catalogue {
	builtinOnce.Do(loadBuiltin)
	if builtinErr != nil {
		panic(builtinErr)
	}
	return builtin.Clone()
}

// Extend is the built-in catalogue with the user's classes and the fields users added
// to built-in classes, as a store keeps them. A stored declaration that no longer fits
// (a built-in field now has its key) is reported, the rest still loads.
func Extend(base *Catalogue, user []ClassDef, added map[Class][]Field) (*Catalogue, error) {
	c := base.Clone()
	var errs []error
	for _, d := range user {
		if _, err := c.AddClass(d); err != nil {
			errs = append(errs, fmt.Errorf("class %s: %w", d.Key, err))
		}
	}
	for key, fields := range added {
		for _, f := range fields {
			if _, err := c.AddField(key, f); err != nil {
				errs = append(errs, fmt.Errorf("class %s field %s: %w", key, f.Key, err))
			}
		}
	}
	if len(errs) > 0 {
		return c, fmt.Errorf("catalogue: %v", errs)
	}
	return c, nil
}

// ParseFieldSpec reads `--field KEY:TYPE[:中文名[:English]]` (TYPE: text, integer,
// decimal, decimal(UNIT), date, yes-no, enum(A|B|C)).
func ParseFieldSpec(spec string) (Field, error) {
	parts := splitSpec(spec)
	bad := func() (Field, error) {
		return Field{}, Errorf(KindInvalid, "catalogue.err.field_spec", map[string]any{"Spec": spec})
	}
	if len(parts) < 2 || len(parts) > 4 {
		return bad()
	}
	f := Field{Key: strings.TrimSpace(parts[0])}
	typ, arg, hasArg := strings.Cut(strings.TrimSpace(parts[1]), "(")
	if hasArg {
		if !strings.HasSuffix(arg, ")") {
			return bad()
		}
		arg = strings.TrimSuffix(arg, ")")
	}
	f.Type = FieldType(strings.ToLower(strings.TrimSpace(typ)))
	switch f.Type {
	case TypeEnum:
		if !hasArg {
			return bad()
		}
		for _, v := range strings.Split(arg, "|") {
			f.Values = append(f.Values, EnumValue{Value: strings.TrimSpace(v)})
		}
	case TypeDecimal, TypeInteger:
		f.Unit = strings.TrimSpace(arg)
	case "bool", "yesno", "yes/no", "是否":
		f.Type = TypeYesNo
	default:
		if hasArg {
			return bad()
		}
	}
	if len(parts) > 2 {
		f.Label.ZH = strings.TrimSpace(parts[2])
	}
	if len(parts) > 3 {
		f.Label.EN = strings.TrimSpace(parts[3])
	}
	return f, nil
}

// splitSpec splits at colons outside parentheses (an enum's values may hold none, but a
// unit could).
func splitSpec(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
		case ':':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
