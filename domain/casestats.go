package domain

import (
	"context"
	"sort"
	"strconv"
	"time"
)

// CaseGroup is one row of the grouped aggregate that every case figure is computed
// from: the year's cases sharing source, category, 小类, responsible unit, month and
// status, with their counts as of the cut-off.
type CaseGroup struct {
	Source    string
	Category  string
	ClassCode string
	ClassName string
	Unit      string
	Month     int // month of reported_at, 1–12
	Status    string
	Count     int64
	Resolved  int64 // with resolved_at
	OnTime    int64 // resolved at or before the deadline
	Closed    int64 // with closed_at
	Replied   int64 // with replied_at
	// RepliedOnTime counts the cases replied to at or before their deadline.
	RepliedOnTime int64
	// Overdue counts the unresolved cases whose deadline lies before the cut-off.
	Overdue int64
	// ResolveSeconds sums resolved_at − reported_at over the resolved cases.
	ResolveSeconds int64
}

// CaseGroups is a year's grouped case aggregate and the moment its states are as of:
// now for an open year, the moment the year was closed for a closed one (DESIGN.md's
// cut-off), so that later exports never move a closed year's figures.
type CaseGroups struct {
	Year   int
	AsOf   time.Time // wall-clock time, see CaseTimeLayout
	Frozen bool
	Groups []CaseGroup
}

// CaseSelection narrows the figures to some sources, categories or units (empty: any).
// Without a source, the 城市管理案件 figures count every source but 12345.
type CaseSelection struct {
	Sources    []string
	Categories []string
	Units      []string
}

func (s CaseSelection) match(g *CaseGroup) bool {
	return (len(s.Categories) == 0 || OneOf(g.Category, s.Categories)) &&
		(len(s.Units) == 0 || OneOf(g.Unit, s.Units))
}

// CaseFigures are a year's case figures as DESIGN.md "Cases" defines them. Rates are
// printed the report's way ("98.04%"; "" when nothing was counted).
//
//	{"year": 2020, "frozen": false,
//	 "city": {"reported": 33345, "resolved": 32691, "on_time": 22669, "overdue": 654,
//	          "resolution_rate": "98.04%", "on_time_rate": "67.98%", "mean_resolve_seconds": 86400},
//	 "hotline": {"tickets": 1220, "resolved": 1220, "closed": 1220, "replied": 1220, "replied_on_time": 1199,
//	             "overdue": 0, "closure_rate": "100%", "reply_rate": "98.28%", "mean_resolve_seconds": …},
//	 "cancelled": 126,
//	 "top_components": [{"code": "0305", "name": "垃圾箱", "count": 612}, …],
//	 "top_events": […],
//	 "by_source": [{"key": "数字城管", "reported": …, "resolved": …, "on_time": …, "overdue": …,
//	                "resolution_rate": "…", "on_time_rate": "…", "mean_resolve_seconds": …}],
//	 "by_unit": […most cases first], "by_month": [{"key": "1", …}, …], "by_status": [{"key": "已结案", "n": …}]}
//
// city, top_*, by_unit and by_month count the 城市管理案件 (every source but 12345) of
// the selection; by_source and by_status count every source; "作废" is counted only
// in cancelled and by_status. as_of is printed for a closed year only.
type CaseFigures struct {
	Year          int             `json:"year"`
	Frozen        bool            `json:"frozen"`
	AsOf          string          `json:"as_of,omitempty"`
	City          CaseCounts      `json:"city"`
	Hotline       HotlineCounts   `json:"hotline"`
	Cancelled     int64           `json:"cancelled"`
	TopComponents []ClassCount    `json:"top_components"`
	TopEvents     []ClassCount    `json:"top_events"`
	BySource      []CaseBreakdown `json:"by_source"`
	ByUnit        []CaseBreakdown `json:"by_unit"`
	ByMonth       []CaseBreakdown `json:"by_month"`
	ByStatus      []StatusCount   `json:"by_status"`
}

// CaseCounts are the 城市管理案件 figures: 受理 (reported), 处置 (resolved), 按期处置
// (on time) and the rates; overdue as of the cut-off; the mean time to resolve.
type CaseCounts struct {
	Reported           int64  `json:"reported"`
	Resolved           int64  `json:"resolved"`
	OnTime             int64  `json:"on_time"`
	Overdue            int64  `json:"overdue"`
	ResolutionRate     string `json:"resolution_rate"`
	OnTimeRate         string `json:"on_time_rate"`
	MeanResolveSeconds int64  `json:"mean_resolve_seconds"`
	resolveSeconds     int64
}

