package domain

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"cityledger/domain/i18n"
)

// An asset's declared fields are read and written by key through Value and SetValue,
// so that every layer handles any class the same way. A field that names a column maps
// to one of Asset's struct fields (the built-in registers keep their columns and their
// speed); the others live in Asset.Attrs.
//
// Values are typed by the field's type:
//
//	text, enum      string
//	integer         int64
//	decimal, coord  float64
//	money           Fen
//	date            Date
//	yes-no          bool
//	unit            int64 (the unit's ID) or string (a name the store resolves)
//
// nil means empty. Numbers stored in columns use 0 for "not stated" (a lamp's power),
// so 0 reads back as nil there; money and yes-no are never empty.

type columnAccess struct {
	get func(a *Asset) any
	set func(a *Asset, v any)
}

func textColumn(p func(a *Asset) *string) columnAccess {
	return columnAccess{
		get: func(a *Asset) any {
			if s := *p(a); s != "" {
				return s
			}
			return nil
		},
		set: func(a *Asset, v any) { s, _ := v.(string); *p(a) = s },
	}
}

func floatColumn(p func(a *Asset) *float64) columnAccess {
	return columnAccess{
		get: func(a *Asset) any {
			if f := *p(a); f != 0 {
				return f
			}
			return nil
		},
		set: func(a *Asset, v any) { *p(a) = toFloat(v) },
	}
}

func dateColumn(p func(a *Asset) *Date) columnAccess {
	return columnAccess{
		get: func(a *Asset) any {
			if d := *p(a); d != "" {
				return d
			}
			return nil
		},
		set: func(a *Asset, v any) {
			switch d := v.(type) {
			case Date:
				*p(a) = d
			case string:
				*p(a) = Date(d)
			default:
				*p(a) = ""
			}
		},
	}
}

// assetColumns are the assets table's columns a declaration may name.
var assetColumns = map[string]columnAccess{
	"code":          textColumn(func(a *Asset) *string { return &a.Code }),
	"status":        textColumn(func(a *Asset) *string { return &a.Status }),
	"note":          textColumn(func(a *Asset) *string { return &a.Note }),
	"kind":          textColumn(func(a *Asset) *string { return &a.Kind }),
	"name":          textColumn(func(a *Asset) *string { return &a.Name }),
	"plate":         textColumn(func(a *Asset) *string { return &a.Plate }),
	"body_type":     textColumn(func(a *Asset) *string { return &a.BodyType }),
	"road":          textColumn(func(a *Asset) *string { return &a.Road }),
	"material":      textColumn(func(a *Asset) *string { return &a.Material }),
	"capacity":      textColumn(func(a *Asset) *string { return &a.Capacity }),
	"component_id":  textColumn(func(a *Asset) *string { return &a.ComponentID }),
	"start_date":    dateColumn(func(a *Asset) *Date { return &a.StartDate }),
	"disposal_date": dateColumn(func(a *Asset) *Date { return &a.DisposalDate }),
	"power_w":       floatColumn(func(a *Asset) *float64 { return &a.PowerW }),
	"pole_height_m": floatColumn(func(a *Asset) *float64 { return &a.PoleHeightM }),
	"length_m":      floatColumn(func(a *Asset) *float64 { return &a.LengthM }),
	"area_m2":       floatColumn(func(a *Asset) *float64 { return &a.AreaM2 }),
	"diameter_mm": {
		get: func(a *Asset) any {
			if a.DiameterMM != 0 {
				return int64(a.DiameterMM)
			}
			return nil
		},
		set: func(a *Asset, v any) { a.DiameterMM = int(toInt(v)) },
	},
	"original_value": {
		get: func(a *Asset) any { return a.OriginalValue },
		set: func(a *Asset, v any) { f, _ := v.(Fen); a.OriginalValue = f },
	},
	"official": {
		get: func(a *Asset) any { return a.Official },
		set: func(a *Asset, v any) { b, _ := v.(bool); a.Official = b },
	},
	"unit_id": {
		get: func(a *Asset) any {
			if a.UnitID != 0 {
				return a.UnitID
			}
			if a.Unit != "" {
				return a.Unit
			}
			return nil
		},
		set: func(a *Asset, v any) {
			a.UnitID, a.Unit = 0, ""
			switch u := v.(type) {
			case int64:
				a.UnitID = u
			case string:
				a.Unit = u
			}
		},
	},
}

// IsAssetColumn reports whether name is a column a declaration may store a field in.
func IsAssetColumn(name string) bool { _, ok := assetColumns[name]; return ok }

// Value is the value of field f on a (nil when empty).
func (a *Asset) Value(f *Field) any {
	if f.Type == TypeCoord {
		p, ok := a.Geometry.(orb.Point)
		if !ok {
			return nil
		}
		if f.Key == "lat" {
			return p.Lat()
		}
		return p.Lon()
	}
	if c, ok := assetColumns[f.Column]; ok {
		return c.get(a)
	}
	v, ok := a.Attrs[f.Key]
	if !ok || v == nil {
		return nil
	}
	return normalise(f, v)
}

