package exchange

import (
	"cityledger/domain"
	"cityledger/domain/i18n"
)

// yearSettingsFields are the year-settings columns: the year, every key of
// domain.SettingKeys under its Chinese label from the catalogue (the one the
// settings form and `ledgerctl settings` show), and whether the year is closed.
func yearSettingsFields() []Field {
	out := []Field{req(typed("year", "年度", tYear))}
	for _, k := range domain.SettingKeys {
		zh := i18n.T(i18n.ZH, "field."+k.Key, nil)
		switch k.Kind {
		case domain.SettingMoney:
			out = append(out, typed(k.Key, zh, tMoney))
		case domain.SettingCount:
			out = append(out, typed(k.Key, zh, tInt))
		default:
			out = append(out, text(k.Key, zh))
		}
	}
	return append(out, yesNo("closed", "已结账"))
}
