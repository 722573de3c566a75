package domain

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"
)

// Case sources (来源). 城市管理案件 are the cases of every source but 12345.
const (
	SourceCityPlatform = "数字城管"
	SourceHotline      = "12345"
	SourcePatrol       = "巡查"
	SourceOther        = "其他"
)

// CaseSources lists the sources in the order forms and filters show them.
var CaseSources = []string{SourceCityPlatform, SourceHotline, SourcePatrol, SourceOther}

// Case categories (类别): a component (部件, a thing that is broken or missing) or an
// event (事件, something happening: a stall, litter, a poster).
const (
	CategoryComponent = "部件"
	CategoryEvent     = "事件"
)

// CaseCategories lists the categories.
var CaseCategories = []string{CategoryComponent, CategoryEvent}

// Case statuses (状态), in the order a case passes through them. 作废 (cancelled: a
// duplicate, a report outside the bureau's remit) takes the case out of every figure.
const (
	CaseWaiting   = "待派遣"
	CaseHandling  = "处置中"
	CaseResolved  = "已处置"
	CaseClosed    = "已结案"
	CaseCancelled = "作废"
)

// CaseStatuses lists the statuses.
var CaseStatuses = []string{CaseWaiting, CaseHandling, CaseResolved, CaseClosed, CaseCancelled}

// CaseTimeLayout is how case times are written: the platform's local wall-clock time
// to the second. Case times carry no time zone; the domain holds them as time.Time in
// UTC standing for that wall-clock reading, and the zero time means "not known".
const CaseTimeLayout = "2006-01-02 15:04:05"

// Case is a 数字城管 case or a 12345 hotline ticket: a problem reported at a place,
// classified by the national 小类 lists, dispatched to a responsible unit, resolved
// and closed. Its number is its key: importing a number that exists updates the case.
type Case struct {
	ID          int64
	No          string // 案件编号
	Source      string // 来源
	Category    string // 类别: 部件 or 事件
	ClassCode   string // 小类代码: 4 digits (2013 lists) or 5 (2026); may be empty or local
	ClassName   string // 小类名称
	Description string
	Address     string
	Location    *orb.Point // WGS84 lon/lat; nil when not known
	// ComponentID is the 部件标识码 the platform gives a component (district code,
	// component code, sequence).
	ComponentID string
	AssetClass  Class  // the asset the case concerns, with AssetCode
	AssetCode   string // as imported
	AssetID     int64  // resolved by the store; 0 when not linked
	Link        string // how AssetID was found: LinkComponentID, LinkAssetCode, LinkNearest, LinkManual; "" when not linked
	// Times of the case's life; the zero time is "not yet" / "not known".
	ReportedAt   time.Time
	DispatchedAt time.Time
	Deadline     time.Time // 处置时限
	ResolvedAt   time.Time
	ClosedAt     time.Time
	RepliedAt    time.Time
	Unit         string // 责任单位: any organisation's name, as the platform writes it
	Status       string
	Note         string
	Version      int64
}

// CaseTimeFields names the time fields in their order, with accessors.
var CaseTimeFields = []string{"reported_at", "dispatched_at", "deadline", "resolved_at", "closed_at", "replied_at"}

// Time returns the case time named by field (one of CaseTimeFields).
func (c *Case) Time(field string) time.Time {
	if p := c.timePtr(field); p != nil {
		return *p
	}
	return time.Time{}
}

// SetTime sets the case time named by field.
func (c *Case) SetTime(field string, t time.Time) {
	if p := c.timePtr(field); p != nil {
		*p = t
	}
}

func (c *Case) timePtr(field string) *time.Time {
	switch field {
	case "reported_at":
		return &c.ReportedAt
	case "dispatched_at":
		return &c.DispatchedAt
	case "deadline":
		return &c.Deadline
	case "resolved_at":
		return &c.ResolvedAt
	case "closed_at":
		return &c.ClosedAt
	case "replied_at":
		return &c.RepliedAt
	}
	return nil
}

// Year is the year the case was reported in: the year whose figures count it.
func (c *Case) Year() int { return c.ReportedAt.Year() }

// CityCase reports whether the case counts among the 城市管理案件 (every source but 12345).
func (c *Case) CityCase() bool { return c.Source != SourceHotline }

// Resolved reports whether the case has been resolved (处置): it has a resolution time.
func (c *Case) Resolved() bool { return !c.ResolvedAt.IsZero() }

// OnTime reports whether the case was resolved at or before its deadline; a case
// without a deadline is never on time.
func (c *Case) OnTime() bool {
	return c.Resolved() && !c.Deadline.IsZero() && !c.ResolvedAt.After(c.Deadline)
}

