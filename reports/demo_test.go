package reports

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"cityledger/assets"
	"cityledger/domain/demo"
	"cityledger/domain/i18n"
	"cityledger/domain/storage"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// demoDB is the demo district loaded once into a temporary SQLite file.
var demoDB *storage.DB

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "reports-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := func() int {
		ctx := context.Background()
		db, err := storage.Open(ctx, filepath.Join(dir, "demo.db"))
		if err != nil {
			fmt.Fprintln(os.Stderr, "open:", err)
			return 1
		}
		defer db.Close()
		if _, err := demo.Load(ctx, db); err != nil {
			fmt.Fprintln(os.Stderr, "demo:", err)
			return 1
		}
		demoDB = db
		return m.Run()
	}()
	os.RemoveAll(dir)
	os.Exit(code)
}

func demoReport(t testing.TB, lang i18n.Lang) *Model {
	t.Helper()
	m, err := Build(context.Background(), demoDB, 2020, lang)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func render(t testing.TB, m *Model, format string) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Render(&b, m, format); err != nil {
		t.Fatalf("%s: %v", format, err)
	}
	return b.Bytes()
}

// golden compares got with testdata/name, rewriting it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./reports -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs at line %d:\n got: %s\nwant: %s\n(go test ./reports -update rewrites it)", name, i+1, g, w)
			}
		}
	}
}

func TestDemoMarkdownGolden(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		t.Run(string(lang), func(t *testing.T) {
			golden(t, "demo-2020."+string(lang)+".md", render(t, demoReport(t, lang), "md"))
		})
	}
}

// TestDemoHTMLGolden compares the page without the inlined echarts build (1 MB that
// is the embedded file itself).
func TestDemoHTMLGolden(t *testing.T) {
	js, err := assets.FS.ReadFile("echarts/echarts.min.js")
	if err != nil {
		t.Fatal(err)
	}
	page := render(t, demoReport(t, i18n.ZH), "html")
	inlined := []byte(escapeScript(string(js)))
	if !bytes.Contains(page, inlined) {
		t.Fatal("the echarts build is not inlined")
	}
	golden(t, "demo-2020.zh.html", bytes.Replace(page, inlined, []byte("/* echarts.min.js */"), 1))
}

