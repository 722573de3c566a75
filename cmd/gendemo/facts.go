package main

import (
	"bytes"
	"embed"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"cityledger/domain"
	"cityledger/domain/exchange"
)

// The hand-typed facts of the demo district, one CSV file per kind under facts/: what
// the seed report states (units, vehicles, the disclosed projects and their indicator
// tables word for word, the 2020 year settings) and what was invented to place the
// registers on a map (street centre lines, lamp runs, green areas, pipe runs, road
// sections, facilities, the other projects). The program builds the registers and the
// records from them; edit these files, not the CSV files it writes.
//
//go:embed facts/*.csv
var factFiles embed.FS

// The facts, loaded by loadFacts before anything is built.
var (
	streets             []street
	units               [][]string // name, short name, parent, independent accounting
	vehicleFacts        []vehicle
	lampRunFacts        []lampRun
	greenFacts          []greenDef
	facilityFacts       []facility
	pipeRunFacts        []pipeRun
	roadFacts           []roadDef
	disclosedProjects   []project
	undisclosedProjects []project
	// indicatorRows: level1, level2, level3, target, actual of each disclosed project,
	// word for word from the seed's tables.
	indicatorRows map[string][][5]string
	// boundIndicators are the indicator rows whose actual value the registers compute
	// (project/position → binding).
	boundIndicators    map[string]string
	yearSettingsHeader []string
	yearSettings       []map[string]string
)

// factTable is one facts file: its rows by column name, and where each row came from.
type factTable struct {
	name string
	rows []map[string]string
}

func readFacts(name string) factTable {
	raw, err := factFiles.ReadFile("facts/" + name)
	if err != nil {
		panic(err) // embedded: a missing file is a build mistake
	}
	recs, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	if err != nil || len(recs) == 0 {
		fail("facts/%s: %v", name, err)
		return factTable{name: name}
	}
	t := factTable{name: name}
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = rec[i]
		}
		t.rows = append(t.rows, m)
	}
	return t
}

// header is the file's header row.
func readHeader(name string) []string {
	raw, _ := factFiles.ReadFile("facts/" + name)
	h, err := csv.NewReader(bytes.NewReader(raw)).Read()
	if err != nil {
		fail("facts/%s: %v", name, err)
	}
	return h
}

// fact reads typed cells of one row, noting every bad cell as a failure.
type fact struct {
	file string
	row  int
	m    map[string]string
}

func (t factTable) each(fn func(f fact)) {
	for i, m := range t.rows {
		fn(fact{t.name, i + 2, m})
	}
}

func (f fact) bad(col, why string) {
	fail("facts/%s row %d: %s %q: %s", f.file, f.row, col, f.m[col], why)
}

func (f fact) str(col string) string {
	v, ok := f.m[col]
	if !ok {
		fail("facts/%s: no column %s", f.file, col)
	}
	return v
}

func (f fact) float(col string) float64 {
	v, err := strconv.ParseFloat(f.str(col), 64)
	if err != nil {
		f.bad(col, "not a number")
	}
	return v
}

func (f fact) int(col string) int64 {
	v, err := strconv.ParseInt(f.str(col), 10, 64)
	if err != nil {
		f.bad(col, "not a whole number")
	}
	return v
}

func (f fact) money(col string) domain.Fen {
	v, err := parseMoney(f.str(col))
	if err != nil {
		f.bad(col, err.Error())
	}
	return v
}

func (f fact) yes(col string) bool {
	switch f.str(col) {
	case "是":
		return true
	case "否":
		return false
	}
	f.bad(col, "want 是 or 否")
	return false
}

// point reads "lon lat".
func (f fact) point(col string) orb.Point {
	var p orb.Point
	if _, err := fmt.Sscanf(f.str(col), "%g %g", &p[0], &p[1]); err != nil {
		f.bad(col, "want lon lat")
	}
	return p
}

// offsets reads "x y, x y, …" in metres.
func (f fact) offsets(col string) []xy {
	var out []xy
	for _, s := range strings.Split(f.str(col), ",") {
		var v xy
		if _, err := fmt.Sscanf(strings.TrimSpace(s), "%g %g", &v.X, &v.Y); err != nil {
			f.bad(col, "want x y, x y, …")
			return nil
		}
		out = append(out, v)
	}
	return out
}

// floats reads numbers separated by spaces.
func (f fact) floats(col string) []float64 {
	var out []float64
	for _, s := range strings.Fields(f.str(col)) {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			f.bad(col, "want numbers separated by spaces")
		}
		out = append(out, v)
	}
	return out
}

// lineString reads a WKT LINESTRING.
func (f fact) lineString(col string) []orb.Point {
	g, err := exchange.ParseWKT(f.str(col))
	ls, ok := g.(orb.LineString)
	if err != nil || !ok {
		f.bad(col, "want a WKT LINESTRING")
		return nil
	}
	return ls
}

