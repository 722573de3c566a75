package exchange

import (
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"cityledger/domain"
)

func csvTable(t testing.TB, s string) *Table {
	t.Helper()
	tab, err := ReadCSV(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

func TestMappingHeaders(t *testing.T) {
	header := []string{"编号*", "Type", " 所在 道路 ", "功率(W)", "POLE_HEIGHT_M", "所属单位", "经度", "Latitude", "extra", "WKT"}
	m, err := NewMapping(L(Lamps), header, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"code": 0, "type": 1, "road": 2, "power_w": 3, "pole_height_m": 4, "unit": 5, "lon": 6, "lat": 7}
	for f, i := range want {
		if got, ok := m.Columns[f]; !ok || got != i {
			t.Errorf("field %s → column %d (%v), want %d", f, got, ok, i)
		}
	}
	if m.Geometry != 9 {
		t.Errorf("WKT column %d, want 9", m.Geometry)
	}
	if strings.Join(m.Unused, ",") != "extra" {
		t.Errorf("unused %q", m.Unused)
	}
	// --map wins over the automatic match and takes the column from it.
	m, err = NewMapping(L(Lamps), []string{"code", "nisnr", "geometry"}, Options{Map: map[string]string{"code": "nisnr"}})
	if err != nil || m.Columns["code"] != 1 || m.Geometry != 2 {
		t.Errorf("--map code=nisnr: %v, %v", m.Columns, err)
	}
	if _, err := NewMapping(L(Lamps), []string{"a"}, Options{Map: map[string]string{"code": "b"}}); domain.ErrorKind(err) != domain.KindInvalid {
		t.Errorf("--map to a missing column: %v", err)
	}
}

// A foreign dataset's own id columns (objectid, objid, FID…) hold small numbers, not
// 16-digit 部件标识码: they map to the component ID only when the header says so.
func TestForeignIDColumnsAreNotComponentIDs(t *testing.T) {
	m, err := NewMapping(L(Lamps), []string{"objectid", "art", "nisnr", "objid", "OBJID", "FID", "id", "geometry"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if col, ok := m.Columns["component_id"]; ok {
		t.Errorf("component_id taken from column %d", col)
	}
	for _, header := range []string{"部件标识码", "component_id", "bjbsm", "BJBSM", "Component ID"} {
		m, err := NewMapping(L(Lamps), []string{"编号", header}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if col, ok := m.Columns["component_id"]; !ok || col != 1 {
			t.Errorf("%s: component_id → %d (%v), want 1", header, col, ok)
		}
	}
}

func TestParseOptions(t *testing.T) {
	o, err := ParseOptions(L(SewerFacilities), []string{"code=GISOBJID", "geometry=WKT"}, []string{"unit=排水所", "note="},
		[]string{"kind:S.P.S.=泵站", "kind:9=泵站", "name:x="})
	if err != nil {
		t.Fatal(err)
	}
	if o.Map["code"] != "GISOBJID" || o.Map["geometry"] != "WKT" || o.Set["unit"] != "排水所" || o.Set["note"] != "" ||
		o.Values["kind"]["S.P.S."] != "泵站" || o.Values["kind"]["9"] != "泵站" || o.Values["name"]["x"] != "" {
		t.Errorf("options %+v", o)
	}
	bad := []struct{ maps, sets, values []string }{
		{maps: []string{"code"}}, {maps: []string{"nosuch=x"}}, {maps: []string{"code="}},
		{sets: []string{"unit"}}, {sets: []string{"nosuch=1"}},
		{values: []string{"kind=泵站"}}, {values: []string{"nosuch:a=b"}}, {values: []string{"kind:a"}},
	}
	for _, b := range bad {
		if _, err := ParseOptions(L(SewerFacilities), b.maps, b.sets, b.values); domain.ErrorKind(err) != domain.KindInvalid {
			t.Errorf("ParseOptions(%v) = %v", b, err)
		}
	}
	if _, err := ParseOptions(L(Vehicles), []string{"geometry=x"}, nil, nil); err == nil {
		t.Error("vehicles took a geometry column")
	}
}

func TestConvertLamps(t *testing.T) {
	tab := csvTable(t, "编号,类型,所属单位,功率,安装日期,原值,lon,lat,状态\n"+
		"L1,通电路灯,局机关,150,2019-05-01,\"¥1,200.00\",104.1,26.5,\n"+ // row 2: fine
		"L2,grid-powered lamp,局机关,x,2019-13-01,12.345,104.1,,在用\n"+ // row 3: four errors
		"L1,景观灯,局机关,,,,,,\n"+ // row 4: repeats L1
		",通电路灯,局机关,,,,200,26.5,\n") // row 5: no code, longitude out of range
	res, err := Convert(L(Lamps), tab, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Batch.Assets) != 1 || res.Rejected != 3 || res.Rows != 4 {
		t.Fatalf("kept %d, rejected %d of %d", len(res.Batch.Assets), res.Rejected, res.Rows)
	}
	a := res.Batch.Assets[0]
	// The status column is there with an empty cell: the row clears the status, which
	// the store then sets to 在用.
	if a.Code != "L1" || a.Kind != "通电路灯" || a.PowerW != 150 || a.OriginalValue != 120000 || a.StartDate != "2019-05-01" ||
		a.Status != "" || !orb.Equal(a.Geometry, orb.Point{104.1, 26.5}) || a.Unit != "局机关" {
		t.Errorf("asset %+v", a)
	}
	if rows := res.Batch.Rows[RowsAssets]; len(rows) != 1 || rows[0] != 2 {
		t.Errorf("rows %v", rows)
	}
	got := map[string]bool{}
	for _, e := range res.Errors {
		got[strings.Join([]string{itoa(e.Row), e.Field, e.Value, e.Rule}, "|")] = true
	}
	for _, want := range []string{
		"3|power_w|x|number", "3|start_date|2019-13-01|date", "3|original_value|12.345|decimals", "3|lat||required",
		"4|code|L1|duplicate_code", "5|code||required", "5|lon|200, 26.5|coordinates_range",
	} {
		if !got[want] {
			t.Errorf("missing error %s; have %v", want, got)
		}
	}
	for _, e := range res.Errors {
		if e.Rule == "duplicate_code" && e.Params["Rows"] != "2、4" {
			t.Errorf("duplicate names rows %q", e.Params["Rows"])
		}
	}
}

func TestConvertOptions(t *testing.T) {
	tab := csvTable(t, "GISOBJID,FACILITY_N,SUBTYPECD,LONG,LAT\n1,Bardol S.P.S.,9,-78.93,42.88\n2,Anger W.W.T.P.,11,-78.9,42.9\n3,Other,7,-79,43\n")
	o, err := ParseOptions(L(SewerFacilities), []string{"code=GISOBJID", "name=FACILITY_N", "kind=SUBTYPECD", "lon=LONG"},
		[]string{"unit=排水所", "status=在用"}, []string{"kind:9=泵站", "kind:11=污水处理厂", "kind:7=其他"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Convert(L(SewerFacilities), tab, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	var kinds []string
	for _, a := range res.Batch.Assets {
		kinds = append(kinds, a.Kind)
		if a.Unit != "排水所" {
			t.Errorf("unit %q", a.Unit)
		}
	}
	if strings.Join(kinds, ",") != "泵站,污水处理厂,其他" {
		t.Errorf("kinds %v", kinds)
	}
}

// Without the code column no row can be matched: the file is refused. A required
// column that is absent (a lamp's type) is fine for updates; a new row without it is
// the store's to refuse.
func TestConvertMissingColumn(t *testing.T) {
	_, err := Convert(L(Lamps), csvTable(t, "编码X,unit\nL1,局\n"), Options{})
	fe := domain.FieldErrors(err)
	if len(fe) != 1 || fe[0].Field != "code" || fe[0].Rule != "missing_column" {
		t.Errorf("err %v", err)
	}
	res, err := Convert(L(Lamps), csvTable(t, "code,unit\nL1,局\n"), Options{})
	if err != nil || len(res.Batch.Assets) != 1 || strings.Join(res.Batch.AssetFields[domain.Lamps], ",") != "code,unit" {
		t.Errorf("a file without the type column: %v %+v", err, res)
	}
	if _, err := Convert(L(Lamps), csvTable(t, "unit\n局\n"), Options{Set: map[string]string{"code": "L9"}}); err != nil {
		t.Errorf("--set code: %v", err)
	}
}

func TestConvertGeometryAndMeasures(t *testing.T) {
	// A pipe of about 111 km along a meridian, stated as 100 km: over 5 % off.
	tab := csvTable(t, "code,kind,unit,length_m,geometry\n"+
		"P1,污水,所,,\"LINESTRING (104 26, 104 27)\"\n"+
		"P2,污水,所,100000,\"LINESTRING Z (104 26 0, 104 27 0)\"\n"+
		"P3,污水,所,,\"POINT (104 26)\"\n"+
		"P4,污水,所,,\"LINESTRING (104 26,\"\n"+
		"P5,污水,所,,\n")
	res, err := Convert(L(SewerPipes), tab, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Batch.Assets) != 3 || res.Rejected != 2 {
		t.Fatalf("kept %d, errors %v", len(res.Batch.Assets), res.Errors)
	}
	p1, p2, p5 := res.Batch.Assets[0], res.Batch.Assets[1], res.Batch.Assets[2]
	// Karney on WGS84: 1° of meridian at 26–27°N is 110,800 m.
	if math.Abs(p1.LengthM-110800) > 200 || math.Abs(p1.GeomLengthM-p1.LengthM) > 0.005 {
		t.Errorf("P1 length %v, measured %v", p1.LengthM, p1.GeomLengthM)
	}
	if p2.LengthM != 100000 || p2.GeomLengthM != p1.GeomLengthM {
		t.Errorf("P2 stated %v, measured %v", p2.LengthM, p2.GeomLengthM)
	}
	if p5.Geometry != nil || p5.LengthM != 0 {
		t.Errorf("P5 %+v", p5)
	}
	if len(res.Warnings) != 1 || res.Warnings[0].Row != 3 || res.Warnings[0].Rule != "measure_mismatch" {
		t.Errorf("warnings %v", res.Warnings)
	}
	rules := map[string]int{}
	for _, e := range res.Errors {
		rules[e.Rule] = e.Row
	}
	if rules["geometry_type"] != 4 || rules["wkt"] != 5 {
		t.Errorf("errors %v", res.Errors)
	}
}

func TestConvertReprojects(t *testing.T) {
	// The LV95 control point of NOTES.md.
	tab := csvTable(t, "nisnr,geometry\nLEU118741,POINT (2683335.2 1254073.1)\n")
	o := Options{CRS: "EPSG:2056", Map: map[string]string{"code": "nisnr"}, Set: map[string]string{"type": "通电路灯", "unit": "局"}}
	res, err := Convert(L(Lamps), tab, o)
	if err != nil || len(res.Errors) > 0 {
		t.Fatal(err, res.Errors)
	}
	p := res.Batch.Assets[0].Geometry.(orb.Point)
	if math.Abs(p[0]-8.54326) > 1e-5 || math.Abs(p[1]-47.43218) > 1e-5 {
		t.Errorf("LV95 → %v", p)
	}
	// Without --crs the projected coordinates are refused with a hint.
	o.CRS = ""
	res, _ = Convert(L(Lamps), tab, o)
	if len(res.Errors) != 1 || res.Errors[0].Rule != "coordinates_range" {
		t.Errorf("errors %v", res.Errors)
	}
	if _, err := Convert(L(Lamps), tab, Options{CRS: "EPSG:999999", Set: o.Set, Map: o.Map}); err == nil {
		t.Error("unknown CRS accepted")
	}
}

func TestConvertOtherKinds(t *testing.T) {
	cases := []struct {
		kind  Kind
		csv   string
		check func(t *testing.T, r *Result)
	}{
		{Units, "name,short_name,parent,independent_accounting\n某局,局机关,,否\n环境卫生管理中心,环卫中心,局机关,是\n", func(t *testing.T, r *Result) {
			u := r.Batch.Units
			if len(u) != 2 || u[1].Parent != "局机关" || !u[1].IndependentAccounting || u[0].IndependentAccounting {
				t.Errorf("%+v", u)
			}
		}},
		{Vehicles, "EquipID,License#,Year,InServiceDate,InServiceCost\n01035,31603D,2000,04-Aug-00,$14190.13\n", func(t *testing.T, r *Result) {
			a := r.Batch.Assets[0]
			if a.Code != "01035" || a.Plate != "31603D" || a.StartDate != "2000-08-04" || a.OriginalValue != 1419013 ||
				a.Kind != domain.UseLaw || a.BodyType != "轿车" || !a.Official {
				t.Errorf("%+v", a)
			}
		}},
		{Projects, "项目编码,年度,项目名称,预算单位,预算数,其他资金,是否公开\nP1,2020,路灯维护,局机关,\"1,000\",200,\n", func(t *testing.T, r *Result) {
			p := r.Batch.Projects[0]
			if p.Budget != 100000 || p.FiscalBudget != 80000 || p.OtherBudget != 20000 || !p.Disclosed || p.Year != 2020 {
				t.Errorf("%+v", p)
			}
		}},
		{Projects, "项目编码,年度,项目名称,预算单位,预算数,事前绩效评估,绩效监控,绩效自评\nP1,2020,路灯维护,局机关,100,是,否,是\nP2,2020,绿化,局机关,100,,,\n", func(t *testing.T, r *Result) {
			p, q := r.Batch.Projects[0], r.Batch.Projects[1]
			if !p.PreAssessed || p.Monitored || !p.SelfEvaluated || q.PreAssessed || q.Monitored || q.SelfEvaluated {
				t.Errorf("%+v %+v", p, q)
			}
		}},
		{Indicators, "project_code,year,level1,level3,binding\nP1,2020,产出指标,路灯数量,lamps.count\nP1,2020,效益指标,满意度,\nP2,2020,产出指标,x,\n", func(t *testing.T, r *Result) {
			in := r.Batch.Indicators
			if len(in) != 3 || in[0].Position != 1 || in[1].Position != 2 || in[2].Position != 1 || in[0].Binding != "lamps.count" {
				t.Errorf("%+v", in)
			}
		}},
		{Maintenance, "date,asset_class,asset_code,work_type,quantity,quantity_unit,cost\n2020-03-01,路灯,L1,repair,2,盏,300\n2020-03-01,,,电费,,,\"1,000.5\"\n", func(t *testing.T, r *Result) {
			rs := r.Batch.Records
			if len(rs) != 2 || rs[0].AssetClass != domain.Lamps || rs[0].WorkType != "维修" || rs[0].Funding != domain.FundFiscal ||
				rs[1].Cost != 100050 || rs[1].AssetClass != "" {
				t.Errorf("%+v", rs)
			}
			if rows := r.Batch.Rows[RowsRecords]; len(rows) != 2 || rows[1] != 3 {
				t.Errorf("rows %v", rows)
			}
		}},
		{YearSettings, "year,official_purchase_budget,official_running_budget,note_official_running,closed\n2020,,\"25,000\",主要用于执法,否\n", func(t *testing.T, r *Result) {
			s := r.Batch.Settings[0]
			if s.Year != 2020 || s.OfficialPurchaseBudget != nil || *s.OfficialRunningBudget != 2500000 ||
				s.Notes[domain.NoteOfficialRunning] != "主要用于执法" || s.Closed {
				t.Errorf("%+v", s)
			}
		}},
		// The 三公 items and heading numbers, by their Chinese headers; 0 is a value, empty is unset.
		{YearSettings, "年度,因公出国（境）费支出,出国团组数,外事接待支出,“三公”经费部分标题编号,部门绩效评价结果\n2020,0,0,,七、,见附件\n", func(t *testing.T, r *Result) {
			s := r.Batch.Settings[0]
			a, aok := s.Amount(domain.AmountAbroad)
			g, gok := s.Count(domain.CountAbroadGroups)
			_, fok := s.Amount(domain.AmountReceptionForeign)
			if !aok || a != 0 || !gok || g != 0 || fok || s.Headings[domain.SectionThreePublic] != "七、" || s.Notes[domain.NotePerfResults] != "见附件" {
				t.Errorf("%+v", s)
			}
		}},
	}
	for _, c := range cases {
		t.Run(string(c.kind), func(t *testing.T) {
			o := Options{}
			if c.kind == Vehicles {
				var err error
				o, err = ParseOptions(L(Vehicles), []string{"code=EquipID", "plate=License#", "start_date=InServiceDate", "original_value=InServiceCost"},
					[]string{"unit=车队", "use_category=law enforcement", "body_type=轿车", "official=是"}, nil)
				if err != nil {
					t.Fatal(err)
				}
				o.DateFormat = "02-Jan-06"
			}
			r, err := Convert(L(c.kind), csvTable(t, c.csv), o)
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Errors) > 0 {
				t.Fatalf("errors: %v", r.Errors)
			}
			c.check(t, r)
		})
	}
}

func TestConvertKindErrors(t *testing.T) {
	cases := []struct {
		kind Kind
		csv  string
		want []string // row|field|rule
	}{
		{Units, "name,short_name\n甲,A\n乙,A\n丙,\n", []string{"3|name|duplicate_unit", "4|short_name|required"}},
		{Projects, "code,year,name,unit,budget,fiscal_budget,other_budget\nP1,20x0,n,u,10,5,4\nP1,2020,n,u,10,,\nP1,2020,n,u,10,,\n",
			[]string{"2|year|year", "2|budget|budget_split", "4|code|duplicate_code"}},
		{Maintenance, "date,asset_code,work_type,cost,quantity\n2020-01-01,L1,维修,1,2\n,,,,\n2020-01-01,,飞行,-1,\n",
			[]string{"2|asset_class|asset_class_required", "2|quantity_unit|unit_needed", "4|work_type|enum", "4|cost|negative"}},
		{YearSettings, "year,closed\n2020,maybe\n2020,否\n", []string{"2|closed|bool", "3|year|duplicate_code"}},
		{YearSettings, "year,abroad_groups,reception_budget,abroad_amount\n2021,1.5,-3,1.234\n", []string{"2|abroad_groups|integer", "2|reception_budget|negative", "2|abroad_amount|decimals"}},
		{Indicators, "project_code,year,position,level1,level3,binding\nP,2020,1,a,b,lamps.weight\nP,2020,1,a,c,\n",
			[]string{"2|binding|binding", "3|position|duplicate_code"}},
	}
	for _, c := range cases {
		t.Run(string(c.kind), func(t *testing.T) {
			r, err := Convert(L(c.kind), csvTable(t, c.csv), Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]bool{}
			for _, e := range r.Errors {
				got[itoa(e.Row)+"|"+e.Field+"|"+e.Rule] = true
			}
			for _, w := range c.want {
				if !got[w] {
					t.Errorf("missing %s; have %v", w, r.Errors)
				}
			}
		})
	}
}

func itoa(n int) string { return formatFloat(float64(n)) }

// testCatalogue is the built-in catalogue the tests convert with.
var testCatalogue = domain.BuiltinCatalogue()

// L is kind k's layout in the built-in catalogue.
func L(k Kind) *Layout {
	l, ok := LayoutOf(testCatalogue, k)
	if !ok {
		panic("no kind " + string(k))
	}
	return l
}

// Every year setting is its own column under its Chinese header: no two headers of
// the kind fold to the same normalised form (brackets dropped), or an import would
// read one column into another field.
func TestYearSettingsHeadersAreDistinct(t *testing.T) {
	seen := map[string]string{}
	l := L(YearSettings)
	for _, f := range l.Fields {
		for _, alias := range allNames(l, f) {
			n := normHeader(alias)
			if other, ok := seen[n]; ok && other != f.Key {
				t.Errorf("%s and %s both read the header %q", other, f.Key, n)
			}
			seen[n] = f.Key
		}
	}
}