// seedSentences are the seed's sentences of these sections, word for word, except
// where DESIGN.md "Where the seed is wrong" says otherwise (marked).
var seedSentences = []string{
	// Headings: the host report's numbers, from the year settings.
	"## 七、“三公”经费财政拨款支出决算情况说明", "### （一）“三公”经费财政拨款支出决算总体情况说明",
	"### （二）“三公”经费财政拨款支出决算具体情况说明", "## （三）国有资产占有使用情况", "## （四）预算绩效管理情况",
	"### 1.项目绩效目标完成情况", "### 2.部门绩效评价结果",
	"2020年“三公”经费财政拨款支出决算为34.23万元，完成预算100%。",
	"2020年“三公”经费财政拨款支出决算中，因公出国（境）费支出决算0万元，占0%；公务用车购置及运行维护费支出决算34.23万元，占100%；公务接待费支出决算0万元，占0%。具体情况如下：",
	// Seed: "团组00次" (a typo) and "增加/减少0万元，增长/下降0%" (template leftovers).
	"1.因公出国（境）经费支出0万元，完成预算100%。全年安排因公出国（境）团组0次，出国（境）0人。因公出国（境）支出决算与2019年持平。",
	// Seed: an ASCII comma after 34.23万元.
	"2.公务用车购置及运行维护费支出34.23万元，完成预算100%。",
	// Seed: 增长100% (wrong).
	"公务用车购置及运行维护费支出决算比2019年增加31.73万元，增长1269.2%。主要原因是2020年机构改革单位合并，并购入两辆公务用车。",
	"其中：公务用车购置支出29.52万元。全年按规定更新购置公务用车2辆，其中：轿车0辆、金额0万元，越野车0辆、金额0万元，载客汽车0辆、金额0万元，皮卡车2辆、金额29.52万元，主要用于执法。",
	// Seed: the parts stop after 载客汽车0辆 and do not add to 3.
	"截至2020年12月底，单位共有公务用车3辆，其中：轿车0辆、越野车0辆、载客汽车0辆、皮卡车2辆、货车1辆。",
	"公务用车运行维护费支出4.71万元。主要用于执法等所需的公务用车燃料费、维修费、过路过桥费、保险费等支出。",
	// Seed: "增加/减少0万元，增长/下降0%".
	"3.公务接待费支出0万元，完成预算100%。公务接待费支出决算与2019年持平。其中：",
	// Seed: "…共计支出0万元，具体内容包括：" with nothing after it.
	"国内公务接待支出0万元。国内公务接待0批次，0人次（不包括陪同人员），共计支出0万元。",
	"外事接待支出0万元，外事接待0批次，0人，共计支出0万元。",
	"截至2020年12月31日，本单位共有车辆32辆（其中：环卫中心24辆），其中：主要领导干部用车0辆、机要通信用车0辆、应急保障用车0辆、其他用车2辆、执法执勤用车5辆、特种专业技术用车25辆，其他用车主要是用于执法等。单价50万元以上通用设备0台（套），单价100万元以上专用设备0台（套）。",
	// Seed: the same names in its own order, 路灯及亮化设施维修维护 under the table's name.
	"根据预算绩效管理要求，本单位在年初预算编制阶段，组织对“春节亮化氛围营造”、“西区绿化管护”、“路灯电费及维修”、“绿化日常管护”、“春节慰问一线职工”等项目开展了预算事前绩效评估，对19个项目编制了绩效目标，预算执行过程中，选取5个项目开展绩效监控，年终执行完毕后，对5个项目开展了绩效目标完成情况自评。",
	// Seed: "从评价情况来看来看".
	"本部门按要求对2020年部门整体支出开展绩效自评，从评价情况来看总体效果较好，",
	"本部门按要求对2020年部门整体支出绩效评价情况开展自评，《攀枝花市西区综合行政执法局2020年部门整体支出绩效评价报告》见附件（附件1）。",
	"本部门自行组织对西区数字化城管运行项目开展了绩效评价，《西区数字化城管运行项目2020年绩效评价报告》见附件（附件2）。",
	"修复路灯110盏", "清理排水沟360米", "修剪41330㎡", "补栽补植350㎡", "除草24000㎡",
	// Seed: the first project has no （1）.
	"（1）春节亮化氛围营造项目绩效目标完成情况综述。项目全年预算数26.45万元，执行数为26.45万元，完成预算的100%。通过项目实施，不仅解决了民生问题，更提升了城市形象和品位，为全区人民创造了优美舒适的生活环境。下一步将进一步完善造型制作及亮化，顺应民声，增添市民的幸福指数。",
	"（2）西区绿化管护项目绩效目标完成情况综述。项目全年预算数39.51万元，执行数为39.51万元，完成预算的100%。通过项目实施，对辖区绿地进行补植补栽修剪树木、清理枯枝落叶等整治项目，组织施工单位对辖区行道树、绿地进行病虫害治理，清除树木菟丝子，清理枯树、危树，保护环境，增加绿化面积，提升攀枝花品牌形象。下一步将进一步改善环境质量，美化城区绿化景观。",
	"（3）路灯电费及维修项目绩效目标完成情况综述。项目全年预算数15万元，执行数为15万元，完成预算的100%。通过项目实施，保障了通电路灯及时维修，保障居民夜间出行。发现的主要问题：由于城市建设日新月异，路灯的迁移、维护维修工作负荷增加，需进一步加强路灯的维护维修管理，从而更好地为路灯管理维护部门在创建和谐文明整洁的西区建设中发挥作用。",
	"（4）西区数字化城管信息平台运行项目绩效目标完成情况综述。项目全年预算数47.87万元，执行数为47.87万元，完成预算的100%。通过项目实施，保障对全区数字城管区域内的事件、部件信息进行更新、采集、上报、核实，对接听、上报的案件进行派遣、回访等工作，保证了数字城管系统的有序运行。发现的主要问题：资金不能及时到位。下一步改进措施：加强与财政之间的沟通联系，争取资金能及时到位。",
	"（5）市政道路及人行道附属设施维修、户外广告管理项目绩效目标完成情况综述。项目全年预算数6.91万元，执行数为6.91万元，完成预算的100%。通过项目实施，对管辖范围内的市政道路及人行道附属设施维修、户外广告进行了维护维修及对存在安全隐患的广告位进行了拆除，保障了管辖范围内的户外广告整洁规范，提升了西区的城市形象。",
}

