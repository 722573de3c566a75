package exchange

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"cityledger/domain"
)

// xlsxUnzipLimit bounds what a workbook may unpack to: a small file that
// claims gigabytes of sheets (a "zip bomb") is refused before it is unpacked.
const xlsxUnzipLimit = 512 << 20

// ReadXLSX reads a workbook whole (see openXLSX).
func ReadXLSX(r io.Reader, sheet string) (*Table, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, openError("XLSX", err)
	}
	br := bytes.NewReader(raw)
	head := raw[:min(len(raw), sniffLen)]
	if err := sniffContent(head, br, int64(len(raw))).mismatch("XLSX", "xlsx"); err != nil {
		return nil, err
	}
	src, err := openXLSX(br, "XLSX", sheet)
	if err != nil {
		return nil, err
	}
	return ReadAll(src)
}

// openXLSX reads a workbook's first sheet, or the sheet named (or numbered from
// 1) by sheet, row by row. Cells are read raw: a date cell gives its serial day
// number and a currency cell its plain number, which the field readers
// understand, so the display format of the person's copy of Excel does not
// matter. The first non-blank row is the header; row numbers are the sheet's.
// The workbook's ZIP is held in memory (the format needs random access); its
// sheets are read as a stream.
func openXLSX(r io.Reader, name, sheet string) (src *Source, err error) {
	defer recoverDamaged(name, &err)
	f, err := excelize.OpenReader(r, excelize.Options{RawCellValue: true, UnzipSizeLimit: xlsxUnzipLimit})
	if err != nil {
		if errors.Is(err, excelize.ErrWorkbookFileFormat) || errors.Is(err, excelize.ErrWorkbookPassword) {
			return nil, &domain.Error{Kind: domain.KindInvalid, Code: "exchange.err.content_xls",
				Params: map[string]any{"Path": name, "Expected": "XLSX"}, Err: err}
		}
		return nil, &domain.Error{Kind: domain.KindInvalid, Code: "exchange.err.xlsx_damaged",
			Params: map[string]any{"Path": name}, Err: err}
	}
	src, err = xlsxSource(f, name, sheet)
	if err != nil {
		f.Close()
		return nil, err
	}
	return src, nil
}

func xlsxSource(f *excelize.File, name, sheet string) (*Source, error) {
	sheetName, err := pickSheet(f, name, sheet)
	if err != nil {
		return nil, err
	}
	rows, err := f.Rows(sheetName)
	if err != nil {
		return nil, &domain.Error{Kind: domain.KindInvalid, Code: "exchange.err.xlsx_damaged",
			Params: map[string]any{"Path": name}, Err: err}
	}
	num := 0
	read := func() (cells []string, err error) {
		defer recoverDamaged(name, &err)
		for rows.Next() {
			num++
			cells, err := rows.Columns(excelize.Options{RawCellValue: true})
			if err != nil {
				return nil, &domain.Error{Kind: domain.KindInvalid, Code: "exchange.err.xlsx_row",
					Params: map[string]any{"Path": name, "Sheet": sheetName, "Row": num}, Err: err}
			}
			if blank(cells) {
				continue
			}
			for i := range cells {
				cells[i] = strings.TrimSpace(cells[i])
			}
			return cells, nil
		}
		if err := rows.Error(); err != nil {
			return nil, &domain.Error{Kind: domain.KindInvalid, Code: "exchange.err.xlsx_damaged",
				Params: map[string]any{"Path": name}, Err: err}
		}
		return nil, io.EOF
	}
	header, err := read()
	if errors.Is(err, io.EOF) {
		return nil, domain.Errorf(domain.KindInvalid, "exchange.err.empty", map[string]any{"Path": name})
	}
	if err != nil {
		return nil, err
	}
	if len(header) > MaxColumns {
		return nil, tooManyColumns(num)
	}
	return &Source{Header: header, HeaderNum: num, Format: "xlsx",
		next: func() (Row, error) {
			cells, err := read()
			if err != nil {
				return Row{}, err
			}
			return Row{Num: num, Cells: cells}, nil
		},
		close: func() error { return errors.Join(rows.Close(), f.Close()) },
	}, nil
}

func pickSheet(f *excelize.File, name, sheet string) (string, error) {
	list := f.GetSheetList()
	if len(list) == 0 {
		return "", domain.Errorf(domain.KindInvalid, "exchange.err.xlsx_damaged", map[string]any{"Path": name})
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
	return "", domain.Errorf(domain.KindInvalid, "exchange.err.xlsx_no_sheet", map[string]any{
		"Path": name, "Sheet": sheet, "Sheets": strings.Join(list, "、")})
}

// recoverDamaged turns a panic of the XLSX library on a malformed workbook
// into the damaged-file error: a bad file must not end the program.
func recoverDamaged(name string, err *error) {
	if p := recover(); p != nil {
		*err = &domain.Error{Kind: domain.KindInvalid, Code: "exchange.err.xlsx_damaged",
			Params: map[string]any{"Path": name}, Err: fmt.Errorf("excelize panicked: %v", p)}
	}
}
