package domain

import (
	"context"
	"math"
	"sort"
	"time"
)

// Stats is the documented summary that `ledgerctl stats --json` prints and that GUI
// and report tests compare against. Money is in 分 (fields ending _fen), lengths in
// metres, areas in ㎡.
//
//	{
//	  "year": 2020,
//	  "classes": [                       // every class that holds assets, in catalogue order
//	    {"class": "lamps", "count": 950,   // held now: status 在用 or 停用
//	     "disposed": 0,                    // retired (已处置)
//	     "length_m": 0, "area_m2": 0, "original_value_fen": 123400}
//	  ],
//	  "records": {                       // maintenance records dated in year
//	    "count": 812, "cost_fen": 123456,
//	    "by_class": [{"key": "lamps", "quantity_unit": "盏", "count": 110, "quantity": 110, "cost_fen": 1}],
//	    "by_work_type": [{"key": "维修", "quantity_unit": "盏", ...}],
//	    "by_project": [{"code": "2020-001", "name": "…", "disclosed": true,
//	                    "budget_fen": 264500_00, "executed_fen": …, "fiscal_fen": …,
//	                    "other_fen": …, "count": 12}]
//	  },
//	  "cases": {…}                       // the year's case figures, see CaseFigures
//	}
//
// by_class uses "" for records of no class; by_project uses code "" for 基本支出.
// by_class and by_work_type have one row per (key, quantity_unit).
type Stats struct {
	Year    int          `json:"year"`
	Classes []ClassStats `json:"classes"`
	Records YearRecords  `json:"records"`
	Cases   CaseFigures  `json:"cases"`
}

// ClassStats are one register's totals over the assets held now.
type ClassStats struct {
	Class    Class `json:"class"`
	Count    int64 `json:"count"`
	Disposed int64 `json:"disposed"`
	// Idle counts the assets of status 停用 among Count (held, not in use).
	Idle          int64   `json:"idle,omitempty"`
	LengthM       float64 `json:"length_m"`
	AreaM2        float64 `json:"area_m2"`
	OriginalValue Fen     `json:"original_value_fen"`
}

// YearRecords are the year's maintenance totals.
type YearRecords struct {
	Count      int64        `json:"count"`
	Cost       Fen          `json:"cost_fen"`
	ByClass    []RecordSum  `json:"by_class"`
	ByWorkType []RecordSum  `json:"by_work_type"`
	ByProject  []ProjectSum `json:"by_project"`
}

// RecordSum is a group of the year's records.
type RecordSum struct {
	Key          string  `json:"key"`
	QuantityUnit string  `json:"quantity_unit"`
	Count        int64   `json:"count"`
	Quantity     float64 `json:"quantity"`
	Cost         Fen     `json:"cost_fen"`
}

// ProjectSum is a project's budget and what its records of the year add up to.
type ProjectSum struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	Disclosed bool   `json:"disclosed"`
	Budget    Fen    `json:"budget_fen"`
	Executed  Fen    `json:"executed_fen"`
	Fiscal    Fen    `json:"fiscal_fen"`
	Other     Fen    `json:"other_fen"`
	Count     int64  `json:"count"`
}

// ComputeStats builds Stats for year from the store's grouped aggregates.
func ComputeStats(ctx context.Context, s Store, year int) (*Stats, error) {
	cat, err := s.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	groups, err := s.AssetGroups(ctx)
	if err != nil {
		return nil, err
	}
	recs, err := s.RecordGroups(ctx, year)
	if err != nil {
		return nil, err
	}
	projects, err := s.ListProjects(ctx, year)
	if err != nil {
		return nil, err
	}
	st := StatsFrom(year, cat, groups, recs, projects)
	cases, err := ComputeCaseFigures(ctx, s, year, WallClock(time.Now()), CaseSelection{})
	if err != nil {
		return nil, err
	}
	st.Cases = *cases
	return st, nil
}

