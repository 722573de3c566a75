package reports

import (
	"cityledger/domain"
	"cityledger/domain/i18n"
)

// Model is the year's report: the figures computed from the registers and the text
// every renderer prints. Renderers only lay out Sections; they never compute or word
// anything themselves, so Markdown, HTML, XLSX, DOCX and JSON always say the same.
// The JSON form is this struct as encoding/json writes it (see doc.go).
type Model struct {
	Year        int       `json:"year"`
	Lang        i18n.Lang `json:"lang"`
	Title       string    `json:"title"`
	UnitName    string    `json:"unit_name"` // the top unit's full name
	HasSettings bool      `json:"has_settings"`
	// MoneyUnit names the unit printed amounts are in: "万元" (zh) or "k yuan" (en).
	// Both are whole multiples of 100 元, so the two languages round identically.
	MoneyUnit string    `json:"money_unit"`
	Sections  []Section `json:"sections"`

	Vehicles    VehicleFigures     `json:"vehicles"`
	Equipment   EquipmentFigures   `json:"equipment"`
	Official    OfficialFigures    `json:"official_cars"`
	ThreePublic ThreePublicFigures `json:"three_public"`
	Assets      []ClassFigures     `json:"assets"`
	Maintenance MaintenanceFigures `json:"maintenance"`
	Projects    []ProjectFigures   `json:"projects"`
	PerfMgmt    PerfMgmtFigures    `json:"perf_management"`
	Charts      Charts             `json:"charts"`
	Sums        []Sum              `json:"sums"`
	// Checks are the findings of the report's checks. They are not part of the report's
	// body: WithChecks prints them as an appendix under ChecksHeading.
	Checks        []Check `json:"checks"`
	ChecksHeading string  `json:"checks_heading,omitempty"`
}

// Section is one numbered part of the report.
type Section struct {
	ID      string  `json:"id"` // three_public, vehicles, assets, performance; checks (appendix)
	Heading string  `json:"heading"`
	Blocks  []Block `json:"blocks"`
}

// Block is a sub-heading, a paragraph or a table, in print order.
type Block struct {
	// Subheading is a numbered heading inside a section: "（一）“三公”经费…总体情况说明".
	Subheading string `json:"subheading,omitempty"`
	Paragraph  string `json:"paragraph,omitempty"`
	Table      *Table `json:"table,omitempty"`
	// Check marks a paragraph that is a check's message, so renderers can colour it.
	Check *Check `json:"check,omitempty"`
}

// Table kinds: a list has a header row and data rows; a form (the 项目绩效目标完成情况表)
// has labels in its first column and merged cells.
const (
	TableList = "list"
	TableForm = "form"
)

// Table is a grid of cells; spans are given on their origin cell and the cells they
// cover are present and marked Covered, so every row has Columns cells.
type Table struct {
	ID       string `json:"id"` // stable: assets, cost-by-class, cost-by-month, projects, perf-1…
	Kind     string `json:"kind"`
	Title    string `json:"title"`
	Subtitle string `json:"subtitle,omitempty"`
	// Sheet is the XLSX sheet name (at most 31 characters, unique in the report).
	Sheet   string   `json:"sheet"`
	Columns int      `json:"columns"`
	Widths  []int    `json:"widths"` // relative column widths (characters)
	Rows    [][]Cell `json:"rows"`
}

// Cell is one table cell. Text is what is printed. A money cell carries its exact
// amount (Fen) and the figure printed (Printed, hundredths of the money unit: a
// largest-remainder part may differ from the exact amount rounded); a number cell
// carries the value printed (Num) and, when rounding changed it, the exact one
// (Exact); a percentage cell its printed value in hundredths of a percent (Pct).
// Spreadsheets show the printed figures and keep the exact ones on a sheet of their own.
type Cell struct {
	Text    string      `json:"text"`
	Fen     *domain.Fen `json:"fen,omitempty"`
	Printed *int64      `json:"printed,omitempty"`
	Num     *float64    `json:"num,omitempty"`
	Exact   *float64    `json:"exact,omitempty"`
	Pct     *int64      `json:"pct,omitempty"`
	Header  bool        `json:"header,omitempty"`
	ColSpan int         `json:"colspan,omitempty"`
	RowSpan int         `json:"rowspan,omitempty"`
	// Covered is "left" or "up" for a cell hidden by a span from that side.
	Covered string `json:"covered,omitempty"`
}

