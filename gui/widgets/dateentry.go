package widgets

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"cityledger/domain"
	"cityledger/domain/i18n"
	"cityledger/gui"
)

// DateEntry is a date field: typed in any form domain.ParseDate reads (2020-03-15,
// 2020/3/15, 2020年3月15日), or picked from a calendar by its button. The text is
// read through ParseDate where the form is checked; the picker writes YYYY-MM-DD.
type DateEntry struct {
	widget.BaseWidget
	Entry  *KeyEntry
	button *widget.Button
	env    *gui.Env
	popup  *widget.PopUp
}

// NewDateEntry is an empty date field with an example as its placeholder.
func NewDateEntry(env *gui.Env) *DateEntry {
	d := &DateEntry{env: env, Entry: NewKeyEntry(env)}
	d.Entry.SetPlaceHolder(Example(env, "2024-03-15"))
	d.button = widget.NewButtonWithIcon("", theme.CalendarIcon(), d.ShowPicker)
	d.ExtendBaseWidget(d)
	return d
}

// CreateRenderer lays the entry out with the calendar button after it.
func (d *DateEntry) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil, nil, d.button, d.Entry))
}

// Text is what the field holds.
func (d *DateEntry) Text() string { return d.Entry.Text }

// SetText puts a date (or any text) into the field.
func (d *DateEntry) SetText(s string) { d.Entry.SetText(s) }

// ShowPicker opens the calendar on the field's date (today when it holds none).
func (d *DateEntry) ShowPicker() {
	start := time.Now()
	if v, fe := domain.ParseDate("date", d.Entry.Text, ""); fe == nil && v != "" {
		if t, err := time.Parse("2006-01-02", string(v)); err == nil {
			start = t
		}
	}
	c := d.env.Window.Canvas()
	cal := widget.NewCalendar(start, func(t time.Time) {
		d.Entry.SetText(t.Format("2006-01-02"))
		if d.popup != nil {
			d.popup.Hide()
		}
	})
	d.popup = widget.NewPopUp(cal, c)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(d)
	d.popup.ShowAtPosition(pos.Add(fyne.NewPos(0, d.Size().Height)))
}

// Example is a placeholder that reads as an example, not a value: "例如 2024-03-15".
func Example(env *gui.Env, s string) string {
	return env.T("gui.hint.example", map[string]any{"Example": s})
}

// WithSuffix puts a unit after a field's widget, where it stays visible while a value
// is typed (W, 米, ㎡).
func WithSuffix(o fyne.CanvasObject, unit string) fyne.CanvasObject {
	if unit == "" {
		return o
	}
	return container.NewBorder(nil, nil, nil, widget.NewLabel(unit), o)
}

// UnitText is a field's unit as a suffix reads in the language (m → 米, m2 → ㎡).
func UnitText(env *gui.Env, unit string) string {
	switch strings.ToLower(unit) {
	case "m":
		if env.Lang == i18n.ZH {
			return "米"
		}
		return "m"
	case "m2", "m²", "㎡":
		return "㎡"
	case "mm":
		if env.Lang == i18n.ZH {
			return "毫米"
		}
		return "mm"
	}
	return unit
}

// ClassInText is a class's name inside a sentence: in English singular and lower case
// ("street lamp", "sewer pipe"), as Chinese has no plural or case ("路灯").
func ClassInText(env *gui.Env, c domain.Class) string {
	name := env.ClassName(c)
	if env.Lang != i18n.EN {
		return name
	}
	return Singular(strings.ToLower(name))
}

// Singular is an English plural noun phrase in the singular: its last word loses its
// plural ending (lamps → lamp, facilities → facility, boxes → box).
func Singular(s string) string {
	i := strings.LastIndex(s, " ") + 1
	head, w := s[:i], s[i:]
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		w = w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "ses") || strings.HasSuffix(w, "xes") || strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes"):
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss"):
		w = w[:len(w)-1]
	}
	return head + w
}

// ClassCounted is a class's name after a count in running text: English plural or
// singular by n, lower case ("1 street lamp", "12 street lamps"); Chinese as it is.
func ClassCounted(env *gui.Env, c domain.Class, n int) string {
	name := env.ClassName(c)
	if env.Lang != i18n.EN {
		return name
	}
	name = strings.ToLower(name)
	if n == 1 {
		return Singular(name)
	}
	return name
}
