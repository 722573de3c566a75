// Package reports builds the asset and project-cost sections of the year-end
// final-accounts report (部门决算) from the domain services and renders them as
// Markdown, HTML, XLSX, DOCX and JSON. It is pure Go and runs headless.
//
// # Model
//
// Build(ctx, store, year, lang) returns a *Model holding both the computed figures
// and the worded text. Renderers (WriteMarkdown, WriteHTML, WriteXLSX, WriteDOCX,
// WriteJSON, or Render by format name) only lay out Model.Sections, so every format
// prints the same sentences and cells. Markdown is the canonical text: golden tests
// compare it (testdata/, rewritten by `go test ./reports -update`).
//
// Sections, in the host report's order (Section.ID, domain.HeadingKeys):
// three_public (“三公”经费财政拨款支出决算情况说明, the seed's 七: the total and its budget
// rate, each item's share, then 1. 因公出国（境）, 2. 公务用车购置及运行维护费, 3. 公务接待费;
// trips abroad and receptions are year settings, and without them the section holds
// the official cars alone), vehicles (国有资产占有使用情况, the seed's （三）, with the
// equipment sentence), performance (预算绩效管理情况, the seed's （四）: the opening with
// the projects assessed in advance and the counts of projects with a goal, monitored
// and self-evaluated; per disclosed project its 综述 paragraph, then the
// 项目绩效目标完成情况表 of each, the summary table of all the year's projects, and the
// closing 部门绩效评价结果 from the year settings) and assets (资产与养护情况, CityLedger's
// own: the asset, cost-by-class and cost-by-month tables). Each heading's number is
// the year setting's (heading_<id>: "七、", "（三）"), else 一、二、… in order. Blocks are
// sub-headings ("（一）…", "1.…"), paragraphs and tables.
//
// The checks are not part of the body: Model.Checks holds them, CheckYear gives a
// year's (a closed year's: those archived plus each figure the registers no longer
// give), and WithChecks (RenderOptions.Checks, `report --checks`) prints them as an
// appendix "附：勾稽关系检查".
//
// # Numbers
//
// Money is domain.Fen throughout. Printed amounts are hundredths of 万元 rounded
// half-up ("29.52", "15", "0"); where the text or a table lists parts of a printed
// total, the parts are rounded by largest remainder so that they add up, and each
// such relation is recorded in Model.Sums and verified by the checks; a part that is
// itself a total (the 公务用车 item of the 三公 total, split into purchase and running)
// is split to its printed figure (apportion). English prints the same figures in
// thousands of yuan ("295.2k yuan"): 0.01 万元 is exactly 0.1 k yuan, so both
// languages round identically. Percentages come from exact 分 ("100%", "1269.2%");
// the 三公 shares by largest remainder so that they add up to 100%. Quantities print
// rounded to 0.01 without digit grouping; areas in prose as whole ㎡, pipe lengths in
// 公里 to 0.01. Table cells carry what they print (Cell.Printed, Num, Pct) and the
// exact value (Fen, Exact): XLSX cells show the printed figures with a 0.00 or %
// format, so XLSX and DOCX agree, and the sheet 精确值 holds the exact ones.
// RenderOptions.FixedDecimals prints table amounts as "15.00".
//
// # Wording decisions
//
//   - Sentences follow the seed word for word where it has a sentence, except its
//     slips: "34.23万元，完成预算100%" takes a Chinese comma (the seed has an ASCII one),
//     "团组00次" is "团组0次", an empty "具体内容包括：" is left out. A 三公 item's
//     "完成预算" clause is printed when its budget is set — for the 公务用车 item, both of
//     its budgets, never a rate against one part — and the total's when all three
//     items' are; 0 spent of a budget of 0 is 完成预算100% (the seed's usage).
//   - DESIGN.md "Where the seed is wrong": the year-on-year change is computed
//     (增加31.73万元，增长1269.2%), the official fleet names every body type that has cars
//     so the parts add up, no template leftover (增加/减少) is ever printed, the 预算单位
//     cell prints the project's unit, and the first project is numbered （1） like the rest.
//   - A change of less than 0.01 万元 is "与Y-1年持平"; an earlier year of 0 gives
//     "增加X万元" without a percentage. A project with a budget of 0 has no "完成预算的"
//     clause. The indicator header is always 预期指标值 / 实际完成指标值 (the seed's
//     third table adds "(包含数字及文字描述)").
//   - 其它资金 cells are blank when 0, as in the seed.
//   - Notes of the year settings are appended as typed; a final 。 is added or dropped
//     to fit the sentence.
//
// # JSON
//
// `ledgerctl report --format json` writes the Model (WriteJSON): indented, HTML
// characters unescaped. Money fields end in _fen (integer 分); *_wan_hundredths are
// printed figures in hundredths of 万元.
//
//	{
//	  "year": 2020, "lang": "zh", "title": "…", "unit_name": "攀枝花市西区综合行政执法局",
//	  "has_settings": true, "money_unit": "万元",
//	  "sections": [{"id": "three_public", "heading": "七、“三公”经费财政拨款支出决算情况说明",
//	     "blocks": [{"subheading": "（一）“三公”经费财政拨款支出决算总体情况说明"},
//	                {"paragraph": "2020年“三公”经费财政拨款支出决算为34.23万元，完成预算100%。"},
//	                {"table": {"id": "perf-1", "kind": "form", "title": "项目绩效目标完成情况表",
//	                   "subtitle": "(2020年度)", "sheet": "绩效表1", "columns": 6, "widths": [11, …],
//	                   "rows": [[{"text": "项目名称", "header": true},
//	                             {"text": "春节亮化氛围营造项目", "colspan": 5},
//	                             {"text": "", "covered": "left"}, …], …]}},
//	                …]}],
//	  "equipment": {"general_50": 0, "special_100": 0},
//	  "three_public": {"complete": true, "abroad": {"amount_fen": 0, "budget_fen": 0, "rate": "100%", "prev_fen": 0, …},
//	                   "official": {…}, "reception": {…}, "total_fen": 34230000, "budget_fen": 34230000,
//	                   "rate": "100%", "shares": [0, 10000, 0]},
//	  "perf_management": {"with_goal": 19, "monitored": 5, "self_evaluated": 5, "pre_assessed": ["春节亮化氛围营造", …]},
//	  "vehicles": {"total": 32, "by_category": [{"key": "主要领导干部用车", "n": 0}, …],
//	               "uncategorised": 0, "sub_units": [{"key": "环卫中心", "n": 24}]},
//	  "official_cars": {"purchase_fen": 29520000, "running_fen": 4710000, "total_fen": 34230000,
//	                    "budget_fen": 34230000, "prev_purchase_fen": 0, "prev_running_fen": 2500000,
//	                    "prev_total_fen": 2500000, "purchased_cars": 2,
//	                    "purchase_by_type": [{"key": "轿车", "n": 0, "fen": 0, "printed_wan_hundredths": 0}, …],
//	                    "fleet": 3, "fleet_by_type": [{"key": "轿车", "n": 0}, …],
//	                    "running_fees": ["燃料费", "维修", "过路过桥费", "保险费"]},
//	  "assets": [{"class": "lamps", "count": 950, "length_m": 0, "area_m2": 0,
//	              "original_value_fen": 0, "added": 35, "added_length_m": 0, "added_area_m2": 0,
//	              "disposed": 0, "disposed_length_m": 0, "disposed_area_m2": 0}, …],
//	  "maintenance": {"records": 750, "cost_fen": …,
//	                  "work": [{"work_type": "维修", "class": "lamps", "quantity_unit": "盏",
//	                            "quantity": 110, "cost_fen": …}, …],
//	                  "by_class": [{"key": "vehicles", …}, …, {"key": "", …}],  // "" = 其他
//	                  "by_month": [{"key": "1", …}, …]},
//	  "projects": [{"code": "2020-001", "name": "…", "unit": "…", "disclosed": true,
//	                "budget_fen": 26450000, "fiscal_budget_fen": …, "other_budget_fen": 0,
//	                "executed_fen": 26450000, "fiscal_executed_fen": …, "other_executed_fen": 0,
//	                "records": 9, "rate": "100%",
//	                "indicators": [{"level1": "…", "level2": "…", "level3": "…",
//	                                "target": "…", "actual": "…", "binding": "lamps.count"}]}],
//	  "charts": {"cost_by_class": […], "projects": [{"name": "…", "budget_wan_hundredths": 2645,
//	             "executed_wan_hundredths": 2645}], "cost_by_month": […],
//	             "official_years": [{"year": 2019, "purchase_wan_hundredths": 0, "running_wan_hundredths": 250}, …]},
//	  "sums": [{"what": "公务用车购置及运行维护费", "money": true, "parts": [2952, 471], "total": 3423}, …],
//	  "checks": [{"severity": "warning", "code": "cost_target_mismatch", "message": "…", "subject": "2020-002",
//	              "field": "indicators.4.target", "params": {…}}],
//	  "checks_heading": "附：勾稽关系检查"
//	}
//
// Check codes (stable): errors sum_mismatch, outside_year, vehicle_no_category;
// warnings over_budget, no_records, no_indicators, project_no_goal,
// project_no_result, measure_length, measure_area, measure_more, no_settings,
// official_budget_partial, three_public_over_budget, three_public_not_set,
// three_public_incomplete, prev_year_archived, closed_year_drift,
// closed_year_drift_more, and the checks of what people typed (typedchecks.go):
// text_figure_mismatch, cost_target_mismatch, cost_actual_mismatch,
// bound_value_mismatch, indicator_bindable, template_leftover. A check's Subject is a
// project code or a setting key; its Field where a person fixes it ("summary",
// "indicators.4.actual", "note_official_change"). Model.Failed reports an error.
//
// # Typed text
//
// Every text a person typed that the report prints (the year settings' notes, a
// disclosed project's goal, result, summary, problems and next steps, its
// indicators' targets and actual values) is read by extractFigures: numbers with
// their units (万元, 元, %, ㎡, 米, 公里, measure words), Chinese numerals before a
// measure word (两辆), the change words before them (增加/减少, 增长/下降), approximations
// (约, 余, 以上…), never compared as exact. A table of references says which words in
// a figure's clause name which computed figure (购入/购置N辆 → the year's official
// purchases, 共有N辆 → the fleet, a project's 预算/执行/完成预算 → its own figures, a
// 成本指标's target → its budget and actual → its execution, a bound indicator's
// statistic); a figure is compared at the precision stated (万元 to the hundredth, as
// the report prints them), so rewording what a text states gives no finding.
//
// # Formats
//
// HTML is one self-contained page: the echarts 5 build of assets/echarts is inlined,
// go-echarts v2 charts get fixed IDs and no preset assets, and the page refers to no
// network address. XLSX (excelize) has the text, one sheet per table with merged
// cells as in the seed, native charts and the checks. DOCX is WordprocessingML written
// directly (see docx.go for why), with w:eastAsia set on every run.
package reports
