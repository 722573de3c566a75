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
// Sections, in order (Section.ID): vehicles (一、国有资产占有使用情况),
// official_cars (二、公务用车购置及运行维护费), assets (三、资产与养护情况, with the asset,
// cost-by-class and cost-by-month tables), performance (四、预算绩效管理情况: per
// disclosed project its 综述 paragraph, then the 项目绩效目标完成情况表 of each, then the
// summary table of all the year's projects) and checks (五、勾稽关系检查).
//
// # Numbers
//
// Money is domain.Fen throughout. Printed amounts are hundredths of 万元 rounded
// half-up ("29.52", "15", "0"); where the text or a table lists parts of a printed
// total, the parts are rounded by largest remainder so that they add up, and each
// such relation is recorded in Model.Sums and verified by the checks. English prints
// the same figures in thousands of yuan ("295.2k yuan"): 0.01 万元 is exactly 0.1 k
// yuan, so both languages round identically. Percentages come from exact 分 ("100%",
// "1269.2%"). Quantities print rounded to 0.01 without digit grouping; areas in prose
// as whole ㎡, pipe lengths in 公里 to 0.01. XLSX cells hold the exact amounts in the
// report's unit with a 0.00 number format.
//
// # Wording decisions
//
//   - Sentences follow the seed word for word, including its punctuation where it has
//     a sentence: "公务用车购置及运行维护费支出34.23万元,完成预算100%。" keeps the seed's
//     ASCII comma. The comma clause is printed only when the year's 三公 budgets are set.
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
//	  "sections": [{"id": "vehicles", "heading": "一、国有资产占有使用情况",
//	     "blocks": [{"paragraph": "截至2020年12月31日，…"},
//	                {"table": {"id": "perf-1", "kind": "form", "title": "项目绩效目标完成情况表",
//	                   "subtitle": "(2020年度)", "sheet": "绩效表1", "columns": 6, "widths": [11, …],
//	                   "rows": [[{"text": "项目名称", "header": true},
//	                             {"text": "春节亮化氛围营造项目", "colspan": 5},
//	                             {"text": "", "covered": "left"}, …], …]}},
//	                {"paragraph": "警告：…", "check": {…}}]}],
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
//	  "checks": [{"severity": "warning", "code": "no_settings", "message": "…", "params": {"Year": 2021}}]
//	}
//
// Check codes: errors sum_mismatch, outside_year, vehicle_no_category; warnings
// over_budget, no_records, no_indicators, measure_length, measure_area,
// measure_more, no_settings. Model.Failed reports an error.
//
// # Formats
//
// HTML is one self-contained page: the echarts 5 build of assets/echarts is inlined,
// go-echarts v2 charts get fixed IDs and no preset assets, and the page refers to no
// network address. XLSX (excelize) has the text, one sheet per table with merged
// cells as in the seed, native charts and the checks. DOCX is WordprocessingML written
// directly (see docx.go for why), with w:eastAsia set on every run.
package reports
