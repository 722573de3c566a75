package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"cityledger/domain"
	"cityledger/domain/exchange"
)

// The demo district's 2020 cases follow the seed's 附件2: 33,345 数字城管 cases, 32,691
// of them resolved and 22,669 on time; its ten most frequent components and events in
// its order; 1,220 12345 tickets, all resolved and closed, 1,199 replied on time. The
// rest — times, places, units, the other classes, the cancelled duplicates — is
// invented (assets/demo/README.md "Cases"). The cases are generated here, reproducibly
// (a fixed seed, math/rand/v2's PCG), rather than kept as a 7 MB file: casesTable
// writes them as the text rows of an export, which go through the ordinary importer.
const (
	demoCityCases     = 33345
	demoCityResolved  = 32691
	demoCityOnTime    = 22669
	demoHotline       = 1220
	demoHotlineOnTime = 1199
	demoCancelled     = 126
	// districtCode is 西区's administrative code, the first part of a 部件标识码.
	districtCode = "510403"
)

// caseClassSpec is how many of the year's 数字城管 cases one 小类 had, and how they are
// handled: the hours allowed after dispatch and who is responsible.
type caseClassSpec struct {
	category, code, name string
	count                int
	hours                int
	unit                 string   // "" for the 街道 of the place
	phrases              []string // what the collector wrote
}

// The counts make the seed's two top-ten lists come out in its order, and every other
// class less frequent than the tenth.
var demoCaseClasses = []caseClassSpec{
	{"部件", "0305", "垃圾箱", 412, 24, "环卫中心", []string{"垃圾箱破损", "垃圾箱满溢", "垃圾箱缺失"}},
	{"部件", "0118", "路灯", 356, 72, "局机关", []string{"路灯不亮", "路灯白天亮灯", "灯杆倾斜", "灯罩破损"}},
	{"部件", "0120", "景观灯", 298, 72, "局机关", []string{"景观灯不亮", "景观灯破损"}},
	{"部件", "0209", "交通标志牌", 241, 120, "西区交通运输局", []string{"交通标志牌倾斜", "交通标志牌污损"}},
	{"部件", "0402", "行道树", 207, 72, "园林中心", []string{"行道树倒伏", "行道树枯死", "行道树枝条遮挡"}},
	{"部件", "0211", "交通护栏", 176, 120, "西区交通运输局", []string{"交通护栏破损", "交通护栏倾倒"}},
	{"部件", "0114", "无主井盖", 149, 48, "局机关", []string{"井盖破损", "井盖缺失"}},
	{"部件", "", "沟盖板", 128, 48, "局机关", []string{"沟盖板破损", "沟盖板缺失"}},
	{"部件", "0130", "特殊井盖", 103, 48, "局机关", []string{"井盖破损", "井盖下沉"}},
	{"部件", "0213", "路名牌", 87, 120, "西区交通运输局", []string{"路名牌污损", "路名牌缺失"}},
	{"部件", "0101", "上水井盖", 79, 48, "攀枝花市水务（集团）有限公司", []string{"井盖破损"}},
	{"部件", "0102", "污水井盖", 71, 48, "局机关", []string{"井盖破损", "污水外溢"}},
	{"部件", "0104", "雨水箅子", 66, 48, "局机关", []string{"雨水箅子堵塞", "雨水箅子缺失"}},
	{"部件", "0103", "雨水井盖", 58, 48, "局机关", []string{"井盖破损"}},
	{"部件", "0105", "电力井盖", 44, 48, "国网攀枝花供电公司", []string{"井盖破损"}},
	{"部件", "0203", "公交站亭", 37, 120, "西区交通运输局", []string{"公交站亭破损"}},
	{"部件", "0407", "街头坐椅", 31, 120, "园林中心", []string{"坐椅破损"}},
	{"部件", "0301", "公共厕所", 26, 24, "环卫中心", []string{"公厕卫生差", "公厕设施损坏"}},
	{"部件", "0501", "宣传栏", 19, 120, "", []string{"宣传栏破损"}},
	{"部件", "0126", "健身设施", 12, 120, "园林中心", []string{"健身器材损坏"}},
	{"事件", "0506", "非机动车乱停放", 7964, 2, "", []string{"非机动车乱停放", "共享单车乱停放"}},
	{"事件", "0501", "无照经营游商", 5127, 2, "", []string{"流动摊贩占道经营", "游商占道"}},
	{"事件", "0201", "非法小广告", 4286, 24, "局机关", []string{"墙面小广告", "电杆小广告"}},
	{"事件", "0102", "暴露垃圾", 3012, 4, "环卫中心", []string{"路面暴露垃圾", "绿化带内暴露垃圾"}},
	{"事件", "0204", "街头散发广告", 2158, 2, "", []string{"街头散发广告"}},
	{"事件", "0104", "道路不洁", 1743, 4, "环卫中心", []string{"路面不洁", "路面油污"}},
	{"事件", "0507", "乱堆物堆料", 1296, 24, "局机关", []string{"占道堆放杂物", "乱堆建材"}},
	{"事件", "", "无施工废弃料", 874, 24, "局机关", []string{"施工废弃料未及时清运"}},
	{"事件", "0511", "沿街晾挂", 655, 24, "", []string{"沿街晾晒衣物"}},
	{"事件", "", "违规户外广告", 498, 72, "局机关", []string{"户外广告未经审批", "户外广告破损"}},
	{"事件", "0504", "店外经营", 471, 2, "", []string{"出店经营"}},
	{"事件", "0505", "机动车乱停放", 452, 2, "", []string{"机动车占用人行道停放"}},
	{"事件", "0203", "占道广告牌", 417, 24, "局机关", []string{"占道摆放广告牌"}},
	{"事件", "0103", "积存垃圾渣土", 389, 24, "环卫中心", []string{"积存垃圾渣土"}},
	{"事件", "0101", "私搭乱建", 356, 72, "局机关", []string{"私搭乱建"}},
	{"事件", "0106", "绿地脏乱", 318, 24, "园林中心", []string{"绿地内垃圾"}},
	{"事件", "0510", "露天烧烤", 274, 2, "", []string{"露天烧烤"}},
	{"事件", "0108", "废弃家具设备", 203, 24, "环卫中心", []string{"废弃家具"}},
	{"事件", "0110", "道路破损", 146, 72, "局机关", []string{"路面坑洼", "人行道板破损"}},
	{"事件", "0304", "施工占道", 106, 24, "局机关", []string{"施工占道"}},
}