func TestDemoHoldsSeedSentences(t *testing.T) {
	md := string(render(t, demoReport(t, i18n.ZH), "md"))
	for _, s := range seedSentences {
		if !strings.Contains(md, s) {
			t.Errorf("missing seed sentence:\n%s", s)
		}
	}
	for _, never := range []string{"增加/减少", "增长/下降", "小于/等于", "增长100%", "00次", "34.23万元,", "具体内容包括：\n", "警告", "错误"} {
		if strings.Contains(md, never) {
			t.Errorf("prints the seed's slip %q", never)
		}
	}
}

// seedTable is one 项目绩效目标完成情况表 of the seed: name, unit (the seed prints the
// project name as the unit of table 4; CityLedger prints the unit), budget and
// execution (all fiscal, 其它资金 blank), goal, result and the indicator rows.
type seedTable struct {
	name, budget, goal, result string
	rows                       [][5]string
}

var seedTables = []seedTable{
	{"春节亮化氛围营造项目", "26.45",
		"极力进行喜庆、祥和的春节氛围打造，提高群众的生活幸福感，促进可持续发展。",
		"完成了1.一条重要路线：攀西商厦至十二中路口。2.六个重点点位：开放之门、宝鼎金沙、东盟国际商贸城、二医院、区政府、玉泉广场。",
		[][5]string{
			{"项目完成指标", "数量指标", "春节亮化氛围营造", "1.一条重要路线：攀西商厦至十二中路口。2.六个重点点位", "全部完成"},
			{"项目完成指标", "质量指标", "营造出喜庆、祥和的节日氛围", "兑现群众所诉的春节氛围不浓现状，极力进行喜庆、祥和的春节氛围打造。", "全部完成"},
			{"项目完成指标", "时效指标", "按计划推进", "2020年春节前", "全部完成"},
			{"项目完成指标", "成本指标", "春节亮化氛围营造", "完成重点线路及点位打造", "全部完成"},
			{"效益指标", "社会效益", "进一步提升城市品位", "", ""},
			{"满意度指标", "满意度指标", "群众满意度", "抽样调查达到基本满意及以上", "90%"},
		}},
	{"西区绿化管护项目", "39.51",
		"通过对辖区绿化绿化管护，保障西区绿化整齐、创造良好社会环境，改善人居环境，提升群众幸福度",
		"已完成",
		[][5]string{
			{"产出指标", "数量指标", "卫生整洁、绿化整齐、花径幽深、花道艳丽", "按照攀枝花市园林绿化管护标准对西区7000平方米绿地进行日常管护", "已完成"},
			{"项目完成指标", "质量指标", "营造良好社会环境", "及时掌握群众安全感关注的内容进行整治，营造良好的治安环境", "已完成"},
			{"项目完成指标", "时效指标", "全年按计划进行", "全年绿化管护", "已完成"},
			{"项目完成指标", "成本指标", "绿地浇灌水费、应急抢险扶正倒树、清理枯枝、突击检查清理等、绿地及行道树管护", "40万元", "39.51万元"},
			{"项目完成指标", "社会效益指标", "提升群众满意度", "改善环境气候条件，增大空气中的湿度，建造宜居城市", "已完成"},
			{"满意度指标", "服务对象满意度指标", "群众满意度", "抽样调查达到基本满意及以上", "达到满意"},
		}},
	{"路灯电费及维修项目", "15",
		"通过对辖区管辖市政照明设施的维修管护，保障市政照明设施功能完好，营造良好的生活环境，提升人民群众的满意度。",
		"顺利完成工作任务",
		[][5]string{
			{"项目完成指标", "数量指标", "管辖通电路灯、太阳能路灯及线路维修维护、电费", "950盏", "950盏"},
			{"项目完成指标", "质量指标", "通过日常管护，确保市政路灯正常照明，亮化辖区道路", "正常照明", "已完成"},
			{"项目完成指标", "时效指标", "全年按计划进行", "2020年", "已完成"},
			{"项目完成指标", "成本指标", "管辖通电路灯、太阳能路灯及线路维修维护、电费", "路灯维修维护费、电费等", "已完成"},
			{"效益指标", "社会效益指标", "营造良好的生活环境，方便居民出行", "营造良好的生活环境，方便居民出行", "达到路灯正常照明的效果，方便居民出行"},
			{"满意度指标", "服务对象满意度指标", "群众满意度", "抽样调查达到基本满意及以上", "90%"},
		}},
	{"西区数字化城管信息平台运行项目", "47.87",
		"完成案件的派遣、批转、回复工作；完成市级下达的目标任务，完成处置数，提高处置率",
		"全区总上报数20721条，处置数19245条，处置率92.88%，按期处置数14129条，按期处置率68.19%。较2019年全区各单位处置率、按期处置率整体提升。西区共接到市12345热线工单898件，已处理898件，回复率100%。",
		[][5]string{
			{"项目完成指标", "数量指标", "数字城管案件处理", "每天约120条案件，全年数字城管案件约40000条", "全部完成"},
			{"项目完成指标", "数量指标", "12345市民热线处理", "每天市民投诉约8条，全年12345市民热线投诉约200条", "全部完成"},
			{"项目完成指标", "质量指标", "处理各类城市管理问题", "解决百姓需求、诉求，改善全区城市环境，提升城市形象", "已完成"},
			{"项目完成指标", "时效指标", "数字城管信息管理平台", "2020年", "已完成"},
			{"项目完成指标", "成本指标", "西区数字化城市管理信息系统项目运行经费", "47.87万元", "已完成"},
			{"效益指标", "社会效益", "维持社会秩序", "主动发现群众身边环境问题，要求部门按时效进行处置，提升西区人居环境", "维持了社会秩序"},
			{"满意度指标", "服务对象满意度指标", "年结案率90%左右", "年结案率90%左右", "群众较满意"},
		}},
	{"市政道路及人行道附属设施维修、户外广告管理项目", "6.91",
		"1、通过对辖区管辖市政道路及附属设施的维修管护，保障市政基础设施功能完好，营造良好的生活环境，提升人民群众的满意度。2、全面推进创建全国文明城市，确保各项任务推进落实。整治市容市貌，营造整洁有序的生活环境。",
		"全年超预算完成任务",
		[][5]string{
			{"项目完成指标", "数量指标", "道路路面零星修补维护", "辖区市政道路及巷道路面约5万平米，日常管护零星维修", "全部完成"},
			{"项目完成指标", "", "人行道、路沿石等维修维护费", "辖区人行道、路沿石约8.8万平米，日常管护零星维修", "全部完成"},
			{"项目完成指标", "", "创文公益性广告以及宣传专栏；拆除影响市容市貌的户外广告", "公益广告通稿6幅以上，本市自行设计创作主题公益广告2幅以上。每季度至少开展1次专项整治，重要节点加大频次。", "全部完成"},
			{"项目完成指标", "质量指标", "公共基础设施管护", "保障道路及人行道平整，无坑洼、拥包、破损等，附属设施无破损", "全部完成"},
			{"项目完成指标", "时效指标", "2020年", "2020年", "全年"},
			{"效益指标", "社会效益指标", "推进文明建设的力度", "通过日常管护，确保市政基础设施完好，清理清除破旧广告提升市容环境", "全部完成"},
			{"满意度指标", "服务对象满意度指标", "群众满意度", "抽样调查达到基本满意及以上", "80%"},
		}},
}

