// Command gendata writes the demo district's data files: the CSV files in assets/demo
// that CityLedger loads on first start through its ordinary CSV importer.
//
//	go run ./domain/demo/gendata -o assets/demo
//
// The demo district is modelled on the 2020 final-accounts report of 攀枝花市西区综合行政执法局
// (see assets/demo/README.md for which facts come from that report and what is invented).
// The program is deterministic (fixed random seed, no maps on output paths): two runs
// write byte-identical files. After writing, it reads the files back and checks every fact
// the report and its golden tests rely on; it exits 1 naming each failed check.
//
// Standard library only.
package main

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// ---------------------------------------------------------------------------------------
// Numbers

// fen is money in 分. Never a float.
type fen int64

func yuan(y int64) fen { return fen(y * 100) }

func (f fen) String() string {
	if f < 0 {
		panic(fmt.Sprintf("negative amount %d", int64(f)))
	}
	return fmt.Sprintf("%d.%02d", int64(f)/100, int64(f)%100)
}

// parseFen reads the generator's own money format: digits, a point, exactly two digits.
func parseFen(s string) (fen, error) {
	whole, frac, ok := strings.Cut(s, ".")
	if !ok || len(frac) != 2 || whole == "" || (len(whole) > 1 && whole[0] == '0') {
		return 0, fmt.Errorf("money %q: want digits.dd", s)
	}
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return 0, fmt.Errorf("money %q: want digits.dd", s)
		}
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	f, _ := strconv.ParseInt(frac, 10, 64)
	return fen(w*100 + f), nil
}

// centi rounds a length or area to hundredths (0.01 m, 0.01 ㎡) as an integer.
func centi(v float64) int64 { return int64(math.Round(v * 100)) }

func fmtCenti(c int64) string { return fmt.Sprintf("%d.%02d", c/100, c%100) }

// parseCenti reads "1234.56" (exactly two decimals) into hundredths.
func parseCenti(s string) (int64, error) {
	f, err := parseFen(s)
	return int64(f), err
}

// fmtNum prints a small decimal without trailing zeros: 150, 6.5.
func fmtNum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// ---------------------------------------------------------------------------------------
// Geometry: WGS84 lon/lat, measured with the local equal-area approximation
// x = R·cos(lat0)·Δlon, y = R·Δlat (radians), R = 6371008.8 m, lat0 = the middle of the
// feature's latitude range. Coordinates are written with 7 decimals (about 1 cm) and
// every stated length/area is measured from the written coordinates.

const earthR = 6371008.8

const rad = math.Pi / 180

type pt struct{ Lon, Lat float64 }

type xy struct{ X, Y float64 }

func q7(v float64) float64 {
	f, err := strconv.ParseFloat(strconv.FormatFloat(v, 'f', 7, 64), 64)
	if err != nil {
		panic(err)
	}
	return f
}

func fmtCoord(v float64) string { return strconv.FormatFloat(v, 'f', 7, 64) }

func qpt(p pt) pt { return pt{q7(p.Lon), q7(p.Lat)} }

// frame is a local plane: metres east and north of (lon0, lat0).
type frame struct{ lon0, lat0, kx, ky float64 }

func newFrame(lon0, lat0, cosLat float64, rx, ry float64) frame {
	return frame{lon0, lat0, float64(rx*cosLat) * rad, ry * rad}
}

func (f frame) xy(p pt) xy {
	return xy{float64((p.Lon - f.lon0) * f.kx), float64((p.Lat - f.lat0) * f.ky)}
}

func (f frame) pt(v xy) pt { return pt{f.lon0 + v.X/f.kx, f.lat0 + v.Y/f.ky} }

func midLat(ps []pt) float64 {
	lo, hi := ps[0].Lat, ps[0].Lat
	for _, p := range ps {
		lo = math.Min(lo, p.Lat)
		hi = math.Max(hi, p.Lat)
	}
	return (lo + hi) / 2
}

// sphereFrame is the measuring frame of the brief: sphere of radius R at the feature's mid latitude.
func sphereFrame(ps []pt) frame {
	lat0 := midLat(ps)
	return newFrame(ps[0].Lon, lat0, math.Cos(lat0*rad), earthR, earthR)
}

// ellipsoidFrame uses WGS84's prime-vertical (N) and meridional (M) radii at the mid
// latitude: a local approximation of the ellipsoidal figures, used only as a check.
func ellipsoidFrame(ps []pt) frame {
	const a = 6378137.0
	const fl = 1 / 298.257223563
	e2 := fl * (2 - fl)
	lat0 := midLat(ps)
	s := math.Sin(lat0 * rad)
	w := 1 - e2*s*s
	n := a / math.Sqrt(w)
	m := a * (1 - e2) / (w * math.Sqrt(w))
	return newFrame(ps[0].Lon, lat0, math.Cos(lat0*rad), n, m)
}

func lengthIn(f frame, ps []pt) float64 {
	var s float64
	for i := 1; i < len(ps); i++ {
		a, b := f.xy(ps[i-1]), f.xy(ps[i])
		dx, dy := b.X-a.X, b.Y-a.Y
		s += math.Sqrt(float64(dx*dx) + float64(dy*dy))
	}
	return s
}

// areaIn is the signed shoelace area of a closed ring (positive: counter-clockwise).
func areaIn(f frame, ring []pt) float64 {
	var s float64
	for i := 0; i+1 < len(ring); i++ {
		a, b := f.xy(ring[i]), f.xy(ring[i+1])
		s += float64(a.X*b.Y) - float64(b.X*a.Y)
	}
	return s / 2
}

func lineLength(ps []pt) float64 { return lengthIn(sphereFrame(ps), ps) }
func ringArea(ring []pt) float64 { return areaIn(sphereFrame(ring), ring) }

// district is the construction frame for the whole demo district.
var district = newFrame(101.595, 26.605, math.Cos(26.605*rad), earthR, earthR)

func toXY(ps []pt) []xy {
	out := make([]xy, len(ps))
	for i, p := range ps {
		out[i] = district.xy(p)
	}
	return out
}

func toPts(vs []xy) []pt {
	out := make([]pt, len(vs))
	for i, v := range vs {
		out[i] = qpt(district.pt(v))
	}
	return out
}

func dist(a, b xy) float64 { return math.Hypot(b.X-a.X, b.Y-a.Y) }

func polyLen(vs []xy) float64 {
	var s float64
	for i := 1; i < len(vs); i++ {
		s += dist(vs[i-1], vs[i])
	}
	return s
}

// at is the point at distance s along vs and the unit direction there.
func at(vs []xy, s float64) (xy, xy) {
	for i := 1; i < len(vs); i++ {
		d := dist(vs[i-1], vs[i])
		if s <= d || i == len(vs)-1 {
			t := s / d
			a, b := vs[i-1], vs[i]
			return xy{a.X + (b.X-a.X)*t, a.Y + (b.Y-a.Y)*t}, xy{(b.X - a.X) / d, (b.Y - a.Y) / d}
		}
		s -= d
	}
	panic("at: short line")
}

// subDist is the part of vs between distances s0 and s1, with the vertices in between.
func subDist(vs []xy, s0, s1 float64) []xy {
	p0, _ := at(vs, s0)
	out := []xy{p0}
	acc := 0.0
	for i := 1; i < len(vs)-1; i++ {
		acc += dist(vs[i-1], vs[i])
		if acc > s0+0.5 && acc < s1-0.5 {
			out = append(out, vs[i])
		}
	}
	p1, _ := at(vs, s1)
	return append(out, p1)
}

func subFrac(vs []xy, f0, f1 float64) []xy {
	l := polyLen(vs)
	return subDist(vs, f0*l, f1*l)
}

// offset shifts a polyline d metres to its left (negative: right), mitred at the vertices.
func offset(vs []xy, d float64) []xy {
	if d == 0 {
		return append([]xy(nil), vs...)
	}
	normal := func(i int) xy { // left normal of segment i→i+1
		l := dist(vs[i], vs[i+1])
		return xy{-(vs[i+1].Y - vs[i].Y) / l, (vs[i+1].X - vs[i].X) / l}
	}
	out := make([]xy, len(vs))
	for i := range vs {
		var n xy
		switch {
		case i == 0:
			n = normal(0)
		case i == len(vs)-1:
			n = normal(i - 1)
		default:
			a, b := normal(i-1), normal(i)
			m := xy{a.X + b.X, a.Y + b.Y}
			ml := math.Hypot(m.X, m.Y)
			m = xy{m.X / ml, m.Y / ml}
			k := 1 / (m.X*a.X + m.Y*a.Y)
			n = xy{m.X * k, m.Y * k}
		}
		out[i] = xy{vs[i].X + n.X*d, vs[i].Y + n.Y*d}
	}
	return out
}

// ccw closes a ring and orders it counter-clockwise.
func ccw(ring []pt) []pt {
	if ring[0] != ring[len(ring)-1] {
		ring = append(ring, ring[0])
	}
	if ringArea(ring) < 0 {
		for i, j := 0, len(ring)-1; i < j; i, j = i+1, j-1 {
			ring[i], ring[j] = ring[j], ring[i]
		}
	}
	return ring
}

// nudges lists small moves (in 1e-7 degree steps) by growing square rings: a deterministic search.
func nudges(maxR int) [][2]int {
	var out [][2]int
	for r := 0; r <= maxR; r++ {
		for i := -r; i <= r; i++ {
			for j := -r; j <= r; j++ {
				if max(abs(i), abs(j)) == r {
					out = append(out, [2]int{i, j})
				}
			}
		}
	}
	return out
}

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}

// fitRing moves one vertex by at most a few centimetres so that the ring's measured area,
// rounded to 0.01 ㎡, is target.
func fitRing(ring []pt, target int64) []pt {
	n := len(ring) - 1
	for v := 0; v < n; v++ {
		for _, d := range nudges(80) {
			c := append([]pt(nil), ring...)
			c[v] = pt{q7(ring[v].Lon + float64(d[0])*1e-7), q7(ring[v].Lat + float64(d[1])*1e-7)}
			if v == 0 {
				c[n] = c[0]
			}
			if centi(ringArea(c)) == target {
				return c
			}
		}
	}
	fail("cannot fit ring to area %s", fmtCenti(target))
	return nil
}

// fitLine moves the line's last vertex so that its measured length, rounded to 0.01 m, is target.
func fitLine(line []pt, target int64) []pt {
	last := len(line) - 1
	for _, d := range nudges(80) {
		c := append([]pt(nil), line...)
		c[last] = pt{q7(line[last].Lon + float64(d[0])*1e-7), q7(line[last].Lat + float64(d[1])*1e-7)}
		if centi(lineLength(c)) == target {
			return c
		}
	}
	fail("cannot fit line to length %s", fmtCenti(target))
	return nil
}

func wktLine(ps []pt) string {
	var b strings.Builder
	b.WriteString("LINESTRING (")
	for i, p := range ps {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(fmtCoord(p.Lon) + " " + fmtCoord(p.Lat))
	}
	b.WriteString(")")
	return b.String()
}

func wktPolygon(ring []pt) string {
	return "POLYGON ((" + strings.TrimSuffix(strings.TrimPrefix(wktLine(ring), "LINESTRING ("), ")") + "))"
}

func parseCoords(s string) ([]pt, error) {
	var out []pt
	for _, c := range strings.Split(s, ",") {
		f := strings.Fields(c)
		if len(f) != 2 {
			return nil, fmt.Errorf("bad coordinate %q", c)
		}
		lon, err1 := strconv.ParseFloat(f[0], 64)
		lat, err2 := strconv.ParseFloat(f[1], 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("bad coordinate %q", c)
		}
		out = append(out, pt{lon, lat})
	}
	return out, nil
}

func parseWKTLine(s string) ([]pt, error) {
	body, ok := strings.CutPrefix(s, "LINESTRING (")
	if !ok || !strings.HasSuffix(body, ")") {
		return nil, fmt.Errorf("not a LINESTRING: %.40q", s)
	}
	return parseCoords(strings.TrimSuffix(body, ")"))
}

func parseWKTPolygon(s string) ([]pt, error) {
	body, ok := strings.CutPrefix(s, "POLYGON ((")
	if !ok || !strings.HasSuffix(body, "))") {
		return nil, fmt.Errorf("not a single-ring POLYGON: %.40q", s)
	}
	return parseCoords(strings.TrimSuffix(body, "))"))
}

// District bounds every coordinate must lie in.
const minLon, maxLon, minLat, maxLat = 101.55, 101.64, 26.57, 26.64

// ---------------------------------------------------------------------------------------
// Errors

var failures []string

func fail(format string, args ...any) { failures = append(failures, fmt.Sprintf(format, args...)) }