// hotlineClasses are what 12345 callers complained about, with weights.
var hotlineClasses = []struct {
	category, code, name string
	weight               int
	unit                 string
}{
	{"事件", "0508", "商业噪音", 260, ""},
	{"事件", "0104", "道路不洁", 190, "环卫中心"},
	{"事件", "0102", "暴露垃圾", 160, "环卫中心"},
	{"事件", "0510", "露天烧烤", 150, ""},
	{"事件", "0504", "店外经营", 130, ""},
	{"事件", "0506", "非机动车乱停放", 90, ""},
	{"事件", "0101", "私搭乱建", 80, "局机关"},
	{"部件", "0118", "路灯", 90, "局机关"},
	{"部件", "0102", "污水井盖", 40, "局机关"},
	{"部件", "0305", "垃圾箱", 30, "环卫中心"},
}

// subdistrict is the 街道 responsible for street order on a street (invented).
func subdistrict(street string) string {
	for _, p := range []struct{ prefix, unit string }{
		{"清香坪", "清香坪街道办事处"}, {"河门口", "河门口街道办事处"}, {"格里坪", "格里坪镇人民政府"},
		{"陶家渡", "陶家渡街道办事处"}, {"玉泉", "玉泉街道办事处"}, {"苏铁", "苏铁街道办事处"}, {"宝鼎", "大宝鼎街道办事处"},
	} {
		if strings.HasPrefix(street, p.prefix) {
			return p.unit
		}
	}
	return "清香坪街道办事处" // 攀枝花大道西段 runs through it
}

// place is a point of the district with its street.
type place struct {
	p      orb.Point
	street string
}

// demoCase is a case before it is written as text.
type demoCase struct {
	c     domain.Case
	lamp  bool // on one of the bureau's lamps
	fixed bool // its number comes from maintenance.csv
}

type caseGen struct {
	rng    *rand.Rand
	places []place
	lamps  []domain.Asset // the bureau's lamps
	year   int
}

func (g *caseGen) between(lo, hi int) int { return lo + g.rng.IntN(hi-lo+1) }

