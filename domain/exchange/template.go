package exchange

import (
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"cityledger/domain"
	"cityledger/domain/i18n"
)

// sheetName keeps a sheet's name within Excel's 31 characters and its allowed ones.
func sheetName(s string) string {
	s = strings.NewReplacer("/", "-", "\\", "-", "?", "", "*", "", "[", "(", "]", ")", ":", "-").Replace(s)
	if r := []rune(s); len(r) > 31 {
		s = string(r[:31])
	}
	return s
}

// templateRows is how far down the template's drop-down lists reach.
const templateRows = 10000

// Template writes an empty XLSX for kind k: Chinese headers (required ones
// marked "*" and in red), a drop-down list of the allowed values on every
// enumerated column, and a second sheet that explains each column in lang.
func Template(l *Layout, w io.Writer, lang i18n.Lang) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := sheetName(l.Chinese())
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return domain.Internal("template", err)
	}
	if err := fillTemplate(f, sheet, l, lang); err != nil {
		return domain.Internal("template", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return domain.Internal("template", err)
	}
	return nil
}

func fillTemplate(f *excelize.File, sheet string, l *Layout, lang i18n.Lang) error {
	requiredStyle, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "C00000"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FCE4D6"}}})
	if err != nil {
		return err
	}
	optionalStyle, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	if err != nil {
		return err
	}
	textStyle, err := f.NewStyle(&excelize.Style{NumFmt: 49}) // "@": codes keep leading zeros
	if err != nil {
		return err
	}
	headers := templateHeaders(l)
	for i, h := range headers {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		if err := f.SetCellValue(sheet, cell, h); err != nil {
			return err
		}
		style := optionalStyle
		if i < len(l.Fields) && l.Fields[i].Required {
			style = requiredStyle
		}
		if err := f.SetCellStyle(sheet, cell, cell, style); err != nil {
			return err
		}
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sheet, col, col, float64(max(12, 2*len([]rune(h))+2))); err != nil {
			return err
		}
	}
	for i, fd := range l.Fields {
		col, _ := excelize.ColumnNumberToName(i + 1)
		sqref := col + "2:" + col + strconv.Itoa(templateRows)
		if fd.typ == tText {
			if err := f.SetColStyle(sheet, col, textStyle); err != nil {
				return err
			}
		}
		if len(fd.Allowed) == 0 {
			continue
		}
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(sqref)
		if err := dv.SetDropList(fd.Allowed); err != nil {
			return err
		}
		dv.SetError(excelize.DataValidationErrorStyleStop, i18n.T(lang, "exchange.template.invalid_title", nil),
			i18n.T(lang, "exchange.template.invalid_value", map[string]any{"Allowed": strings.Join(fd.Allowed, "、")}))
		if err := f.AddDataValidation(sheet, dv); err != nil {
			return err
		}
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	return helpSheet(f, l, lang)
}

// templateHeaders are the kind's Chinese headers, required ones marked "*",
// plus a geometry column for kinds whose geometry is not a point.
func templateHeaders(l *Layout) []string {
	var out []string
	for _, fd := range l.Fields {
		h := fd.Chinese
		if fd.Required {
			h += "*"
		}
		out = append(out, h)
	}
	if l.Geometric() && !l.PointColumns() {
		out = append(out, "几何")
	}
	return out
}

// helpSheet lists every column: header, key, required, what it takes.
func helpSheet(f *excelize.File, l *Layout, lang i18n.Lang) error {
	help := i18n.T(lang, "exchange.template.help_sheet", nil)
	if _, err := f.NewSheet(help); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	head := []any{
		i18n.T(lang, "exchange.template.col_header", nil), i18n.T(lang, "exchange.template.col_key", nil),
		i18n.T(lang, "exchange.template.col_required", nil), i18n.T(lang, "exchange.template.col_values", nil),
	}
	if err := f.SetSheetRow(help, "A1", &head); err != nil {
		return err
	}
	if err := f.SetCellStyle(help, "A1", "D1", bold); err != nil {
		return err
	}
	row := 2
	put := func(header, key string, required bool, values string) error {
		req := ""
		if required {
			req = i18n.T(lang, "enum.是", nil)
		}
		cells := []any{header, key, req, values}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		row++
		return f.SetSheetRow(help, cell, &cells)
	}
	for _, fd := range l.Fields {
		if err := put(fd.Chinese, fd.Key, fd.Required, describeField(fd, lang)); err != nil {
			return err
		}
	}
	if l.Geometric() {
		key := "exchange.template.geometry_wkt"
		if l.PointColumns() {
			key = "exchange.template.geometry_point"
		}
		if err := put("几何", GeometryField, false, i18n.T(lang, key, map[string]any{"Allowed": allowedGeometry(l.Class)})); err != nil {
			return err
		}
	}
	for col, width := range map[string]float64{"A": 18, "B": 26, "C": 8, "D": 80} {
		if err := f.SetColWidth(help, col, col, width); err != nil {
			return err
		}
	}
	return nil
}

// describeField says in lang what a column takes.
func describeField(fd Field, lang i18n.Lang) string {
	if fd.hint != "" {
		return i18n.T(lang, fd.hint, map[string]any{"Allowed": strings.Join(fd.Allowed, "、")})
	}
	switch fd.typ {
	case tEnum, tClass, tBool:
		return i18n.T(lang, "exchange.template.values", map[string]any{"Allowed": strings.Join(fd.Allowed, "、")})
	case tDate:
		return i18n.T(lang, "exchange.template.date", nil)
	case tMoney:
		return i18n.T(lang, "exchange.template.money", nil)
	case tFloat, tInt:
		if fd.Decl != nil && fd.Decl.Unit != "" {
			return i18n.T(lang, "exchange.template.number_unit", map[string]any{"Unit": fd.Decl.Unit})
		}
		return i18n.T(lang, "exchange.template.number", nil)
	case tYear:
		return i18n.T(lang, "exchange.template.year", nil)
	case tCoord:
		return i18n.T(lang, "exchange.template.coord", nil)
	}
	switch fd.Key {
	case "unit", "parent":
		return i18n.T(lang, "exchange.template.unit", nil)
	case "binding":
		return i18n.T(lang, "exchange.template.binding", nil)
	}
	return i18n.T(lang, "exchange.template.text", nil)
}
