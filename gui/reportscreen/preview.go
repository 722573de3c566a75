package reportscreen

import (
	"image/color"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"

	"cityledger/gui"
	"cityledger/reports"
)

// The preview lays out the report model itself rather than its Markdown: Fyne's
// Markdown reader has no tables, and the 项目绩效目标完成情况表 needs merged cells.
// Paragraphs are wrapping labels; tables are drawn on a grid whose column widths
// follow Table.Widths, with the text broken into lines to fit them.

// maxTableWidth is the widest a table is drawn; wider tables, and tables in a
// narrower preview, are scaled down and their cells wrap more.
const maxTableWidth float32 = 760

// previewObjects builds the preview of m and lists its texts in print order.
func previewObjects(env *gui.Env, m *reports.Model) ([]fyne.CanvasObject, []string) {
	var objs []fyne.CanvasObject
	var texts []string
	add := func(text string, p *paragraph) {
		objs = append(objs, p)
		texts = append(texts, text)
	}
	add(m.Title, newParagraph(m.Title, theme.SizeNameHeadingText, fyne.TextStyle{Bold: true}, theme.ColorNameForeground))
	for _, sec := range m.Sections {
		add(sec.Heading, newParagraph(sec.Heading, theme.SizeNameSubHeadingText, fyne.TextStyle{Bold: true}, theme.ColorNameForeground))
		for _, bl := range sec.Blocks {
			switch {
			case bl.Subheading != "":
				add(bl.Subheading, newParagraph(bl.Subheading, theme.SizeNameText, fyne.TextStyle{Bold: true}, theme.ColorNameForeground))
			case bl.Table != nil:
				obj, cells := tableView(bl.Table)
				objs = append(objs, obj)
				texts = append(texts, cells...)
			default:
				color := theme.ColorNameForeground
				if bl.Check != nil {
					color = theme.ColorNameWarning
					if bl.Check.Severity == reports.SeverityError {
						color = theme.ColorNameError
					}
				}
				add(bl.Paragraph, newParagraph(bl.Paragraph, theme.SizeNameText, fyne.TextStyle{}, color))
			}
		}
	}
	return objs, texts
}

// tableView draws t: its title, then the grid in a sideways scroll. It returns the
// texts of its title and cells too.
func tableView(t *reports.Table) (fyne.CanvasObject, []string) {
	title := t.Title
	if t.Subtitle != "" {
		title += "  " + t.Subtitle
	}
	texts := []string{title}
	head := newParagraph(title, theme.SizeNameText, fyne.TextStyle{Bold: true}, theme.ColorNameForeground)
	grid := newTableGrid(t)
	for _, row := range t.Rows {
		for _, c := range row {
			if c.Covered == "" && c.Text != "" {
				texts = append(texts, c.Text)
			}
		}
	}
	return container.NewVBox(head, container.New(layout.NewCustomPaddedLayout(0, 0, theme.InnerPadding(), 0), grid)), texts
}

// tableGrid draws a report table at the width it is given (at most maxTableWidth),
// redrawing when the width changes, as paragraph re-wraps.
type tableGrid struct {
	reflowing
	t *reports.Table
}

func newTableGrid(t *reports.Table) *tableGrid {
	g := &tableGrid{t: t}
	g.ExtendBaseWidget(g)
	return g
}

func (g *tableGrid) CreateRenderer() fyne.WidgetRenderer {
	r := &tableGridRenderer{g: g}
	r.rebuild()
	return r
}

type tableGridRenderer struct {
	g     *tableGrid
	objs  []fyne.CanvasObject
	size  fyne.Size // of the grid drawn
	width float32   // the width it was drawn for
}

func (r *tableGridRenderer) rebuild() {
	r.width = r.g.Size().Width
	w := maxTableWidth
	if r.width > 0 {
		w = min(w, r.width)
	}
	r.objs, r.size = drawGrid(r.g.t, w)
}

func (r *tableGridRenderer) Layout(size fyne.Size) {
	if size.Width != r.width {
		r.rebuild()
	}
}

// MinSize asks for the narrowest columns' width, so that the table shrinks with the
// preview rather than widening it, and for the height drawn at the current width.
func (r *tableGridRenderer) MinSize() fyne.Size {
	return fyne.NewSize(min(r.size.Width, minGridWidth(r.g.t)), r.size.Height)
}

func (r *tableGridRenderer) Refresh() {
	r.rebuild()
	canvas.Refresh(r.g)
}

func (r *tableGridRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *tableGridRenderer) Destroy()                     {}

// minColumnEms is the narrowest a column is drawn, in CJK characters.
const minColumnEms = 3

func minGridWidth(t *reports.Table) float32 {
	em := fyne.MeasureText("国", theme.TextSize(), fyne.TextStyle{}).Width
	return float32(max(t.Columns, 1)) * (minColumnEms*em + theme.InnerPadding())
}

