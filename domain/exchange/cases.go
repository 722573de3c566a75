package exchange

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/paulmach/orb"

	"cityledger/domain"
	"cityledger/domain/geo"
)

// Cases is the kind of the city platform's and the 12345 system's case exports.
const Cases Kind = "cases"

// RowsCases is the Batch.Rows key of the cases' source rows.
const RowsCases = "cases"

// tCaseTime cells hold case times (YYYY-MM-DD HH:MM[:SS]).
const tCaseTime cellType = 100

func caseTime(key, zh string) Field {
	f := typed(key, zh, tCaseTime)
	f.hint = "cases.template.time"
	return f
}

func hinted(f Field, hint string) Field { f.hint = hint; return f }

// The cases kind's columns join the others here rather than in kinds.go (which lists
// the kind in its load order): they are DESIGN.md's "Cases" table.
func init() {
	kindChinese[Cases] = "案件"
	entityFields[Cases] = []Field{
		hinted(req(text("case_no", "案件编号")), "cases.template.case_no"),
		req(enumOf("source", "来源", domain.CaseSources)),
		req(enumOf("category", "类别", domain.CaseCategories)),
		hinted(text("class_code", "小类代码"), "cases.template.class_code"),
		hinted(text("class_name", "小类名称"), "cases.template.class_name"),
		text("description", "问题描述"),
		text("address", "地址"),
		typed("lon", "经度", tCoord),
		typed("lat", "纬度", tCoord),
		hinted(text("component_id", "部件标识码"), "cases.template.component_id"),
		{Key: "asset_class", Chinese: "资产类别", typ: tClass}, // Allowed: the catalogue's names (LayoutOf)
		hinted(text("asset_code", "资产编号"), "cases.template.asset_code"),
		req(caseTime("reported_at", "上报时间")),
		caseTime("dispatched_at", "派遣时间"),
		hinted(caseTime("deadline", "处置时限"), "cases.template.deadline"),
		caseTime("resolved_at", "处置时间"),
		caseTime("closed_at", "结案时间"),
		caseTime("replied_at", "回复时间"),
		hinted(text("unit", "责任单位"), "cases.template.unit"),
		hinted(enumOf("status", "状态", domain.CaseStatuses), "cases.template.status"),
		text("note", "备注"),
	}
	entityFields[Maintenance] = append(entityFields[Maintenance], hinted(text("case_no", "案件编号"), "cases.template.record_case_no"))
}

// caseConverter holds what converting a case file needs beyond the generic converter:
// the reprojection of its points and the notices, one per distinct remark.
type caseConverter struct {
	proj      *geo.Reprojector
	fromWGS84 bool
	// notices indexes the result's warnings by field, rule and value, so that a
	// remark shared by many rows (a local 小类 name) is one warning with a count.
	notices map[string]int
	counts  map[string]int
}

func (c *converter) caseSetup(src *Source) error {
	cc := &caseConverter{notices: map[string]int{}, counts: map[string]int{}}
	crs := src.CRS
	if c.o.CRS != "" {
		crs = c.o.CRS
	}
	cc.fromWGS84 = crs == ""
	if !cc.fromWGS84 {
		p, err := geo.NewReprojector(crs)
		if err != nil {
			return domain.Errorf(domain.KindInvalid, "exchange.err.crs", map[string]any{"CRS": abbreviate(crs), "Detail": err.Error()})
		}
		cc.proj = p
	}
	c.cases = cc
	b := c.res.Batch
	// The columns the file holds: an existing case keeps the others.
	b.CaseColumns = []string{}
	for _, f := range domain.CaseFields {
		_, col := c.m.Columns[f]
		_, set := c.o.Set[f]
		// GeoJSON and Shapefile carry the point as the feature's geometry.
		geom := (f == "lon" || f == "lat") && (src.Format == "geojson" || src.Format == "shapefile")
		if col || set || geom {
			b.CaseColumns = append(b.CaseColumns, f)
		}
	}
	if len(b.CaseColumns) == len(domain.CaseFields) {
		b.CaseColumns = nil
	}
	return nil
}

