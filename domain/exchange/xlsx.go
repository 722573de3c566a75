package exchange

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// ReadXLSX reads a workbook's first sheet, or the sheet named (or numbered from
// 1) by sheet. Cells are read raw: a date cell gives its serial day number and
// a currency cell its plain number, which the field readers understand, so the
// display format of the person's copy of Excel does not matter. The first
// non-blank row is the header; row numbers are the sheet's.
func ReadXLSX(r io.Reader, sheet string) (*Table, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, fmt.Errorf("XLSX: %w", err)
	}
	defer f.Close()
	name, err := pickSheet(f, sheet)
	if err != nil {
		return nil, err
	}
	rows, err := f.Rows(name)
	if err != nil {
		return nil, fmt.Errorf("XLSX sheet %q: %w", name, err)
	}
	defer rows.Close()
	t := &Table{Format: "xlsx"}
	num := 0
	for rows.Next() {
		num++
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fmt.Errorf("XLSX sheet %q row %d: %w", name, num, err)
		}
		if blank(cells) {
			continue
		}
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		if t.Header == nil {
			t.Header, t.HeaderNum = cells, num
			continue
		}
		t.Rows = append(t.Rows, Row{Num: num, Cells: cells})
	}
	if err := rows.Error(); err != nil {
		return nil, fmt.Errorf("XLSX sheet %q: %w", name, err)
	}
	if t.Header == nil {
		return nil, errEmptyFile
	}
	return t, nil
}

func pickSheet(f *excelize.File, sheet string) (string, error) {
	list := f.GetSheetList()
	if len(list) == 0 {
		return "", fmt.Errorf("XLSX: the workbook has no sheet")
	}
	if sheet == "" {
		return list[0], nil
	}
	for _, s := range list {
		if s == sheet || strings.EqualFold(s, sheet) {
			return s, nil
		}
	}
	if n, err := strconv.Atoi(sheet); err == nil && n >= 1 && n <= len(list) {
		return list[n-1], nil
	}
	return "", fmt.Errorf("XLSX: no sheet %q (sheets: %s)", sheet, strings.Join(list, ", "))
}
