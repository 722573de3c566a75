package reports

import (
	"context"
	"strings"
	"testing"

	"cityledger/domain"
	"cityledger/domain/i18n"
	"cityledger/reports/internal/memstore"
)

func build(t *testing.T, s domain.Store, year int, lang i18n.Lang) (*Model, string) {
	t.Helper()
	m, err := Build(context.Background(), s, year, lang)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range Formats {
		render(t, m, f)
	}
	return m, string(render(t, m.WithChecks(), "md"))
}

func checkCodes(m *Model) map[string]string {
	out := map[string]string{}
	for _, c := range m.Checks {
		out[c.Code] = c.Severity
	}
	return out
}

func wantContains(t *testing.T, text string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(text, p) {
			t.Errorf("missing %q in:\n%s", p, text)
		}
	}
}

func TestEmptyYearRendersZerosAndNone(t *testing.T) {
	m, md := build(t, memstore.New(), 2031, i18n.ZH)
	wantContains(t, md,
		"截至2031年12月31日，本单位共有车辆0辆，其中：主要领导干部用车0辆、机要通信用车0辆、应急保障用车0辆、其他用车0辆、执法执勤用车0辆、特种专业技术用车0辆。",
		"公务用车购置及运行维护费支出0万元。公务用车购置及运行维护费支出决算与2030年持平。",
		"其中：公务用车购置支出0万元。全年按规定更新购置公务用车0辆，其中：轿车0辆、金额0万元，越野车0辆、金额0万元，载客汽车0辆、金额0万元。",
		"单位共有公务用车0辆，其中：轿车0辆、越野车0辆、载客汽车0辆。",
		"公务用车运行维护费支出0万元。\n",
		// The six founding registers are stated even when empty, as before classes were
		// data; other classes with no assets are left out.
		"截至2031年12月31日，本单位共有车辆0辆、路灯0盏、绿地0㎡、排水管道0公里、排水设施0个、道路0㎡。2031年无新增和处置资产。",
		"2031年无维修养护工作量记录。全年无维修养护记录支出。",
		"本部门2031年度无公开的项目绩效目标完成情况。",
		"| 无 |  |  |  |  |  |",
	)
	if m.Failed() {
		t.Errorf("an empty year fails its checks: %v", m.CheckLines())
	}
	if checkCodes(m)["no_settings"] != SeverityWarning {
		t.Errorf("no warning for the missing settings: %v", m.CheckLines())
	}
	_, en := build(t, memstore.New(), 2031, i18n.EN)
	wantContains(t, en, "As of 31 December 2031, the unit held 0 vehicles: ", "| none |")
}

func TestProjectWithoutIndicatorsShowsNone(t *testing.T) {
	s := memstore.New()
	s.AddUnit(domain.Unit{Name: "某区城市管理局", ShortName: "局机关"})
	s.AddProject(domain.Project{Code: "P1", Year: 2024, Name: "桥梁检测项目", Unit: "局机关", Budget: 5000_00, FiscalBudget: 4000_00, OtherBudget: 1000_00, Disclosed: true})
	m, md := build(t, s, 2024, i18n.ZH)
	wantContains(t, md,
		"本部门在2024年度部门决算中反映“桥梁检测”项目绩效目标实际完成情况。",
		"（1）桥梁检测项目绩效目标完成情况综述。项目全年预算数0.5万元，执行数为0万元，完成预算的0%。",
		"| 预算执行情况(万元) | 预算数: | 0.5 | 执行数: | 0 |  |",
		"|  | 其中-财政拨款: | 0.4 | 其中-财政拨款: | 0 |  |",
		"|  | 其它资金: | 0.1 | 其它资金: |  |  |",
		"|  | 无 |  |  |  |  |",
	)
	tb := perfTables(m)[0]
	if last := tb.Rows[len(tb.Rows)-1]; last[1].Text != "无" || last[1].ColSpan != 5 || last[0].Covered != "up" {
		t.Errorf("无 row = %+v", last)
	}
	codes := checkCodes(m)
	if codes["no_indicators"] != SeverityWarning || codes["no_records"] != SeverityWarning {
		t.Errorf("checks = %v", m.CheckLines())
	}
}