func expect(ok bool, format string, args ...any) {
	if !ok {
		fail(format, args...)
	}
}

// ---------------------------------------------------------------------------------------
// Randomness and dates

var rng = rand.New(rand.NewPCG(20201231, 510403)) // 510403: 攀枝花市西区's administrative code

func between(lo, hi int) int { return lo + rng.IntN(hi-lo+1) }

func date(y, m, d int) string { return fmt.Sprintf("%04d-%02d-%02d", y, m, d) }

// dayIn is a random day (1–28) of a month.
func dayIn(y, m int) string { return date(y, m, between(1, 28)) }

func validDate(s string) bool {
	t, err := time.Parse("2006-01-02", s)
	return err == nil && t.Format("2006-01-02") == s
}

// ---------------------------------------------------------------------------------------
// The district's streets (invented centre lines, roughly placed on 攀枝花市西区).

type street struct {
	name string
	line []pt
}

var streets = []street{
	{"攀枝花大道西段", []pt{{101.6380, 26.5725}, {101.6290, 26.5770}, {101.6195, 26.5822}, {101.6100, 26.5880}, {101.6010, 26.5945}, {101.5925, 26.6010}, {101.5840, 26.6075}, {101.5745, 26.6145}, {101.5660, 26.6215}, {101.5590, 26.6290}, {101.5535, 26.6365}}},
	{"苏铁西路", []pt{{101.5880, 26.6090}, {101.5940, 26.6052}, {101.6000, 26.6012}, {101.6060, 26.5972}, {101.6110, 26.5938}}},
	{"清香坪大街", []pt{{101.5958, 26.5985}, {101.5975, 26.6030}, {101.5990, 26.6075}}},
	{"清香坪东街", []pt{{101.6052, 26.5915}, {101.6068, 26.5950}, {101.6085, 26.5988}}},
	{"清香坪西街", []pt{{101.5900, 26.6029}, {101.5915, 26.6060}, {101.5930, 26.6095}}},
	{"宝鼎路", []pt{{101.5940, 26.6052}, {101.5952, 26.6130}, {101.5975, 26.6210}, {101.5990, 26.6268}}},
	{"河门口大街", []pt{{101.5720, 26.6110}, {101.5755, 26.6160}, {101.5800, 26.6200}, {101.5835, 26.6222}}},
	{"河门口北路", []pt{{101.5755, 26.6160}, {101.5730, 26.6230}, {101.5710, 26.6290}}},
	{"格里坪大道", []pt{{101.5535, 26.6365}, {101.5580, 26.6378}, {101.5630, 26.6385}, {101.5690, 26.6392}}},
	{"格里坪镇大街", []pt{{101.5560, 26.6318}, {101.5572, 26.6355}, {101.5588, 26.6393}}},
	{"玉泉路", []pt{{101.6195, 26.5822}, {101.6218, 26.5865}, {101.6235, 26.5915}}},
	{"玉泉街", []pt{{101.6150, 26.5853}, {101.6172, 26.5895}, {101.6180, 26.5940}}},
	{"陶家渡路", []pt{{101.6290, 26.5770}, {101.6318, 26.5750}, {101.6350, 26.5732}, {101.6385, 26.5718}}},
	{"陶家渡滨江路", []pt{{101.6250, 26.5758}, {101.6300, 26.5740}, {101.6345, 26.5724}}},
	{"清香坪一巷", []pt{{101.5968, 26.6010}, {101.5990, 26.6000}}},
	{"清香坪二巷", []pt{{101.5985, 26.6048}, {101.6010, 26.6040}}},
	{"苏铁巷", []pt{{101.6000, 26.6012}, {101.6012, 26.5990}}},
	{"河门口老街巷", []pt{{101.5770, 26.6178}, {101.5790, 26.6150}}},
	{"格里坪老街巷", []pt{{101.5575, 26.6375}, {101.5610, 26.6360}}},
	{"玉泉巷", []pt{{101.6172, 26.5895}, {101.6200, 26.5885}}},
}

func streetXY(name string) []xy {
	for _, s := range streets {
		if s.name == name {
			return toXY(s.line)
		}
	}
	panic("no street " + name)
}

// ---------------------------------------------------------------------------------------
// Units

const (
	unitBureau = "局机关"
	unitSanit  = "环卫中心"
	unitGarden = "园林中心"
)

var units = [][]string{
	{"攀枝花市西区综合行政执法局", unitBureau, "", "是"},
	{"攀枝花市西区市容环境卫生服务中心", unitSanit, unitBureau, "是"},
	{"攀枝花市西区园林绿化服务中心", unitGarden, unitBureau, "否"},
}

// ---------------------------------------------------------------------------------------
// Registers

type vehicle struct {
	code, plate, unit, use, body string
	official                     bool
	start                        string
	value                        fen
	status, disposal, note       string
}

type lamp struct {
	code, typ, road string
	power, pole     float64
	start           string
	value           fen
	unit            string
	p               pt
	note            string
}

type green struct {
	code, name, typ string
	area            int64
	unit, start     string
	value           fen
	note            string
	ring            []pt
}

type pipe struct {
	code, kind, material string
	dn                   int
	length               int64
	unit, start          string
	value                fen
	note                 string
	line                 []pt
}

type facility struct {
	code, name, kind, capacity, unit string
	p                                pt
	start                            string
	value                            fen
	note                             string
}

type road struct {
	code, name, kind string
	area, length     int64
	unit, start      string
	value            fen
	note             string
	line             []pt
}

type project struct {
	code                                       string
	year                                       int
	name, unit, fn                             string
	budget, fiscal, other                      fen
	goal, result, problems, nextSteps, summary string
	disclosed                                  bool
	// The 预算绩效管理 flags: 事前绩效评估, 绩效监控, 绩效自评.
	preAssessed, monitored, selfEvaluated bool
	exec                                  fen // what its records must add up to
}

// preAssessedProjects are the projects the seed names as assessed in advance (预算事前绩效
// 评估); its "路灯及亮化设施维修维护" is the demo's 路灯电费及维修项目.
var preAssessedProjects = []string{"2020-001", "2020-002", "2020-003", "2020-006", "2020-007"}

type indicator struct {
	project                             string
	year, pos                           int
	l1, l2, l3, target, actual, binding string
}

type rec struct {
	date, class, code, project, funding, work string
	qty                                       int64
	qunit                                     string
	cost                                      fen
	contractor, note                          string
	w                                         int64 // raw cost estimate in 分, scaled to the exact total
}

// Chinese class names used in maintenance.csv.
const (
	clVehicle  = "车辆"
	clLamp     = "路灯"
	clGreen    = "绿地"
	clPipe     = "排水管道"
	clFacility = "排水设施"
	clRoad     = "道路"
)

type gen struct {
	vehicles   []vehicle
	lamps      []lamp
	greens     []green
	pipes      []pipe
	facilities []facility
	roads      []road
	projects   []project
	indicators []indicator
	recs       []*rec
	lampRuns   []lampRun // kept for the spacing check
}

// ---------------------------------------------------------------------------------------
// Vehicles

func (g *gen) buildVehicles() {
	v := func(code, plate, unit, use, body string, official bool, start string, value int64, note string) {
		g.vehicles = append(g.vehicles, vehicle{code, plate, unit, use, body, official, start, yuan(value), "在用", "", note})
	}
	// 局机关: five 执法执勤用车 (one of them the old official car), two 其他用车 (the 2020 pickups).
	v("CL-001", "川D·A0627", unitBureau, "执法执勤用车", "货车", true, "2016-04-22", 98600, "江铃凯运轻型厢式货车，执法暂扣物品运输，公务用车")
	v("CL-002", "川D·A8631", unitBureau, "其他用车", "皮卡车", true, "2020-06-18", 147600, "江铃域虎7柴油四驱皮卡，主要用于执法，公务用车（含车辆购置税）")
	v("CL-003", "川D·A8632", unitBureau, "其他用车", "皮卡车", true, "2020-06-18", 147600, "江铃域虎7柴油四驱皮卡，主要用于执法，公务用车（含车辆购置税）")
	v("CL-004", "川D·A3305", unitBureau, "执法执勤用车", "专用车", false, "2014-09-10", 86500, "长安睿行改装城管执法执勤车（标识、警示灯具）")
	v("CL-005", "川D·A3306", unitBureau, "执法执勤用车", "专用车", false, "2014-09-10", 86500, "长安睿行改装城管执法执勤车（标识、警示灯具）")
	v("CL-006", "", unitBureau, "执法执勤用车", "其他", false, "2018-05-16", 48800, "四座低速电动巡逻车，场内巡逻，无号牌")
	v("CL-007", "", unitBureau, "执法执勤用车", "其他", false, "2018-05-16", 48800, "四座低速电动巡逻车，场内巡逻，无号牌")
	// 园林中心
	v("CL-008", "川D·C2108", unitGarden, "特种专业技术用车", "专用车", false, "2012-03-20", 186000, "东风多利卡绿化洒水车（8立方米）")
	// 环卫中心: 24 special-purpose vehicles
	type spec struct {
		plate, body, start string
		value              int64
		note               string
	}
	specs := []spec{
		{"川D·B1156", "专用车", "2011-05-12", 365000, "中联重科压缩式垃圾车（16吨）"},
		{"川D·B1157", "专用车", "2011-05-12", 365000, "中联重科压缩式垃圾车（16吨）"},
		{"川D·B2283", "专用车", "2015-03-26", 398000, "中联重科压缩式垃圾车（16吨）"},
		{"川D·B2284", "专用车", "2015-03-26", 398000, "中联重科压缩式垃圾车（16吨）"},
		{"川D·B3390", "专用车", "2019-04-18", 412000, "中联重科压缩式垃圾车（18吨）"},
		{"川D·B3391", "专用车", "2019-04-18", 412000, "中联重科压缩式垃圾车（18吨）"},
		{"川D·B0721", "专用车", "2010-07-08", 238000, "东风天锦洒水车（12立方米）"},
		{"川D·B1635", "专用车", "2013-06-20", 252000, "东风天锦洒水车（12立方米）"},
		{"川D·B2570", "专用车", "2016-05-30", 268000, "东风天锦洒水车（12立方米）"},
		{"川D·B3402", "专用车", "2019-06-11", 279000, "东风天锦雾炮洒水车（12立方米）"},
		// Under 50万元 each: the seed's "单价50万元以上通用设备0台（套）" (vehicles are 通用设备).
		{"川D·B2205", "专用车", "2015-09-17", 468000, "福龙马洗扫车"},
		{"川D·B2733", "专用车", "2017-08-09", 476000, "福龙马洗扫车"},
		{"川D·B3618", "专用车", "2020-03-27", 488000, "福龙马洗扫车"},
		{"川D·B2512", "专用车", "2016-04-14", 315000, "程力威高压清洗车"},
		{"川D·B2938", "专用车", "2018-07-02", 328000, "程力威高压清洗车"},
		{"川D·B1402", "专用车", "2012-10-25", 198000, "东风多利卡车厢可卸式垃圾车（勾臂车）"},
		{"川D·B1869", "专用车", "2014-11-06", 205000, "东风多利卡车厢可卸式垃圾车（勾臂车）"},
		{"川D·B2751", "专用车", "2017-09-21", 212000, "东风多利卡车厢可卸式垃圾车（勾臂车）"},
		{"川D·B1163", "专用车", "2011-08-30", 176000, "吸粪车（5立方米）"},
		{"川D·B3655", "专用车", "2020-09-15", 458000, "餐厨垃圾车，餐厨废弃物集中收转运"},
		{"川D·B0615", "货车", "2009-12-03", 152000, "东风自卸式垃圾车"},
		{"川D·B1648", "货车", "2013-07-19", 156000, "东风自卸式垃圾车"},
		{"川D·B2960", "其他", "2018-08-28", 42600, "电动保洁车（小型）"},
		{"川D·B2961", "其他", "2018-08-28", 42600, "电动保洁车（小型）"},
	}
	for i, s := range specs {
		v(fmt.Sprintf("CL-%03d", 9+i), s.plate, unitSanit, "特种专业技术用车", s.body, false, s.start, s.value, s.note)
	}
	// Two vehicles disposed before 2020.
	g.vehicles = append(g.vehicles,
		vehicle{"CL-033", "川D·B0388", unitSanit, "特种专业技术用车", "专用车", false, "1999-08-10", yuan(186000), "已处置", "2018-11-20", "东风压缩式垃圾车，达到报废年限报废"},
		vehicle{"CL-034", "川D·A1473", unitBureau, "执法执勤用车", "载客汽车", false, "2007-04-15", yuan(42800), "已处置", "2019-03-28", "长安之星执法面包车，报废"},
	)
}

