package domain

import (
	"sort"
	"strconv"
	"strings"
)

// Amount settings (YearSettings.Amounts): the 三公 items the bureau keeps no register
// of, and their budgets, in 分. 公务接待费 is 国内公务接待 + 外事接待.
const (
	AmountAbroad            = "abroad_amount"             // 因公出国（境）费支出
	AmountAbroadBudget      = "abroad_budget"             // 因公出国（境）费预算
	AmountReceptionDomestic = "reception_domestic_amount" // 国内公务接待支出
	AmountReceptionForeign  = "reception_foreign_amount"  // 外事接待支出
	AmountReceptionBudget   = "reception_budget"          // 公务接待费预算
)

// AmountKeys lists the amount settings in form order.
var AmountKeys = []string{AmountAbroad, AmountAbroadBudget, AmountReceptionDomestic, AmountReceptionForeign, AmountReceptionBudget}

// Count settings (YearSettings.Counts).
const (
	CountAbroadGroups    = "abroad_groups"              // 因公出国（境）团组 N 次
	CountAbroadPersons   = "abroad_persons"             // 出国（境）N 人
	CountDomesticBatches = "reception_domestic_batches" // 国内公务接待 N 批次
	CountDomesticPersons = "reception_domestic_persons" // N 人次（不包括陪同人员）
	CountForeignBatches  = "reception_foreign_batches"  // 外事接待 N 批次
	CountForeignPersons  = "reception_foreign_persons"  // N 人
)

// CountKeys lists the count settings in form order.
var CountKeys = []string{CountAbroadGroups, CountAbroadPersons, CountDomesticBatches, CountDomesticPersons,
	CountForeignBatches, CountForeignPersons}

// Report sections that take a heading number from the year settings (YearSettings.Headings),
// in print order: the host report's (the seed's 七、 for 三公, then （三）, （四） of its
// 十、其他重要事项), then CityLedger's own asset and maintenance section, which the host
// report has no place for, and the checks appendix. The IDs are the model's Section.ID.
const (
	SectionThreePublic = "three_public" // “三公”经费财政拨款支出决算情况说明 (the seed's 七、)
	SectionVehicles    = "vehicles"     // 国有资产占有使用情况 (the seed's （三）)
	SectionPerformance = "performance"  // 预算绩效管理情况 (the seed's （四）)
	SectionAssets      = "assets"       // 资产与养护情况
	SectionChecks      = "checks"       // 勾稽关系检查 (an appendix, printed on request)
)

// HeadingKeys lists the sections that take a heading number, in print order.
var HeadingKeys = []string{SectionThreePublic, SectionVehicles, SectionPerformance, SectionAssets, SectionChecks}

// SettingKind says how a year setting's value is typed and stored.
type SettingKind int

const (
	SettingMoney   SettingKind = iota // 元 with at most two decimals, stored in 分
	SettingCount                      // a whole number ≥ 0
	SettingText                       // a note the report prints
	SettingHeading                    // a section's heading number
)

// SettingKey is one key of `ledgerctl settings --set KEY=VALUE`, the settings form and
// the year-settings import: how its value is typed and the group forms show it in.
type SettingKey struct {
	Key   string
	Kind  SettingKind
	Group string // official, abroad, reception, notes, performance, headings
}

// SettingKeys lists every year setting (besides year and closed) in the order
// `ledgerctl settings`, the settings form and the import template show them. Labels
// are the catalogue's "field.<key>".
var SettingKeys = func() []SettingKey {
	out := []SettingKey{
		{"official_purchase_budget", SettingMoney, "official"},
		{"official_running_budget", SettingMoney, "official"},
		{"note_" + NoteOtherVehicles, SettingText, "official"},
		{"note_" + NoteOfficialChange, SettingText, "official"},
		{"note_" + NoteOfficialPurchase, SettingText, "official"},
		{"note_" + NoteOfficialRunning, SettingText, "official"},
		{AmountAbroad, SettingMoney, "abroad"},
		{AmountAbroadBudget, SettingMoney, "abroad"},
		{CountAbroadGroups, SettingCount, "abroad"},
		{CountAbroadPersons, SettingCount, "abroad"},
		{"note_" + NoteAbroadChange, SettingText, "abroad"},
		{AmountReceptionDomestic, SettingMoney, "reception"},
		{CountDomesticBatches, SettingCount, "reception"},
		{CountDomesticPersons, SettingCount, "reception"},
		{"note_" + NoteReceptionContent, SettingText, "reception"},
		{AmountReceptionForeign, SettingMoney, "reception"},
		{CountForeignBatches, SettingCount, "reception"},
		{CountForeignPersons, SettingCount, "reception"},
		{AmountReceptionBudget, SettingMoney, "reception"},
		{"note_" + NoteReceptionChange, SettingText, "reception"},
		{"note_" + NotePerfOverall, SettingText, "performance"},
		{"note_" + NotePerfResults, SettingText, "performance"},
	}
	for _, h := range HeadingKeys {
		out = append(out, SettingKey{"heading_" + h, SettingHeading, "headings"})
	}
	return out
}()

