package mapview

import (
	"testing"

	"cityledger/gui/guitest"
)

// TestEveryKeyIsInTheCatalogue checks the keys the map names, and the layers' class
// names, in both languages.
func TestEveryKeyIsInTheCatalogue(t *testing.T) {
	var keys []string
	for _, d := range testLayers() {
		keys = append(keys, "class."+string(d.Key))
	}
	guitest.CheckCatalogue(t, 30, keys...)
}
