package exchange

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkt"
	"github.com/paulmach/orb/geojson"
	"github.com/xuri/excelize/v2"

	"cityledger/domain"
	"cityledger/domain/i18n"
)

// Export formats.
const (
	FormatCSV     = "csv"
	FormatXLSX    = "xlsx"
	FormatGeoJSON = "geojson"
)

// ExportOptions choose what Export writes.
type ExportOptions struct {
	Format string // FormatCSV, FormatXLSX or FormatGeoJSON
	// Headers is EN for the English keys (the default, what imports match
	// first) or ZH for the Chinese names; both read back in.
	Headers i18n.Lang
	// Year limits projects, indicators and maintenance records to one year; 0 for all.
	Year int
	// IDs limits an asset register to these assets (a map selection); nil for all.
	IDs []int64
}

// table is a register laid out in a kind's columns, ready for any format.
type exportTable struct {
	fields []Field
	rows   [][]string
	geoms  []orb.Geometry // parallel to rows; nil entries for rows without
}

// Export writes kind k's register to w in WGS84, in the import format's columns,
// so that the file imports back unchanged. It returns the number of rows.
func Export(ctx context.Context, store domain.Store, k Kind, w io.Writer, o ExportOptions) (int, error) {
	cat, err := store.Catalogue(ctx)
	if err != nil {
		return 0, err
	}
	l, ok := LayoutOf(cat, k)
	if !ok {
		return 0, domain.Errorf(domain.KindInvalid, "exchange.cli.unknown_kind", map[string]any{"Kind": string(k), "Kinds": kindList(cat)})
	}
	t, err := collect(ctx, store, l, o.Year, o.IDs)
	if err != nil {
		return 0, err
	}
	headers := make([]string, len(t.fields))
	for i, f := range t.fields {
		headers[i] = f.Key
		if o.Headers == i18n.ZH {
			headers[i] = f.Chinese
		}
	}
	switch o.Format {
	case FormatCSV, "":
		err = writeCSV(w, t, headers, l)
	case FormatXLSX:
		err = writeXLSX(w, t, headers, l)
	case FormatGeoJSON:
		err = writeGeoJSON(w, t)
	default:
		return 0, domain.Errorf(domain.KindInvalid, "exchange.err.export_format", map[string]any{"Format": o.Format})
	}
	if err != nil {
		return 0, domain.Internal("export", err)
	}
	return len(t.rows), nil
}

// kindList names every kind of cat, for a message.
func kindList(cat *domain.Catalogue) string {
	var keys []string
	for _, k := range Kinds(cat) {
		keys = append(keys, string(k))
	}
	return strings.Join(keys, ", ")
}

// flatRow is a row's cells for the tabular formats: a point fills the lon/lat
// columns of lamps and facilities; other geometric kinds get a trailing WKT column.
func flatRow(l *Layout, t *exportTable, i int) []string {
	cells := append([]string(nil), t.rows[i]...)
	g := t.geoms[i]
	switch {
	case lonLatColumns(l):
		if p, ok := g.(orb.Point); ok {
			for j, f := range t.fields {
				switch f.Key {
				case "lon":
					cells[j] = formatFloat(p[0])
				case "lat":
					cells[j] = formatFloat(p[1])
				}
			}
		}
	case l.Geometric():
		s := ""
		if !IsEmptyGeometry(g) { // never "POLYGON(())": no geometry is an empty cell
			s = wkt.MarshalString(g)
		}
		cells = append(cells, s)
	}
	return cells
}

// lonLatColumns reports whether a row's point goes into the layout's lon/lat columns:
// a class of points, or an entity with a location of its own (a case), which has no
// class declaration but the same columns.
func lonLatColumns(l *Layout) bool {
	if l.Class != nil {
		return l.Class.PointColumns()
	}
	_, lon := l.Field("lon")
	_, lat := l.Field("lat")
	return lon && lat
}

func flatHeader(l *Layout, headers []string) []string {
	if l.Geometric() && !l.PointColumns() {
		return append(append([]string(nil), headers...), GeometryField)
	}
	return headers
}

