package importwizard

import (
	"testing"

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
	for _, k := range exchange.Kinds {
		if c := k.Class(); c != "" {
			keys = append(keys, "class."+string(c))
		} else {
			keys = append(keys, "entity."+string(k))
		}
	}
	guitest.CheckCatalogue(t, 40, keys...)
}
