package reports

import (
	"context"
	"testing"

	"cityledger/domain"
	"cityledger/domain/i18n"
)

// The equipment sentence counts assets by their class's accounting category as the
// catalogue declares it: a user class declared 专用设备 holding one machine of
// 120万元 adds one to 单价100万元以上专用设备; the same machine in a 其他 class adds
// nothing; vehicles stay 通用设备.
func TestEquipmentFollowsTheClassDeclaration(t *testing.T) {
	ctx := context.Background()
	db := demoCopy(t)
	base, err := ForYear(ctx, db, 2020, i18n.ZH)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		key      domain.Class
		category domain.AccountingCategory
		special  int64
	}{
		{"sweepers", domain.CategorySpecialEquipment, 1},
		{"sculptures", domain.CategoryOther, 0},
	} {
		if _, err := db.AddClass(ctx, domain.ClassDef{Key: c.key, Name: domain.Label{ZH: string(c.key)},
			Geometry: domain.GeometryNone, Category: c.category, QuantityUnit: "台"}); err != nil {
			t.Fatal(err)
		}
		units, _ := db.ListUnits(ctx)
		if err := db.SaveAsset(ctx, &domain.Asset{Class: c.key, Code: "M-1", UnitID: units[0].ID, Status: domain.StatusInUse,
			StartDate: "2019-05-01", OriginalValue: 120_0000_00}); err != nil {
			t.Fatal(err)
		}
		m, err := ForYear(ctx, db, 2020, i18n.ZH)
		if err != nil {
			t.Fatal(err)
		}
		if got := m.Equipment.Special100 - base.Equipment.Special100; got != c.special {
			t.Errorf("%s (%s): 专用设备 %d more, want %d", c.key, c.category, got, c.special)
		}
		if m.Equipment.General50 != base.Equipment.General50 {
			t.Errorf("%s: 通用设备 %d, was %d", c.key, m.Equipment.General50, base.Equipment.General50)
		}
		base = m
	}
	if got := domain.AccountingCategoryOf(nil, domain.Vehicles); got != domain.CategoryGeneralEquipment {
		t.Errorf("vehicles are %s", got)
	}
}
