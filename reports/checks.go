package reports

import (
	"strings"

	"cityledger/domain"
)

// maxListed caps the findings of one kind that are listed one by one.
const maxListed = 20

// check adds a finding: the message is the catalogue's "check.<code>" with p.
func (b *builder) check(sev, code, subject, field string, p map[string]any) {
	b.m.Checks = append(b.m.Checks, Check{Severity: sev, Code: code, Message: b.t("check."+code, p),
		Subject: subject, Field: field, Params: p})
}

// checks runs DESIGN.md's 勾稽关系 checks on the built model: the figures the report
// prints, the registers behind them, the year settings, and what people typed.
func (b *builder) checks() {
	y := b.d.year
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
			b.check(SeverityError, "sum_mismatch", "", "", map[string]any{"What": s.What, "Parts": parts, "Total": total})
		}
	}
	if len(b.d.outside) > 0 {
		var ex []string
		subject := ""
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
			if subject == "" {
				subject = code
			}
			ex = append(ex, b.t("check.outside_year_example", map[string]any{
				"Date": string(r.Date), "WorkType": b.enum(r.WorkType), "Cost": r.Cost.Yuan(), "Project": code,
			}))
		}
		b.check(SeverityError, "outside_year", subject, "", map[string]any{"N": len(b.d.outside), "Year": y, "Examples": b.join(ex)})
	}
	if v := b.m.Vehicles; v.Uncategorised > 0 {
		b.check(SeverityError, "vehicle_no_category", string(domain.Vehicles), "", map[string]any{"Total": v.Total, "Sum": v.Total - v.Uncategorised, "N": v.Uncategorised})
	}
	// Warnings.
	for _, p := range b.m.Projects {
		if p.Executed > p.Budget {
			b.check(SeverityWarning, "over_budget", p.Code, "budget", map[string]any{
				"Name": p.Name, "Executed": b.moneyFen(p.Executed), "Budget": b.moneyFen(p.Budget), "Rate": p.Rate,
			})
		}
		if !p.Disclosed {
			continue
		}
		if p.Records == 0 {
			b.check(SeverityWarning, "no_records", p.Code, "", map[string]any{"Name": p.Name, "Year": y})
		}
		if len(p.Indicators) == 0 {
			b.check(SeverityWarning, "no_indicators", p.Code, "indicators", map[string]any{"Name": p.Name})
		}
		// The 项目绩效目标完成情况表 prints both: an empty one is a blank cell in a handed-in table.
		if strings.TrimSpace(p.project.Goal) == "" {
			b.check(SeverityWarning, "project_no_goal", p.Code, "goal", map[string]any{"Name": p.Name})
		}
		if strings.TrimSpace(p.project.Result) == "" {
			b.check(SeverityWarning, "project_no_result", p.Code, "result", map[string]any{"Name": p.Name})
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
		b.check(SeverityWarning, key, mm.Code, "", map[string]any{
			"Class": b.className(mm.Class), "Code": mm.Code, "Stated": stated, "Measured": measured, "Pct": pct,
		})
	}
	if listed := int64(min(len(b.d.mismatches), maxListed)); b.d.mismatchTotal > listed {
		b.check(SeverityWarning, "measure_more", "", "", map[string]any{"N": b.d.mismatchTotal - listed})
	}
	if b.d.settings == nil {
		b.check(SeverityWarning, "no_settings", "", "", map[string]any{"Year": y})
	}
	b.threePublicChecks()
	b.archiveChecks()
	b.typedChecks()
}