// drawGrid draws the table's cells no wider than maxWidth (unless the columns'
// minimum needs more): a bordered box each (spans merged), header cells shaded,
// numbers right-aligned. It returns the objects, placed, and the size they cover.
func drawGrid(t *reports.Table, maxWidth float32) ([]fyne.CanvasObject, fyne.Size) {
	textSize := theme.TextSize()
	pad := theme.InnerPadding() / 2
	em := fyne.MeasureText("国", textSize, fyne.TextStyle{}).Width
	lineH := fyne.MeasureText("国Ag", textSize, fyne.TextStyle{}).Height

	cols := max(t.Columns, 1)
	widths := make([]float32, cols)
	var total float32
	for i := range widths {
		w := 8
		if i < len(t.Widths) && t.Widths[i] > 0 {
			w = t.Widths[i]
		}
		widths[i] = float32(w)*em + 2*pad
		total += widths[i]
	}
	if total > maxWidth {
		scale := maxWidth / total
		for i := range widths {
			widths[i] = max(widths[i]*scale, minColumnEms*em+2*pad)
		}
	}
	x := make([]float32, cols+1)
	for i, w := range widths {
		x[i+1] = x[i] + w
	}

	type cellBox struct {
		row, col, rows, cols int
		lines                []string
		style                fyne.TextStyle
		right, shade         bool
	}
	var boxes []cellBox
	rowH := make([]float32, len(t.Rows))
	for r, row := range t.Rows {
		rowH[r] = lineH + 2*pad
		for c, cell := range row {
			if cell.Covered != "" || c >= cols {
				continue
			}
			b := cellBox{row: r, col: c, rows: max(cell.RowSpan, 1), cols: max(cell.ColSpan, 1),
				shade: cell.Header, right: cell.Fen != nil || cell.Num != nil || cell.Pct != nil}
			b.cols = min(b.cols, cols-c)
			b.rows = min(b.rows, len(t.Rows)-r)
			if cell.Header {
				b.style.Bold = true
			}
			width := x[c+b.cols] - x[c] - 2*pad
			b.lines = breakLines(cell.Text, width, func(s string) float32 {
				return fyne.MeasureText(s, textSize, b.style).Width
			})
			if b.rows == 1 {
				rowH[r] = max(rowH[r], float32(len(b.lines))*lineH+2*pad)
			}
			boxes = append(boxes, b)
		}
	}
	// A cell spanning rows that needs more height than they have stretches the last.
	for _, b := range boxes {
		if b.rows == 1 {
			continue
		}
		var have float32
		for r := b.row; r < b.row+b.rows; r++ {
			have += rowH[r]
		}
		if need := float32(len(b.lines))*lineH + 2*pad; need > have {
			rowH[b.row+b.rows-1] += need - have
		}
	}
	y := make([]float32, len(t.Rows)+1)
	for i, h := range rowH {
		y[i+1] = y[i] + h
	}

	fg := theme.Color(theme.ColorNameForeground)
	border := theme.Color(theme.ColorNameSeparator)
	if isTransparent(border) {
		border = theme.Color(theme.ColorNameDisabled)
	}
	shade := theme.Color(theme.ColorNameHeaderBackground)
	var objs []fyne.CanvasObject
	for _, b := range boxes {
		pos := fyne.NewPos(x[b.col], y[b.row])
		size := fyne.NewSize(x[b.col+b.cols]-x[b.col], y[b.row+b.rows]-y[b.row])
		rect := canvas.NewRectangle(color.Transparent)
		if b.shade {
			rect.FillColor = shade
		}
		rect.StrokeColor = border
		rect.StrokeWidth = 1
		rect.Move(pos)
		rect.Resize(size)
		objs = append(objs, rect)
		for i, line := range b.lines {
			txt := canvas.NewText(line, fg)
			txt.TextSize = textSize
			txt.TextStyle = b.style
			w := fyne.MeasureText(line, textSize, b.style).Width
			tx := pos.X + pad
			if b.right {
				tx = pos.X + size.Width - pad - w
			}
			txt.Move(fyne.NewPos(tx, pos.Y+pad+float32(i)*lineH))
			txt.Resize(fyne.NewSize(w, lineH))
			objs = append(objs, txt)
		}
	}
	return objs, fyne.NewSize(x[cols]+1, y[len(y)-1]+1)
}

func isTransparent(c color.Color) bool {
	_, _, _, a := c.RGBA()
	return a == 0
}

func withAlpha(c color.Color, a uint8) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: a}
}

// breakLines breaks s into lines no wider than width (measured by measure). Chinese
// breaks between any two characters; a run of Latin letters or digits (a word, a
// number such as 1234.18) is kept whole when it fits on a line of its own.
func breakLines(s string, width float32, measure func(string) float32) []string {
	var out []string
	for _, para := range strings.Split(s, "\n") {
		rs := []rune(strings.TrimRight(para, " "))
		if len(rs) == 0 {
			out = append(out, "")
			continue
		}
		for len(rs) > 0 {
			n := fitting(rs, width, measure)
			// Closing punctuation never starts a line, opening never ends one: the
			// character before moves down with it.
			for n > 1 && n < len(rs) && (strings.ContainsRune(noLineStart, rs[n]) || strings.ContainsRune(noLineEnd, rs[n-1])) {
				n--
			}
			if n < len(rs) && joined(rs[n-1]) && joined(rs[n]) {
				j := n
				for j > 0 && joined(rs[j-1]) {
					j--
				}
				if j > 0 {
					n = j
				}
			}
			out = append(out, strings.TrimRight(string(rs[:n]), " "))
			rs = rs[n:]
			for len(rs) > 0 && rs[0] == ' ' {
				rs = rs[1:]
			}
		}
	}
	return out
}

// Punctuation that may not start a line, and that may not end one (禁则).
const (
	noLineStart = "，。、；：？！）》」』”’％%,.;:?!)]"
	noLineEnd   = "（《「『“‘(["
)

// fitting is how many leading runes of rs fit in width; at least one.
func fitting(rs []rune, width float32, measure func(string) float32) int {
	if measure(string(rs)) <= width {
		return len(rs)
	}
	lo, hi := 1, len(rs) // lo fits (or is the minimum), hi does not
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if measure(string(rs[:mid])) <= width {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

// joined reports whether r belongs to a run that should not be split: a Latin
// letter, digit or the punctuation inside numbers.
func joined(r rune) bool {
	if r == ' ' || r > unicode.MaxLatin1 {
		return false
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune(".,%-+/()", r)
}
