package reports

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"cityledger/domain"
	"cityledger/domain/i18n"
)

// The checks of what people typed. Every text a person writes that the report prints
// (the year settings' notes, a disclosed project's goal, result, summary, problems and
// next steps, its indicators' targets and actual values) is read by extractFigures;
// each figure is matched against the references of the text's scope (the table
// below: which words in the figure's clause name which computed figure) and compared
// at the precision it is stated in. Approximate figures (约, 余, 以上…) are never
// compared. Template leftovers are flagged wherever they are typed, and typed
// indicator values that a binding computes exactly are offered the binding.

// scope says which computed figures a text may state.
type scope int

const (
	scopeOfficial  scope = iota // notes of the 公务用车 item
	scopeVehicles               // the note after the vehicle sentence
	scopeAbroad                 // note of 因公出国（境）
	scopeReception              // notes of 公务接待
	scopePerf                   // notes of 预算绩效管理
	scopeProject                // a disclosed project's result and summary
	scopePlan                   // a disclosed project's goal, problems, next steps: leftovers only
	scopeTarget                 // an indicator's target
	scopeActual                 // an indicator's actual value
)

// typedText is one text a person typed, where it is and what it may state.
type typedText struct {
	text    string
	where   string // "年度设置“公务用车增减原因”", "项目“…”的综述"
	subject string // a setting key or a project code
	field   string // the setting key, project field or "indicators.N.actual"
	scope   scope
	project *ProjectFigures
	ind     *domain.Indicator
}

// computedFigure is a figure the registers give: N × 10^-Exp in Base (元, 米, ㎡, %, or a
// measure word).
type computedFigure struct {
	N    int64
	Exp  int
	Base string
}

// reference is one row of the table: a computed figure a text of its scopes may name.
type reference struct {
	what   string // catalogue key report.ref.<what>: the figure's name in messages
	scopes []scope
	base   string // the base unit of the figures it matches
	change bool   // it is a change against the year before (增加/增长…)
	// cues are the words that, in the figure's clause, name this figure: the cue nearest
	// before the number wins, else the first after it. No cues: the scope alone names it.
	cues []string
	// applies refuses a clause the cues alone would misread (nil: any).
	applies func(clause, sentence string) bool
	value   func(b *builder, t *typedText) (computedFigure, bool)
}

func fenFigure(f domain.Fen) (computedFigure, bool) { return computedFigure{int64(f), 2, "元"}, true }
func countFigure(n int64) (computedFigure, bool)    { return computedFigure{n, 0, ""}, true }
func pctOf(num, den int64) (computedFigure, bool) {
	v, ok := domain.PercentHundredths(num, den)
	return computedFigure{v, 2, "%"}, ok
}

// official clauses name the official cars unless they speak of all vehicles (车辆).
func officialClause(clause, sentence string) bool {
	return strings.Contains(clause, "公务") || !strings.Contains(clause, "车辆")
}

func allVehiclesClause(clause, sentence string) bool { return !strings.Contains(clause, "公务") }

