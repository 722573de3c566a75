package main

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"cityledger/domain"
)

// spread sets the costs of rs so that they add up to total exactly, in proportion to
// their raw estimates (largest remainder on 分).
func spread(total domain.Fen, rs []*rec) {
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
		r.cost = domain.Fen(share)
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
	year := func(y int, total domain.Fen, cars []string) {
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
