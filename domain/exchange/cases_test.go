package exchange

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"cityledger/domain"
	"cityledger/domain/gen"
	"cityledger/domain/i18n"
	"cityledger/domain/testdata"
)

// The city platform's export as a bureau receives it: Chinese headers, times to the
// minute, one row per case in its state at the time of the export.
const casesExport1 = `案件编号,来源,类别,小类代码,小类名称,问题描述,地址,经度,纬度,上报时间,派遣时间,处置时限,处置时间,结案时间,回复时间,责任单位,状态
CG001,数字城管,部件,0305,垃圾箱,垃圾箱破损,苏铁西路8号,101.6001,26.6011,2020-12-28 09:00,2020-12-28 09:20,2020-12-30 09:20,2020-12-29 15:00,2020-12-29 18:00,,环卫中心,已结案
CG002,数字城管,事件,0506,非机动车乱停放,,清香坪大街,101.5975,26.6030,2020-12-30 10:00,2020-12-30 10:05,2020-12-30 12:05,,,,局机关,处置中
CG003,数字城管,部件,,沟盖板,沟盖板缺失,宝鼎路,,,2020-12-31 16:00,2020-12-31 16:30,2021-01-03 16:30,,,,局机关,处置中
RX001,12345,事件,0104,道路不洁,,河门口大街,,,2020-12-31 11:00,2020-12-31 11:30,2021-01-02 11:30,,,,环卫中心,处置中
`

// The next month's export: CG002 and CG003 resolved (CG003 late), RX001 resolved,
// closed and replied, CG001 unchanged, and a new case of January.
const casesExport2 = `案件编号,来源,类别,小类代码,小类名称,问题描述,地址,经度,纬度,上报时间,派遣时间,处置时限,处置时间,结案时间,回复时间,责任单位,状态
CG001,数字城管,部件,0305,垃圾箱,垃圾箱破损,苏铁西路8号,101.6001,26.6011,2020-12-28 09:00,2020-12-28 09:20,2020-12-30 09:20,2020-12-29 15:00,2020-12-29 18:00,,环卫中心,已结案
CG002,数字城管,事件,0506,非机动车乱停放,,清香坪大街,101.5975,26.6030,2020-12-30 10:00,2020-12-30 10:05,2020-12-30 12:05,2020-12-30 11:40,2020-12-30 13:00,,局机关,已结案
CG003,数字城管,部件,,沟盖板,沟盖板缺失,宝鼎路,,,2020-12-31 16:00,2020-12-31 16:30,2021-01-03 16:30,2021-01-04 10:00,,,局机关,已处置
RX001,12345,事件,0104,道路不洁,,河门口大街,,,2020-12-31 11:00,2020-12-31 11:30,2021-01-02 11:30,2021-01-01 10:00,2021-01-01 12:00,2021-01-02 09:00,环卫中心,已结案
CG004,数字城管,事件,0102,暴露垃圾,,格里坪大道,101.5630,26.6385,2021-01-02 07:45,2021-01-02 08:00,2021-01-02 12:00,2021-01-02 11:00,2021-01-02 12:00,,环卫中心,已结案
`

