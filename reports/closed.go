package reports

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"cityledger/domain"
	"cityledger/domain/i18n"
)

// snapshot is what a closed year stores: the model in every language, so that its
// report renders byte for byte the same in either, whatever changes later.
type snapshot map[i18n.Lang]json.RawMessage

// archived is the report year was closed with, in Chinese (its figures are the same in
// either language); nil when the year is open.
func archived(ctx context.Context, s domain.Store, year int) (*Model, error) {
	raw, err := s.ReportSnapshot(ctx, year)
	if err != nil || raw == nil {
		return nil, err
	}
	var snap snapshot
	if err := json.Unmarshal(raw, &snap); err != nil {
		return nil, domain.Internal("read the closed year's report", err)
	}
	m := &Model{}
	if err := json.Unmarshal(snap[i18n.ZH], m); err != nil {
		return nil, domain.Internal("read the closed year's report", fmt.Errorf("%s: %w", i18n.ZH, err))
	}
	return m, nil
}

// ForYear is the report of year: the model stored when the year was closed, or, for
// an open year, one built now from the registers.
func ForYear(ctx context.Context, s domain.Store, year int, lang i18n.Lang) (*Model, error) {
	raw, err := s.ReportSnapshot(ctx, year)
	if err != nil {
		return nil, err
	}
	if raw == nil {
		return Build(ctx, s, year, lang)
	}
	var snap snapshot
	if err := json.Unmarshal(raw, &snap); err != nil {
		return nil, domain.Internal("read the closed year's report", err)
	}
	m := &Model{}
	if err := json.Unmarshal(snap[lang], m); err != nil {
		return nil, domain.Internal("read the closed year's report", fmt.Errorf("%s: %w", lang, err))
	}
	return m, nil
}

// CloseYear builds the year's report in both languages and closes the year with it.
// A year whose checks fail at error severity is not closed: the error names the checks.
// The report is built once the store holds the year's lock (Settings.CloseYearWith),
// so it is the report of exactly the rows the closed year keeps.
func CloseYear(ctx context.Context, s domain.Store, year int) error {
	return s.CloseYearWith(ctx, year, func(ctx context.Context) ([]byte, error) {
		snap := snapshot{}
		for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
			m, err := Build(ctx, s, year, lang)
			if err != nil {
				return nil, err
			}
			if lang == i18n.ZH && m.Failed() {
				return nil, domain.Errorf(domain.KindInvalid, "report.err.close_failed_checks", map[string]any{"Year": year, "Checks": strings.Join(m.ErrorLines(), "\n")})
			}
			b, err := json.Marshal(m)
			if err != nil {
				return nil, domain.Internal("close the year", err)
			}
			snap[lang] = b
		}
		raw, err := json.Marshal(snap)
		if err != nil {
			return nil, domain.Internal("close the year", err)
		}
		return raw, nil
	})
}

// CheckYear is the findings of year's checks. An open year's are those of the report
// built now. A closed year's are those archived with its report (what it prints has
// not changed), plus one for each printed figure the registers no longer give.
func CheckYear(ctx context.Context, s domain.Store, year int, lang i18n.Lang) ([]Check, error) {
	fresh, err := Build(ctx, s, year, lang)
	if err != nil {
		return nil, err
	}
	raw, err := s.ReportSnapshot(ctx, year)
	if err != nil {
		return nil, err
	}
	if raw == nil {
		return fresh.Checks, nil
	}
	arch, err := ForYear(ctx, s, year, lang)
	if err != nil {
		return nil, err
	}
	out := append([]Check(nil), arch.Checks...)
	return append(out, drift(arch, fresh)...), nil
}

// drift compares the figures a closed year's report was archived with against those
// the registers give now, and words each difference.
func drift(arch, now *Model) []Check {
	lang := now.Lang
	t := func(key string, p map[string]any) string { return tr(lang, key, p) }
	mny := func(f domain.Fen) string { return t("bind.money", map[string]any{"Amount": moneyFen(lang, f)}) }
	num := func(n int64) string { return itoa(n) }
	type figure struct{ what, archived, now string }
	var figs []figure
	add := func(what, a, n string) { figs = append(figs, figure{what, a, n}) }
	add(t("drift.vehicles", nil), num(arch.Vehicles.Total), num(now.Vehicles.Total))
	add(t("drift.equipment_general", nil), num(arch.Equipment.General50), num(now.Equipment.General50))
	add(t("drift.equipment_special", nil), num(arch.Equipment.Special100), num(now.Equipment.Special100))
	add(t("drift.official_purchased", nil), num(arch.Official.PurchasedCars), num(now.Official.PurchasedCars))
	add(t("drift.official_fleet", nil), num(arch.Official.Fleet), num(now.Official.Fleet))
	add(t("drift.official_purchase", nil), mny(arch.Official.Purchase), mny(now.Official.Purchase))
	add(t("drift.official_running", nil), mny(arch.Official.Running), mny(now.Official.Running))
	add(t("drift.official_total", nil), mny(arch.Official.Total), mny(now.Official.Total))
	classes := map[domain.Class]ClassFigures{}
	for _, c := range arch.Assets {
		classes[c.Class] = c
	}
	for _, c := range now.Assets {
		a := classes[c.Class]
		name := className(lang, string(c.Class))
		add(t("drift.class_count", map[string]any{"Class": name}), num(a.Count), num(c.Count))
		add(t("drift.class_length", map[string]any{"Class": name}), km(a.LengthM), km(c.LengthM))
		add(t("drift.class_area", map[string]any{"Class": name}), whole(a.AreaM2), whole(c.AreaM2))
		add(t("drift.class_value", map[string]any{"Class": name}), mny(a.OriginalValue), mny(c.OriginalValue))
	}
	add(t("drift.maintenance_records", nil), num(arch.Maintenance.Records), num(now.Maintenance.Records))
	add(t("drift.maintenance_cost", nil), mny(arch.Maintenance.Cost), mny(now.Maintenance.Cost))
	projects := map[string]ProjectFigures{}
	for _, p := range arch.Projects {
		projects[p.Code] = p
	}
	for _, p := range now.Projects {
		a, ok := projects[p.Code]
		if !ok {
			add(t("drift.project", map[string]any{"Code": p.Code}), t("drift.absent", nil), p.Name)
			continue
		}
		add(t("drift.project_budget", map[string]any{"Name": p.Name}), mny(a.Budget), mny(p.Budget))
		add(t("drift.project_executed", map[string]any{"Name": p.Name}), mny(a.Executed), mny(p.Executed))
	}
	var out []Check
	for _, f := range figs {
		if f.archived == f.now {
			continue
		}
		if len(out) == maxListed {
			out = append(out, Check{Severity: SeverityWarning, Code: "closed_year_drift_more",
				Message: t("check.closed_year_drift_more", map[string]any{"Year": now.Year})})
			break
		}
		p := map[string]any{"Year": now.Year, "What": f.what, "Archived": f.archived, "Now": f.now}
		out = append(out, Check{Severity: SeverityWarning, Code: "closed_year_drift", Message: t("check.closed_year_drift", p), Params: p})
	}
	return out
}
