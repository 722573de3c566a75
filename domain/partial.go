package domain

import (
	"slices"
	"strconv"
)

// Partial updates of the registers that are not asset classes: an import sets the
// fields whose columns the file has and keeps the others (DESIGN.md "Import
// semantics"), the same rule AssetUpdate gives assets. Each entity lists its fields
// once, with how to copy one from another and how it reads for a change list.

type entityField[T any] struct {
	key    string
	copy   func(dst, src *T)
	text   func(v *T) string
	report bool // the report reads it: counted among the report-relevant changes
}

func applyFields[T any](fields []entityField[T], dst, src *T, keys []string) {
	for _, f := range fields {
		if slices.Contains(keys, f.key) {
			f.copy(dst, src)
		}
	}
}

func diffFields[T any](fields []entityField[T], old, new *T) []FieldChange {
	var out []FieldChange
	for _, f := range fields {
		if a, b := f.text(old), f.text(new); a != b {
			out = append(out, FieldChange{Field: f.key, Old: a, New: b, Report: f.report})
		}
	}
	return out
}

func yesNoText(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

var unitFields = []entityField[Unit]{
	{key: "name", copy: func(d, s *Unit) { d.Name = s.Name }, text: func(v *Unit) string { return v.Name }},
	{key: "short_name", copy: func(d, s *Unit) { d.ShortName = s.ShortName }, text: func(v *Unit) string { return v.ShortName }, report: true},
	{key: "parent", copy: func(d, s *Unit) { d.Parent, d.ParentID = s.Parent, s.ParentID }, text: func(v *Unit) string {
		if v.Parent != "" {
			return v.Parent
		}
		return strconv.FormatInt(v.ParentID, 10)
	}, report: true},
	{key: "independent_accounting", copy: func(d, s *Unit) { d.IndependentAccounting = s.IndependentAccounting },
		text: func(v *Unit) string { return yesNoText(v.IndependentAccounting) }, report: true},
}

// ApplyFields sets u's fields named by keys (nil: all) from src.
func (u *Unit) ApplyFields(src *Unit, keys []string) {
	if keys == nil {
		*u = *src
		return
	}
	applyFields(unitFields, u, src, keys)
}

// DiffUnits lists the fields that differ.
func DiffUnits(old, new *Unit) []FieldChange { return diffFields(unitFields, old, new) }

var projectFields = []entityField[Project]{
	{key: "code", copy: func(d, s *Project) { d.Code = s.Code }, text: func(v *Project) string { return v.Code }},
	{key: "year", copy: func(d, s *Project) { d.Year = s.Year }, text: func(v *Project) string { return strconv.Itoa(v.Year) }, report: true},
	{key: "name", copy: func(d, s *Project) { d.Name = s.Name }, text: func(v *Project) string { return v.Name }, report: true},
	{key: "unit", copy: func(d, s *Project) { d.Unit, d.UnitID = s.Unit, s.UnitID }, text: func(v *Project) string {
		if v.Unit != "" {
			return v.Unit
		}
		return strconv.FormatInt(v.UnitID, 10)
	}, report: true},
	{key: "function_code", copy: func(d, s *Project) { d.FunctionCode = s.FunctionCode }, text: func(v *Project) string { return v.FunctionCode }},
	{key: "budget", copy: func(d, s *Project) { d.Budget = s.Budget }, text: func(v *Project) string { return v.Budget.Yuan() }, report: true},
	{key: "fiscal_budget", copy: func(d, s *Project) { d.FiscalBudget = s.FiscalBudget }, text: func(v *Project) string { return v.FiscalBudget.Yuan() }, report: true},
	{key: "other_budget", copy: func(d, s *Project) { d.OtherBudget = s.OtherBudget }, text: func(v *Project) string { return v.OtherBudget.Yuan() }, report: true},
	{key: "goal", copy: func(d, s *Project) { d.Goal = s.Goal }, text: func(v *Project) string { return v.Goal }, report: true},
	{key: "result", copy: func(d, s *Project) { d.Result = s.Result }, text: func(v *Project) string { return v.Result }, report: true},
	{key: "problems", copy: func(d, s *Project) { d.Problems = s.Problems }, text: func(v *Project) string { return v.Problems }, report: true},
	{key: "next_steps", copy: func(d, s *Project) { d.NextSteps = s.NextSteps }, text: func(v *Project) string { return v.NextSteps }, report: true},
	{key: "summary", copy: func(d, s *Project) { d.Summary = s.Summary }, text: func(v *Project) string { return v.Summary }, report: true},
	{key: "disclosed", copy: func(d, s *Project) { d.Disclosed = s.Disclosed }, text: func(v *Project) string { return yesNoText(v.Disclosed) }, report: true},
	{key: "pre_assessed", copy: func(d, s *Project) { d.PreAssessed = s.PreAssessed }, text: func(v *Project) string { return yesNoText(v.PreAssessed) }, report: true},
	{key: "monitored", copy: func(d, s *Project) { d.Monitored = s.Monitored }, text: func(v *Project) string { return yesNoText(v.Monitored) }, report: true},
	{key: "self_evaluated", copy: func(d, s *Project) { d.SelfEvaluated = s.SelfEvaluated }, text: func(v *Project) string { return yesNoText(v.SelfEvaluated) }, report: true},
}

// ApplyFields sets p's fields named by keys (nil: all) from src. A budget set without
// its split keeps the stored other funds and gives the rest to fiscal funds.
func (p *Project) ApplyFields(src *Project, keys []string) {
	if keys == nil {
		id, version := p.ID, p.Version
		*p = *src
		p.ID, p.Version = id, version
		return
	}
	applyFields(projectFields, p, src, keys)
	if slices.Contains(keys, "budget") && !slices.Contains(keys, "fiscal_budget") && !slices.Contains(keys, "other_budget") {
		p.FiscalBudget = p.Budget - p.OtherBudget
	}
}

// DiffProjects lists the fields that differ.
func DiffProjects(old, new *Project) []FieldChange { return diffFields(projectFields, old, new) }

var indicatorFields = []entityField[Indicator]{
	{key: "level1", copy: func(d, s *Indicator) { d.Level1 = s.Level1 }, text: func(v *Indicator) string { return v.Level1 }, report: true},
	{key: "level2", copy: func(d, s *Indicator) { d.Level2 = s.Level2 }, text: func(v *Indicator) string { return v.Level2 }, report: true},
	{key: "level3", copy: func(d, s *Indicator) { d.Level3 = s.Level3 }, text: func(v *Indicator) string { return v.Level3 }, report: true},
	{key: "target", copy: func(d, s *Indicator) { d.Target = s.Target }, text: func(v *Indicator) string { return v.Target }, report: true},
	{key: "actual", copy: func(d, s *Indicator) { d.Actual = s.Actual }, text: func(v *Indicator) string { return v.Actual }, report: true},
	{key: "binding", copy: func(d, s *Indicator) { d.Binding = s.Binding }, text: func(v *Indicator) string { return v.Binding }, report: true},
}

// ApplyFields sets in's fields named by keys from src (its project and position
// identify it and are not copied).
func (in *Indicator) ApplyFields(src *Indicator, keys []string) {
	if keys == nil {
		keys = []string{"level1", "level2", "level3", "target", "actual", "binding"}
	}
	applyFields(indicatorFields, in, src, keys)
}

// ApplyFields sets s's fields named by keys (nil: all) from src: "closed" and the keys
// of SettingKeys.
func (s *YearSettings) ApplyFields(src *YearSettings, keys []string) {
	if keys == nil {
		version := s.Version
		*s = *src
		s.Version = version
		return
	}
	for _, k := range keys {
		if k == "closed" {
			s.Closed = src.Closed
			continue
		}
		if _, ok := LookupSetting(k); ok {
			v, _ := src.Value(k)
			// A value read from a setting sets it again; nothing to refuse.
			_ = s.Set(k, v)
		}
	}
}