// ---------------------------------------------------------------------------------------
// Street lamps

type lampRun struct {
	street        string
	f0, f1        float64
	sides         []float64 // offsets from the centre line, metres (left positive)
	spacing       float64   // wanted spacing along one side, metres
	typ           string
	power, pole   float64
	start         string
	value         int64
	note          string
	perSide       int     // computed
	actualSpacing float64 // computed
}

const lampTotal = 950

func (g *gen) buildLamps() {
	both := func(h float64) []float64 { return []float64{h, -h} }
	one := func(h float64) []float64 { return []float64{h} }
	runs := []lampRun{
		{street: "攀枝花大道西段", f0: 0.00, f1: 0.19, sides: both(12), spacing: 38, typ: "通电路灯", power: 200, pole: 12, start: "2012-11-20", value: 9800, note: "LED双臂路灯"},
		{street: "攀枝花大道西段", f0: 0.19, f1: 0.50, sides: both(12), spacing: 40, typ: "通电路灯", power: 250, pole: 12, start: "2009-10-15", value: 8600, note: "高压钠灯"},
		{street: "攀枝花大道西段", f0: 0.50, f1: 0.72, sides: both(12), spacing: 40, typ: "通电路灯", power: 250, pole: 12, start: "2009-10-15", value: 8600, note: "高压钠灯"},
		{street: "攀枝花大道西段", f0: 0.72, f1: 1.00, sides: one(11), spacing: 38, typ: "通电路灯", power: 150, pole: 10, start: "2016-08-26", value: 7400, note: "LED"},
		{street: "苏铁西路", f0: 0, f1: 1, sides: both(10), spacing: 40, typ: "通电路灯", power: 250, pole: 10, start: "2006-06-30", value: 6800, note: "高压钠灯"},
		{street: "清香坪大街", f0: 0, f1: 1, sides: both(9), spacing: 32, typ: "通电路灯", power: 120, pole: 9, start: "2015-05-20", value: 6900, note: "LED"},
		{street: "清香坪东街", f0: 0, f1: 1, sides: one(7), spacing: 30, typ: "通电路灯", power: 100, pole: 8, start: "2013-09-12", value: 5600, note: "LED"},
		{street: "河门口大街", f0: 0, f1: 1, sides: one(6), spacing: 35, typ: "通电路灯", power: 100, pole: 8, start: "2014-04-18", value: 5800, note: "LED"},
		{street: "宝鼎路", f0: 0, f1: 1, sides: one(5), spacing: 40, typ: "太阳能路灯", power: 60, pole: 6, start: "2015-10-30", value: 4300, note: "太阳能一体化路灯"},
		{street: "格里坪大道", f0: 0, f1: 1, sides: one(6), spacing: 40, typ: "太阳能路灯", power: 60, pole: 7, start: "2017-07-21", value: 4600, note: "太阳能路灯"},
		{street: "玉泉路", f0: 0, f1: 1, sides: one(7), spacing: 35, typ: "通电路灯", power: 120, pole: 9, start: "2019-06-28", value: 7200, note: "LED"},
		{street: "陶家渡路", f0: 0, f1: 1, sides: one(7), spacing: 0 /* fitted */, typ: "太阳能路灯", power: 80, pole: 8, start: "2020-09-25", value: 5200, note: "太阳能路灯，随陶家渡污水处理厂配套道路建设"},
	}
	const margin = 10.0
	lines := make([][]xy, len(runs))
	total := 0
	for i := range runs {
		r := &runs[i]
		lines[i] = subFrac(streetXY(r.street), r.f0, r.f1)
		l := polyLen(lines[i])
		if i == len(runs)-1 {
			rest := lampTotal - total
			if rest%len(r.sides) != 0 {
				fail("lamps: %d left for a run of %d sides", rest, len(r.sides))
				return
			}
			r.perSide = rest / len(r.sides)
		} else {
			r.perSide = int(math.Round((l-2*margin)/r.spacing)) + 1
		}
		r.actualSpacing = (l - 2*margin) / float64(r.perSide-1)
		total += r.perSide * len(r.sides)
	}
	n := 0
	for i, r := range runs {
		for k := 0; k < r.perSide; k++ {
			p, dir := at(lines[i], margin+float64(k)*r.actualSpacing)
			for _, off := range r.sides {
				n++
				q := xy{p.X - dir.Y*off, p.Y + dir.X*off}
				g.lamps = append(g.lamps, lamp{
					code: fmt.Sprintf("LD-%04d", n), typ: r.typ, road: r.street, power: r.power, pole: r.pole,
					start: r.start, value: yuan(r.value), unit: unitBureau, p: qpt(district.pt(q)), note: r.note,
				})
			}
		}
	}
	g.lampRuns = runs
}

// ---------------------------------------------------------------------------------------
// Green areas

const gardenArea = 700000 // 园林中心's 7000 ㎡, in hundredths

func (g *gen) buildGreens() {
	// polygon from a centre and vertex offsets in metres
	poly := func(c pt, vs []xy, scale float64) []pt {
		o := district.xy(c)
		out := make([]xy, len(vs))
		for i, v := range vs {
			out[i] = xy{o.X + v.X*scale, o.Y + v.Y*scale}
		}
		return ccw(toPts(out))
	}
	strip := func(st string, f0, f1, off, width float64) []pt {
		line := subFrac(offset(streetXY(st), off), f0, f1)
		left, right := offset(line, width/2), offset(line, -width/2)
		ring := append([]xy(nil), left...)
		for i := len(right) - 1; i >= 0; i-- {
			ring = append(ring, right[i])
		}
		return ccw(toPts(ring))
	}
	circle := func(c pt, r float64, n int) []pt {
		o := district.xy(c)
		var vs []xy
		for i := 0; i < n; i++ {
			a := 2 * math.Pi * float64(i) / float64(n)
			vs = append(vs, xy{o.X + r*math.Cos(a), o.Y + r*math.Sin(a)})
		}
		return ccw(toPts(vs))
	}
	add := func(code, name, typ, unit, start string, perM2 int64 /* 元 per ㎡ */, note string, ring []pt) {
		a := centi(ringArea(ring))
		g.greens = append(g.greens, green{code, name, typ, a, unit, start, fen(a * perM2), note, ring})
	}
	// 园林中心: four small parks, 7000.00 ㎡ together (the last one is fitted).
	add("GA-001", "清香坪街心花园", "公共绿地", unitGarden, "2008-04-30", 180, "", poly(pt{101.5966, 26.6004},
		[]xy{{-32, -18}, {28, -22}, {33, 12}, {4, 24}, {-30, 17}}, 1))
	add("GA-002", "苏铁西路游园", "公共绿地", unitGarden, "2010-09-28", 200, "", poly(pt{101.6034, 26.6003},
		[]xy{{-25, -20}, {22, -19}, {24, 15}, {-3, 22}, {-24, 16}}, 1))
	add("GA-003", "玉泉广场绿地", "公共绿地", unitGarden, "2012-05-18", 220, "玉泉广场周边绿地", poly(pt{101.6207, 26.5846},
		[]xy{{-21, -17}, {19, -20}, {22, 14}, {-18, 19}}, 1))
	rest := gardenArea
	for _, x := range g.greens {
		rest -= int(x.area)
	}
	shape := []xy{{-20, -15}, {18, -17}, {21, 10}, {2, 19}, {-19, 13}}
	base := poly(pt{101.5771, 26.6166}, shape, 1)
	ring := poly(pt{101.5771, 26.6166}, shape, math.Sqrt(float64(rest)/100/ringArea(base)))
	add("GA-004", "河门口游园", "公共绿地", unitGarden, "2014-10-20", 200, "", fitRing(ring, int64(rest)))

	// 局机关: road greens, street trees, parks, one old tree.
	add("GA-005", "攀枝花大道西段中央分隔带绿地（玉泉—清香坪段）", "道路绿地", unitBureau, "2009-10-15", 90, "", strip("攀枝花大道西段", 0.22, 0.33, 0, 2.5))
	add("GA-006", "攀枝花大道西段中央分隔带绿地（陶家渡段）", "道路绿地", unitBureau, "2012-11-20", 95, "", strip("攀枝花大道西段", 0.02, 0.10, 0, 2.5))
	add("GA-007", "苏铁西路行道树（北侧）", "行道树", unitBureau, "2006-06-30", 60, "小叶榕、攀枝花树", strip("苏铁西路", 0, 1, 8.5, 1.5))
	add("GA-008", "苏铁西路行道树（南侧）", "行道树", unitBureau, "2006-06-30", 60, "小叶榕、攀枝花树", strip("苏铁西路", 0, 1, -8.5, 1.5))
	add("GA-009", "河门口大街行道树", "行道树", unitBureau, "2014-04-18", 70, "蓝花楹", strip("河门口大街", 0, 1, 4.5, 1.5))
	add("GA-010", "格里坪公园", "公共绿地", unitBureau, "2011-06-30", 150, "", poly(pt{101.5612, 26.6358},
		[]xy{{-45, -30}, {5, -42}, {46, -25}, {44, 20}, {10, 38}, {-40, 28}}, 1))
	add("GA-011", "陶家渡滨江绿地", "公共绿地", unitBureau, "2020-06-30", 260, "随陶家渡污水处理厂建设", strip("陶家渡滨江路", 0.05, 0.45, -14, 8))
	add("GA-012", "清香坪古攀枝花树", "古树名木", unitBureau, "1960-01-01", 0, "木棉（攀枝花树），树冠投影面积", circle(pt{101.5962, 26.6046}, 7.5, 16))
}

// ---------------------------------------------------------------------------------------
// Sewer pipes and facilities

const pipes2020 = 1340000 // 13.4 km of new 污水 mains, in hundredths of a metre

type pipeRun struct {
	street         string
	f0, f1, off    float64
	kind, material string
	dn             int
	start          string
	price          int64 // 分 per metre; 0 when unknown
	seg            float64
	note           string
}

func (g *gen) buildFacilities() {
	f := func(code, name, kind, capacity string, p pt, start string, value int64, note string) {
		g.facilities = append(g.facilities, facility{code, name, kind, capacity, unitBureau, p, start, yuan(value), note})
	}
	f("SF-001", "陶家渡污水处理厂", "污水处理厂", "设计规模2万立方米/日", pt{101.6393, 26.5710}, "2020-06-30", 52800000, "2020年建成投用")
	f("SF-002", "河门口污水提升泵站", "泵站", "0.6万立方米/日", pt{101.5713, 26.6103}, "2020-05-20", 2680000, "")
	f("SF-003", "格里坪污水提升泵站", "泵站", "0.4万立方米/日", pt{101.5551, 26.6312}, "2020-04-28", 2150000, "")
	f("SF-004", "清香坪污水提升泵站", "泵站", "1.2万立方米/日", pt{101.5931, 26.5996}, "2020-06-12", 3460000, "")
	f("SF-005", "玉泉污水提升泵站", "泵站", "0.8万立方米/日", pt{101.6188, 26.5812}, "2020-07-08", 2870000, "")
}