func loadFacts() {
	readFacts("streets.csv").each(func(f fact) {
		streets = append(streets, street{f.str("name"), f.lineString("centre_line")})
	})
	readFacts("units.csv").each(func(f fact) {
		units = append(units, []string{f.str("name"), f.str("short_name"), f.str("parent"), f.str("independent_accounting")})
	})
	readFacts("vehicles.csv").each(func(f fact) {
		vehicleFacts = append(vehicleFacts, vehicle{f.str("code"), f.str("plate"), f.str("unit"), f.str("use_category"),
			f.str("body_type"), f.yes("official"), f.str("start_date"), f.money("original_value"), f.str("status"),
			f.str("disposal_date"), f.str("note")})
	})
	readFacts("lamp-runs.csv").each(func(f fact) {
		lampRunFacts = append(lampRunFacts, lampRun{street: f.str("street"), f0: f.float("from"), f1: f.float("to"),
			sides: f.floats("sides_m"), spacing: f.float("spacing_m"), typ: f.str("type"), power: f.float("power_w"),
			pole: f.float("pole_height_m"), start: f.str("start_date"), value: f.money("original_value"), note: f.str("note")})
	})
	readFacts("green-areas.csv").each(func(f fact) {
		d := greenDef{code: f.str("code"), name: f.str("name"), typ: f.str("type"), unit: f.str("unit"), start: f.str("start_date"),
			perM2: f.int("yuan_per_m2"), note: f.str("note"), shape: f.str("shape")}
		switch d.shape {
		case "polygon", "remainder":
			d.centre, d.offsets = f.point("centre"), f.offsets("offsets_m")
		case "strip":
			d.street, d.f0, d.f1, d.off, d.width = f.str("street"), f.float("from"), f.float("to"), f.float("offset_m"), f.float("width_m")
		case "circle":
			d.centre, d.radius, d.vertices = f.point("centre"), f.float("radius_m"), int(f.int("vertices"))
		default:
			f.bad("shape", "want polygon, remainder, strip or circle")
		}
		greenFacts = append(greenFacts, d)
	})
	readFacts("facilities.csv").each(func(f fact) {
		facilityFacts = append(facilityFacts, facility{f.str("code"), f.str("name"), f.str("kind"), f.str("capacity"), unitBureau,
			orb.Point{f.float("lon"), f.float("lat")}, f.str("start_date"), f.money("original_value"), f.str("note")})
	})
	readFacts("pipe-runs.csv").each(func(f fact) {
		r := pipeRun{street: f.str("street"), kind: f.str("kind"), material: f.str("material"), dn: int(f.int("diameter_mm")),
			start: f.str("start_date"), price: f.int("fen_per_m"), note: f.str("note"), fromFacility: f.str("from_facility")}
		if r.fromFacility == "" {
			r.f0, r.f1, r.off, r.seg = f.float("from"), f.float("to"), f.float("offset_m"), f.float("segment_m")
		}
		pipeRunFacts = append(pipeRunFacts, r)
	})
	readFacts("road-sections.csv").each(func(f fact) {
		roadFacts = append(roadFacts, roadDef{f.str("name"), f.str("street"), f.str("kind"), f.float("from"), f.float("to"),
			f.float("offset_m"), f.float("width_m"), f.str("start_date"), f.int("fen_per_m2"), f.str("note")})
	})
	readFacts("projects.csv").each(func(f fact) {
		p := project{code: f.str("code"), year: 2020, name: f.str("name"), unit: f.str("unit"), fn: f.str("function_code"),
			budget: f.money("budget"), other: f.money("other_budget"), exec: f.money("executed"), goal: f.str("goal"),
			result: f.str("result"), problems: f.str("problems"), nextSteps: f.str("next_steps"), summary: f.str("summary"),
			disclosed: f.yes("disclosed"), preAssessed: f.yes("pre_assessed"), monitored: f.yes("monitored"),
			selfEvaluated: f.yes("self_evaluated")}
		p.fiscal = p.budget - p.other
		if p.disclosed {
			disclosedProjects = append(disclosedProjects, p)
		} else {
			undisclosedProjects = append(undisclosedProjects, p)
		}
	})
	indicatorRows, boundIndicators = map[string][][5]string{}, map[string]string{}
	readFacts("indicators.csv").each(func(f fact) {
		code := f.str("project_code")
		indicatorRows[code] = append(indicatorRows[code], [5]string{f.str("level1"), f.str("level2"), f.str("level3"), f.str("target"), f.str("actual")})
		if pos := f.int("position"); pos != int64(len(indicatorRows[code])) {
			f.bad("position", "out of order")
		}
		if b := f.str("binding"); b != "" {
			boundIndicators[code+"/"+f.str("position")] = b
		}
	})
	yearSettingsHeader = readHeader("year-settings.csv")
	readFacts("year-settings.csv").each(func(f fact) { yearSettings = append(yearSettings, f.m) })
}