var references = []reference{
	{what: "official_purchased", scopes: []scope{scopeOfficial}, base: "辆",
		cues: []string{"购入", "购置", "新购", "采购", "购买", "购进", "更新"}, applies: officialClause,
		value: func(b *builder, _ *typedText) (computedFigure, bool) { return countFigure(b.m.Official.PurchasedCars) }},
	{what: "official_fleet", scopes: []scope{scopeOfficial}, base: "辆",
		cues: []string{"共有", "现有", "拥有", "保有", "实有", "年末", "底"}, applies: officialClause,
		value: func(b *builder, _ *typedText) (computedFigure, bool) { return countFigure(b.m.Official.Fleet) }},
	{what: "vehicles_total", scopes: []scope{scopeOfficial, scopeVehicles}, base: "辆",
		cues: []string{"共有", "现有", "拥有", "保有", "实有"}, applies: allVehiclesClause,
		value: func(b *builder, _ *typedText) (computedFigure, bool) { return countFigure(b.m.Vehicles.Total) }},
	{what: "official_purchase", scopes: []scope{scopeOfficial}, base: "元",
		cues:  []string{"购置", "购入", "购车", "购买"},
		value: func(b *builder, _ *typedText) (computedFigure, bool) { return fenFigure(b.m.Official.Purchase) }},
	{what: "official_running", scopes: []scope{scopeOfficial}, base: "元",
		cues:  []string{"运行", "维护", "运维", "燃料", "维修"},
		value: func(b *builder, _ *typedText) (computedFigure, bool) { return fenFigure(b.m.Official.Running) }},
	{what: "official_total", scopes: []scope{scopeOfficial}, base: "元",
		cues:  []string{"支出", "决算", "合计", "共计", "经费"},
		value: func(b *builder, _ *typedText) (computedFigure, bool) { return fenFigure(b.m.Official.Total) }},
	{what: "official_change", scopes: []scope{scopeOfficial}, base: "元", change: true,
		value: func(b *builder, _ *typedText) (computedFigure, bool) {
			return fenFigure(b.m.Official.Total - b.m.Official.PrevTotal)
		}},
	{what: "official_change_pct", scopes: []scope{scopeOfficial}, base: "%", change: true,
		value: func(b *builder, _ *typedText) (computedFigure, bool) {
			o := b.m.Official
			return pctOf(int64(o.Total-o.PrevTotal), int64(o.PrevTotal))
		}},
	{what: "official_rate", scopes: []scope{scopeOfficial}, base: "%", cues: []string{"完成预算", "预算完成", "执行率"},
		value: func(b *builder, _ *typedText) (computedFigure, bool) {
			o := b.m.Official
			if o.Budget == nil {
				return computedFigure{}, false
			}
			return pctOf(int64(o.Total), int64(*o.Budget))
		}},
	{what: "abroad_amount", scopes: []scope{scopeAbroad}, base: "元", cues: []string{"支出", "经费", "费用", "决算"},
		value: func(b *builder, _ *typedText) (computedFigure, bool) { return itemAmount(b.m.ThreePublic.Abroad) }},
	{what: "abroad_change", scopes: []scope{scopeAbroad}, base: "元", change: true,
		value: func(b *builder, _ *typedText) (computedFigure, bool) {
			return itemChange(b.m.ThreePublic.Abroad, false)
		}},
	{what: "abroad_change_pct", scopes: []scope{scopeAbroad}, base: "%", change: true,
		value: func(b *builder, _ *typedText) (computedFigure, bool) { return itemChange(b.m.ThreePublic.Abroad, true) }},
	{what: "reception_amount", scopes: []scope{scopeReception}, base: "元", cues: []string{"支出", "经费", "费用", "决算"},
		value: func(b *builder, _ *typedText) (computedFigure, bool) { return itemAmount(b.m.ThreePublic.Reception) }},
	{what: "reception_change", scopes: []scope{scopeReception}, base: "元", change: true,
		value: func(b *builder, _ *typedText) (computedFigure, bool) {
			return itemChange(b.m.ThreePublic.Reception, false)
		}},
	{what: "reception_change_pct", scopes: []scope{scopeReception}, base: "%", change: true,
		value: func(b *builder, _ *typedText) (computedFigure, bool) {
			return itemChange(b.m.ThreePublic.Reception, true)
		}},
	{what: "perf_goals", scopes: []scope{scopePerf}, base: "个", cues: []string{"编制", "设定", "设置", "申报"}, applies: projectClause,
		value: func(b *builder, _ *typedText) (computedFigure, bool) { return countFigure(b.m.PerfMgmt.WithGoal) }},
	{what: "perf_monitored", scopes: []scope{scopePerf}, base: "个", cues: []string{"监控"}, applies: projectClause,
		value: func(b *builder, _ *typedText) (computedFigure, bool) { return countFigure(b.m.PerfMgmt.Monitored) }},
	{what: "perf_self_evaluated", scopes: []scope{scopePerf}, base: "个", cues: []string{"自评"}, applies: projectClause,
		value: func(b *builder, _ *typedText) (computedFigure, bool) { return countFigure(b.m.PerfMgmt.SelfEvaluated) }},
	{what: "perf_pre_assessed", scopes: []scope{scopePerf}, base: "个", cues: []string{"事前"}, applies: projectClause,
		value: func(b *builder, _ *typedText) (computedFigure, bool) {
			return countFigure(int64(len(b.m.PerfMgmt.PreAssessed)))
		}},
	{what: "project_budget", scopes: []scope{scopeProject}, base: "元", cues: []string{"预算", "安排资金", "下达资金", "批复"},
		value: func(b *builder, t *typedText) (computedFigure, bool) { return fenFigure(t.project.Budget) }},
	{what: "project_executed", scopes: []scope{scopeProject}, base: "元",
		cues:  []string{"执行", "支出", "使用资金", "使用经费", "投入", "完成投资", "支付", "花费", "共计"},
		value: func(b *builder, t *typedText) (computedFigure, bool) { return fenFigure(t.project.Executed) }},
	{what: "project_rate", scopes: []scope{scopeProject}, base: "%", cues: []string{"完成预算", "预算完成", "执行率", "执行进度", "完成率"},
		applies: func(clause, _ string) bool {
			return !strings.Contains(clause, "处置") && !strings.Contains(clause, "结案")
		},
		value: func(b *builder, t *typedText) (computedFigure, bool) {
			return pctOf(int64(t.project.Executed), int64(t.project.Budget))
		}},
	// A 成本指标's target is the budget it plans to spend, its actual value the spending.
	{what: "cost_target", scopes: []scope{scopeTarget}, base: "元",
		applies: nil,
		value: func(b *builder, t *typedText) (computedFigure, bool) {
			if !costIndicator(t.ind) {
				return computedFigure{}, false
			}
			return fenFigure(t.project.Budget)
		}},
	{what: "cost_actual", scopes: []scope{scopeActual}, base: "元",
		value: func(b *builder, t *typedText) (computedFigure, bool) {
			if !costIndicator(t.ind) {
				return computedFigure{}, false
			}
			return fenFigure(t.project.Executed)
		}},
}