func (g *gen) buildPipes() {
	runs := []pipeRun{
		{"攀枝花大道西段", 0, 1, 8, "雨水", "钢筋混凝土", 1000, "2009-10-15", 90000, 80, ""},
		{"攀枝花大道西段", 0.40, 1, -3, "合流", "钢筋混凝土", 600, "1988-06-30", 0, 60, "老城区合流管，原值不详"},
		{"攀枝花大道西段", 0, 0.48, -8, "污水", "HDPE", 500, "2020-08-28", 210000, 80, "2020年污水管网补网工程，污水主干管"},
		{"苏铁西路", 0, 1, 6, "雨水", "钢筋混凝土", 800, "2006-06-30", 72000, 70, ""},
		{"苏铁西路", 0, 1, -6, "污水", "钢筋混凝土", 400, "2006-06-30", 48000, 60, ""},
		{"清香坪大街", 0, 1, 3, "合流", "钢筋混凝土", 500, "1995-09-30", 0, 50, "原值不详"},
		{"清香坪大街", 0, 1, -5, "污水", "HDPE", 300, "2020-10-16", 158000, 50, "2020年污水管网补网工程"},
		{"清香坪东街", 0, 1, 4, "雨水", "钢筋混凝土", 600, "2013-09-12", 62000, 60, ""},
		{"清香坪东街", 0, 1, -4, "污水", "HDPE", 400, "2013-09-12", 52000, 60, ""},
		{"清香坪西街", 0, 1, 2, "合流", "钢筋混凝土", 400, "1990-07-30", 0, 50, "原值不详"},
		{"清香坪西街", 0, 1, -3, "雨水", "PVC-U", 400, "2016-05-26", 38000, 50, ""},
		{"宝鼎路", 0, 1, 2, "合流", "钢筋混凝土", 400, "1992-05-30", 0, 50, "原值不详"},
		{"宝鼎路", 0, 1, -4, "污水", "HDPE", 400, "2020-07-30", 176000, 60, "2020年污水管网补网工程"},
		{"河门口大街", 0, 1, 2, "合流", "钢筋混凝土", 600, "1985-12-30", 0, 50, "原值不详"},
		{"河门口大街", 0, 1, 5, "雨水", "钢筋混凝土", 600, "2014-04-18", 60000, 60, ""},
		{"河门口大街", 0, 1, -4, "污水", "HDPE", 300, "2020-06-29", 158000, 50, "2020年污水管网补网工程"},
		{"河门口北路", 0, 1, 2, "合流", "钢筋混凝土", 400, "1985-12-30", 0, 50, "原值不详"},
		{"格里坪大道", 0, 1, 5, "雨水", "钢筋混凝土", 600, "2017-07-21", 64000, 60, ""},
		{"格里坪大道", 0, 1, -5, "污水", "HDPE", 400, "2017-07-21", 50000, 60, ""},
		{"格里坪镇大街", 0, 1, 2, "合流", "钢筋混凝土", 400, "1980-10-01", 0, 50, "原值不详"},
		{"格里坪镇大街", 0, 1, -3, "污水", "PVC-U", 300, "2020-05-29", 142000, 50, "2020年污水管网补网工程"},
		{"玉泉路", 0, 1, 5, "雨水", "钢筋混凝土", 600, "2019-06-28", 66000, 60, ""},
		{"玉泉路", 0, 1, -5, "污水", "HDPE", 400, "2019-06-28", 56000, 60, ""},
		{"玉泉街", 0, 1, 2, "合流", "钢筋混凝土", 500, "1998-08-30", 0, 50, "原值不详"},
		{"玉泉街", 0, 1, -4, "雨水", "钢筋混凝土", 400, "2015-08-20", 42000, 50, ""},
		{"陶家渡路", 0, 1, -5, "污水", "钢筋混凝土", 800, "2020-09-10", 260000, 80, "2020年污水管网补网工程，陶家渡污水处理厂进厂干管"},
		{"陶家渡路", 0, 1, 5, "雨水", "钢筋混凝土", 600, "2012-05-30", 58000, 60, ""},
		{"陶家渡滨江路", 0, 1, 5, "雨水", "钢筋混凝土", 800, "2012-05-30", 70000, 70, ""},
		{"陶家渡滨江路", 0, 1, -5, "污水", "HDPE", 400, "2012-05-30", 52000, 60, ""},
		{"清香坪一巷", 0, 1, 0, "合流", "PVC-U", 300, "2008-11-30", 28000, 40, ""},
		{"清香坪二巷", 0, 1, 0, "合流", "PVC-U", 300, "2008-11-30", 28000, 40, ""},
		{"苏铁巷", 0, 1, 0, "合流", "PVC-U", 300, "2008-11-30", 28000, 40, ""},
		{"河门口老街巷", 0, 1, 0, "合流", "钢筋混凝土", 300, "1986-06-30", 0, 40, "原值不详"},
		{"格里坪老街巷", 0, 1, 0, "合流", "钢筋混凝土", 300, "1982-06-30", 0, 40, "原值不详"},
		{"玉泉巷", 0, 1, 0, "合流", "PVC-U", 300, "2010-10-30", 26000, 40, ""},
	}
	n := 0
	add := func(r pipeRun, line []pt) {
		n++
		l := centi(lineLength(line))
		g.pipes = append(g.pipes, pipe{fmt.Sprintf("PS-%04d", n), r.kind, r.material, r.dn, l, unitBureau, r.start,
			fen((l*r.price + 50) / 100), r.note, line})
	}
	var sum2020 int64
	for _, r := range runs {
		line := subFrac(offset(streetXY(r.street), r.off), r.f0, r.f1)
		l := polyLen(line)
		k := max(1, int(math.Round(l/r.seg)))
		for i := 0; i < k; i++ {
			part := toPts(subDist(line, l*float64(i)/float64(k), l*float64(i+1)/float64(k)))
			add(r, part)
			if strings.HasPrefix(r.start, "2020") {
				sum2020 += g.pipes[len(g.pipes)-1].length
			}
		}
	}
	// The last 2020 main: 玉泉泵站's pressure main, as long as the 13.4 km need.
	need := pipes2020 - sum2020
	if need < 20000 || need > 150000 {
		fail("pipes: the fitted pressure main would be %s m long", fmtCenti(need))
		return
	}
	a1 := streetXY("攀枝花大道西段")
	dir := xy{a1[1].X - a1[2].X, a1[1].Y - a1[2].Y} // along the avenue towards 陶家渡
	dl := math.Hypot(dir.X, dir.Y)
	o := district.xy(g.facilities[4].p)
	end := xy{o.X + dir.X/dl*float64(need)/100, o.Y + dir.Y/dl*float64(need)/100}
	line := fitLine(toPts([]xy{o, end}), need)
	add(pipeRun{kind: "污水", material: "钢管", dn: 300, start: "2020-07-08", price: 120000,
		note: "2020年污水管网补网工程，玉泉污水提升泵站压力出水管"}, line)
}

// ---------------------------------------------------------------------------------------
// Roads

const (
	carriageArea = 5000000 // 车行道 + 巷道: 50000.00 ㎡
	walkArea     = 8800000 // 人行道: 88000.00 ㎡
)

type roadDef struct {
	name, street, kind string
	f0, f1, off, width float64
	start              string
	perM2              int64 // 分 per ㎡; 0 when unknown
	note               string
}

func (g *gen) buildRoads() {
	defs := []roadDef{
		{"清香坪大街", "清香坪大街", "车行道", 0, 1, 0, 12, "2003-09-30", 0, "沥青混凝土路面，原值不详"},
		{"清香坪东街", "清香坪东街", "车行道", 0, 1, 0, 10, "2013-09-12", 32000, "沥青混凝土路面"},
		{"清香坪西街", "清香坪西街", "车行道", 0, 1, 0, 8, "1990-07-30", 0, "水泥混凝土路面，原值不详"},
		{"河门口大街", "河门口大街", "车行道", 0, 1, 0, 6, "1985-12-30", 0, "水泥混凝土路面，原值不详"},
		{"清香坪一巷", "清香坪一巷", "巷道", 0, 1, 0, 4, "2008-11-30", 18000, ""},
		{"清香坪二巷", "清香坪二巷", "巷道", 0, 1, 0, 4, "2008-11-30", 18000, ""},
		{"苏铁巷", "苏铁巷", "巷道", 0, 1, 0, 3.5, "2008-11-30", 18000, ""},
		{"河门口老街巷", "河门口老街巷", "巷道", 0, 1, 0, 3.5, "1986-06-30", 0, "原值不详"},
		{"格里坪老街巷", "格里坪老街巷", "巷道", 0, 1, 0, 3.5, "1982-06-30", 0, "原值不详"},
		{"玉泉巷", "玉泉巷", "巷道", 0, 1, 0, 4, "2010-10-30", 18000, ""},
		{"格里坪镇大街", "格里坪镇大街", "车行道", 0, 1, 0, 6, "1980-10-01", 0, "水泥混凝土路面，宽度按面积折算，原值不详"}, // fitted
		{"攀枝花大道西段人行道（陶家渡—玉泉段）", "攀枝花大道西段", "人行道", 0, 0.19, 0, 8, "2012-11-20", 26000, "两侧合计，单侧宽4米"},
		{"攀枝花大道西段人行道（玉泉—清香坪段）", "攀枝花大道西段", "人行道", 0.19, 0.50, 0, 8, "2009-10-15", 22000, "两侧合计，单侧宽4米"},
		{"攀枝花大道西段人行道（清香坪—河门口段）", "攀枝花大道西段", "人行道", 0.50, 0.72, 0, 6, "2009-10-15", 22000, "两侧合计，单侧宽3米"},
		{"苏铁西路人行道", "苏铁西路", "人行道", 0, 1, 0, 4, "2006-06-30", 0, "两侧合计，原值不详"},
		{"清香坪大街人行道", "清香坪大街", "人行道", 0, 1, 0, 5, "2003-09-30", 0, "两侧合计，原值不详"},
		{"清香坪东街人行道", "清香坪东街", "人行道", 0, 1, 0, 4, "2013-09-12", 24000, "两侧合计"},
		{"河门口大街人行道", "河门口大街", "人行道", 0, 1, 0, 3, "2014-04-18", 24000, "两侧合计（2014年改造）"},
		{"玉泉路人行道", "玉泉路", "人行道", 0, 1, 0, 3.5, "2019-06-28", 26000, "两侧合计，宽度按面积折算"}, // fitted
	}
	var sumCar, sumWalk int64
	for i, d := range defs {
		line := toPts(subFrac(offset(streetXY(d.street), d.off), d.f0, d.f1))
		l := centi(lineLength(line))
		area := int64(math.Round(float64(l) * d.width))
		walk := d.kind == "人行道"
		lastOfGroup := i == len(defs)-1 || (!walk && defs[i+1].kind == "人行道")
		if lastOfGroup {
			if walk {
				area = walkArea - sumWalk
			} else {
				area = carriageArea - sumCar
			}
			w := float64(area) / float64(l)
			expect(w > d.width*0.8 && w < d.width*1.25, "roads: fitted %s is %.2f m wide, planned %.1f", d.name, w, d.width)
		}
		if walk {
			sumWalk += area
		} else {
			sumCar += area
		}
		g.roads = append(g.roads, road{fmt.Sprintf("RD-%03d", i+1), d.name, d.kind, area, l, unitBureau, d.start,
			fen((area*d.perM2 + 50) / 100), d.note, line})
	}
}

// ---------------------------------------------------------------------------------------
// Projects and indicators

var disclosedProjects = []project{
	{code: "2020-001", year: 2020, name: "春节亮化氛围营造项目", unit: unitBureau, fn: "2120199",
		budget: yuan(264500), fiscal: yuan(264500),
		goal:    "极力进行喜庆、祥和的春节氛围打造，提高群众的生活幸福感，促进可持续发展。",
		result:  "完成了1.一条重要路线：攀西商厦至十二中路口。2.六个重点点位：开放之门、宝鼎金沙、东盟国际商贸城、二医院、区政府、玉泉广场。",
		summary: "通过项目实施，不仅解决了民生问题，更提升了城市形象和品位，为全区人民创造了优美舒适的生活环境。下一步将进一步完善造型制作及亮化，顺应民声，增添市民的幸福指数。",
	},
	{code: "2020-002", year: 2020, name: "西区绿化管护项目", unit: unitBureau, fn: "2120199",
		budget: yuan(395100), fiscal: yuan(395100),
		goal:    "通过对辖区绿化绿化管护，保障西区绿化整齐、创造良好社会环境，改善人居环境，提升群众幸福度",
		result:  "已完成",
		summary: "通过项目实施，对辖区绿地进行补植补栽修剪树木、清理枯枝落叶等整治项目，组织施工单位对辖区行道树、绿地进行病虫害治理，清除树木菟丝子，清理枯树、危树，保护环境，增加绿化面积，提升攀枝花品牌形象。下一步将进一步改善环境质量，美化城区绿化景观。",
	},
	{code: "2020-003", year: 2020, name: "路灯电费及维修项目", unit: unitBureau, fn: "2120199",
		budget: yuan(150000), fiscal: yuan(150000),
		goal:     "通过对辖区管辖市政照明设施的维修管护，保障市政照明设施功能完好，营造良好的生活环境，提升人民群众的满意度。",
		result:   "顺利完成工作任务",
		summary:  "通过项目实施，保障了通电路灯及时维修，保障居民夜间出行。",
		problems: "由于城市建设日新月异，路灯的迁移、维护维修工作负荷增加，需进一步加强路灯的维护维修管理，从而更好地为路灯管理维护部门在创建和谐文明整洁的西区建设中发挥作用。",
	},
	{code: "2020-004", year: 2020, name: "西区数字化城管信息平台运行项目", unit: unitBureau, fn: "2120199",
		budget: yuan(478700), fiscal: yuan(478700),
		goal:      "完成案件的派遣、批转、回复工作；完成市级下达的目标任务，完成处置数，提高处置率",
		result:    "全区总上报数20721条，处置数19245条，处置率92.88%，按期处置数14129条，按期处置率68.19%。较2019年全区各单位处置率、按期处置率整体提升。西区共接到市12345热线工单898件，已处理898件，回复率100%。",
		summary:   "通过项目实施，保障对全区数字城管区域内的事件、部件信息进行更新、采集、上报、核实，对接听、上报的案件进行派遣、回访等工作，保证了数字城管系统的有序运行。",
		problems:  "资金不能及时到位。",
		nextSteps: "加强与财政之间的沟通联系，争取资金能及时到位。",
	},
	{code: "2020-005", year: 2020, name: "市政道路及人行道附属设施维修、户外广告管理项目", unit: unitBureau, fn: "2120199",
		budget: yuan(69100), fiscal: yuan(69100),
		goal:    "1、通过对辖区管辖市政道路及附属设施的维修管护，保障市政基础设施功能完好，营造良好的生活环境，提升人民群众的满意度。2、全面推进创建全国文明城市，确保各项任务推进落实。整治市容市貌，营造整洁有序的生活环境。",
		result:  "全年超预算完成任务",
		summary: "通过项目实施，对管辖范围内的市政道路及人行道附属设施维修、户外广告进行了维护维修及对存在安全隐患的广告位进行了拆除，保障了管辖范围内的户外广告整洁规范，提升了西区的城市形象。",
	},
}

