package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"cityledger/domain"
	"cityledger/domain/exchange"
	"cityledger/domain/geo"
)

// ---------------------------------------------------------------------------------------
// Reading the files back and checking the facts

type row map[string]string

type data struct {
	files map[string][]row
}

func readBack(dir string) *data {
	d := &data{files: map[string][]row{}}
	for _, name := range []string{"units.csv", "vehicles.csv", "lamps.csv", "green-areas.csv", "sewer-pipes.csv", "sewer-facilities.csv", "roads.csv", "projects.csv", "indicators.csv", "maintenance.csv", "year-settings.csv"} {
		raw, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			fail("%s: %v", name, err)
			continue
		}
		if bytes.HasPrefix(raw, []byte("\xef\xbb\xbf")) || bytes.Contains(raw, []byte("\r")) {
			fail("%s: has a BOM or a CR", name)
		}
		r := csv.NewReader(bytes.NewReader(raw))
		recs, err := r.ReadAll()
		if err != nil {
			fail("%s: %v", name, err)
			continue
		}
		var rows []row
		for _, rec := range recs[1:] {
			m := row{}
			for i, h := range recs[0] {
				m[h] = rec[i]
			}
			rows = append(rows, m)
		}
		d.files[name] = rows
	}
	return d
}

func (d *data) rows(name string) []row { return d.files[name] }

func money(r row, field, where string) domain.Fen {
	f, err := parseMoney(r[field])
	if err != nil {
		fail("%s: %s: %v", where, field, err)
	}
	return f
}

func hundredths(r row, field, where string) int64 {
	c, err := parseCenti(r[field])
	if err != nil {
		fail("%s: %s: %v", where, field, err)
	}
	return c
}

func inBounds(p orb.Point) bool {
	return p.Lon() >= minLon && p.Lon() <= maxLon && p.Lat() >= minLat && p.Lat() <= maxLat
}

const yearEnd = "2020-12-31"

var unitShort = []string{unitBureau, unitSanit, unitGarden}

func oneOf(v string, vs ...string) bool {
	for _, x := range vs {
		if x == v {
			return true
		}
	}
	return false
}

// heldAt: in service (在用 or 停用) at the end of day dd.
func heldAt(r row, dd string) bool {
	if r["start_date"] != "" && r["start_date"] > dd {
		return false
	}
	if r["disposal_date"] != "" {
		return r["disposal_date"] > dd
	}
	return r["status"] != "已处置"
}

// commonAsset checks the fields every asset has and returns the rows by code.
func (d *data) commonAsset(name string, kindField string, kinds []string) map[string]row {
	byCode := map[string]row{}
	for i, r := range d.rows(name) {
		where := fmt.Sprintf("%s row %d (%s)", name, i+2, r["code"])
		expect(r["code"] != "", "%s: no code", where)
		if _, dup := byCode[r["code"]]; dup {
			fail("%s: duplicate code", where)
		}
		byCode[r["code"]] = r
		expect(oneOf(r["unit"], unitShort...), "%s: unit %q", where, r["unit"])
		expect(oneOf(r[kindField], kinds...), "%s: %s %q", where, kindField, r[kindField])
		expect(oneOf(r["status"], "在用", "停用", "已处置"), "%s: status %q", where, r["status"])
		expect(validDate(r["start_date"]) && r["start_date"] <= yearEnd, "%s: start_date %q", where, r["start_date"])
		if r["status"] == "已处置" {
			expect(validDate(r["disposal_date"]) && r["disposal_date"] >= r["start_date"], "%s: disposal_date %q", where, r["disposal_date"])
		} else {
			expect(r["disposal_date"] == "", "%s: disposal date without 已处置", where)
		}
		money(r, "original_value", where)
		for _, f := range []string{"lon", "lat"} {
			if _, ok := r[f]; ok {
				lon, err1 := strconv.ParseFloat(r["lon"], 64)
				lat, err2 := strconv.ParseFloat(r["lat"], 64)
				expect(err1 == nil && err2 == nil && inBounds(orb.Point{lon, lat}), "%s: point %s %s outside the district", where, r["lon"], r["lat"])
				break
			}
		}
	}
	return byCode
}

type checked struct {
	vehicles, lamps, greens, pipes, facilities, roads map[string]row
	projects                                          map[string]row
}