// RepliedOnTime reports whether the case was replied to at or before its deadline.
func (c *Case) RepliedOnTime() bool {
	return !c.RepliedAt.IsZero() && !c.Deadline.IsZero() && !c.RepliedAt.After(c.Deadline)
}

// OverdueAt reports whether the case is overdue at the wall-clock time at: not
// resolved, not cancelled, and past its deadline.
func (c *Case) OverdueAt(at time.Time) bool {
	return c.Status != CaseCancelled && !c.Resolved() && !c.Deadline.IsZero() && c.Deadline.Before(at)
}

// DerivedStatus is the status the case's times imply, for a case given without one:
// 已结案 when closed, 已处置 when resolved, 处置中 when dispatched, else 待派遣.
func (c *Case) DerivedStatus() string {
	switch {
	case !c.ClosedAt.IsZero():
		return CaseClosed
	case !c.ResolvedAt.IsZero():
		return CaseResolved
	case !c.DispatchedAt.IsZero():
		return CaseHandling
	}
	return CaseWaiting
}

// CompleteClass fills the class name from the national list when only the code is
// given (DESIGN.md: "the code may stand alone").
func (c *Case) CompleteClass() {
	if strings.TrimSpace(c.ClassName) != "" || c.ClassCode == "" {
		return
	}
	if cc, ok := LookupCaseClass(c.Category, c.ClassCode); ok {
		c.ClassName = cc.Name
	}
}

// Validate checks the case's own fields: what is required, the enumerations, the
// order of its times and its location. The asset reference is the store's to check.
func (c *Case) Validate() error {
	var fe []FieldError
	fe = append(fe, required("case_no", c.No)...)
	fe = append(fe, maxLen("case_no", c.No, 64)...)
	if c.Source == "" {
		fe = append(fe, required("source", "")...)
	} else {
		fe = append(fe, enum("source", c.Source, CaseSources)...)
	}
	if c.Category == "" {
		fe = append(fe, required("category", "")...)
	} else {
		fe = append(fe, enum("category", c.Category, CaseCategories)...)
	}
	fe = append(fe, enum("status", c.Status, CaseStatuses)...)
	switch {
	case strings.TrimSpace(c.ClassName) != "":
	case c.ClassCode == "":
		fe = append(fe, required("class_name", "")...)
	default:
		// A code the lists do not know cannot stand for a name: the figures count by name.
		if _, ok := LookupCaseClass(c.Category, c.ClassCode); !ok && OneOf(c.Category, CaseCategories) {
			fe = append(fe, FieldError{Field: "class_name", Value: c.ClassCode, Rule: "case_class_name_needed"})
		}
	}
	if c.ReportedAt.IsZero() {
		fe = append(fe, required("reported_at", "")...)
	}
	for _, f := range CaseTimeFields {
		t := c.Time(f)
		if t.IsZero() {
			continue
		}
		if y := t.Year(); y < 1900 || y > 2200 {
			fe = append(fe, FieldError{Field: f, Value: FormatCaseTime(t), Rule: "year"})
			continue
		}
		if f != "reported_at" && !c.ReportedAt.IsZero() && t.Before(c.ReportedAt) {
			fe = append(fe, FieldError{Field: f, Value: FormatCaseTime(t), Rule: "case_time_order",
				Params: map[string]string{"OtherField": "reported_at", "OtherValue": FormatCaseTime(c.ReportedAt)}})
		}
	}
	if !c.ClosedAt.IsZero() && !c.ResolvedAt.IsZero() && c.ClosedAt.Before(c.ResolvedAt) && !c.ResolvedAt.Before(c.ReportedAt) {
		fe = append(fe, FieldError{Field: "closed_at", Value: FormatCaseTime(c.ClosedAt), Rule: "case_time_order",
			Params: map[string]string{"OtherField": "resolved_at", "OtherValue": FormatCaseTime(c.ResolvedAt)}})
	}
	if p := c.Location; p != nil {
		if math.IsNaN(p[0]) || math.IsNaN(p[1]) || p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90 {
			fe = append(fe, FieldError{Field: "lon", Value: strconv.FormatFloat(p[0], 'f', -1, 64) + ", " + strconv.FormatFloat(p[1], 'f', -1, 64), Rule: "coordinates_range"})
		}
	}
	if c.AssetClass != "" && !c.AssetClass.Valid() {
		fe = append(fe, FieldError{Field: "asset_class", Value: string(c.AssetClass), Rule: "enum", Params: map[string]string{"Allowed": strings.Join(BuiltinCatalogue().Names(), "、")}})
	}
	if c.AssetCode != "" && c.AssetClass == "" {
		fe = append(fe, FieldError{Field: "asset_class", Rule: "asset_class_required"})
	}
	for field, v := range map[string]string{"address": c.Address, "note": c.Note, "class_name": c.ClassName} {
		fe = append(fe, maxLen(field, v, 500)...)
	}
	fe = append(fe, maxLen("description", c.Description, 2000)...)
	fe = append(fe, maxLen("unit", c.Unit, 200)...)
	fe = append(fe, maxLen("class_code", c.ClassCode, 20)...)
	fe = append(fe, maxLen("component_id", c.ComponentID, 64)...)
	fe = append(fe, maxLen("asset_code", c.AssetCode, 500)...)
	return Invalid(fe...)
}