// indicatorRows: level1, level2, level3, target, actual — word for word from the seed's tables.
var indicatorRows = map[string][][5]string{
	"2020-001": {
		{"项目完成指标", "数量指标", "春节亮化氛围营造", "1.一条重要路线：攀西商厦至十二中路口。2.六个重点点位", "全部完成"},
		{"项目完成指标", "质量指标", "营造出喜庆、祥和的节日氛围", "兑现群众所诉的春节氛围不浓现状，极力进行喜庆、祥和的春节氛围打造。", "全部完成"},
		{"项目完成指标", "时效指标", "按计划推进", "2020年春节前", "全部完成"},
		{"项目完成指标", "成本指标", "春节亮化氛围营造", "完成重点线路及点位打造", "全部完成"},
		{"效益指标", "社会效益", "进一步提升城市品位", "", ""},
		{"满意度指标", "满意度指标", "群众满意度", "抽样调查达到基本满意及以上", "90%"},
	},
	"2020-002": {
		{"产出指标", "数量指标", "卫生整洁、绿化整齐、花径幽深、花道艳丽", "按照攀枝花市园林绿化管护标准对西区7000平方米绿地进行日常管护", "已完成"},
		{"项目完成指标", "质量指标", "营造良好社会环境", "及时掌握群众安全感关注的内容进行整治，营造良好的治安环境", "已完成"},
		{"项目完成指标", "时效指标", "全年按计划进行", "全年绿化管护", "已完成"},
		{"项目完成指标", "成本指标", "绿地浇灌水费、应急抢险扶正倒树、清理枯枝、突击检查清理等、绿地及行道树管护", "40万元", "39.51万元"},
		{"项目完成指标", "社会效益指标", "提升群众满意度", "改善环境气候条件，增大空气中的湿度，建造宜居城市", "已完成"},
		{"满意度指标", "服务对象满意度指标", "群众满意度", "抽样调查达到基本满意及以上", "达到满意"},
	},
	"2020-003": {
		{"项目完成指标", "数量指标", "管辖通电路灯、太阳能路灯及线路维修维护、电费", "950盏", ""}, // bound: lamps.count
		{"项目完成指标", "质量指标", "通过日常管护，确保市政路灯正常照明，亮化辖区道路", "正常照明", "已完成"},
		{"项目完成指标", "时效指标", "全年按计划进行", "2020年", "已完成"},
		{"项目完成指标", "成本指标", "管辖通电路灯、太阳能路灯及线路维修维护、电费", "路灯维修维护费、电费等", "已完成"},
		{"效益指标", "社会效益指标", "营造良好的生活环境，方便居民出行", "营造良好的生活环境，方便居民出行", "达到路灯正常照明的效果，方便居民出行"},
		{"满意度指标", "服务对象满意度指标", "群众满意度", "抽样调查达到基本满意及以上", "90%"},
	},
	"2020-004": {
		{"项目完成指标", "数量指标", "数字城管案件处理", "每天约120条案件，全年数字城管案件约40000条", "全部完成"},
		{"项目完成指标", "数量指标", "12345市民热线处理", "每天市民投诉约8条，全年12345市民热线投诉约200条", "全部完成"},
		{"项目完成指标", "质量指标", "处理各类城市管理问题", "解决百姓需求、诉求，改善全区城市环境，提升城市形象", "已完成"},
		{"项目完成指标", "时效指标", "数字城管信息管理平台", "2020年", "已完成"},
		{"项目完成指标", "成本指标", "西区数字化城市管理信息系统项目运行经费", "47.87万元", "已完成"},
		{"效益指标", "社会效益", "维持社会秩序", "主动发现群众身边环境问题，要求部门按时效进行处置，提升西区人居环境", "维持了社会秩序"},
		{"满意度指标", "服务对象满意度指标", "年结案率90%左右", "年结案率90%左右", "群众较满意"},
	},
	"2020-005": {
		{"项目完成指标", "数量指标", "道路路面零星修补维护", "辖区市政道路及巷道路面约5万平米，日常管护零星维修", "全部完成"},
		{"项目完成指标", "", "人行道、路沿石等维修维护费", "辖区人行道、路沿石约8.8万平米，日常管护零星维修", "全部完成"},
		{"项目完成指标", "", "创文公益性广告以及宣传专栏；拆除影响市容市貌的户外广告", "公益广告通稿6幅以上，本市自行设计创作主题公益广告2幅以上。每季度至少开展1次专项整治，重要节点加大频次。", "全部完成"},
		{"项目完成指标", "质量指标", "公共基础设施管护", "保障道路及人行道平整，无坑洼、拥包、破损等，附属设施无破损", "全部完成"},
		{"项目完成指标", "时效指标", "2020年", "2020年", "全年"},
		{"效益指标", "社会效益指标", "推进文明建设的力度", "通过日常管护，确保市政基础设施完好，清理清除破旧广告提升市容环境", "全部完成"},
		{"满意度指标", "服务对象满意度指标", "群众满意度", "抽样调查达到基本满意及以上", "80%"},
	},
}

// undisclosed: the other 2020 budget lines (invented), with what their records add up to.
var undisclosedProjects = []project{
	{code: "2020-006", name: "绿化日常管护项目", unit: unitBureau, fn: "2120199", budget: yuan(560000), exec: yuan(548200),
		goal: "对局机关管理的道路绿地、行道树和公园绿地进行日常修剪、除草、补植和浇灌。"},
	{code: "2020-007", name: "春节慰问一线职工项目", unit: unitSanit, fn: "2120199", budget: yuan(80000), exec: yuan(80000),
		goal: "春节期间慰问坚守岗位的一线环卫、绿化职工。"},
	{code: "2020-008", name: "生活垃圾分类项目", unit: unitSanit, fn: "2120199", budget: yuan(250000), exec: yuan(235600),
		goal: "在清香坪和河门口片区部分社区开展生活垃圾分类示范点建设，实施餐厨废弃物集中收转运。"},
	{code: "2020-009", name: "排水管网清掏疏浚项目", unit: unitBureau, fn: "2120199", budget: yuan(120000), exec: yuan(118400),
		goal: "清理排水沟和雨水、合流管道淤积，更换破损井盖和雨水箅子。"},
	{code: "2020-010", name: "污水管网补网工程项目", unit: unitBureau, fn: "2129999", budget: yuan(3200000), exec: yuan(2865000),
		goal: "基本完成主城区污水管网补网工作，新建污水管网13.4公里（区级配套资金）。"},
	{code: "2020-011", name: "陶家渡污水处理厂及泵站运行项目", unit: unitBureau, fn: "2129999", budget: yuan(1500000), exec: yuan(1247300),
		goal: "保障陶家渡污水处理厂和4个污水提升泵站投用后的运行。"},
	{code: "2020-012", name: "环卫作业车辆运行项目", unit: unitSanit, fn: "2120199", budget: yuan(1350000), exec: yuan(1312650),
		goal: "保障环卫作业车辆燃料、维修和保险，完成垃圾清运和道路冲洗洒水。"},
	{code: "2020-013", name: "城市防洪项目", unit: unitBureau, fn: "2120199", budget: yuan(200000), exec: yuan(186500),
		goal: "汛期排水设施巡查、防汛物资储备和雨水管道抢修。"},
	{code: "2020-014", name: "公益广告宣传维护项目", unit: unitBureau, fn: "2120199", budget: yuan(150000), exec: yuan(150000),
		goal: "创建全国文明城市公益广告的制作、更换和维护。"},
	{code: "2020-015", name: "河门口石灰石矿片区综合整治项目", unit: unitBureau, fn: "2129999", budget: yuan(1800000), exec: yuan(1650000),
		goal: "完成河门口石灰石矿片区综合整治。"},
	{code: "2020-016", name: "生活垃圾堆场封场及渗滤液处置项目", unit: unitSanit, fn: "2129999", budget: yuan(2600000), exec: yuan(1980000),
		goal: "完成生活垃圾堆场封场及渗滤液处置项目建设并试运行。"},
	{code: "2020-017", name: "城市巡查及综合执法项目", unit: unitBureau, fn: "2120199", budget: yuan(300000), exec: yuan(296000),
		goal: "强化城市日常巡查，治理占道经营，清理不规范摆摊和违规户外广告。"},
	{code: "2020-018", name: "疫情防控环卫消杀项目", unit: unitSanit, fn: "2299999", budget: yuan(180000), other: yuan(20000), exec: yuan(180000),
		goal: "环卫设施消杀、隔离点垃圾清运和废弃口罩收集处置。"},
	{code: "2020-019", name: "行道树病虫害防治项目", unit: unitGarden, fn: "2120199", budget: yuan(90000), exec: yuan(87600),
		goal: "辖区行道树和道路绿地病虫害防治。"},
}

