package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"cityledger/domain"
)

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
	line []orb.Point
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

// ---------------------------------------------------------------------------------------
// Registers

type vehicle struct {
	code, plate, unit, use, body string
	official                     bool
	start                        string
	value                        domain.Fen
	status, disposal, note       string
}

type lamp struct {
	code, typ, road string
	power, pole     float64
	start           string
	value           domain.Fen
	unit            string
	p               orb.Point
	note            string
}

// greenDef is a green area as the facts describe it: a polygon of vertex offsets (in
// metres) around a centre, the rest of the 园林中心's 7000 ㎡ in such a polygon scaled
// and fitted ("remainder"), a strip along a street, or a circle (a tree's crown).
type greenDef struct {
	code, name, typ, unit, start, note string
	perM2                              int64 // 元 per ㎡
	shape                              string
	centre                             orb.Point
	offsets                            []xy
	street                             string
	f0, f1, off, width                 float64
	radius                             float64
	vertices                           int
}

type green struct {
	code, name, typ string
	area            int64
	unit, start     string
	value           domain.Fen
	note            string
	ring            []orb.Point
}

type pipe struct {
	code, kind, material string
	dn                   int
	length               int64
	unit, start          string
	value                domain.Fen
	note                 string
	line                 []orb.Point
}

type facility struct {
	code, name, kind, capacity, unit string
	p                                orb.Point
	start                            string
	value                            domain.Fen
	note                             string
}

type road struct {
	code, name, kind string
	area, length     int64
	unit, start      string
	value            domain.Fen
	note             string
	line             []orb.Point
}

type project struct {
	code                                       string
	year                                       int
	name, unit, fn                             string
	budget, fiscal, other                      domain.Fen
	goal, result, problems, nextSteps, summary string
	disclosed                                  bool
	// The 预算绩效管理 flags: 事前绩效评估, 绩效监控, 绩效自评.
	preAssessed, monitored, selfEvaluated bool
	exec                                  domain.Fen // what its records must add up to
}

type indicator struct {
	project                             string
	year, pos                           int
	l1, l2, l3, target, actual, binding string
}

type rec struct {
	date, class, code, project, funding, work string
	qty                                       int64
	qunit                                     string
	cost                                      domain.Fen
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

// buildVehicles takes the vehicles as the facts list them: 32 held at the end of 2020
// (the seed's categories) and two disposed before.
func (g *gen) buildVehicles() {
	g.vehicles = append(g.vehicles, vehicleFacts...)
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
	value         domain.Fen
	note          string
	perSide       int     // computed
	actualSpacing float64 // computed
}

const lampTotal = 950

func (g *gen) buildLamps() {
	runs := append([]lampRun(nil), lampRunFacts...)
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
					start: r.start, value: r.value, unit: unitBureau, p: qpt(district.pt(q)), note: r.note,
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
	poly := func(c orb.Point, vs []xy, scale float64) []orb.Point {
		o := district.xy(c)
		out := make([]xy, len(vs))
		for i, v := range vs {
			out[i] = xy{o.X + v.X*scale, o.Y + v.Y*scale}
		}
		return ccw(toPts(out))
	}
	strip := func(st string, f0, f1, off, width float64) []orb.Point {
		line := subFrac(offset(streetXY(st), off), f0, f1)
		left, right := offset(line, width/2), offset(line, -width/2)
		ring := append([]xy(nil), left...)
		for i := len(right) - 1; i >= 0; i-- {
			ring = append(ring, right[i])
		}
		return ccw(toPts(ring))
	}
	circle := func(c orb.Point, r float64, n int) []orb.Point {
		o := district.xy(c)
		var vs []xy
		for i := 0; i < n; i++ {
			a := 2 * math.Pi * float64(i) / float64(n)
			vs = append(vs, xy{o.X + r*math.Cos(a), o.Y + r*math.Sin(a)})
		}
		return ccw(toPts(vs))
	}
	var garden int64 // the 园林中心's areas so far: the remainder shape takes the rest
	for _, d := range greenFacts {
		var ring []orb.Point
		switch d.shape {
		case "polygon":
			ring = poly(d.centre, d.offsets, 1)
		case "remainder":
			rest := gardenArea - garden
			base := poly(d.centre, d.offsets, 1)
			ring = fitRing(poly(d.centre, d.offsets, math.Sqrt(float64(rest)/100/ringArea(base))), rest)
		case "strip":
			ring = strip(d.street, d.f0, d.f1, d.off, d.width)
		case "circle":
			ring = circle(d.centre, d.radius, d.vertices)
		}
		a := centi(ringArea(ring))
		if d.unit == unitGarden {
			garden += a
		}
		g.greens = append(g.greens, green{d.code, d.name, d.typ, a, d.unit, d.start, domain.Fen(a * d.perM2), d.note, ring})
	}
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
	// fromFacility names the facility a pipe starts at whose length is fitted to what
	// the year's new mains still lack (玉泉泵站's pressure main).
	fromFacility string
}

func (g *gen) buildFacilities() {
	g.facilities = append(g.facilities, facilityFacts...)
}

func (g *gen) buildPipes() {
	n := 0
	add := func(r pipeRun, line []orb.Point) {
		n++
		l := centi(lineLength(line))
		g.pipes = append(g.pipes, pipe{fmt.Sprintf("PS-%04d", n), r.kind, r.material, r.dn, l, unitBureau, r.start,
			domain.Fen((l*r.price + 50) / 100), r.note, line})
	}
	var sum2020 int64
	var fitted *pipeRun
	for _, r := range pipeRunFacts {
		if r.fromFacility != "" {
			fitted = &r
			continue
		}
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
	// The fitted 2020 main (玉泉泵站's pressure main), as long as the 13.4 km need.
	need := pipes2020 - sum2020
	if need < 20000 || need > 150000 {
		fail("pipes: the fitted pressure main would be %s m long", fmtCenti(need))
		return
	}
	a1 := streetXY("攀枝花大道西段")
	dir := xy{a1[1].X - a1[2].X, a1[1].Y - a1[2].Y} // along the avenue towards 陶家渡
	dl := math.Hypot(dir.X, dir.Y)
	if fitted == nil {
		fail("pipes: no fitted pipe in the facts")
		return
	}
	var from *facility
	for i := range g.facilities {
		if g.facilities[i].code == fitted.fromFacility {
			from = &g.facilities[i]
		}
	}
	if from == nil {
		fail("pipes: no facility %s", fitted.fromFacility)
		return
	}
	o := district.xy(from.p)
	end := xy{o.X + dir.X/dl*float64(need)/100, o.Y + dir.Y/dl*float64(need)/100}
	line := fitLine(toPts([]xy{o, end}), need)
	add(*fitted, line)
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
	defs := roadFacts
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
			domain.Fen((area*d.perM2 + 50) / 100), d.note, line})
	}
}

// ---------------------------------------------------------------------------------------
// Projects and indicators

func (g *gen) buildProjects() {
	for _, p := range disclosedProjects {
		// A disclosed project spends its budget, as the seed's tables say.
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
	g.projects = append(g.projects, undisclosedProjects...)
}

// ---------------------------------------------------------------------------------------
// Maintenance records
