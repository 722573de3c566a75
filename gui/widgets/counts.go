package widgets

import (
	"strconv"
	"strings"

	"cityledger/domain"
	"cityledger/domain/i18n"
	"cityledger/gui"
)

// StatusCounts are how many assets of a class are in each status.
type StatusCounts struct {
	InUse, Idle, Retired int64
}

// Held is what the class holds: in use and idle.
func (c StatusCounts) Held() int64 { return c.InUse + c.Idle }

// StatusCount is the one wording of a class's counts on every screen (dashboard,
// register, map legend): "在用 950盏，已处置 1盏" / "950 lamps in service, 1 retired";
// idle assets get their own part ("2 idle") and parts of zero are left out (but the
// in-service part, which names the things, always shows).
func StatusCount(env *gui.Env, class domain.Class, c StatusCounts) string {
	word := MeasureWord(env, class)
	p := func(n int64) map[string]any {
		unit := word
		if env.Lang == i18n.EN && n == 1 {
			unit = " " + Singular(strings.TrimSpace(word)) // "1 lamp"
		}
		return map[string]any{"N": GroupDigits(itoa64(n)), "Unit": unit}
	}
	parts := []string{env.T("gui.count.in_use", p(c.InUse))}
	if c.Idle > 0 {
		parts = append(parts, env.T("gui.count.idle", p(c.Idle)))
	}
	if c.Retired > 0 {
		parts = append(parts, env.T("gui.count.retired", p(c.Retired)))
	}
	sep := "，"
	if env.Lang != i18n.ZH {
		sep = ", "
	}
	return strings.Join(parts, sep)
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

// Heading is a column or field name as a heading: English in sentence case ("Start
// date", "Power (W)"); Chinese as it is.
func Heading(env *gui.Env, s string) string {
	if env.Lang == i18n.ZH || s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}