func (d *data) check() {
	var c checked
	// units
	u := d.rows("units.csv")
	expect(len(u) == 3, "units: %d rows, want 3", len(u))
	for i, want := range units {
		if i < len(u) {
			got := []string{u[i]["name"], u[i]["short_name"], u[i]["parent"], u[i]["independent_accounting"]}
			expect(strings.Join(got, "|") == strings.Join(want, "|"), "units row %d: %v, want %v", i+2, got, want)
		}
	}

	c.vehicles = d.commonAsset("vehicles.csv", "use_category", []string{"主要领导干部用车", "机要通信用车", "应急保障用车", "执法执勤用车", "特种专业技术用车", "离退休干部用车", "其他用车"})
	c.lamps = d.commonAsset("lamps.csv", "type", []string{"通电路灯", "太阳能路灯", "景观灯"})
	c.greens = d.commonAsset("green-areas.csv", "type", []string{"公共绿地", "道路绿地", "行道树", "古树名木"})
	c.pipes = d.commonAsset("sewer-pipes.csv", "kind", []string{"污水", "雨水", "合流", "其他"})
	c.facilities = d.commonAsset("sewer-facilities.csv", "kind", []string{"泵站", "污水处理厂", "检查井", "其他"})
	c.roads = d.commonAsset("roads.csv", "kind", []string{"车行道", "人行道", "巷道"})

	d.checkVehicles()
	d.checkLamps()
	d.checkGreens()
	d.checkPipes()
	d.checkFacilities()
	d.checkRoads()
	c.projects = d.checkProjects()
	d.checkIndicators()
	d.checkRecords(c)
	d.checkYearSettings()
}

func (d *data) checkVehicles() {
	held := map[string]int{}
	sanit, total := 0, 0
	var official []row
	for _, r := range d.rows("vehicles.csv") {
		where := "vehicle " + r["code"]
		expect(oneOf(r["body_type"], "轿车", "越野车", "载客汽车", "皮卡车", "货车", "专用车", "其他"), "%s: body_type %q", where, r["body_type"])
		expect(oneOf(r["official"], "是", "否"), "%s: official %q", where, r["official"])
		if r["plate"] != "" {
			expect(strings.HasPrefix(r["plate"], "川D·"), "%s: plate %q", where, r["plate"])
		}
		if r["official"] == "是" {
			official = append(official, r)
		}
		if heldAt(r, yearEnd) {
			total++
			held[r["use_category"]]++
			// 单价50万元以上通用设备0台（套）: no vehicle (通用设备) is worth 50万元 or more.
			expect(money(r, "original_value", where) < yuan(500000), "%s: worth %s, but the seed has no 通用设备 of 50万元 or more", where, r["original_value"])
			if r["unit"] == unitSanit {
				sanit++
			}
			expect(r["status"] == "在用", "%s: status %s at the end of 2020", where, r["status"])
		} else {
			expect(r["status"] == "已处置" && r["disposal_date"] < "2020-01-01", "%s: not held at 2020-12-31 but not disposed before 2020", where)
		}
	}
	expect(total == 32, "vehicles: %d at 2020-12-31, want 32", total)
	expect(sanit == 24, "vehicles: 环卫中心 holds %d, want 24", sanit)
	want := map[string]int{"执法执勤用车": 5, "特种专业技术用车": 25, "其他用车": 2}
	for _, cat := range []string{"主要领导干部用车", "机要通信用车", "应急保障用车", "执法执勤用车", "特种专业技术用车", "离退休干部用车", "其他用车"} {
		expect(held[cat] == want[cat], "vehicles: %d %s, want %d", held[cat], cat, want[cat])
	}
	expect(len(official) == 3, "vehicles: %d official cars, want 3", len(official))
	var pickups int
	var pickupValue domain.Fen
	var old int
	for _, r := range official {
		expect(heldAt(r, yearEnd) && r["status"] == "在用", "official car %s not in use at 2020-12-31", r["code"])
		if r["body_type"] == "皮卡车" && strings.HasPrefix(r["start_date"], "2020") {
			pickups++
			pickupValue += money(r, "original_value", r["code"])
		} else if r["start_date"] < "2019-01-01" && !oneOf(r["body_type"], "轿车", "越野车", "载客汽车") {
			old++
		} else {
			fail("official car %s is neither a 2020 pickup nor the old non-sedan car", r["code"])
		}
	}
	expect(pickups == 2 && pickupValue == yuan(295200), "official cars: %d pickups bought in 2020 worth %s, want 2 worth 295200.00", pickups, pickupValue)
	expect(old == 1, "official cars: %d old cars, want 1", old)
}

