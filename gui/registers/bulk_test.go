package registers

import (
	"testing"

	"cityledger/domain"
	"cityledger/domain/exchange"
)

// A bulk edit's value is read as a form reads it and checked with the class's rules on
// each asset it changes.
func TestCheckBulkValue(t *testing.T) {
	def, _ := domain.BuiltinCatalogue().Class(domain.Lamps)
	checkBulkValue := func(key, value string) error {
		f, _ := def.Field(key)
		v, fe := exchange.ParseValue(f, value, "")
		if fe != nil {
			return domain.Invalid(*fe)
		}
		if v == nil && key == "status" {
			return domain.Invalid(domain.FieldError{Field: key, Rule: "required"})
		}
		a := domain.Asset{Class: domain.Lamps, Code: "L1", UnitID: 1, Kind: "通电路灯", Status: domain.StatusInUse}
		u := domain.AssetUpdate{Fields: []string{key}}
		u.Values.SetValue(f, v)
		u.Apply(def, &a)
		return def.Validate(&a)
	}
	cases := []struct {
		key, value, rule string
	}{
		{"status", "", "required"},
		{"status", "在用", ""},
		{"start_date", "2020-02-30", "date"},
		{"start_date", "", ""},
		{"original_value", "12.345", "decimals"},
		{"original_value", "abc", "money"},
		{"original_value", "-1", "negative"},
		{"note", "", ""},
	}
	for _, c := range cases {
		fe := domain.FieldErrors(checkBulkValue(c.key, c.value))
		got := ""
		if len(fe) > 0 {
			got = fe[0].Rule
		}
		if got != c.rule {
			t.Errorf("%s=%q: rule %q, want %q", c.key, c.value, got, c.rule)
		}
	}
}