func projectClause(clause, _ string) bool { return strings.Contains(clause, "项目") }

// costIndicator: a 成本指标 row (二级指标 成本指标; some tables name it in the first level).
func costIndicator(in *domain.Indicator) bool {
	return in != nil && (strings.Contains(in.Level2, "成本") || strings.Contains(in.Level1, "成本"))
}

func itemAmount(it ThreePublicItem) (computedFigure, bool) {
	if it.Amount == nil {
		return computedFigure{}, false
	}
	return fenFigure(*it.Amount)
}

func itemChange(it ThreePublicItem, pct bool) (computedFigure, bool) {
	if it.Amount == nil || it.Prev == nil {
		return computedFigure{}, false
	}
	if pct {
		return pctOf(int64(*it.Amount-*it.Prev), int64(*it.Prev))
	}
	return fenFigure(*it.Amount - *it.Prev)
}

// baseOf converts a stated figure to its base unit: 万元 → 元, 公里 → 米.
func baseOf(f statedFigure) (base string, exp int) {
	switch f.Unit {
	case "万元":
		return "元", f.Exp - 4
	case "公里":
		return "米", f.Exp - 3
	}
	return f.Unit, f.Exp
}

// comparedAt is a stated figure in its base unit at the precision it is compared at:
// as stated, except that amounts in 万元 are compared to the hundredth, the report's
// own precision — it prints "15万元" for exactly 15.00万元, so a typed "40万元" states
// 40.00万元, not "about 40".
func comparedAt(f statedFigure) (mant int64, exp int) {
	mant, exp = f.Mantissa, f.Exp
	if f.Unit == "万元" && exp < 2 {
		mant *= pow10(2 - exp)
		exp = 2
	}
	_, shift := baseOf(statedFigure{Unit: f.Unit})
	return mant, exp + shift
}

// sameFigure compares a stated figure with a computed one at the precision stated:
// 34.23万元 equals 342,300.00 元 and 342,349.99 元, 1269%  equals 1269.2%.
func sameFigure(mant int64, exp int, c computedFigure) bool {
	n, e := c.N, c.Exp
	if e > exp {
		return roundDiv(n, pow10(e-exp)) == mant
	}
	return n*pow10(exp-e) == mant
}

