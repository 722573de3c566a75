package exchange

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"cityledger/domain"
)

// TestExportOnlyTheGivenIDs exports a map selection: the IDs filter keeps those
// assets of the kind, nil keeps all, an empty list none.
func TestExportOnlyTheGivenIDs(t *testing.T) {
	store := openStore(t)
	loadDistrict(t, store)
	lamps, err := store.FindAssets(context.Background(), domain.AssetFilter{Class: domain.Lamps})
	if err != nil || len(lamps) != 3 {
		t.Fatalf("lamps %d, %v", len(lamps), err)
	}
	tests := []struct {
		name string
		ids  []int64
		want []string
	}{
		{"all", nil, []string{lamps[0].Code, lamps[1].Code, lamps[2].Code}},
		{"two", []int64{lamps[2].ID, lamps[0].ID}, []string{lamps[0].Code, lamps[2].Code}},
		{"another class's ID", []int64{lamps[1].ID, 999999}, []string{lamps[1].Code}},
		{"none", []int64{}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			n, err := Export(context.Background(), store, Lamps, &buf, ExportOptions{Format: FormatCSV, IDs: tc.ids})
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSpace(buf.String()), "\n")[1:]
			if n != len(tc.want) || len(lines) != len(tc.want) {
				t.Fatalf("%d rows %q, want %v", n, lines, tc.want)
			}
			for i, code := range tc.want {
				if !strings.HasPrefix(lines[i], code+",") {
					t.Fatalf("row %d %q, want code %s", i, lines[i], code)
				}
			}
		})
	}
}
