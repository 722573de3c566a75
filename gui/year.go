package gui

import (
	"context"
	"sort"
	"strconv"

	"fyne.io/fyne/v2/widget"
)

// NewYearSelect is the year choice of the screens that show one year at a time
// (dashboard, maintenance, projects, the annual report): choosing a year makes it the
// working year (Env.SetYear) and tells onYear. LoadYears fills it.
func NewYearSelect(env *Env, onYear func(year int)) *widget.Select {
	return env.NewSelect(nil, func(v string) {
		y, err := strconv.Atoi(v)
		if err != nil {
			return
		}
		env.SetYear(y)
		onYear(y)
	})
}

// LoadYears fills a year choice (NewYearSelect) in the background with the years that
// hold data, shown and also, newest first, and selects shown without telling onYear.
func LoadYears(ctx context.Context, env *Env, s *widget.Select, shown int, also ...int) {
	store := env.Store()
	env.Load(ctx, func(ctx context.Context) (func(), error) {
		years, err := store.ListYears(ctx)
		if err != nil {
			return nil, err
		}
		return func() { SetYears(s, years, shown, also...) }, nil
	})
}

// SetYears lists the years to choose from in s, newest first: years (those with data),
// shown and also; and selects shown without telling the select's onYear.
func SetYears(s *widget.Select, years []int, shown int, also ...int) {
	changed := s.OnChanged
	s.OnChanged = nil
	s.Options = yearOptions(years, append([]int{shown}, also...)...)
	s.SetSelected(strconv.Itoa(shown))
	s.OnChanged = changed
}

// yearOptions lists years and more, each once, newest first.
func yearOptions(years []int, more ...int) []string {
	seen := map[int]bool{}
	var all []int
	for _, list := range [][]int{more, years} {
		for _, y := range list {
			if !seen[y] {
				seen[y] = true
				all = append(all, y)
			}
		}
	}
	sort.Sort(sort.Reverse(sort.IntSlice(all)))
	out := make([]string, len(all))
	for i, y := range all {
		out[i] = strconv.Itoa(y)
	}
	return out
}
