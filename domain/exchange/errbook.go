package exchange

import (
	"errors"
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
	hasGeom := false
	for i := range t.Rows {
		if t.Rows[i].Geometry != nil {
			hasGeom = true
			break
		}
	}
	return writeErrorWorkbook(w, t.Source(), hasGeom, errs, lang)
}

// WriteErrorWorkbookSource is WriteErrorWorkbook reading the rows from src (the
// file opened again after an import read it row by row); a GeoJSON or
// Shapefile gets its geometries as a WKT column.
func WriteErrorWorkbookSource(w io.Writer, src *Source, errs []domain.FieldError, lang i18n.Lang) error {
	return writeErrorWorkbook(w, src, src.Format == "geojson" || src.Format == "shapefile", errs, lang)
}

func writeErrorWorkbook(w io.Writer, src *Source, hasGeom bool, errs []domain.FieldError, lang i18n.Lang) error {
	byRow := map[int][]string{}
	var general []string
	for _, e := range errs {
		if e.Row == 0 {
			general = append(general, e.Render(lang))
			continue
		}
		byRow[e.Row] = append(byRow[e.Row], e.Render(lang))
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
	header := append([]string(nil), src.Header...)
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
	for {
		row, err := src.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		r := &row
		cells := make([]string, len(src.Header))
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
