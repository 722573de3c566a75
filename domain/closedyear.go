package domain

import "strconv"

// ClosedYearDates is the one rule that keeps a closed year's figures from drifting
// through dates: it lists, as broken rules, the start and disposal dates of a change
// to an asset that lie inside a closed year. before is the stored asset (nil when the
// change adds one), after the asset as it would be stored (nil when the change removes
// it). An asset's start or disposal date inside a closed year decides that year's
// stock, additions and disposals, so adding or removing such an asset, or moving such
// a date into or out of a closed year, is refused until the year is reopened. Other
// changes to assets held in a closed year (original value, unit…) are allowed and
// reported by the year's check against its archived report. closed tells whether a
// year is closed.
func ClosedYearDates(closed func(year int) bool, before, after *Asset) []FieldError {
	var out []FieldError
	check := func(field string, was, will Date) {
		if was == will {
			return
		}
		for _, d := range []Date{was, will} {
			if d.Valid() && closed(d.Year()) {
				out = append(out, FieldError{Field: field, Value: string(d), Rule: "closed_year_date",
					Params: map[string]string{"Year": strconv.Itoa(d.Year())}})
				return
			}
		}
	}
	var was, will Asset
	if before != nil {
		was = *before
	}
	if after != nil {
		will = *after
	}
	check("start_date", was.StartDate, will.StartDate)
	check("disposal_date", was.DisposalDate, will.DisposalDate)
	return out
}
