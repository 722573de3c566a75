package gui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"cityledger/domain"
	"cityledger/domain/i18n"
)

// listColumn is one column of a list of rows of T shown by screen S (the maintenance
// records, the projects). key names the header: a field key, or a gui.* catalogue key.
type listColumn[S, T any] struct {
	key     string
	width   float32
	numeric bool
	value   func(s S, row *T) string
}

// newListTable is the read-only table of such a list, with a bold header row. rows
// counts the rows; row(i) is row i, or false while it is still loading ("…").
func newListTable[S, T any](env *Env, s S, cols []listColumn[S, T], rows func() int, row func(i int) (T, bool)) *widget.Table {
	title := func(key string) string {
		if strings.HasPrefix(key, "gui.") {
			return env.T(key)
		}
		return fieldName(env, key)
	}
	t := widget.NewTableWithHeaders(
		func() (int, int) { return rows(), len(cols) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			r, ok := row(id.Row)
			if !ok {
				l.SetText("…")
				return
			}
			c := cols[id.Col]
			if c.numeric {
				l.Alignment = fyne.TextAlignTrailing
			} else {
				l.Alignment = fyne.TextAlignLeading
			}
			l.SetText(c.value(s, &r))
		})
	t.ShowHeaderColumn = false
	t.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 && id.Col < len(cols) {
			o.(*widget.Label).SetText(title(cols[id.Col].key))
		}
	}
	for i, c := range cols {
		t.SetColumnWidth(i, headerWidth(title(c.key), c.width))
	}
	return t
}

// column is one column of a register table. key is the asset field key: it names the
// header (field.<key> in the catalogue) and is what the store sorts by.
type column struct {
	key     string
	sortBy  string // "" when the column cannot be sorted
	width   float32
	numeric bool
	value   func(env *Env, units map[int64]string, a *domain.Asset) string
}

// kindField is the field key of an asset's Kind in class c: what its forms and
// messages call it (使用类别 for vehicles, 类型 for lamps and green areas, 类别 otherwise).
func kindField(c domain.Class) string {
	switch c {
	case domain.Vehicles:
		return "use_category"
	case domain.Lamps, domain.GreenAreas:
		return "type"
	}
	return "kind"
}

func textCol(key string, width float32, v func(a *domain.Asset) string) column {
	return column{key: key, sortBy: key, width: width, value: func(_ *Env, _ map[int64]string, a *domain.Asset) string { return v(a) }}
}

func enumCol(key, sortBy string, width float32, v func(a *domain.Asset) string) column {
	return column{key: key, sortBy: sortBy, width: width, value: func(env *Env, _ map[int64]string, a *domain.Asset) string {
		return env.Enum(v(a))
	}}
}

func numCol(key string, width float32, prec int, v func(a *domain.Asset) float64) column {
	return column{key: key, sortBy: key, width: width, numeric: true,
		value: func(_ *Env, _ map[int64]string, a *domain.Asset) string { return numberOrEmpty(v(a), prec) }}
}

// columnsOf lists the table columns of a register, the identifying ones first.
func columnsOf(c domain.Class) []column {
	code := textCol("code", 130, func(a *domain.Asset) string { return a.Code })
	name := textCol("name", 170, func(a *domain.Asset) string { return a.Name })
	kind := enumCol(kindField(c), "kind", 120, func(a *domain.Asset) string { return a.Kind })
	unit := column{key: "unit", sortBy: "unit_id", width: 90, value: func(_ *Env, units map[int64]string, a *domain.Asset) string {
		if n, ok := units[a.UnitID]; ok {
			return n
		}
		return a.Unit
	}}
	start := textCol("start_date", 105, func(a *domain.Asset) string { return string(a.StartDate) })
	value := column{key: "original_value", sortBy: "original_value", width: 120, numeric: true,
		value: func(_ *Env, _ map[int64]string, a *domain.Asset) string {
			if a.OriginalValue == 0 {
				return ""
			}
			return money(a.OriginalValue)
		}}
	status := enumCol("status", "status", 70, func(a *domain.Asset) string { return a.Status })
	length := numCol("length_m", 100, 1, func(a *domain.Asset) float64 { return a.LengthM })
	area := numCol("area_m2", 110, 1, func(a *domain.Asset) float64 { return a.AreaM2 })

	var cols []column
	switch c {
	case domain.Vehicles:
		cols = []column{code,
			textCol("plate", 100, func(a *domain.Asset) string { return a.Plate }),
			kind,
			enumCol("body_type", "body_type", 80, func(a *domain.Asset) string { return a.BodyType }),
			{key: "official", sortBy: "official", width: 80, value: func(env *Env, _ map[int64]string, a *domain.Asset) string {
				return yesNo(env.Lang, a.Official)
			}},
			unit, start, value, status}
	case domain.Lamps:
		cols = []column{code, kind,
			textCol("road", 150, func(a *domain.Asset) string { return a.Road }),
			numCol("power_w", 70, 1, func(a *domain.Asset) float64 { return a.PowerW }),
			numCol("pole_height_m", 70, 1, func(a *domain.Asset) float64 { return a.PoleHeightM }),
			unit, start, value, status}
	case domain.GreenAreas:
		cols = []column{code, name, kind, area, unit, start, value, status}
	case domain.SewerPipes:
		cols = []column{code, kind,
			textCol("material", 90, func(a *domain.Asset) string { return a.Material }),
			numCol("diameter_mm", 80, 0, func(a *domain.Asset) float64 { return float64(a.DiameterMM) }),
			length, unit, start, value, status}
	case domain.SewerFacilities:
		cols = []column{code, name, kind,
			textCol("capacity", 120, func(a *domain.Asset) string { return a.Capacity }),
			unit, start, value, status}
	case domain.Roads:
		cols = []column{code, name, kind, area, length, unit, start, value, status}
	}
	return cols
}

func yesNo(l i18n.Lang, b bool) string {
	if b {
		return i18n.Enum(l, "是")
	}
	return i18n.Enum(l, "否")
}

// measureWord is the counting word of a class (盏, 辆…) in the app's language.
func measureWord(env *Env, c domain.Class) string { return env.T("gui.measure_word." + string(c)) }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
