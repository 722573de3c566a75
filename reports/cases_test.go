package reports

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"cityledger/domain"
	"cityledger/domain/i18n"
	"cityledger/reports/internal/memstore"
)

// seedCaseSentence is DESIGN.md's sentence with the seed's 附件2 figures and lists.
// Where the seed is wrong, its "按时结案率99.92%" is the computed "结案率100%，按时回复率98.28%".
const seedCaseSentence = "全年，受理城市管理案件33345件，处置32691件，处置率98.04%。其中，按期处置22669件，按期处置率67.98%。" +
	"高发问题排名前十位的部件为：垃圾箱、路灯、景观灯、交通标志牌、行道树、交通护栏、无主井盖、沟盖板、特殊井盖、路名牌；" +
	"高发问题排名前十位的事件为：非机动车乱停放、无照经营游商、非法小广告、暴露垃圾、街头散发广告、道路不洁、乱堆物堆料、无施工废弃料、沿街晾挂、违规户外广告。" +
	"收到“12345”政务服务热线1220件，处置1220件，按时回复1199件，结案率100%，按时回复率98.28%。"

// The demo's section 数字化城管案件办理情况 says the seed's figures in DESIGN.md's words,
// in every format.
func TestDemoCaseSentence(t *testing.T) {
	m := demoReport(t, i18n.ZH)
	var got string
	for _, s := range m.Sections {
		if s.ID == "cases" {
			got = s.Blocks[0].Paragraph
			if s.Heading != "（六）数字化城管案件办理情况" {
				t.Errorf("heading %q", s.Heading)
			}
		}
	}
	if got != seedCaseSentence {
		t.Fatalf("the sentence:\n got %s\nwant %s", got, seedCaseSentence)
	}
	for _, format := range []string{"md", "html", "json"} {
		if out := string(render(t, m, format)); !strings.Contains(out, seedCaseSentence) {
			t.Errorf("%s lacks the sentence", format)
		}
	}
	if doc := docxDocument(t, render(t, m, "docx")); !strings.Contains(doc, "按期处置率67.98%") || !strings.Contains(doc, "按时回复率98.28%") {
		t.Error("docx lacks the sentence")
	}
	f, err := excelize.OpenReader(bytes.NewReader(render(t, m, "xlsx")))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("正文")
	found := false
	for _, r := range rows {
		for _, c := range r {
			found = found || c == seedCaseSentence
		}
	}
	if !found {
		t.Error("xlsx lacks the sentence")
	}
	if m.Cases == nil || m.Cases.City.Reported != 33345 {
		t.Errorf("model figures %+v", m.Cases)
	}
}

// docxDocument is the text of word/document.xml with the XML between runs dropped.
func docxDocument(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var doc string
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			data, _ := io.ReadAll(rc)
			rc.Close()
			doc = string(data)
		}
	}
	var out strings.Builder
	inTag := false
	for _, r := range doc {
		switch {
		case r == '<':
			inTag = true
		case r == '>':
			inTag = false
		case !inTag:
			out.WriteRune(r)
		}
	}
	return out.String()
}

func caseOf(no, source, category, name, reported, deadline, resolved string) domain.Case {
	at := func(s string) time.Time {
		if s == "" {
			return time.Time{}
		}
		v, _ := domain.ParseCaseTime(s)
		return v
	}
	return domain.Case{No: no, Source: source, Category: category, ClassName: name, ReportedAt: at(reported),
		Deadline: at(deadline), ResolvedAt: at(resolved), ClosedAt: at(resolved), RepliedAt: at(resolved)}
}