func pow10(n int) int64 {
	p := int64(1)
	for ; n > 0; n-- {
		p *= 10
	}
	return p
}

// roundDiv divides rounding half away from zero.
func roundDiv(n, d int64) int64 {
	if n < 0 {
		return -roundDiv(-n, d)
	}
	return (2*n + d) / (2 * d)
}

// typedTexts lists every text a person typed that the report prints.
func (b *builder) typedTexts() []typedText {
	var out []typedText
	setting := func(note string, sc scope) {
		key := "note_" + note
		if t := b.d.settings.Note(note); strings.TrimSpace(t) != "" {
			out = append(out, typedText{text: t, scope: sc, subject: key, field: key,
				where: b.t("check.where_setting", map[string]any{"Field": domain.FieldName(b.lang, key)})})
		}
	}
	setting(domain.NoteOtherVehicles, scopeVehicles)
	for _, n := range []string{domain.NoteOfficialChange, domain.NoteOfficialPurchase, domain.NoteOfficialRunning} {
		setting(n, scopeOfficial)
	}
	setting(domain.NoteAbroadChange, scopeAbroad)
	setting(domain.NoteReceptionChange, scopeReception)
	setting(domain.NoteReceptionContent, scopeReception)
	setting(domain.NotePerfOverall, scopePerf)
	setting(domain.NotePerfResults, scopePerf)
	for i := range b.m.Projects {
		pf := &b.m.Projects[i]
		if !pf.Disclosed {
			continue
		}
		p := pf.project
		for _, f := range []struct {
			key, text string
			sc        scope
		}{
			{"goal", p.Goal, scopePlan}, {"result", p.Result, scopeProject}, {"summary", p.Summary, scopeProject},
			{"problems", p.Problems, scopePlan}, {"next_steps", p.NextSteps, scopePlan},
		} {
			if strings.TrimSpace(f.text) == "" {
				continue
			}
			out = append(out, typedText{text: f.text, scope: f.sc, subject: p.Code, field: f.key, project: pf,
				where: b.t("check.where_project", map[string]any{"Name": p.Name, "Field": domain.FieldName(b.lang, f.key)})})
		}
		for j := range b.d.indicators[p.ID] {
			in := &b.d.indicators[p.ID][j]
			for _, f := range []struct {
				key, text string
				sc        scope
			}{{"target", in.Target, scopeTarget}, {"actual", in.Actual, scopeActual}} {
				if strings.TrimSpace(f.text) == "" {
					continue
				}
				out = append(out, typedText{text: f.text, scope: f.sc, subject: p.Code, project: pf, ind: in,
					field: "indicators." + strconv.Itoa(in.Position) + "." + f.key,
					where: b.t("check.where_indicator", map[string]any{"Name": p.Name, "Indicator": shortName(in.Level3),
						"Field": domain.FieldName(b.lang, f.key)})})
			}
		}
	}
	return out
}

// typedChecks compares every figure typed with the figure it names, flags template
// leftovers, and offers bindings for typed indicator values.
func (b *builder) typedChecks() {
	for _, t := range b.typedTexts() {
		for _, l := range leftovers(t.text) {
			b.check(SeverityWarning, "template_leftover", t.subject, t.field, map[string]any{"Where": t.where, "Text": l})
		}
		if t.scope == scopePlan {
			continue
		}
		refs := b.referencesFor(&t)
		for _, f := range extractFigures(t.text) {
			if f.Approx {
				continue
			}
			ref, ok := pickReference(refs, f, sentenceOf(t.text, f.Clause))
			if !ok {
				continue
			}
			c, ok := ref.value(b, &t)
			if !ok {
				continue
			}
			b.compare(&t, ref, f, c)
		}
		if t.scope == scopeActual {
			b.bindingChecks(&t)
		}
	}
}

