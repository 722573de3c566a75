package reports

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"cityledger/domain"
	"cityledger/domain/i18n"
	"cityledger/domain/storage"
)

// Each test below builds one kind of contradiction in a copy of the demo district,
// through the store as a person would make it, and asserts the finding that names it.

// demoCopy is a private copy of the demo database.
func demoCopy(t *testing.T) *storage.DB {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "copy.db")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := demoDB.Backup(ctx, f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	db, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func findings(t *testing.T, s domain.Store, year int, lang i18n.Lang) []Check {
	t.Helper()
	cs, err := CheckYear(context.Background(), s, year, lang)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

// want asserts a finding of code about subject whose message holds every part.
func want(t *testing.T, cs []Check, code, subject string, parts ...string) {
	t.Helper()
	for _, c := range cs {
		if c.Code != code || c.Subject != subject {
			continue
		}
		ok := true
		for _, p := range parts {
			ok = ok && strings.Contains(c.Message, p)
		}
		if ok {
			return
		}
	}
	t.Errorf("no %s finding about %q holding %q in:\n%s", code, subject, parts, listFindings(cs))
}

func listFindings(cs []Check) string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Severity+" "+c.Code+" ["+c.Subject+"] "+c.Message)
	}
	return strings.Join(out, "\n")
}

func setSettings(t *testing.T, s domain.Store, year int, kv ...string) {
	t.Helper()
	ctx := context.Background()
	st, err := s.GetYearSettings(ctx, year)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(kv); i += 2 {
		if fe := st.Set(kv[i], kv[i+1]); fe != nil {
			t.Fatalf("%s: %+v", kv[i], fe)
		}
	}
	if err := s.SaveYearSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
}

func project(t *testing.T, s domain.Store, code string) *domain.Project {
	t.Helper()
	ps, err := s.ListProjects(context.Background(), 2020)
	if err != nil {
		t.Fatal(err)
	}
	for i := range ps {
		if ps[i].Code == code {
			return &ps[i]
		}
	}
	t.Fatalf("no project %s", code)
	return nil
}

func editProject(t *testing.T, s domain.Store, code string, edit func(p *domain.Project)) {
	t.Helper()
	p := project(t, s, code)
	edit(p)
	if err := s.SaveProject(context.Background(), p); err != nil {
		t.Fatal(err)
	}
}

