package domain

import (
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"cityledger/domain/i18n"
)

func ct(s string) time.Time {
	t, ok := ParseCaseTime(s)
	if !ok {
		panic("bad test time " + s)
	}
	return t
}

func TestParseCaseTime(t *testing.T) {
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{"2020-03-05 08:12:30", "2020-03-05 08:12:30", true},
		{"2020-03-05 08:12", "2020-03-05 08:12:00", true},
		{"2020-03-05", "2020-03-05 00:00:00", true},
		{"2020/3/5 8:12", "2020-03-05 08:12:00", true},
		{"2020/03/05 08:12:30", "2020-03-05 08:12:30", true},
		{"2020-03-05T08:12:30", "2020-03-05 08:12:30", true},
		{"2020-03-05 08:12:30.000", "2020-03-05 08:12:30", true},
		{"2020-03-05 08:12:30.5", "", false},
		{"2020-03-05T08:12:30+08:00", "", false},
		{"2020-02-30 08:00", "", false},
		{"43895.3420138889", "2020-03-05 08:12:30", true}, // a spreadsheet date-time cell
		{"2020", "", false},
		{"", "", false},
	} {
		got, ok := ParseCaseTime(c.in)
		if ok != c.ok || (ok && FormatCaseTime(got) != c.want) {
			t.Errorf("ParseCaseTime(%q) = %q, %v; want %q, %v", c.in, FormatCaseTime(got), ok, c.want, c.ok)
		}
	}
}

func TestCaseValidation(t *testing.T) {
	base := func(mod func(c *Case)) error {
		c := &Case{No: "CG1", Source: SourceCityPlatform, Category: CategoryComponent, ClassCode: "0118",
			ReportedAt: ct("2020-05-01 08:00")}
		mod(c)
		return c.Validate()
	}
	for _, c := range []struct {
		name        string
		err         error
		field, rule string
		zh, en      string
	}{
		{"number", base(func(c *Case) { c.No = "" }), "case_no", "required", "案件编号：必须填写", "case number: is required"},
		{"source", base(func(c *Case) { c.Source = "微信" }), "source", "enum", "来源“微信”：不是允许的值", `source "微信": is not an allowed value`},
		{"category", base(func(c *Case) { c.Category = "" }), "category", "required", "类别：必须填写", "category: is required"},
		{"class", base(func(c *Case) { c.ClassCode = "" }), "class_name", "required", "小类名称：必须填写", "class name: is required"},
		{"unknown code alone", base(func(c *Case) { c.ClassCode = "9999" }), "class_name", "case_class_name_needed", "须同时填写小类名称", "give the class name too"},
		{"reported", base(func(c *Case) { c.ReportedAt = time.Time{} }), "reported_at", "required", "上报时间：必须填写", "reported at: is required"},
		{"resolved before reported", base(func(c *Case) { c.ResolvedAt = ct("2020-04-30 23:59") }), "resolved_at", "case_time_order",
			"处置时间“2020-04-30 23:59:00”：早于上报时间（2020-05-01 08:00:00）", `resolved at "2020-04-30 23:59:00": is earlier than the reported at`},
		{"closed before resolved", base(func(c *Case) { c.ResolvedAt, c.ClosedAt = ct("2020-05-03"), ct("2020-05-02") }), "closed_at", "case_time_order",
			"早于处置时间", "earlier than the resolved at"},
		{"status", base(func(c *Case) { c.Status = "已办结" }), "status", "enum", "状态“已办结”：不是允许的值", `status "已办结": is not an allowed value`},
		{"coordinates", base(func(c *Case) { c.Location = &orb.Point{2683335, 1254073} }), "lon", "coordinates_range", "不是经纬度坐标", "not longitude/latitude"},
		{"asset without class", base(func(c *Case) { c.AssetCode = "LD-1" }), "asset_class", "asset_class_required", "填写资产编号时必须填写资产类别", "an asset code needs its asset class"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var hit *FieldError
			for _, f := range FieldErrors(c.err) {
				if f.Field == c.field && f.Rule == c.rule {
					f := f
					hit = &f
				}
			}
			if hit == nil {
				t.Fatalf("want %s/%s, got %v", c.field, c.rule, c.err)
			}
			if zh := hit.Render(i18n.ZH); !strings.Contains(zh, c.zh) {
				t.Errorf("zh %q lacks %q", zh, c.zh)
			}
			if en := hit.Render(i18n.EN); !strings.Contains(en, c.en) {
				t.Errorf("en %q lacks %q", en, c.en)
			}
		})
	}
	if err := base(func(c *Case) {}); err != nil {
		t.Errorf("a valid case: %v", err)
	}
}

