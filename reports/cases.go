package reports

import (
	"cityledger/domain"
)

// cases words the section 数字化城管案件办理情况 (DESIGN.md "Cases"): the year's
// 城市管理案件, their ten most frequent components and events, and the 12345 tickets,
// with the rates printed the report's way. A year without cases has no section; a
// year with only one of the two kinds prints only its sentence.
func (b *builder) cases() {
	if b.d.cases == nil {
		return
	}
	f := domain.CaseFiguresFrom(b.d.cases, domain.CaseSelection{})
	if f.Empty() {
		return
	}
	b.m.Cases = f
	s := b.section(domain.SectionCases)
	var parts []string
	if c := f.City; c.Reported > 0 {
		parts = append(parts, b.t("cases.city", map[string]any{"N": c.Reported, "M": c.Resolved, "Rate": c.ResolutionRate,
			"K": c.OnTime, "OnTimeRate": c.OnTimeRate}))
		names := func(cs []domain.ClassCount) string {
			var out []string
			for _, cc := range cs {
				out = append(out, cc.Name)
			}
			return b.join(out)
		}
		comps, events := names(f.TopComponents), names(f.TopEvents)
		switch {
		case comps != "" && events != "":
			parts = append(parts, b.t("cases.top_both", map[string]any{"Components": comps, "Events": events}))
		case comps != "":
			parts = append(parts, b.t("cases.top_components", map[string]any{"Components": comps}))
		case events != "":
			parts = append(parts, b.t("cases.top_events", map[string]any{"Events": events}))
		}
	}
	if h := f.Hotline; h.Tickets > 0 {
		parts = append(parts, b.t("cases.hotline", map[string]any{"T": h.Tickets, "H": h.Resolved, "P": h.RepliedOnTime,
			"ClosureRate": h.ClosureRate, "ReplyRate": h.ReplyRate}))
	}
	s.para(b.cat(parts...))
}

// caseBindingValue is an indicator's actual value bound to the case statistics: a
// count ("33345件") or a rate ("98.04%"), 无 when there is nothing to count.
func (b *builder) caseBindingValue(bind domain.Binding) string {
	if b.d.cases == nil {
		return b.t("none", nil)
	}
	f := domain.CaseFiguresFrom(b.d.cases, bind.CaseSelection())
	n, rate, isRate := bind.CaseValue(f)
	if isRate {
		if rate == "" {
			return b.t("none", nil)
		}
		return rate
	}
	return b.t("bind.count", map[string]any{"N": n, "Word": b.word(bind.CountWord(b.d.cat))})
}
