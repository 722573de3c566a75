package domain

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// Validate checks an asset against its class's declaration: the common rules (code and
// unit required, status, dates in order, a disposed asset's date, no negative value)
// and every declared field's (required, allowed values, numbers not negative, text at
// most 500 characters, the component ID's shape and code, the geometry's type). A
// broken rule of a field names the field with its declared label, in both languages.
func (d *ClassDef) Validate(a *Asset) error {
	var fe []FieldError
	if a.Class != d.Key {
		return Invalid(FieldError{Field: "asset_class", Value: string(a.Class), Rule: "enum", Params: map[string]string{"Allowed": string(d.Key)}})
	}
	label := func(f *Field, e FieldError) FieldError {
		if !f.Common {
			l := f.Label
			e.Label = &l
		}
		return e
	}
	for i := range d.Fields {
		f := &d.Fields[i]
		if !f.Stored() {
			continue
		}
		v := a.Value(f)
		if s, ok := v.(string); ok && strings.TrimSpace(s) == "" {
			v = nil
		}
		if f.Key == "unit" {
			if a.UnitID == 0 {
				fe = append(fe, required("unit", a.Unit)...)
			}
			continue
		}
		if v == nil {
			if f.Required {
				fe = append(fe, label(f, FieldError{Field: f.Key, Rule: "required"}))
			}
			continue
		}
		for _, e := range checkValue(f, v) {
			fe = append(fe, label(f, e))
		}
	}
	if a.StartDate.Valid() && a.DisposalDate.Valid() && a.DisposalDate < a.StartDate {
		fe = append(fe, FieldError{Field: "disposal_date", Value: string(a.DisposalDate), Rule: "date_order", Params: map[string]string{"Start": string(a.StartDate)}})
	}
	if a.Status == StatusDisposed && a.DisposalDate == "" {
		fe = append(fe, FieldError{Field: "disposal_date", Rule: "disposal_needs_date"})
	}
	if a.DisposalDate != "" && a.Status != StatusDisposed && a.Status != "" {
		fe = append(fe, FieldError{Field: "status", Value: a.Status, Rule: "disposed_status"})
	}
	if a.ComponentID != "" {
		fe = append(fe, d.checkComponentID(a)...)
	}
	if a.Geometry != nil {
		if !d.Geometric() {
			fe = append(fe, FieldError{Field: GeometryField, Value: a.Geometry.GeoJSONType(), Rule: "geometry_type", Params: map[string]string{"Allowed": "—"}})
		} else if t := geometryType(a.Geometry); !slices.Contains(d.GeometryTypes(), t) {
			fe = append(fe, FieldError{Field: GeometryField, Value: t, Rule: "geometry_type", Params: map[string]string{"Allowed": strings.Join(d.GeometryTypes(), ", ")}})
		}
	}
	return Invalid(fe...)
}

func geometryType(g orb.Geometry) string {
	if mp, ok := g.(orb.MultiPoint); ok && len(mp) == 1 {
		return "Point"
	}
	return g.GeoJSONType()
}

// checkValue applies a field's type rules to a typed value.
func checkValue(f *Field, v any) []FieldError {
	switch x := v.(type) {
	case string:
		if f.Type == TypeEnum {
			if !OneOf(x, f.AllowedValues()) {
				return enum(f.Key, x, f.AllowedValues())
			}
		}
		return maxLen(f.Key, x, 500)
	case Date:
		if fe := x.Check(f.Key); fe != nil {
			return []FieldError{*fe}
		}
	case Fen:
		return nonNegativeFen(f.Key, x)
	case float64:
		if f.Type != TypeCoord {
			return nonNegative(f.Key, x)
		}
	case int64:
		if f.Type != TypeUnit && x < 0 {
			return []FieldError{{Field: f.Key, Value: strconv.FormatInt(x, 10), Rule: "negative"}}
		}
	}
	return nil
}

// Component IDs (部件标识码): the city platform's ID of a component, 6 digits of the
// district's administrative code, the component's 4-digit code and a 6-digit sequence
// (320508 0101 000001). A class that has only a 5-digit code of the 2026 list gets
// 17-digit IDs with that code in the middle.
const (
	DistrictCodeLen = 6
	SequenceLen     = 6
)

// ComponentID builds an ID from its parts.
func ComponentID(district, code string, seq int) string {
	return district + code + fmt.Sprintf("%0*d", SequenceLen, seq)
}

// SplitComponentID parses an ID into district, component code and sequence.
func SplitComponentID(id string) (district, code string, seq int, ok bool) {
	if !isDigits(id) || (len(id) != 16 && len(id) != 17) {
		return "", "", 0, false
	}
	district = id[:DistrictCodeLen]
	code = id[DistrictCodeLen : len(id)-SequenceLen]
	seq, _ = strconv.Atoi(id[len(id)-SequenceLen:])
	return district, code, seq, true
}

// ValidDistrictCode reports whether s is a 6-digit administrative division code.
func ValidDistrictCode(s string) bool { return len(s) == DistrictCodeLen && isDigits(s) }

// checkComponentID checks an ID's shape and that its code is the asset's component
// code (the district is the store's to check: it is a setting).
func (d *ClassDef) checkComponentID(a *Asset) []FieldError {
	_, code, seq, ok := SplitComponentID(a.ComponentID)
	if !ok || seq == 0 {
		return []FieldError{{Field: "component_id", Value: a.ComponentID, Rule: "component_id"}}
	}
	if want := d.ComponentCode(a); want != "" && code != want {
		return []FieldError{{Field: "component_id", Value: a.ComponentID, Rule: "component_id_code", Params: map[string]string{"Code": want}}}
	}
	return nil
}

// CheckComponentDistrict checks that an ID starts with the district's code.
func CheckComponentDistrict(id, district string) *FieldError {
	if id == "" || district == "" {
		return nil
	}
	if !strings.HasPrefix(id, district) {
		return &FieldError{Field: "component_id", Value: id, Rule: "component_id_district", Params: map[string]string{"District": district}}
	}
	return nil
}
