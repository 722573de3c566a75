package reportscreen

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// paragraph is a block of report text wrapped to the width it is given with
// breakLines: unlike Fyne's word wrap, which for text without spaces breaks anywhere,
// it keeps numbers whole and never starts a line with "。" or "，".
type paragraph struct {
	reflowing
	text  string
	size  fyne.ThemeSizeName
	style fyne.TextStyle
	color fyne.ThemeColorName
}

func newParagraph(text string, size fyne.ThemeSizeName, style fyne.TextStyle, color fyne.ThemeColorName) *paragraph {
	p := &paragraph{text: text, size: size, style: style, color: color}
	p.ExtendBaseWidget(p)
	return p
}

// reflowing is the base of the preview's widgets laid out for the width they are given
// (a paragraph breaks its lines, a table its columns): a new width refreshes the widget,
// and its new height reaches the parent's layout through MinSize, as with Fyne's own
// wrapping labels.
type reflowing struct {
	widget.BaseWidget
}

// Resize refreshes the widget when the width changes.
func (w *reflowing) Resize(size fyne.Size) {
	old := w.Size()
	if size == old {
		return
	}
	w.BaseWidget.Resize(size)
	if size.Width != old.Width {
		w.Refresh()
	}
}

func (p *paragraph) CreateRenderer() fyne.WidgetRenderer {
	r := &paragraphRenderer{p: p}
	r.rebuild()
	return r
}

type paragraphRenderer struct {
	p     *paragraph
	lines []string
	texts []fyne.CanvasObject
	width float32 // the text width lines were broken for
}

func (r *paragraphRenderer) metrics() (textSize, pad, lineH float32) {
	th := r.p.Theme()
	textSize = th.Size(r.p.size)
	pad = th.Size(theme.SizeNameInnerPadding)
	lineH = fyne.MeasureText("国Ag", textSize, r.p.style).Height
	return
}

// rebuild breaks the text for the paragraph's current width (one line per
// paragraph line before the first layout) and makes a canvas text per line.
func (r *paragraphRenderer) rebuild() {
	textSize, pad, _ := r.metrics()
	r.width = r.p.Size().Width - 2*pad
	if r.width <= 0 {
		r.lines = breakLines(r.p.text, 1e9, func(string) float32 { return 0 })
	} else {
		r.lines = breakLines(r.p.text, r.width, func(s string) float32 {
			return fyne.MeasureText(s, textSize, r.p.style).Width
		})
	}
	th := r.p.Theme()
	fg := th.Color(r.p.color, fyne.CurrentApp().Settings().ThemeVariant())
	r.texts = make([]fyne.CanvasObject, 0, len(r.lines))
	for _, l := range r.lines {
		t := canvas.NewText(l, fg)
		t.TextSize = textSize
		t.TextStyle = r.p.style
		r.texts = append(r.texts, t)
	}
}

func (r *paragraphRenderer) Layout(size fyne.Size) {
	_, pad, lineH := r.metrics()
	if size.Width-2*pad != r.width {
		r.rebuild()
	}
	for i, t := range r.texts {
		t.Move(fyne.NewPos(pad, pad/2+float32(i)*lineH))
		t.Resize(fyne.NewSize(size.Width-2*pad, lineH))
	}
}

// MinSize is narrow, so that the paragraph wraps rather than widening the preview,
// and as tall as the lines at the current width.
func (r *paragraphRenderer) MinSize() fyne.Size {
	textSize, pad, lineH := r.metrics()
	em := fyne.MeasureText("国", textSize, r.p.style).Width
	return fyne.NewSize(4*em+2*pad, float32(max(len(r.lines), 1))*lineH+pad)
}

func (r *paragraphRenderer) Refresh() {
	r.rebuild()
	r.Layout(r.p.Size())
	canvas.Refresh(r.p)
}

func (r *paragraphRenderer) Objects() []fyne.CanvasObject { return r.texts }
func (r *paragraphRenderer) Destroy()                     {}