// when draws a reporting time of the year: fewer on weekends, most by day.
func (g *caseGen) when() time.Time {
	start := time.Date(g.year, 1, 1, 0, 0, 0, 0, time.UTC)
	for {
		d := start.AddDate(0, 0, g.rng.IntN(366))
		if d.Year() != g.year {
			continue
		}
		if wd := d.Weekday(); (wd == time.Saturday || wd == time.Sunday) && g.rng.IntN(10) < 3 {
			continue
		}
		var secs int
		if g.rng.IntN(10) < 9 {
			secs = 7*3600 + g.rng.IntN(14*3600) // 07:00–20:59
		} else {
			secs = g.rng.IntN(86400)
		}
		return d.Add(time.Duration(secs) * time.Second)
	}
}

// near is a point within about 25 m of a place of the district, with its address
// and street.
func (g *caseGen) near() (orb.Point, string, string) {
	pl := g.places[g.rng.IntN(len(g.places))]
	const m = 1.0 / 111_320 // degrees of latitude per metre
	dy := (g.rng.Float64()*2 - 1) * 25 * m
	dx := (g.rng.Float64()*2 - 1) * 25 * m / math.Cos(pl.p[1]*math.Pi/180)
	p := orb.Point{round7(pl.p[0] + dx), round7(pl.p[1] + dy)}
	return p, fmt.Sprintf("%s%d号附近", pl.street, g.between(1, 320)), pl.street
}

func round7(v float64) float64 { return math.Round(v*1e7) / 1e7 }

// lampAt picks one of the bureau's lamps standing at t.
func (g *caseGen) lampAt(t time.Time) domain.Asset {
	for {
		l := g.lamps[g.rng.IntN(len(g.lamps))]
		if l.StartDate == "" || string(l.StartDate) <= t.Format("2006-01-02") {
			return l
		}
	}
}

func lampCase(c *domain.Case, l domain.Asset) {
	c.AssetClass, c.AssetCode = domain.Lamps, l.Code
	p := l.Geometry.(orb.Point)
	c.Location = &p
	c.Address = l.Road + "路灯" + l.Code + "处"
	seq, _ := strconv.Atoi(strings.TrimPrefix(l.Code, "LD-"))
	c.ComponentID = fmt.Sprintf("%s0118%06d", districtCode, seq)
}

