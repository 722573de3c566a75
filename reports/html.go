package reports

import (
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"cityledger/assets"
	"cityledger/domain/i18n"
)

// Fixed chart element IDs (JavaScript identifiers: go-echarts names variables after
// them). go-echarts draws random ones otherwise, which would make every
// rendering differ and golden files impossible.
const (
	chartOfficial    = "chart_official"
	chartCostByClass = "chart_cost_by_class"
	chartCostByMonth = "chart_cost_by_month"
	chartProjects    = "chart_projects"
)

// WriteHTML writes the report as one self-contained page: the echarts build from
// assets/echarts is inlined and nothing refers to the network, so the file opens
// offline and can be published as is. Tables are styled for printing on A4.
func WriteHTML(w io.Writer, m *Model) error { return writeHTML(w, m, RenderOptions{}) }

func writeHTML(w io.Writer, m *Model, o RenderOptions) error {
	js, err := assets.FS.ReadFile("echarts/echarts.min.js")
	if err != nil {
		return err
	}
	after := map[string][]template.HTML{}
	for id, cs := range map[string][]*charts.Bar{
		"three_public": {officialChart(m)},
		"assets":       {costByClassChart(m), costByMonthChart(m)},
		"performance":  {projectsChart(m)},
	} {
		for _, c := range cs {
			if c != nil {
				after[id] = append(after[id], chartHTML(c))
			}
		}
	}
	lang := "zh-CN"
	if m.Lang == i18n.EN {
		lang = "en"
	}
	// A clone per page: the cell text depends on this rendering's options, and the
	// template is shared by every rendering.
	page, err := htmlPage.Clone()
	if err != nil {
		return err
	}
	page.Funcs(template.FuncMap{"cellText": func(c Cell) string { return cellText(c, m.Lang, o) }})
	return page.Execute(w, map[string]any{
		"Lang":    lang,
		"M":       m,
		"ECharts": template.JS(escapeScript(string(js))),
		"Charts":  after,
	})
}

// chartHTML is a chart's element and script, the script made safe to inline.
func chartHTML(c *charts.Bar) template.HTML {
	c.Validate()
	s := c.RenderSnippet()
	script := s.Script
	open := strings.Index(script, ">")
	closeTag := strings.LastIndex(script, "</script>")
	if open >= 0 && closeTag > open {
		script = "<script>" + escapeScript(script[open+1:closeTag]) + "</script>"
	}
	return template.HTML(`<figure class="chart">` + s.Element + script + `</figure>`)
}

// escapeScript keeps a script body from closing its <script> element early: project
// names are typed by people and go into the charts' JSON.
func escapeScript(js string) string { return strings.ReplaceAll(js, "</", `<\/`) }

// newBar is a bar chart with the report's common options: a fixed ID, no animation (a
// printed page shows the final state), no remote assets.
func newBar(id, title string, height string) *charts.Bar {
	bar := charts.NewBar()
	bar.ClearPresetJSAssets()
	bar.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{ChartID: id, Width: "100%", Height: height, AssetsHost: "./"}),
		charts.WithTitleOpts(opts.Title{Title: title, TitleStyle: &opts.TextStyle{FontSize: 15}}),
		charts.WithAnimation(false),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "28"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true)}),
		charts.WithGridOpts(opts.Grid{Left: "3%", Right: "4%", Top: "70", Bottom: "3%", ContainLabel: opts.Bool(true)}),
	)
	return bar
}

// value is a printed figure as a JSON number: the chart shows what the text prints.
func value(lang i18n.Lang, hundredths int64) opts.BarData {
	return opts.BarData{Value: json.Number(money(lang, hundredths))}
}

func tr(lang i18n.Lang, key string, p map[string]any) string { return i18n.T(lang, "report."+key, p) }

func officialChart(m *Model) *charts.Bar {
	ys := m.Charts.OfficialYears
	if len(ys) == 0 {
		return nil
	}
	bar := newBar(chartOfficial, tr(m.Lang, "chart.official", nil), "320px")
	var x []string
	var purchase, running []opts.BarData
	for _, y := range ys {
		x = append(x, tr(m.Lang, "chart.year", map[string]any{"Year": y.Year}))
		purchase = append(purchase, value(m.Lang, y.Purchase))
		running = append(running, value(m.Lang, y.Running))
	}
	stack := charts.WithBarChartOpts(opts.BarChart{Stack: "total", BarWidth: "30%"})
	bar.SetXAxis(x).
		AddSeries(tr(m.Lang, "chart.purchase", nil), purchase, stack).
		AddSeries(tr(m.Lang, "chart.running", nil), running, stack)
	return bar
}

func costByClassChart(m *Model) *charts.Bar {
	bar := newBar(chartCostByClass, tr(m.Lang, "chart.cost_by_class", nil), "320px")
	var x []string
	var y []opts.BarData
	for _, a := range m.Charts.CostByClass {
		x = append(x, className(m.Lang, a.Key))
		y = append(y, value(m.Lang, a.Printed))
	}
	bar.SetXAxis(x).AddSeries(tr(m.Lang, "chart.cost", nil), y, charts.WithBarChartOpts(opts.BarChart{BarWidth: "40%"}))
	return bar
}

