package reports

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"math"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"cityledger/domain"
	"cityledger/domain/demo"
	"cityledger/domain/i18n"
	"cityledger/domain/storage"
	"cityledger/reports/internal/memstore"
)

// The edge tests run the report on memstore, an in-memory re-implementation of the SQL
// aggregates. This contract holds the two together: one data set loaded into both —
// the demo district with its cases, a user class, disposed and future assets, a record moved out of
// its project's year — gives the same aggregates, and the same report in every year
// and both languages.
func TestMemstoreAgreesWithTheSQLStore(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "contract.db")
	db, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mem := memstore.New()
	batch, err := demo.Batch()
	if err != nil {
		t.Fatal(err)
	}
	// More than the demo holds: a user class, a disposed and a future lamp, an asset
	// without geometry whose stated length the check cannot measure.
	kiosks := domain.ClassDef{Key: "kiosks", Name: domain.Label{ZH: "报刊亭", EN: "Kiosks"}, Geometry: domain.GeometryPoint,
		Category: domain.CategoryGeneralEquipment, QuantityUnit: "座"}
	if _, err := db.AddClass(ctx, kiosks); err != nil {
		t.Fatal(err)
	}
	if _, err := mem.AddClass(ctx, kiosks); err != nil {
		t.Fatal(err)
	}
	batch.AssetFields["kiosks"] = nil
	extra := []domain.Asset{
		{Class: "kiosks", Code: "K1", Unit: "局机关", StartDate: "2020-03-01", OriginalValue: 6000000, Geometry: orb.Point{101.6, 26.6}},
		{Class: "kiosks", Code: "K2", Unit: "环卫中心", StartDate: "2018-03-01", DisposalDate: "2020-09-30", Status: domain.StatusDisposed},
		{Class: domain.Lamps, Code: "LD-9999", Unit: "局机关", Kind: "景观灯", StartDate: "2021-01-05", OriginalValue: 880000},
		{Class: domain.SewerPipes, Code: "PS-9999", Unit: "局机关", Kind: "雨水", LengthM: 120, StartDate: "2019-04-01"},
	}
	for _, a := range extra {
		batch.Assets = append(batch.Assets, a)
		batch.Rows["assets"] = append(batch.Rows["assets"], 9000+len(batch.Assets))
	}
	cat, _ := mem.Catalogue(ctx)
	// The same rows into memstore first (the store's import writes the IDs it gives
	// into the batch), with the defaults the store gives what a row leaves out.
	for _, u := range batch.Units {
		mem.AddUnit(u)
	}
	for _, a := range batch.Assets {
		def, _ := cat.Class(a.Class)
		stored := domain.Asset{Class: a.Class, Code: a.Code}
		u := domain.AssetUpdate{Fields: batch.AssetFields[a.Class], Values: a}
		if u.Fields == nil {
			u = domain.FullUpdate(def, &a)
		}
		u.Apply(def, &stored)
		storage.Measure(def, &stored)
		mem.AddAsset(stored)
	}
	for _, p := range batch.Projects {
		mem.AddProject(p)
	}
	for _, in := range batch.Indicators {
		mem.AddIndicator(in)
	}
	for _, r := range batch.Records {
		mem.AddRecord(r)
	}
	for _, c := range batch.Cases {
		mem.AddCase(c)
	}
	for _, s := range batch.Settings {
		if err := mem.SaveYearSettings(ctx, &s); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Import(ctx, batch); err != nil {
		t.Fatal(domain.Message(i18n.EN, err))
	}
	// A record whose date left its project's year, written as another program could.
	raw, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("UPDATE maintenance_records SET date = '2019-12-30', year = 2019, month = 12 WHERE id = (SELECT MIN(id) FROM maintenance_records WHERE project_id IS NOT NULL AND year = 2020)"); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	for i := range mem.Records {
		if mem.Records[i].ProjectID != 0 && mem.Records[i].Date.Year() == 2020 {
			mem.Records[i].Date = "2019-12-30"
			break
		}
	}

	stores := []domain.Store{db, mem}
	groups := make([][]domain.AssetGroup, 2)
	for i, s := range stores {
		if groups[i], err = s.AssetGroups(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if a, b := assetGroupText(groups[0]), assetGroupText(groups[1]); fmt.Sprint(a) != fmt.Sprint(b) {
		t.Errorf("AssetGroups differ: %s", firstDifference(a, b))
	}
	for _, y := range []int{2019, 2020, 2021} {
		var texts [2][]string
		for i, s := range stores {
			rg, err := s.RecordGroups(ctx, y)
			if err != nil {
				t.Fatal(err)
			}
			// Project IDs differ between the stores: groups name projects by code.
			codes := map[int64]string{}
			for _, py := range []int{y - 1, y, y + 1} {
				ps, _ := s.ListProjects(ctx, py)
				for _, p := range ps {
					codes[p.ID] = p.Code
				}
			}
			texts[i] = recordGroupText(rg, codes)
		}
		if a, b := fmt.Sprint(texts[0]), fmt.Sprint(texts[1]); a != b {
			t.Errorf("RecordGroups(%d) differ: %s", y, firstDifference(texts[0], texts[1]))
		}
		var outside [2]int
		for i, s := range stores {
			rs, err := s.RecordsOutsideProjectYear(ctx, y)
			if err != nil {
				t.Fatal(err)
			}
			outside[i] = len(rs)
		}
		if outside[0] != outside[1] || (y == 2019 && outside[0] != 1) {
			t.Errorf("RecordsOutsideProjectYear(%d): sql %d, mem %d", y, outside[0], outside[1])
		}
	}
	var mm [2]int64
	for i, s := range stores {
		_, n, err := s.MeasureMismatches(ctx, measureTolerance, maxListed)
		if err != nil {
			t.Fatal(err)
		}
		mm[i] = n
	}
	if mm[0] != mm[1] {
		t.Errorf("MeasureMismatches: sql %d, mem %d", mm[0], mm[1])
	}
	// The report itself, every year and both languages.
	for _, y := range []int{2019, 2020, 2021} {
		for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
			var out [2]bytes.Buffer
			for i, s := range stores {
				m, err := Build(ctx, s, y, lang)
				if err != nil {
					t.Fatal(err)
				}
				if err := Render(&out[i], m, "md"); err != nil {
					t.Fatal(err)
				}
			}
			if out[0].String() != out[1].String() {
				sqlLines, memLines := strings.Split(out[0].String(), "\n"), strings.Split(out[1].String(), "\n")
				t.Errorf("%d %s: the report on memstore differs from the SQL store's: %s (sql ends %q)", y, lang,
					firstDifference(sqlLines, memLines), sqlLines[max(0, len(sqlLines)-6):])
			}
		}
	}
}

// firstDifference names the first line where two sorted lists part.
func firstDifference(sqlLines, memLines []string) string {
	for i := 0; i < len(sqlLines) && i < len(memLines); i++ {
		if sqlLines[i] != memLines[i] {
			return fmt.Sprintf("line %d: sql %q, mem %q", i, sqlLines[i], memLines[i])
		}
	}
	return fmt.Sprintf("sql has %d lines, mem %d", len(sqlLines), len(memLines))
}

func assetGroupText(gs []domain.AssetGroup) []string {
	var lines []string
	for _, g := range gs {
		lines = append(lines, fmt.Sprintf("%s|%d|%s|%s|%t|%s|%d|%d|%d|%.2f|%.2f|%d", g.Class, g.UnitID, g.Kind, g.BodyType, g.Official,
			g.Status, g.StartYear, g.DisposalYear, g.Count, math.Round(g.LengthM*100)/100, math.Round(g.AreaM2*100)/100, g.OriginalValue))
	}
	sort.Strings(lines)
	return lines
}

func recordGroupText(gs []domain.RecordGroup, projectCodes map[int64]string) []string {
	var lines []string
	for _, g := range gs {
		lines = append(lines, fmt.Sprintf("%s|%s|%s|%s|%s|%d|%t|%d|%.3f|%d", projectCodes[g.ProjectID], g.AssetClass, g.WorkType, g.QuantityUnit,
			g.Funding, g.Month, g.OfficialCar, g.Count, g.Quantity, g.Cost))
	}
	sort.Strings(lines)
	return lines
}
