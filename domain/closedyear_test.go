package domain

import "testing"

func TestClosedYearDates(t *testing.T) {
	closed := func(y int) bool { return y == 2020 }
	at := func(start, disposal Date) *Asset { return &Asset{StartDate: start, DisposalDate: disposal} }
	cases := []struct {
		name          string
		before, after *Asset
		fields        []string
	}{
		{"added, started in the closed year", nil, at("2020-05-01", ""), []string{"start_date"}},
		{"added, disposed in the closed year", nil, at("2018-01-01", "2020-12-31"), []string{"disposal_date"}},
		{"added, dates elsewhere", nil, at("2019-05-01", "2021-01-01"), nil},
		{"added, no dates", nil, at("", ""), nil},
		{"removed, started in the closed year", at("2020-05-01", ""), nil, []string{"start_date"}},
		{"removed, started earlier", at("2019-05-01", ""), nil, nil},
		{"start moved into the closed year", at("2019-05-01", ""), at("2020-01-01", ""), []string{"start_date"}},
		{"start moved out of the closed year", at("2020-05-01", ""), at("2021-01-01", ""), []string{"start_date"}},
		{"start moved within open years", at("2019-05-01", ""), at("2021-01-01", ""), nil},
		{"unchanged dates in the closed year", at("2020-05-01", "2020-09-01"), at("2020-05-01", "2020-09-01"), nil},
		{"disposal set in the closed year", at("2019-05-01", ""), at("2019-05-01", "2020-06-30"), []string{"disposal_date"}},
		{"both dates moved", at("2020-05-01", "2020-06-30"), at("2021-05-01", "2021-06-30"), []string{"start_date", "disposal_date"}},
	}
	for _, c := range cases {
		got := ClosedYearDates(closed, c.before, c.after)
		if len(got) != len(c.fields) {
			t.Errorf("%s: %+v, want fields %v", c.name, got, c.fields)
			continue
		}
		for i, f := range got {
			if f.Field != c.fields[i] || f.Rule != "closed_year_date" || f.Params["Year"] != "2020" {
				t.Errorf("%s: %+v", c.name, f)
			}
		}
	}
}