func editIndicator(t *testing.T, s domain.Store, code string, position int, edit func(in *domain.Indicator)) {
	t.Helper()
	ctx := context.Background()
	p := project(t, s, code)
	rows, err := s.ListIndicators(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	for i := range rows {
		if rows[i].Position == position {
			edit(&rows[i])
		}
	}
	if err := s.SaveIndicators(ctx, p.ID, rows); err != nil {
		t.Fatal(err)
	}
}

func report(t *testing.T, s domain.Store, year int) string {
	t.Helper()
	m, err := ForYear(context.Background(), s, year, i18n.ZH)
	if err != nil {
		t.Fatal(err)
	}
	return string(render(t, m, "md"))
}

// The demo's findings: no error; one warning, the seed's own 成本指标 target of 40万元
// against the budget of 39.51万元 it was adjusted to. 2019 has none.
func TestDemoFindings(t *testing.T) {
	cs := findings(t, demoDB, 2020, i18n.ZH)
	if len(cs) != 1 {
		t.Fatalf("demo 2020 findings:\n%s", listFindings(cs))
	}
	want(t, cs, "cost_target_mismatch", "2020-002", "40万元", "39.51万元")
	if cs[0].Severity != SeverityWarning {
		t.Errorf("the demo has an error: %s", listFindings(cs))
	}
	if cs := findings(t, demoDB, 2019, i18n.ZH); len(cs) != 0 {
		t.Errorf("demo 2019 findings:\n%s", listFindings(cs))
	}
}

func TestNoteStatesOtherPurchasesAndGrowth(t *testing.T) {
	s := demoCopy(t)
	setSettings(t, s, 2020, "note_official_change", "主要原因是2020年机构改革单位合并，并购入三辆公务用车，比上年增长100%")
	cs := findings(t, s, 2020, i18n.ZH)
	want(t, cs, "text_figure_mismatch", "note_official_change", "并购入三辆公务用车", "公务用车购置数量", "三辆", "2辆")
	want(t, cs, "text_figure_mismatch", "note_official_change", "比上年增长100%", "增长100%", "增长1269.2%")
	for _, c := range cs {
		if c.Field != "note_official_change" && c.Subject == "note_official_change" {
			t.Errorf("finding %s points at %q", c.Code, c.Field)
		}
	}
}

// Rewording a note without changing what it states gives no finding.
func TestRewordedNotesStateTheSame(t *testing.T) {
	s := demoCopy(t)
	setSettings(t, s, 2020,
		"note_official_change", "2020年机构改革、单位合并后，新购置了2辆公务用车，公务用车购置及运行维护费比上年增加31.73万元、增长1269.2％，年末共有公务用车3辆",
		"note_other_vehicles", "全局共有车辆32辆，其中其他用车2辆主要是用于执法等",
		"note_perf_overall", "对19个项目编制了绩效目标，选取5个项目开展绩效监控，对五个项目开展了自评",
		"note_abroad_change", "全年未安排因公出国（境）",
	)
	editProject(t, s, "2020-003", func(p *domain.Project) {
		p.Summary = "项目全年预算数15万元，执行15万元，完成预算的100%，管辖路灯950盏"
	})
	cs := findings(t, s, 2020, i18n.ZH)
	if len(cs) != 1 || cs[0].Code != "cost_target_mismatch" {
		t.Errorf("rewording gave findings:\n%s", listFindings(cs))
	}
}

func TestTemplateLeftovers(t *testing.T) {
	s := demoCopy(t)
	setSettings(t, s, 2020,
		"note_official_change", "公务用车购置及运行维护费支出决算比2019年增加/减少X万元，增长/下降×%",
		"note_abroad_change", "全年安排因公出国（境）团组00次",
		"note_reception_content", "具体内容包括：",
	)
	editProject(t, s, "2020-005", func(p *domain.Project) { p.Summary = "决算数小于/等于预算数的主要原因是（）" })
	cs := findings(t, s, 2020, i18n.ZH)
	for _, l := range []struct{ subject, text string }{
		{"note_official_change", "增加/减少"}, {"note_official_change", "X万元"}, {"note_official_change", "增长/下降"},
		{"note_official_change", "×%"}, {"note_abroad_change", "00次"}, {"note_reception_content", "具体内容包括："},
		{"2020-005", "小于/等于"}, {"2020-005", "（）"},
	} {
		want(t, cs, "template_leftover", l.subject, "“"+l.text+"”")
	}
	// Nothing else is read into them: a leftover states no figure.
	for _, c := range cs {
		if c.Code == "text_figure_mismatch" {
			t.Errorf("a leftover read as a figure: %s", c.Message)
		}
	}
}

func TestProjectSummaryContradictsItsFigures(t *testing.T) {
	s := demoCopy(t)
	editProject(t, s, "2020-003", func(p *domain.Project) {
		p.Summary = "项目全年预算数20万元，执行数为15万元，完成预算的90%。"
	})
	cs := findings(t, s, 2020, i18n.ZH)
	want(t, cs, "text_figure_mismatch", "2020-003", "项目预算数", "20万元", "15万元")
	want(t, cs, "text_figure_mismatch", "2020-003", "项目完成预算比例", "90%", "100%")
	for _, c := range cs {
		if strings.Contains(c.Message, "执行数为15万元") {
			t.Errorf("the executed amount 15万元 is right: %s", c.Message)
		}
	}
	for _, c := range cs {
		if c.Subject == "2020-003" && c.Field != "summary" {
			t.Errorf("%s points at %q, want summary", c.Code, c.Field)
		}
	}
}

func TestCostIndicatorContradictsTheRecords(t *testing.T) {
	s := demoCopy(t)
	editIndicator(t, s, "2020-002", 4, func(in *domain.Indicator) { in.Binding, in.Actual = "", "41.2万元" })
	cs := findings(t, s, 2020, i18n.ZH)
	want(t, cs, "cost_actual_mismatch", "2020-002", "41.2万元", "39.51万元", "records.cost project=2020-002")
	for _, c := range cs {
		if c.Code == "cost_actual_mismatch" && c.Field != "indicators.4.actual" {
			t.Errorf("field %q", c.Field)
		}
	}
}

func TestTypedIndicatorValueIsOfferedItsBinding(t *testing.T) {
	s := demoCopy(t)
	editIndicator(t, s, "2020-003", 1, func(in *domain.Indicator) { in.Binding, in.Actual = "", "950盏" })
	editIndicator(t, s, "2020-002", 4, func(in *domain.Indicator) { in.Binding, in.Actual = "", "39.51万元" })
	cs := findings(t, s, 2020, i18n.ZH)
	want(t, cs, "indicator_bindable", "2020-003", "950盏", "lamps.count")
	want(t, cs, "indicator_bindable", "2020-002", "39.51万元", "records.cost project=2020-002")
	for _, c := range cs {
		if c.Code == "indicator_bindable" && !strings.HasSuffix(c.Field, ".binding") {
			t.Errorf("field %q", c.Field)
		}
	}
}

func TestTextContradictsTheBoundStatistic(t *testing.T) {
	s := demoCopy(t)
	editProject(t, s, "2020-003", func(p *domain.Project) { p.Result = "全年管辖路灯960盏，顺利完成工作任务" })
	// A typed value the binding replaces, but that says otherwise.
	editIndicator(t, s, "2020-003", 1, func(in *domain.Indicator) { in.Actual = "940盏" })
	cs := findings(t, s, 2020, i18n.ZH)
	want(t, cs, "bound_value_mismatch", "2020-003", "960盏", "950盏")
	want(t, cs, "bound_value_mismatch", "2020-003", "940盏", "950盏")
}

func TestDisclosedProjectWithoutGoalOrResult(t *testing.T) {
	s := demoCopy(t)
	editProject(t, s, "2020-001", func(p *domain.Project) { p.Goal, p.Result = "", " " })
	cs := findings(t, s, 2020, i18n.ZH)
	want(t, cs, "project_no_goal", "2020-001", "春节亮化氛围营造项目")
	want(t, cs, "project_no_result", "2020-001", "春节亮化氛围营造项目")
}

func TestThreePublicOverBudget(t *testing.T) {
	s := demoCopy(t)
	setSettings(t, s, 2020, domain.AmountAbroad, "5000", domain.AmountReceptionDomestic, "12000.5", domain.AmountReceptionBudget, "10000")
	cs := findings(t, s, 2020, i18n.ZH)
	want(t, cs, "three_public_over_budget", domain.AmountAbroadBudget, "因公出国（境）", "0.5万元", "0万元")
	want(t, cs, "three_public_over_budget", domain.AmountReceptionBudget, "公务接待费", "1.2万元", "1万元")
	md := report(t, s, 2020)
	wantContains(t, md, "1.因公出国（境）经费支出0.5万元。", "3.公务接待费支出1.2万元，完成预算120.01%。",
		"2020年“三公”经费财政拨款支出决算为35.93万元，完成预算101.99%。",
		"因公出国（境）费支出决算0.5万元，占1.39%；公务用车购置及运行维护费支出决算34.23万元，占95.27%；公务接待费支出决算1.2万元，占3.34%。",
		"因公出国（境）支出决算比2019年增加0.5万元。")
}

// Only one of the two 公务用车 budgets: a finding, and no rate against half a budget.
func TestOnlyOneOfficialBudget(t *testing.T) {
	s := demoCopy(t)
	setSettings(t, s, 2020, "official_running_budget", "")
	cs := findings(t, s, 2020, i18n.ZH)
	want(t, cs, "official_budget_partial", "official_running_budget", "公务用车购置预算", "公务用车运行维护预算")
	md := report(t, s, 2020)
	wantContains(t, md, "2.公务用车购置及运行维护费支出34.23万元。公务用车", "2020年“三公”经费财政拨款支出决算为34.23万元。")
	if strings.Contains(md, "115.96%") {
		t.Error("the rate is computed against the purchase budget alone")
	}
}

// A budget of 0 is a value: 0 spent of 0 is 完成预算100%; an unset budget is not.
func TestZeroBudgetIsAValue(t *testing.T) {
	s := demoCopy(t)
	if md := report(t, s, 2020); !strings.Contains(md, "1.因公出国（境）经费支出0万元，完成预算100%。") {
		t.Error("0 of a budget of 0 is not 完成预算100%")
	}
	setSettings(t, s, 2020, domain.AmountAbroadBudget, "")
	cs := findings(t, s, 2020, i18n.ZH)
	want(t, cs, "three_public_incomplete", domain.AmountAbroadBudget, "因公出国费预算")
	md := report(t, s, 2020)
	wantContains(t, md, "1.因公出国（境）经费支出0万元。全年安排", "2020年“三公”经费财政拨款支出决算为34.23万元。")
	// Without trips abroad at all, the section is the official cars alone.
	setSettings(t, s, 2020, domain.AmountAbroad, "")
	want(t, findings(t, s, 2020, i18n.ZH), "three_public_not_set", domain.AmountAbroad, "因公出国（境）费支出")
	md = report(t, s, 2020)
	if strings.Contains(md, "1.因公出国") || strings.Contains(md, "2.公务用车") || !strings.Contains(md, "\n公务用车购置及运行维护费支出34.23万元，完成预算100%。") {
		t.Errorf("without the abroad amount:\n%s", md[:min(len(md), 1200)])
	}
}

// A closed year whose registers changed: its report stays as archived, its check
// names each figure the registers no longer give, and the year after compares with
// the archived figures.
func TestClosedYearDriftAndArchivedComparison(t *testing.T) {
	s := demoCopy(t)
	ctx := context.Background()
	if err := CloseYear(ctx, s, 2020); err != nil {
		t.Fatal(err)
	}
	// Assets are not frozen with a year: one pickup is re-registered as not official.
	a, err := s.GetAssetByCode(ctx, domain.Vehicles, "CL-002")
	if err != nil {
		t.Fatal(err)
	}
	a.Official = false
	if err := s.SaveAsset(ctx, a); err != nil {
		t.Fatal(err)
	}
	if md := report(t, s, 2020); !strings.Contains(md, "2.公务用车购置及运行维护费支出34.23万元") {
		t.Error("the closed year's report changed")
	}
	cs := findings(t, s, 2020, i18n.ZH)
	want(t, cs, "closed_year_drift", "", "公务用车购置支出", "29.52万元", "14.76万元")
	want(t, cs, "closed_year_drift", "", "公务用车购置数量", "2", "1")
	// 2021: no official spending; the change against 2020 uses its archived 34.23万元.
	m, err := Build(ctx, s, 2021, i18n.ZH)
	if err != nil {
		t.Fatal(err)
	}
	if m.Official.PrevTotal != 342300_00 || !m.Official.PrevArchived {
		t.Errorf("2021 compares with %s (archived %v), want the archived 342300.00", m.Official.PrevTotal.Yuan(), m.Official.PrevArchived)
	}
	wantContains(t, string(render(t, m, "md")), "公务用车购置及运行维护费支出决算比2020年减少34.23万元，下降100%。")
	want(t, m.Checks, "prev_year_archived", "", "34.23万元")
}

func TestNotesContradictCounts(t *testing.T) {
	s := demoCopy(t)
	setSettings(t, s, 2020,
		"note_perf_overall", "本部门选取3个项目开展绩效监控，对19个项目编制了绩效目标",
		"note_other_vehicles", "全局共有车辆33辆，其他用车主要是用于执法等",
	)
	cs := findings(t, s, 2020, i18n.ZH)
	want(t, cs, "text_figure_mismatch", "note_perf_overall", "开展绩效监控的项目数", "3个", "5个")
	want(t, cs, "text_figure_mismatch", "note_other_vehicles", "年末车辆数量", "33辆", "32辆")
	for _, c := range cs {
		if strings.Contains(c.Message, "19个") {
			t.Errorf("19 projects with a goal is right: %s", c.Message)
		}
	}
}

// allCodes are the stable codes of the checks (doc.go lists them).
var allCodes = []string{
	"sum_mismatch", "outside_year", "vehicle_no_category",
	"over_budget", "no_records", "no_indicators", "project_no_goal", "project_no_result",
	"measure_length", "measure_area", "measure_more", "no_settings",
	"official_budget_partial", "three_public_over_budget", "three_public_not_set", "three_public_incomplete",
	"prev_year_archived", "closed_year_drift", "closed_year_drift_more",
	"text_figure_mismatch", "cost_target_mismatch", "cost_actual_mismatch", "bound_value_mismatch",
	"indicator_bindable", "template_leftover",
}

var unrendered = regexp.MustCompile(`report\.|<no value>|\{\{`)

// Every finding has its message in both languages: the catalogue holds every code in
// both, and the findings of a year full of contradictions render completely in each.
func TestEveryFindingInBothLanguages(t *testing.T) {
	for _, code := range allCodes {
		for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
			if !i18n.Has(lang, "report.check."+code) {
				t.Errorf("%s has no %s message", code, lang)
			}
		}
	}
	s := demoCopy(t)
	setSettings(t, s, 2020,
		"note_official_change", "并购入三辆公务用车，比上年增长100%，增加/减少X万元",
		"official_running_budget", "", domain.AmountAbroad, "5000", domain.AmountReceptionForeign, "",
		"note_perf_overall", "选取3个项目开展绩效监控")
	editProject(t, s, "2020-003", func(p *domain.Project) { p.Summary, p.Result = "项目全年预算数20万元", "管辖路灯960盏" })
	editProject(t, s, "2020-001", func(p *domain.Project) { p.Goal = "" })
	editIndicator(t, s, "2020-002", 4, func(in *domain.Indicator) { in.Binding, in.Actual = "", "41.2万元" })
	editIndicator(t, s, "2020-004", 5, func(in *domain.Indicator) { in.Actual = "47.87万元" })
	zh, en := findings(t, s, 2020, i18n.ZH), findings(t, s, 2020, i18n.EN)
	if len(zh) != len(en) || len(zh) < 10 {
		t.Fatalf("%d findings in Chinese, %d in English:\n%s\n%s", len(zh), len(en), listFindings(zh), listFindings(en))
	}
	seen := map[string]bool{}
	for i := range zh {
		z, e := zh[i], en[i]
		seen[z.Code] = true
		if z.Code != e.Code || z.Subject != e.Subject || z.Field != e.Field || z.Severity != e.Severity {
			t.Errorf("finding %d differs between languages: %+v / %+v", i, z, e)
		}
		if z.Message == "" || unrendered.MatchString(z.Message) || !strings.ContainsFunc(z.Message, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
			t.Errorf("zh message of %s: %q", z.Code, z.Message)
		}
		if e.Message == "" || unrendered.MatchString(e.Message) || e.Message == z.Message || !strings.ContainsAny(e.Message, "abcdefghijklmnopqrstuvwxyz") {
			t.Errorf("en message of %s: %q", e.Code, e.Message)
		}
	}
	for _, code := range []string{"text_figure_mismatch", "template_leftover", "official_budget_partial", "three_public_over_budget",
		"three_public_not_set", "project_no_goal", "cost_actual_mismatch", "cost_target_mismatch", "bound_value_mismatch", "indicator_bindable"} {
		if !seen[code] {
			t.Errorf("the contradictions gave no %s:\n%s", code, listFindings(zh))
		}
	}
}
