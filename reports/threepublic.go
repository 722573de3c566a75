package reports

import (
	"cityledger/domain"
)

// official computes the 公务用车 figures and words their paragraphs (the 三公 section
// places them). Purchases of the year are the official cars whose start date falls in
// it, at their original value; running costs are the year's records without a project
// on official cars. The year before's figures are those archived with its report when
// it is closed, else what the registers give.
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
	b.registersPrevTotal = o.PrevPurchase + o.PrevRunning
	if a := b.d.prevArchive; a != nil {
		o.PrevPurchase, o.PrevRunning, o.PrevArchived = a.Official.Purchase, a.Official.Running, true
	}
	o.PrevTotal = o.PrevPurchase + o.PrevRunning
	// The 公务用车 budget is set when both its parts are: a rate against one part alone
	// would compare the whole spending with half a budget.
	if st := b.d.settings; st != nil && st.OfficialPurchaseBudget != nil && st.OfficialRunningBudget != nil {
		budget := *st.OfficialPurchaseBudget + *st.OfficialRunningBudget
		o.Budget = &budget
	}
	b.officialFees = feeOrder(fees)
	b.officialByType = officialTypes{purchaseN: purchaseN, purchaseFen: purchaseFen, fleet: fleet, extra: extraTypes}
	b.m.Charts.OfficialYears = []OfficialYear{
		{Year: y - 1, Purchase: o.PrevPurchase.WanHundredths(), Running: o.PrevRunning.WanHundredths()},
	}
}

// officialTypes are the official cars by body type, for the purchase and fleet sentences.
type officialTypes struct {
	purchaseN   map[string]int64
	purchaseFen map[string]domain.Fen
	fleet       map[string]int64
	extra       []string
}

// officialParagraphs words the 公务用车 item: its total (printed as total, in
// hundredths of 万元), budget rate, change and reason; the purchases by body type and
// the fleet; the running costs. num is the item's number in the 三公 section ("2.").
func (b *builder) officialParagraphs(num string, total int64) []string {
	y := b.d.year
	o := &b.m.Official
	split := apportion([]domain.Fen{o.Purchase, o.Running}, total)
	b.sum(b.t("sum.official", nil), split, total)
	budget := ""
	if o.Budget != nil {
		if rate := itemRate(o.Total, *o.Budget); rate != "" {
			budget = b.t("three.budget_rate", map[string]any{"Rate": rate})
		}
	}
	p1 := b.t("official.total", map[string]any{"Num": num, "Total": b.money(total), "Budget": budget})
	p1 = b.cat(p1, b.yearOnYear(b.t("three.what_official", nil), o.Total, o.PrevTotal), sentence(b.d.settings.Note(domain.NoteOfficialChange)))

	// Purchases by body type, then the fleet at the year's end by type.
	bt := b.officialByType
	types := func(has map[string]int64) []string {
		out := []string{"轿车", "越野车", "载客汽车"}
		for _, t := range append(append([]string{}, domain.BodyTypes[3:]...), bt.extra...) {
			if has[t] > 0 {
				out = append(out, t)
			}
		}
		return out
	}
	pTypes := types(bt.purchaseN)
	var pFen []domain.Fen
	for _, t := range pTypes {
		pFen = append(pFen, bt.purchaseFen[t])
	}
	pPrinted := apportion(pFen, split[0])
	var pItems []string
	var pCounts []int64
	for i, t := range pTypes {
		o.PurchaseByType = append(o.PurchaseByType, Amount{Key: t, N: bt.purchaseN[t], Fen: bt.purchaseFen[t], Printed: pPrinted[i]})
		pCounts = append(pCounts, bt.purchaseN[t])
		pItems = append(pItems, b.t("official.purchase_type", map[string]any{
			"Type": b.enum(t), "N": bt.purchaseN[t], "Amount": b.money(pPrinted[i]),
		}))
	}
	b.sum(b.t("sum.purchase_amounts", nil), pPrinted, split[0])
	b.sumCount(b.t("sum.purchase_cars", nil), pCounts, o.PurchasedCars)
	pNote := ""
	if n := clause(b.d.settings.Note(domain.NoteOfficialPurchase)); n != "" {
		pNote = b.t("official.purchase_note", map[string]any{"Note": n})
	}
	p2 := b.t("official.purchase", map[string]any{
		"Amount": b.money(split[0]), "N": o.PurchasedCars, "Types": b.joinClauses(pItems), "Note": pNote,
	})
	var fItems []string
	var fCounts []int64
	for _, t := range types(bt.fleet) {
		o.FleetByType = append(o.FleetByType, Count{Key: t, N: bt.fleet[t]})
		fCounts = append(fCounts, bt.fleet[t])
		fItems = append(fItems, b.t("official.fleet_type", map[string]any{"Type": b.enum(t), "N": bt.fleet[t]}))
	}
	b.sumCount(b.t("sum.fleet", nil), fCounts, o.Fleet)
	p2 = b.cat(p2, b.t("official.fleet", map[string]any{"Year": y, "N": o.Fleet, "Types": b.join(fItems)}))

	// The running costs and what they were spent on.
	p3 := b.t("official.running", map[string]any{"Amount": b.money(split[1])})
	o.RunningFees = b.officialFees
	if len(o.RunningFees) > 0 {
		var names []string
		for _, f := range o.RunningFees {
			names = append(names, b.feeName(f))
		}
		if note := clause(b.d.settings.Note(domain.NoteOfficialRunning)); note != "" {
			p3 = b.cat(p3, b.t("official.running_use", map[string]any{"Note": note, "Fees": b.join(names)}))
		} else {
			p3 = b.cat(p3, b.t("official.running_use_nonote", map[string]any{"Fees": b.join(names)}))
		}
	}
	b.m.Charts.OfficialYears = append(b.m.Charts.OfficialYears, OfficialYear{Year: y, Purchase: split[0], Running: split[1]})
	return []string{p1, p2, p3}
}