func (d *data) checkLamps() {
	rows := d.rows("lamps.csv")
	expect(len(rows) == lampTotal, "lamps: %d, want %d", len(rows), lampTotal)
	held := 0
	for _, r := range rows {
		where := "lamp " + r["code"]
		expect(oneOf(r["type"], "通电路灯", "太阳能路灯"), "%s: type %s", where, r["type"])
		expect(r["unit"] == unitBureau, "%s: unit %s", where, r["unit"])
		expect(r["status"] == "在用", "%s: status %s", where, r["status"])
		p, err1 := strconv.ParseFloat(r["power_w"], 64)
		h, err2 := strconv.ParseFloat(r["pole_height_m"], 64)
		expect(err1 == nil && p >= 30 && p <= 400 && err2 == nil && h >= 5 && h <= 15, "%s: power %s W, pole %s m", where, r["power_w"], r["pole_height_m"])
		v := money(r, "original_value", where)
		expect(v >= yuan(2000) && v <= yuan(20000), "%s: original value %s", where, v)
		if heldAt(r, yearEnd) {
			held++
		}
	}
	expect(held == lampTotal, "lamps: %d held at 2020-12-31, want %d", held, lampTotal)
}

func (d *data) checkGreens() {
	var garden, bureau int64
	for _, r := range d.rows("green-areas.csv") {
		where := "green area " + r["code"]
		g, err := exchange.ParseWKT(r["geometry"])
		poly, isPoly := g.(orb.Polygon)
		if err != nil || !isPoly || len(poly) != 1 {
			fail("%s: not a single-ring POLYGON: %.40q (%v)", where, r["geometry"], err)
			continue
		}
		ring := []orb.Point(poly[0])
		expect(len(ring) >= 4 && ring[0] == ring[len(ring)-1], "%s: ring not closed", where)
		for _, p := range ring {
			expect(inBounds(p), "%s: vertex outside the district", where)
		}
		a := ringArea(ring)
		expect(a > 0, "%s: ring is not counter-clockwise", where)
		stated := hundredths(r, "area_m2", where)
		expect(stated == centi(a), "%s: area_m2 %s, the polygon measures %.4f", where, r["area_m2"], a)
		e := geo.Area(poly)
		expect(math.Abs(float64(stated)/100-e)/e < 0.01, "%s: area_m2 %s is over 1%% off the ellipsoidal %.2f", where, r["area_m2"], e)
		switch r["unit"] {
		case unitGarden:
			garden += stated
		case unitBureau:
			bureau += stated
		default:
			fail("%s: unit %s", where, r["unit"])
		}
	}
	expect(garden == gardenArea, "green areas: 园林中心 holds %s ㎡, want 7000.00", fmtCenti(garden))
}

// checkLineRow checks a row's WKT line (inside the district) and that its stated
// length_m is the line's own length and within 1 % of the ellipsoidal one; it returns
// the stated length in centimetres.
func checkLineRow(r map[string]string, where string) (stated int64, ok bool) {
	g, err := exchange.ParseWKT(r["geometry"])
	ls, isLine := g.(orb.LineString)
	if err != nil || !isLine {
		fail("%s: not a LINESTRING: %.40q (%v)", where, r["geometry"], err)
		return 0, false
	}
	line := []orb.Point(ls)
	for _, p := range line {
		expect(inBounds(p), "%s: vertex outside the district", where)
	}
	l := lineLength(line)
	stated = hundredths(r, "length_m", where)
	expect(stated == centi(l), "%s: length_m %s, the line measures %.4f", where, r["length_m"], l)
	e := geo.Length(ls)
	expect(math.Abs(float64(stated)/100-e)/e < 0.01, "%s: length_m %s is over 1%% off the ellipsoidal %.2f", where, r["length_m"], e)
	return stated, true
}