// VehicleFigures are the vehicles held at the end of the year.
type VehicleFigures struct {
	Total int64 `json:"total"`
	// ByCategory follows domain.UseCategories; Uncategorised counts the rest.
	ByCategory    []Count `json:"by_category"`
	Uncategorised int64   `json:"uncategorised"`
	// SubUnits are the 独立核算 sub-units holding vehicles (the sentence's parenthesis).
	SubUnits []Count `json:"sub_units"`
}

// Count is a named integer figure.
type Count struct {
	Key string `json:"key"`
	N   int64  `json:"n"`
}

// Amount is a named count with its money: exact and as printed (hundredths of 万元).
type Amount struct {
	Key     string     `json:"key"`
	N       int64      `json:"n"`
	Fen     domain.Fen `json:"fen"`
	Printed int64      `json:"printed_wan_hundredths"`
}

// OfficialFigures are the 公务用车 figures of the year and the year before.
type OfficialFigures struct {
	Purchase     domain.Fen  `json:"purchase_fen"`
	Running      domain.Fen  `json:"running_fen"`
	Total        domain.Fen  `json:"total_fen"`
	Budget       *domain.Fen `json:"budget_fen,omitempty"` // nil without year settings budgets
	PrevPurchase domain.Fen  `json:"prev_purchase_fen"`
	PrevRunning  domain.Fen  `json:"prev_running_fen"`
	PrevTotal    domain.Fen  `json:"prev_total_fen"`
	// PrevArchived: the year before is closed, and its figures are those archived with
	// its report, not what the registers give today.
	PrevArchived  bool  `json:"prev_archived,omitempty"`
	PurchasedCars int64 `json:"purchased_cars"`
	// PurchaseByType lists 轿车, 越野车, 载客汽车 always and other body types with cars.
	PurchaseByType []Amount `json:"purchase_by_type"`
	Fleet          int64    `json:"fleet"`
	FleetByType    []Count  `json:"fleet_by_type"`
	RunningFees    []string `json:"running_fees"` // work types of the running costs
}

// EquipmentFigures are the equipment sentence's counts: assets held at the year's end
// of a 通用设备 class valued at 50万元 or more, and of a 专用设备 class at 100万元 or more.
type EquipmentFigures struct {
	General50  int64 `json:"general_50"`
	Special100 int64 `json:"special_100"`
}

// ThreePublicFigures are the 三公 (因公出国（境）费, 公务用车购置及运行维护费, 公务接待费).
// Trips abroad and receptions come from the year settings; Missing names the settings
// the full section needs that are not set.
type ThreePublicFigures struct {
	// Complete: all three amounts are known, so the total, the shares and the three
	// items are printed.
	Complete  bool            `json:"complete"`
	Abroad    ThreePublicItem `json:"abroad"`
	Official  ThreePublicItem `json:"official"`
	Reception ThreePublicItem `json:"reception"`
	Total     domain.Fen      `json:"total_fen"`
	Budget    *domain.Fen     `json:"budget_fen,omitempty"`
	Rate      string          `json:"rate,omitempty"`
	// Shares are the printed shares of the three items (largest remainder), in
	// hundredths of a percent.
	Shares  []int64  `json:"shares,omitempty"`
	Missing []string `json:"missing,omitempty"`
}

// ThreePublicItem is one 三公 item: its amount (nil when not set), budget and the
// year before (from the archived report when that year is closed).
type ThreePublicItem struct {
	Amount *domain.Fen `json:"amount_fen,omitempty"`
	Budget *domain.Fen `json:"budget_fen,omitempty"`
	Rate   string      `json:"rate,omitempty"`
	Prev   *domain.Fen `json:"prev_fen,omitempty"`
	// Counts are the item's counts by setting key (groups, persons, batches).
	Counts map[string]int64 `json:"counts,omitempty"`
}

// PerfMgmtFigures are the 预算绩效管理 opening's counts: projects of the year with a
// goal, with 绩效监控, with 绩效自评, and the names of those assessed in advance.
type PerfMgmtFigures struct {
	WithGoal      int64    `json:"with_goal"`
	Monitored     int64    `json:"monitored"`
	SelfEvaluated int64    `json:"self_evaluated"`
	PreAssessed   []string `json:"pre_assessed"`
}