// SetValue sets field f on a to v (nil clears it). Coordinates are not set one by one:
// an update sets the geometry.
func (a *Asset) SetValue(f *Field, v any) {
	if f.Type == TypeCoord {
		return
	}
	if c, ok := assetColumns[f.Column]; ok {
		c.set(a, v)
		return
	}
	if v == nil || v == "" {
		delete(a.Attrs, f.Key)
		return
	}
	if a.Attrs == nil {
		a.Attrs = map[string]any{}
	}
	a.Attrs[f.Key] = normalise(f, v)
}

// normalise converts a stored or typed value to the field's Go type (JSON gives
// float64 or json.Number for every number).
func normalise(f *Field, v any) any {
	switch f.Type {
	case TypeInteger:
		return toInt(v)
	case TypeDecimal, TypeCoord:
		return toFloat(v)
	case TypeYesNo:
		b, _ := v.(bool)
		return b
	case TypeDate:
		switch d := v.(type) {
		case Date:
			return d
		case string:
			return Date(d)
		}
	case TypeMoney:
		switch m := v.(type) {
		case Fen:
			return m
		default:
			return Fen(toInt(v))
		}
	case TypeText, TypeEnum:
		if s, ok := v.(string); ok {
			return s
		}
	}
	return v
}

func toInt(v any) int64 {
	switch n := v.(type) {
	case int64:
		return n
	case int:
		return int64(n)
	case float64:
		return int64(n)
	case interface{ Int64() (int64, error) }:
		i, err := n.Int64()
		if err != nil {
			if s, ok := v.(interface{ String() string }); ok {
				f, _ := strconv.ParseFloat(s.String(), 64)
				return int64(f)
			}
		}
		return i
	}
	return 0
}

func toFloat(v any) float64 {
	switch n := v.(type) {
	case float64:
		return n
	case int64:
		return float64(n)
	case int:
		return float64(n)
	case interface{ Float64() (float64, error) }:
		f, _ := n.Float64()
		return f
	}
	return 0
}

// FormatValue is a value's canonical text: what exports write, audits keep and imports
// read back (money in 元 with two decimals, 是/否, dates YYYY-MM-DD). unitName names a
// unit ID; nil leaves the number.
func FormatValue(f *Field, v any, unitName func(int64) string) string {
	if v == nil {
		return ""
	}
	switch x := v.(type) {
	case string:
		return x
	case Date:
		return string(x)
	case Fen:
		return x.Yuan()
	case bool:
		if x {
			return "是"
		}
		return "否"
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case int64:
		if f.Type == TypeUnit && unitName != nil {
			if n := unitName(x); n != "" {
				return n
			}
		}
		return strconv.FormatInt(x, 10)
	}
	return ""
}

// DisplayValue is canonical text as a person reads it in lang: money grouped
// (147,600.00), enumerations and 是/否 in lang.
func DisplayValue(f *Field, text string, lang i18n.Lang) string {
	if text == "" {
		return ""
	}
	switch f.Type {
	case TypeMoney:
		return GroupDigits(text)
	case TypeYesNo:
		return i18n.Enum(lang, text)
	case TypeEnum:
		if ev, ok := f.EnumValue(text); ok {
			if lang == i18n.EN && ev.EN == "" {
				return i18n.Enum(lang, ev.Value)
			}
			return ev.In(lang)
		}
	}
	return text
}