// HotlineCounts are the 12345 figures: tickets, resolved, closed, replied, replied on time.
type HotlineCounts struct {
	Tickets            int64  `json:"tickets"`
	Resolved           int64  `json:"resolved"`
	Closed             int64  `json:"closed"`
	Replied            int64  `json:"replied"`
	RepliedOnTime      int64  `json:"replied_on_time"`
	Overdue            int64  `json:"overdue"`
	ClosureRate        string `json:"closure_rate"`
	ReplyRate          string `json:"reply_rate"`
	MeanResolveSeconds int64  `json:"mean_resolve_seconds"`
	resolveSeconds     int64
}

// CaseBreakdown is CaseCounts for one source, unit or month.
type CaseBreakdown struct {
	Key string `json:"key"`
	CaseCounts
}

// ClassCount is a 小类 and how many cases it had.
type ClassCount struct {
	Code  string `json:"code"`
	Name  string `json:"name"`
	Count int64  `json:"count"`
}

// StatusCount is how many of the year's cases have a status.
type StatusCount struct {
	Key string `json:"key"`
	N   int64  `json:"n"`
}

// Empty reports whether the year has no case that counts (none, or only cancelled ones).
func (f *CaseFigures) Empty() bool { return f.City.Reported == 0 && f.Hotline.Tickets == 0 }

// TopN is the number of classes the report's 高发问题 lists name.
const TopN = 10

// ComputeCaseFigures reads year's grouped cases from the store (as of now for an open
// year, wall-clock time) and computes the figures of sel.
func ComputeCaseFigures(ctx context.Context, s Cases, year int, now time.Time, sel CaseSelection) (*CaseFigures, error) {
	gs, err := s.CaseGroups(ctx, year, now)
	if err != nil {
		return nil, err
	}
	return CaseFiguresFrom(gs, sel), nil
}

// CaseFiguresFrom computes the figures of sel from a year's grouped aggregate.
func CaseFiguresFrom(gs *CaseGroups, sel CaseSelection) *CaseFigures {
	f := &CaseFigures{Year: gs.Year, Frozen: gs.Frozen, TopComponents: []ClassCount{}, TopEvents: []ClassCount{},
		BySource: []CaseBreakdown{}, ByUnit: []CaseBreakdown{}, ByMonth: []CaseBreakdown{}, ByStatus: []StatusCount{}}
	if gs.Frozen {
		f.AsOf = FormatCaseTime(gs.AsOf)
	}
	type classKey struct{ category, name string }
	classes := map[classKey]*ClassCount{}
	bySource := map[string]*CaseBreakdown{}
	byUnit := map[string]*CaseBreakdown{}
	byMonth := map[int]*CaseBreakdown{}
	byStatus := map[string]int64{}
	get := func(m map[string]*CaseBreakdown, k string) *CaseBreakdown {
		b := m[k]
		if b == nil {
			b = &CaseBreakdown{Key: k}
			m[k] = b
		}
		return b
	}
	for i := range gs.Groups {
		g := &gs.Groups[i]
		if !sel.match(g) {
			continue
		}
		byStatus[g.Status] += g.Count
		if g.Status == CaseCancelled {
			f.Cancelled += g.Count
			continue
		}
		if len(sel.Sources) > 0 && !OneOf(g.Source, sel.Sources) {
			continue
		}
		get(bySource, g.Source).add(g)
		if g.Source == SourceHotline {
			h := &f.Hotline
			h.Tickets += g.Count
			h.Resolved += g.Resolved
			h.Closed += g.Closed
			h.Replied += g.Replied
			h.RepliedOnTime += g.RepliedOnTime
			h.Overdue += g.Overdue
			h.resolveSeconds += g.ResolveSeconds
			if len(sel.Sources) == 0 {
				continue
			}
		}
		f.City.add(g)
		get(byUnit, g.Unit).add(g)
		mb := byMonth[g.Month]
		if mb == nil {
			mb = &CaseBreakdown{Key: strconv.Itoa(g.Month)}
			byMonth[g.Month] = mb
		}
		mb.add(g)
		k := classKey{g.Category, g.ClassName}
		cc := classes[k]
		if cc == nil {
			cc = &ClassCount{Code: g.ClassCode, Name: g.ClassName}
			classes[k] = cc
		} else if g.ClassCode != "" && (cc.Code == "" || g.ClassCode < cc.Code) {
			cc.Code = g.ClassCode
		}
		cc.Count += g.Count
	}
	f.City.finish()
	h := &f.Hotline
	h.ClosureRate = Percent(h.Closed, h.Tickets)
	h.ReplyRate = Percent(h.RepliedOnTime, h.Tickets)
	h.MeanResolveSeconds = meanSeconds(h.resolveSeconds, h.Resolved)
	var comps, events []ClassCount
	for k, c := range classes {
		if k.category == CategoryComponent {
			comps = append(comps, *c)
		} else {
			events = append(events, *c)
		}
	}
	f.TopComponents = append(f.TopComponents, topClasses(comps, TopN)...)
	f.TopEvents = append(f.TopEvents, topClasses(events, TopN)...)
	f.BySource = flattenBreakdown(bySource, CaseSources)
	f.ByUnit = flattenBreakdown(byUnit, nil)
	// Units most burdened first.
	sort.SliceStable(f.ByUnit, func(i, j int) bool { return f.ByUnit[i].Reported > f.ByUnit[j].Reported })
	for m := 1; m <= 12; m++ {
		if b := byMonth[m]; b != nil {
			b.finish()
			f.ByMonth = append(f.ByMonth, *b)
		}
	}
	for _, s := range CaseStatuses {
		if n := byStatus[s]; n > 0 {
			f.ByStatus = append(f.ByStatus, StatusCount{Key: s, N: n})
		}
	}
	return f
}

