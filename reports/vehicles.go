package reports

import (
	"cityledger/domain"
	"cityledger/domain/i18n"
)

// vehicles words section 1: the vehicles held at the year's end by use category, with
// the 独立核算 sub-units named in a parenthesis.
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
	s := b.section("vehicles", b.t("heading.vehicles", nil))
	s.para(b.t("vehicles.sentence", map[string]any{
		"Year": b.d.year, "Total": v.Total, "Sub": sub, "Categories": b.join(cats), "Note": note,
	}))
	b.sumCount(b.t("sum.vehicles", nil), []int64{catSum + v.Uncategorised}, v.Total)
}

// official words section 2: 公务用车购置及运行维护费. Purchases of the year are the official
// cars whose start date falls in it, at their original value; running costs are the
// year's records without a project on official cars.
func (b *builder) official() {
	y := b.d.year
	o := &b.m.Official
	purchaseN := map[string]int64{}
	purchaseFen := map[string]domain.Fen{}
	fleet := map[string]int64{}
	var extraTypes []string
	noteType := func(t string) {
		if !domain.OneOf(t, domain.BodyTypes) && !domain.OneOf(t, extraTypes) {
			extraTypes = append(extraTypes, t)
		}
	}
	for _, g := range b.d.groups {
		if g.Class != domain.Vehicles || !g.Official {
			continue
		}
		switch g.StartYear {
		case y:
			o.Purchase += g.OriginalValue
			o.PurchasedCars += g.Count
			purchaseN[g.BodyType] += g.Count
			purchaseFen[g.BodyType] += g.OriginalValue
			noteType(g.BodyType)
		case y - 1:
			o.PrevPurchase += g.OriginalValue
		}
		if g.HeldAtEndOf(y) {
			o.Fleet += g.Count
			fleet[g.BodyType] += g.Count
			noteType(g.BodyType)
		}
	}
	var fees []string
	for _, r := range b.d.recs {
		if r.ProjectID == 0 && r.OfficialCar {
			o.Running += r.Cost
			if !domain.OneOf(r.WorkType, fees) {
				fees = append(fees, r.WorkType)
			}
		}
	}
	for _, r := range b.d.prevRecs {
		if r.ProjectID == 0 && r.OfficialCar {
			o.PrevRunning += r.Cost
		}
	}
	o.Total = o.Purchase + o.Running
	o.PrevTotal = o.PrevPurchase + o.PrevRunning
	if st := b.d.settings; st != nil && (st.OfficialPurchaseBudget != nil || st.OfficialRunningBudget != nil) {
		var budget domain.Fen
		for _, f := range []*domain.Fen{st.OfficialPurchaseBudget, st.OfficialRunningBudget} {
			if f != nil {
				budget += *f
			}
		}
		o.Budget = &budget
	}
	s := b.section("official_cars", b.t("heading.official", nil))

	// Paragraph 1: the total, its budget, the change against the year before, the reason.
	split := largestRemainder([]domain.Fen{o.Purchase, o.Running})
	total := o.Total.WanHundredths()
	b.sum(b.t("sum.official", nil), split, total)
	budget := ""
	if o.Budget != nil {
		if rate := domain.Percent(int64(o.Total), int64(*o.Budget)); rate != "" {
			budget = b.t("official.budget_rate", map[string]any{"Rate": rate})
		}
	}
	p1 := b.t("official.total", map[string]any{"Total": b.money(total), "Budget": budget})
	change := ""
	if b.d.settings != nil {
		change = sentence(b.d.settings.Notes[domain.NoteOfficialChange])
	}
	s.para(b.cat(p1, b.yearOnYear(o.Total, o.PrevTotal), change))

	// Paragraph 2: purchases by body type, then the fleet at the year's end by type.
	types := func(has map[string]int64) []string {
		out := []string{"轿车", "越野车", "载客汽车"}
		for _, t := range append(append([]string{}, domain.BodyTypes[3:]...), extraTypes...) {
			if has[t] > 0 {
				out = append(out, t)
			}
		}
		return out
	}
	pTypes := types(purchaseN)
	var pFen []domain.Fen
	for _, t := range pTypes {
		pFen = append(pFen, purchaseFen[t])
	}
	pPrinted := largestRemainder(pFen)
	var pItems []string
	var pCounts []int64
	for i, t := range pTypes {
		o.PurchaseByType = append(o.PurchaseByType, Amount{Key: t, N: purchaseN[t], Fen: purchaseFen[t], Printed: pPrinted[i]})
		pCounts = append(pCounts, purchaseN[t])
		pItems = append(pItems, b.t("official.purchase_type", map[string]any{
			"Type": b.enum(t), "N": purchaseN[t], "Amount": b.money(pPrinted[i]),
		}))
	}
	b.sum(b.t("sum.purchase_amounts", nil), pPrinted, split[0])
	b.sumCount(b.t("sum.purchase_cars", nil), pCounts, o.PurchasedCars)
	pNote := ""
	if b.d.settings != nil {
		if n := clause(b.d.settings.Notes[domain.NoteOfficialPurchase]); n != "" {
			pNote = b.t("official.purchase_note", map[string]any{"Note": n})
		}
	}
	p2 := b.t("official.purchase", map[string]any{
		"Amount": b.money(split[0]), "N": o.PurchasedCars, "Types": b.joinClauses(pItems), "Note": pNote,
	})
	var fItems []string
	var fCounts []int64
	for _, t := range types(fleet) {
		o.FleetByType = append(o.FleetByType, Count{Key: t, N: fleet[t]})
		fCounts = append(fCounts, fleet[t])
		fItems = append(fItems, b.t("official.fleet_type", map[string]any{"Type": b.enum(t), "N": fleet[t]}))
	}
	b.sumCount(b.t("sum.fleet", nil), fCounts, o.Fleet)
	s.para(b.cat(p2, b.t("official.fleet", map[string]any{"Year": y, "N": o.Fleet, "Types": b.join(fItems)})))

	// Paragraph 3: the running costs and what they were spent on.
	p3 := b.t("official.running", map[string]any{"Amount": b.money(split[1])})
	o.RunningFees = feeOrder(fees)
	if len(o.RunningFees) > 0 {
		var names []string
		for _, f := range o.RunningFees {
			names = append(names, b.feeName(f))
		}
		note := ""
		if b.d.settings != nil {
			note = clause(b.d.settings.Notes[domain.NoteOfficialRunning])
		}
		if note != "" {
			p3 = b.cat(p3, b.t("official.running_use", map[string]any{"Note": note, "Fees": b.join(names)}))
		} else {
			p3 = b.cat(p3, b.t("official.running_use_nonote", map[string]any{"Fees": b.join(names)}))
		}
	}
	s.para(p3)
	b.m.Charts.OfficialYears = []OfficialYear{
		{Year: y - 1, Purchase: o.PrevPurchase.WanHundredths(), Running: o.PrevRunning.WanHundredths()},
		{Year: y, Purchase: split[0], Running: split[1]},
	}
}

// yearOnYear is the sentence comparing this year's 公务用车 cost with the year before:
// the word is chosen (增加/减少, 增长/下降), never printed as "增加/减少"; no percentage
// when the year before was 0.
func (b *builder) yearOnYear(now, prev domain.Fen) string {
	diff := now - prev
	p := map[string]any{"Prev": b.d.year - 1, "Diff": b.moneyFen(abs(diff))}
	switch {
	case diff.WanHundredths() == 0:
		return b.t("official.yoy_same", p)
	case prev == 0:
		return b.t("official.yoy_up_nopct", p)
	case diff > 0:
		p["Pct"] = domain.Percent(int64(diff), int64(prev))
		return b.t("official.yoy_up", p)
	default:
		p["Pct"] = domain.Percent(int64(-diff), int64(prev))
		return b.t("official.yoy_down", p)
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