// GroupDigits puts thousands separators into a decimal's whole part: 147600.00 →
// 147,600.00.
func GroupDigits(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := b.String()
	if hasFrac {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}

// GeometryField is the pseudo-field key of an asset's geometry in an update (a WKT
// column, lon/lat columns, a GeoJSON or Shapefile geometry).
const GeometryField = "geometry"

// AssetUpdate is a partial update of an asset: Fields names exactly the declared fields
// it sets (and "geometry"), their new values are those of Values; every other field
// keeps its stored value. An import sets the columns the file has (a column present
// with an empty cell clears the field), a bulk edit the one field chosen, a form the
// fields it shows.
type AssetUpdate struct {
	Fields []string
	Values Asset
	// Seen, for an update of many assets (a bulk edit), is the version of each asset
	// as the person read it (ID → version): an asset someone else changed since stops
	// the whole edit, naming who, unless Overwrite. nil: no such check.
	Seen      map[int64]int64
	Overwrite bool
}

// Sets reports whether the update sets field key.
func (u *AssetUpdate) Sets(key string) bool {
	if key == "lon" || key == "lat" {
		key = GeometryField
	}
	return slices.Contains(u.Fields, key)
}

// Apply sets a's fields named by the update to the update's values. A disposal date set
// without a status makes the asset 已处置; an empty status is 在用 (已处置 with a
// disposal date).
func (u *AssetUpdate) Apply(d *ClassDef, a *Asset) {
	for _, key := range u.Fields {
		if key == GeometryField {
			a.Geometry = u.Values.Geometry
			continue
		}
		f, ok := d.Field(key)
		if !ok || !f.Stored() {
			continue
		}
		a.SetValue(f, u.Values.Value(f))
	}
	if u.Sets("disposal_date") && !u.Sets("status") && a.DisposalDate != "" {
		a.Status = StatusDisposed
	}
	if a.Status == "" {
		a.Status = StatusInUse
		if a.DisposalDate != "" {
			a.Status = StatusDisposed
		}
	}
}

// FullUpdate is the update that sets every field of d (and the geometry) from a: a
// whole row, as a form or a generated record gives it.
func FullUpdate(d *ClassDef, a *Asset) AssetUpdate {
	u := AssetUpdate{Values: *a}
	for _, f := range d.Fields {
		if f.Stored() {
			u.Fields = append(u.Fields, f.Key)
		}
	}
	if d.Geometric() {
		u.Fields = append(u.Fields, GeometryField)
	}
	return u
}

// FieldChange is one field an update changes: canonical texts before and after.
type FieldChange struct {
	Field  string `json:"field"`
	Label  Label  `json:"label"`
	Old    string `json:"old"`
	New    string `json:"new"`
	Report bool   `json:"report,omitempty"` // the report reads the field
	f      *Field
}

// Render is "原值 147,600.00 → 0.00" in lang.
func (c FieldChange) Render(lang i18n.Lang) string {
	old, nw := c.Old, c.New
	if c.f != nil {
		old, nw = DisplayValue(c.f, old, lang), DisplayValue(c.f, nw, lang)
	}
	empty := i18n.T(lang, "catalogue.empty_value", nil)
	if old == "" {
		old = empty
	}
	if nw == "" {
		nw = empty
	}
	name := c.Label.In(lang)
	if name == "" {
		name = FieldName(lang, c.Field)
	}
	return name + " " + old + " → " + nw
}

// RowChanges are the field changes of one imported row (or edited asset).
type RowChanges struct {
	Row     int           `json:"row,omitempty"`
	Code    string        `json:"code"`
	Changes []FieldChange `json:"changes"`
}

// Render is the row's changes on one line: "第3行 CL-002：原值 147,600.00 → 0.00；…".
func (r RowChanges) Render(lang i18n.Lang) string {
	parts := make([]string, len(r.Changes))
	for i, c := range r.Changes {
		parts[i] = c.Render(lang)
	}
	sep := "；"
	if lang == i18n.EN {
		sep = "; "
	}
	return i18n.T(lang, "catalogue.row_changes", map[string]any{"Row": r.Row, "Code": r.Code, "Changes": strings.Join(parts, sep)})
}

// ReportRelevant reports whether one of the changes is of a field the report reads.
func (r RowChanges) ReportRelevant() bool {
	for _, c := range r.Changes {
		if c.Report {
			return true
		}
	}
	return false
}

// DiffAssets lists the declared fields (and the geometry) whose values differ between
// old and new, in declaration order.
func DiffAssets(d *ClassDef, old, new *Asset, unitName func(int64) string) []FieldChange {
	var out []FieldChange
	for i := range d.Fields {
		f := &d.Fields[i]
		if !f.Stored() {
			continue
		}
		a, b := FormatValue(f, old.Value(f), unitName), FormatValue(f, new.Value(f), unitName)
		if a != b {
			out = append(out, FieldChange{Field: f.Key, Label: f.Label, Old: a, New: b, Report: f.Report, f: f})
		}
	}
	if d.Geometric() {
		a, b := GeometryText(old.Geometry), GeometryText(new.Geometry)
		if a != b {
			out = append(out, FieldChange{Field: GeometryField, Label: Label{ZH: i18n.T(i18n.ZH, "field.geometry", nil), EN: i18n.T(i18n.EN, "field.geometry", nil)},
				Old: a, New: b, Report: d.ReportMeasure() != MeasureCount})
		}
	}
	return out
}

// GeometryText summarises a geometry for a change list: its type and extent.
func GeometryText(g orb.Geometry) string {
	if g == nil {
		return ""
	}
	if p, ok := g.(orb.Point); ok {
		return "POINT(" + strconv.FormatFloat(p[0], 'f', -1, 64) + " " + strconv.FormatFloat(p[1], 'f', -1, 64) + ")"
	}
	b := g.Bound()
	r := func(f float64) string { return strconv.FormatFloat(math.Round(f*1e6)/1e6, 'f', -1, 64) }
	return g.GeoJSONType() + "[" + r(b.Min[0]) + " " + r(b.Min[1]) + ", " + r(b.Max[0]) + " " + r(b.Max[1]) + "]"
}

// AttrValues lists a's attributes that the class declares, typed (what the store keeps).
func (d *ClassDef) AttrValues(a *Asset) map[string]any {
	out := map[string]any{}
	for i := range d.Fields {
		f := &d.Fields[i]
		if !f.Attribute() {
			continue
		}
		if v := a.Value(f); v != nil {
			out[f.Key] = v
		}
	}
	return out
}
