package reports

import (
	"math"
	"sort"
	"strconv"

	"cityledger/domain"
)

// assets words section 3: each register's stock at the year's end and its changes in
// the year, the year's maintenance work per work type and what the records cost.
func (b *builder) assets() {
	y := b.d.year
	figs := map[domain.Class]*ClassFigures{}
	for _, c := range domain.Classes {
		b.m.Assets = append(b.m.Assets, ClassFigures{Class: c})
	}
	for i := range b.m.Assets {
		figs[b.m.Assets[i].Class] = &b.m.Assets[i]
	}
	for _, g := range b.d.groups {
		f := figs[g.Class]
		if f == nil {
			continue
		}
		if g.HeldAtEndOf(y) {
			f.Count += g.Count
			f.LengthM += g.LengthM
			f.AreaM2 += g.AreaM2
			f.OriginalValue += g.OriginalValue
		}
		if g.StartYear == y {
			f.Added += g.Count
			f.AddedLengthM += g.LengthM
			f.AddedAreaM2 += g.AreaM2
		}
		if g.DisposalYear == y {
			f.Disposed += g.Count
			f.DisposedLenM += g.LengthM
			f.DisposedAreaM += g.AreaM2
		}
	}
	s := b.section(domain.SectionAssets)
	var stock, added, disposed []string
	for _, f := range b.m.Assets {
		stock = append(stock, b.assetItem(f.Class, f.Count, f.LengthM, f.AreaM2))
		if f.Added > 0 {
			added = append(added, b.assetItem(f.Class, f.Added, f.AddedLengthM, f.AddedAreaM2))
		}
		if f.Disposed > 0 {
			disposed = append(disposed, b.assetItem(f.Class, f.Disposed, f.DisposedLenM, f.DisposedAreaM))
		}
	}
	p := b.t("assets.stock", map[string]any{"Year": y, "List": b.join(stock)})
	ch := map[string]any{"Year": y, "Added": b.join(added), "Disposed": b.join(disposed)}
	key := "assets.changes_none"
	switch {
	case len(added) > 0 && len(disposed) > 0:
		key = "assets.changes"
	case len(added) > 0:
		key = "assets.changes_added"
	case len(disposed) > 0:
		key = "assets.changes_disposed"
	}
	s.para(b.cat(p, b.t(key, ch)))
	b.maintenance(s)
	s.table(b.assetTable())
	s.table(b.costByClassTable())
	s.table(b.costByMonthTable())
}

// assetItem is "路灯950盏", "排水管道60.52公里", "绿地7000㎡": each class in its measure.
func (b *builder) assetItem(c domain.Class, n int64, lengthM, areaM2 float64) string {
	return b.t("assets.item."+string(c), map[string]any{
		"N": n, "Km": km(lengthM), "Area": whole(areaM2),
	})
}

// maintenance words the year's work per work type and the records' cost per class.
func (b *builder) maintenance(s *Section) {
	mf := &b.m.Maintenance
	type key struct {
		work  string
		class domain.Class
		unit  string
	}
	work := map[key]*WorkAmount{}
	classCost := map[domain.Class]domain.Fen{}
	classCount := map[domain.Class]int64{}
	monthCost := make([]domain.Fen, 12)
	for _, r := range b.d.recs {
		mf.Records += r.Count
		mf.Cost += r.Cost
		classCost[r.AssetClass] += r.Cost
		classCount[r.AssetClass] += r.Count
		if r.Month >= 1 && r.Month <= 12 {
			monthCost[r.Month-1] += r.Cost
		}
		if r.Quantity <= 0 || r.QuantityUnit == "" {
			continue
		}
		k := key{r.WorkType, r.AssetClass, r.QuantityUnit}
		w := work[k]
		if w == nil {
			w = &WorkAmount{WorkType: r.WorkType, Class: r.AssetClass, QuantityUnit: r.QuantityUnit}
			work[k] = w
		}
		w.Quantity += r.Quantity
		w.Cost += r.Cost
	}
	for _, w := range work {
		mf.Work = append(mf.Work, *w)
	}
	sort.Slice(mf.Work, func(i, j int) bool {
		a, c := mf.Work[i], mf.Work[j]
		if ia, ic := indexOf(domain.WorkTypes, a.WorkType), indexOf(domain.WorkTypes, c.WorkType); ia != ic {
			return ia < ic
		}
		if ia, ic := classIndex(a.Class), classIndex(c.Class); ia != ic {
			return ia < ic
		}
		return a.QuantityUnit < c.QuantityUnit
	})
	var phrases []string
	for _, w := range mf.Work {
		phrases = append(phrases, b.workPhrase(w))
	}
	y := b.d.year
	p := b.t("maint.none", map[string]any{"Year": y})
	if len(phrases) > 0 {
		p = b.t("maint.work", map[string]any{"Year": y, "List": b.joinClauses(phrases)})
	}

	// Cost per class, the records of no class last as 其他; printed parts add up.
	keys := append(append([]domain.Class{}, domain.Classes...), "")
	var parts []domain.Fen
	for _, c := range keys {
		parts = append(parts, classCost[c])
	}
	printed := largestRemainder(parts)
	var items []string
	for i, c := range keys {
		a := Amount{Key: string(c), N: classCount[c], Fen: classCost[c], Printed: printed[i]}
		mf.ByClass = append(mf.ByClass, a)
		if classCost[c] != 0 {
			items = append(items, b.t("maint.cost_item", map[string]any{"Class": b.costClass(c), "Amount": b.money(printed[i])}))
		}
	}
	b.m.Charts.CostByClass = mf.ByClass
	total := mf.Cost.WanHundredths()
	b.sum(b.t("sum.cost_by_class", nil), printed, total)
	cost := b.t("maint.cost_none", map[string]any{"Year": y})
	if len(items) > 0 {
		cost = b.t("maint.cost", map[string]any{"Year": y, "Total": b.money(total), "List": b.join(items)})
	}
	s.para(b.cat(p, cost))

	mPrinted := largestRemainder(monthCost)
	for i := range monthCost {
		mf.ByMonth = append(mf.ByMonth, Amount{Key: strconv.Itoa(i + 1), Fen: monthCost[i], Printed: mPrinted[i]})
	}
	b.m.Charts.CostByMonth = mf.ByMonth
	b.sum(b.t("sum.cost_by_month", nil), mPrinted, sumFen(monthCost).WanHundredths())
}