func (d *data) checkPipes() {
	var total, y2020 int64
	for _, r := range d.rows("sewer-pipes.csv") {
		where := "pipe " + r["code"]
		stated, ok := checkLineRow(r, where)
		if !ok {
			continue
		}
		dn, err := strconv.Atoi(r["diameter_mm"])
		expect(err == nil && dn >= 200 && dn <= 1500, "%s: diameter %s", where, r["diameter_mm"])
		expect(oneOf(r["material"], "HDPE", "钢筋混凝土", "PVC-U", "钢管"), "%s: material %s", where, r["material"])
		total += stated
		if strings.HasPrefix(r["start_date"], "2020") {
			y2020 += stated
			expect(r["kind"] == "污水", "%s: a 2020 pipe of kind %s", where, r["kind"])
		}
	}
	expect(total >= 6100000 && total <= 6400000, "pipes: %s m in all, want 61–64 km", fmtCenti(total))
	expect(y2020 == pipes2020, "pipes: %s m built in 2020, want 13400.00", fmtCenti(y2020))
}

func (d *data) checkFacilities() {
	pumps, plants := 0, 0
	for _, r := range d.rows("sewer-facilities.csv") {
		expect(strings.HasPrefix(r["start_date"], "2020"), "facility %s: built %s, want 2020", r["code"], r["start_date"])
		switch r["kind"] {
		case "泵站":
			pumps++
		case "污水处理厂":
			plants++
			expect(r["name"] == "陶家渡污水处理厂", "facility %s: plant named %s", r["code"], r["name"])
		default:
			fail("facility %s: kind %s", r["code"], r["kind"])
		}
	}
	expect(pumps == 4 && plants == 1, "facilities: %d pumping stations and %d plants, want 4 and 1", pumps, plants)
}

func (d *data) checkRoads() {
	var car, walk int64
	for _, r := range d.rows("roads.csv") {
		where := "road " + r["code"]
		stated, ok := checkLineRow(r, where)
		if !ok {
			continue
		}
		area := hundredths(r, "area_m2", where)
		w := float64(area) / float64(stated)
		expect(w >= 2.5 && w <= 20, "%s: implied width %.2f m", where, w)
		if r["kind"] == "人行道" {
			walk += area
		} else {
			car += area
		}
	}
	expect(car == carriageArea, "roads: 车行道+巷道 %s ㎡, want 50000.00", fmtCenti(car))
	expect(walk == walkArea, "roads: 人行道 %s ㎡, want 88000.00", fmtCenti(walk))
}

func (d *data) checkProjects() map[string]row {
	byCode := map[string]row{}
	disclosed := 0
	for i, r := range d.rows("projects.csv") {
		where := "project " + r["code"]
		if _, dup := byCode[r["year"]+"/"+r["code"]]; dup {
			fail("%s: duplicate code", where)
		}
		byCode[r["year"]+"/"+r["code"]] = r
		expect(r["year"] == "2020", "%s: year %s", where, r["year"])
		expect(oneOf(r["unit"], unitShort...), "%s: unit %s", where, r["unit"])
		expect(oneOf(r["function_code"], "2120199", "2129999", "2299999"), "%s: function code %s", where, r["function_code"])
		b, f, o := money(r, "budget", where), money(r, "fiscal_budget", where), money(r, "other_budget", where)
		expect(b == f+o, "%s: budget %s ≠ %s + %s", where, b, f, o)
		if r["disclosed"] == "是" && i < len(disclosedProjects) {
			disclosed++
			want := disclosedProjects[i]
			got := []string{r["code"], r["name"], r["unit"], b.String(), f.String(), o.String(), r["goal"], r["result"], r["problems"], r["next_steps"], r["summary"]}
			exp := []string{want.code, want.name, unitBureau, want.budget.String(), want.budget.String(), "0.00", want.goal, want.result, want.problems, want.nextSteps, want.summary}
			for k := range got {
				expect(got[k] == exp[k], "%s: field %d is %q, want %q", where, k, got[k], exp[k])
			}
		} else {
			expect(r["disclosed"] == "否", "%s: disclosed %q", where, r["disclosed"])
		}
	}
	expect(disclosed == 5, "projects: %d disclosed, want 5", disclosed)
	expect(len(byCode) == 19, "projects: %d in 2020, want 19 (the seed's 19 projects with targets)", len(byCode))
	for _, want := range []string{"春节亮化氛围营造项目", "西区绿化管护项目", "路灯电费及维修项目", "西区数字化城管信息平台运行项目", "市政道路及人行道附属设施维修、户外广告管理项目"} {
		found := false
		for _, r := range byCode {
			found = found || (r["name"] == want && r["disclosed"] == "是")
		}
		expect(found, "projects: no disclosed %s", want)
	}
	return byCode
}

