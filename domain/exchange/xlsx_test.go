package exchange

import (
	"bytes"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func TestReadXLSXTypedCells(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	f.NewSheet("第二页")
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14}) // m/d/yy: the display must not matter
	moneyStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 7}) // $#,##0.00
	for cell, v := range map[string]any{
		"A1": "编号", "B1": "购置日期", "C1": "原值", "D1": "公务用车",
		"A2": "01035", "B2": time.Date(2000, 8, 4, 0, 0, 0, 0, time.UTC), "C2": 14190.13, "D2": true,
		"A4": "01036", "C4": 1234567.5,
	} {
		f.SetCellValue("Sheet1", cell, v)
	}
	f.SetCellStyle("Sheet1", "B2", "B2", dateStyle)
	f.SetCellStyle("Sheet1", "C2", "C4", moneyStyle)
	f.SetCellValue("第二页", "A1", "name")
	f.SetCellValue("第二页", "A2", "x")
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	tab, err := ReadXLSX(bytes.NewReader(buf.Bytes()), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Rows) != 2 || tab.Rows[0].Num != 2 || tab.Rows[1].Num != 4 {
		t.Fatalf("rows %+v", tab.Rows)
	}
	r := tab.Rows[0]
	if d, ok := ParseDate(r.Cell(1), ""); !ok || d != "2000-08-04" {
		t.Errorf("date cell %q → %q", r.Cell(1), d)
	}
	if v, rule := ParseMoney(r.Cell(2)); rule != "" || v != 1419013 {
		t.Errorf("money cell %q → %v %s", r.Cell(2), v, rule)
	}
	if b, ok := ParseBool(r.Cell(3)); !ok || !b {
		t.Errorf("bool cell %q", r.Cell(3))
	}
	if r.Cell(0) != "01035" {
		t.Errorf("code %q", r.Cell(0))
	}
	for _, sheet := range []string{"第二页", "2"} {
		tab, err = ReadXLSX(bytes.NewReader(buf.Bytes()), sheet)
		if err != nil || tab.Header[0] != "name" || tab.Rows[0].Cell(0) != "x" {
			t.Errorf("sheet %s: %+v %v", sheet, tab, err)
		}
	}
	if _, err := ReadXLSX(bytes.NewReader(buf.Bytes()), "nosuch"); err == nil {
		t.Error("a missing sheet was read")
	}
}
