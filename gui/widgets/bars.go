package widgets

// Bars draws the app's small charts natively with Fyne canvas objects: horizontal bars
// against a target (a project's spending against its budget) and vertical columns (cost
// per month). A few dozen rectangles cost nothing to draw; no web view, no image round
// trip.

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Item is one bar: its label, its value, an optional target drawn as the track behind it
// (0: none) and the text printed beside it.
type Item struct {
	Label  string
	Value  float64
	Target float64
	Text   string
	// Over marks a bar to draw in the warning colour (spending over budget).
	Over bool
}

// Bars is a bar chart: horizontal bars with labels on the left, or vertical columns with
// labels underneath.
type Bars struct {
	widget.BaseWidget
	Vertical bool
	items    []Item
	// Empty is printed when there are no items.
	Empty string
}

// NewBars makes an empty chart.
func NewBars(vertical bool) *Bars {
	b := &Bars{Vertical: vertical}
	b.ExtendBaseWidget(b)
	return b
}

// SetItems replaces the bars (UI goroutine).
func (b *Bars) SetItems(items []Item) {
	b.items = append([]Item(nil), items...)
	b.Refresh()
}

// Items are the bars shown.
func (b *Bars) Items() []Item { return append([]Item(nil), b.items...) }

// CreateRenderer implements fyne.Widget.
func (b *Bars) CreateRenderer() fyne.WidgetRenderer {
	r := &barsRenderer{b: b}
	r.rebuild()
	return r
}

type barsRenderer struct {
	b       *Bars
	labels  []*canvas.Text
	tracks  []*canvas.Rectangle
	bars    []*canvas.Rectangle
	values  []*canvas.Text
	empty   *canvas.Text
	objects []fyne.CanvasObject
}

func (r *barsRenderer) rebuild() {
	fg := theme.Color(theme.ColorNameForeground)
	r.labels, r.tracks, r.bars, r.values = nil, nil, nil, nil
	r.objects = nil
	for _, it := range r.b.items {
		l := canvas.NewText(it.Label, fg)
		l.TextSize = theme.TextSize() * 0.9
		track := canvas.NewRectangle(trackColor())
		bar := canvas.NewRectangle(theme.Color(theme.ColorNamePrimary))
		if it.Over {
			bar.FillColor = theme.Color(theme.ColorNameError)
		}
		v := canvas.NewText(it.Text, fg)
		v.TextSize = theme.TextSize() * 0.85
		r.labels = append(r.labels, l)
		r.tracks = append(r.tracks, track)
		r.bars = append(r.bars, bar)
		r.values = append(r.values, v)
		r.objects = append(r.objects, track, bar, l, v)
	}
	r.empty = canvas.NewText(r.b.Empty, theme.Color(theme.ColorNamePlaceHolder))
	if len(r.b.items) == 0 {
		r.objects = append(r.objects, r.empty)
	}
}

// trackColor is the primary colour at a third of its strength: visible behind a bar in
// both light and dark themes without competing with it.
func trackColor() color.Color {
	r, g, b, _ := theme.Color(theme.ColorNamePrimary).RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 80}
}

func (r *barsRenderer) Destroy() {}

func (r *barsRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *barsRenderer) Refresh() {
	r.rebuild()
	r.Layout(r.b.Size())
	canvas.Refresh(r.b)
}

const rowGap = 6

func (r *barsRenderer) rowHeight() float32 {
	return fyne.MeasureText("国A", theme.TextSize(), fyne.TextStyle{}).Height + rowGap
}

func (r *barsRenderer) MinSize() fyne.Size {
	if r.b.Vertical {
		return fyne.NewSize(240, 160)
	}
	n := len(r.b.items)
	if n == 0 {
		n = 1
	}
	return fyne.NewSize(240, float32(n)*r.rowHeight())
}

func (r *barsRenderer) scale() float64 {
	var max float64
	for _, it := range r.b.items {
		if it.Value > max {
			max = it.Value
		}
		if it.Target > max {
			max = it.Target
		}
	}
	return max
}

func (r *barsRenderer) Layout(size fyne.Size) {
	r.empty.Move(fyne.NewPos(0, 0))
	r.empty.Resize(r.empty.MinSize())
	if len(r.b.items) == 0 {
		return
	}
	max := r.scale()
	if r.b.Vertical {
		r.layoutColumns(size, max)
		return
	}
	r.layoutRows(size, max)
}

func (r *barsRenderer) layoutRows(size fyne.Size, max float64) {
	var labelW, valueW float32
	for i := range r.b.items {
		if w := r.labels[i].MinSize().Width; w > labelW {
			labelW = w
		}
		if w := r.values[i].MinSize().Width; w > valueW {
			valueW = w
		}
	}
	if labelW > size.Width*0.4 {
		labelW = size.Width * 0.4
	}
	h := r.rowHeight()
	barArea := size.Width - labelW - valueW - 2*theme.Padding()
	if barArea < 20 {
		barArea = 20
	}
	for i, it := range r.b.items {
		y := float32(i) * h
		r.labels[i].Move(fyne.NewPos(0, y))
		r.labels[i].Resize(fyne.NewSize(labelW, h-rowGap))
		x0 := labelW + theme.Padding()
		barH := h - rowGap
		r.tracks[i].Move(fyne.NewPos(x0, y))
		r.bars[i].Move(fyne.NewPos(x0, y))
		tw, bw := float32(0), float32(0)
		if max > 0 {
			tw = float32(it.Target / max * float64(barArea))
			bw = float32(it.Value / max * float64(barArea))
		}
		if it.Value > 0 && bw < 1 {
			bw = 1
		}
		r.tracks[i].Resize(fyne.NewSize(tw, barH))
		r.bars[i].Resize(fyne.NewSize(bw, barH))
		vx := x0 + bw
		if tw > bw {
			vx = x0 + tw
		}
		r.values[i].Move(fyne.NewPos(vx+theme.Padding(), y))
		r.values[i].Resize(r.values[i].MinSize())
	}
}

func (r *barsRenderer) layoutColumns(size fyne.Size, max float64) {
	n := len(r.b.items)
	labelH := r.rowHeight()
	valueH := labelH
	plotH := size.Height - labelH - valueH
	if plotH < 10 {
		plotH = 10
	}
	slot := size.Width / float32(n)
	barW := slot * 0.6
	for i, it := range r.b.items {
		x := float32(i) * slot
		bh := float32(0)
		if max > 0 {
			bh = float32(it.Value / max * float64(plotH))
		}
		if it.Value > 0 && bh < 1 {
			bh = 1
		}
		top := valueH + plotH - bh
		r.tracks[i].Resize(fyne.NewSize(0, 0))
		r.bars[i].Move(fyne.NewPos(x+(slot-barW)/2, top))
		r.bars[i].Resize(fyne.NewSize(barW, bh))
		vs := r.values[i].MinSize()
		r.values[i].Move(fyne.NewPos(x+(slot-vs.Width)/2, top-vs.Height))
		r.values[i].Resize(vs)
		ls := r.labels[i].MinSize()
		r.labels[i].Move(fyne.NewPos(x+(slot-ls.Width)/2, valueH+plotH+2))
		r.labels[i].Resize(ls)
	}
}