func (d *data) checkIndicators() {
	rows := d.rows("indicators.csv")
	want := 0
	for _, p := range disclosedProjects {
		want += len(indicatorRows[p.code])
	}
	expect(len(rows) == want, "indicators: %d rows, want %d", len(rows), want)
	bindings := 0
	pos := map[string]int{}
	for _, r := range rows {
		code := r["project_code"]
		pos[code]++
		expect(r["position"] == strconv.Itoa(pos[code]), "indicator %s/%s: positions out of order", code, r["position"])
		exp := indicatorRows[code]
		bound := boundIndicators[code+"/"+r["position"]]
		if pos[code] <= len(exp) {
			e := exp[pos[code]-1]
			if bound != "" {
				e[4] = "" // the report computes it
			}
			got := [5]string{r["level1"], r["level2"], r["level3"], r["target"], r["actual"]}
			expect(got == e, "indicator %s/%d: %v, want %v", code, pos[code], got, e)
		}
		expect(r["binding"] == bound, "indicator %s/%s: binding %q, want %q", code, r["position"], r["binding"], bound)
		if r["binding"] != "" {
			bindings++
		}
	}
	expect(bindings == len(boundIndicators), "indicators: %d bindings, want %d", bindings, len(boundIndicators))
}

func (d *data) checkRecords(c checked) {
	classes := map[string]map[string]row{clVehicle: c.vehicles, clLamp: c.lamps, clGreen: c.greens, clPipe: c.pipes, clFacility: c.facilities, clRoad: c.roads}
	works := []string{"维修", "更换", "巡查", "清掏", "修剪", "补植", "除草", "病虫害防治", "清洗", "电费", "燃料费", "保险费", "过路过桥费", "其他"}
	spent := map[string]domain.Fen{}
	spentFiscal := map[string]domain.Fen{}
	spentOther := map[string]domain.Fen{}
	var offRun = map[int]domain.Fen{}
	offWorks := map[string]bool{}
	qty := map[string]int64{}     // year/class/work/unit → quantity
	qunits := map[string]string{} // class/work → unit
	repaired := map[string]bool{} // lamps repaired in 2020
	var projectTotal2020 domain.Fen
	for i, r := range d.rows("maintenance.csv") {
		where := fmt.Sprintf("maintenance row %d", i+2)
		expect(validDate(r["date"]), "%s: date %q", where, r["date"])
		year, _ := strconv.Atoi(r["date"][:4])
		cost := money(r, "cost", where)
		expect(cost > 0, "%s: cost %s", where, cost)
		expect(oneOf(r["work_type"], works...), "%s: work type %q", where, r["work_type"])
		expect(oneOf(r["funding"], "财政拨款", "其他资金"), "%s: funding %q", where, r["funding"])
		cl, code := r["asset_class"], r["asset_code"]
		var asset row
		if cl != "" {
			reg, ok := classes[cl]
			expect(ok, "%s: asset class %q", where, cl)
			if code != "" && ok {
				asset = reg[code]
				expect(asset != nil, "%s: no %s %s", where, cl, code)
				if asset != nil {
					expect(asset["start_date"] <= r["date"], "%s: %s %s started %s, after the record", where, cl, code, asset["start_date"])
					expect(asset["disposal_date"] == "" || asset["disposal_date"] >= r["date"], "%s: %s %s disposed before the record", where, cl, code)
				}
			}
		} else {
			expect(code == "", "%s: an asset code without a class", where)
		}
		if r["quantity_unit"] != "" || r["quantity"] != "" {
			q, err := strconv.ParseInt(r["quantity"], 10, 64)
			expect(err == nil && q > 0, "%s: quantity %q", where, r["quantity"])
			expect(oneOf(r["quantity_unit"], "盏", "米", "㎡", "次", "辆"), "%s: quantity unit %q", where, r["quantity_unit"])
			expect(cl != "", "%s: a quantity on a record without a class", where)
			key := cl + "/" + r["work_type"]
			if u, seen := qunits[key]; seen {
				expect(u == r["quantity_unit"], "%s: %s measured in %s and %s", where, key, u, r["quantity_unit"])
			}
			qunits[key] = r["quantity_unit"]
			qty[fmt.Sprintf("%d/%s/%s", year, key, r["quantity_unit"])] += q
			if asset != nil && r["quantity_unit"] == "㎡" && cl == clGreen {
				expect(q*100 <= hundredths(asset, "area_m2", where), "%s: %d ㎡ on %s of %s ㎡", where, q, code, asset["area_m2"])
			}
			if asset != nil && r["quantity_unit"] == "米" && cl == clPipe {
				expect(q*100 <= hundredths(asset, "length_m", where), "%s: %d 米 on %s of %s m", where, q, code, asset["length_m"])
			}
		}
		pc := r["project_code"]
		if pc != "" {
			p := c.projects[strconv.Itoa(year)+"/"+pc]
			expect(p != nil, "%s: no project %s in %d", where, pc, year)
			spent[pc] += cost
			if r["funding"] == "其他资金" {
				spentOther[pc] += cost
			} else {
				spentFiscal[pc] += cost
			}
			if year == 2020 {
				projectTotal2020 += cost
			}
			if p != nil {
				switch p["name"] {
				case "路灯电费及维修项目":
					expect(oneOf(r["work_type"], "维修", "电费") && cl == clLamp, "%s: a %s %s record in the lamp project", where, cl, r["work_type"])
					if r["work_type"] == "电费" {
						expect(code == "" && r["quantity"] == "", "%s: an electricity bill on one lamp", where)
					}
				case "西区数字化城管信息平台运行项目":
					expect(cl == "", "%s: a platform fee with an asset class", where)
				case "市政道路及人行道附属设施维修、户外广告管理项目":
					expect((cl == clRoad && r["work_type"] == "维修" && code != "") || (cl == "" && r["work_type"] == "其他"), "%s: a %s %s record in the roads project", where, cl, r["work_type"])
				}
			}
		} else {
			// no project: only official-car running costs
			expect(cl == clVehicle && asset != nil && asset["official"] == "是", "%s: a record without project that is not an official car's running cost", where)
			offRun[year] += cost
			if year == 2020 {
				offWorks[r["work_type"]] = true
			}
			if year == 2019 {
				expect(code == "CL-001", "%s: a 2019 official-car cost on %s", where, code)
			}
		}
		if year == 2019 {
			expect(pc == "", "%s: a 2019 record with a project", where)
		}
		expect(year == 2019 || year == 2020, "%s: a record in %d", where, year)
		if year == 2020 && cl == clLamp && r["work_type"] == "维修" {
			expect(r["quantity_unit"] == "盏" && code != "", "%s: a lamp repair without 盏 or lamp", where)
			expect(!repaired[code], "%s: lamp %s repaired twice", where, code)
			repaired[code] = true
			p := c.projects["2020/"+pc]
			expect(p != nil && p["name"] == "路灯电费及维修项目", "%s: a lamp repair outside 路灯电费及维修项目", where)
		}
	}
	// official cars
	expect(offRun[2020] == yuan(47100), "official-car running costs 2020: %s, want 47100.00", offRun[2020])
	expect(offRun[2019] == yuan(25000), "official-car running costs 2019: %s, want 25000.00", offRun[2019])
	var ow []string
	for _, w := range works {
		if offWorks[w] {
			ow = append(ow, w)
		}
	}
	expect(strings.Join(ow, "、") == "维修、燃料费、保险费、过路过桥费", "official-car running costs 2020: work types %v", ow)
	// quantities
	expect(qty["2020/路灯/维修/盏"] == 110, "2020 lamp repairs: %d 盏, want 110", qty["2020/路灯/维修/盏"])
	expect(qty["2020/绿地/修剪/㎡"] == 41330, "2020 修剪: %d ㎡, want 41330", qty["2020/绿地/修剪/㎡"])
	expect(qty["2020/绿地/补植/㎡"] == 350, "2020 补植: %d ㎡, want 350", qty["2020/绿地/补植/㎡"])
	expect(qty["2020/绿地/除草/㎡"] == 24000, "2020 除草: %d ㎡, want 24000", qty["2020/绿地/除草/㎡"])
	expect(qty["2020/排水管道/清掏/米"] == 360, "2020 清掏: %d 米, want 360", qty["2020/排水管道/清掏/米"])
	for _, w := range []string{"修剪", "补植", "除草"} {
		for k := range qty {
			if strings.Contains(k, "/"+w+"/") && !strings.HasPrefix(k, "2020/绿地/") {
				fail("quantity of %s outside 2020 green areas: %s", w, k)
			}
		}
	}
	// projects
	for key, p := range c.projects {
		code := p["code"]
		where := "project " + key
		b := money(p, "budget", where)
		expect(spent[code] > 0, "%s: no records", where)
		expect(spent[code] <= b, "%s: executed %s over budget %s", where, spent[code], b)
		expect(spentFiscal[code] <= money(p, "fiscal_budget", where) && spentOther[code] <= money(p, "other_budget", where), "%s: a funding source over its budget", where)
		if p["disclosed"] == "是" {
			expect(spent[code] == b, "%s: executed %s, want its budget %s", where, spent[code], b)
		}
	}
	expect(projectTotal2020 < yuan(33392200)/2, "2020 project spending %s is not well below the seed's 3339.22万元", projectTotal2020)
}

