package exchange

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"cityledger/domain"
	"cityledger/domain/i18n"
)

// bureauWorkbook is a lamp register as a bureau keeps it in Excel: a merged title row,
// a blank row, a 序号 column, everyday headers with units in brackets (类型, 单位,
// 功率(W), 灯杆高度, 安装时间), blank rows inside and a 合计 row at the end.
func bureauWorkbook(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sheet := "Sheet1"
	set := func(cell string, v any) {
		if err := f.SetCellValue(sheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	set("A1", "攀枝花市西区路灯台账（2023年12月）")
	if err := f.MergeCell(sheet, "A1", "H1"); err != nil {
		t.Fatal(err)
	}
	rows := [][]any{
		{"序号", "编号", "类型", "所在道路", "功率(W)", "杆高（m）", "单位", "安装时间", "经度", "纬度", "原值（元）"},
		{1, "XQ-001", "通电路灯", "苏铁西路", 150, 10, "局机关", "2019-05-01", 101.60, 26.60, 4800},
		{2, "XQ-002", "太阳能路灯", "苏铁西路", 60, 8, "局机关", "2020-06-01", 101.61, 26.60, 5200},
		nil,
		{3, "XQ-003", "景观灯", "玉泉路", 40, 6, "局机关", "2021-03-15", 101.62, 26.61, 3000},
		{"合计", "", "", "", 250, "", "", "", "", "", 13000},
	}
	for i, r := range rows {
		if r == nil {
			continue
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+3)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A Chinese workbook with a title row, a 序号 column and a 合计 row imports without
// --map; the notices say what was passed over.
func TestBureauWorkbookImportsWithoutMap(t *testing.T) {
	tab, err := ReadXLSX(bytes.NewReader(bureauWorkbook(t)), "")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Convert(L(Lamps), tab, Options{})
	if err != nil {
		t.Fatal(domain.Message(i18n.ZH, err))
	}
	if len(res.Errors) > 0 {
		t.Fatalf("errors %v", res.Errors)
	}
	if tab.HeaderNum != 3 || len(res.Batch.Assets) != 3 || res.Rows != 3 {
		t.Fatalf("header row %d, %d assets of %d rows", tab.HeaderNum, len(res.Batch.Assets), res.Rows)
	}
	a := res.Batch.Assets[2]
	if a.Code != "XQ-003" || a.Kind != "景观灯" || a.PowerW != 40 || a.PoleHeightM != 6 || a.Unit != "局机关" ||
		a.StartDate != "2021-03-15" || a.OriginalValue != 300000 || a.Road != "玉泉路" {
		t.Errorf("asset %+v", a)
	}
	if rows := res.Batch.Rows[RowsAssets]; rows[2] != 7 {
		t.Errorf("row numbers %v, want the sheet's", rows)
	}
	if len(res.Mapping.Unused) != 0 {
		t.Errorf("unused %v (序号 is passed over)", res.Mapping.Unused)
	}
	var notes []string
	for _, n := range res.Notices {
		notes = append(notes, n.Render(i18n.ZH))
	}
	got := strings.Join(notes, "\n")
	for _, want := range []string{"表头在第3行；跳过其上的第1行", "跳过合计/小计行：第8行", "跳过空行：第6行"} {
		if !strings.Contains(got, want) {
			t.Errorf("notices %q lack %q", got, want)
		}
	}
	// --header-row names the row; a row the file does not have is misuse.
	if _, err := Convert(L(Lamps), tab, Options{HeaderRow: 99}); domain.ErrorKind(err) != domain.KindInvalid {
		t.Errorf("--header-row 99: %v", err)
	}
	res, err = Convert(L(Lamps), tab, Options{HeaderRow: 3})
	if err != nil || len(res.Batch.Assets) != 3 {
		t.Errorf("--header-row 3: %v", err)
	}
}

// Headers match through the catalogue's aliases: everyday names (管材, 安装时间),
// units in brackets; unknown headers get the closest field suggested.
func TestAliasesAndSuggestions(t *testing.T) {
	header := []string{"管线编号", "编号", "类型", "管材", "管径（mm）", "管道长度", "单位", "建设时间", "管径说明", "埋深", "长度m"}
	m, err := NewMapping(L(SewerPipes), header, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"code": 1, "kind": 2, "material": 3, "diameter_mm": 4, "length_m": 5, "unit": 6, "start_date": 7}
	for f, i := range want {
		if got, ok := m.Columns[f]; !ok || got != i {
			t.Errorf("%s → %d (%v), want %d", f, got, ok, i)
		}
	}
	if m.Suggestions["管线编号"] != "" {
		// 编号 is mapped already: nothing left to suggest for it.
		t.Errorf("suggestion for 管线编号: %q", m.Suggestions["管线编号"])
	}
	if len(m.Unused) != 4 {
		t.Errorf("unused %v", m.Unused)
	}
	m, _ = NewMapping(L(Lamps), []string{"编号", "灯杆高", "路灯功率", "所在路段"}, Options{})
	for col, f := range map[string]string{"灯杆高": "pole_height_m", "路灯功率": "power_w", "所在路段": "road"} {
		if m.Suggestions[col] != f {
			t.Errorf("suggestion for %s: %q, want %s", col, m.Suggestions[col], f)
		}
	}
}

// A register of one of the national components imports with its Chinese headers and
// its kinds' aliases (上水 for 上水井盖), and exports back the same.
func TestTrashBinsAndCoversWithChineseHeaders(t *testing.T) {
	store := openStore(t)
	loadDistrict(t, store)
	tab := csvTable(t, "编号,垃圾箱类型,所在道路,材质,容积(L),所属单位,经度,纬度,安装日期,原值\n"+
		"LJX-001,果皮箱,苏铁西路,不锈钢,120,局机关,101.6,26.6,2020-05-01,800\n"+
		"LJX-002,分类垃圾箱,玉泉路,,240,局机关,101.61,26.6,,\n")
	cat := domain.BuiltinCatalogue()
	bins, _ := LayoutOf(cat, Kind("trash-bins"))
	kind, ok := ParseKind(cat, "垃圾箱")
	if !ok || kind != "trash-bins" {
		t.Fatalf("垃圾箱 → %q", kind)
	}
	_, sum, err := Import(context.Background(), store, bins, tab, Options{})
	if err != nil || sum.Added != 2 {
		t.Fatalf("import %+v %v", sum, err)
	}
	a, err := store.GetAssetByCode(context.Background(), "trash-bins", "LJX-001")
	if err != nil {
		t.Fatal(err)
	}
	vol, _ := bins.Class.Field("volume_l")
	if a.Kind != "果皮箱" || a.Material != "不锈钢" || a.Value(vol) != float64(120) || a.Road != "苏铁西路" {
		t.Errorf("bin %+v", a)
	}
	covers, _ := LayoutOf(cat, Kind("manhole-covers"))
	tab = csvTable(t, "编号,井盖类型,所属单位,规格\nJG-1,上水,局机关,700\nJG-2,无主,局机关,\nJG-3,Ownerless cover,局机关,\n")
	_, sum, err = Import(context.Background(), store, covers, tab, Options{})
	if err != nil || sum.Added != 3 {
		t.Fatalf("covers %+v %v", sum, err)
	}
	for code, kind := range map[string]string{"JG-1": "上水井盖", "JG-2": "无主井盖", "JG-3": "无主井盖"} {
		c, _ := store.GetAssetByCode(context.Background(), "manhole-covers", code)
		if c.Kind != kind {
			t.Errorf("%s: %q, want %s", code, c.Kind, kind)
		}
	}
	var buf bytes.Buffer
	if _, err := Export(context.Background(), store, Kind("trash-bins"), &buf, ExportOptions{Format: FormatCSV, Headers: i18n.ZH}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, "编号,垃圾箱类型,所在道路,材质,容积,所属单位,经度,纬度,启用日期") || !strings.Contains(out, "LJX-001,果皮箱,苏铁西路,不锈钢,120,局机关,101.6,26.6,2020-05-01,800.00") {
		t.Errorf("export\n%s", out)
	}
}

// A file read row by row finds its header the same way: below a title, or at
// --header-row further down than the rows it reads ahead; the rows above it are named.
func TestStreamedFileFindsItsHeader(t *testing.T) {
	var b strings.Builder
	b.WriteString("2020年路灯台账\n填报单位：局机关\n")
	for i := 0; i < 45; i++ {
		b.WriteString("说明文字\n")
	}
	b.WriteString("编号,类型,所属单位,经度,纬度\nLD-1,通电路灯,局机关,101.6,26.6\nLD-2,太阳能路灯,局机关,101.61,26.6\n合计,,,,\n")
	path := writeTemp(t, "lamps.csv", b.String())
	for _, o := range []Options{{HeaderRow: 48}, {}} {
		src, err := Open(path, ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		res, err := ConvertSource(L(Lamps), src, o)
		src.Close()
		if o.HeaderRow == 0 {
			// Beyond the rows read ahead, the header is not guessed: the title is.
			if err == nil {
				t.Fatalf("header found %d rows down without --header-row", 48)
			}
			continue
		}
		if err != nil {
			t.Fatal(domain.Message(i18n.EN, err))
		}
		if len(res.Batch.Assets) != 2 || res.Rows != 2 || len(res.Errors) != 0 {
			t.Fatalf("%d assets of %d rows, errors %v", len(res.Batch.Assets), res.Rows, res.Errors)
		}
		var notes []string
		for _, n := range res.Notices {
			notes = append(notes, n.Render(i18n.ZH))
		}
		if got := strings.Join(notes, "\n"); !strings.Contains(got, "第48行") || !strings.Contains(got, "1–47") || !strings.Contains(got, "51") {
			t.Errorf("notices: %s", got)
		}
	}
	// A title within the rows read ahead is passed over without --header-row.
	short := "2020年路灯台账\n\n编号,类型,所属单位,经度,纬度\nLD-1,通电路灯,局机关,101.6,26.6\n"
	src, err := Open(writeTemp(t, "short.csv", short), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	res, err := ConvertSource(L(Lamps), src, Options{})
	if err != nil || len(res.Batch.Assets) != 1 {
		t.Fatalf("%v %v", res, err)
	}
}
