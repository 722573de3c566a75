package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"cityledger/gui"
)

// ProblemText is a form's message area: the red, wrapped message in a short scroll, so
// a long list of broken rules never pushes the buttons out of the dialog; hidden when
// empty.
type ProblemText struct {
	label  *widget.Label
	box    *container.Scroll
	parent *fyne.Container
}

// NewProblemText makes an empty message area.
func NewProblemText() *ProblemText {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	box := container.NewVScroll(l)
	box.SetMinSize(fyne.NewSize(0, 116))
	box.Hide()
	return &ProblemText{label: l, box: box}
}

// Above stacks the message area over the objects below it (the buttons).
func (p *ProblemText) Above(objs ...fyne.CanvasObject) *fyne.Container {
	return container.NewVBox(append([]fyne.CanvasObject{p.box}, objs...)...)
}

// Relayout names the container laid out again whenever the message comes or goes: the
// dialog's whole body, so the fields' scroll gives the message room.
func (p *ProblemText) Relayout(c *fyne.Container) { p.parent = c }

// Set shows msg, or hides the area when msg is "".
func (p *ProblemText) Set(msg string) {
	p.label.SetText(msg)
	if msg == "" {
		p.box.Hide()
	} else {
		p.box.Show()
		p.box.ScrollToTop()
	}
	if p.parent != nil {
		p.parent.Refresh()
	}
}

// Text is the message shown, "" when none.
func (p *ProblemText) Text() string {
	if !p.box.Visible() {
		return ""
	}
	return p.label.Text
}

// EnumLabels are stored enumeration values as a list offers them in the app's language.
func EnumLabels(env *gui.Env, values []string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = env.Enum(v)
	}
	return out
}

// SelectValue is the stored value of a list offering values (EnumLabels), "" for none.
func SelectValue(s *widget.Select, values []string) string {
	if i := s.SelectedIndex(); i >= 0 && i < len(values) {
		return values[i]
	}
	return ""
}

// SetSelectValue chooses stored value v in a list offering EnumLabels ("" clears it).
func SetSelectValue(env *gui.Env, s *widget.Select, v string) {
	if v == "" {
		s.ClearSelected()
		return
	}
	s.SetSelected(env.Enum(v))
}

// HintOf is the placeholder of an entry of a field key: its format.
func HintOf(env *gui.Env, key string) string {
	switch key {
	case "start_date", "disposal_date", "date":
		return "YYYY-MM-DD"
	case "original_value", "cost", "budget", "fiscal_budget", "other_budget":
		return env.T("gui.hint.yuan")
	}
	return ""
}

// Bold is a bold label.
func Bold(s string) *widget.Label {
	return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// Low is a wrapped label in the low-importance colour (hints under a form).
func Low(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Importance = widget.LowImportance
	l.Wrapping = fyne.TextWrapWord
	return l
}