// StatsFrom is ComputeStats on data already loaded.
func StatsFrom(year int, cat *Catalogue, groups []AssetGroup, recs []RecordGroup, projects []Project) *Stats {
	st := &Stats{Year: year}
	byClass := map[Class]*ClassStats{}
	for _, c := range HoldingClasses(cat, groups) {
		st.Classes = append(st.Classes, ClassStats{Class: c.Key})
	}
	for i := range st.Classes {
		byClass[st.Classes[i].Class] = &st.Classes[i]
	}
	for _, g := range groups {
		cs := byClass[g.Class]
		if cs == nil {
			continue
		}
		if g.Status == StatusDisposed {
			cs.Disposed += g.Count
			continue
		}
		cs.Count += g.Count
		if g.Status == StatusIdle {
			cs.Idle += g.Count
		}
		cs.LengthM += g.LengthM
		cs.AreaM2 += g.AreaM2
		cs.OriginalValue += g.OriginalValue
	}
	type key struct{ k, u string }
	cls := map[key]*RecordSum{}
	wts := map[key]*RecordSum{}
	projSum := map[int64]*ProjectSum{}
	var projOrder []int64
	for _, p := range projects {
		projSum[p.ID] = &ProjectSum{Code: p.Code, Name: p.Name, Disclosed: p.Disclosed, Budget: p.Budget}
		projOrder = append(projOrder, p.ID)
	}
	add := func(m map[key]*RecordSum, k key, g RecordGroup) {
		r := m[k]
		if r == nil {
			r = &RecordSum{Key: k.k, QuantityUnit: k.u}
			m[k] = r
		}
		r.Count += g.Count
		r.Quantity += g.Quantity
		r.Cost += g.Cost
	}
	for _, g := range recs {
		st.Records.Count += g.Count
		st.Records.Cost += g.Cost
		add(cls, key{string(g.AssetClass), g.QuantityUnit}, g)
		add(wts, key{g.WorkType, g.QuantityUnit}, g)
		ps := projSum[g.ProjectID]
		if ps == nil {
			ps = &ProjectSum{}
			projSum[g.ProjectID] = ps
			if g.ProjectID != 0 {
				ps.Code = "?"
			}
		}
		ps.Executed += g.Cost
		ps.Count += g.Count
		if g.Funding == FundOther {
			ps.Other += g.Cost
		} else {
			ps.Fiscal += g.Cost
		}
	}
	flatten := func(m map[key]*RecordSum) []RecordSum {
		out := make([]RecordSum, 0, len(m))
		for _, r := range m {
			out = append(out, *r)
		}
		sort.Slice(out, func(i, j int) bool {
			if out[i].Key != out[j].Key {
				return out[i].Key < out[j].Key
			}
			return out[i].QuantityUnit < out[j].QuantityUnit
		})
		return out
	}
	// Sums of metres and ㎡ carry float noise (32597.009999999995): round to the
	// centimetre / 0.01 ㎡ that the registers state.
	for i := range st.Classes {
		st.Classes[i].LengthM = round2(st.Classes[i].LengthM)
		st.Classes[i].AreaM2 = round2(st.Classes[i].AreaM2)
	}
	st.Records.ByClass = flatten(cls)
	st.Records.ByWorkType = flatten(wts)
	for _, id := range projOrder {
		st.Records.ByProject = append(st.Records.ByProject, *projSum[id])
	}
	if ps := projSum[0]; ps != nil {
		st.Records.ByProject = append(st.Records.ByProject, *ps)
	}
	return st
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

// FoundingClasses are the six registers CityLedger has always kept. Statistics and
// the report list them even when empty, as they always did, so that a register made
// before classes were data reports byte for byte the same after the migration.
var FoundingClasses = []Class{Vehicles, Lamps, GreenAreas, SewerPipes, SewerFacilities, Roads}

// HoldingClasses lists, in catalogue order, the classes that hold assets (disposed ones
// too) and the founding registers: what the registers statistics and the report cover.
// Any other class with no assets is left out.
func HoldingClasses(cat *Catalogue, groups []AssetGroup) []*ClassDef {
	holds := map[Class]bool{}
	for _, c := range FoundingClasses {
		holds[c] = true
	}
	for _, g := range groups {
		if g.Count > 0 {
			holds[g.Class] = true
		}
	}
	var out []*ClassDef
	for _, d := range cat.Classes() {
		if holds[d.Key] {
			out = append(out, d)
		}
	}
	return out
}