func TestCaseNotices(t *testing.T) {
	for _, c := range []struct {
		name               string
		category, code, nm string
		status             string
		rule, zh           string
	}{
		{"national", CategoryComponent, "0118", "路灯", "", "", ""},
		{"code alone", CategoryComponent, "0118", "", "", "", ""},
		{"name alone", CategoryEvent, "", "暴露垃圾", "", "", ""},
		{"newer name", CategoryComponent, "", "沟盖板", "", "case_class_not_national", "小类名称“沟盖板”：不在国家标准小类清单中（本地扩展或较新的名称），已按原样接收"},
		{"other name", CategoryComponent, "0118", "路灯杆", "", "case_class_name_differs", "与国标代码0118的名称“路灯”不同"},
		{"event code on a component", CategoryComponent, "0506", "非机动车乱停放", "", "case_class_other_category", "是事件的国标代码（非机动车乱停放）"},
		{"2026 code", CategoryComponent, "01026", "沟槽盖板", "", "", ""},
		{"local code", CategoryEvent, "2101", "违规户外广告", "", "case_class_unknown", "小类代码“2101”：不在国家标准小类清单中"},
		{"closed without times", CategoryEvent, "0102", "暴露垃圾", CaseClosed, "case_status_without_time", "状态“已结案”：状态为已结案，但没有处置时间"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cs := &Case{Category: c.category, ClassCode: c.code, ClassName: c.nm, Status: c.status}
			ns := cs.Notices()
			if c.rule == "" {
				if len(ns) > 0 {
					t.Fatalf("want no notice, got %v", ns[0].Render(i18n.ZH))
				}
				return
			}
			if len(ns) == 0 || ns[0].Rule != c.rule {
				t.Fatalf("want %s, got %v", c.rule, ns)
			}
			if zh := ns[0].Render(i18n.ZH); !strings.Contains(zh, c.zh) {
				t.Errorf("zh %q lacks %q", zh, c.zh)
			}
			if en := ns[0].Render(i18n.EN); strings.Contains(en, "{{") || en == "" {
				t.Errorf("en %q", en)
			}
		})
	}
	// A count of rows sharing one remark is said once.
	n := FieldError{Row: 12, Field: "class_name", Value: "沟盖板", Rule: "case_class_not_national", Params: map[string]string{"Count": "163"}}
	if got := n.Render(i18n.ZH); !strings.HasSuffix(got, "已按原样接收（共163行）") {
		t.Errorf("zh %q", got)
	}
	if got := n.Render(i18n.EN); !strings.HasSuffix(got, "accepted as given (163 rows)") {
		t.Errorf("en %q", got)
	}
}

// city builds a 城市管理案件 of the 数字城管 for the figures' tests.
func city(no, category, code, name, reported, deadline, resolved string) Case {
	c := Case{No: no, Source: SourceCityPlatform, Category: category, ClassCode: code, ClassName: name,
		ReportedAt: ct(reported), Unit: "环卫中心"}
	if deadline != "" {
		c.Deadline = ct(deadline)
	}
	if resolved != "" {
		c.ResolvedAt = ct(resolved)
	}
	c.Status = c.DerivedStatus()
	return c
}

