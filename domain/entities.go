package domain

import (
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"
)

// Unit is a budget unit (预算单位): the bureau (top unit) or one of its service centres.
type Unit struct {
	ID        int64
	Name      string // 单位名称, unique
	ShortName string // 简称, unique; what imports and the report's parentheses use
	ParentID  int64  // 0 for the top unit
	Parent    string // parent's short or full name, as imported; resolved to ParentID by the store
	// IndependentAccounting (独立核算): a sub-unit with its own accounts, named in the
	// report's "（其中：环卫中心24辆）" parentheses.
	IndependentAccounting bool
	Version               int64
}

// Validate checks the unit's own fields (references are the store's job).
func (u *Unit) Validate() error {
	var fe []FieldError
	fe = append(fe, required("name", u.Name)...)
	fe = append(fe, required("short_name", u.ShortName)...)
	return Invalid(fe...)
}

// Asset is one entry of any register. The fields every asset has come first; the
// columns the built-in classes keep their own fields in follow, used by the classes
// named in their comments and empty otherwise; every other declared field is in Attrs.
// Read and write declared fields by key with Value and SetValue (assetvalues.go), and
// check an asset with its class's ClassDef.Validate.
type Asset struct {
	ID            int64
	Class         Class
	Code          string // unique within the class; importing an existing code updates it
	UnitID        int64
	Unit          string // unit short or full name, as imported; resolved by the store
	Status        string // 在用, 停用, 已处置
	StartDate     Date   // 启用日期: install / purchase / build / plant date
	DisposalDate  Date
	OriginalValue Fen // 原值; 0 when unknown
	Note          string
	// ComponentID is the 部件标识码 of the city platform (see ComponentID), "" when none.
	ComponentID string

	Kind string // the class's type field (vehicles: use category; lamps: type; pipes: kind…)
	Name string // green areas, facilities, roads, toilets, name plates…

	Plate    string // vehicles
	BodyType string // vehicles
	Official bool   // vehicles: 公务用车, counted in 三公

	Road        string  // lamps and the point classes: 所在道路
	PowerW      float64 // lamps
	PoleHeightM float64 // lamps

	Material   string // pipes, covers, grates…
	DiameterMM int    // pipes
	Capacity   string // facilities

	// LengthM and AreaM2 are the stated figures (pipes, roads; green areas, roads).
	// When none is stated they are computed from the geometry on the ellipsoid.
	LengthM float64
	AreaM2  float64
	// GeomLengthM and GeomAreaM2 are measured from Geometry on the ellipsoid: the
	// check compares them with the stated figures.
	GeomLengthM float64
	GeomAreaM2  float64
	Geometry    orb.Geometry // WGS84 lon/lat; nil when none

	// Attrs holds the declared fields stored as attributes, typed as Value says.
	Attrs map[string]any

	Version   int64
	UpdatedAt time.Time
}

// InServiceAt reports whether the asset is held (在用 or 停用) at the end of day d.
func (a *Asset) InServiceAt(d Date) bool {
	if a.StartDate != "" && a.StartDate > d {
		return false
	}
	if a.DisposalDate != "" {
		return a.DisposalDate > d
	}
	return a.Status != StatusDisposed
}

// Project is a budget project (预算项目) of one year.
type Project struct {
	ID           int64
	Code         string // unique per year
	Year         int
	Name         string
	UnitID       int64
	Unit         string // unit short or full name, as imported
	FunctionCode string // 功能分类, e.g. 2120199
	Budget       Fen    // 预算数 = FiscalBudget + OtherBudget
	FiscalBudget Fen    // 财政拨款
	OtherBudget  Fen    // 其他资金
	Goal         string // 预期目标
	Result       string // 实际完成目标
	Problems     string // 发现的主要问题
	NextSteps    string // 下一步改进措施
	Summary      string // 综述
	Disclosed    bool   // 是否公开: appears in the report's performance section
	// The performance-management flags the report's 预算绩效管理情况 opening counts:
	// PreAssessed (事前绩效评估) names the project before the counts, Monitored (绩效监控)
	// and SelfEvaluated (绩效自评) are counted.
	PreAssessed   bool
	Monitored     bool
	SelfEvaluated bool
	Version       int64
}

// Validate checks the project's fields; a budget split that does not add up is refused.
func (p *Project) Validate() error {
	var fe []FieldError
	fe = append(fe, required("project_code", p.Code)...)
	fe = append(fe, required("name", p.Name)...)
	if p.UnitID == 0 {
		fe = append(fe, required("unit", p.Unit)...)
	}
	fe = append(fe, validYear("year", p.Year)...)
	fe = append(fe, nonNegativeFen("budget", p.Budget)...)
	fe = append(fe, nonNegativeFen("fiscal_budget", p.FiscalBudget)...)
	fe = append(fe, nonNegativeFen("other_budget", p.OtherBudget)...)
	if p.FiscalBudget+p.OtherBudget != p.Budget {
		fe = append(fe, FieldError{Field: "budget", Value: p.Budget.Yuan(), Rule: "budget_split",
			Params: map[string]string{"Fiscal": p.FiscalBudget.Yuan(), "Other": p.OtherBudget.Yuan()}})
	}
	return Invalid(fe...)
}

