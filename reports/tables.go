package reports

import (
	"math"
	"strings"
	"unicode"

	"cityledger/domain"
)

// listTable starts a table with a header row from catalogue keys. Its column widths
// are fitted to its content when the report is complete (fitTables).
func (b *builder) listTable(id, title string, headerKeys ...string) *Table {
	t := &Table{ID: id, Kind: TableList, Title: title, Sheet: b.t("sheet."+id, nil), Columns: len(headerKeys)}
	var head []Cell
	for _, k := range headerKeys {
		head = append(head, Cell{Text: b.t(k, nil), Header: true})
	}
	t.Rows = append(t.Rows, head)
	return t
}

// noneRow is the 无 row a table without data prints.
func (b *builder) noneRow(columns int) []Cell {
	row := []Cell{{Text: b.t("none", nil), ColSpan: columns}}
	for i := 1; i < columns; i++ {
		row = append(row, Cell{Covered: "left"})
	}
	return row
}

func intCell(n int64) Cell {
	v := float64(n)
	return Cell{Text: itoa(n), Num: &v}
}

// numCell is a measured quantity: the text and number as printed, the exact value kept
// when rounding changed it (32597.0099… ㎡ prints as 32597).
func numCell(text string, printed, exact float64) Cell {
	c := Cell{Text: text, Num: &printed}
	if exact != printed {
		c.Exact = &exact
	}
	return c
}

// fenCell prints a printed (possibly largest-remainder) figure and keeps the exact one.
func (b *builder) fenCell(exact domain.Fen, printed int64) Cell {
	return Cell{Text: b.money(printed), Fen: &exact, Printed: &printed}
}

// pctCell is a rate num/den as the report prints it ("97.89%"); empty when den is 0.
func pctCell(num, den int64) Cell {
	v, ok := domain.PercentHundredths(num, den)
	if !ok {
		return Cell{}
	}
	return Cell{Text: domain.FormatHundredths(v) + "%", Pct: &v}
}

// span sets a cell's spans and marks the cells it covers in rows (rows must exist).
func span(rows [][]Cell, r, c, rowSpan, colSpan int) {
	if rowSpan > 1 {
		rows[r][c].RowSpan = rowSpan
	}
	if colSpan > 1 {
		rows[r][c].ColSpan = colSpan
	}
	for i := r; i < r+rowSpan; i++ {
		for j := c; j < c+colSpan; j++ {
			if i == r && j == c {
				continue
			}
			if j == c {
				rows[i][j] = Cell{Covered: "up"}
			} else {
				rows[i][j] = Cell{Covered: "left"}
			}
		}
	}
}

// fitTables fits every table's column widths to its content (fitWidths).
func (b *builder) fitTables() {
	for _, s := range b.m.Sections {
		for _, bl := range s.Blocks {
			if t := bl.Table; t != nil {
				t.Widths = fitWidths(t.Rows, t.Columns, formWidth)
			}
		}
	}
}

// formWidth is the width a table fills, in characters of its 10.5 pt text: an A4
// page's text width (9026 twips) holds 43, cell padding included.
const formWidth = 43

// fitWidths sizes a table's columns to their content, in characters (a Chinese
// character is 1, a Latin letter or digit about half), to fill total. Every column
// first gets what its short cells need to stay on one line (labels such as
// 数量指标, 项目完成指标, 39.51万元: up to shortCell characters) and at least minColumn;
// long texts may wrap and ask for 6 characters at first, labels (header cells) 4.
// What is left goes to the columns whose texts would take more, in proportion to how
// much more. Cells spanning columns are left to wrap in what the rest gets.
func fitWidths(rows [][]Cell, cols, total int) []int {
	const (
		shortCell = 6.5
		minColumn = 3.0
		longStart = 6.0
		longMax   = 40.0
		padding   = 1.0
	)
	mins := make([]float64, cols)
	prefs := make([]float64, cols)
	for c := range mins {
		mins[c] = minColumn
	}
	for _, row := range rows {
		for c, cell := range row {
			if c >= cols || cell.Covered != "" || cell.ColSpan > 1 || cell.Text == "" {
				continue
			}
			w := 0.0
			for _, line := range strings.Split(cell.Text, "\n") {
				w = math.Max(w, charWidth(line))
			}
			if cell.RowSpan > 1 || cell.Header {
				// Labels wrap onto two lines rather than widen their column.
				mins[c] = math.Max(mins[c], math.Min(w, 4))
				continue
			}
			if w <= shortCell {
				mins[c] = math.Max(mins[c], w)
			} else {
				mins[c] = math.Max(mins[c], longStart)
			}
			prefs[c] = math.Max(prefs[c], math.Min(w, longMax))
		}
	}
	var sumMin, sumExtra float64
	for c := range mins {
		mins[c] += padding
		prefs[c] = math.Max(prefs[c]+padding, mins[c])
		sumMin += mins[c]
		sumExtra += prefs[c] - mins[c]
	}
	for c := range mins {
		mins[c] = math.Ceil(mins[c])
	}
	sumMin = 0
	for _, m := range mins {
		sumMin += m
	}
	out := make([]float64, cols)
	left := float64(total) - sumMin
	for c := range mins {
		switch {
		case left <= 0:
			out[c] = mins[c] * float64(total) / sumMin
		case sumExtra > 0:
			out[c] = mins[c] + left*(prefs[c]-mins[c])/sumExtra
		default:
			out[c] = mins[c] + left*mins[c]/sumMin
		}
	}
	return roundWidths(out, total)
}

// roundWidths rounds widths to whole characters that still add up to total, the
// columns with the largest fractions rounding up.
func roundWidths(ws []float64, total int) []int {
	out := make([]int, len(ws))
	sum := 0
	for i, w := range ws {
		out[i] = int(math.Floor(w))
		sum += out[i]
	}
	for sum < total {
		best := 0
		for i := range ws {
			if ws[i]-float64(out[i]) > ws[best]-float64(out[best]) {
				best = i
			}
		}
		out[best]++
		ws[best] = float64(out[best]) // taken: its fraction is now 0
		sum++
	}
	return out
}

// charWidth is a text's width in Chinese characters: full-width characters 1, others
// a little over ½ (more for capitals and wide letters), and a quarter for each change
// between the two, where Word and LibreOffice add space ("39.51 万元").
func charWidth(s string) float64 {
	var w float64
	wide := false
	for i, r := range s {
		isWide := r >= 0x2E80 || unicode.Is(unicode.Han, r)
		if i > 0 && isWide != wide && r != ' ' {
			w += 0.25
		}
		wide = isWide
		switch {
		case isWide:
			w++
		case unicode.IsUpper(r) || r == 'm' || r == 'w' || r == '%':
			w += 0.7
		default:
			w += 0.55
		}
	}
	return w
}