func (c *CaseCounts) add(g *CaseGroup) {
	c.Reported += g.Count
	c.Resolved += g.Resolved
	c.OnTime += g.OnTime
	c.Overdue += g.Overdue
	c.resolveSeconds += g.ResolveSeconds
}

func (c *CaseCounts) finish() {
	c.ResolutionRate = Percent(c.Resolved, c.Reported)
	c.OnTimeRate = Percent(c.OnTime, c.Reported)
	c.MeanResolveSeconds = meanSeconds(c.resolveSeconds, c.Resolved)
}

func meanSeconds(sum, n int64) int64 {
	if n == 0 {
		return 0
	}
	return (2*sum + n) / (2 * n)
}

// topClasses ranks classes by count, most first; ties by class code, then name.
func topClasses(cs []ClassCount, n int) []ClassCount {
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].Count != cs[j].Count {
			return cs[i].Count > cs[j].Count
		}
		if cs[i].Code != cs[j].Code {
			return cs[i].Code < cs[j].Code
		}
		return cs[i].Name < cs[j].Name
	})
	if len(cs) > n {
		cs = cs[:n]
	}
	return cs
}

// flattenBreakdown lists the breakdowns in order's order, then the rest by key.
func flattenBreakdown(m map[string]*CaseBreakdown, order []string) []CaseBreakdown {
	out := []CaseBreakdown{}
	for _, k := range order {
		if b := m[k]; b != nil {
			b.finish()
			out = append(out, *b)
			delete(m, k)
		}
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		m[k].finish()
		out = append(out, *m[k])
	}
	return out
}

// GroupCases builds the grouped aggregate of year from cases in memory, with overdue
// counted as of asOf: what the store computes in SQL, for stores without SQL and for
// tests that check the SQL against it.
func GroupCases(cases []Case, year int, asOf time.Time) []CaseGroup {
	type key struct {
		source, category, code, name, unit, status string
		month                                      int
	}
	m := map[key]*CaseGroup{}
	var order []key
	for i := range cases {
		c := &cases[i]
		if c.Year() != year {
			continue
		}
		k := key{c.Source, c.Category, c.ClassCode, c.ClassName, c.Unit, c.Status, int(c.ReportedAt.Month())}
		g := m[k]
		if g == nil {
			g = &CaseGroup{Source: k.source, Category: k.category, ClassCode: k.code, ClassName: k.name, Unit: k.unit,
				Status: k.status, Month: k.month}
			m[k] = g
			order = append(order, k)
		}
		g.Count++
		if c.Resolved() {
			g.Resolved++
			g.ResolveSeconds += int64(c.ResolvedAt.Sub(c.ReportedAt) / time.Second)
		}
		if c.OnTime() {
			g.OnTime++
		}
		if !c.ClosedAt.IsZero() {
			g.Closed++
		}
		if !c.RepliedAt.IsZero() {
			g.Replied++
		}
		if c.RepliedOnTime() {
			g.RepliedOnTime++
		}
		if !c.Resolved() && !c.Deadline.IsZero() && c.Deadline.Before(asOf) {
			g.Overdue++
		}
	}
	out := make([]CaseGroup, 0, len(order))
	for _, k := range order {
		out = append(out, *m[k])
	}
	return out
}
