package reports

import (
	"cityledger/domain"
	"cityledger/domain/i18n"
)

// The equipment sentence's thresholds: 单价50万元以上通用设备, 单价100万元以上专用设备
// ("以上" includes the figure itself, as in the finance regulations).
const (
	equipmentGeneralMin domain.Fen = 50_0000_00
	equipmentSpecialMin domain.Fen = 100_0000_00
)

// vehicles words the 国有资产占有使用情况 section (the seed's （三）): the vehicles held at
// the year's end by use category, with the 独立核算 sub-units named in a parenthesis,
// then the equipment sentence.
func (b *builder) vehicles() {
	v := &b.m.Vehicles
	byCat := map[string]int64{}
	byUnit := map[int64]int64{}
	for _, g := range b.held(domain.Vehicles) {
		v.Total += g.Count
		byUnit[g.UnitID] += g.Count
		if domain.OneOf(g.Kind, domain.UseCategories) {
			byCat[g.Kind] += g.Count
		} else {
			v.Uncategorised += g.Count
		}
	}
	var cats []string
	var catSum int64
	for _, c := range domain.UseCategories {
		n := byCat[c]
		catSum += n
		v.ByCategory = append(v.ByCategory, Count{Key: c, N: n})
		// 离退休干部用车 is named only when there are some (DESIGN.md, section 1).
		if c == domain.UseRetired && n == 0 {
			continue
		}
		cats = append(cats, b.t("vehicles.category", map[string]any{"Category": b.enum(c), "N": n}))
	}
	var subs []string
	for _, u := range b.d.units {
		if u.ParentID == 0 || !u.IndependentAccounting || byUnit[u.ID] == 0 {
			continue
		}
		v.SubUnits = append(v.SubUnits, Count{Key: u.ShortName, N: byUnit[u.ID]})
		subs = append(subs, b.t("vehicles.sub_item", map[string]any{"Unit": u.ShortName, "N": byUnit[u.ID]}))
	}
	sub := ""
	if len(subs) > 0 {
		sub = b.t("vehicles.sub", map[string]any{"List": b.join(subs)})
	}
	note := ""
	if b.d.settings != nil {
		if n := clause(b.d.settings.Notes[domain.NoteOtherVehicles]); n != "" {
			note = b.t("vehicles.note", map[string]any{"Note": n})
		}
	}
	s := b.section(domain.SectionVehicles)
	s.para(b.cat(b.t("vehicles.sentence", map[string]any{
		"Year": b.d.year, "Total": v.Total, "Sub": sub, "Categories": b.join(cats), "Note": note,
	}), b.equipment()))
	b.sumCount(b.t("sum.vehicles", nil), []int64{catSum + v.Uncategorised}, v.Total)
}

// equipment is "单价50万元以上通用设备N台（套），单价100万元以上专用设备M台（套）。": assets held
// at the year's end counted by their class's accounting category and unit price.
func (b *builder) equipment() string {
	e := &b.m.Equipment
	for c, n := range b.d.valued50 {
		if domain.AccountingCategoryOf(c) == domain.CategoryGeneralEquipment {
			e.General50 += n
		}
	}
	for c, n := range b.d.valued100 {
		if domain.AccountingCategoryOf(c) == domain.CategorySpecialEquipment {
			e.Special100 += n
		}
	}
	return b.t("equipment.sentence", map[string]any{"General": e.General50, "Special": e.Special100})
}

// yearOnYear is the sentence comparing an item's amount with the year before's: the
// word is chosen (增加/减少, 增长/下降), never printed as "增加/减少"; "与Y-1年持平" when
// the change rounds to 0; no percentage when the year before was 0. what names the
// item ("公务用车购置及运行维护费").
func (b *builder) yearOnYear(what string, now, prev domain.Fen) string {
	diff := now - prev
	p := map[string]any{"What": what, "Prev": b.d.year - 1, "Diff": b.moneyFen(abs(diff))}
	switch {
	case diff.WanHundredths() == 0:
		return b.t("three.yoy_same", p)
	case prev == 0:
		return b.t("three.yoy_up_nopct", p)
	case diff > 0:
		p["Pct"] = domain.Percent(int64(diff), int64(prev))
		return b.t("three.yoy_up", p)
	default:
		p["Pct"] = domain.Percent(int64(-diff), int64(prev))
		return b.t("three.yoy_down", p)
	}
}

func abs(f domain.Fen) domain.Fen {
	if f < 0 {
		return -f
	}
	return f
}

// feeOrder maps running-cost work types to the fee names the seed lists, in its order
// (燃料费、维修费、过路过桥费、保险费), then the others, 其他费用 last. 维修 and 更换
// are both 维修费.
func feeOrder(workTypes []string) []string {
	fee := func(w string) string {
		switch w {
		case "维修", "更换":
			return "维修"
		}
		return w
	}
	order := []string{"燃料费", "维修", "过路过桥费", "保险费"}
	for _, w := range domain.WorkTypes {
		if !domain.OneOf(w, order) && w != "更换" && w != "其他" {
			order = append(order, w)
		}
	}
	order = append(order, "其他")
	have := map[string]bool{}
	for _, w := range workTypes {
		have[fee(w)] = true
	}
	var out []string
	for _, f := range order {
		if have[f] {
			out = append(out, f)
		}
	}
	return out
}

// feeName is the fee a running-cost work type is listed as (维修 → 维修费).
func (b *builder) feeName(workType string) string {
	if i18n.Has(b.lang, "report.fee."+workType) {
		return b.t("fee."+workType, nil)
	}
	return b.enum(workType)
}
