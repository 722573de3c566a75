package domain

import (
	"fmt"
	"sort"
	"strings"
)

// Binding ties an indicator's actual value to a register query. Its text form is
// "SOURCE.MEASURE [key=value]…", for example
//
//	lamps.count                          the lamps held at the year's end
//	lamps.count unit=局机关 type=通电路灯,太阳能路灯
//	green-areas.area unit=园林中心       ㎡ of green area of a unit
//	sewer-pipes.length                   metres of pipe
//	records.quantity work_type=维修 class=lamps   the year's quantity of a work type
//	records.count work_type=巡查
//	cases.reported                       the year's 城市管理案件 (every source but 12345)
//	cases.on_time_rate source=数字城管    按期处置率 of the 数字城管 cases
//	cases.reported source=12345          the year's 12345 tickets
//
// Values separated by commas match any of them.
type Binding struct {
	Source  string              // a Class key, "records" or "cases"
	Measure string              // count, area, length (assets); count, quantity, cost (records); see CaseMeasures
	Filters map[string][]string // unit, type (assets); work_type, class, unit (records); source, category, unit (cases)
}

var bindingMeasures = map[string][]string{
	"assets":  {"count", "area", "length"},
	"records": {"count", "quantity", "cost"},
	"cases":   CaseMeasures,
}

var bindingFilters = map[string][]string{
	"assets":  {"unit", "type"},
	"records": {"work_type", "class", "project"},
	"cases":   {"source", "category", "unit"},
}

// CaseMeasures are the case statistics an indicator binds to (DESIGN.md "Cases"):
// counts of the selected cases (without a source filter, the 城市管理案件: every source
// but 12345) and their rates, printed the report's way.
var CaseMeasures = []string{"reported", "resolved", "on_time", "resolution_rate", "on_time_rate",
	"overdue", "closed", "replied_on_time", "closure_rate", "reply_rate"}

// ParseBinding reads a binding's text form.
func ParseBinding(s string) (Binding, error) {
	fields := strings.Fields(s)
	if len(fields) == 0 {
		return Binding{}, fmt.Errorf("empty binding")
	}
	src, measure, ok := strings.Cut(fields[0], ".")
	if !ok {
		return Binding{}, fmt.Errorf("binding %q: want SOURCE.MEASURE", s)
	}
	group := src
	if src != "records" && src != "cases" {
		group = "assets"
		if !Class(src).Valid() {
			return Binding{}, fmt.Errorf("binding %q: unknown source %q", s, src)
		}
	}
	if !OneOf(measure, bindingMeasures[group]) {
		return Binding{}, fmt.Errorf("binding %q: unknown measure %q", s, measure)
	}
	b := Binding{Source: src, Measure: measure, Filters: map[string][]string{}}
	for _, f := range fields[1:] {
		k, v, ok := strings.Cut(f, "=")
		if !ok || v == "" || !OneOf(k, bindingFilters[group]) {
			return Binding{}, fmt.Errorf("binding %q: bad filter %q", s, f)
		}
		b.Filters[k] = strings.Split(v, ",")
	}
	return b, nil
}

// String is the binding's canonical text form.
func (b Binding) String() string {
	s := b.Source + "." + b.Measure
	keys := make([]string, 0, len(b.Filters))
	for k := range b.Filters {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		s += " " + k + "=" + strings.Join(b.Filters[k], ",")
	}
	return s
}

// CountWord is the measure word a count of this source is printed with (950盏): the
// class's count word, 次 for records.
func (b Binding) CountWord(c *Catalogue) string {
	if d, ok := c.Class(Class(b.Source)); ok {
		return d.Counted()
	}
	if b.Source == "cases" {
		return "件"
	}
	return "次"
}

// CaseSelection is the cases a binding with source "cases" counts.
func (b Binding) CaseSelection() CaseSelection {
	return CaseSelection{Sources: b.Filters["source"], Categories: b.Filters["category"], Units: b.Filters["unit"]}
}

// CaseValue is the figure a "cases" binding measures: a count, or a rate as printed
// ("98.04%"; "" when nothing was counted). reported, resolved, on_time, overdue and
// their rates count the selection (the 城市管理案件 without a source filter); closed,
// replied_on_time, closure_rate and reply_rate are the 12345 tickets' figures.
func (b Binding) CaseValue(f *CaseFigures) (count int64, rate string, isRate bool) {
	c, h := f.City, f.Hotline
	switch b.Measure {
	case "reported":
		return c.Reported, "", false
	case "resolved":
		return c.Resolved, "", false
	case "on_time":
		return c.OnTime, "", false
	case "overdue":
		return c.Overdue, "", false
	case "resolution_rate":
		return 0, c.ResolutionRate, true
	case "on_time_rate":
		return 0, c.OnTimeRate, true
	case "closed":
		return h.Closed, "", false
	case "replied_on_time":
		return h.RepliedOnTime, "", false
	case "closure_rate":
		return 0, h.ClosureRate, true
	}
	return 0, h.ReplyRate, true
}