// boundIndicators are the indicator rows whose actual value the registers compute
// (project/position → binding): the lamps held, and the 成本指标 of 西区绿化管护, whose
// seed value 39.51万元 is the project's executed amount.
var boundIndicators = map[string]string{
	"2020-003/1": "lamps.count",
	"2020-002/4": "records.cost project=2020-002",
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func (g *gen) buildProjects() {
	for _, p := range disclosedProjects {
		p.other = 0
		p.disclosed = true
		// The seed: 5 projects monitored (绩效监控) and 5 self-evaluated (绩效自评).
		p.monitored, p.selfEvaluated = true, true
		p.preAssessed = contains(preAssessedProjects, p.code)
		p.exec = p.budget
		g.projects = append(g.projects, p)
		for i, r := range indicatorRows[p.code] {
			in := indicator{p.code, p.year, i + 1, r[0], r[1], r[2], r[3], r[4], ""}
			if b, ok := boundIndicators[p.code+"/"+strconv.Itoa(i+1)]; ok {
				in.binding, in.actual = b, ""
			}
			g.indicators = append(g.indicators, in)
		}
	}
	for _, p := range undisclosedProjects {
		p.year = 2020
		p.fiscal = p.budget - p.other
		p.preAssessed = contains(preAssessedProjects, p.code)
		g.projects = append(g.projects, p)
	}
}

// ---------------------------------------------------------------------------------------
// Maintenance records

// spread sets the costs of rs so that they add up to total exactly, in proportion to
// their raw estimates (largest remainder on 分).
func spread(total fen, rs []*rec) {
	var sum int64
	for _, r := range rs {
		if r.w <= 0 {
			panic("spread: weight must be positive")
		}
		sum += r.w
	}
	type rem struct {
		i int
		r int64
	}
	var left = int64(total)
	rems := make([]rem, len(rs))
	for i, r := range rs {
		share := int64(total) * r.w / sum
		r.cost = fen(share)
		left -= share
		rems[i] = rem{i, int64(total) * r.w % sum}
	}
	sort.SliceStable(rems, func(a, b int) bool { return rems[a].r > rems[b].r })
	for k := 0; left > 0; k++ {
		rs[rems[k%len(rems)].i].cost++
		left--
	}
}

// split divides a whole quantity among parts in proportion to weights (largest remainder).
func split(total int64, weights []int64) []int64 {
	var sum int64
	for _, w := range weights {
		sum += w
	}
	out := make([]int64, len(weights))
	type rem struct {
		i int
		r int64
	}
	rems := make([]rem, len(weights))
	left := total
	for i, w := range weights {
		out[i] = total * w / sum
		left -= out[i]
		rems[i] = rem{i, total * w % sum}
	}
	sort.SliceStable(rems, func(a, b int) bool { return rems[a].r > rems[b].r })
	for k := 0; left > 0; k++ {
		out[rems[k%len(rems)].i]++
		left--
	}
	return out
}

func (g *gen) add(rs ...*rec) {
	for _, r := range rs {
		if r.funding == "" {
			r.funding = "财政拨款"
		}
		g.recs = append(g.recs, r)
	}
}

func (g *gen) project(code string) project {
	for _, p := range g.projects {
		if p.code == code {
			return p
		}
	}
	panic("no project " + code)
}

func (g *gen) greenByCode(code string) green {
	for _, x := range g.greens {
		if x.code == code {
			return x
		}
	}
	panic("no green " + code)
}

// Contractors (invented).
const (
	cFuel      = "中石化清香坪加油站"
	cInsure    = "人保财险攀枝花分公司"
	cGarage    = "攀枝花市西区顺达汽车修理厂"
	cToll      = "四川高速公路ETC"
	cLighting  = "攀枝花市西区光明照明工程有限公司"
	cGrid      = "国网攀枝花供电公司"
	cGarden    = "攀枝花市绿源园林工程有限公司"
	cGarden2   = "攀枝花市西区青山绿化养护有限公司"
	cWater     = "攀枝花市水务（集团）有限公司"
	cFestival  = "攀枝花市华彩灯饰工程有限公司"
	cDigital   = "攀枝花市数字化城市管理监督指挥中心"
	cCollector = "攀枝花市西区城管信息采集服务部"
	cRoads     = "攀枝花市西区路通市政工程有限公司"
	cAds       = "攀枝花市西区创意广告制作有限公司"
	cDrains    = "攀枝花市清源管道疏通服务有限公司"
	cSewerWork = "四川攀西建设工程有限公司"
	cPlant     = "攀枝花市西区陶家渡污水处理运营项目部"
	cChem      = "攀枝花市环宇水处理材料有限公司"
	cSanitGood = "攀枝花市西区环卫用品经营部"
	cLandfill  = "四川蓝天环境治理工程有限公司"
	cMine      = "攀枝花市西区河门口片区综合整治施工项目部"
	cDisinfect = "攀枝花市西区洁康消杀服务部"
	cPest      = "攀枝花市植保植物病虫害防治服务有限公司"
)

func (g *gen) buildRecords() {
	g.officialCarRecords()
	g.festivalRecords()
	g.gardenRecords()
	g.lampRecords()
	g.digitalRecords()
	g.roadRecords()
	g.greenDailyRecords()
	g.simpleRecords()
	g.drainRecords()
	g.sewerRecords()
	g.sanitationVehicleRecords()
	g.floodRecords()
	g.pestRecords()
	sort.SliceStable(g.recs, func(i, j int) bool {
		a, b := g.recs[i], g.recs[j]
		ka := []string{a.date, a.project, a.class, a.code, a.work, a.note}
		kb := []string{b.date, b.project, b.class, b.code, b.work, b.note}
		for k := range ka {
			if ka[k] != kb[k] {
				return ka[k] < kb[k]
			}
		}
		return false
	})
}

// Official cars: running costs without a project (基本支出).
func (g *gen) officialCarRecords() {
	year := func(y int, total fen, cars []string) {
		var rs []*rec
		for _, car := range cars {
			from := 1
			for _, v := range g.vehicles {
				if v.code == car && strings.HasPrefix(v.start, strconv.Itoa(y)) {
					from, _ = strconv.Atoi(v.start[5:7])
					from++
				}
			}
			fuel := int64(90000)
			if car != "CL-001" {
				fuel = 110000
			}
			for m := from; m <= 12; m++ {
				rs = append(rs, &rec{date: date(y, m, between(20, 28)), class: clVehicle, code: car, work: "燃料费",
					contractor: cFuel, note: fmt.Sprintf("%d月燃油费", m), w: fuel + int64(between(-150, 150))*100})
			}
			insDate := date(y, 5, 10)
			if from > 1 {
				insDate = date(y, from-1, 18)
			}
			ins := int64(360000)
			if car != "CL-001" {
				ins = 520000
			}
			rs = append(rs, &rec{date: insDate, class: clVehicle, code: car, work: "保险费", contractor: cInsure, note: "交强险及商业险", w: ins})
			repairs := 2
			if from > 1 {
				repairs = 1
			}
			for k := 0; k < repairs; k++ {
				m := between(from, 12)
				rs = append(rs, &rec{date: dayIn(y, m), class: clVehicle, code: car, work: "维修", contractor: cGarage,
					note: []string{"更换轮胎", "保养及更换机油", "更换刹车片", "空调维修"}[rng.IntN(4)], w: int64(between(800, 1800)) * 100})
			}
			for k := 0; k < 2; k++ {
				m := between(from, 12)
				rs = append(rs, &rec{date: dayIn(y, m), class: clVehicle, code: car, work: "过路过桥费", contractor: cToll,
					note: "执法检查往返通行费", w: int64(between(80, 220)) * 100})
			}
		}
		spread(total, rs)
		g.add(rs...)
	}
	year(2019, yuan(25000), []string{"CL-001"})
	year(2020, yuan(47100), []string{"CL-001", "CL-002", "CL-003"})
}

// 春节亮化氛围营造项目: classless costs of the festival lighting.
func (g *gen) festivalRecords() {
	p := "2020-001"
	var rs []*rec
	rs = append(rs, &rec{date: "2020-01-08", project: p, work: "其他", contractor: cFestival,
		note: "重要路线（攀西商厦至十二中路口）灯笼、中国结及灯串制作安装", w: 9800000})
	for i, spot := range []string{"开放之门", "宝鼎金沙", "东盟国际商贸城", "二医院", "区政府", "玉泉广场"} {
		rs = append(rs, &rec{date: date(2020, 1, 10+i), project: p, work: "其他", contractor: cFestival,
			note: "重点点位（" + spot + "）亮化造型制作安装", w: int64(between(1900, 2600)) * 1000})
	}
	rs = append(rs, &rec{date: "2020-02-20", project: p, work: "电费", contractor: cGrid, note: "春节亮化临时用电电费", w: 1100000})
	rs = append(rs, &rec{date: "2020-02-24", project: p, work: "其他", contractor: cFestival, note: "亮化设施拆除及收储", w: 1300000})
	spread(g.project(p).exec, rs)
	g.add(rs...)
}

// passes records a work type over green areas in passes (one record per area and pass).
// Each record's quantity is at most the area's own size.
func (g *gen) passes(project, work string, total int64, codes []string, months []int, contractor string, perM2 int64, note string) []*rec {
	type slot struct {
		code, date string
		capa       int64
	}
	var slots []slot
	for _, m := range months {
		for _, c := range codes {
			x := g.greenByCode(c)
			d := dayIn(2020, m)
			if x.start >= d {
				continue
			}
			slots = append(slots, slot{c, d, x.area / 100})
		}
	}
	ws := make([]int64, len(slots))
	for i, s := range slots {
		ws[i] = s.capa
	}
	qs := split(total, ws)
	var rs []*rec
	for i, s := range slots {
		if qs[i] > s.capa {
			fail("green work %s: %d ㎡ on %s exceeds its %d ㎡", work, qs[i], s.code, s.capa)
		}
		if qs[i] == 0 {
			continue
		}
		rs = append(rs, &rec{date: s.date, class: clGreen, code: s.code, project: project, work: work, qty: qs[i], qunit: "㎡",
			contractor: contractor, note: note, w: qs[i] * perM2})
	}
	return rs
}

var gardenCodes = []string{"GA-001", "GA-002", "GA-003", "GA-004"}

// 西区绿化管护项目: 园林中心's 7000 ㎡ (and the street trees' pests and emergencies).
func (g *gen) gardenRecords() {
	p := "2020-002"
	var rs []*rec
	rs = append(rs, g.passes(p, "修剪", 24000, gardenCodes, []int{3, 5, 7, 9}, cGarden, 300, "")...)
	rs = append(rs, g.passes(p, "除草", 14000, gardenCodes, []int{4, 6, 8}, cGarden, 150, "")...)
	rs = append(rs, g.passes(p, "补植", 200, gardenCodes, []int{3}, cGarden, 12000, "补栽补植灌木及地被")...)
	for _, c := range append(append([]string(nil), gardenCodes...), "GA-007", "GA-008") {
		x := g.greenByCode(c)
		rs = append(rs, &rec{date: dayIn(2020, 6), class: clGreen, code: c, project: p, work: "病虫害防治",
			qty: x.area / 100, qunit: "㎡", contractor: cGarden, note: "清除菟丝子、病虫害治理", w: x.area / 100 * 200})
	}
	for m := 1; m <= 12; m++ {
		rs = append(rs, &rec{date: date(2020, m, 25), class: clGreen, project: p, work: "其他", contractor: cWater,
			note: fmt.Sprintf("绿地浇灌水费（%d月）", m), w: int64(between(700, 1100)) * 1000})
	}
	rs = append(rs,
		&rec{date: "2020-07-14", class: clGreen, code: "GA-007", project: p, work: "其他", contractor: cGarden, note: "应急抢险扶正倒树", w: 650000},
		&rec{date: "2020-08-03", class: clGreen, code: "GA-009", project: p, work: "其他", contractor: cGarden, note: "应急抢险扶正倒树", w: 480000},
		&rec{date: "2020-11-16", class: clGreen, project: p, work: "其他", contractor: cGarden, note: "清理枯枝落叶、枯树危树及突击检查清理", w: 4200000},
	)
	spread(g.project(p).exec, rs)
	g.add(rs...)
}

// 路灯电费及维修项目: 110 repairs (one lamp each) and the monthly electricity bills.
func (g *gen) lampRecords() {
	p := "2020-003"
	var powered, solar []int
	for i, l := range g.lamps {
		if l.start >= "2020-01-01" {
			continue
		}
		if l.typ == "通电路灯" {
			powered = append(powered, i)
		} else {
			solar = append(solar, i)
		}
	}
	rng.Shuffle(len(powered), func(i, j int) { powered[i], powered[j] = powered[j], powered[i] })
	rng.Shuffle(len(solar), func(i, j int) { solar[i], solar[j] = solar[j], solar[i] })
	chosen := append(append([]int(nil), powered[:90]...), solar[:20]...)
	sort.Ints(chosen)
	var rs []*rec
	for _, i := range chosen {
		l := g.lamps[i]
		faults := []string{"更换LED光源", "更换镇流器", "更换电缆接头", "更换灯头", "线路故障检修", "更换单灯控制器"}
		base := int64(between(400, 1100))
		if l.typ == "太阳能路灯" {
			faults = []string{"更换蓄电池", "更换太阳能控制器", "更换光源", "太阳能板清洁检修"}
			base = int64(between(600, 1400))
		}
		rs = append(rs, &rec{date: dayIn(2020, between(1, 12)), class: clLamp, code: l.code, project: p, work: "维修",
			qty: 1, qunit: "盏", contractor: cLighting, note: faults[rng.IntN(len(faults))], w: base * 100})
	}
	nights := []int64{118, 112, 104, 96, 90, 88, 89, 94, 100, 108, 116, 120}
	for m := 1; m <= 12; m++ {
		rs = append(rs, &rec{date: date(2020, m, 26), class: clLamp, project: p, work: "电费", contractor: cGrid,
			note: fmt.Sprintf("路灯电费（%d月）", m), w: nights[m-1] * 6000})
	}
	spread(g.project(p).exec, rs)
	g.add(rs...)
}

// 西区数字化城管信息平台运行项目: platform running fees, no asset class.
func (g *gen) digitalRecords() {
	p := "2020-004"
	rs := []*rec{
		{date: "2020-06-30", project: p, work: "其他", contractor: cDigital, note: "缴纳2020年攀枝花市数字化城市管理信息系统项目运行经费（第一期）", w: 12000000},
		{date: "2020-10-30", project: p, work: "其他", contractor: cDigital, note: "缴纳2020年攀枝花市数字化城市管理信息系统项目运行经费（第二期）", w: 12000000},
		{date: "2020-12-28", project: p, work: "其他", contractor: cDigital, note: "缴纳2020年攀枝花市数字化城市管理信息系统项目运行经费（第三期）", w: 9870000},
	}
	for q := 1; q <= 4; q++ {
		rs = append(rs, &rec{date: date(2020, q*3, 28), project: p, work: "巡查", contractor: cCollector,
			note: fmt.Sprintf("数字城管事件、部件信息采集巡查服务费（第%s季度）", []string{"一", "二", "三", "四"}[q-1]), w: 3500000})
	}
	spread(g.project(p).exec, rs)
	g.add(rs...)
}

// 市政道路及人行道附属设施维修、户外广告管理项目: road repairs (㎡) and two advertising costs.
func (g *gen) roadRecords() {
	p := "2020-005"
	var rs []*rec
	for _, rd := range g.roads {
		if rng.IntN(3) == 0 && rd.kind != "人行道" {
			continue
		}
		q := int64(between(12, 60))
		note, price := "路面坑槽零星修补", int64(11000)
		if rd.kind == "人行道" {
			note, price = "人行道砖、路沿石零星维修", int64(9000)
		}
		rs = append(rs, &rec{date: dayIn(2020, between(3, 11)), class: clRoad, code: rd.code, project: p, work: "维修",
			qty: q, qunit: "㎡", contractor: cRoads, note: note, w: q * price})
	}
	rs = append(rs,
		&rec{date: "2020-05-12", project: p, work: "其他", contractor: cAds, note: "创文公益广告及宣传专栏制作更换（通稿6幅、自创主题2幅）", w: 900000},
		&rec{date: "2020-09-22", project: p, work: "其他", contractor: cAds, note: "存在安全隐患及违规户外广告位拆除（专项整治）", w: 600000},
	)
	spread(g.project(p).exec, rs)
	g.add(rs...)
}

// 绿化日常管护项目: 局机关's green areas.
func (g *gen) greenDailyRecords() {
	p := "2020-006"
	codes := []string{"GA-005", "GA-006", "GA-007", "GA-008", "GA-009", "GA-010", "GA-011"}
	var rs []*rec
	rs = append(rs, g.passes(p, "修剪", 41330-24000, codes, []int{4, 10}, cGarden2, 280, "")...)
	rs = append(rs, g.passes(p, "除草", 24000-14000, codes, []int{5, 8}, cGarden2, 140, "")...)
	rs = append(rs, g.passes(p, "补植", 350-200, []string{"GA-005", "GA-006", "GA-009"}, []int{11}, cGarden2, 11000, "补栽补植行道树及灌木")...)
	for m := 1; m <= 12; m++ {
		rs = append(rs, &rec{date: date(2020, m, 22), class: clVehicle, code: "CL-008", project: p, work: "燃料费", contractor: cFuel,
			note: fmt.Sprintf("绿化洒水车%d月燃油费", m), w: int64(between(2600, 3400)) * 100})
	}
	rs = append(rs, &rec{date: "2020-03-16", class: clVehicle, code: "CL-008", project: p, work: "保险费", contractor: cInsure, note: "绿化洒水车保险", w: 480000})
	for m := 1; m <= 12; m++ {
		rs = append(rs, &rec{date: date(2020, m, 25), class: clGreen, project: p, work: "其他", contractor: cWater,
			note: fmt.Sprintf("绿地浇灌水费（%d月）", m), w: int64(between(800, 1200)) * 1000})
	}
	for q := 1; q <= 4; q++ {
		rs = append(rs, &rec{date: date(2020, q*3, 20), class: clGreen, project: p, work: "其他", contractor: cGarden2,
			note: fmt.Sprintf("绿地日常管护劳务费（第%s季度）", []string{"一", "二", "三", "四"}[q-1]), w: 6500000})
	}
	spread(g.project(p).exec, rs)
	g.add(rs...)
}

// Projects whose records belong to no asset class.
func (g *gen) simpleRecords() {
	type item struct {
		date, work, contractor, note string
		w                            int64
		funding                      string
	}
	one := func(p string, items []item) {
		var rs []*rec
		for _, it := range items {
			rs = append(rs, &rec{date: it.date, project: p, work: it.work, contractor: it.contractor, note: it.note, w: it.w, funding: it.funding})
		}
		if p == "2020-018" { // fiscal and other funds are spread separately
			var fiscal, other []*rec
			for _, r := range rs {
				if r.funding == "其他资金" {
					other = append(other, r)
				} else {
					fiscal = append(fiscal, r)
				}
			}
			pr := g.project(p)
			spread(pr.fiscal, fiscal)
			spread(pr.other, other)
		} else {
			spread(g.project(p).exec, rs)
		}
		g.add(rs...)
	}
	one("2020-007", []item{
		{"2020-01-16", "其他", cSanitGood, "春节慰问一线环卫、绿化职工慰问品", 5000000, ""},
		{"2020-01-21", "其他", "", "春节慰问一线职工慰问金", 3000000, ""},
	})
	one("2020-008", []item{
		{"2020-04-22", "其他", cSanitGood, "垃圾分类宣传（第一次），宣传手袋100个、宣传单400份", 900000, ""},
		{"2020-06-05", "其他", cSanitGood, "垃圾分类宣传（第二次）", 400000, ""},
		{"2020-09-18", "其他", cSanitGood, "垃圾分类宣传（第三次）", 400000, ""},
		{"2020-11-20", "其他", cSanitGood, "垃圾分类宣传（第四次）", 400000, ""},
		{"2020-05-15", "其他", cSanitGood, "垃圾分类果皮箱84个", 5900000, ""},
		{"2020-05-28", "其他", cSanitGood, "三分类垃圾桶181个", 5400000, ""},
		{"2020-03-10", "其他", cSanitGood, "废旧口罩回收箱体94个", 2800000, ""},
		{"2020-10-30", "其他", cSanitGood, "餐厨废弃物集中收转运（10月）", 800000, ""},
		{"2020-11-30", "其他", cSanitGood, "餐厨废弃物集中收转运（11月）", 800000, ""},
		{"2020-12-30", "其他", cSanitGood, "餐厨废弃物集中收转运（12月）", 800000, ""},
	})
	one("2020-014", []item{
		{"2020-03-25", "其他", cAds, "公益广告制作更换（第一季度）", 3800000, ""},
		{"2020-06-24", "其他", cAds, "公益广告制作更换（第二季度）", 3600000, ""},
		{"2020-09-24", "其他", cAds, "公益广告维护（第三季度）", 3400000, ""},
		{"2020-12-24", "其他", cAds, "公益广告维护（第四季度）", 4200000, ""},
	})
	one("2020-015", []item{
		{"2020-04-30", "其他", cMine, "河门口石灰石矿片区综合整治工程进度款（第一期）", 50000000, ""},
		{"2020-07-31", "其他", cMine, "河门口石灰石矿片区综合整治工程进度款（第二期）", 60000000, ""},
		{"2020-10-30", "其他", cMine, "河门口石灰石矿片区综合整治工程进度款（第三期）", 40000000, ""},
		{"2020-12-18", "其他", cMine, "河门口石灰石矿片区综合整治复绿及扫尾", 15000000, ""},
	})
	one("2020-016", []item{
		{"2020-03-31", "其他", cLandfill, "生活垃圾堆场封场工程进度款（第一期）", 50000000, ""},
		{"2020-06-30", "其他", cLandfill, "生活垃圾堆场封场工程进度款（第二期）", 60000000, ""},
		{"2020-09-30", "其他", cLandfill, "渗滤液处置设施建设进度款", 50000000, ""},
		{"2020-11-30", "其他", cLandfill, "渗滤液处置试运行费用", 20000000, ""},
		{"2020-12-25", "其他", cLandfill, "渗滤液外运处置", 18000000, ""},
	})
	var patrol []item
	for m := 1; m <= 12; m++ {
		patrol = append(patrol, item{date(2020, m, 28), "巡查", "", fmt.Sprintf("城市管理协管员巡查劳务费（%d月）", m), 2300000, ""})
	}
	patrol = append(patrol,
		item{"2020-05-20", "其他", "", "占道经营、夜间烧烤专项整治", 800000, ""},
		item{"2020-08-14", "其他", "", "清香坪后山脏车整治", 600000, ""})
	one("2020-017", patrol)
	one("2020-018", []item{
		{"2020-02-05", "其他", cDisinfect, "环卫设施消杀（2月）", 4000000, ""},
		{"2020-03-05", "其他", cDisinfect, "环卫设施消杀（3月）", 3500000, ""},
		{"2020-04-05", "其他", cDisinfect, "环卫设施消杀（4月）", 2500000, ""},
		{"2020-03-20", "其他", "", "隔离点垃圾清运处理", 4000000, ""},
		{"2020-04-20", "其他", "", "废弃口罩收集清运处置", 2000000, ""},
		{"2020-02-12", "其他", "", "社会捐赠消毒物资（消毒液、喷雾器）", 2000000, "其他资金"},
	})
}

// 排水管网清掏疏浚项目: the 360 m of drains cleared, patrols, covers.
func (g *gen) drainRecords() {
	p := "2020-009"
	// drains (排水沟): older 雨水 and 合流 pipes up to DN800, each cleared stretch on another street's pipe
	var cands []int
	for i, x := range g.pipes {
		if (x.kind == "合流" || x.kind == "雨水") && x.dn <= 800 && x.start < "2020-01-01" {
			cands = append(cands, i)
		}
	}
	rng.Shuffle(len(cands), func(i, j int) { cands[i], cands[j] = cands[j], cands[i] })
	qs := []int64{60, 58, 55, 52, 50, 45, 40} // 360 米
	var rs []*rec
	used := map[string]bool{}
	for k, q := range qs {
		var x pipe
		for _, i := range cands {
			c := g.pipes[i]
			if c.length >= q*100 && !used[c.note+c.start+strconv.Itoa(c.dn)+c.kind] {
				x = c
				break
			}
		}
		if x.code == "" {
			fail("drains: no pipe left for %d 米 of clearing", q)
			continue
		}
		used[x.note+x.start+strconv.Itoa(x.dn)+x.kind] = true
		rs = append(rs, &rec{date: dayIn(2020, []int{3, 4, 5, 5, 6, 9, 11}[k]), class: clPipe, code: x.code, project: p, work: "清掏",
			qty: q, qunit: "米", contractor: cDrains, note: "清理排水沟淤泥", w: q * 16000})
	}
	for q := 1; q <= 4; q++ {
		rs = append(rs, &rec{date: date(2020, q*3, 15), class: clPipe, project: p, work: "巡查", contractor: cDrains,
			note: fmt.Sprintf("排水管网巡查（第%s季度）", []string{"一", "二", "三", "四"}[q-1]), w: 1200000})
	}
	rs = append(rs, &rec{date: "2020-07-06", class: clPipe, project: p, work: "更换", contractor: cDrains,
		note: "更换破损井盖、雨水箅子", w: 2600000})
	spread(g.project(p).exec, rs)
	g.add(rs...)
}

// 污水管网补网工程项目 and the plant's first months.
func (g *gen) sewerRecords() {
	p := "2020-010"
	var rs []*rec
	ws := []int64{45, 52, 48, 40, 38, 30, 22, 11}
	for i, w := range ws {
		rs = append(rs, &rec{date: date(2020, 4+i, 28), class: clPipe, project: p, work: "其他", contractor: cSewerWork,
			note: fmt.Sprintf("污水管网补网工程区级配套资金（第%d期）", i+1), w: w * 1000000})
	}
	spread(g.project(p).exec, rs)
	g.add(rs...)

	p = "2020-011"
	rs = nil
	for _, f := range g.facilities {
		from, _ := strconv.Atoi(f.start[5:7])
		for m := from + 1; m <= 12; m++ {
			w := int64(1800000)
			if f.kind == "泵站" {
				w = 300000
			}
			rs = append(rs, &rec{date: date(2020, m, 26), class: clFacility, code: f.code, project: p, work: "电费", contractor: cGrid,
				note: fmt.Sprintf("%s电费（%d月）", f.name, m), w: w})
		}
	}
	for _, m := range []int{7, 9, 11} {
		rs = append(rs, &rec{date: dayIn(2020, m), class: clFacility, code: "SF-001", project: p, work: "其他", contractor: cChem,
			note: "污水处理药剂（PAC、PAM）", w: 3200000})
	}
	for m := 8; m <= 12; m++ {
		rs = append(rs, &rec{date: date(2020, m, 30), class: clFacility, code: "SF-001", project: p, work: "其他", contractor: cPlant,
			note: fmt.Sprintf("试运行运营服务费（%d月）", m), w: 6000000})
	}
	rs = append(rs, &rec{date: "2020-12-15", class: clFacility, code: "SF-001", project: p, work: "其他", contractor: cPlant, note: "污泥外运处置", w: 2500000})
	spread(g.project(p).exec, rs)
	g.add(rs...)
}

// 环卫作业车辆运行项目: fuel, repairs and insurance of the sanitation fleet.
func (g *gen) sanitationVehicleRecords() {
	p := "2020-012"
	var rs []*rec
	for _, v := range g.vehicles {
		if v.unit != unitSanit || v.status != "在用" {
			continue
		}
		from := 1
		if strings.HasPrefix(v.start, "2020") {
			from, _ = strconv.Atoi(v.start[5:7])
			from++
		}
		work, unitW, what := "燃料费", int64(between(3200, 4600))*100, "燃油费"
		if v.body == "其他" {
			work, unitW, what = "电费", int64(between(120, 200))*100, "充电费"
		}
		for m := from; m <= 12; m++ {
			rs = append(rs, &rec{date: date(2020, m, 24), class: clVehicle, code: v.code, project: p, work: work, contractor: cFuel,
				note: fmt.Sprintf("%d月%s", m, what), w: unitW * int64(between(85, 115)) / 100})
			if work == "电费" {
				rs[len(rs)-1].contractor = cGrid
			}
		}
		insDate := dayIn(2020, between(1, 12))
		if from > 1 {
			insDate = v.start
		}
		rs = append(rs, &rec{date: insDate, class: clVehicle, code: v.code, project: p, work: "保险费", contractor: cInsure,
			note: "交强险及商业险", w: int64(between(4500, 7500)) * 100})
		if v.start < "2019-01-01" && rng.IntN(3) > 0 {
			rs = append(rs, &rec{date: dayIn(2020, between(from, 12)), class: clVehicle, code: v.code, project: p, work: "维修", contractor: cGarage,
				note: []string{"上装液压系统维修", "更换轮胎", "发动机维修", "二级维护", "更换水泵"}[rng.IntN(5)], w: int64(between(2000, 12000)) * 100})
		}
	}
	spread(g.project(p).exec, rs)
	g.add(rs...)
}

// 城市防洪项目: flood-season patrols of the pump stations, supplies, rain-pipe repairs.
func (g *gen) floodRecords() {
	p := "2020-013"
	rs := []*rec{{date: "2020-05-20", project: p, work: "其他", contractor: "", note: "防汛物资储备（沙袋、抽水泵、雨具）", w: 6000000}}
	for _, f := range g.facilities {
		if f.kind != "泵站" {
			continue
		}
		for _, m := range []int{7, 8, 9} {
			d := dayIn(2020, m)
			if d <= f.start {
				continue
			}
			rs = append(rs, &rec{date: d, class: clFacility, code: f.code, project: p, work: "巡查", contractor: cDrains,
				note: "汛期泵站巡查值守", w: 300000})
		}
	}
	var rain []int
	for i, x := range g.pipes {
		if x.kind == "雨水" && x.start < "2020-01-01" && x.length >= 4000 {
			rain = append(rain, i)
		}
	}
	for k := 0; k < 2; k++ {
		x := g.pipes[rain[rng.IntN(len(rain))]]
		q := int64(between(6, 18))
		rs = append(rs, &rec{date: dayIn(2020, 7+k), class: clPipe, code: x.code, project: p, work: "维修", qty: q, qunit: "米",
			contractor: cDrains, note: "汛期雨水管道抢修", w: q * 150000})
	}
	spread(g.project(p).exec, rs)
	g.add(rs...)
}

// 行道树病虫害防治项目 (园林中心).
func (g *gen) pestRecords() {
	p := "2020-019"
	var rs []*rec
	for _, m := range []int{4, 8} {
		for _, c := range []string{"GA-005", "GA-006", "GA-007", "GA-008", "GA-009"} {
			x := g.greenByCode(c)
			rs = append(rs, &rec{date: dayIn(2020, m), class: clGreen, code: c, project: p, work: "病虫害防治",
				qty: x.area / 100, qunit: "㎡", contractor: cPest, note: "行道树病虫害防治（喷药）", w: x.area / 100 * 180})
		}
	}
	spread(g.project(p).exec, rs)
	g.add(rs...)
}

// ---------------------------------------------------------------------------------------
// Output

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
		t.rows = append(t.rows, []string{l.code, l.typ, l.road, fmtNum(l.power), fmtNum(l.pole), l.start, l.value.String(), l.unit, fmtCoord(l.p.Lon), fmtCoord(l.p.Lat), "在用", "", l.note})
	}
	ts = append(ts, t)

	t = table{name: "green-areas.csv", header: []string{"code", "name", "type", "area_m2", "unit", "start_date", "original_value", "status", "disposal_date", "note", "geometry"}}
	for _, x := range g.greens {
		t.rows = append(t.rows, []string{x.code, x.name, x.typ, fmtCenti(x.area), x.unit, x.start, x.value.String(), "在用", "", x.note, wktPolygon(x.ring)})
	}
	ts = append(ts, t)

	t = table{name: "sewer-pipes.csv", header: []string{"code", "kind", "material", "diameter_mm", "length_m", "unit", "start_date", "original_value", "status", "disposal_date", "note", "geometry"}}
	for _, x := range g.pipes {
		t.rows = append(t.rows, []string{x.code, x.kind, x.material, strconv.Itoa(x.dn), fmtCenti(x.length), x.unit, x.start, x.value.String(), "在用", "", x.note, wktLine(x.line)})
	}
	ts = append(ts, t)

	t = table{name: "sewer-facilities.csv", header: []string{"code", "name", "kind", "capacity", "unit", "lon", "lat", "start_date", "original_value", "status", "disposal_date", "note"}}
	for _, f := range g.facilities {
		t.rows = append(t.rows, []string{f.code, f.name, f.kind, f.capacity, f.unit, fmtCoord(f.p.Lon), fmtCoord(f.p.Lat), f.start, f.value.String(), "在用", "", f.note})
	}
	ts = append(ts, t)

	t = table{name: "roads.csv", header: []string{"code", "name", "kind", "area_m2", "length_m", "unit", "start_date", "original_value", "status", "disposal_date", "note", "geometry"}}
	for _, r := range g.roads {
		t.rows = append(t.rows, []string{r.code, r.name, r.kind, fmtCenti(r.area), fmtCenti(r.length), r.unit, r.start, r.value.String(), "在用", "", r.note, wktLine(r.line)})
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

	t = table{name: "maintenance.csv", header: []string{"date", "asset_class", "asset_code", "project_code", "funding", "work_type", "quantity", "quantity_unit", "cost", "contractor", "note"}}
	for _, r := range g.recs {
		t.rows = append(t.rows, []string{r.date, r.class, r.code, r.project, r.funding, r.work, qtyStr(r), r.qunit, r.cost.String(), r.contractor, r.note})
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

func main() {
	out := flag.String("o", "assets/demo", "output directory")
	flag.Parse()

	g := &gen{}
	g.buildVehicles()
	g.buildLamps()
	g.buildGreens()
	g.buildFacilities()
	g.buildPipes()
	g.buildRoads()
	g.buildProjects()
	g.buildRecords()
	g.checkBuild()
	if len(failures) > 0 {
		report()
	}

	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "gendata:", err)
		os.Exit(1)
	}
	for _, t := range g.tables() {
		if err := os.WriteFile(filepath.Join(*out, t.name), encode(t), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "gendata:", err)
			os.Exit(1)
		}
	}
	d := readBack(*out)
	d.check()
	if len(failures) > 0 {
		report()
	}
	d.summary()
}