// referencesFor is the table's rows for a text's scope, with the bound statistics of
// its project (its indicators' bindings) for result and summary.
func (b *builder) referencesFor(t *typedText) []reference {
	var out []reference
	for _, r := range references {
		for _, s := range r.scopes {
			if s == t.scope {
				out = append(out, r)
			}
		}
	}
	if t.scope != scopeProject {
		return out
	}
	for _, in := range b.d.indicators[t.project.project.ID] {
		bind, err := domain.ParseBinding(in.Binding)
		if in.Binding == "" || err != nil {
			continue
		}
		for _, f := range extractFigures(b.boundFigures(bind)) {
			base, exp := baseOf(f)
			c := computedFigure{f.Mantissa, exp, base}
			out = append(out, reference{what: "bound", scopes: []scope{scopeProject}, base: base, cues: bindingCues(bind),
				value: func(*builder, *typedText) (computedFigure, bool) { return c, true }})
		}
	}
	return out
}

// boundFigures is a binding's value worded in Chinese, the language the extractor
// reads (typed text is Chinese whatever language the report is in).
func (b *builder) boundFigures(bind domain.Binding) string {
	if b.lang == i18n.ZH {
		return b.bindingValue(bind)
	}
	zh := *b
	zh.lang = i18n.ZH
	return zh.bindingValue(bind)
}

// bindingCues are the words by which a sentence names a binding's statistic: the stock
// of a register (共有, 管辖…), or a work type done in the year (修复 for 维修…).
func bindingCues(bind domain.Binding) []string {
	if bind.Source != "records" {
		return []string{"共有", "现有", "管辖", "辖区", "拥有", "管护", "维护", "合计", "共计"}
	}
	if bind.Measure == "cost" {
		return []string{"支出", "费用", "金额", "经费", "执行"}
	}
	synonyms := map[string][]string{"维修": {"维修", "修复", "维护"}, "清掏": {"清掏", "清理", "疏通"},
		"补植": {"补植", "补栽"}, "更换": {"更换"}}
	var out []string
	for _, w := range bind.Filters["work_type"] {
		if s, ok := synonyms[w]; ok {
			out = append(out, s...)
		} else {
			out = append(out, w)
		}
	}
	return out
}

// pickReference finds the reference a figure's clause names: matching unit and kind
// (a change or a level), the nearest cue before the number, else the first after it;
// a reference without cues matches when no cued one does.
func pickReference(refs []reference, f statedFigure, sentence string) (reference, bool) {
	base, _ := baseOf(f)
	best, bestScore := -1, -1<<30
	for i, r := range refs {
		if r.base != base || r.change != (f.Change != 0) {
			continue
		}
		if r.applies != nil && !r.applies(f.Clause, sentence) {
			continue
		}
		score := -1 << 29 // no cues: matches, below any cue
		if len(r.cues) > 0 {
			score = -1 << 30
			for _, c := range r.cues {
				if i := strings.LastIndex(f.Before, c); i >= 0 {
					// Nearer the number is better: the distance from the cue's end.
					if s := -(len(f.Before) - i - len(c)); s > score {
						score = s
					}
				} else if j := strings.Index(f.After, c); j >= 0 {
					if s := -(1 << 20) - j; s > score {
						score = s
					}
				}
			}
			if score == -1<<30 {
				continue
			}
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	if best < 0 {
		return reference{}, false
	}
	return refs[best], true
}

// compare reports a stated figure that differs from the computed one it names.
func (b *builder) compare(t *typedText, ref reference, f statedFigure, c computedFigure) {
	mant, exp := comparedAt(f)
	if ref.change {
		mant *= int64(f.Change)
	}
	if sameFigure(mant, exp, c) {
		return
	}
	code := "text_figure_mismatch"
	switch ref.what {
	case "cost_target":
		code = "cost_target_mismatch"
	case "cost_actual":
		code = "cost_actual_mismatch"
	case "bound":
		code = "bound_value_mismatch"
	}
	stated := f.Text
	if f.Change != 0 {
		stated = f.ChangeWord + stated
	}
	// A typed 成本指标 actual value the records give: offer the binding that prints them.
	hint := ""
	if code == "cost_actual_mismatch" && t.ind != nil && t.ind.Binding == "" {
		if cands := b.bindingCandidates(t.project, "元"); len(cands) > 0 {
			hint = b.t("check.hint_binding", map[string]any{"Binding": cands[0]})
		}
	}
	b.check(SeverityWarning, code, t.subject, t.field, map[string]any{
		"Where": t.where, "Excerpt": excerpt(f.Clause), "What": b.t("ref."+ref.what, nil),
		"Stated": stated, "Computed": b.formatComputed(f, ref, c), "Hint": hint,
	})
}

// formatComputed prints a computed figure in the unit and at the precision the typed
// figure uses (a change with its word: 增长1269.2%).
func (b *builder) formatComputed(f statedFigure, ref reference, c computedFigure) string {
	n := c.N
	word := ""
	if ref.change {
		up, down := "增加", "减少"
		if c.Base == "%" || f.ChangeWord == "增长" || f.ChangeWord == "下降" {
			up, down = "增长", "下降"
		}
		word = up
		if n < 0 {
			word, n = down, -n
		}
		if n == 0 {
			return b.t("ref.unchanged", nil)
		}
	}
	var num string
	switch {
	case f.Unit == "万元":
		num = domain.FormatHundredths(roundDiv(n, pow10(c.Exp+4-2)))
	case f.Unit == "元":
		num = domain.FormatHundredths(roundDiv(n*100, pow10(c.Exp)))
	case f.Unit == "公里":
		num = domain.FormatHundredths(roundDiv(n, pow10(c.Exp+3-2)))
	default:
		num = formatDecimal(n, c.Exp)
	}
	return word + num + f.Unit
}

// formatDecimal prints n × 10^-exp without trailing zeros.
func formatDecimal(n int64, exp int) string {
	if exp <= 0 {
		return strconv.FormatInt(n*pow10(-exp), 10)
	}
	s := strconv.FormatInt(abs64i(n), 10)
	for len(s) <= exp {
		s = "0" + s
	}
	out := strings.TrimRight(s[:len(s)-exp]+"."+s[len(s)-exp:], "0")
	out = strings.TrimSuffix(out, ".")
	if n < 0 {
		out = "-" + out
	}
	return out
}

func abs64i(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// shortName cuts an indicator's 三级指标 to name it in a message.
func shortName(s string) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) > 16 {
		return string(r[:15]) + "…"
	}
	return string(r)
}

// excerpt is a clause cut to a readable length.
func excerpt(s string) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) > 40 {
		return string(r[:39]) + "…"
	}
	return string(r)
}