func TestChecksNameTheFigures(t *testing.T) {
	s := memstore.New()
	s.AddUnit(domain.Unit{Name: "某区城市管理局", ShortName: "局机关"})
	s.AddAsset(domain.Asset{Class: domain.Vehicles, Code: "V1", Unit: "局机关", Kind: domain.UseLaw, BodyType: "轿车", StartDate: "2020-01-01"})
	s.AddAsset(domain.Asset{Class: domain.Vehicles, Code: "V2", Unit: "局机关", Kind: "", BodyType: "轿车", StartDate: "2020-01-01"})
	s.AddAsset(domain.Asset{Class: domain.SewerPipes, Code: "G1", Unit: "局机关", Kind: "污水", LengthM: 100, GeomLengthM: 120, StartDate: "2020-01-01"})
	s.AddAsset(domain.Asset{Class: domain.Roads, Code: "R1", Unit: "局机关", Kind: "车行道", AreaM2: 1000, GeomAreaM2: 1040, StartDate: "2020-01-01"})
	s.AddProject(domain.Project{Code: "P1", Year: 2024, Name: "道路维修项目", Unit: "局机关", Budget: 10000_00, FiscalBudget: 10000_00, Disclosed: true})
	s.AddIndicator(domain.Indicator{ProjectCode: "P1", Year: 2024, Level1: "产出指标", Level3: "维修面积"})
	s.AddRecord(domain.Record{Date: "2024-03-01", AssetClass: domain.Roads, ProjectCode: "P1", WorkType: "维修", Quantity: 100, QuantityUnit: "㎡", Cost: 15000_00})
	pid := s.ProjectID("P1", 2024)
	s.AddRecord(domain.Record{Date: "2025-01-05", AssetClass: domain.Roads, ProjectID: pid, WorkType: "维修", Cost: 1200_00})

	m, md := build(t, s, 2024, i18n.ZH)
	if !m.Failed() {
		t.Fatal("checks pass on a broken register")
	}
	want := map[string]string{
		"vehicle_no_category": "错误：车辆共2辆，各使用类别合计1辆，有1辆未归入任何使用类别",
		"outside_year":        "错误：1条维修养护记录的日期不在其项目所属年度内，例如：2025-01-05 维修 1200.00元（项目P1）",
		"over_budget":         "警告：项目“道路维修项目”执行数1.5万元，超过预算数1万元（完成预算的150%）",
		"measure_length":      "警告：排水管道“G1”填写长度100米，与几何量算长度120米相差16.67%（超过5%）",
		"no_settings":         "警告：2024年度没有年度设置：报告不含“三公”经费的合计、因公出国（境）和公务接待，也不含预算完成比例和说明",
	}
	codes := checkCodes(m)
	for code, line := range want {
		if codes[code] == "" {
			t.Errorf("no %s check", code)
		}
		wantContains(t, md, line)
	}
	if codes["measure_area"] != "" {
		t.Error("4 % off is within the tolerance")
	}
	if codes["sum_mismatch"] != "" {
		t.Errorf("printed parts do not add up: %v", m.CheckLines())
	}
}

func TestSumMismatchIsAnError(t *testing.T) {
	b := &builder{d: &data{year: 2024}, lang: i18n.ZH, units: map[int64]domain.Unit{}}
	b.m = &Model{}
	b.sum("测试", []int64{100, 201}, 300)
	b.checks()
	if !b.m.Failed() || !strings.Contains(b.m.Checks[0].Message, "测试：打印的各部分合计3.01，与打印的总数3不符") {
		t.Errorf("checks = %+v", b.m.Checks)
	}
}

func TestYearOnYearWording(t *testing.T) {
	cases := []struct {
		now, prev domain.Fen
		zh, en    string
	}{
		{342300_00, 25000_00, "公务接待费支出决算比2019年增加31.73万元，增长1269.2%。", "increased by 317.3k yuan, or 1269.2%."},
		{25000_00, 342300_00, "公务接待费支出决算比2019年减少31.73万元，下降92.7%。", "decreased by 317.3k yuan, or 92.7%."},
		{10000_00, 0, "公务接待费支出决算比2019年增加1万元。", "increased by 10k yuan."},
		{0, 0, "公务接待费支出决算与2019年持平。", "Compared with 2019, spending on official receptions was unchanged."},
		{10000_40, 10000_00, "公务接待费支出决算与2019年持平。", "was unchanged."},
	}
	for _, c := range cases {
		for lang, want := range map[i18n.Lang]string{i18n.ZH: c.zh, i18n.EN: c.en} {
			b := &builder{d: &data{year: 2020}, lang: lang}
			if got := b.yearOnYear(b.t("three.what_reception", nil), c.now, c.prev); !strings.Contains(got, want) {
				t.Errorf("%s %v vs %v: %q, want …%q", lang, c.now, c.prev, got, want)
			}
		}
	}
}

