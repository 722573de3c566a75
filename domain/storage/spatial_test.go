package storage

import (
	"context"
	"reflect"
	"testing"

	"github.com/paulmach/orb"

	"cityledger/domain"
)

func TestFeaturesInAndAssetCosts(t *testing.T) { backends(t, testFeaturesInAndAssetCosts) }

func testFeaturesInAndAssetCosts(t *testing.T, d *DB) {
	seedUnits(t, d)
	ctx := context.Background()
	save := func(a domain.Asset) int64 {
		t.Helper()
		a.Unit = "局机关"
		if err := d.SaveAsset(ctx, &a); err != nil {
			t.Fatal(err)
		}
		return a.ID
	}
	lampIn := save(domain.Asset{Class: domain.Lamps, Code: "L1", Kind: "通电路灯", Geometry: orb.Point{101.60, 26.60}})
	lampOut := save(domain.Asset{Class: domain.Lamps, Code: "L2", Kind: "景观灯", Geometry: orb.Point{101.90, 26.60}})
	save(domain.Asset{Class: domain.Lamps, Code: "L3", Kind: "通电路灯"}) // no geometry: never on the map
	// The pipe's vertices all lie outside the query box, but its bounding box crosses it.
	pipe := save(domain.Asset{Class: domain.SewerPipes, Code: "P1", Kind: "雨水",
		Geometry: orb.LineString{{101.50, 26.55}, {101.70, 26.65}}})
	green := save(domain.Asset{Class: domain.GreenAreas, Code: "G1", Kind: "公共绿地",
		Geometry: orb.Polygon{{{101.61, 26.61}, {101.62, 26.61}, {101.62, 26.62}, {101.61, 26.61}}}})

	box := orb.Bound{Min: orb.Point{101.58, 26.58}, Max: orb.Point{101.65, 26.64}}
	ids := func(fs []domain.Feature) []int64 {
		var out []int64
		for _, f := range fs {
			out = append(out, f.ID)
		}
		return out
	}
	tests := []struct {
		name    string
		classes []domain.Class
		b       orb.Bound
		limit   int
		want    []int64
	}{
		{"box, every class", nil, box, 0, []int64{lampIn, pipe, green}},
		{"box, lamps", []domain.Class{domain.Lamps}, box, 0, []int64{lampIn}},
		{"box, two classes", []domain.Class{domain.Lamps, domain.GreenAreas}, box, 0, []int64{lampIn, green}},
		{"world", nil, orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}, 0, []int64{lampIn, lampOut, pipe, green}},
		{"limit", nil, orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}, 2, []int64{lampIn, lampOut}},
		{"nothing there", nil, orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{1, 1}}, 0, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := d.FeaturesIn(ctx, tc.classes, tc.b, tc.limit)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(ids(got), tc.want) {
				t.Fatalf("ids %v, want %v", ids(got), tc.want)
			}
		})
	}
	fs, _ := d.FeaturesIn(ctx, []domain.Class{domain.SewerPipes}, box, 0)
	want := domain.Feature{ID: pipe, Class: domain.SewerPipes, Code: "P1", Kind: "雨水", Status: domain.StatusInUse,
		Geometry: orb.LineString{{101.50, 26.55}, {101.70, 26.65}}}
	if len(fs) != 1 || !reflect.DeepEqual(fs[0], want) {
		t.Fatalf("feature %+v, want %+v", fs, want)
	}

	for _, r := range []domain.Record{
		{Date: "2024-03-01", AssetClass: domain.Lamps, AssetID: lampIn, WorkType: "维修", Cost: 10000},
		{Date: "2024-05-01", AssetClass: domain.Lamps, AssetID: lampIn, WorkType: "更换", Cost: 2550},
		{Date: "2023-05-01", AssetClass: domain.Lamps, AssetID: lampOut, WorkType: "维修", Cost: 999},
		{Date: "2024-06-01", AssetClass: domain.SewerPipes, AssetID: pipe, WorkType: "清掏", Cost: 700},
		{Date: "2024-06-01", WorkType: "电费", Cost: 5000},
	} {
		r := r
		if err := d.SaveRecord(ctx, &r); err != nil {
			t.Fatal(err)
		}
	}
	costs, err := d.AssetCosts(ctx, 2024, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := map[int64]domain.Fen{lampIn: 12550, pipe: 700}; !reflect.DeepEqual(costs, want) {
		t.Fatalf("costs %v, want %v", costs, want)
	}
	costs, _ = d.AssetCosts(ctx, 2024, []domain.Class{domain.Lamps})
	if want := map[int64]domain.Fen{lampIn: 12550}; !reflect.DeepEqual(costs, want) {
		t.Fatalf("lamp costs %v, want %v", costs, want)
	}
}