func perfTables(m *Model) []*Table {
	var out []*Table
	for _, s := range m.Sections {
		for _, b := range s.Blocks {
			if b.Table != nil && b.Table.Kind == TableForm {
				out = append(out, b.Table)
			}
		}
	}
	return out
}

func TestDemoPerformanceTables(t *testing.T) {
	tables := perfTables(demoReport(t, i18n.ZH))
	if len(tables) != len(seedTables) {
		t.Fatalf("%d performance tables, want %d", len(tables), len(seedTables))
	}
	for i, want := range seedTables {
		tb := tables[i]
		cell := func(r, c int) string { return tb.Rows[r][c].Text }
		checks := []struct{ what, got, want string }{
			{"title", tb.Title, "项目绩效目标完成情况表"},
			{"year", tb.Subtitle, "(2020年度)"},
			{"项目名称", cell(0, 1), want.name},
			{"预算单位", cell(1, 1), "攀枝花市西区综合行政执法局"},
			{"预算数", cell(2, 2), want.budget},
			{"执行数", cell(2, 4), want.budget},
			{"财政拨款 (budget)", cell(3, 2), want.budget},
			{"财政拨款 (executed)", cell(3, 4), want.budget},
			{"其它资金 (budget)", cell(4, 2), ""},
			{"其它资金 (executed)", cell(4, 4), ""},
			{"预期目标", cell(6, 1), want.goal},
			{"实际完成目标", cell(6, 3), want.result},
		}
		for _, c := range checks {
			if c.got != c.want {
				t.Errorf("table %d %s = %q, want %q", i+1, c.what, c.got, c.want)
			}
		}
		if got := len(tb.Rows) - 8; got != len(want.rows) {
			t.Errorf("table %d has %d indicator rows, want %d", i+1, got, len(want.rows))
			continue
		}
		for r, row := range want.rows {
			for c, v := range row {
				if got := cell(8+r, 1+c); got != v {
					t.Errorf("table %d indicator %d column %d = %q, want %q", i+1, r+1, c+1, got, v)
				}
			}
		}
	}
}