// convertCases converts every row of a case file, read from src a chunk at a time so
// that the file is never held whole. Reading a row's cells is independent of the other
// rows, so a large chunk is read by several goroutines; checking the file-unique
// numbers and gathering the notices stay in row order on this one.
func (c *converter) convertCases(src *Source) error {
	const chunk = 32_768
	rows := make([]Row, 0, min(chunk, max(src.SizeHint, 1024)))
	conv := make([]row, 0, cap(rows))
	cases := make([]domain.Case, 0, cap(rows))
	if src.SizeHint > 0 {
		c.res.Batch.Cases = make([]domain.Case, 0, src.SizeHint)
	}
	flush := func() {
		if cap(conv) < len(rows) {
			conv, cases = make([]row, len(rows)), make([]domain.Case, len(rows))
		}
		conv, cases = conv[:len(rows)], cases[:len(rows)]
		one := func(from, to int) {
			for i := from; i < to; i++ {
				conv[i] = row{c: c, src: &rows[i]}
				cases[i] = conv[i].caseRow()
			}
		}
		workers := runtime.GOMAXPROCS(0)
		// A reprojection (PROJ) is not safe to share between goroutines.
		if len(rows) < 20_000 || c.cases.proj != nil || workers < 2 {
			one(0, len(rows))
		} else {
			var wg sync.WaitGroup
			per := (len(rows) + workers - 1) / workers
			for from := 0; from < len(rows); from += per {
				wg.Add(1)
				go func(from, to int) {
					defer wg.Done()
					one(from, to)
				}(from, min(from+per, len(rows)))
			}
			wg.Wait()
		}
		for i := range rows {
			if conv[i].keepCase(&cases[i]) {
				c.res.Batch.Cases = append(c.res.Batch.Cases, cases[i])
			}
		}
		rows, conv, cases = rows[:0], conv[:0], cases[:0]
	}
	for {
		r, err := src.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		c.res.Rows++
		if c.refuseRow(&r) {
			continue
		}
		rows = append(rows, r)
		if len(rows) == chunk {
			flush()
		}
	}
	flush()
	return nil
}

// caseRow converts one source row into a case.
func (r *row) caseRow() domain.Case {
	c := domain.Case{
		No:          r.str("case_no"),
		Source:      r.enum("source", domain.CaseSources),
		Category:    r.enum("category", domain.CaseCategories),
		ClassCode:   r.str("class_code"),
		ClassName:   r.str("class_name"),
		Description: r.str("description"),
		Address:     r.str("address"),
		ComponentID: r.str("component_id"),
		AssetCode:   r.str("asset_code"),
		Unit:        r.str("unit"),
		Status:      r.caseStatus(),
		Note:        r.str("note"),
	}
	if v := r.str("asset_class"); v != "" {
		cl, ok := ParseAssetClass(r.c.l.Catalogue, v)
		if !ok {
			r.fail("asset_class", v, "enum", map[string]string{"Allowed": strings.Join(r.c.l.Catalogue.Names(), "、")})
		}
		c.AssetClass = cl
	}
	for _, f := range domain.CaseTimeFields {
		c.SetTime(f, r.caseTime(f))
	}
	c.Location = r.casePoint()
	c.CompleteClass()
	if c.Status == "" {
		c.Status = c.DerivedStatus()
	}
	return c
}

// caseStatus reads the status, accepting its English rendering too.
func (r *row) caseStatus() string {
	v := r.str("status")
	if v == "" {
		return ""
	}
	if domain.OneOf(v, domain.CaseStatuses) {
		return v
	}
	for _, s := range domain.CaseStatuses {
		if strings.EqualFold(v, caseStatusEnglish(s)) {
			return s
		}
	}
	return v
}

func caseStatusEnglish(s string) string {
	switch s {
	case domain.CaseWaiting:
		return "waiting"
	case domain.CaseHandling:
		return "in progress"
	case domain.CaseResolved:
		return "resolved"
	case domain.CaseClosed:
		return "closed"
	case domain.CaseCancelled:
		return "cancelled"
	}
	return s
}

// caseTime reads a case time: in --date-format's layout when one is given, else in
// the forms domain.ParseCaseTime accepts.
func (r *row) caseTime(field string) time.Time {
	v := r.str(field)
	if v == "" {
		return time.Time{}
	}
	if layout := r.c.o.DateFormat; layout != "" {
		if t, err := time.Parse(layout, v); err == nil {
			return domain.WallClock(t)
		}
	}
	t, ok := domain.ParseCaseTime(v)
	if !ok {
		r.fail(field, v, "case_time", nil)
	}
	return t
}