// ClassFigures are one register's stock at the year's end and its changes in the year.
type ClassFigures struct {
	Class         domain.Class `json:"class"`
	Count         int64        `json:"count"`
	LengthM       float64      `json:"length_m"`
	AreaM2        float64      `json:"area_m2"`
	OriginalValue domain.Fen   `json:"original_value_fen"`
	Added         int64        `json:"added"`
	AddedLengthM  float64      `json:"added_length_m"`
	AddedAreaM2   float64      `json:"added_area_m2"`
	Disposed      int64        `json:"disposed"`
	DisposedLenM  float64      `json:"disposed_length_m"`
	DisposedAreaM float64      `json:"disposed_area_m2"`
}

// MaintenanceFigures are the year's records: work done and what it cost.
type MaintenanceFigures struct {
	Records int64        `json:"records"`
	Cost    domain.Fen   `json:"cost_fen"`
	Work    []WorkAmount `json:"work"`
	ByClass []Amount     `json:"by_class"` // Key "" is 其他 (no class)
	ByMonth []Amount     `json:"by_month"` // Key "1"…"12"
}

// WorkAmount is the year's quantity of one work type on one class in one unit.
type WorkAmount struct {
	WorkType     string       `json:"work_type"`
	Class        domain.Class `json:"class"`
	QuantityUnit string       `json:"quantity_unit"`
	Quantity     float64      `json:"quantity"`
	Cost         domain.Fen   `json:"cost_fen"`
}

// ProjectFigures are a project's budget and what its records of the year add up to.
type ProjectFigures struct {
	Code           string      `json:"code"`
	Name           string      `json:"name"`
	Unit           string      `json:"unit"`
	Disclosed      bool        `json:"disclosed"`
	Budget         domain.Fen  `json:"budget_fen"`
	FiscalBudget   domain.Fen  `json:"fiscal_budget_fen"`
	OtherBudget    domain.Fen  `json:"other_budget_fen"`
	Executed       domain.Fen  `json:"executed_fen"`
	FiscalExecuted domain.Fen  `json:"fiscal_executed_fen"`
	OtherExecuted  domain.Fen  `json:"other_executed_fen"`
	Records        int64       `json:"records"`
	Rate           string      `json:"rate"` // "100%"; "" when the budget is 0
	Indicators     []Indicator `json:"indicators,omitempty"`
	project        domain.Project
}

// Indicator is a printed indicator row; Actual is filled from Binding when set.
type Indicator struct {
	Level1  string `json:"level1"`
	Level2  string `json:"level2"`
	Level3  string `json:"level3"`
	Target  string `json:"target"`
	Actual  string `json:"actual"`
	Binding string `json:"binding,omitempty"`
}

// Charts hold the series the HTML and XLSX charts draw, in printed hundredths of 万元.
type Charts struct {
	CostByClass   []Amount       `json:"cost_by_class"`
	Projects      []ProjectBar   `json:"projects"`
	CostByMonth   []Amount       `json:"cost_by_month"`
	OfficialYears []OfficialYear `json:"official_years"`
}

// ProjectBar is one project's budget and execution for the chart.
type ProjectBar struct {
	Name     string `json:"name"`
	Budget   int64  `json:"budget_wan_hundredths"`
	Executed int64  `json:"executed_wan_hundredths"`
}

// OfficialYear is one year's 公务用车 cost split.
type OfficialYear struct {
	Year     int   `json:"year"`
	Purchase int64 `json:"purchase_wan_hundredths"`
	Running  int64 `json:"running_wan_hundredths"`
}

// Sum records printed parts that must add up to a printed total (same unit).
type Sum struct {
	What  string  `json:"what"`
	Money bool    `json:"money"` // hundredths of 万元; else counts
	Parts []int64 `json:"parts"`
	Total int64   `json:"total"`
}

// Check severities.
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
)

// Check is one finding of the report's checks. Code is stable (see doc.go); Subject
// is what it concerns (a project code, a setting key, a class), Field where a person
// fixes it: a project field ("summary"), an indicator's ("indicators.3.actual", by
// position) or a setting key.
type Check struct {
	Severity string         `json:"severity"`
	Code     string         `json:"code"`
	Message  string         `json:"message"`
	Subject  string         `json:"subject,omitempty"`
	Field    string         `json:"field,omitempty"`
	Params   map[string]any `json:"params,omitempty"`
}

// Failed reports whether any check failed at error severity.
func (m *Model) Failed() bool {
	for _, c := range m.Checks {
		if c.Severity == SeverityError {
			return true
		}
	}
	return false
}
