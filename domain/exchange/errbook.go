package exchange

import (
	"io"
	"strconv"
	"strings"

	"github.com/paulmach/orb/encoding/wkt"
	"github.com/xuri/excelize/v2"

	"cityledger/domain"
	"cityledger/domain/i18n"
)

// WriteErrorWorkbook writes the table's original rows with two more columns,
// the source row number and its errors in lang, rows with errors shaded, so
// that a person can correct the file and import it again (the extra columns
// are ignored then). Errors without a row (a whole file's) go on a second sheet.
// A table whose geometries came from the format gets them as a WKT column.
func WriteErrorWorkbook(w io.Writer, t *Table, errs []domain.FieldError, lang i18n.Lang) error {
	byRow := map[int][]string{}
	var general []string
	for _, e := range errs {
		if e.Row == 0 {
			general = append(general, e.Render(lang))
			continue
		}
		byRow[e.Row] = append(byRow[e.Row], e.Render(lang))
	}
	hasGeom := false
	for i := range t.Rows {
		if t.Rows[i].Geometry != nil {
			hasGeom = true
			break
		}
	}
	f := excelize.NewFile()
	defer f.Close()
	sheet := i18n.T(lang, "exchange.errors.sheet", nil)
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return domain.Internal("errors workbook", err)
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return domain.Internal("errors workbook", err)
	}
	bad, err := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}})
	if err != nil {
		return domain.Internal("errors workbook", err)
	}
	header := append([]string(nil), t.Header...)
	if hasGeom {
		header = append(header, GeometryField)
	}
	header = append(header, i18n.T(lang, "exchange.errors.row", nil), i18n.T(lang, "exchange.errors.errors", nil))
	n := 1
	put := func(cells []string, style int) error {
		row := make([]any, len(cells))
		for i, c := range cells {
			if style != 0 {
				row[i] = excelize.Cell{Value: c, StyleID: style}
			} else {
				row[i] = c
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, n)
		n++
		return sw.SetRow(cell, row)
	}
	if err := put(header, 0); err != nil {
		return domain.Internal("errors workbook", err)
	}
	for i := range t.Rows {
		r := &t.Rows[i]
		cells := make([]string, len(t.Header))
		copy(cells, r.Cells)
		if hasGeom {
			g := ""
			if r.Geometry != nil {
				g = wkt.MarshalString(r.Geometry)
			}
			cells = append(cells, g)
		}
		msgs := byRow[r.Num]
		cells = append(cells, strconv.Itoa(r.Num), strings.Join(msgs, "\n"))
		style := 0
		if len(msgs) > 0 {
			style = bad
		}
		if err := put(cells, style); err != nil {
			return domain.Internal("errors workbook", err)
		}
	}
	if err := sw.Flush(); err != nil {
		return domain.Internal("errors workbook", err)
	}
	if len(general) > 0 {
		// On a sheet of their own, so that the first sheet still imports.
		other := i18n.T(lang, "exchange.errors.general", nil)
		if _, err := f.NewSheet(other); err != nil {
			return domain.Internal("errors workbook", err)
		}
		for i, msg := range general {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetCellValue(other, cell, msg); err != nil {
				return domain.Internal("errors workbook", err)
			}
		}
	}
	if _, err := f.WriteTo(w); err != nil {
		return domain.Internal("errors workbook", err)
	}
	return nil
}
