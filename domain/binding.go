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
//
// Values separated by commas match any of them.
type Binding struct {
	Source  string              // a Class key, or "records"
	Measure string              // count, area, length (assets); count, quantity, cost (records)
	Filters map[string][]string // unit, type (assets); work_type, class, unit (records)
}

var bindingMeasures = map[string][]string{
	"assets":  {"count", "area", "length"},
	"records": {"count", "quantity", "cost"},
}

var bindingFilters = map[string][]string{
	"assets":  {"unit", "type"},
	"records": {"work_type", "class", "project"},
}

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
	group := "records"
	if src != "records" {
		if !Class(src).Valid() {
			return Binding{}, fmt.Errorf("binding %q: unknown source %q", s, src)
		}
		group = "assets"
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
	return "次"
}