func TestDemoChecksPass(t *testing.T) {
	m := demoReport(t, i18n.ZH)
	if m.Failed() {
		t.Fatalf("checks failed on the demo: %v", m.CheckLines())
	}
	for _, s := range m.Sums {
		var sum int64
		for _, p := range s.Parts {
			sum += p
		}
		if sum != s.Total {
			t.Errorf("%s: parts %d, total %d", s.What, sum, s.Total)
		}
	}
}

var networkRef = regexp.MustCompile(`(?i)(src|href)\s*=\s*["']?\s*(https?:)?//|url\(\s*["']?(https?:)?//|@import`)

func TestHTMLIsOffline(t *testing.T) {
	js, _ := assets.FS.ReadFile("echarts/echarts.min.js")
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		page := string(render(t, demoReport(t, lang), "html"))
		if loc := networkRef.FindStringIndex(page); loc != nil {
			t.Errorf("%s: network reference %q", lang, page[loc[0]:min(loc[1]+40, len(page))])
		}
		// Outside the inlined library (whose only URLs are XML namespaces and licence
		// comments) the page names no address at all.
		own := strings.Replace(page, escapeScript(string(js)), "", 1)
		for _, scheme := range []string{"http://", "https://"} {
			if strings.Contains(own, scheme) {
				t.Errorf("%s: the page refers to %s", lang, scheme)
			}
		}
		for _, id := range []string{chartOfficial, chartCostByClass, chartCostByMonth, chartProjects} {
			if !strings.Contains(own, `id="`+id+`"`) {
				t.Errorf("%s: chart %s missing", lang, id)
			}
		}
	}
}