// A year without cases has no section; a year with only tickets or only city cases
// prints only its sentence; the lists name the classes there are; bindings print the figures.
func TestCaseSectionVariants(t *testing.T) {
	build := func(cs ...domain.Case) *Model {
		s := memstore.New()
		s.AddUnit(domain.Unit{Name: "某局", ShortName: "局"})
		for _, c := range cs {
			s.AddCase(c)
		}
		p := s.AddProject(domain.Project{Code: "P1", Year: 2020, Name: "数字化城管项目", Unit: "局", Disclosed: true})
		for i, b := range []string{"cases.reported", "cases.resolution_rate", "cases.reported source=12345", "cases.reply_rate", "cases.on_time_rate source=巡查"} {
			s.AddIndicator(domain.Indicator{ProjectID: p, Position: i + 1, Level1: "产出", Level3: b, Binding: b})
		}
		m, err := Build(context.Background(), s, 2020, i18n.ZH)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	section := func(m *Model) string {
		for _, s := range m.Sections {
			if s.ID == "cases" {
				return s.Blocks[0].Paragraph
			}
		}
		return ""
	}
	if got := section(build()); got != "" {
		t.Errorf("a year without cases: %q", got)
	}
	cancelled := caseOf("X", domain.SourceCityPlatform, "事件", "暴露垃圾", "2020-03-01 08:00", "", "")
	cancelled.Status = domain.CaseCancelled
	if got := section(build(cancelled)); got != "" {
		t.Errorf("a year with only a cancelled case: %q", got)
	}
	hot := caseOf("R1", domain.SourceHotline, "事件", "商业噪音", "2020-03-01 08:00", "2020-03-04 08:00", "2020-03-02 08:00")
	if got := section(build(hot)); got != "收到“12345”政务服务热线1件，处置1件，按时回复1件，结案率100%，按时回复率100%。" {
		t.Errorf("tickets only: %q", got)
	}
	ev := caseOf("C1", domain.SourceCityPlatform, "事件", "暴露垃圾", "2020-03-01 08:00", "2020-03-01 12:00", "2020-03-01 13:00")
	m := build(ev, hot)
	want := "全年，受理城市管理案件1件，处置1件，处置率100%。其中，按期处置0件，按期处置率0%。高发问题排名前十位的事件为：暴露垃圾。" +
		"收到“12345”政务服务热线1件，处置1件，按时回复1件，结案率100%，按时回复率100%。"
	if got := section(m); got != want {
		t.Errorf("events only:\n got %s\nwant %s", got, want)
	}
	var actual []string
	for _, in := range m.Projects[0].Indicators {
		actual = append(actual, in.Actual)
	}
	if got := strings.Join(actual, " | "); got != "1件 | 100% | 1件 | 100% | 无" {
		t.Errorf("bound values: %s", got)
	}
}

// The 数字化城管 project keeps the seed's typed 实际完成目标; check compares the figures it
// states with the year's cases and warns where they disagree — that is the point.
func TestDemoCaseTypedTextDisagrees(t *testing.T) {
	cs := findings(t, demoDB, 2020, i18n.ZH)
	for _, w := range [][]string{
		{"全区总上报数20721条", "受理城市管理案件数为20721条，按登记数据应为33345条"},
		{"处置数19245条", "处置城市管理案件数为19245条，按登记数据应为32691条"},
		{"处置率92.88%", "处置率为92.88%，按登记数据应为98.04%"},
		{"按期处置数14129条", "按期处置数为14129条，按登记数据应为22669条"},
		{"按期处置率68.19%", "按期处置率为68.19%，按登记数据应为67.98%"},
		{"12345热线工单898件", "“12345”热线工单数为898件，按登记数据应为1220件"},
		{"已处理898件", "“12345”工单处置数为898件，按登记数据应为1220件"},
	} {
		want(t, cs, "text_figure_mismatch", "2020-004", w...)
	}
	// "回复率100%": every ticket was replied to (21 late), so a plain reply rate holds.
	for _, c := range cs {
		if strings.Contains(c.Message, "回复率100%") {
			t.Errorf("the reply rate is right: %s", c.Message)
		}
	}
	en := findings(t, demoDB, 2020, i18n.EN)
	want(t, en, "text_figure_mismatch", "2020-004", "resolution rate as 92.88%; the registers give 98.04%")
}

// Typed figures that agree with the cases give no finding; the hotline's sentences are
// read as the tickets'.
func TestCaseTypedTextAgrees(t *testing.T) {
	s := memstore.New()
	s.AddUnit(domain.Unit{Name: "某局", ShortName: "局"})
	s.AddCase(caseOf("C1", domain.SourceCityPlatform, "事件", "暴露垃圾", "2020-03-01 08:00", "2020-03-01 12:00", "2020-03-01 10:00"))
	s.AddCase(caseOf("C2", domain.SourceCityPlatform, "事件", "暴露垃圾", "2020-03-02 08:00", "2020-03-02 12:00", ""))
	hot := caseOf("R1", domain.SourceHotline, "事件", "商业噪音", "2020-03-01 08:00", "2020-03-04 08:00", "2020-03-02 08:00")
	hot.RepliedAt = hot.Deadline.Add(time.Hour)
	s.AddCase(hot)
	s.AddProject(domain.Project{Code: "P1", Year: 2020, Name: "数字化城管项目", Unit: "局", Disclosed: true, Goal: "提高处置率",
		Result: "全年受理案件2件，处置1件，处置率50%，按期处置1件，按期处置率50%。接到12345热线工单1件，办结1件，回复率100%，按时回复率0%。"})
	m, err := Build(context.Background(), s, 2020, i18n.ZH)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range m.Checks {
		if c.Subject == "P1" && c.Code == "text_figure_mismatch" {
			t.Errorf("a true figure flagged: %s", c.Message)
		}
	}
	s.Projects[0].Result = "接到12345热线工单3件，按时回复率100%。"
	m, _ = Build(context.Background(), s, 2020, i18n.ZH)
	var got []string
	for _, c := range m.Checks {
		if c.Subject == "P1" && c.Code == "text_figure_mismatch" {
			got = append(got, c.Message)
		}
	}
	if len(got) != 2 || !strings.Contains(got[0], "按登记数据应为1件") || !strings.Contains(got[1], "按登记数据应为0%") {
		t.Errorf("hotline findings %q", got)
	}
}