// Notices are remarks on a valid case that a person should see but that do not stop
// it: a 小类 outside the national lists (they are neither complete nor certain, so
// local and newer names are accepted), and a status its times do not bear out.
func (c *Case) Notices() []FieldError {
	var out []FieldError
	name := strings.TrimSpace(c.ClassName)
	switch {
	case c.ClassCode != "":
		cc, ok := LookupCaseClass(c.Category, c.ClassCode)
		switch {
		case ok && name != "" && name != cc.Name:
			out = append(out, FieldError{Field: "class_name", Value: name, Rule: "case_class_name_differs",
				Params: map[string]string{"Code": c.ClassCode, "National": cc.Name}})
		case !ok:
			other := CategoryEvent
			if c.Category == CategoryEvent {
				other = CategoryComponent
			}
			if oc, found := LookupCaseClass(other, c.ClassCode); found {
				out = append(out, FieldError{Field: "class_code", Value: c.ClassCode, Rule: "case_class_other_category",
					Params: map[string]string{"Category": other, "National": oc.Name}})
			} else {
				out = append(out, FieldError{Field: "class_code", Value: c.ClassCode, Rule: "case_class_unknown"})
			}
		}
	case name != "":
		if _, ok := CaseClassByName(c.Category, name); !ok {
			out = append(out, FieldError{Field: "class_name", Value: name, Rule: "case_class_not_national"})
		}
	}
	switch c.Status {
	case CaseResolved, CaseClosed:
		if c.ResolvedAt.IsZero() {
			out = append(out, FieldError{Field: "status", Value: c.Status, Rule: "case_status_without_time",
				Params: map[string]string{"TimeField": "resolved_at"}})
		}
		if c.Status == CaseClosed && c.ClosedAt.IsZero() {
			out = append(out, FieldError{Field: "status", Value: c.Status, Rule: "case_status_without_time",
				Params: map[string]string{"TimeField": "closed_at"}})
		}
	case CaseWaiting, CaseHandling:
		if !c.ResolvedAt.IsZero() {
			out = append(out, FieldError{Field: "status", Value: c.Status, Rule: "case_time_without_status",
				Params: map[string]string{"TimeField": "resolved_at"}})
		}
	}
	return out
}

// ParseCaseTime reads a case time as platforms export it: "2020-03-05 08:12:30",
// "2020-03-05 08:12", a date alone (00:00), with "/" or "T" as separators, or a
// spreadsheet's serial day number with its fraction of a day (rounded to the second).
// A time zone or a fraction of a second other than zero cannot be stored and is refused.
func ParseCaseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	t := strings.Replace(s, "T", " ", 1)
	if i := strings.LastIndexByte(t, '.'); i > 0 && strings.Count(t, ":") == 2 && i > strings.LastIndexByte(t, ':') {
		if strings.Trim(t[i+1:], "0") != "" {
			return time.Time{}, false
		}
		t = t[:i]
	}
	for _, layout := range caseTimeLayouts {
		// time.Parse takes a fraction of a second after a comma too: refused, since it
		// cannot be stored. 0001-01-01 00:00 is the zero time, "not known".
		if v, err := time.Parse(layout, t); err == nil && v.Nanosecond() == 0 && !v.IsZero() {
			return v, true
		}
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsNaN(f) && f >= 10_000 && f <= 110_000 {
		days := math.Floor(f)
		secs := math.Round((f - days) * 86400)
		base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
		return base.AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second), true
	}
	return time.Time{}, false
}

var caseTimeLayouts = []string{
	"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02",
	"2006/01/02 15:04:05", "2006/01/02 15:04", "2006/01/02",
	"2006-1-2 15:04:05", "2006-1-2 15:04", "2006-1-2",
	"2006/1/2 15:04:05", "2006/1/2 15:04", "2006/1/2",
}

// FormatCaseTime writes a case time the way exports do ("" for the zero time).
func FormatCaseTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(CaseTimeLayout)
}

// WallClock is the wall-clock reading of t (its local date and time) as a case time,
// so that "now" compares with the platform's zone-less times.
func WallClock(t time.Time) time.Time {
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	return time.Date(y, mo, d, h, mi, s, 0, time.UTC)
}