func costByMonthChart(m *Model) *charts.Bar {
	bar := newBar(chartCostByMonth, tr(m.Lang, "chart.cost_by_month", nil), "320px")
	var x []string
	var y []opts.BarData
	for _, a := range m.Charts.CostByMonth {
		x = append(x, tr(m.Lang, "month", monthParams(m.Lang, a.Key)))
		y = append(y, value(m.Lang, a.Printed))
	}
	bar.SetXAxis(x).AddSeries(tr(m.Lang, "chart.cost", nil), y, charts.WithBarChartOpts(opts.BarChart{BarWidth: "50%"}))
	return bar
}

func projectsChart(m *Model) *charts.Bar {
	ps := m.Charts.Projects
	if len(ps) == 0 {
		return nil
	}
	bar := newBar(chartProjects, tr(m.Lang, "chart.projects", nil), fmt.Sprintf("%dpx", 110+44*len(ps)))
	var names []string
	var budget, executed []opts.BarData
	// Bottom to top on a reversed axis: list from the last so the first project is on top.
	for i := len(ps) - 1; i >= 0; i-- {
		names = append(names, shorten(ps[i].Name, 16))
		budget = append(budget, value(m.Lang, ps[i].Budget))
		executed = append(executed, value(m.Lang, ps[i].Executed))
	}
	bar.SetXAxis(names).
		AddSeries(tr(m.Lang, "chart.budget", nil), budget).
		AddSeries(tr(m.Lang, "chart.executed", nil), executed).
		XYReversal()
	return bar
}

// shorten cuts a label for a chart axis (the tables print it whole).
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// className names a class key for headings and axes ("" is 其他).
func className(lang i18n.Lang, key string) string {
	if key == "" {
		return tr(lang, "table.no_class", nil)
	}
	return i18n.T(lang, "class."+key, nil)
}

var htmlPage = template.Must(template.New("report").Funcs(template.FuncMap{
	"cellClass": func(c Cell) string {
		var cl []string
		if c.Fen != nil || c.Num != nil || c.Pct != nil {
			cl = append(cl, "num")
		}
		return strings.Join(cl, " ")
	},
	"isError":  func(c *Check) bool { return c != nil && c.Severity == SeverityError },
	"cellText": func(c Cell) string { return c.Text },
}).Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.M.Title}}</title>
<style>
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "SimSun", "宋体", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", serif; font-size: 15px; line-height: 1.75; color: #111; margin: 0; background: #fff; }
main { max-width: 960px; margin: 0 auto; padding: 24px 32px; }
h1 { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; font-size: 22px; text-align: center; margin: 8px 0 24px; }
h2 { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; font-size: 17px; margin: 28px 0 8px; break-after: avoid; }
h3 { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; font-size: 15px; font-weight: normal; margin: 16px 0 6px; text-indent: 2em; break-after: avoid; }
p { text-indent: 2em; margin: 6px 0; text-align: justify; }
p.check { text-indent: 0; }
p.check.error { color: #a40000; }
p.check.warning { color: #7a5200; }
.table-title { text-align: center; font-weight: bold; margin: 22px 0 2px; text-indent: 0; break-after: avoid; }
.table-subtitle { text-align: center; margin: 0 0 6px; text-indent: 0; break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 18px; font-size: 13px; line-height: 1.45; }
table.form { break-inside: avoid; }
th, td { border: 1px solid #333; padding: 4px 6px; vertical-align: middle; }
th { background: #eef1f5; font-weight: normal; }
table.list tr:first-child th { font-weight: bold; }
table.form th { text-align: center; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.form td.num { text-align: center; }
figure.chart { margin: 12px 0 20px; break-inside: avoid; }
figure.chart .container { width: 100%; }
@media print {
  main { max-width: none; padding: 0; }
  th { background: #eef1f5 !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
</style>
<script>{{.ECharts}}</script>
</head>
<body>
<main>
<h1>{{.M.Title}}</h1>
{{- range .M.Sections}}
<section id="{{.ID}}">
<h2>{{.Heading}}</h2>
{{- range .Blocks}}
{{- if .Subheading}}
<h3>{{.Subheading}}</h3>
{{- else if .Table}}{{with .Table}}
<p class="table-title">{{.Title}}</p>
{{- if .Subtitle}}
<p class="table-subtitle">{{.Subtitle}}</p>
{{- end}}
<table class="{{.Kind}}" id="{{.ID}}">
<colgroup>{{range .Widths}}<col style="width:{{.}}em">{{end}}</colgroup>
{{- range .Rows}}
<tr>{{range .}}{{if not .Covered}}{{if .Header}}<th{{else}}<td class="{{cellClass .}}"{{end}}{{if gt .ColSpan 1}} colspan="{{.ColSpan}}"{{end}}{{if gt .RowSpan 1}} rowspan="{{.RowSpan}}"{{end}}>{{cellText .}}{{if .Header}}</th>{{else}}</td>{{end}}{{end}}{{end}}</tr>
{{- end}}
</table>
{{- end}}
{{- else if .Check}}
<p class="check {{.Check.Severity}}">{{.Paragraph}}</p>
{{- else}}
<p>{{.Paragraph}}</p>
{{- end}}
{{- end}}
{{- range index $.Charts .ID}}
{{.}}
{{- end}}
</section>
{{- end}}
</main>
</body>
</html>
`))