// threePublicChecks: a 公务用车 budget set in one part only, a 三公 item over its
// budget, and the settings the full 三公 section lacks.
func (b *builder) threePublicChecks() {
	st := b.d.settings
	if st == nil {
		return
	}
	label := func(k string) string {
		return b.t("check.setting", map[string]any{"Field": domain.FieldName(b.lang, k)})
	}
	if (st.OfficialPurchaseBudget == nil) != (st.OfficialRunningBudget == nil) {
		set, unset := "official_purchase_budget", "official_running_budget"
		if st.OfficialPurchaseBudget == nil {
			set, unset = unset, set
		}
		b.check(SeverityWarning, "official_budget_partial", unset, unset, map[string]any{"Set": label(set), "Missing": label(unset)})
	}
	tp := b.m.ThreePublic
	for _, it := range []struct {
		what      string
		item      ThreePublicItem
		budgetKey string
	}{
		{"three.what_abroad", tp.Abroad, domain.AmountAbroadBudget},
		{"three.what_official", tp.Official, "official_purchase_budget"},
		{"three.what_reception", tp.Reception, domain.AmountReceptionBudget},
	} {
		if it.item.Amount != nil && it.item.Budget != nil && *it.item.Amount > *it.item.Budget {
			b.check(SeverityWarning, "three_public_over_budget", it.budgetKey, it.budgetKey, map[string]any{
				"What": b.t(it.what, nil), "Spent": b.moneyFen(*it.item.Amount), "Budget": b.moneyFen(*it.item.Budget),
			})
		}
	}
	var missing []string
	for _, k := range tp.Missing {
		// A 公务用车 budget set in one part is its own finding above.
		if (k == "official_purchase_budget" || k == "official_running_budget") && (st.OfficialPurchaseBudget != nil || st.OfficialRunningBudget != nil) {
			continue
		}
		missing = append(missing, label(k))
	}
	if len(missing) > 0 {
		code := "three_public_incomplete"
		if !tp.Complete {
			code = "three_public_not_set"
		}
		first := tp.Missing[0]
		b.check(SeverityWarning, code, first, first, map[string]any{"Year": b.d.year, "Keys": b.join(missing)})
	}
}

// archiveChecks: the year before is closed and the registers no longer give the
// figures its report was closed with; this year's comparison uses the archived ones.
func (b *builder) archiveChecks() {
	if b.d.prevArchive == nil {
		return
	}
	o := b.m.Official
	if o.PrevTotal.WanHundredths() != b.registersPrevTotal.WanHundredths() {
		b.check(SeverityWarning, "prev_year_archived", "", "", map[string]any{
			"Prev": b.d.year - 1, "What": b.t("three.what_official", nil),
			"Archived": b.moneyFen(o.PrevTotal), "Now": b.moneyFen(b.registersPrevTotal),
		})
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
	if len(m.Checks) == 0 {
		return []string{tr(m.Lang, "check.none", nil)}
	}
	var out []string
	for _, c := range m.Checks {
		out = append(out, checkLine(m, c))
	}
	return out
}

// ErrorLines renders the checks that failed at error severity, one per line.
func (m *Model) ErrorLines() []string {
	var out []string
	for _, c := range m.Checks {
		if c.Severity == SeverityError {
			out = append(out, checkLine(m, c))
		}
	}
	return out
}

func checkLine(m *Model, c Check) string {
	return tr(m.Lang, "severity."+c.Severity, nil) + tr(m.Lang, "sep.label", nil) + c.Message
}

// WithChecks is m with its checks printed as an appendix section after the report's
// own (the report body leaves them out). A model that already prints them (a year
// closed before the checks became an appendix) is returned as it is.
func (m *Model) WithChecks() *Model {
	for _, s := range m.Sections {
		if s.ID == domain.SectionChecks {
			return m
		}
	}
	c := *m
	c.Sections = append([]Section(nil), m.Sections...)
	heading := m.ChecksHeading
	if heading == "" {
		heading = tr(m.Lang, "heading.checks", nil)
	}
	s := Section{ID: domain.SectionChecks, Heading: heading}
	if len(m.Checks) == 0 {
		s.Blocks = append(s.Blocks, Block{Paragraph: tr(m.Lang, "check.none", nil)})
	}
	for i := range m.Checks {
		ch := &c.Checks[i]
		s.Blocks = append(s.Blocks, Block{Paragraph: checkLine(m, *ch), Check: ch})
	}
	c.Sections = append(c.Sections, s)
	return &c
}
