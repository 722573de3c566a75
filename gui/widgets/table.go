package widgets

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"cityledger/domain"
	"cityledger/domain/i18n"
	"cityledger/gui"
)

// Page sizes of the tables fed by a Pager: rows per page, pages kept.
const (
	PageSize = 100
	MaxPages = 12
)

// Truncate cuts a label to n characters, an ellipsis last.
func Truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// SearchDelay is how long a search box waits for the typing to pause before it queries.
const SearchDelay = 250 * time.Millisecond

// ListColumn is one column of a list of rows of T shown by screen S (the maintenance
// records, the projects). Key names the header: a field key, or a gui.* catalogue key.
type ListColumn[S, T any] struct {
	Key     string
	Width   float32
	Numeric bool
	Value   func(s S, row *T) string
}

// NewListTable is the read-only table of such a list, with a bold header row. rows
// counts the rows; row(i) is row i, or false while it is still loading ("…").
func NewListTable[S, T any](env *gui.Env, s S, cols []ListColumn[S, T], rows func() int, row func(i int) (T, bool)) *widget.Table {
	title := func(key string) string {
		if strings.HasPrefix(key, "gui.") {
			return env.T(key)
		}
		return FieldName(env, key)
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
			if c.Numeric {
				l.Alignment = fyne.TextAlignTrailing
			} else {
				l.Alignment = fyne.TextAlignLeading
			}
			l.SetText(c.Value(s, &r))
		})
	t.ShowHeaderColumn = false
	t.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 && id.Col < len(cols) {
			o.(*widget.Label).SetText(title(cols[id.Col].Key))
		}
	}
	for i, c := range cols {
		t.SetColumnWidth(i, HeaderWidth(title(c.Key), c.Width))
	}
	return t
}

// HeaderWidth widens a column to fit its header and the sort arrow: English headers run
// longer than the Chinese the widths were chosen for.
func HeaderWidth(title string, width float32) float32 {
	need := fyne.MeasureText(title, theme.TextSize(), fyne.TextStyle{}).Width + theme.IconInlineSize() + 4*theme.Padding()
	if need > width {
		return need
	}
	return width
}

// FieldName is a field key (code, unit, cost…) as its label reads.
func FieldName(env *gui.Env, key string) string { return domain.FieldName(env.Lang, key) }

// YesNo is 是/否 in the language.
func YesNo(l i18n.Lang, b bool) string {
	if b {
		return i18n.Enum(l, "是")
	}
	return i18n.Enum(l, "否")
}

// MeasureWord is the counting word of a class (盏, 辆…) in the app's language; in
// English a noun with its leading space (" lamps").
func MeasureWord(env *gui.Env, c domain.Class) string {
	if k := "gui.measure_word." + string(c); i18n.Has(env.Lang, k) {
		return env.T(k)
	}
	if d, ok := env.ClassOf(c); ok {
		if env.Lang == i18n.EN {
			// English counts in the class's own name: "12 kiosks", "20 trash bins".
			return " " + strings.ToLower(d.Title(i18n.EN))
		}
		return env.Enum(d.Counted())
	}
	return ""
}

// AssetLabel names an asset in pickers and lists: code, then its name, road or plate.
func AssetLabel(a *domain.Asset) string {
	s := a.Code
	for _, extra := range []string{a.Name, a.Road, a.Plate} {
		if extra != "" {
			s += "  " + extra
			break
		}
	}
	return s
}