func TestXLSX(t *testing.T) {
	m := demoReport(t, i18n.ZH)
	f, err := excelize.OpenReader(bytes.NewReader(render(t, m, "xlsx")))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := []string{"正文", "绩效表1", "绩效表2", "绩效表3", "绩效表4", "绩效表5", "项目执行", "资产统计", "支出按类别", "支出按月份", "精确值"}
	if got := f.GetSheetList(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	// Table 3 of the seed: the title row, then the grid from row 3.
	sheet := "绩效表3"
	merged, err := f.GetMergeCells(sheet)
	if err != nil {
		t.Fatal(err)
	}
	ranges := map[string]string{}
	for _, mc := range merged {
		ranges[mc.GetStartAxis()+":"+mc.GetEndAxis()] = mc.GetCellValue()
	}
	for rng, v := range map[string]string{
		"A1:F1": "项目绩效目标完成情况表", "A2:F2": "(2020年度)", "B3:F3": "路灯电费及维修项目",
		"A5:A7": "预算执行情况(万元)", "A8:A9": "年度目标完成情况", "A10:A16": "绩效指标完成情况",
		"B8:C8": "预期目标", "D8:F8": "实际完成目标",
	} {
		if got, ok := ranges[rng]; !ok || got != v {
			t.Errorf("%s merge %s = %q (present %v), want %q", sheet, rng, got, ok, v)
		}
	}
	raw, _ := f.GetCellValue(sheet, "C5", excelize.Options{RawCellValue: true})
	shown, _ := f.GetCellValue(sheet, "C5")
	if raw != "15" || shown != "15.00" {
		t.Errorf("预算数 cell = %q shown %q, want 15 shown as 15.00", raw, shown)
	}
	// The cells a person reads hold the printed figures: 车辆's cost is its
	// largest-remainder part 140.32 (exactly 140.3150…), and the parts add up to the
	// printed 1234.18; the exact amount is on the sheet of exact values.
	var parts float64
	for r := 3; r <= 9; r++ {
		v, _ := f.GetCellValue("支出按类别", fmt.Sprintf("C%d", r), excelize.Options{RawCellValue: true})
		var x float64
		fmt.Sscan(v, &x)
		parts += x
	}
	if v, _ := f.GetCellValue("支出按类别", "C3", excelize.Options{RawCellValue: true}); v != "140.32" {
		t.Errorf("车辆 cost cell = %s, want the printed 140.32", v)
	}
	if total, _ := f.GetCellValue("支出按类别", "C10", excelize.Options{RawCellValue: true}); fmt.Sprintf("%.2f", parts) != "1234.18" || total != "1234.18" {
		t.Errorf("cost parts add up to %.2f, total cell %s; want 1234.18", parts, total)
	}
	if v, _ := f.GetCellValue("资产统计", "D5", excelize.Options{RawCellValue: true}); v != "32597" {
		t.Errorf("green area cell = %s, want the printed 32597", v)
	}
	// Rates are numbers with a % format.
	rate, _ := f.GetCellValue("项目执行", "F8", excelize.Options{RawCellValue: true})
	rateShown, _ := f.GetCellValue("项目执行", "F8")
	if rate != "0.9789" || rateShown != "97.89%" {
		t.Errorf("绿化日常管护 rate = %q shown %q, want 0.9789 shown as 97.89%%", rate, rateShown)
	}
	rows, _ := f.GetRows("精确值", excelize.Options{RawCellValue: true})
	exact := ""
	for _, r := range rows {
		if len(r) == 5 && r[0] == "支出按类别" && r[1] == "C3" && r[2] == "车辆 / 支出(万元)" && r[3] == "140.32" {
			exact = r[4]
		}
	}
	if !strings.HasPrefix(exact, "140.31") {
		t.Errorf("exact 车辆 cost = %q, want 140.31…", exact)
	}
	if v, _ := f.GetCellValue(sheet, "F11"); v != "950盏" {
		t.Errorf("bound indicator = %q, want 950盏", v)
	}
	// Native charts on 支出按类别, 支出按月份 and 项目执行.
	if n := zipCount(t, render(t, m, "xlsx"), "xl/charts/chart"); n != 3 {
		t.Errorf("%d native charts, want 3", n)
	}
}

func zipCount(t *testing.T, b []byte, prefix string) int {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, prefix) {
			n++
		}
	}
	return n
}

