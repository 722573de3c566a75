package reports

import (
	"strings"

	"cityledger/domain"
)

// The case statistics join the typed-text checks (typedchecks.go): a disclosed
// project's result or summary, or an indicator's actual value, that states how many
// cases were reported, resolved or resolved on time, the rates, or the 12345 tickets,
// is compared with the year's figures. A sentence that speaks of the hotline (12345,
// 热线, 工单) is read as the tickets' figures, any other as the 城市管理案件's.
func init() {
	references = append(references, caseReferences()...)
}

// hotlineSentence reports whether a sentence speaks of the 12345 hotline.
func hotlineSentence(sentence string) bool {
	return strings.Contains(sentence, "12345") || strings.Contains(sentence, "热线") || strings.Contains(sentence, "工单")
}

func notWith(words ...string) func(string) bool {
	return func(clause string) bool {
		for _, w := range words {
			if strings.Contains(clause, w) {
				return false
			}
		}
		return true
	}
}

func caseReferences() []reference {
	type caseRef struct {
		what    string
		rate    bool
		hotline bool
		cues    []string
		clause  func(string) bool // nil: any clause
		value   func(f *domain.CaseFigures) (computedFigure, bool)
	}
	count := func(n func(f *domain.CaseFigures) int64) func(f *domain.CaseFigures) (computedFigure, bool) {
		return func(f *domain.CaseFigures) (computedFigure, bool) { return countFigure(n(f)) }
	}
	rate := func(num, den func(f *domain.CaseFigures) int64) func(f *domain.CaseFigures) (computedFigure, bool) {
		return func(f *domain.CaseFigures) (computedFigure, bool) { return pctOf(num(f), den(f)) }
	}
	reported := func(f *domain.CaseFigures) int64 { return f.City.Reported }
	resolved := func(f *domain.CaseFigures) int64 { return f.City.Resolved }
	onTime := func(f *domain.CaseFigures) int64 { return f.City.OnTime }
	tickets := func(f *domain.CaseFigures) int64 { return f.Hotline.Tickets }
	onTimeWords := []string{"按期", "按时", "及时"}
	refs := []caseRef{
		{what: "cases_reported", cues: []string{"上报", "受理", "立案", "接到", "收到", "发现"}, value: count(reported)},
		{what: "cases_resolved", cues: []string{"处置", "处理", "办结"}, clause: notWith(onTimeWords...), value: count(resolved)},
		{what: "cases_on_time", cues: []string{"按期处置", "按期", "按时处置", "及时处置"}, value: count(onTime)},
		{what: "cases_resolution_rate", rate: true, cues: []string{"处置率", "办结率"}, clause: notWith(onTimeWords...),
			value: rate(resolved, reported)},
		{what: "cases_on_time_rate", rate: true, cues: []string{"按期处置率", "按期率", "按时处置率", "及时处置率"}, value: rate(onTime, reported)},
		{what: "hotline_tickets", hotline: true, cues: []string{"工单", "热线", "接到", "收到", "受理"}, value: count(tickets)},
		{what: "hotline_resolved", hotline: true, cues: []string{"处置", "处理", "办结"}, clause: notWith(onTimeWords...),
			value: count(func(f *domain.CaseFigures) int64 { return f.Hotline.Resolved })},
		{what: "hotline_closed", hotline: true, cues: []string{"结案"}, clause: notWith(onTimeWords...),
			value: count(func(f *domain.CaseFigures) int64 { return f.Hotline.Closed })},
		{what: "hotline_replied_on_time", hotline: true, cues: []string{"按时回复", "及时回复"},
			value: count(func(f *domain.CaseFigures) int64 { return f.Hotline.RepliedOnTime })},
		{what: "hotline_closure_rate", hotline: true, rate: true, cues: []string{"结案率"}, clause: notWith(onTimeWords...),
			value: rate(func(f *domain.CaseFigures) int64 { return f.Hotline.Closed }, tickets)},
		// A plain 回复率 is the share of tickets replied to; 按时回复率 the share replied by
		// the deadline (the seed's "按时结案率" beside the on-time replies is this figure).
		{what: "hotline_reply_rate", hotline: true, rate: true, cues: []string{"回复率"}, clause: notWith(onTimeWords...),
			value: rate(func(f *domain.CaseFigures) int64 { return f.Hotline.Replied }, tickets)},
		{what: "hotline_on_time_reply_rate", hotline: true, rate: true, cues: []string{"按时回复率", "及时回复率", "按时结案率"},
			value: rate(func(f *domain.CaseFigures) int64 { return f.Hotline.RepliedOnTime }, tickets)},
	}
	var out []reference
	for _, r := range refs {
		r := r
		bases := []string{"件", "条"}
		if r.rate {
			bases = []string{"%"}
		}
		for _, base := range bases {
			out = append(out, reference{what: r.what, scopes: []scope{scopeProject, scopeActual}, base: base, cues: r.cues,
				applies: func(clause, sentence string) bool {
					return hotlineSentence(sentence) == r.hotline && (r.clause == nil || r.clause(clause))
				},
				value: func(b *builder, _ *typedText) (computedFigure, bool) {
					if b.m.Cases == nil {
						return computedFigure{}, false
					}
					return r.value(b.m.Cases)
				}})
		}
	}
	return out
}
