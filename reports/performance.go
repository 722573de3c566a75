package reports

import (
	"strings"

	"cityledger/domain"
)

// performance words section 4: per disclosed project the seed's 综述 paragraph and its
// 项目绩效目标完成情况表, then a summary table of every project of the year.
func (b *builder) performance() {
	type exec struct {
		fiscal, other domain.Fen
		count         int64
	}
	byProject := map[int64]*exec{}
	for _, r := range b.d.recs {
		if r.ProjectID == 0 {
			continue
		}
		e := byProject[r.ProjectID]
		if e == nil {
			e = &exec{}
			byProject[r.ProjectID] = e
		}
		e.count += r.Count
		if r.Funding == domain.FundOther {
			e.other += r.Cost
		} else {
			e.fiscal += r.Cost
		}
	}
	for _, p := range b.d.projects {
		e := byProject[p.ID]
		if e == nil {
			e = &exec{}
		}
		pf := ProjectFigures{
			Code: p.Code, Name: p.Name, Unit: b.units[p.UnitID].Name, Disclosed: p.Disclosed,
			Budget: p.Budget, FiscalBudget: p.FiscalBudget, OtherBudget: p.OtherBudget,
			Executed: e.fiscal + e.other, FiscalExecuted: e.fiscal, OtherExecuted: e.other,
			Records: e.count, project: p,
		}
		if pf.Unit == "" {
			pf.Unit = p.Unit
		}
		pf.Rate = domain.Percent(int64(pf.Executed), int64(pf.Budget))
		for _, in := range b.d.indicators[p.ID] {
			row := Indicator{Level1: in.Level1, Level2: in.Level2, Level3: in.Level3, Target: in.Target, Actual: in.Actual, Binding: in.Binding}
			if in.Binding != "" {
				if bind, err := domain.ParseBinding(in.Binding); err == nil {
					row.Actual = b.bindingValue(bind)
				}
			}
			pf.Indicators = append(pf.Indicators, row)
		}
		b.m.Projects = append(b.m.Projects, pf)
	}

	s := b.section(domain.SectionPerformance)
	var disclosed []*ProjectFigures
	for i := range b.m.Projects {
		if b.m.Projects[i].Disclosed {
			disclosed = append(disclosed, &b.m.Projects[i])
		}
	}
	s.para(b.perfOpening())
	for _, p := range paragraphs(b.d.settings.Note(domain.NotePerfOverall)) {
		s.para(p)
	}
	results := paragraphs(b.d.settings.Note(domain.NotePerfResults))
	if len(results) > 0 {
		s.subheading(b.t("perf.sub_projects", nil))
	}
	s.para(b.perfIntro(disclosed))
	for i, pf := range disclosed {
		s.para(b.perfParagraph(i+1, pf))
	}
	for i, pf := range disclosed {
		s.table(b.perfTable(i+1, pf))
	}
	s.table(b.projectsTable())
	if len(results) > 0 {
		s.subheading(b.t("perf.sub_results", nil))
		for _, p := range results {
			s.para(p)
		}
	}
}

// perfOpening is the 预算绩效管理 opening: the projects assessed in advance (事前绩效
// 评估) by name, then how many projects of the year have a goal, how many were
// monitored (绩效监控) and how many self-evaluated (绩效自评). No projects, no opening.
func (b *builder) perfOpening() string {
	pm := &b.m.PerfMgmt
	pm.PreAssessed = []string{}
	for _, p := range b.d.projects {
		if strings.TrimSpace(p.Goal) != "" {
			pm.WithGoal++
		}
		if p.Monitored {
			pm.Monitored++
		}
		if p.SelfEvaluated {
			pm.SelfEvaluated++
		}
		if p.PreAssessed {
			pm.PreAssessed = append(pm.PreAssessed, strings.TrimSuffix(p.Name, "项目"))
		}
	}
	if len(b.d.projects) == 0 {
		return ""
	}
	pre := ""
	if len(pm.PreAssessed) > 0 {
		var names []string
		for _, n := range pm.PreAssessed {
			names = append(names, b.t("perf.quoted", map[string]any{"Name": n}))
		}
		pre = b.t("perf.pre_assessed", map[string]any{"Names": b.join(names)})
	}
	return b.t("perf.opening", map[string]any{"PreAssessed": pre, "Goals": pm.WithGoal,
		"Monitored": pm.Monitored, "SelfEvaluated": pm.SelfEvaluated})
}

