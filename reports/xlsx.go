package reports

import (
	"fmt"
	"io"
	"math"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"

	"cityledger/domain"
	"cityledger/domain/i18n"
)

// xlsxFont is the workbook's font: present on every Chinese Windows PC; other
// systems substitute their own CJK serif.
const xlsxFont = "宋体"

// WriteXLSX writes the report as a workbook: the text on the first sheet, then one
// sheet per table, each 项目绩效目标完成情况表 laid out on the seed's grid with its
// merged cells, the checks when the model prints them (WithChecks), and last the
// exact values. The cells a person reads show the figures the DOCX prints — amounts
// as printed (largest remainder, so the parts add up to the printed total) with a
// 0.00 format, rates as numbers with a % format, areas and lengths rounded as
// printed; the sheet "精确值" repeats every table with the exact amounts and
// measures. Charts are native Excel charts.
func WriteXLSX(w io.Writer, m *Model) error {
	f := excelize.NewFile()
	defer f.Close()
	x := &xlsxWriter{f: f, m: m}
	if err := x.styles(); err != nil {
		return err
	}
	first := tr(m.Lang, "sheet.text", nil)
	if err := f.SetSheetName("Sheet1", first); err != nil {
		return err
	}
	if err := x.text(first); err != nil {
		return err
	}
	for _, s := range m.Sections {
		for _, b := range s.Blocks {
			if b.Table != nil {
				if err := x.table(b.Table); err != nil {
					return err
				}
			}
		}
	}
	if err := x.checks(); err != nil {
		return err
	}
	if err := x.exact(); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	_, err := f.WriteTo(w)
	return err
}

type xlsxWriter struct {
	f *excelize.File
	m *Model
	// style IDs
	title, subtitle, heading, subheading, para, header, headerBold, cell, money, moneyCentred, number, integer int
	exactMoney, exactNumber                                                                                    int
	// pct are the percentage styles by decimals shown (0, 1, 2): "100%", "81.9%", "93.64%".
	pct [3]int
}