func TestPurchasesAddUpByLargestRemainder(t *testing.T) {
	s := memstore.New()
	s.AddUnit(domain.Unit{Name: "某区城市管理局", ShortName: "局机关"})
	for i, body := range []string{"轿车", "越野车", "载客汽车", "货车"} {
		value := domain.Fen(33333_33)
		if body == "货车" {
			value = 0
		}
		s.AddAsset(domain.Asset{Class: domain.Vehicles, Code: string(rune('A' + i)), Unit: "局机关", Kind: domain.UseLaw,
			BodyType: body, Official: true, StartDate: "2024-05-01", OriginalValue: value})
	}
	m, md := build(t, s, 2024, i18n.ZH)
	// 3 × 3.333333万元 = 9.999999万元 → 10; the parts print 3.34 + 3.33 + 3.33.
	wantContains(t, md,
		"其中：公务用车购置支出10万元。全年按规定更新购置公务用车4辆，其中：轿车1辆、金额3.34万元，越野车1辆、金额3.33万元，载客汽车1辆、金额3.33万元，货车1辆、金额0万元。",
		"单位共有公务用车4辆，其中：轿车1辆、越野车1辆、载客汽车1辆、货车1辆。",
	)
	if m.Failed() {
		t.Errorf("checks: %v", m.CheckLines())
	}
}

func TestBindings(t *testing.T) {
	s := memstore.New()
	s.AddUnit(domain.Unit{Name: "某区城市管理局", ShortName: "局机关"})
	s.AddUnit(domain.Unit{Name: "某区园林绿化服务中心", ShortName: "园林中心", Parent: "局机关"})
	for i := 0; i < 12; i++ {
		kind := "通电路灯"
		if i >= 10 {
			kind = "景观灯"
		}
		s.AddAsset(domain.Asset{Class: domain.Lamps, Code: string(rune('a' + i)), Unit: "局机关", Kind: kind, StartDate: "2019-01-01"})
	}
	s.AddAsset(domain.Asset{Class: domain.Lamps, Code: "gone", Unit: "局机关", Kind: "通电路灯", StartDate: "2019-01-01", Status: domain.StatusDisposed, DisposalDate: "2020-06-01"})
	s.AddAsset(domain.Asset{Class: domain.GreenAreas, Code: "g1", Unit: "园林中心", Kind: "公共绿地", AreaM2: 6999.6, StartDate: "2019-01-01"})
	s.AddAsset(domain.Asset{Class: domain.GreenAreas, Code: "g2", Unit: "局机关", Kind: "公共绿地", AreaM2: 500, StartDate: "2019-01-01"})
	s.AddAsset(domain.Asset{Class: domain.SewerPipes, Code: "p1", Unit: "局机关", Kind: "污水", LengthM: 13400, StartDate: "2019-01-01"})
	s.AddAsset(domain.Asset{Class: domain.SewerPipes, Code: "p2", Unit: "局机关", Kind: "雨水", LengthM: 360, StartDate: "2019-01-01"})
	s.AddProject(domain.Project{Code: "P1", Year: 2020, Name: "路灯维修项目", Unit: "局机关", Budget: 20000_00, FiscalBudget: 20000_00, Disclosed: true})
	for i := 0; i < 3; i++ {
		s.AddRecord(domain.Record{Date: "2020-04-01", AssetClass: domain.Lamps, ProjectCode: "P1", WorkType: "维修", Quantity: 5, QuantityUnit: "盏", Cost: 5000_00})
		s.AddRecord(domain.Record{Date: "2020-05-01", AssetClass: domain.Lamps, WorkType: "巡查", Quantity: 1, QuantityUnit: "次", Cost: 0})
	}
	b := &builder{lang: i18n.ZH, units: map[int64]domain.Unit{}}
	d, err := load(context.Background(), s, 2020)
	if err != nil {
		t.Fatal(err)
	}
	b.d = d
	cases := map[string]string{
		"lamps.count":                               "12盏",
		"lamps.count type=通电路灯":                     "10盏",
		"lamps.count unit=园林中心":                     "0盏",
		"green-areas.area unit=园林中心":                "7000㎡",
		"green-areas.area":                          "7500㎡",
		"green-areas.count":                         "2处",
		"sewer-pipes.length":                        "13.76公里",
		"sewer-pipes.length type=雨水":                "360米",
		"records.quantity work_type=维修 class=lamps": "15盏",
		"records.quantity class=路灯":                 "15盏、3次",
		"records.count work_type=巡查":                "3次",
		"records.cost project=P1":                   "1.5万元",
	}
	for text, want := range cases {
		bind, err := domain.ParseBinding(text)
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		if got := b.bindingValue(bind); got != want {
			t.Errorf("%s = %q, want %q", text, got, want)
		}
	}
	b.lang = i18n.EN
	if got := b.bindingValue(domain.Binding{Source: "lamps", Measure: "count"}); got != "12 lamps" {
		t.Errorf("en lamps.count = %q", got)
	}
}