func writeCSV(w io.Writer, t *exportTable, headers []string, l *Layout) error {
	bw := bufio.NewWriter(w)
	// A BOM makes Excel on a Chinese Windows read the file as UTF-8.
	bw.WriteString("\uFEFF")
	cw := csv.NewWriter(bw)
	if err := cw.Write(flatHeader(l, headers)); err != nil {
		return err
	}
	for i := range t.rows {
		cells := flatRow(l, t, i)
		for j, c := range cells {
			cells[j] = NeutraliseFormula(c)
		}
		if err := cw.Write(cells); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

func writeXLSX(w io.Writer, t *exportTable, headers []string, l *Layout) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := sheetName(l.Chinese())
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	money, err := f.NewStyle(&excelize.Style{NumFmt: 2}) // 0.00
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	head := flatHeader(l, headers)
	if err := sw.SetColWidth(1, len(head), 14); err != nil {
		return err
	}
	hrow := make([]any, len(head))
	for i, h := range head {
		hrow[i] = excelize.Cell{Value: h, StyleID: bold}
	}
	if err := sw.SetRow("A1", hrow); err != nil {
		return err
	}
	for i := range t.rows {
		cells := flatRow(l, t, i)
		row := make([]any, len(cells))
		for j, c := range cells {
			row[j] = c
			if j >= len(t.fields) || c == "" {
				continue
			}
			// Numbers go in as numbers so that sums work in Excel; the text form
			// read back is the same value.
			switch t.fields[j].typ {
			case tMoney:
				if v, rule := ParseMoney(c); rule == "" {
					row[j] = excelize.Cell{Value: float64(v) / 100, StyleID: money}
				}
			case tFloat, tCoord, tInt, tYear:
				if v, ok := ParseNumber(c); ok {
					row[j] = v
				}
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

func writeGeoJSON(w io.Writer, t *exportTable) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(`{"type":"FeatureCollection","features":[`)
	for i, cells := range t.rows {
		if i > 0 {
			bw.WriteString(",\n")
		} else {
			bw.WriteString("\n")
		}
		bw.WriteString(`{"type":"Feature","geometry":`)
		if g := t.geoms[i]; !IsEmptyGeometry(g) {
			b, err := json.Marshal(geojson.NewGeometry(g))
			if err != nil {
				return err
			}
			bw.Write(b)
		} else {
			bw.WriteString("null")
		}
		bw.WriteString(`,"properties":{`)
		n := 0
		for j, f := range t.fields {
			if f.typ == tCoord {
				continue // the geometry carries the point
			}
			if n > 0 {
				bw.WriteByte(',')
			}
			n++
			key, _ := json.Marshal(f.Key)
			bw.Write(key)
			bw.WriteByte(':')
			bw.WriteString(jsonValue(f, cells[j]))
		}
		bw.WriteString("}}")
	}
	bw.WriteString("\n]}\n")
	return bw.Flush()
}

// jsonValue writes numbers as JSON numbers (money exactly, from its decimal
// text, never through a float), empty cells as null and the rest as strings.
func jsonValue(f Field, c string) string {
	if c == "" {
		return "null"
	}
	switch f.typ {
	case tMoney, tFloat, tInt, tYear:
		if _, ok := ParseNumber(c); ok {
			return c
		}
	case tBool:
		if b, ok := ParseBool(c); ok {
			return strconv.FormatBool(b)
		}
	}
	b, _ := json.Marshal(c)
	return string(b)
}

// collect reads kind k's register into rows of text in the kind's columns.
func collect(ctx context.Context, store domain.Store, l *Layout, year int, ids []int64) (*exportTable, error) {
	k := l.Kind
	t := &exportTable{fields: l.Fields}
	add := func(g orb.Geometry, vals map[string]string) {
		row := make([]string, len(t.fields))
		for i, f := range t.fields {
			row[i] = vals[f.Key]
		}
		t.rows = append(t.rows, row)
		t.geoms = append(t.geoms, g)
	}
	units, err := store.ListUnits(ctx)
	if err != nil {
		return nil, err
	}
	unitName := map[int64]string{}
	for _, u := range units {
		unitName[u.ID] = u.ShortName
	}
	nameOf := func(id int64, asImported string) string {
		if n, ok := unitName[id]; ok {
			return n
		}
		return asImported
	}
	switch {
	case k == Units:
		for _, u := range units {
			add(nil, map[string]string{"name": u.Name, "short_name": u.ShortName,
				"parent": nameOf(u.ParentID, u.Parent), "independent_accounting": yesNoText(u.IndependentAccounting)})
		}
	case l.Class != nil:
		assets, err := findAssets(ctx, store, l.Class.Key, ids)
		if err != nil {
			return nil, err
		}
		for i := range assets {
			a := &assets[i]
			add(a.Geometry, assetValues(l.Class, a, nameOf(a.UnitID, a.Unit)))
		}
	case k == Projects, k == Indicators:
		projects, err := store.ListProjects(ctx, year)
		if err != nil {
			return nil, err
		}
		for _, p := range projects {
			if k == Projects {
				add(nil, map[string]string{"code": p.Code, "year": strconv.Itoa(p.Year), "name": p.Name,
					"unit": nameOf(p.UnitID, p.Unit), "function_code": p.FunctionCode, "budget": p.Budget.Yuan(),
					"fiscal_budget": p.FiscalBudget.Yuan(), "other_budget": p.OtherBudget.Yuan(), "goal": p.Goal,
					"result": p.Result, "problems": p.Problems, "next_steps": p.NextSteps, "summary": p.Summary,
					"disclosed": yesNoText(p.Disclosed), "pre_assessed": yesNoText(p.PreAssessed),
					"monitored": yesNoText(p.Monitored), "self_evaluated": yesNoText(p.SelfEvaluated)})
				continue
			}
			inds, err := store.ListIndicators(ctx, p.ID)
			if err != nil {
				return nil, err
			}
			for _, in := range inds {
				add(nil, map[string]string{"project_code": p.Code, "year": strconv.Itoa(p.Year),
					"position": strconv.Itoa(in.Position), "level1": in.Level1, "level2": in.Level2, "level3": in.Level3,
					"target": in.Target, "actual": in.Actual, "binding": in.Binding})
			}
		}
	case k == Maintenance:
		recs, err := store.FindRecords(ctx, domain.RecordFilter{Year: year})
		if err != nil {
			return nil, err
		}
		codes := &codeCache{store: store, assets: map[int64]string{}, projects: map[int64]string{}}
		for _, r := range recs {
			assetCode, err := codes.asset(ctx, r.AssetID, r.AssetCode)
			if err != nil {
				return nil, err
			}
			projectCode, err := codes.project(ctx, r.ProjectID, r.ProjectCode)
			if err != nil {
				return nil, err
			}
			add(nil, map[string]string{"date": string(r.Date), "asset_class": string(r.AssetClass),
				"asset_code": assetCode, "project_code": projectCode, "funding": r.Funding, "work_type": r.WorkType,
				"quantity": nonZero(r.Quantity), "quantity_unit": r.QuantityUnit, "cost": r.Cost.Yuan(),
				"contractor": r.Contractor, "note": r.Note, "case_no": r.CaseNo})
		}
	case k == Cases:
		if err := collectCases(ctx, store, t, year); err != nil {
			return nil, err
		}
	case k == YearSettings:
		years, err := store.ListYears(ctx)
		if err != nil {
			return nil, err
		}
		for _, y := range years {
			if year != 0 && y != year {
				continue
			}
			s, err := store.GetYearSettings(ctx, y)
			if domain.ErrorKind(err) == domain.KindNotFound {
				continue
			}
			if err != nil {
				return nil, err
			}
			vals := map[string]string{"year": strconv.Itoa(s.Year), "closed": yesNoText(s.Closed)}
			for _, k := range domain.SettingKeys {
				vals[k.Key], _ = s.Value(k.Key)
			}
			add(nil, vals)
		}
	default:
		return nil, fmt.Errorf("exchange: unknown kind %q", k)
	}
	return t, nil
}

// idChunk keeps an IDs filter's bound variables well under SQLite's 32,766.
const idChunk = 10000

// findAssets lists the class's assets ordered by code, only those of ids when given.
func findAssets(ctx context.Context, store domain.Store, c domain.Class, ids []int64) ([]domain.Asset, error) {
	if ids == nil {
		return store.FindAssets(ctx, domain.AssetFilter{Class: c})
	}
	var out []domain.Asset
	for start := 0; start < len(ids); start += idChunk {
		part, err := store.FindAssets(ctx, domain.AssetFilter{Class: c, IDs: ids[start:min(start+idChunk, len(ids))]})
		if err != nil {
			return nil, err
		}
		out = append(out, part...)
	}
	if len(ids) > idChunk {
		sort.SliceStable(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	}
	return out, nil
}

// assetValues are an asset's declared fields as the text cells of an export (lon and
// lat come from the geometry, see flatRow).
func assetValues(def *domain.ClassDef, a *domain.Asset, unit string) map[string]string {
	v := map[string]string{}
	for i := range def.Fields {
		f := &def.Fields[i]
		if !f.Stored() {
			continue
		}
		v[f.Key] = domain.FormatValue(f, a.Value(f), nil)
	}
	v["unit"] = unit
	return v
}

func yesNoText(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

func nonZero(f float64) string {
	if f == 0 {
		return ""
	}
	return formatFloat(f)
}

// codeCache turns the IDs of a record's asset and project into their codes.
type codeCache struct {
	store    domain.Store
	assets   map[int64]string
	projects map[int64]string
}

func (c *codeCache) asset(ctx context.Context, id int64, asImported string) (string, error) {
	if asImported != "" || id == 0 {
		return asImported, nil
	}
	if code, ok := c.assets[id]; ok {
		return code, nil
	}
	a, err := c.store.GetAsset(ctx, id)
	if err != nil {
		return "", err
	}
	c.assets[id] = a.Code
	return a.Code, nil
}

func (c *codeCache) project(ctx context.Context, id int64, asImported string) (string, error) {
	if asImported != "" || id == 0 {
		return asImported, nil
	}
	if code, ok := c.projects[id]; ok {
		return code, nil
	}
	p, err := c.store.GetProject(ctx, id)
	if err != nil {
		return "", err
	}
	c.projects[id] = p.Code
	return p.Code, nil
}
