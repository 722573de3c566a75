package domain

import (
	"strings"
	"testing"

	"cityledger/domain/i18n"
)

// Every validation rule, with the message a person reads in both languages.
func TestValidationRulesAndMessages(t *testing.T) {
	cat := BuiltinCatalogue()
	validate := func(a *Asset) error {
		d, _ := cat.Class(a.Class)
		return d.Validate(a)
	}
	lamp := func(mod func(a *Asset)) error {
		a := &Asset{Class: Lamps, Code: "LD-1", Unit: "局机关", Kind: "通电路灯", Status: StatusInUse}
		mod(a)
		return validate(a)
	}
	rec := func(mod func(r *Record)) error {
		r := &Record{Date: "2020-05-01", WorkType: "维修", Cost: 100}
		mod(r)
		return r.Validate()
	}
	cases := []struct {
		name   string
		err    error
		field  string
		rule   string
		zh, en string
	}{
		{"required code", lamp(func(a *Asset) { a.Code = " " }), "code", "required", "编号：必须填写", "code: is required"},
		{"enum type", lamp(func(a *Asset) { a.Kind = "霓虹灯" }), "type", "enum", "类型“霓虹灯”：不是允许的值（允许：通电路灯、太阳能路灯、景观灯）", `type "霓虹灯": is not an allowed value`},
		{"negative value", lamp(func(a *Asset) { a.OriginalValue = -1 }), "original_value", "negative", "原值“-0.01”：不能为负数", `original value "-0.01": must not be negative`},
		{"bad date", lamp(func(a *Asset) { a.StartDate = "2020-02-30" }), "start_date", "date", "启用日期“2020-02-30”：不是有效日期", `start date "2020-02-30": is not a valid date`},
		{"disposal before start", lamp(func(a *Asset) {
			a.StartDate, a.DisposalDate, a.Status = "2020-01-01", "2019-01-01", StatusDisposed
		}), "disposal_date", "date_order", "处置日期早于启用日期 2020-01-01", "the disposal date is before the start date 2020-01-01"},
		{"disposed without date", lamp(func(a *Asset) { a.Status = StatusDisposed }), "disposal_date", "disposal_needs_date", "状态为已处置时必须填写处置日期", "a disposed asset needs a disposal date"},
		{"date without disposed", lamp(func(a *Asset) { a.DisposalDate = "2020-01-01" }), "status", "disposed_status", "状态应为已处置", "the status must be 已处置"},
		{"too long", lamp(func(a *Asset) { a.Note = strings.Repeat("长", 501) }), "note", "too_long", "过长（最多500个字符）", "is too long (at most 500 characters)"},
		{"unknown class", rec(func(r *Record) { r.AssetClass = "Bridges!" }), "asset_class", "unknown_class", "资产类别“Bridges!”：没有这个资产类别", `asset class "Bridges!": no such asset class`},
		{"vehicle body type", validate(&Asset{Class: Vehicles, Code: "C1", Unit: "u", Kind: UseLaw}), "body_type", "required", "车型：必须填写", "body type: is required"},
		{"negative cost", rec(func(r *Record) { r.Cost = -100 }), "cost", "negative", "金额“-1.00”：不能为负数", `cost "-1.00": must not be negative`},
		{"record date required", rec(func(r *Record) { r.Date = "" }), "date", "required", "日期：必须填写", "date: is required"},
		{"work type", rec(func(r *Record) { r.WorkType = "刷漆" }), "work_type", "enum", "作业类型“刷漆”：不是允许的值", `work type "刷漆": is not an allowed value`},
		{"asset without class", rec(func(r *Record) { r.AssetCode = "LD-1" }), "asset_class", "asset_class_required", "填写资产编号时必须填写资产类别", "an asset code needs its asset class"},
		{"quantity without unit", rec(func(r *Record) { r.Quantity = 3 }), "quantity_unit", "unit_needed", "填写数量时必须填写计量单位", "a quantity needs its unit"},
		{"funding", rec(func(r *Record) { r.Funding = "贷款" }), "funding", "enum", "资金来源“贷款”：不是允许的值", `funding "贷款": is not an allowed value`},
		{"budget split", (&Project{Code: "P", Year: 2020, Name: "n", Unit: "u", Budget: 100, FiscalBudget: 50}).Validate(), "budget", "budget_split",
			"预算数应等于财政拨款0.50元与其他资金0.00元之和", "the budget must equal fiscal funds 0.50 plus other funds 0.00"},
		{"project year", (&Project{Code: "P", Year: 20, Name: "n", Unit: "u"}).Validate(), "year", "year", "年度“20”：不是有效年度", `year "20": is not a valid year`},
		{"indicator binding", (&Indicator{ProjectCode: "P", Year: 2020, Level1: "a", Level3: "b", Binding: "lamps.weight"}).Validate(), "binding", "binding", "不是有效的指标取数规则", "is not a valid binding"},
		{"unit short name", (&Unit{Name: "x"}).Validate(), "short_name", "required", "简称：必须填写", "short name: is required"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if ErrorKind(c.err) != KindInvalid {
				t.Fatalf("want an invalid error, got %v", c.err)
			}
			fe := FieldErrors(c.err)
			found := false
			for _, f := range fe {
				if f.Field == c.field && f.Rule == c.rule {
					found = true
				}
			}
			if !found {
				t.Fatalf("no %s/%s among %+v", c.field, c.rule, fe)
			}
			zh, en := Message(i18n.ZH, c.err), Message(i18n.EN, c.err)
			if !strings.Contains(zh, c.zh) {
				t.Errorf("zh message %q lacks %q", zh, c.zh)
			}
			if !strings.Contains(en, c.en) {
				t.Errorf("en message %q lacks %q", en, c.en)
			}
			if strings.Contains(zh+en, "rule.") || strings.Contains(zh+en, "field.") || strings.Contains(zh+en, "{{") {
				t.Errorf("untranslated key in %q / %q", zh, en)
			}
		})
	}
}

func TestRowErrorNamesRowFieldAndValue(t *testing.T) {
	err := Invalid(FieldError{Row: 1235, Field: "unit", Value: "不存在的单位", Rule: "unknown_unit"})
	if got := Message(i18n.ZH, err); !strings.Contains(got, "第1235行，所属单位“不存在的单位”：没有这个单位") {
		t.Errorf("zh: %s", got)
	}
	if got := Message(i18n.EN, err); !strings.Contains(got, `Row 1235, unit "不存在的单位": no such unit`) {
		t.Errorf("en: %s", got)
	}
}

func TestValidAssetsPass(t *testing.T) {
	for _, d := range BuiltinCatalogue().Classes() {
		a := &Asset{Class: d.Key, Code: "X1", Unit: "局机关", BodyType: "轿车", Status: StatusInUse}
		if kf := d.KindField(); kf != nil {
			a.Kind = kf.Values[0].Value
		}
		if err := d.Validate(a); err != nil {
			t.Errorf("%s: %v", d.Key, err)
		}
	}
}