// LookupSetting finds a setting key.
func LookupSetting(key string) (SettingKey, bool) {
	for _, k := range SettingKeys {
		if k.Key == key {
			return k, true
		}
	}
	return SettingKey{}, false
}

// SettingKeyNames lists the keys, for messages naming the allowed ones.
func SettingKeyNames() []string {
	out := make([]string, len(SettingKeys))
	for i, k := range SettingKeys {
		out[i] = k.Key
	}
	return out
}

// Value is a setting's text form (money in 元 with two decimals); ok is false when
// the setting is not set.
func (s *YearSettings) Value(key string) (v string, ok bool) {
	switch {
	case key == "official_purchase_budget":
		if s.OfficialPurchaseBudget == nil {
			return "", false
		}
		return s.OfficialPurchaseBudget.Yuan(), true
	case key == "official_running_budget":
		if s.OfficialRunningBudget == nil {
			return "", false
		}
		return s.OfficialRunningBudget.Yuan(), true
	case strings.HasPrefix(key, "note_"):
		v, ok = s.Notes[strings.TrimPrefix(key, "note_")]
		return v, ok && v != ""
	case strings.HasPrefix(key, "heading_"):
		v, ok = s.Headings[strings.TrimPrefix(key, "heading_")]
		return v, ok && v != ""
	}
	if f, ok := s.Amounts[key]; ok {
		return f.Yuan(), true
	}
	if n, ok := s.Counts[key]; ok {
		return strconv.FormatInt(n, 10), true
	}
	return "", false
}

// Set parses value into the setting key; an empty value (after trimming) clears it.
// A value that cannot be stored exactly is refused with the rule it breaks.
func (s *YearSettings) Set(key, value string) *FieldError {
	k, ok := LookupSetting(key)
	if !ok {
		return &FieldError{Field: "setting", Value: key, Rule: "enum", Params: map[string]string{"Allowed": strings.Join(SettingKeyNames(), ", ")}}
	}
	value = strings.TrimSpace(value)
	switch k.Kind {
	case SettingMoney:
		var amount *Fen
		if value != "" {
			f, fe := ParseAmount(key, value)
			if fe != nil {
				return fe
			}
			if f < 0 {
				return &FieldError{Field: key, Value: value, Rule: "negative"}
			}
			amount = &f
		}
		switch key {
		case "official_purchase_budget":
			s.OfficialPurchaseBudget = amount
		case "official_running_budget":
			s.OfficialRunningBudget = amount
		default:
			if amount == nil {
				delete(s.Amounts, key)
			} else {
				if s.Amounts == nil {
					s.Amounts = map[string]Fen{}
				}
				s.Amounts[key] = *amount
			}
		}
	case SettingCount:
		if value == "" {
			delete(s.Counts, key)
			return nil
		}
		n, err := strconv.ParseInt(value, 10, 64)
		if err != nil {
			return &FieldError{Field: key, Value: value, Rule: "integer"}
		}
		if n < 0 {
			return &FieldError{Field: key, Value: value, Rule: "negative"}
		}
		if s.Counts == nil {
			s.Counts = map[string]int64{}
		}
		s.Counts[key] = n
	case SettingText:
		note := strings.TrimPrefix(key, "note_")
		if value == "" {
			delete(s.Notes, note)
			return nil
		}
		if s.Notes == nil {
			s.Notes = map[string]string{}
		}
		s.Notes[note] = value
	case SettingHeading:
		h := strings.TrimPrefix(key, "heading_")
		if value == "" {
			delete(s.Headings, h)
			return nil
		}
		if s.Headings == nil {
			s.Headings = map[string]string{}
		}
		s.Headings[h] = value
	}
	return nil
}

// Amount is an amount setting; ok is false when it is not set.
func (s *YearSettings) Amount(key string) (Fen, bool) {
	if s == nil {
		return 0, false
	}
	f, ok := s.Amounts[key]
	return f, ok
}

// Count is a count setting; ok is false when it is not set.
func (s *YearSettings) Count(key string) (int64, bool) {
	if s == nil {
		return 0, false
	}
	n, ok := s.Counts[key]
	return n, ok
}

// Note is a note's text ("" when none).
func (s *YearSettings) Note(key string) string {
	if s == nil {
		return ""
	}
	return s.Notes[key]
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
