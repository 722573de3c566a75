package registers

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"cityledger/domain"
	"cityledger/gui"
	"cityledger/gui/widgets"
)

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
func columnsOf(env *gui.Env, d *domain.ClassDef) []column {
	var cols []column
	for i := range d.Fields {
		f := &d.Fields[i]
		if !f.Stored() || hiddenColumns[f.Key] {
			continue
		}
		c := column{key: f.Key, title: widgets.Heading(env, f.Name(env.Lang)), field: f, numeric: f.Numeric(), width: 110}
		if f.Unit != "" && !strings.Contains(c.title, "("+f.Unit+")") {
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
			// As wide as the longest value (up to 240): English values run long
			// ("Solar street lamp"), and a cut value cannot be told apart.
			c.width = 120
			for _, v := range enumChoices(env, f) {
				need := widget.NewLabel(v).MinSize().Width + 2*theme.Padding()
				c.width = min(max(c.width, need), 240)
			}
		case f.Numeric():
			c.width = 85
		}
		cols = append(cols, c)
	}
	return cols
}

// cellText is an asset's value of the column as the table shows it: units by short
// name, enumerations in the app's language, numbers grouped, zero figures blank.
func (c column) cellText(env *gui.Env, units map[int64]string, a *domain.Asset) string {
	f := c.field
	v := a.Value(f)
	switch x := v.(type) {
	case nil:
		return ""
	case domain.Fen:
		if x == 0 {
			return ""
		}
		return widgets.Money(x)
	case float64:
		return widgets.NumberOrEmpty(x, 2)
	case int64:
		if f.Type == domain.TypeUnit {
			if n, ok := units[x]; ok {
				return n
			}
			return a.Unit
		}
		return widgets.GroupDigits(strconv.FormatInt(x, 10))
	}
	return domain.DisplayValue(f, domain.FormatValue(f, v, nil), env.Lang)
}
