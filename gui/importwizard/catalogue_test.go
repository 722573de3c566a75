package importwizard

import (
	"testing"

	"cityledger/domain"
	"cityledger/domain/exchange"
	"cityledger/gui/guitest"
)

// TestEveryKeyIsInTheCatalogue checks the keys the wizard names, and those it builds
// from its steps, counts, formats and kinds, in both languages.
func TestEveryKeyIsInTheCatalogue(t *testing.T) {
	keys := append([]string(nil), stepKeys[:]...)
	for _, k := range countKeys {
		keys = append(keys, "gui.wizard.count."+k)
	}
	for _, f := range []string{exchange.FormatCSV, exchange.FormatXLSX, exchange.FormatGeoJSON} {
		keys = append(keys, "gui.format."+f)
	}
	for _, k := range exchange.Kinds(domain.BuiltinCatalogue()) {
		if !domain.Class(k).Valid() || k == exchange.Units || k == exchange.Projects || k == exchange.Indicators ||
			k == exchange.Maintenance || k == exchange.YearSettings {
			keys = append(keys, "entity."+string(k))
		} else {
			keys = append(keys, "class."+string(k))
		}
	}
	guitest.CheckCatalogue(t, 40, keys...)
}