// demoCases generates the 2020 cases of the demo district from its lamps, roads and
// maintenance records (the lamp repairs carry the numbers of the cases they answered).
func demoCases(b *domain.Batch) ([]domain.Case, error) {
	g := &caseGen{rng: rand.New(rand.NewPCG(2020, 510403)), year: 2020}
	for _, a := range b.Assets {
		switch {
		case a.Class == domain.Lamps && a.Geometry != nil:
			g.lamps = append(g.lamps, a)
			g.places = append(g.places, place{a.Geometry.(orb.Point), a.Road})
		case a.Class == domain.Roads && a.Kind != "人行道":
			if ls, ok := a.Geometry.(orb.LineString); ok {
				for _, p := range ls {
					g.places = append(g.places, place{p, a.Name})
				}
			}
		}
	}
	if len(g.lamps) == 0 || len(g.places) == 0 {
		return nil, fmt.Errorf("demo cases: the district has no lamps or roads")
	}
	lampByCode := map[string]domain.Asset{}
	for _, l := range g.lamps {
		lampByCode[l.Code] = l
	}
	var city []*demoCase
	// The lamp repairs' cases: reported in the morning of the repair, resolved that day.
	for _, r := range b.Records {
		if r.CaseNo == "" {
			continue
		}
		l, ok := lampByCode[r.AssetCode]
		if !ok {
			return nil, fmt.Errorf("demo cases: repair %s names lamp %q, not in the register", r.CaseNo, r.AssetCode)
		}
		day, err := time.Parse("2006-01-02", string(r.Date))
		if err != nil {
			return nil, err
		}
		c := domain.Case{No: r.CaseNo, Source: domain.SourceCityPlatform, Category: domain.CategoryComponent,
			ClassCode: "0118", ClassName: "路灯", Description: "路灯不亮（" + r.Note + "）", Unit: "局机关",
			ReportedAt: day.Add(time.Duration(6*3600+30*60+g.rng.IntN(150*60)) * time.Second)}
		lampCase(&c, l)
		c.DispatchedAt = c.ReportedAt.Add(time.Duration(g.between(5, 40)) * time.Minute)
		c.Deadline = c.DispatchedAt.Add(72 * time.Hour)
		c.ResolvedAt = day.Add(time.Duration(14*3600+g.rng.IntN(4*3600)) * time.Second)
		c.ClosedAt = c.ResolvedAt.Add(time.Duration(g.between(30, 600)) * time.Minute)
		city = append(city, &demoCase{c: c, lamp: true, fixed: true})
	}
	repairs := len(city)
	for _, spec := range demoCaseClasses {
		n := spec.count
		if spec.code == "0118" {
			n -= repairs
		}
		for i := 0; i < n; i++ {
			c := domain.Case{Source: domain.SourceCityPlatform, Category: spec.category, ClassCode: spec.code,
				ClassName: spec.name, ReportedAt: g.when()}
			c.Description = spec.phrases[g.rng.IntN(len(spec.phrases))]
			dc := &demoCase{}
			p, addr, street := g.near()
			c.Location, c.Address = &p, addr
			c.Unit = spec.unit
			switch {
			case spec.code == "0118" && g.rng.IntN(100) < 57:
				// Most lamp cases are on the bureau's lamps; the others on lamps of the
				// power company along the same streets, which the register does not hold.
				lampCase(&c, g.lampAt(c.ReportedAt))
				dc.lamp = true
			case spec.code == "0118":
				c.Unit = "国网攀枝花供电公司"
			case c.Unit == "":
				c.Unit = subdistrict(street)
			}
			dc.c = c
			city = append(city, dc)
		}
	}
	if len(city) != demoCityCases {
		return nil, fmt.Errorf("demo cases: %d 数字城管 cases, want %d", len(city), demoCityCases)
	}
	hours := map[string]int{}
	for _, s := range demoCaseClasses {
		hours[s.category+s.name] = s.hours
	}
	// Who is resolved, and on time: exact counts, drawn at random among the cases
	// that are not lamp repairs (those were all resolved on time).
	var free []int
	for i, dc := range city {
		if !dc.fixed {
			free = append(free, i)
		}
	}
	g.rng.Shuffle(len(free), func(i, j int) { free[i], free[j] = free[j], free[i] })
	onTime := demoCityOnTime - repairs
	late := demoCityResolved - demoCityOnTime
	for k, i := range free {
		c := &city[i].c
		limit := time.Duration(hours[c.Category+c.ClassName]) * time.Hour
		c.DispatchedAt = c.ReportedAt.Add(time.Duration(g.between(3*60, 40*60)) * time.Second)
		c.Deadline = c.DispatchedAt.Add(limit)
		switch {
		case k < onTime:
			c.ResolvedAt = c.DispatchedAt.Add(time.Duration(float64(limit) * (0.15 + 0.8*g.rng.Float64())).Round(time.Second))
		case k < onTime+late:
			over := time.Duration(g.between(10*60, int(min(3*limit, 15*24*time.Hour)/time.Second)+10*60)) * time.Second
			c.ResolvedAt = c.Deadline.Add(over)
		}
		if !c.ResolvedAt.IsZero() {
			c.ClosedAt = c.ResolvedAt.Add(time.Duration(g.between(20*60, 36*3600)) * time.Second)
		}
	}
	// Cancelled duplicates: a second report of a case, minutes later.
	var cancelled []*demoCase
	for i := 0; i < demoCancelled; i++ {
		orig := city[g.rng.IntN(len(city))].c
		c := domain.Case{Source: orig.Source, Category: orig.Category, ClassCode: orig.ClassCode, ClassName: orig.ClassName,
			Description: orig.Description, Address: orig.Address, Location: orig.Location, Unit: orig.Unit,
			ReportedAt: orig.ReportedAt.Add(time.Duration(g.between(2, 50)) * time.Minute), Status: domain.CaseCancelled,
			Note: "重复上报"}
		if c.ReportedAt.Year() != g.year {
			c.ReportedAt = orig.ReportedAt
		}
		cancelled = append(cancelled, &demoCase{c: c})
	}
	all := append(city, cancelled...)
	sort.SliceStable(all, func(i, j int) bool { return all[i].c.ReportedAt.Before(all[j].c.ReportedAt) })
	perDay := map[string]int{}
	for _, dc := range all {
		if dc.fixed {
			continue
		}
		day := dc.c.ReportedAt.Format("20060102")
		perDay[day]++
		dc.c.No = fmt.Sprintf("CG%s%04d", day, perDay[day])
	}
	out := make([]domain.Case, 0, len(all)+demoHotline)
	for _, dc := range all {
		if dc.c.Status == "" {
			dc.c.Status = dc.c.DerivedStatus()
		}
		out = append(out, dc.c)
	}
	return append(out, g.hotline()...), nil
}