func writeTemp(t testing.TB, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func caseFigures(t testing.TB, store domain.Store, year int, now string) *domain.CaseFigures {
	t.Helper()
	at, _ := domain.ParseCaseTime(now)
	f, err := domain.ComputeCaseFigures(context.Background(), store, year, at, domain.CaseSelection{})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func summaryLine(s domain.ImportSummary) string {
	return i18n.T(i18n.ZH, "exchange.summary", map[string]any{
		"Added": s.Added, "Updated": s.Updated, "Unchanged": s.Unchanged, "Rejected": s.Rejected, "Warnings": len(s.Warnings)})
}

// A later export updates the cases it names without duplicates; importing it again
// changes nothing; the summary keeps its form.
func TestCaseExportsImportIncrementally(t *testing.T) {
	store := openStore(t)
	first := importFile(t, store, Cases, writeTemp(t, "cases-2020-12.csv", casesExport1), Options{})
	if got := summaryLine(first); got != "新增4，更新0，未变0，拒绝0，提示1" {
		t.Errorf("first export: %s", got)
	}
	// The one notice: 沟盖板 is in no national list.
	if w := first.Warnings; len(w) != 1 || w[0].Rule != "case_class_not_national" || w[0].Row != 4 {
		t.Errorf("notices %+v", w)
	}
	second := writeTemp(t, "cases-2021-01.csv", casesExport2)
	if got := summaryLine(importFile(t, store, Cases, second, Options{})); got != "新增1，更新3，未变1，拒绝0，提示1" {
		t.Errorf("second export: %s", got)
	}
	if got := summaryLine(importFile(t, store, Cases, second, Options{})); got != "新增0，更新0，未变5，拒绝0，提示1" {
		t.Errorf("the same export again: %s", got)
	}
	n, err := store.CountCases(context.Background(), domain.CaseFilter{})
	if err != nil || n != 5 {
		t.Fatalf("%d cases (%v), want 5", n, err)
	}
	f := caseFigures(t, store, 2020, "2021-02-01 00:00")
	// 2020: CG001 on time, CG002 on time, CG003 late; RX001 is a 12345 ticket.
	if c := f.City; c.Reported != 3 || c.Resolved != 3 || c.OnTime != 2 || c.ResolutionRate != "100%" || c.OnTimeRate != "66.67%" {
		t.Errorf("2020 figures %+v", c)
	}
	if h := f.Hotline; h.Tickets != 1 || h.Resolved != 1 || h.Closed != 1 || h.RepliedOnTime != 1 {
		t.Errorf("2020 hotline %+v", h)
	}
	if f2021 := caseFigures(t, store, 2021, "2021-02-01 00:00"); f2021.City.Reported != 1 {
		t.Errorf("2021 figures %+v", f2021.City)
	}
}

// DESIGN.md's cut-off through the importer: the year is closed after the first
// export; the second export's later states are imported, but the closed year's
// figures stay those of its closing.
func TestClosedYearCaseFiguresDoNotMove(t *testing.T) {
	store := openStore(t)
	ctx := context.Background()
	importFile(t, store, Cases, writeTemp(t, "a.csv", casesExport1), Options{})
	// The year is closed now: its overdue cases are those overdue now.
	before := caseFigures(t, store, 2020, domain.FormatCaseTime(domain.WallClock(time.Now())))
	if err := store.CloseYear(ctx, 2020, nil); err != nil {
		t.Fatal(err)
	}
	sum := importFile(t, store, Cases, writeTemp(t, "b.csv", casesExport2), Options{})
	if sum.Updated != 3 {
		t.Fatalf("the later export was not taken in: %+v", sum)
	}
	after := caseFigures(t, store, 2020, "2099-06-01 00:00")
	if !after.Frozen {
		t.Fatal("the closed year's figures are not frozen")
	}
	after.Frozen, after.AsOf = false, ""
	// Overdue is counted as of the closing, not as of the later now.
	if !reflect.DeepEqual(before.City, after.City) || !reflect.DeepEqual(before.Hotline, after.Hotline) ||
		!reflect.DeepEqual(before.TopComponents, after.TopComponents) {
		t.Errorf("figures moved:\nbefore %+v %+v\nafter  %+v %+v", before.City, before.Hotline, after.City, after.Hotline)
	}
}

// All or nothing: one bad row and nothing is written; the errors name rows and fields;
// a dry run writes nothing either.
func TestCaseImportAllOrNothing(t *testing.T) {
	store := openStore(t)
	bad := strings.Replace(casesExport1, "2020-12-30 10:05,2020-12-30 12:05", "2020-12-29 10:05,2020-12-30 12:05", 1)
	bad = strings.Replace(bad, "RX001,12345,事件", "RX001,微信,事件", 1)
	tab, err := ReadFile(writeTemp(t, "bad.csv", bad), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	_, sum, err := Import(context.Background(), store, L(Cases), tab, Options{})
	if domain.ErrorKind(err) != domain.KindInvalid {
		t.Fatalf("want invalid, got %v", err)
	}
	var lines []string
	for _, fe := range sum.Errors {
		lines = append(lines, fe.Render(i18n.ZH))
	}
	want := []string{
		"第3行，派遣时间“2020-12-29 10:05:00”：早于上报时间（2020-12-30 10:00:00）",
		"第5行，来源“微信”：不是允许的值（允许：数字城管、12345、巡查、其他）",
	}
	if !reflect.DeepEqual(lines, want) {
		t.Errorf("errors:\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	if n, _ := store.CountCases(context.Background(), domain.CaseFilter{}); n != 0 {
		t.Fatalf("%d cases written by a failed import", n)
	}
	var book bytes.Buffer
	if err := WriteErrorWorkbook(&book, tab, sum.Errors, i18n.ZH); err != nil || book.Len() == 0 {
		t.Fatalf("errors workbook: %v", err)
	}
	tab, _ = ReadFile(writeTemp(t, "good.csv", casesExport1), ReadOptions{})
	_, sum, err = Import(context.Background(), store, L(Cases), tab, Options{DryRun: true})
	if err != nil || sum.Added != 4 {
		t.Fatalf("dry run: %+v %v", sum, err)
	}
	if n, _ := store.CountCases(context.Background(), domain.CaseFilter{}); n != 0 {
		t.Fatalf("a dry run wrote %d cases", n)
	}
}

// A file without some columns keeps what is stored in them.
func TestCaseImportKeepsAbsentColumns(t *testing.T) {
	store := openStore(t)
	importFile(t, store, Cases, writeTemp(t, "a.csv", casesExport1), Options{})
	states := "案件编号,来源,类别,小类名称,上报时间,处置时间\nCG002,数字城管,事件,非机动车乱停放,2020-12-30 10:00,2020-12-30 11:40\n"
	sum := importFile(t, store, Cases, writeTemp(t, "states.csv", states), Options{})
	if sum.Updated != 1 {
		t.Fatalf("%+v", sum)
	}
	c, err := store.GetCaseByNo(context.Background(), "CG002")
	if err != nil {
		t.Fatal(err)
	}
	if c.Address != "清香坪大街" || c.ClassCode != "0506" || c.Unit != "局机关" || c.Location == nil ||
		c.Deadline.IsZero() || c.ResolvedAt.IsZero() || c.Status != domain.CaseResolved {
		t.Errorf("after a narrow export: %+v", c)
	}
}

// Boston's 311 street-light outages of 2015 (shared real data), imported as cases
// with the options a person would give. The expected figures were computed from the
// CSV independently (Python's csv and datetime): 7,956 requests; the 1,268
// "Constituent Call" ones mapped to 12345; of the other 6,688, 5,692 closed and 4,473
// closed at or before their target date; mean time to close 1,197,788 s.
func TestCaseImportBoston311(t *testing.T) {
	path := testdata.Path(t, "service-requests-boston-2015/boston311_2015_street_light_outages.csv")
	store := openStore(t)
	o, err := ParseOptions(L(Cases),
		[]string{"case_no=CASE_ENQUIRY_ID", "reported_at=OPEN_DT", "deadline=TARGET_DT", "resolved_at=CLOSED_DT",
			"closed_at=CLOSED_DT", "class_name=TYPE", "address=Location", "unit=Department", "lon=LONGITUDE", "lat=LATITUDE", "source=Source"},
		[]string{"category=部件", "asset_class=路灯"},
		[]string{"source:Constituent Call=12345", "source:Citizens Connect App=数字城管", "source:Employee Generated=巡查",
			"source:City Worker App=巡查", "source:Self Service=其他", "source:Maximo Integration=其他", "source:Twitter=其他"})
	if err != nil {
		t.Fatal(err)
	}
	o.DateFormat = "01/02/2006 03:04:05 PM"
	sum := importFile(t, store, Cases, path, o)
	if sum.Added != 7956 || sum.Rejected != 0 {
		t.Fatalf("%+v", sum)
	}
	f := caseFigures(t, store, 2015, "2016-01-01 00:00")
	if c := f.City; c.Reported != 6688 || c.Resolved != 5692 || c.OnTime != 4473 || c.MeanResolveSeconds != 1197788 {
		t.Errorf("city %+v", c)
	}
	if h := f.Hotline; h.Tickets != 1268 || h.Resolved != 1076 {
		t.Errorf("hotline %+v", h)
	}
	// "Street Light Outages" is no national 小类: one notice for all its rows.
	var notices int
	for _, w := range sum.Warnings {
		if w.Rule == "case_class_not_national" {
			notices++
			if w.Params["Count"] != "7956" {
				t.Errorf("notice count %s", w.Params["Count"])
			}
		}
	}
	if notices != 1 {
		t.Errorf("%d class notices, want 1", notices)
	}
	// The export reads back unchanged.
	var buf bytes.Buffer
	if _, err := Export(context.Background(), store, Cases, &buf, ExportOptions{Format: FormatCSV}); err != nil {
		t.Fatal(err)
	}
	again := writeTemp(t, "again.csv", buf.String())
	if s := importFile(t, store, Cases, again, Options{}); s.Unchanged != 7956 {
		t.Errorf("re-import of the export: %+v", s)
	}
}

// BenchmarkImportCases1M imports a million generated cases from CSV into a fresh
// database, the way `ledgerctl import cases FILE` does (DESIGN.md's scale: ≤ 30 s).
func BenchmarkImportCases1M(b *testing.B) {
	path := filepath.Join(b.TempDir(), "cases.csv")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := gen.WriteCasesCSV(f, 1_000_000, 1, 2025); err != nil {
		b.Fatal(err)
	}
	f.Close()
	benchImport(b, Cases, path, Options{})
}

// A case's location is exported in its lon/lat columns (cases have no class
// declaration, yet the same columns as a class of points), so the export re-imports
// unchanged and keeps the point.
func TestCaseExportKeepsLocation(t *testing.T) {
	store := openStore(t)
	if s := importFile(t, store, Cases, writeTemp(t, "cases.csv", casesExport1), Options{}); s.Added != 4 {
		t.Fatalf("%+v", s)
	}
	var buf bytes.Buffer
	if _, err := Export(context.Background(), store, Cases, &buf, ExportOptions{Format: FormatCSV}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), ",101.6001,26.6011,") || !strings.Contains(buf.String(), ",101.5975,26.603,") {
		t.Errorf("lon/lat missing from the export:\n%s", buf.String())
	}
	if s := importFile(t, store, Cases, writeTemp(t, "again.csv", buf.String()), Options{}); s.Unchanged != 4 {
		t.Errorf("re-import of the export: %+v", s)
	}
	c, err := store.GetCaseByNo(context.Background(), "CG001")
	if err != nil {
		t.Fatal(err)
	}
	if c.Location == nil || (*c.Location)[0] != 101.6001 || (*c.Location)[1] != 26.6011 {
		t.Errorf("CG001 location after the round trip: %v", c.Location)
	}
}
