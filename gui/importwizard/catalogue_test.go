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
	cat := domain.BuiltinCatalogue()
	for _, k := range exchange.Kinds(cat) {
		if l, _ := exchange.LayoutOf(cat, k); l.Class == nil {
			keys = append(keys, "entity."+string(k))
		} else {
			keys = append(keys, "class."+string(k))
		}
	}
	guitest.CheckCatalogue(t, 40, keys...)
}
