package cli

import (
	"fmt"
	"strconv"

	"cityledger/domain"
	"cityledger/domain/i18n"
)

// printCaseStats prints the year's case figures after the registers' statistics.
func printCaseStats(env *Env, f *domain.CaseFigures) {
	out := env.Stdout
	fmt.Fprintln(out)
	if f == nil || (f.Empty() && f.Cancelled == 0) {
		fmt.Fprintln(out, env.T("cases.stats.none", map[string]any{"Year": f.Year}))
		return
	}
	fmt.Fprintln(out, env.T("cases.stats.title", map[string]any{"Year": f.Year}))
	if f.Frozen {
		fmt.Fprintln(out, env.T("cases.stats.frozen", map[string]any{"At": f.AsOf}))
	}
	c, h := f.City, f.Hotline
	fmt.Fprintln(out, env.T("cases.stats.city", map[string]any{"N": c.Reported, "M": c.Resolved, "Rate": orDash(c.ResolutionRate),
		"K": c.OnTime, "OnTimeRate": orDash(c.OnTimeRate), "Overdue": c.Overdue, "Hours": hours(c.MeanResolveSeconds)}))
	fmt.Fprintln(out, env.T("cases.stats.hotline", map[string]any{"T": h.Tickets, "H": h.Resolved, "C": h.Closed,
		"ClosureRate": orDash(h.ClosureRate), "P": h.RepliedOnTime, "ReplyRate": orDash(h.ReplyRate), "Overdue": h.Overdue}))
	if f.Cancelled > 0 {
		fmt.Fprintln(out, env.T("cases.stats.cancelled", map[string]any{"N": f.Cancelled}))
	}
	top := func(title string, cs []domain.ClassCount) {
		if len(cs) == 0 {
			return
		}
		fmt.Fprintln(out)
		fmt.Fprintln(out, title)
		var t table
		t.add("", env.T("cases.stats.col.code", nil), env.T("cases.stats.col.name", nil), env.T("cases.stats.col.count", nil))
		for i, cc := range cs {
			t.add(strconv.Itoa(i+1), cc.Code, cc.Name, strconv.FormatInt(cc.Count, 10))
		}
		t.write(out)
	}
	top(env.T("cases.stats.top_components", nil), f.TopComponents)
	top(env.T("cases.stats.top_events", nil), f.TopEvents)
	breakdown := func(title string, rows []domain.CaseBreakdown, name func(string) string) {
		if len(rows) == 0 {
			return
		}
		fmt.Fprintln(out)
		fmt.Fprintln(out, title)
		var t table
		t.add("", env.T("cases.stats.col.reported", nil), env.T("cases.stats.col.resolved", nil), env.T("cases.stats.col.on_time", nil),
			env.T("cases.stats.col.resolution_rate", nil), env.T("cases.stats.col.on_time_rate", nil), env.T("cases.stats.col.overdue", nil))
		for _, r := range rows {
			t.add(name(r.Key), strconv.FormatInt(r.Reported, 10), strconv.FormatInt(r.Resolved, 10), strconv.FormatInt(r.OnTime, 10),
				orDash(r.ResolutionRate), orDash(r.OnTimeRate), strconv.FormatInt(r.Overdue, 10))
		}
		t.write(out)
	}
	breakdown(env.T("cases.stats.by_source", nil), f.BySource, func(k string) string { return i18n.Enum(env.Lang, k) })
	breakdown(env.T("cases.stats.by_unit", nil), f.ByUnit, func(k string) string {
		if k == "" {
			return env.T("cases.stats.no_unit", nil)
		}
		return k
	})
	breakdown(env.T("cases.stats.by_month", nil), f.ByMonth, func(k string) string {
		return env.T("cases.stats.month", map[string]any{"M": k})
	})
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// hours prints seconds as hours to 0.1.
func hours(secs int64) string {
	return strconv.FormatFloat(float64(secs)/3600, 'f', 1, 64)
}