// itemRate is a 三公 item's budget completion: 0 spent of a budget of 0 is 100% (the
// seed's usage); spending against a budget of 0 has no rate (the checks warn).
func itemRate(spent, budget domain.Fen) string {
	if budget == 0 {
		if spent == 0 {
			return "100%"
		}
		return ""
	}
	return domain.Percent(int64(spent), int64(budget))
}

// threePublicSettings are the settings the full 三公 section needs, in the order a
// missing one is named.
var threePublicSettings = []string{
	domain.AmountAbroad, domain.AmountAbroadBudget, domain.CountAbroadGroups, domain.CountAbroadPersons,
	domain.AmountReceptionDomestic, domain.CountDomesticBatches, domain.CountDomesticPersons,
	domain.AmountReceptionForeign, domain.CountForeignBatches, domain.CountForeignPersons,
	domain.AmountReceptionBudget, "official_purchase_budget", "official_running_budget",
}

// threePublic words the “三公”经费 section (the seed's 七): the total and its budget rate,
// each item's share, then 1. trips abroad, 2. official cars, 3. receptions. Trips abroad
// and receptions are year settings; without their amounts the section holds the
// official cars alone (the checks name what is missing).
func (b *builder) threePublic() {
	st := b.d.settings
	tp := &b.m.ThreePublic
	o := b.m.Official
	if st != nil {
		for _, k := range threePublicSettings {
			if _, ok := st.Value(k); !ok {
				tp.Missing = append(tp.Missing, k)
			}
		}
	}
	item := func(amountKeys []string, budgetKey string, countKeys []string) ThreePublicItem {
		var it ThreePublicItem
		var sum domain.Fen
		for _, k := range amountKeys {
			v, ok := st.Amount(k)
			if !ok {
				return it
			}
			sum += v
		}
		it.Amount = &sum
		if v, ok := st.Amount(budgetKey); ok {
			it.Budget = &v
			it.Rate = itemRate(sum, v)
		}
		for _, k := range countKeys {
			if n, ok := st.Count(k); ok {
				if it.Counts == nil {
					it.Counts = map[string]int64{}
				}
				it.Counts[k] = n
			}
		}
		return it
	}
	prevOf := func(amountKeys []string, archivedItem func(*Model) *domain.Fen) *domain.Fen {
		if a := b.d.prevArchive; a != nil {
			if v := archivedItem(a); v != nil {
				return v
			}
		}
		var sum domain.Fen
		for _, k := range amountKeys {
			v, ok := b.d.prevSettings.Amount(k)
			if !ok {
				return nil
			}
			sum += v
		}
		return &sum
	}
	abroadKeys := []string{domain.AmountAbroad}
	receptionKeys := []string{domain.AmountReceptionDomestic, domain.AmountReceptionForeign}
	tp.Abroad = item(abroadKeys, domain.AmountAbroadBudget, []string{domain.CountAbroadGroups, domain.CountAbroadPersons})
	tp.Abroad.Prev = prevOf(abroadKeys, func(m *Model) *domain.Fen { return m.ThreePublic.Abroad.Amount })
	tp.Reception = item(receptionKeys, domain.AmountReceptionBudget, []string{domain.CountDomesticBatches,
		domain.CountDomesticPersons, domain.CountForeignBatches, domain.CountForeignPersons})
	tp.Reception.Prev = prevOf(receptionKeys, func(m *Model) *domain.Fen { return m.ThreePublic.Reception.Amount })
	total := o.Total
	tp.Official = ThreePublicItem{Amount: &total, Budget: o.Budget, Prev: &o.PrevTotal}
	if o.Budget != nil {
		tp.Official.Rate = itemRate(o.Total, *o.Budget)
	}
	tp.Complete = tp.Abroad.Amount != nil && tp.Reception.Amount != nil

	s := b.section(domain.SectionThreePublic)
	if !tp.Complete {
		for _, p := range b.officialParagraphs("", o.Total.WanHundredths()) {
			s.para(p)
		}
		return
	}
	y := b.d.year
	amounts := []domain.Fen{*tp.Abroad.Amount, o.Total, *tp.Reception.Amount}
	tp.Total = amounts[0] + amounts[1] + amounts[2]
	printedTotal := tp.Total.WanHundredths()
	printed := apportion(amounts, printedTotal)
	b.sum(b.t("sum.three_public", nil), printed, printedTotal)
	if tp.Abroad.Budget != nil && tp.Official.Budget != nil && tp.Reception.Budget != nil {
		budget := *tp.Abroad.Budget + *tp.Official.Budget + *tp.Reception.Budget
		tp.Budget = &budget
		tp.Rate = itemRate(tp.Total, budget)
	}
	rate := func(r string) string {
		if r == "" {
			return ""
		}
		return b.t("three.budget_rate", map[string]any{"Rate": r})
	}
	s.subheading(b.t("three.sub_overall", nil))
	s.para(b.t("three.total", map[string]any{"Year": y, "Total": b.money(printedTotal), "Budget": rate(tp.Rate)}))
	s.subheading(b.t("three.sub_detail", nil))
	if tp.Total > 0 {
		tp.Shares = shares(amounts)
	} else {
		tp.Shares = []int64{0, 0, 0}
	}
	pct := func(h int64) string { return domain.FormatHundredths(h) + "%" }
	s.para(b.t("three.shares", map[string]any{"Year": y,
		"Abroad": b.money(printed[0]), "AbroadShare": pct(tp.Shares[0]),
		"Official": b.money(printed[1]), "OfficialShare": pct(tp.Shares[1]),
		"Reception": b.money(printed[2]), "ReceptionShare": pct(tp.Shares[2]),
	}))

	// 1. Trips abroad.
	ab := tp.Abroad
	p := b.t("three.abroad", map[string]any{"Num": b.t("three.num", map[string]any{"N": 1}), "Amount": b.money(printed[0]), "Budget": rate(ab.Rate)})
	groups, gok := ab.Counts[domain.CountAbroadGroups]
	persons, pok := ab.Counts[domain.CountAbroadPersons]
	if gok && pok {
		p = b.cat(p, b.t("three.abroad_counts", map[string]any{"Groups": groups, "Persons": persons}))
	}
	if ab.Prev != nil {
		p = b.cat(p, b.yearOnYear(b.t("three.what_abroad", nil), *ab.Amount, *ab.Prev))
	}
	s.para(b.cat(p, sentence(st.Note(domain.NoteAbroadChange))))

	// 2. Official cars.
	for _, p := range b.officialParagraphs(b.t("three.num", map[string]any{"N": 2}), printed[1]) {
		s.para(p)
	}

	// 3. Receptions: domestic and foreign.
	re := tp.Reception
	p = b.t("three.reception", map[string]any{"Num": b.t("three.num", map[string]any{"N": 3}), "Amount": b.money(printed[2]), "Budget": rate(re.Rate)})
	if re.Prev != nil {
		p = b.cat(p, b.yearOnYear(b.t("three.what_reception", nil), *re.Amount, *re.Prev))
	}
	s.para(b.cat(p, sentence(st.Note(domain.NoteReceptionChange)), b.t("three.reception_of", nil)))
	domestic, _ := st.Amount(domain.AmountReceptionDomestic)
	foreign, _ := st.Amount(domain.AmountReceptionForeign)
	parts := apportion([]domain.Fen{domestic, foreign}, printed[2])
	b.sum(b.t("sum.reception", nil), parts, printed[2])
	content := ""
	if c := clause(st.Note(domain.NoteReceptionContent)); c != "" {
		content = b.t("three.domestic_content", map[string]any{"Content": c})
	}
	batches, bok := re.Counts[domain.CountDomesticBatches]
	visitors, vok := re.Counts[domain.CountDomesticPersons]
	if bok && vok {
		s.para(b.t("three.domestic", map[string]any{"Amount": b.money(parts[0]), "Batches": batches, "Persons": visitors, "Content": content}))
	} else {
		s.para(b.t("three.domestic_nocounts", map[string]any{"Amount": b.money(parts[0]), "Content": content}))
	}
	batches, bok = re.Counts[domain.CountForeignBatches]
	visitors, vok = re.Counts[domain.CountForeignPersons]
	if bok && vok {
		s.para(b.t("three.foreign", map[string]any{"Amount": b.money(parts[1]), "Batches": batches, "Persons": visitors}))
	} else {
		s.para(b.t("three.foreign_nocounts", map[string]any{"Amount": b.money(parts[1])}))
	}
}