func TestDOCX(t *testing.T) {
	b := render(t, demoReport(t, i18n.ZH), "docx")
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var doc []byte
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		// Every part must be well-formed XML, or Word refuses the file.
		dec := xml.NewDecoder(bytes.NewReader(data))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s: %v", f.Name, err)
			}
		}
		if f.Name == "word/document.xml" {
			doc = data
		}
	}
	text := string(doc)
	runs := strings.Count(text, "<w:r>")
	east := strings.Count(text, `w:eastAsia="宋体"`) + strings.Count(text, `w:eastAsia="黑体"`)
	if runs == 0 || east < runs {
		t.Errorf("%d runs but %d East Asian font settings", runs, east)
	}
	for _, s := range []string{"公务用车购置支出29.52万元", "950盏", `<w:vMerge w:val="restart"/>`, `<w:gridSpan w:val="5"/>`} {
		if !strings.Contains(text, s) {
			t.Errorf("document lacks %s", s)
		}
	}
	if got := strings.Count(text, "<w:tbl>"); got != 9 {
		t.Errorf("%d tables, want 9 (5 performance tables, the project summary, 3 in the assets section)", got)
	}
	// Hand-in ready: page numbers, header rows repeated on each page, a form's top
	// block kept with its first indicator row, no row split across pages.
	if !strings.Contains(text, `<w:footerReference w:type="default" r:id="rId2"/>`) || strings.Count(text, "<w:tblHeader/>") != 9 {
		t.Error("no footer or header rows not repeated")
	}
	if strings.Count(text, "<w:tr>") != strings.Count(text, "<w:cantSplit/>") {
		t.Error("a table row may split across pages")
	}
	first := text[strings.Index(text, "春节亮化氛围营造项目</w:t>"):]
	first = first[:strings.Index(first, "</w:tbl>")]
	rowsOf := strings.Split(first, "<w:tr>")
	for i, r := range rowsOf[1:] {
		keep := strings.Contains(r, "<w:keepNext/>")
		if i < 7 && !keep || i >= 7 && keep {
			t.Errorf("row %d of the first performance table: keepNext %v", i+2, keep)
		}
	}
	var footer []byte
	for _, f := range zr.File {
		if f.Name == "word/footer1.xml" {
			rc, _ := f.Open()
			footer, _ = io.ReadAll(rc)
			rc.Close()
		}
	}
	if !strings.Contains(string(footer), "PAGE") {
		t.Error("the footer has no page number")
	}
}

// The fixed-decimals option prints table amounts with two decimals (one in k yuan),
// the prose as always.
func TestFixedDecimals(t *testing.T) {
	var b bytes.Buffer
	if err := RenderWith(&b, demoReport(t, i18n.ZH), "md", RenderOptions{FixedDecimals: true}); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	wantContains(t, md, "| 预算执行情况(万元) | 预算数: | 15.00 | 执行数: | 15.00 |", "| 2020-006 | 绿化日常管护项目 | 否 | 56.00 | 54.82 | 97.89% |",
		"项目全年预算数15万元")
	b.Reset()
	if err := RenderWith(&b, demoReport(t, i18n.EN), "md", RenderOptions{FixedDecimals: true}); err != nil {
		t.Fatal(err)
	}
	wantContains(t, b.String(), "| 150.0 |")
	b.Reset()
	if err := RenderWith(&b, demoReport(t, i18n.ZH), "md", RenderOptions{Checks: true}); err != nil {
		t.Fatal(err)
	}
	wantContains(t, b.String(), "## 附：勾稽关系检查\n\n- 警告：项目“西区绿化管护项目”")
}

func TestJSONIsTheModel(t *testing.T) {
	m := demoReport(t, i18n.ZH)
	var back Model
	if err := json.Unmarshal(render(t, m, "json"), &back); err != nil {
		t.Fatal(err)
	}
	if back.Official.Total != 342300_00 || back.Official.PrevTotal != 25000_00 || back.Vehicles.Total != 32 {
		t.Errorf("JSON figures: total %v prev %v vehicles %d", back.Official.Total, back.Official.PrevTotal, back.Vehicles.Total)
	}
	if len(back.Sections) != 4 || back.Sections[0].Blocks[1].Paragraph != m.Sections[0].Blocks[1].Paragraph {
		t.Error("JSON does not carry the rendered sections")
	}
}
