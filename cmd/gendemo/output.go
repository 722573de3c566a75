package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkt"
)

type table struct {
	name   string
	header []string
	rows   [][]string
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

func qtyStr(r *rec) string {
	if r.qunit == "" {
		return ""
	}
	return strconv.FormatInt(r.qty, 10)
}

func (g *gen) tables() []table {
	var ts []table
	t := table{name: "units.csv", header: []string{"name", "short_name", "parent", "independent_accounting"}}
	t.rows = units
	ts = append(ts, t)

	t = table{name: "vehicles.csv", header: []string{"code", "plate", "unit", "use_category", "body_type", "official", "start_date", "original_value", "status", "disposal_date", "note"}}
	for _, v := range g.vehicles {
		t.rows = append(t.rows, []string{v.code, v.plate, v.unit, v.use, v.body, yesNo(v.official), v.start, v.value.String(), v.status, v.disposal, v.note})
	}
	ts = append(ts, t)

	t = table{name: "lamps.csv", header: []string{"code", "type", "road", "power_w", "pole_height_m", "start_date", "original_value", "unit", "lon", "lat", "status", "disposal_date", "note"}}
	for _, l := range g.lamps {
		t.rows = append(t.rows, []string{l.code, l.typ, l.road, fmtNum(l.power), fmtNum(l.pole), l.start, l.value.String(), l.unit, fmtCoord(l.p.Lon()), fmtCoord(l.p.Lat()), "在用", "", l.note})
	}
	ts = append(ts, t)

	t = table{name: "green-areas.csv", header: []string{"code", "name", "type", "area_m2", "unit", "start_date", "original_value", "status", "disposal_date", "note", "geometry"}}
	for _, x := range g.greens {
		t.rows = append(t.rows, []string{x.code, x.name, x.typ, fmtCenti(x.area), x.unit, x.start, x.value.String(), "在用", "", x.note, wkt.MarshalString(orb.Polygon{orb.Ring(x.ring)})})
	}
	ts = append(ts, t)

	t = table{name: "sewer-pipes.csv", header: []string{"code", "kind", "material", "diameter_mm", "length_m", "unit", "start_date", "original_value", "status", "disposal_date", "note", "geometry"}}
	for _, x := range g.pipes {
		t.rows = append(t.rows, []string{x.code, x.kind, x.material, strconv.Itoa(x.dn), fmtCenti(x.length), x.unit, x.start, x.value.String(), "在用", "", x.note, wkt.MarshalString(orb.LineString(x.line))})
	}
	ts = append(ts, t)

	t = table{name: "sewer-facilities.csv", header: []string{"code", "name", "kind", "capacity", "unit", "lon", "lat", "start_date", "original_value", "status", "disposal_date", "note"}}
	for _, f := range g.facilities {
		t.rows = append(t.rows, []string{f.code, f.name, f.kind, f.capacity, f.unit, fmtCoord(f.p.Lon()), fmtCoord(f.p.Lat()), f.start, f.value.String(), "在用", "", f.note})
	}
	ts = append(ts, t)

	t = table{name: "roads.csv", header: []string{"code", "name", "kind", "area_m2", "length_m", "unit", "start_date", "original_value", "status", "disposal_date", "note", "geometry"}}
	for _, r := range g.roads {
		t.rows = append(t.rows, []string{r.code, r.name, r.kind, fmtCenti(r.area), fmtCenti(r.length), r.unit, r.start, r.value.String(), "在用", "", r.note, wkt.MarshalString(orb.LineString(r.line))})
	}
	ts = append(ts, t)

	t = table{name: "projects.csv", header: []string{"code", "year", "name", "unit", "function_code", "budget", "fiscal_budget", "other_budget", "goal", "result", "problems", "next_steps", "summary", "disclosed", "pre_assessed", "monitored", "self_evaluated"}}
	for _, p := range g.projects {
		t.rows = append(t.rows, []string{p.code, strconv.Itoa(p.year), p.name, p.unit, p.fn, p.budget.String(), p.fiscal.String(), p.other.String(), p.goal, p.result, p.problems, p.nextSteps, p.summary, yesNo(p.disclosed),
			yesNo(p.preAssessed), yesNo(p.monitored), yesNo(p.selfEvaluated)})
	}
	ts = append(ts, t)

	t = table{name: "indicators.csv", header: []string{"project_code", "year", "position", "level1", "level2", "level3", "target", "actual", "binding"}}
	for _, in := range g.indicators {
		t.rows = append(t.rows, []string{in.project, strconv.Itoa(in.year), strconv.Itoa(in.pos), in.l1, in.l2, in.l3, in.target, in.actual, in.binding})
	}
	ts = append(ts, t)

	t = table{name: "maintenance.csv", header: []string{"date", "asset_class", "asset_code", "project_code", "funding", "work_type", "quantity", "quantity_unit", "cost", "contractor", "note", "case_no"}}
	lampRepairs := 0
	for _, r := range g.recs {
		// Each lamp repair answered a 数字城管 case; the demo's case generator
		// (domain/demo/cases.go) makes the case of each number written here.
		caseNo := ""
		if r.class == clLamp && r.work == "维修" {
			lampRepairs++
			caseNo = fmt.Sprintf("CG%s9%03d", strings.ReplaceAll(r.date, "-", ""), lampRepairs)
		}
		t.rows = append(t.rows, []string{r.date, r.class, r.code, r.project, r.funding, r.work, qtyStr(r), r.qunit, r.cost.String(), r.contractor, r.note, caseNo})
	}
	ts = append(ts, t)

	t = table{name: "year-settings.csv", header: yearSettingsHeader}
	for _, y := range yearSettings {
		var row []string
		for _, k := range yearSettingsHeader {
			row = append(row, y[k])
		}
		t.rows = append(t.rows, row)
	}
	ts = append(ts, t)
	return ts
}

func encode(t table) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.Write(t.header); err != nil {
		panic(err)
	}
	for _, r := range t.rows {
		if len(r) != len(t.header) {
			panic(fmt.Sprintf("%s: row of %d fields, header of %d", t.name, len(r), len(t.header)))
		}
		if err := w.Write(r); err != nil {
			panic(err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		panic(err)
	}
	return b.Bytes()
}
