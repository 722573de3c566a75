package reports

import (
	"cityledger/domain"
)

// listTable starts a table with a header row from catalogue keys.
func (b *builder) listTable(id, title string, widths []int, headerKeys ...string) *Table {
	t := &Table{ID: id, Kind: TableList, Title: title, Sheet: b.t("sheet."+id, nil), Columns: len(headerKeys), Widths: widths}
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

func numCell(text string, v float64) Cell { return Cell{Text: text, Num: &v} }

// fenCell prints a printed (possibly largest-remainder) figure and keeps the exact one.
func (b *builder) fenCell(exact domain.Fen, printed int64) Cell {
	return Cell{Text: b.money(printed), Fen: &exact}
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
