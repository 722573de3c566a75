package reports

import (
	"fmt"
	"strings"
	"testing"
)

func figureString(f statedFigure) string {
	s := fmt.Sprintf("%d/%d%s", f.Mantissa, f.Exp, f.Unit)
	if f.Change != 0 {
		s = f.ChangeWord + s
	}
	if f.Approx {
		s = "~" + s
	}
	return s
}

var extractCases = []struct {
	text string
	want []string
}{
	{"主要原因是2020年机构改革单位合并，并购入两辆公务用车。", []string{"2/0辆"}},
	{"比2019年增加31.73万元，增长100%。", []string{"增加3173/2万元", "增长100/0%"}},
	{"比上年增长1269.2％", []string{"增长12692/1%"}},
	{"项目全年预算数20万元，执行数为15.00万元，完成预算的90%。", []string{"20/0万元", "15/0万元", "90/0%"}},
	{"完成了1.一条重要路线：攀西商厦至十二中路口。2.六个重点点位", []string{"1/0条", "6/0个"}},
	{"每天约120条案件，全年数字城管案件约40000条", []string{"~120/0条", "~40000/0条"}},
	{"清理排水沟360余米，纳入巡查和管护污水管网60多公里", []string{"~360/0米", "~60/0公里"}},
	{"辖区市政道路及巷道路面约5万平米", []string{"~5/-4㎡"}},
	{"对西区7000平方米绿地进行日常管护", []string{"7000/0㎡"}},
	{"共计支出1,234.50元", []string{"12345/1元"}},
	{"西区共接到市12345热线工单898件，回复率100%。", []string{"898/0件", "100/0%"}},
	{"春节慰问一线职工，三分类垃圾桶181个，第三辆车", []string{"181/0个"}},
	{"对十二个项目开展绩效监控，二十三人次", []string{"12/0个", "23/0人次"}},
	{"LED200盏", nil},
	{"公益广告通稿6幅以上", []string{"~6/0幅"}},
	{"减少X万元", nil},
	{"", nil},
}

func TestExtractFigures(t *testing.T) {
	for _, c := range extractCases {
		var got []string
		for _, f := range extractFigures(c.text) {
			got = append(got, figureString(f))
		}
		if strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("%q:\n got %v\nwant %v", c.text, got, c.want)
		}
	}
}

func TestFigureClause(t *testing.T) {
	fs := extractFigures("主要原因是2020年机构改革单位合并，并购入两辆公务用车。")
	if len(fs) != 1 || fs[0].Clause != "并购入两辆公务用车" || fs[0].Before != "并购入" || fs[0].Text != "两辆" {
		t.Fatalf("%+v", fs)
	}
}

// FuzzExtractFigures: any text extracts without panicking, every figure's text is a
// piece of the input inside its clause, and a figure is never negative.
func FuzzExtractFigures(f *testing.F) {
	for _, c := range extractCases {
		f.Add(c.text)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, fig := range extractFigures(text) {
			if !strings.Contains(text, fig.Text) || !strings.Contains(fig.Clause, strings.TrimSpace(fig.Text)) && fig.Clause != "" {
				t.Fatalf("%q: figure %+v", text, fig)
			}
			if fig.Mantissa < 0 {
				t.Fatalf("%q: negative %+v", text, fig)
			}
		}
	})
}