func TestCaseFiguresByHand(t *testing.T) {
	cases := []Case{
		// Resolved on time, exactly at the deadline.
		city("1", CategoryComponent, "0305", "垃圾箱", "2020-01-05 08:00", "2020-01-06 08:00", "2020-01-06 08:00"),
		// Resolved a second late.
		city("2", CategoryComponent, "0305", "垃圾箱", "2020-01-05 09:00", "2020-01-06 09:00", "2020-01-06 09:00:01"),
		// No deadline: resolved, never on time.
		city("3", CategoryComponent, "0118", "路灯", "2020-02-01 10:00", "", "2020-02-01 12:00"),
		// Reported in 2020, resolved in 2021: counts in 2020, resolved.
		city("4", CategoryComponent, "0118", "路灯", "2020-12-31 22:00", "2021-01-02 22:00", "2021-01-02 10:00"),
		// Unresolved, past its deadline: overdue now.
		city("5", CategoryEvent, "0506", "非机动车乱停放", "2020-03-01 08:00", "2020-03-01 10:00", ""),
		// Unresolved without deadline: not overdue, not on time.
		city("6", CategoryEvent, "0102", "暴露垃圾", "2020-03-02 08:00", "", ""),
		// A tie with 0102 on one case each: 0102 comes first by code.
		city("7", CategoryEvent, "0201", "非法小广告", "2020-03-03 08:00", "2020-03-04 08:00", "2020-03-03 09:00"),
		// A name outside the lists, without a code: ties go by code, "" first.
		city("8", CategoryEvent, "", "违规户外广告", "2020-03-04 08:00", "2020-03-05 08:00", "2020-03-04 09:00"),
		// Cancelled: in no figure but the cancelled count.
		func() Case {
			c := city("9", CategoryEvent, "0506", "非机动车乱停放", "2020-04-01 08:00", "2020-04-01 10:00", "")
			c.Status = CaseCancelled
			return c
		}(),
		// Reported in 2019: not a 2020 case.
		city("10", CategoryComponent, "0305", "垃圾箱", "2019-12-31 23:59:59", "2020-01-01 10:00", "2020-01-01 09:00"),
	}
	// 12345: replied on time, replied late, replied without deadline, not replied.
	hot := func(no, reported, deadline, resolved, closed, replied string) Case {
		c := Case{No: no, Source: SourceHotline, Category: CategoryEvent, ClassName: "噪声扰民", ReportedAt: ct(reported)}
		for f, v := range map[string]string{"deadline": deadline, "resolved_at": resolved, "closed_at": closed, "replied_at": replied} {
			if v != "" {
				c.SetTime(f, ct(v))
			}
		}
		c.Status = c.DerivedStatus()
		return c
	}
	cases = append(cases,
		hot("R1", "2020-06-01 08:00", "2020-06-03 08:00", "2020-06-02 08:00", "2020-06-02 09:00", "2020-06-03 08:00"),
		hot("R2", "2020-06-01 08:00", "2020-06-03 08:00", "2020-06-02 08:00", "2020-06-04 08:00", "2020-06-03 08:00:01"),
		hot("R3", "2020-06-01 08:00", "", "2020-06-02 08:00", "", "2020-06-02 08:00"),
		hot("R4", "2020-06-01 08:00", "2020-06-03 08:00", "", "", ""),
	)
	now := ct("2021-06-01 00:00")
	f := CaseFiguresFrom(&CaseGroups{Year: 2020, AsOf: now, Groups: GroupCases(cases, 2020, now)}, CaseSelection{})
	c := f.City
	// On time: 1 (at the deadline), 4 (resolved next year, before its deadline), 7, 8;
	// 2 is a second late and 3 has no deadline.
	if c.Reported != 8 || c.Resolved != 6 || c.OnTime != 4 || c.Overdue != 1 {
		t.Errorf("city: %+v; want 8 reported, 6 resolved, 4 on time, 1 overdue", c)
	}
	if c.ResolutionRate != "75%" || c.OnTimeRate != "50%" {
		t.Errorf("rates %s %s", c.ResolutionRate, c.OnTimeRate)
	}
	if f.Cancelled != 1 {
		t.Errorf("cancelled %d, want 1", f.Cancelled)
	}
	h := f.Hotline
	if h.Tickets != 4 || h.Resolved != 3 || h.Closed != 2 || h.RepliedOnTime != 1 || h.Overdue != 1 {
		t.Errorf("hotline %+v", h)
	}
	if h.ClosureRate != "50%" || h.ReplyRate != "25%" {
		t.Errorf("hotline rates %s %s", h.ClosureRate, h.ReplyRate)
	}
	names := func(cs []ClassCount) string {
		var s []string
		for _, c := range cs {
			s = append(s, c.Name)
		}
		return strings.Join(s, "、")
	}
	// 垃圾箱 2 (the 2019 one is not counted), 路灯 2: tied, 0118 before 0305.
	if got := names(f.TopComponents); got != "路灯、垃圾箱" {
		t.Errorf("components %s", got)
	}
	// 非机动车乱停放 1 (the cancelled one does not count), 暴露垃圾 1, 非法小广告 1, 违规户外广告 1:
	// all tied, by code: "" < 0102 < 0201 < 0506.
	if got := names(f.TopEvents); got != "违规户外广告、暴露垃圾、非法小广告、非机动车乱停放" {
		t.Errorf("events %s", got)
	}
	if len(f.ByMonth) != 4 || f.ByMonth[0].Key != "1" || f.ByMonth[0].Reported != 2 {
		t.Errorf("by month %+v", f.ByMonth)
	}
	if len(f.ByUnit) != 1 || f.ByUnit[0].Key != "环卫中心" || f.ByUnit[0].Reported != 8 {
		t.Errorf("by unit %+v", f.ByUnit)
	}
	// Mean time to resolve: resolved_at − reported_at over the resolved, rounded half up.
	var sum int64
	for _, cs := range cases[:8] {
		if cs.Resolved() {
			sum += int64(cs.ResolvedAt.Sub(cs.ReportedAt).Seconds())
		}
	}
	if want := (2*sum + 6) / 12; c.MeanResolveSeconds != want {
		t.Errorf("mean %d, want %d", c.MeanResolveSeconds, want)
	}
	// A source filter narrows the figures to that source.
	hf := CaseFiguresFrom(&CaseGroups{Year: 2020, AsOf: now, Groups: GroupCases(cases, 2020, now)}, CaseSelection{Sources: []string{SourceHotline}})
	if hf.City.Reported != 4 || hf.City.Resolved != 3 {
		t.Errorf("12345 selection %+v", hf.City)
	}
	if f.Empty() {
		t.Error("not empty")
	}
	if !CaseFiguresFrom(&CaseGroups{Year: 2022}, CaseSelection{}).Empty() {
		t.Error("a year without cases is empty")
	}
}

// FuzzParseCaseTime: whatever is accepted writes back as a time that reads back the
// same, to the second.
func FuzzParseCaseTime(f *testing.F) {
	for _, s := range []string{"2020-03-05 08:12:30", "2020-03-05", "2020/3/5 8:12", "43895.3420138889", "2020-03-05T08:12:30.000",
		"2020-03-05 08:12:30.5", "2020-13-01", "", "１９９０-01-01", "2020-02-29 24:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := ParseCaseTime(s)
		if !ok {
			return
		}
		back, ok := ParseCaseTime(FormatCaseTime(v))
		if !ok || !back.Equal(v) || v.Nanosecond() != 0 {
			t.Fatalf("%q → %v → %q → %v", s, v, FormatCaseTime(v), back)
		}
	})
}