// costClass names a class in the cost lists; records of no class are 其他.
func (b *builder) costClass(c domain.Class) string {
	if c == "" {
		return b.t("no_class", nil)
	}
	return b.className(c)
}

// workPhrase is the seed's wording of a work type's quantity: 修复路灯110盏,
// 清理排水沟360米, 修剪41330㎡, 补栽补植350㎡, 除草24000㎡; others
// "{work type}{class}N{unit}".
func (b *builder) workPhrase(w WorkAmount) string {
	p := map[string]any{
		"Work": b.enum(w.WorkType), "Class": b.className(w.Class),
		"Q": quantity(w.Quantity), "Unit": b.word(w.QuantityUnit),
	}
	switch {
	case w.WorkType == "维修" && w.Class == domain.Lamps:
		return b.t("maint.lamp_repair", p)
	case w.WorkType == "清掏" && w.Class == domain.SewerPipes:
		return b.t("maint.drain_clearing", p)
	case w.WorkType == "修剪":
		return b.t("maint.pruning", p)
	case w.WorkType == "补植":
		return b.t("maint.replanting", p)
	case w.WorkType == "除草":
		return b.t("maint.weeding", p)
	case w.Class == "":
		return b.t("maint.other_noclass", p)
	}
	return b.t("maint.other", p)
}

func (b *builder) assetTable() *Table {
	t := b.listTable("assets", b.t("table.assets.title", nil),
		"table.assets.class", "table.assets.count", "table.assets.length", "table.assets.area",
		"table.assets.value", "table.assets.added", "table.assets.disposed")
	for _, f := range b.m.Assets {
		lengthKm, area := f.LengthM/1000, f.AreaM2
		t.Rows = append(t.Rows, []Cell{
			{Text: className(b.lang, string(f.Class))},
			intCell(f.Count),
			numCell(km(f.LengthM), float64(roundHundredths(lengthKm))/100, lengthKm),
			numCell(whole(f.AreaM2), math.Floor(area+0.5), area),
			b.fenCell(f.OriginalValue, f.OriginalValue.WanHundredths()),
			intCell(f.Added),
			intCell(f.Disposed),
		})
	}
	return t
}

func (b *builder) costByClassTable() *Table {
	t := b.listTable("cost-by-class", b.t("table.cost_by_class.title", nil),
		"table.cost_by_class.class", "table.cost_by_class.records", "table.cost_by_class.cost")
	var printed int64
	for _, a := range b.m.Maintenance.ByClass {
		t.Rows = append(t.Rows, []Cell{{Text: className(b.lang, a.Key)}, intCell(a.N), b.fenCell(a.Fen, a.Printed)})
		printed += a.Printed
	}
	mf := b.m.Maintenance
	t.Rows = append(t.Rows, []Cell{{Text: b.t("table.total", nil), Header: true}, intCell(mf.Records), b.fenCell(mf.Cost, printed)})
	return t
}

func (b *builder) costByMonthTable() *Table {
	t := b.listTable("cost-by-month", b.t("table.cost_by_month.title", nil),
		"table.cost_by_month.month", "table.cost_by_month.cost")
	var printed int64
	var total domain.Fen
	for _, a := range b.m.Maintenance.ByMonth {
		t.Rows = append(t.Rows, []Cell{{Text: b.t("month", monthParams(b.lang, a.Key))}, b.fenCell(a.Fen, a.Printed)})
		printed += a.Printed
		total += a.Fen
	}
	t.Rows = append(t.Rows, []Cell{{Text: b.t("table.total", nil), Header: true}, b.fenCell(total, printed)})
	return t
}

func indexOf(list []string, v string) int {
	for i, s := range list {
		if s == v {
			return i
		}
	}
	return len(list)
}

// classIndex orders classes as domain.Classes, no class last.
func classIndex(c domain.Class) int {
	for i, k := range domain.Classes {
		if k == c {
			return i
		}
	}
	return len(domain.Classes)
}
