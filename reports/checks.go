package reports

import (
	"strings"

	"cityledger/domain"
)

// maxListed caps the findings of one kind that are listed one by one.
const maxListed = 20

// checks runs DESIGN.md section 5 on the built model and words section 5.
func (b *builder) checks() {
	y := b.d.year
	add := func(sev, code string, p map[string]any) {
		b.m.Checks = append(b.m.Checks, Check{Severity: sev, Code: code, Message: b.t("check."+code, p), Params: p})
	}
	// Errors.
	for _, s := range b.m.Sums {
		var sum int64
		for _, p := range s.Parts {
			sum += p
		}
		if sum != s.Total {
			parts, total := itoa(sum), itoa(s.Total)
			if s.Money {
				parts, total = b.money(sum), b.money(s.Total)
			}
			add(SeverityError, "sum_mismatch", map[string]any{"What": s.What, "Parts": parts, "Total": total})
		}
	}
	if len(b.d.outside) > 0 {
		var ex []string
		for i, r := range b.d.outside {
			if i == 3 {
				break
			}
			code := r.ProjectCode
			for _, p := range b.d.projects {
				if code == "" && p.ID == r.ProjectID {
					code = p.Code
				}
			}
			ex = append(ex, b.t("check.outside_year_example", map[string]any{
				"Date": string(r.Date), "WorkType": b.enum(r.WorkType), "Cost": r.Cost.Yuan(), "Project": code,
			}))
		}
		add(SeverityError, "outside_year", map[string]any{"N": len(b.d.outside), "Year": y, "Examples": b.join(ex)})
	}
	if v := b.m.Vehicles; v.Uncategorised > 0 {
		add(SeverityError, "vehicle_no_category", map[string]any{"Total": v.Total, "Sum": v.Total - v.Uncategorised, "N": v.Uncategorised})
	}
	// Warnings.
	for _, p := range b.m.Projects {
		if p.Executed > p.Budget {
			add(SeverityWarning, "over_budget", map[string]any{
				"Name": p.Name, "Executed": b.moneyFen(p.Executed), "Budget": b.moneyFen(p.Budget), "Rate": p.Rate,
			})
		}
		if !p.Disclosed {
			continue
		}
		if p.Records == 0 {
			add(SeverityWarning, "no_records", map[string]any{"Name": p.Name, "Year": y})
		}
		if len(p.Indicators) == 0 {
			add(SeverityWarning, "no_indicators", map[string]any{"Name": p.Name})
		}
	}
	for i, mm := range b.d.mismatches {
		if i == maxListed {
			break
		}
		key := "measure_length"
		stated, measured := quantity(mm.Stated), quantity(mm.Measured)
		if mm.Area {
			key = "measure_area"
		}
		pct := domain.Percent(roundHundredths(abs64(mm.Stated-mm.Measured)), roundHundredths(mm.Measured))
		add(SeverityWarning, key, map[string]any{
			"Class": b.className(mm.Class), "Code": mm.Code, "Stated": stated, "Measured": measured, "Pct": pct,
		})
	}
	if listed := int64(min(len(b.d.mismatches), maxListed)); b.d.mismatchTotal > listed {
		add(SeverityWarning, "measure_more", map[string]any{"N": b.d.mismatchTotal - listed})
	}
	if b.d.settings == nil {
		add(SeverityWarning, "no_settings", map[string]any{"Year": y})
	}

	s := b.section("checks", b.t("heading.checks", nil))
	if len(b.m.Checks) == 0 {
		s.para(b.t("check.none", nil))
		return
	}
	for i := range b.m.Checks {
		c := &b.m.Checks[i]
		s.Blocks = append(s.Blocks, Block{Paragraph: b.t("severity."+c.Severity, nil) + b.t("sep.label", nil) + c.Message, Check: c})
	}
}

func abs64(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

// CheckLines renders the checks one per line for a terminal (ledgerctl check).
func (m *Model) CheckLines() []string {
	for _, s := range m.Sections {
		if s.ID != "checks" {
			continue
		}
		var out []string
		for _, bl := range s.Blocks {
			out = append(out, strings.TrimSpace(bl.Paragraph))
		}
		return out
	}
	return nil
}