// leftoverPatterns are what a template leaves when nobody filled it in: both words of
// a choice ("增加/减少"), placeholders (X万元, ×××), empty brackets, numbers with
// leading zeros ("团组00次"), a text that stops at a colon. group is the submatch that
// names the leftover (0: the whole match).
var leftoverPatterns = []struct {
	re    *regexp.Regexp
	group int
}{
	{regexp.MustCompile(`(增加|减少|增长|下降|上升|降低|提高|小于|大于|等于|高于|低于|超过|不足)\s*[/／]\s*(增加|减少|增长|下降|上升|降低|提高|小于|大于|等于|高于|低于|超过|不足)`), 0},
	{regexp.MustCompile(`[×✕╳]+[^，。；、\s]{0,3}`), 0},
	{regexp.MustCompile(`(?:^|[^A-Za-z0-9])((?:[XxＸｘ]{2,}|[XxＸｘ])(?:万元|元|%|％|辆|盏|个|条|件|次|人|米|公里|㎡|年|月|日|项|批次|人次)?)(?:[^A-Za-z0-9]|$)`), 1},
	{regexp.MustCompile(`[（(]\s*[)）]|【\s*】|\[\s*\]|“\s*”`), 0},
	{regexp.MustCompile(`(?:^|[^0-9.])(0[0-9]+(?:次|人|辆|个|条|件|万元|元|批次|人次|盏))`), 1},
	{regexp.MustCompile(`[^，。；\n]{0,12}[：:]\s*$`), 0},
}

// leftovers lists the template leftovers in text, as typed.
func leftovers(text string) []string {
	var out []string
	for _, p := range leftoverPatterns {
		for _, m := range p.re.FindAllStringSubmatchIndex(text, -1) {
			start, end := m[2*p.group], m[2*p.group+1]
			l := strings.TrimSpace(text[start:end])
			// A lone X is a placeholder before a unit ("X万元") or between a Chinese word
			// and punctuation ("增加X，"), not a letter in a name ("X光机").
			if p.group == 1 && utf8.RuneCountInString(l) == 1 && strings.ContainsAny(l, "XxＸｘ") {
				before, _ := utf8.DecodeLastRuneInString(text[:start])
				after, _ := utf8.DecodeRuneInString(text[end:])
				if !unicode.Is(unicode.Han, before) || unicode.Is(unicode.Han, after) || unicode.IsLetter(after) {
					continue
				}
			}
			if l != "" {
				out = append(out, l)
			}
		}
	}
	return out
}