func report() {
	for _, f := range failures {
		fmt.Fprintln(os.Stderr, "gendata: check failed:", f)
	}
	os.Exit(1)
}

// checkBuild checks what the files cannot show: the lamps' spacing along their roads.
func (g *gen) checkBuild() {
	for _, r := range g.lampRuns {
		expect(r.actualSpacing >= 25 && r.actualSpacing <= 40, "lamps on %s (%.2f–%.2f): spacing %.1f m, want 25–40", r.street, r.f0, r.f1, r.actualSpacing)
	}
}

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

func money(r row, field, where string) fen {
	f, err := parseFen(r[field])
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

func inBounds(p pt) bool {
	return p.Lon >= minLon && p.Lon <= maxLon && p.Lat >= minLat && p.Lat <= maxLat
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
				expect(err1 == nil && err2 == nil && inBounds(pt{lon, lat}), "%s: point %s %s outside the district", where, r["lon"], r["lat"])
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
	var pickupValue fen
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
		ring, err := parseWKTPolygon(r["geometry"])
		if err != nil {
			fail("%s: %v", where, err)
			continue
		}
		expect(len(ring) >= 4 && ring[0] == ring[len(ring)-1], "%s: ring not closed", where)
		for _, p := range ring {
			expect(inBounds(p), "%s: vertex outside the district", where)
		}
		a := ringArea(ring)
		expect(a > 0, "%s: ring is not counter-clockwise", where)
		stated := hundredths(r, "area_m2", where)
		expect(stated == centi(a), "%s: area_m2 %s, the polygon measures %.4f", where, r["area_m2"], a)
		e := areaIn(ellipsoidFrame(ring), ring)
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
	line, err := parseWKTLine(r["geometry"])
	if err != nil {
		fail("%s: %v", where, err)
		return 0, false
	}
	for _, p := range line {
		expect(inBounds(p), "%s: vertex outside the district", where)
	}
	l := lineLength(line)
	stated = hundredths(r, "length_m", where)
	expect(stated == centi(l), "%s: length_m %s, the line measures %.4f", where, r["length_m"], l)
	e := lengthIn(ellipsoidFrame(line), line)
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
	spent := map[string]fen{}
	spentFiscal := map[string]fen{}
	spentOther := map[string]fen{}
	var offRun = map[int]fen{}
	offWorks := map[string]bool{}
	qty := map[string]int64{}     // year/class/work/unit → quantity
	qunits := map[string]string{} // class/work → unit
	repaired := map[string]bool{} // lamps repaired in 2020
	var projectTotal2020 fen
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
	spent := map[string]fen{}
	for _, r := range d.rows("maintenance.csv") {
		if r["project_code"] != "" {
			c, _ := parseFen(r["cost"])
			spent[r["project_code"]] += c
		}
	}
	var total fen
	fmt.Println("2020 projects (budget / executed):")
	for _, p := range d.rows("projects.csv") {
		b, _ := parseFen(p["budget"])
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

// yearSettingsHeader are the year-settings columns the demo fills (ledgerctl settings lists all).
var yearSettingsHeader = []string{"year", "official_purchase_budget", "official_running_budget",
	"note_other_vehicles", "note_official_change", "note_official_purchase", "note_official_running",
	"abroad_amount", "abroad_budget", "abroad_groups", "abroad_persons",
	"reception_domestic_amount", "reception_domestic_batches", "reception_domestic_persons",
	"reception_foreign_amount", "reception_foreign_batches", "reception_foreign_persons", "reception_budget",
	"note_perf_overall", "note_perf_results",
	"heading_three_public", "heading_vehicles", "heading_performance", "heading_assets", "closed"}

// yearSettings are 2019's (invented: the budgets its 2.50万元 of running costs were
// spent against) and 2020's (the seed's notes, budgets, 三公 items and heading numbers).
var yearSettings = []map[string]string{
	{"year": "2019", "official_purchase_budget": "0.00", "official_running_budget": "25000.00",
		"abroad_amount": "0.00", "abroad_budget": "0.00", "abroad_groups": "0", "abroad_persons": "0",
		"reception_domestic_amount": "0.00", "reception_domestic_batches": "0", "reception_domestic_persons": "0",
		"reception_foreign_amount": "0.00", "reception_foreign_batches": "0", "reception_foreign_persons": "0",
		"reception_budget": "0.00", "closed": "否"},
	{"year": "2020", "official_purchase_budget": "295200.00", "official_running_budget": "47100.00",
		"note_other_vehicles":    "其他用车主要是用于执法等",
		"note_official_change":   "主要原因是2020年机构改革单位合并，并购入两辆公务用车",
		"note_official_purchase": "主要用于执法", "note_official_running": "主要用于执法等",
		"abroad_amount": "0.00", "abroad_budget": "0.00", "abroad_groups": "0", "abroad_persons": "0",
		"reception_domestic_amount": "0.00", "reception_domestic_batches": "0", "reception_domestic_persons": "0",
		"reception_foreign_amount": "0.00", "reception_foreign_batches": "0", "reception_foreign_persons": "0",
		"reception_budget": "0.00",
		// The seed's paragraph after the opening (its doubled "来看来看" made single).
		"note_perf_overall": "本部门按要求对2020年部门整体支出开展绩效自评，从评价情况来看总体效果较好，通过财政资金的使用，加强了城市管理工作，为提升攀枝花西区城市形象、招商引资、经济发展做出了积极贡献。本部门还自行组织了2个项目绩效评价，从评价情况来看能够完成年初制定的绩效目标，能够正确使用财政预算资金，项目完成度较高，完成了年度工作目标，达到了预期效果。",
		"note_perf_results": "本部门按要求对2020年部门整体支出绩效评价情况开展自评，《攀枝花市西区综合行政执法局2020年部门整体支出绩效评价报告》见附件（附件1）。\n" +
			"本部门自行组织对西区数字化城管运行项目开展了绩效评价，《西区数字化城管运行项目2020年绩效评价报告》见附件（附件2）。",
		"heading_three_public": "七、", "heading_vehicles": "（三）", "heading_performance": "（四）", "heading_assets": "（五）",
		"closed": "否"},
}