// Indicator is one row of a project's 绩效指标 table. Actual is text; when Binding is
// set, the report fills the actual value from the registers instead.
type Indicator struct {
	ID          int64
	ProjectID   int64
	ProjectCode string // as imported, with Year
	Year        int
	Position    int
	Level1      string
	Level2      string
	Level3      string
	Target      string
	Actual      string
	Binding     string // a register query, see ParseBinding
	Version     int64
}

// Validate checks the indicator's fields and its binding's syntax.
func (in *Indicator) Validate() error {
	var fe []FieldError
	if in.ProjectID == 0 {
		fe = append(fe, required("project_code", in.ProjectCode)...)
		fe = append(fe, validYear("year", in.Year)...)
	}
	fe = append(fe, required("level1", in.Level1)...)
	fe = append(fe, required("level3", in.Level3)...)
	if in.Binding != "" {
		if _, err := ParseBinding(in.Binding); err != nil {
			fe = append(fe, FieldError{Field: "binding", Value: in.Binding, Rule: "binding"})
		}
	}
	return Invalid(fe...)
}

// Record is a maintenance record (维修养护记录): a job or running cost, its quantity
// and cost, optionally on an asset and optionally under a project (else 基本支出).
type Record struct {
	ID           int64
	Date         Date
	AssetClass   Class // "" for a cost that belongs to no class (counted as 其他)
	AssetID      int64
	AssetCode    string // as imported
	ProjectID    int64
	ProjectCode  string // as imported: the project of that code in the record's year
	Funding      string // 财政拨款 (default) or 其他资金
	WorkType     string
	Quantity     float64
	QuantityUnit string
	Cost         Fen
	Contractor   string
	Note         string
	CaseNo       string // 案件编号: the case this work answered, when there is one
	// ImportKey identifies a record that came from a file, so that importing the
	// same file again finds it instead of adding it twice.
	ImportKey string
	Version   int64
}

// Validate checks the record's own fields.
func (r *Record) Validate() error {
	var fe []FieldError
	if r.Date == "" {
		fe = append(fe, required("date", "")...)
	} else {
		fe = append(fe, validDate("date", r.Date)...)
	}
	if r.AssetClass != "" && !r.AssetClass.Valid() {
		fe = append(fe, FieldError{Field: "asset_class", Value: string(r.AssetClass), Rule: "unknown_class"})
	}
	if (r.AssetCode != "" || r.AssetID != 0) && r.AssetClass == "" {
		fe = append(fe, FieldError{Field: "asset_class", Rule: "asset_class_required"})
	}
	fe = append(fe, enum("funding", r.Funding, Fundings)...)
	if r.WorkType == "" {
		fe = append(fe, required("work_type", "")...)
	} else {
		fe = append(fe, enum("work_type", r.WorkType, WorkTypes)...)
	}
	fe = append(fe, nonNegative("quantity", r.Quantity)...)
	if r.QuantityUnit != "" {
		fe = append(fe, enum("quantity_unit", r.QuantityUnit, QuantityUnits)...)
	} else if r.Quantity != 0 {
		fe = append(fe, FieldError{Field: "quantity_unit", Rule: "unit_needed"})
	}
	fe = append(fe, nonNegativeFen("cost", r.Cost)...)
	fe = append(fe, maxLen("contractor", r.Contractor, 200)...)
	fe = append(fe, maxLen("note", r.Note, 500)...)
	fe = append(fe, maxLen("case_no", r.CaseNo, 64)...)
	return Invalid(fe...)
}

// Notes of a year's report that the registers cannot hold. Keys of YearSettings.Notes.
const (
	NoteOtherVehicles    = "other_vehicles"    // after the vehicle sentence: 其他用车主要是用于执法等
	NoteOfficialChange   = "official_change"   // reason for the year-on-year change
	NoteOfficialPurchase = "official_purchase" // what the purchased cars are for: 主要用于执法
	NoteOfficialRunning  = "official_running"  // what the running costs are for: 主要用于执法等
	NoteAbroadChange     = "abroad_change"     // reason for the change of 因公出国（境）费
	NoteReceptionChange  = "reception_change"  // reason for the change of 公务接待费
	NoteReceptionContent = "reception_content" // 国内公务接待 具体内容包括：…
	NotePerfOverall      = "perf_overall"      // after the 预算绩效管理 opening: the 部门整体支出 self-evaluation
	NotePerfResults      = "perf_results"      // the closing 部门绩效评价结果 paragraph(s)
)

// NoteKeys lists the year settings' notes in the order forms show them.
var NoteKeys = []string{NoteOtherVehicles, NoteOfficialChange, NoteOfficialPurchase, NoteOfficialRunning,
	NoteAbroadChange, NoteReceptionChange, NoteReceptionContent, NotePerfOverall, NotePerfResults}