// bindingChecks looks at an indicator's typed actual value against what a binding
// gives: a bound indicator whose typed value (which the report replaces) says
// otherwise, or an unbound one whose figure a binding computes exactly, which is
// offered that binding.
func (b *builder) bindingChecks(t *typedText) {
	in := t.ind
	figs := extractFigures(t.text)
	if in.Binding != "" {
		bind, err := domain.ParseBinding(in.Binding)
		if err != nil {
			return
		}
		bound := extractFigures(b.boundFigures(bind))
		for _, f := range figs {
			if f.Approx || f.Change != 0 {
				continue
			}
			base, _ := baseOf(f)
			for _, g := range bound {
				if gb, gexp := baseOf(g); gb == base {
					b.compare(t, reference{what: "bound", base: base}, f, computedFigure{g.Mantissa, gexp, gb})
					break
				}
			}
		}
		return
	}
	for _, f := range figs {
		if f.Approx || f.Change != 0 {
			continue
		}
		base, _ := baseOf(f)
		mant, exp := comparedAt(f)
		for _, cand := range b.bindingCandidates(t.project, base) {
			bind, err := domain.ParseBinding(cand)
			if err != nil {
				continue
			}
			value := b.bindingValue(bind)
			for _, g := range extractFigures(b.boundFigures(bind)) {
				gb, gexp := baseOf(g)
				if gb == base && sameFigure(mant, exp, computedFigure{g.Mantissa, gexp, gb}) {
					b.check(SeverityWarning, "indicator_bindable", t.subject, "indicators."+strconv.Itoa(in.Position)+".binding",
						map[string]any{"Where": t.where, "Excerpt": excerpt(t.text), "Binding": cand, "Computed": value})
					return
				}
			}
		}
	}
}

// bindingCandidates are the bindings that could compute a figure of base unit for a
// project's indicator, most specific first: its own records (cost, quantity per work
// type), then the registers' stock, whole and per unit.
func (b *builder) bindingCandidates(pf *ProjectFigures, base string) []string {
	code := pf.Code
	if strings.ContainsAny(code, " =,") {
		return nil // a code a binding cannot name
	}
	var out []string
	if base == "元" {
		return []string{"records.cost project=" + code}
	}
	// The project's own records: quantities per work type and class.
	type wc struct {
		work  string
		class domain.Class
	}
	var seen []wc
	for _, r := range b.d.recs {
		if r.ProjectID != pf.project.ID || r.QuantityUnit == "" {
			continue
		}
		k := wc{r.WorkType, r.AssetClass}
		if r.QuantityUnit == base && !containsWC(seen, k) {
			seen = append(seen, k)
		}
	}
	for _, k := range seen {
		if k.class != "" {
			out = append(out, "records.quantity work_type="+k.work+" class="+string(k.class)+" project="+code)
		} else {
			out = append(out, "records.quantity work_type="+k.work+" project="+code)
		}
	}
	if base == "次" {
		out = append(out, "records.count project="+code)
	}
	// The registers' stock.
	for _, c := range domain.Classes {
		var measure string
		switch {
		case base == "㎡" && (c == domain.GreenAreas || c == domain.Roads):
			measure = "area"
		case base == "米" && (c == domain.SewerPipes || c == domain.Roads):
			measure = "length"
		case base == domain.Binding{Source: string(c)}.CountWord():
			measure = "count"
		default:
			continue
		}
		out = append(out, string(c)+"."+measure)
		for _, u := range b.d.units {
			if !strings.ContainsAny(u.ShortName, " =,") {
				out = append(out, string(c)+"."+measure+" unit="+u.ShortName)
			}
		}
	}
	return out
}

func containsWC[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
