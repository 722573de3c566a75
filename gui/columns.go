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

// column is one column of a register table: a declared field of the class. Its key
// names the header and is what the store sorts by.
type column struct {
	key     string
	title   string
	width   float32
	numeric bool
	field   *domain.Field
}

// hiddenColumns are the fields a register's table leaves to the detail: long or rarely
// scanned ones.
var hiddenColumns = map[string]bool{"note": true, "disposal_date": true, "component_id": true}

// columnsOf lists the table columns of a class: its stored fields in declaration order,
// the identifying ones first, as the declaration orders them.
func columnsOf(env *Env, d *domain.ClassDef) []column {
	var cols []column
	for i := range d.Fields {
		f := &d.Fields[i]
		if !f.Stored() || hiddenColumns[f.Key] {
			continue
		}
		c := column{key: f.Key, title: f.Name(env.Lang), field: f, numeric: f.Numeric(), width: 110}
		if f.Unit != "" {
			c.title += " (" + f.Unit + ")"
		}
		switch {
		case f.Key == "code":
			c.width = 130
		case f.Key == "name" || f.Key == "road":
			c.width = 160
		case f.Key == "unit":
			c.width = 90
		case f.Key == "status" || f.Type == domain.TypeYesNo:
			c.width = 75
		case f.Type == domain.TypeDate:
			c.width = 105
		case f.Type == domain.TypeMoney:
			c.width = 120
		case f.Type == domain.TypeEnum:
			c.width = 120
		case f.Numeric():
			c.width = 85
		}
		cols = append(cols, c)
	}
	return cols
}

// cellText is an asset's value of the column as the table shows it: units by short
// name, enumerations in the app's language, numbers grouped, zero figures blank.
func (c column) cellText(env *Env, units map[int64]string, a *domain.Asset) string {
	f := c.field
	v := a.Value(f)
	switch x := v.(type) {
	case nil:
		return ""
	case domain.Fen:
		if x == 0 {
			return ""
		}
		return money(x)
	case float64:
		return numberOrEmpty(x, 2)
	case int64:
		if f.Type == domain.TypeUnit {
			if n, ok := units[x]; ok {
				return n
			}
			return a.Unit
		}
		return groupDigits(strconv.FormatInt(x, 10))
	}
	return domain.DisplayValue(f, domain.FormatValue(f, v, nil), env.Lang)
}

func yesNo(l i18n.Lang, b bool) string {
	if b {
		return i18n.Enum(l, "是")
	}
	return i18n.Enum(l, "否")
}

// measureWord is the counting word of a class (盏, 辆…) in the app's language.
func measureWord(env *Env, c domain.Class) string {
	if k := "gui.measure_word." + string(c); hasKey(env, k) {
		return env.T(k)
	}
	if d, ok := env.ClassOf(c); ok {
		return env.Enum(d.Counted())
	}
	return ""
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