func (x *xlsxWriter) styles() error {
	border := []excelize.Border{
		{Type: "left", Color: "333333", Style: 1}, {Type: "right", Color: "333333", Style: 1},
		{Type: "top", Color: "333333", Style: 1}, {Type: "bottom", Color: "333333", Style: 1},
	}
	font := func(size float64, bold bool) *excelize.Font {
		return &excelize.Font{Family: xlsxFont, Size: size, Bold: bold}
	}
	headerFill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"EEF1F5"}}
	money, number, exact := "0.00", "0.##", "0.000000"
	pcts := [3]string{"0%", "0.0%", "0.00%"}
	defs := []struct {
		id *int
		s  excelize.Style
	}{
		{&x.title, excelize.Style{Font: font(14, true), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&x.subtitle, excelize.Style{Font: font(11, false), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}},
		{&x.heading, excelize.Style{Font: font(12, true), Alignment: &excelize.Alignment{Vertical: "center"}}},
		{&x.subheading, excelize.Style{Font: font(11, true), Alignment: &excelize.Alignment{Vertical: "center", Indent: 2}}},
		{&x.para, excelize.Style{Font: font(11, false), Alignment: &excelize.Alignment{Vertical: "top", WrapText: true, Indent: 2}}},
		{&x.header, excelize.Style{Font: font(10.5, false), Border: border, Fill: headerFill, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&x.headerBold, excelize.Style{Font: font(10.5, true), Border: border, Fill: headerFill, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&x.cell, excelize.Style{Font: font(10.5, false), Border: border, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}}},
		{&x.money, excelize.Style{Font: font(10.5, false), Border: border, CustomNumFmt: &money, Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center"}}},
		{&x.number, excelize.Style{Font: font(10.5, false), Border: border, CustomNumFmt: &number, Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center"}}},
		{&x.moneyCentred, excelize.Style{Font: font(10.5, false), Border: border, CustomNumFmt: &money, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}},
		{&x.integer, excelize.Style{Font: font(10.5, false), Border: border, NumFmt: 1, Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center"}}},
		{&x.exactMoney, excelize.Style{Font: font(10.5, false), Border: border, CustomNumFmt: &exact, Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center"}}},
		{&x.exactNumber, excelize.Style{Font: font(10.5, false), Border: border, Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center"}}},
		{&x.pct[0], excelize.Style{Font: font(10.5, false), Border: border, CustomNumFmt: &pcts[0], Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center"}}},
		{&x.pct[1], excelize.Style{Font: font(10.5, false), Border: border, CustomNumFmt: &pcts[1], Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center"}}},
		{&x.pct[2], excelize.Style{Font: font(10.5, false), Border: border, CustomNumFmt: &pcts[2], Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center"}}},
	}
	for _, d := range defs {
		id, err := x.f.NewStyle(&d.s)
		if err != nil {
			return err
		}
		*d.id = id
	}
	return nil
}

// printSetup makes a sheet print on A4 portrait, one page wide.
func (x *xlsxWriter) printSetup(sheet string) error {
	size, orient, wide, tall := 9, "portrait", 1, 0
	yes := true
	if err := x.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &wide, FitToHeight: &tall}); err != nil {
		return err
	}
	return x.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &yes})
}

// textWidth is a string's width in Excel column units: CJK characters are about two.
func textWidth(s string) float64 {
	var w float64
	for _, r := range s {
		switch {
		case r == '\n':
		case unicode.Is(unicode.Han, r) || unicode.In(r, unicode.Hangul, unicode.Katakana, unicode.Hiragana) || r >= 0x3000 && r <= 0x303f || r >= 0xff00 && r <= 0xffef:
			w += 2.1
		default:
			w += 1.1
		}
	}
	return w
}

// lines estimates how many lines s wraps to in a cell of width units.
func lines(s string, width float64) int {
	if s == "" || width <= 0 {
		return 1
	}
	n := 0
	start := 0
	rs := []rune(s)
	for i := 0; i <= len(rs); i++ {
		if i == len(rs) || rs[i] == '\n' {
			n += int(math.Max(1, math.Ceil(textWidth(string(rs[start:i]))/(width-1))))
			start = i + 1
		}
	}
	return n
}

const lineHeight = 15.0 // points per line at 10.5–11 pt

// xlsxCharWidth is Excel column units per Chinese character of Table.Widths (an Excel
// unit is about one Latin digit; textWidth counts a Chinese character as 2.1).
const xlsxCharWidth = 2.2

func (x *xlsxWriter) text(sheet string) error {
	f := x.f
	const width = 70.0
	if err := f.SetColWidth(sheet, "A", "A", width); err != nil {
		return err
	}
	row := 1
	put := func(text string, style int, height float64) error {
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := f.SetCellStr(sheet, cell, text); err != nil {
			return err
		}
		if err := f.SetCellStyle(sheet, cell, cell, style); err != nil {
			return err
		}
		row++
		return f.SetRowHeight(sheet, row-1, height)
	}
	if err := put(x.m.Title, x.title, 30); err != nil {
		return err
	}
	for _, s := range x.m.Sections {
		row++
		if err := put(s.Heading, x.heading, 22); err != nil {
			return err
		}
		for _, b := range s.Blocks {
			if b.Table != nil {
				continue
			}
			if b.Subheading != "" {
				if err := put(b.Subheading, x.subheading, 20); err != nil {
					return err
				}
				continue
			}
			h := float64(lines(b.Paragraph, width-4)) * (lineHeight + 1)
			if err := put(b.Paragraph, x.para, h+4); err != nil {
				return err
			}
		}
	}
	return x.printSetup(sheet)
}

// table writes one table on its own sheet: title, subtitle, the grid with its spans.
func (x *xlsxWriter) table(t *Table) error {
	f := x.f
	sheet := t.Sheet
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	widths := make([]float64, t.Columns)
	for i := range widths {
		widths[i] = 12
		if i < len(t.Widths) {
			widths[i] = float64(t.Widths[i]) * xlsxCharWidth
		}
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sheet, col, col, widths[i]); err != nil {
			return err
		}
	}
	last, _ := excelize.ColumnNumberToName(t.Columns)
	row := 1
	banner := func(text string, style int, height float64) error {
		a, b := fmt.Sprintf("A%d", row), fmt.Sprintf("%s%d", last, row)
		if err := f.MergeCell(sheet, a, b); err != nil {
			return err
		}
		if err := f.SetCellStr(sheet, a, text); err != nil {
			return err
		}
		if err := f.SetCellStyle(sheet, a, b, style); err != nil {
			return err
		}
		err := f.SetRowHeight(sheet, row, height)
		row++
		return err
	}
	if err := banner(t.Title, x.title, 26); err != nil {
		return err
	}
	if t.Subtitle != "" {
		if err := banner(t.Subtitle, x.subtitle, 18); err != nil {
			return err
		}
	}
	top := row
	for r, cells := range t.Rows {
		maxLines := 1
		for c, cell := range cells {
			name, _ := excelize.CoordinatesToCellName(c+1, row)
			style := x.cell
			switch {
			case cell.Covered != "":
				// Covered cells keep the border of the merged range.
				if err := f.SetCellStyle(sheet, name, name, x.cell); err != nil {
					return err
				}
				continue
			case cell.Header && t.Kind == TableList && r == 0:
				style = x.headerBold
			case cell.Header:
				style = x.header
			}
			switch {
			case cell.Fen != nil:
				// The printed figure (a model archived before cells carried it: the exact
				// one). The only floats of the report: a spreadsheet number has no other form.
				v := float64(*cell.Fen) / x.fenPerUnit()
				if cell.Printed != nil {
					v = float64(*cell.Printed) / x.hundredthsPerUnit()
				}
				if err := f.SetCellFloat(sheet, name, v, -1, 64); err != nil {
					return err
				}
				style = x.money
				if t.Kind == TableForm {
					style = x.moneyCentred
				}
			case cell.Pct != nil:
				if err := f.SetCellFloat(sheet, name, float64(*cell.Pct)/10000, -1, 64); err != nil {
					return err
				}
				style = x.pct[pctDecimals(*cell.Pct)]
			case cell.Num != nil:
				if err := f.SetCellFloat(sheet, name, *cell.Num, -1, 64); err != nil {
					return err
				}
				style = x.number
				if *cell.Num == math.Trunc(*cell.Num) {
					style = x.integer
				}
			default:
				if err := f.SetCellStr(sheet, name, cell.Text); err != nil {
					return err
				}
			}
			span := max(cell.ColSpan, 1)
			end := name
			if span > 1 || cell.RowSpan > 1 {
				end, _ = excelize.CoordinatesToCellName(c+span, row+max(cell.RowSpan, 1)-1)
				if err := f.MergeCell(sheet, name, end); err != nil {
					return err
				}
			}
			if err := f.SetCellStyle(sheet, name, end, style); err != nil {
				return err
			}
			if cell.RowSpan <= 1 {
				var w float64
				for k := c; k < c+span && k < len(widths); k++ {
					w += widths[k]
				}
				maxLines = max(maxLines, lines(cell.Text, w))
			}
		}
		if err := f.SetRowHeight(sheet, row, float64(maxLines)*lineHeight+5); err != nil {
			return err
		}
		row++
	}
	if err := x.chart(t, top, row); err != nil {
		return err
	}
	return x.printSetup(sheet)
}

// chart adds a native chart below the tables that have one: cost by class, by month,
// and budget against execution per project.
func (x *xlsxWriter) chart(t *Table, top, end int) error {
	first, last := top+1, end-2 // data rows, without header and total
	if last < first {
		return nil
	}
	ref := func(col string, a, b int) string { return fmt.Sprintf("'%s'!$%s$%d:$%s$%d", t.Sheet, col, a, col, b) }
	no := false
	c := &excelize.Chart{
		Type:       excelize.Col,
		VaryColors: &no,
		Dimension:  excelize.ChartDimension{Width: 640, Height: 320},
		Legend:     excelize.ChartLegend{Position: "top"},
	}
	title := ""
	switch t.ID {
	case "cost-by-class":
		title = tr(x.m.Lang, "chart.cost_by_class", nil)
		c.Series = []excelize.ChartSeries{{Name: tr(x.m.Lang, "chart.cost", nil), Categories: ref("A", first, last), Values: ref("C", first, last)}}
		c.Legend.Position = "none"
	case "cost-by-month":
		title = tr(x.m.Lang, "chart.cost_by_month", nil)
		c.Series = []excelize.ChartSeries{{Name: tr(x.m.Lang, "chart.cost", nil), Categories: ref("A", first, last), Values: ref("B", first, last)}}
		c.Legend.Position = "none"
	case "projects":
		if len(x.m.Projects) == 0 {
			return nil
		}
		title = tr(x.m.Lang, "chart.projects", nil)
		c.Type = excelize.Bar
		c.Dimension.Height = uint(120 + 40*len(x.m.Projects))
		c.YAxis.ReverseOrder = false
		c.XAxis.ReverseOrder = true
		c.Series = []excelize.ChartSeries{
			{Name: tr(x.m.Lang, "chart.budget", nil), Categories: ref("B", first, last), Values: ref("D", first, last)},
			{Name: tr(x.m.Lang, "chart.executed", nil), Categories: ref("B", first, last), Values: ref("E", first, last)},
		}
	default:
		return nil
	}
	c.Title = excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title, Font: &excelize.Font{Family: xlsxFont, Size: 12, Bold: true}}}}
	return x.f.AddChart(t.Sheet, fmt.Sprintf("A%d", end+1), c)
}

// fenPerUnit is 分 per money unit (万元, or thousand yuan in English).
func (x *xlsxWriter) fenPerUnit() float64 {
	if x.m.Lang == i18n.EN {
		return 1e5
	}
	return 1e6
}

// hundredthsPerUnit is printed hundredths of 万元 per money unit (0.01 万元 is 0.1 k yuan).
func (x *xlsxWriter) hundredthsPerUnit() float64 {
	if x.m.Lang == i18n.EN {
		return 10
	}
	return 100
}

// pctDecimals is how many decimals a percentage in hundredths prints with (9789 → 2).
func pctDecimals(h int64) int {
	switch {
	case h%100 == 0:
		return 0
	case h%10 == 0:
		return 1
	}
	return 2
}

// exact writes the sheet of exact values: one line per amount or rounded measure of
// the tables — its sheet and cell, what it is (its row's label and its column's
// header), the figure printed and the exact value (amounts to the 分).
func (x *xlsxWriter) exact() error {
	f := x.f
	sheet := tr(x.m.Lang, "sheet.exact", nil)
	var tables []*Table
	for _, s := range x.m.Sections {
		for _, b := range s.Blocks {
			if b.Table != nil && hasExact(b.Table) {
				tables = append(tables, b.Table)
			}
		}
	}
	if len(tables) == 0 {
		return nil
	}
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	for i, w := range []float64{14, 8, 48, 14, 18} {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sheet, col, col, w); err != nil {
			return err
		}
	}
	row := 1
	put := func(style int, values ...any) error {
		for i, v := range values {
			name, _ := excelize.CoordinatesToCellName(i+1, row)
			if err := f.SetCellValue(sheet, name, v); err != nil {
				return err
			}
			st := x.cell
			switch {
			case style >= 0 && i == 4:
				st = style
			case style < 0:
				st = x.headerBold
			}
			if err := f.SetCellStyle(sheet, name, name, st); err != nil {
				return err
			}
		}
		row++
		return nil
	}
	heads := []any{}
	for _, k := range []string{"exact.sheet", "exact.cell", "exact.what", "exact.printed", "exact.value"} {
		heads = append(heads, tr(x.m.Lang, k, nil))
	}
	if err := put(-1, heads...); err != nil {
		return err
	}
	for _, t := range tables {
		top := 2 // the grid starts under the title (and subtitle)
		if t.Subtitle != "" {
			top = 3
		}
		for r, cells := range t.Rows {
			for c, cell := range cells {
				if cell.Covered != "" || (cell.Fen == nil && cell.Exact == nil) {
					continue
				}
				ref, _ := excelize.CoordinatesToCellName(c+1, top+r)
				var value float64
				style := x.exactNumber
				if cell.Fen != nil {
					value, style = float64(*cell.Fen)/x.fenPerUnit(), x.exactMoney
				} else {
					value = *cell.Exact
				}
				if err := put(style, t.Sheet, ref, cellLabel(t, r, c), cell.Text, value); err != nil {
					return err
				}
			}
		}
	}
	return x.printSetup(sheet)
}

// cellLabel names a table cell: its row's label (the nearest text to its left) and,
// in a list, its column's header.
func cellLabel(t *Table, r, c int) string {
	origin := func(r, c int) string {
		for r >= 0 && c >= 0 {
			switch t.Rows[r][c].Covered {
			case "left":
				c--
			case "up":
				r--
			default:
				return t.Rows[r][c].Text
			}
		}
		return ""
	}
	if t.Kind == TableList {
		// A list's row is named by its leading text cells (code, name), at most two.
		var names []string
		for k, cell := range t.Rows[r] {
			if k >= c || cell.Fen != nil || cell.Num != nil || cell.Pct != nil || len(names) == 2 {
				break
			}
			if cell.Text != "" {
				names = append(names, cell.Text)
			}
		}
		return strings.Join(names, " ") + " / " + t.Rows[0][c].Text
	}
	parts := []string{t.Rows[0][1].Text} // the project
	for k := c - 1; k >= 0; k-- {
		if l := origin(r, k); l != "" && t.Rows[r][k].Fen == nil {
			parts = append(parts, l)
			break
		}
	}
	return strings.Join(parts, " / ")
}

func hasExact(t *Table) bool {
	for _, r := range t.Rows {
		for _, c := range r {
			if c.Fen != nil || c.Exact != nil {
				return true
			}
		}
	}
	return false
}

// checks writes the checks sheet when the model prints them (WithChecks).
func (x *xlsxWriter) checks() error {
	f := x.f
	printed := false
	for _, s := range x.m.Sections {
		printed = printed || s.ID == domain.SectionChecks
	}
	if !printed {
		return nil
	}
	sheet := tr(x.m.Lang, "sheet.checks", nil)
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "A", "A", 10); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "B", "B", 100); err != nil {
		return err
	}
	row := 1
	put := func(a, b string, style int) error {
		ca, cb := fmt.Sprintf("A%d", row), fmt.Sprintf("B%d", row)
		if err := f.SetCellStr(sheet, ca, a); err != nil {
			return err
		}
		if err := f.SetCellStr(sheet, cb, b); err != nil {
			return err
		}
		if err := f.SetCellStyle(sheet, ca, cb, style); err != nil {
			return err
		}
		err := f.SetRowHeight(sheet, row, float64(lines(b, 100))*lineHeight+5)
		row++
		return err
	}
	for _, s := range x.m.Sections {
		if s.ID != domain.SectionChecks {
			continue
		}
		if err := put(s.Heading, "", x.heading); err != nil {
			return err
		}
		for _, b := range s.Blocks {
			sev := ""
			msg := b.Paragraph
			if b.Check != nil {
				sev = tr(x.m.Lang, "severity."+b.Check.Severity, nil)
				msg = b.Check.Message
			}
			if err := put(sev, msg, x.cell); err != nil {
				return err
			}
		}
	}
	return x.printSetup(sheet)
}
