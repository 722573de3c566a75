package storage

import (
	"context"
	"testing"

	"github.com/paulmach/orb"

	"cityledger/domain"
)

// TestCaseLinks: a case is linked by its 部件标识码, by class and code, or (confirmed by
// a person) to the nearest asset of its class; the person's link is audited, survives a
// later export without asset columns and gives way to one that names an asset.
func TestCaseLinks(t *testing.T) {
	backends(t, func(t *testing.T, d *DB) {
		ctx := context.Background()
		seedUnits(t, d)
		if err := d.SetDistrictCode(ctx, "110105"); err != nil {
			t.Fatal(err)
		}
		at := orb.Point{116.4, 39.9}
		east := func(m float64) orb.Point { return orb.Point{at[0] + m/85390.0, at[1]} } // metres east at 39.9°N
		lamps := []domain.Asset{
			{Class: domain.Lamps, Code: "LD-1", Unit: "局机关", Kind: "通电路灯", Geometry: east(10), ComponentID: "1101050118000001"},
			{Class: domain.Lamps, Code: "LD-2", Unit: "局机关", Kind: "通电路灯", Geometry: east(-20)},
			{Class: domain.Lamps, Code: "LD-3", Unit: "局机关", Kind: "通电路灯", Geometry: east(200)},
		}
		for i := range lamps {
			if err := d.SaveAsset(ctx, &lamps[i]); err != nil {
				t.Fatal(err)
			}
		}
		mk := func(no string, p orb.Point) domain.Case {
			return domain.Case{No: no, Source: domain.SourceCityPlatform, Category: domain.CategoryComponent, ClassCode: "0118",
				Location: &p, ReportedAt: caseAt("2020-05-01 08:00"), Unit: "局机关"}
		}
		byComponent := mk("C-1", at)
		byComponent.ComponentID = "1101050118000001"
		byCode := mk("C-2", at)
		byCode.AssetClass, byCode.AssetCode = domain.Lamps, "LD-2"
		unknownComponent := mk("C-3", east(195))
		unknownComponent.ComponentID = "1101050118999999"
		near := mk("C-4", east(1))   // LD-1 at 9 m
		far := mk("C-5", east(100))  // 100 m from LD-1 and LD-3
		event := mk("C-6", east(10)) // an event is no component's
		event.Category, event.ClassCode, event.ClassName = domain.CategoryEvent, "", "乱堆物料"
		sum := importCases(t, d, &domain.Batch{Cases: []domain.Case{byComponent, byCode, unknownComponent, near, far, event}})
		if sum.Added != 6 || len(sum.Warnings) != 1 || sum.Warnings[0].Rule != "case_unknown_component" {
			t.Fatalf("import: %+v", sum)
		}
		link := func(no string) (int64, string) {
			c, err := d.GetCaseByNo(ctx, no)
			if err != nil {
				t.Fatal(err)
			}
			return c.AssetID, c.Link
		}
		if id, m := link("C-1"); id != lamps[0].ID || m != domain.LinkComponentID {
			t.Fatalf("C-1 linked to %d by %q", id, m)
		}
		if id, m := link("C-2"); id != lamps[1].ID || m != domain.LinkAssetCode {
			t.Fatalf("C-2 linked to %d by %q", id, m)
		}
		props, err := d.ProposeCaseLinks(ctx, 2020, nil)
		if err != nil {
			t.Fatal(err)
		}
		// C-3 names a component the register lacks: not proposed (its ID is the platform's word).
		if len(props) != 1 || props[0].CaseNo != "C-4" || props[0].Asset.ID != lamps[0].ID || props[0].Distance < 8.5 || props[0].Distance > 9.5 {
			t.Fatalf("proposals: %+v", props)
		}
		// A stale proposal is refused, nothing written.
		stale := []domain.CaseLink{{CaseID: props[0].CaseID, Version: props[0].CaseVer + 1, AssetID: props[0].Asset.ID, Method: domain.LinkNearest}}
		if _, err := d.LinkCases(ctx, stale); domain.ErrorKind(err) != domain.KindConflict {
			t.Fatalf("stale link: %v", err)
		}
		n, err := d.LinkCases(ctx, []domain.CaseLink{{CaseID: props[0].CaseID, Version: props[0].CaseVer, AssetID: props[0].Asset.ID, Method: domain.LinkNearest}})
		if err != nil || n != 1 {
			t.Fatalf("link: %d %v", n, err)
		}
		if id, m := link("C-4"); id != lamps[0].ID || m != domain.LinkNearest {
			t.Fatalf("C-4 linked to %d by %q", id, m)
		}
		hist, err := d.AuditHistory(ctx, "cases", props[0].CaseID, 10)
		if err != nil {
			t.Fatal(err)
		}
		audited := map[string]string{}
		for _, h := range hist {
			audited[h.Field] = h.New
		}
		if audited["asset_link"] != domain.LinkNearest || audited["asset_id"] != itoa(lamps[0].ID) {
			t.Fatalf("audit: %+v", hist)
		}
		// The asset's cases.
		mine, err := d.FindCases(ctx, domain.CaseFilter{AssetID: lamps[0].ID})
		if err != nil || len(mine) != 2 {
			t.Fatalf("LD-1's cases: %d %v", len(mine), err)
		}
		if props, err := d.ProposeCaseLinks(ctx, 2020, nil); err != nil || len(props) != 0 {
			t.Fatalf("proposals after linking: %+v %v", props, err)
		}
		// A later export with a later state (no asset columns) keeps the person's link…
		later := mk("C-4", east(1))
		later.ResolvedAt = caseAt("2020-05-02 08:00")
		if sum := importCases(t, d, &domain.Batch{Cases: []domain.Case{later}}); sum.Updated != 1 {
			t.Fatalf("later export: %+v", sum)
		}
		if id, m := link("C-4"); id != lamps[0].ID || m != domain.LinkNearest {
			t.Fatalf("after a later export C-4 linked to %d by %q", id, m)
		}
		// …and so does one naming a component the register lacks, without a warning…
		unknown := later
		unknown.ComponentID = "1101050118999999"
		if sum := importCases(t, d, &domain.Batch{Cases: []domain.Case{unknown}}); sum.Updated != 1 || len(sum.Warnings) != 0 {
			t.Fatalf("export naming an unknown component: %+v", sum)
		}
		if id, m := link("C-4"); id != lamps[0].ID || m != domain.LinkNearest {
			t.Fatalf("after an unknown component C-4 linked to %d by %q", id, m)
		}
		// …and one naming an asset replaces it.
		later.AssetClass, later.AssetCode = domain.Lamps, "LD-3"
		importCases(t, d, &domain.Batch{Cases: []domain.Case{later}})
		if id, m := link("C-4"); id != lamps[2].ID || m != domain.LinkAssetCode {
			t.Fatalf("after an export naming LD-3 C-4 linked to %d by %q", id, m)
		}
		// On edit: a manual link is kept; a gone asset is refused.
		c5, _ := d.GetCaseByNo(ctx, "C-5")
		c5.AssetID, c5.Link = lamps[2].ID, domain.LinkManual
		if err := d.SaveCase(ctx, c5); err != nil {
			t.Fatal(err)
		}
		if id, m := link("C-5"); id != lamps[2].ID || m != domain.LinkManual {
			t.Fatalf("C-5 linked to %d by %q", id, m)
		}
		c5.AssetID = 999999
		if err := d.SaveCase(ctx, c5); domain.ErrorKind(err) != domain.KindInvalid {
			t.Fatalf("link to a missing asset: %v", err)
		}
		if _, err := d.LinkCases(ctx, []domain.CaseLink{{CaseID: c5.ID, Version: c5.Version, AssetID: 999999}}); domain.ErrorKind(err) != domain.KindInvalid {
			t.Fatalf("bulk link to a missing asset: %v", err)
		}
	})
}