// YearSettings (年度设置) hold what the report needs beyond the registers: the 三公
// budgets, the 三公 items the bureau keeps no register of (trips abroad, receptions),
// explanatory notes, the report's heading numbers, and whether the year is closed.
// Every value may be unset (nil, or absent from its map): the report then leaves out
// what depends on it. 0 is a value, never "unset". SettingKeys lists every key.
type YearSettings struct {
	Year int
	// Budgets are nil when not set: the report then prints no "完成预算" clause.
	OfficialPurchaseBudget *Fen
	OfficialRunningBudget  *Fen
	// Amounts are the other money settings by key (AmountKeys), in 分.
	Amounts map[string]Fen
	// Counts are the 三公 counts by key (CountKeys): groups, persons, batches.
	Counts map[string]int64
	Notes  map[string]string
	// Headings are the heading numbers of the report's sections by section ID
	// (HeadingKeys): "七、", "（三）". A section without one is numbered 一、二、… in order.
	Headings map[string]string
	Closed   bool
	Version  int64
}

// Validate checks the settings' fields.
func (s *YearSettings) Validate() error {
	var fe []FieldError
	fe = append(fe, validYear("year", s.Year)...)
	if s.OfficialPurchaseBudget != nil {
		fe = append(fe, nonNegativeFen("official_purchase_budget", *s.OfficialPurchaseBudget)...)
	}
	if s.OfficialRunningBudget != nil {
		fe = append(fe, nonNegativeFen("official_running_budget", *s.OfficialRunningBudget)...)
	}
	for _, k := range sortedKeys(s.Amounts) {
		if !OneOf(k, AmountKeys) {
			fe = append(fe, FieldError{Field: "setting", Value: k, Rule: "enum", Params: map[string]string{"Allowed": strings.Join(AmountKeys, ", ")}})
			continue
		}
		fe = append(fe, nonNegativeFen(k, s.Amounts[k])...)
	}
	for _, k := range sortedKeys(s.Counts) {
		if !OneOf(k, CountKeys) {
			fe = append(fe, FieldError{Field: "setting", Value: k, Rule: "enum", Params: map[string]string{"Allowed": strings.Join(CountKeys, ", ")}})
			continue
		}
		if v := s.Counts[k]; v < 0 {
			fe = append(fe, FieldError{Field: k, Value: strconv.FormatInt(v, 10), Rule: "negative"})
		}
	}
	for _, k := range sortedKeys(s.Notes) {
		if !OneOf(k, NoteKeys) {
			fe = append(fe, FieldError{Field: "note", Value: k, Rule: "enum", Params: map[string]string{"Allowed": strings.Join(NoteKeys, ", ")}})
			continue
		}
		fe = append(fe, maxLen("note_"+k, s.Notes[k], 4000)...)
	}
	for _, k := range sortedKeys(s.Headings) {
		if !OneOf(k, HeadingKeys) {
			fe = append(fe, FieldError{Field: "heading", Value: k, Rule: "enum", Params: map[string]string{"Allowed": strings.Join(HeadingKeys, ", ")}})
			continue
		}
		fe = append(fe, maxLen("heading_"+k, s.Headings[k], 12)...)
	}
	return Invalid(fe...)
}

// AuditEntry is one line of the audit history: who changed what, when. A bulk load
// writes one entry per batch (Field "*", New a summary).
type AuditEntry struct {
	ID       int64
	At       time.Time
	Who      string // the OS user, or the PostgreSQL role
	Action   string // create, update, retire, delete, import, close-year, reopen-year…
	Entity   string // units, vehicles…, projects, indicators, maintenance, year-settings
	EntityID int64
	Code     string // the entity's code or name, kept when the entity is deleted
	Field    string
	Old      string
	New      string
}

func required(field, v string) []FieldError {
	if strings.TrimSpace(v) == "" {
		return []FieldError{{Field: field, Rule: "required"}}
	}
	return nil
}

func enum(field, v string, allowed []string) []FieldError {
	if v == "" || OneOf(v, allowed) {
		return nil
	}
	return []FieldError{{Field: field, Value: v, Rule: "enum", Params: map[string]string{"Allowed": strings.Join(allowed, "、")}}}
}

func validDate(field string, d Date) []FieldError {
	if d == "" {
		return nil
	}
	if fe := d.Check(field); fe != nil {
		return []FieldError{*fe}
	}
	return nil
}

func validYear(field string, y int) []FieldError {
	if !ValidYear(y) {
		return []FieldError{{Field: field, Value: strconv.Itoa(y), Rule: "year"}}
	}
	return nil
}

func nonNegative(field string, v float64) []FieldError {
	if v < 0 {
		return []FieldError{{Field: field, Value: strconv.FormatFloat(v, 'f', -1, 64), Rule: "negative"}}
	}
	return nil
}

func nonNegativeFen(field string, v Fen) []FieldError {
	if v < 0 {
		return []FieldError{{Field: field, Value: v.Yuan(), Rule: "negative"}}
	}
	return CheckAmount(field, v)
}

func maxLen(field, v string, n int) []FieldError {
	if len([]rune(v)) > n {
		return []FieldError{{Field: field, Value: string([]rune(v)[:20]) + "…", Rule: "too_long", Params: map[string]string{"Max": strconv.Itoa(n)}}}
	}
	return nil
}