// paragraphs splits a note into its paragraphs (one per line), each ending in a stop.
func paragraphs(note string) []string {
	var out []string
	for _, line := range strings.Split(note, "\n") {
		if p := sentence(line); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// perfIntro names the first two disclosed projects the way the seed does:
// 反映“西区绿化管护”、“路灯及亮化设施维修维护”等5个项目绩效目标实际完成情况.
func (b *builder) perfIntro(ps []*ProjectFigures) string {
	y := b.d.year
	if len(ps) == 0 {
		return b.t("perf.intro_none", map[string]any{"Year": y})
	}
	var names []string
	for i, p := range ps {
		if i == 2 {
			break
		}
		names = append(names, b.t("perf.quoted", map[string]any{"Name": strings.TrimSuffix(p.Name, "项目")}))
	}
	key := "perf.intro"
	if len(ps) <= 2 {
		key = "perf.intro_few"
	}
	return b.t(key, map[string]any{"Year": y, "Names": b.join(names), "N": len(ps)})
}

// perfParagraph is "（N）{name}绩效目标完成情况综述。项目全年预算数X万元，执行数为Y万元，
// 完成预算的Z%。{summary}发现的主要问题：…下一步改进措施：…".
func (b *builder) perfParagraph(n int, pf *ProjectFigures) string {
	p := map[string]any{
		"N": n, "Name": pf.Name, "Budget": b.moneyFen(pf.Budget), "Executed": b.moneyFen(pf.Executed), "Rate": pf.Rate,
	}
	key := "perf.project"
	if pf.Rate == "" {
		key = "perf.project_norate"
	}
	parts := []string{b.t(key, p), sentence(pf.project.Summary)}
	if pr := strings.TrimSpace(pf.project.Problems); pr != "" {
		parts = append(parts, b.t("perf.problems", map[string]any{"Text": sentence(pr)}))
	}
	if ns := strings.TrimSpace(pf.project.NextSteps); ns != "" {
		parts = append(parts, b.t("perf.next_steps", map[string]any{"Text": sentence(ns)}))
	}
	return b.cat(parts...)
}

// perfTable lays out the seed's 项目绩效目标完成情况表 on a six-column grid:
//
//	项目名称 | name ×5
//	预算单位 | unit ×5
//	预算执行情况(万元) ↓3 | 预算数: | X | 执行数: | Y ×2
//	                     | 其中-财政拨款: | … | 其中-财政拨款: | … ×2
//	                     | 其它资金: | … | 其它资金: | … ×2
//	年度目标完成情况 ↓2 | 预期目标 ×2 | 实际完成目标 ×3
//	                   | goal ×2 | result ×3
//	绩效指标完成情况 ↓n+1 | 一级指标 | 二级指标 | 三级指标 | 预期指标值 | 实际完成指标值
//	                     | one row per indicator, or 无 ×5
func (b *builder) perfTable(n int, pf *ProjectFigures) *Table {
	const cols = 6
	t := &Table{
		ID: "perf-" + itoa(int64(n)), Kind: TableForm, Title: b.t("table.perf.title", nil),
		Subtitle: b.t("table.perf.year", map[string]any{"Year": b.d.year}),
		Sheet:    b.t("sheet.perf", map[string]any{"N": n}), Columns: cols,
	}
	indRows := len(pf.Indicators)
	if indRows == 0 {
		indRows = 1
	}
	rows := make([][]Cell, 7+1+indRows)
	for i := range rows {
		rows[i] = make([]Cell, cols)
	}
	label := func(r, c int, key string) { rows[r][c] = Cell{Text: b.t("table.perf."+key, nil), Header: true} }
	label(0, 0, "name")
	rows[0][1] = Cell{Text: pf.Name}
	span(rows, 0, 1, 1, 5)
	label(1, 0, "unit")
	rows[1][1] = Cell{Text: pf.Unit}
	span(rows, 1, 1, 1, 5)

	bud := largestRemainder([]domain.Fen{pf.FiscalBudget, pf.OtherBudget})
	exe := largestRemainder([]domain.Fen{pf.FiscalExecuted, pf.OtherExecuted})
	budTotal, exeTotal := pf.Budget.WanHundredths(), pf.Executed.WanHundredths()
	b.sum(b.t("sum.budget", map[string]any{"Name": pf.Name}), bud, budTotal)
	b.sum(b.t("sum.executed", map[string]any{"Name": pf.Name}), exe, exeTotal)
	label(2, 0, "budget_block")
	label(2, 1, "budget")
	rows[2][2] = b.fenCell(pf.Budget, budTotal)
	label(2, 3, "executed")
	rows[2][4] = b.fenCell(pf.Executed, exeTotal)
	label(3, 1, "fiscal")
	rows[3][2] = b.fenCell(pf.FiscalBudget, bud[0])
	label(3, 3, "fiscal")
	rows[3][4] = b.fenCell(pf.FiscalExecuted, exe[0])
	label(4, 1, "other")
	label(4, 3, "other")
	// The seed leaves 其它资金 blank when there is none.
	if pf.OtherBudget != 0 || bud[1] != 0 {
		rows[4][2] = b.fenCell(pf.OtherBudget, bud[1])
	}
	if pf.OtherExecuted != 0 || exe[1] != 0 {
		rows[4][4] = b.fenCell(pf.OtherExecuted, exe[1])
	}
	for r := 2; r <= 4; r++ {
		span(rows, r, 4, 1, 2)
	}
	span(rows, 2, 0, 3, 1)

	label(5, 0, "goal_block")
	label(5, 1, "goal")
	label(5, 3, "result")
	rows[6][1] = Cell{Text: pf.project.Goal}
	rows[6][3] = Cell{Text: pf.project.Result}
	span(rows, 5, 1, 1, 2)
	span(rows, 5, 3, 1, 3)
	span(rows, 6, 1, 1, 2)
	span(rows, 6, 3, 1, 3)
	span(rows, 5, 0, 2, 1)

	label(7, 0, "indicator_block")
	for i, k := range []string{"level1", "level2", "level3", "target", "actual"} {
		label(7, i+1, k)
	}
	if len(pf.Indicators) == 0 {
		rows[8][1] = Cell{Text: b.t("none", nil)}
		span(rows, 8, 1, 1, 5)
	}
	for i, in := range pf.Indicators {
		rows[8+i] = []Cell{{}, {Text: in.Level1}, {Text: in.Level2}, {Text: in.Level3}, {Text: in.Target}, {Text: in.Actual}}
	}
	span(rows, 7, 0, 1+indRows, 1)
	t.Rows = rows
	return t
}

// projectsTable lists every project of the year with its budget and execution, the
// data of the budget-versus-executed chart.
func (b *builder) projectsTable() *Table {
	t := b.listTable("projects", b.t("table.projects.title", nil),
		"table.projects.code", "table.projects.name", "table.projects.disclosed",
		"table.projects.budget", "table.projects.executed", "table.projects.rate")
	if len(b.m.Projects) == 0 {
		t.Rows = append(t.Rows, b.noneRow(t.Columns))
		return t
	}
	var budgets, executed []domain.Fen
	for _, p := range b.m.Projects {
		budgets = append(budgets, p.Budget)
		executed = append(executed, p.Executed)
	}
	bp, ep := largestRemainder(budgets), largestRemainder(executed)
	var bt, et domain.Fen
	for i, p := range b.m.Projects {
		yes := "否"
		if p.Disclosed {
			yes = "是"
		}
		t.Rows = append(t.Rows, []Cell{
			{Text: p.Code}, {Text: p.Name}, {Text: b.enum(yes)},
			b.fenCell(p.Budget, bp[i]), b.fenCell(p.Executed, ep[i]), pctCell(int64(p.Executed), int64(p.Budget)),
		})
		b.m.Charts.Projects = append(b.m.Charts.Projects, ProjectBar{Name: p.Name, Budget: bp[i], Executed: ep[i]})
		bt += p.Budget
		et += p.Executed
	}
	b.sum(b.t("sum.project_budgets", nil), bp, bt.WanHundredths())
	b.sum(b.t("sum.project_executed", nil), ep, et.WanHundredths())
	t.Rows = append(t.Rows, []Cell{
		{Text: b.t("table.total", nil), Header: true}, {}, {},
		b.fenCell(bt, bt.WanHundredths()), b.fenCell(et, et.WanHundredths()),
		pctCell(int64(et), int64(bt)),
	})
	return t
}

// bindingValue computes an indicator's actual value from the registers: assets held
// at the year's end, or the year's records, filtered as the binding says.
func (b *builder) bindingValue(bind domain.Binding) string {
	match := func(key, v string) bool {
		allowed, ok := bind.Filters[key]
		return !ok || domain.OneOf(v, allowed)
	}
	if bind.Source == "records" {
		classes := map[domain.Class]bool{}
		for _, c := range bind.Filters["class"] {
			if k, ok := domain.ParseClass(c); ok {
				classes[k] = true
			}
		}
		projects := map[int64]bool{}
		for _, p := range b.d.projects {
			if domain.OneOf(p.Code, bind.Filters["project"]) {
				projects[p.ID] = true
			}
		}
		var count int64
		var cost domain.Fen
		qty := map[string]float64{}
		var units []string
		for _, r := range b.d.recs {
			if !match("work_type", r.WorkType) {
				continue
			}
			if _, ok := bind.Filters["class"]; ok && !classes[r.AssetClass] {
				continue
			}
			if _, ok := bind.Filters["project"]; ok && !projects[r.ProjectID] {
				continue
			}
			count += r.Count
			cost += r.Cost
			if r.Quantity > 0 {
				if _, seen := qty[r.QuantityUnit]; !seen {
					units = append(units, r.QuantityUnit)
				}
				qty[r.QuantityUnit] += r.Quantity
			}
		}
		switch bind.Measure {
		case "cost":
			return b.t("bind.money", map[string]any{"Amount": b.moneyFen(cost)})
		case "quantity":
			if len(units) == 0 {
				return "0"
			}
			var parts []string
			for _, u := range units {
				parts = append(parts, b.t("bind.count", map[string]any{"N": quantity(qty[u]), "Word": b.word(u)}))
			}
			return b.join(parts)
		}
		return b.t("bind.count", map[string]any{"N": count, "Word": b.word(bind.CountWord())})
	}
	unitIDs := map[int64]bool{}
	for _, u := range b.d.units {
		if domain.OneOf(u.Name, bind.Filters["unit"]) || domain.OneOf(u.ShortName, bind.Filters["unit"]) {
			unitIDs[u.ID] = true
		}
	}
	var count int64
	var length, area float64
	for _, g := range b.held(domain.Class(bind.Source)) {
		if _, ok := bind.Filters["unit"]; ok && !unitIDs[g.UnitID] {
			continue
		}
		if !match("type", g.Kind) {
			continue
		}
		count += g.Count
		length += g.LengthM
		area += g.AreaM2
	}
	switch bind.Measure {
	case "area":
		return b.t("bind.area", map[string]any{"N": whole(area)})
	case "length":
		if length >= 1000 {
			return b.t("bind.km", map[string]any{"N": km(length)})
		}
		return b.t("bind.m", map[string]any{"N": quantity(length)})
	}
	return b.t("bind.count", map[string]any{"N": count, "Word": b.word(bind.CountWord())})
}