// shares are the parts' shares of their sum in hundredths of a percent, by largest
// remainder so that they add up to 100%.
func shares(parts []domain.Fen) []int64 {
	var total int64
	scaled := make([]int64, len(parts))
	for i, p := range parts {
		total += int64(p)
		scaled[i] = int64(p) * 10000
	}
	if total == 0 {
		return make([]int64, len(parts))
	}
	return domain.LargestRemainder(scaled, total)
}

// apportion rounds amounts to hundredths of 万元 so that they add up to target, a
// printed total that may itself be a largest-remainder part of a larger total: each
// part is rounded down, then the parts with the largest remainders get a hundredth
// more until they reach the target. When target is out of the parts' reach it is
// plain largest remainder (the checks would then report the sum).
func apportion(parts []domain.Fen, target int64) []int64 {
	out := make([]int64, len(parts))
	rem := make([]int64, len(parts))
	var floorSum int64
	for i, p := range parts {
		out[i] = int64(p) / fenPerHundredth
		rem[i] = int64(p) % fenPerHundredth
		floorSum += out[i]
	}
	need := target - floorSum
	if need < 0 || need > int64(len(parts)) {
		return largestRemainder(parts)
	}
	for ; need > 0; need-- {
		best := -1
		for i := range parts {
			if rem[i] >= 0 && (best < 0 || rem[i] > rem[best]) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		out[best]++
		rem[best] = -1
	}
	return out
}