// casePoint reads the case's point into WGS84 — the format's own geometry (GeoJSON,
// Shapefile) or the lon/lat columns — reprojecting from the file's CRS.
func (r *row) casePoint() *orb.Point {
	var p orb.Point
	switch g := r.src.Geometry.(type) {
	case orb.Point:
		p = g
	case orb.MultiPoint:
		if len(g) != 1 {
			r.fail(GeometryField, g.GeoJSONType(), "geometry_type", map[string]string{"Allowed": "Point"})
			return nil
		}
		p = g[0]
	case nil:
		lon, lat := r.raw("lon"), r.raw("lat")
		if lon == "" && lat == "" {
			return nil
		}
		x, okx := r.number("lon")
		y, oky := r.number("lat")
		if !okx || !oky {
			if lon == "" {
				r.fail("lon", "", "required", nil)
			}
			if lat == "" {
				r.fail("lat", "", "required", nil)
			}
			return nil
		}
		p = orb.Point{x, y}
	default:
		r.fail(GeometryField, g.GeoJSONType(), "geometry_type", map[string]string{"Allowed": "Point"})
		return nil
	}
	x, y := p[0], p[1]
	cc := r.c.cases
	if !cc.fromWGS84 {
		g, err := cc.proj.Apply(p)
		if err != nil {
			r.fail("lon", "", "geometry", map[string]string{"Detail": err.Error()})
			return nil
		}
		p = g.(orb.Point)
	}
	if math.IsNaN(p[0]) || math.IsNaN(p[1]) || p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90 {
		r.fail("lon", fmt.Sprintf("%v, %v", x, y), ruleCoordsRange, nil)
		return nil
	}
	return &p
}

// keepCase checks a converted case and its file-unique number, and gathers its
// notices, one warning per distinct remark with the count of rows that share it.
func (r *row) keepCase(c *domain.Case) bool {
	if r.keep(RowsCases, "case_no", "duplicate_code", c.Validate(), "c\x00"+c.No) {
		cc := r.c.cases
		res := r.c.res
		for _, n := range c.Notices() {
			key := n.Field + "\x00" + n.Rule + "\x00" + n.Value
			if i, seen := cc.notices[key]; seen {
				cc.counts[key]++
				res.Warnings[i].Params["Count"] = fmt.Sprint(cc.counts[key])
				continue
			}
			n.Row = r.src.Num
			if n.Params == nil {
				n.Params = map[string]string{}
			}
			n.Params["Count"] = "1"
			cc.notices[key] = len(res.Warnings)
			cc.counts[key] = 1
			res.Warnings = append(res.Warnings, n)
		}
		return true
	}
	return false
}

// collectCases lays out the cases (of year, when not 0) in the kind's columns, newest
// first as the screen lists them, with their points for the lon/lat columns.
func collectCases(ctx context.Context, store domain.Store, t *exportTable, year int) error {
	f := domain.CaseFilter{Year: year, Limit: 50_000}
	for {
		page, err := store.FindCases(ctx, f)
		if err != nil {
			return err
		}
		for i := range page {
			c := &page[i]
			vals := map[string]string{"case_no": c.No, "source": c.Source, "category": c.Category,
				"class_code": c.ClassCode, "class_name": c.ClassName, "description": c.Description, "address": c.Address,
				"component_id": c.ComponentID, "asset_class": string(c.AssetClass), "asset_code": c.AssetCode,
				"unit": c.Unit, "status": c.Status, "note": c.Note}
			for _, tf := range domain.CaseTimeFields {
				vals[tf] = domain.FormatCaseTime(c.Time(tf))
			}
			row := make([]string, len(t.fields))
			for j, fd := range t.fields {
				row[j] = vals[fd.Key]
			}
			t.rows = append(t.rows, row)
			var g orb.Geometry
			if c.Location != nil {
				g = *c.Location
			}
			t.geoms = append(t.geoms, g)
		}
		if len(page) < f.Limit {
			return nil
		}
		f.After = page[len(page)-1].Cursor()
	}
}