func (d *data) checkYearSettings() {
	rows := d.rows("year-settings.csv")
	expect(len(rows) == len(yearSettings), "year settings: %d rows, want %d", len(rows), len(yearSettings))
	for i := 0; i < len(rows) && i < len(yearSettings); i++ {
		for _, k := range yearSettingsHeader {
			expect(rows[i][k] == yearSettings[i][k], "year settings %s: %s is %q, want %q", yearSettings[i]["year"], k, rows[i][k], yearSettings[i][k])
		}
	}
	// The seed's 三公: trips abroad and receptions 0 against budgets of 0 ("完成预算100%").
	for _, k := range []string{"abroad_amount", "abroad_budget", "reception_domestic_amount", "reception_foreign_amount", "reception_budget"} {
		expect(rows[len(rows)-1][k] == "0.00", "year settings 2020: %s is %q, want 0.00", k, rows[len(rows)-1][k])
	}
}

// summary prints the key totals (from the files as written).
func (d *data) summary() {
	fmt.Println("files:")
	for _, name := range []string{"units.csv", "vehicles.csv", "lamps.csv", "green-areas.csv", "sewer-pipes.csv", "sewer-facilities.csv", "roads.csv", "projects.csv", "indicators.csv", "maintenance.csv", "year-settings.csv"} {
		fmt.Printf("  %-22s %5d rows\n", name, len(d.rows(name)))
	}
	spent := map[string]domain.Fen{}
	for _, r := range d.rows("maintenance.csv") {
		if r["project_code"] != "" {
			c, _ := parseMoney(r["cost"])
			spent[r["project_code"]] += c
		}
	}
	var total domain.Fen
	fmt.Println("2020 projects (budget / executed):")
	for _, p := range d.rows("projects.csv") {
		b, _ := parseMoney(p["budget"])
		fmt.Printf("  %s %-28s %12s %12s %s\n", p["code"], p["name"], b, spent[p["code"]], p["disclosed"])
		total += spent[p["code"]]
	}
	fmt.Printf("  total executed %s\n", total)
	cats := map[string]int{}
	for _, r := range d.rows("vehicles.csv") {
		if heldAt(r, yearEnd) {
			cats[r["use_category"]]++
		}
	}
	fmt.Printf("vehicles held 2020-12-31: %v\n", cats)
	types := map[string]int{}
	for _, r := range d.rows("lamps.csv") {
		types[r["type"]]++
	}
	fmt.Printf("lamps: %v\n", types)
	var all, new2020 int64
	kinds := map[string]int64{}
	for _, r := range d.rows("sewer-pipes.csv") {
		l, _ := parseCenti(r["length_m"])
		all += l
		kinds[r["kind"]] += l
		if strings.HasPrefix(r["start_date"], "2020") {
			new2020 += l
		}
	}
	fmt.Printf("pipes: %s m (2020: %s m); by kind:", fmtCenti(all), fmtCenti(new2020))
	for _, k := range []string{"污水", "雨水", "合流"} {
		fmt.Printf(" %s %s", k, fmtCenti(kinds[k]))
	}
	fmt.Println()
	gu := map[string]int64{}
	for _, r := range d.rows("green-areas.csv") {
		a, _ := parseCenti(r["area_m2"])
		gu[r["unit"]] += a
	}
	fmt.Printf("green: 园林中心 %s ㎡, 局机关 %s ㎡\n", fmtCenti(gu[unitGarden]), fmtCenti(gu[unitBureau]))
	rk := map[string]int64{}
	for _, r := range d.rows("roads.csv") {
		a, _ := parseCenti(r["area_m2"])
		rk[r["kind"]] += a
	}
	fmt.Printf("roads: 车行道 %s ㎡, 巷道 %s ㎡, 人行道 %s ㎡\n", fmtCenti(rk["车行道"]), fmtCenti(rk["巷道"]), fmtCenti(rk["人行道"]))
}