// hotline generates the 12345 tickets: all resolved and closed, all but 21 replied to
// by their deadline (three days after the call).
func (g *caseGen) hotline() []domain.Case {
	total := 0
	for _, h := range hotlineClasses {
		total += h.weight
	}
	tickets := make([]domain.Case, demoHotline)
	for i := range tickets {
		x := g.rng.IntN(total)
		h := hotlineClasses[0]
		for _, hc := range hotlineClasses {
			if x < hc.weight {
				h = hc
				break
			}
			x -= hc.weight
		}
		c := domain.Case{Source: domain.SourceHotline, Category: h.category, ClassCode: h.code, ClassName: h.name,
			ReportedAt: g.when(), Description: "市民来电反映" + h.name + "问题"}
		p, addr, street := g.near()
		c.Location, c.Address = &p, addr
		c.Unit = h.unit
		if c.Unit == "" {
			c.Unit = subdistrict(street)
		}
		c.DispatchedAt = c.ReportedAt.Add(time.Duration(g.between(10, 90)) * time.Minute)
		c.Deadline = c.ReportedAt.Add(72 * time.Hour)
		c.ResolvedAt = c.DispatchedAt.Add(time.Duration(g.between(2*3600, 50*3600)) * time.Second)
		tickets[i] = c
	}
	late := map[int]bool{}
	for len(late) < demoHotline-demoHotlineOnTime {
		late[g.rng.IntN(demoHotline)] = true
	}
	sort.SliceStable(tickets, func(i, j int) bool { return tickets[i].ReportedAt.Before(tickets[j].ReportedAt) })
	perDay := map[string]int{}
	for i := range tickets {
		c := &tickets[i]
		if late[i] {
			c.RepliedAt = c.Deadline.Add(time.Duration(g.between(20*60, 30*3600)) * time.Second)
		} else {
			span := int(c.Deadline.Sub(c.ResolvedAt) / time.Second)
			c.RepliedAt = c.ResolvedAt.Add(time.Duration(g.rng.IntN(span+1)) * time.Second)
		}
		c.ClosedAt = c.RepliedAt.Add(time.Duration(g.between(30*60, 24*3600)) * time.Second)
		day := c.ReportedAt.Format("20060102")
		perDay[day]++
		c.No = fmt.Sprintf("RX%s%03d", day, perDay[day])
		c.Status = c.DerivedStatus()
	}
	return tickets
}

// casesTable writes cases as the rows of an export in the cases kind's columns
// (English keys), the text the importer reads.
func casesTable(cases []domain.Case) *exchange.Table {
	t := &exchange.Table{Header: append([]string(nil), domain.CaseFields...), Format: "csv"}
	for i := range cases {
		c := &cases[i]
		cells := make([]string, len(domain.CaseFields))
		for j, f := range domain.CaseFields {
			switch f {
			case "case_no":
				cells[j] = c.No
			case "source":
				cells[j] = c.Source
			case "category":
				cells[j] = c.Category
			case "class_code":
				cells[j] = c.ClassCode
			case "class_name":
				cells[j] = c.ClassName
			case "description":
				cells[j] = c.Description
			case "address":
				cells[j] = c.Address
			case "lon", "lat":
				if c.Location != nil {
					v := c.Location[0]
					if f == "lat" {
						v = c.Location[1]
					}
					cells[j] = strconv.FormatFloat(v, 'f', 7, 64)
				}
			case "component_id":
				cells[j] = c.ComponentID
			case "asset_class":
				cells[j] = string(c.AssetClass)
			case "asset_code":
				cells[j] = c.AssetCode
			case "unit":
				cells[j] = c.Unit
			case "status":
				cells[j] = c.Status
			case "note":
				cells[j] = c.Note
			default:
				cells[j] = domain.FormatCaseTime(c.Time(f))
			}
		}
		t.Rows = append(t.Rows, exchange.Row{Num: i + 2, Cells: cells})
	}
	return t
}
