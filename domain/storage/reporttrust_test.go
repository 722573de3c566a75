package storage

import (
	"context"
	"path/filepath"
	"testing"

	"cityledger/domain"
)

func TestProjectFlagsRoundTrip(t *testing.T) { backends(t, testProjectFlagsRoundTrip) }

func testProjectFlagsRoundTrip(t *testing.T, d *DB) {
	ctx := context.Background()
	seedUnits(t, d)
	p := &domain.Project{Code: "P1", Year: 2020, Name: "路灯维修项目", Unit: "局机关", Budget: 100, FiscalBudget: 100, Disclosed: true}
	if err := d.SaveProject(ctx, p); err != nil {
		t.Fatal(err)
	}
	got, _ := d.GetProject(ctx, p.ID)
	if got.PreAssessed || got.Monitored || got.SelfEvaluated {
		t.Fatalf("a new project's flags = %+v, want all false", got)
	}
	// Changing only a flag is a change: saved, versioned and audited.
	got.Monitored = true
	if err := d.SaveProject(ctx, got); err != nil {
		t.Fatal(err)
	}
	again, _ := d.GetProject(ctx, p.ID)
	if !again.Monitored || again.PreAssessed || again.SelfEvaluated || again.Version != 2 {
		t.Fatalf("after setting 绩效监控: %+v", again)
	}
	hist, _ := d.AuditHistory(ctx, "projects", p.ID, 10)
	if len(hist) == 0 || hist[0].Field != "monitored" || hist[0].Old != "false" || hist[0].New != "true" {
		t.Fatalf("audit = %+v", hist)
	}
	// Saving it unchanged writes nothing.
	if err := d.SaveProject(ctx, again); err != nil {
		t.Fatal(err)
	}
	if last, _ := d.GetProject(ctx, p.ID); last.Version != 2 {
		t.Fatalf("an unchanged save bumped the version to %d", last.Version)
	}
}

func TestYearSettingsZeroIsAValue(t *testing.T) { backends(t, testYearSettingsZeroIsAValue) }

func testYearSettingsZeroIsAValue(t *testing.T, d *DB) {
	ctx := context.Background()
	s := &domain.YearSettings{Year: 2020}
	for k, v := range map[string]string{
		domain.AmountAbroad: "0", domain.AmountAbroadBudget: "0.00", domain.CountAbroadGroups: "0",
		domain.AmountReceptionDomestic: "1,234.56", "heading_three_public": "七、", "note_perf_results": "见附件",
	} {
		if fe := s.Set(k, v); fe != nil {
			t.Fatalf("%s=%s: %+v", k, v, fe)
		}
	}
	if err := d.SaveYearSettings(ctx, s); err != nil {
		t.Fatal(err)
	}
	got, err := d.GetYearSettings(ctx, 2020)
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{
		domain.AmountAbroad: "0.00", domain.AmountAbroadBudget: "0.00", domain.CountAbroadGroups: "0",
		domain.AmountReceptionDomestic: "1234.56", "heading_three_public": "七、", "note_perf_results": "见附件",
	} {
		if v, ok := got.Value(k); !ok || v != want {
			t.Errorf("%s = %q (set %v), want %q", k, v, ok, want)
		}
	}
	for _, k := range []string{domain.AmountReceptionForeign, domain.CountAbroadPersons, "heading_vehicles", "official_purchase_budget"} {
		if v, ok := got.Value(k); ok {
			t.Errorf("%s = %q, want not set", k, v)
		}
	}
	// Clearing one setting audits it as its own field.
	if fe := got.Set(domain.AmountAbroad, ""); fe != nil {
		t.Fatal(fe)
	}
	if err := d.SaveYearSettings(ctx, got); err != nil {
		t.Fatal(err)
	}
	hist, _ := d.AuditHistory(ctx, "year-settings", 2020, 10)
	if len(hist) == 0 || hist[0].Field != domain.AmountAbroad || hist[0].Old != "0.00" || hist[0].New != "" {
		t.Fatalf("audit = %+v", hist)
	}
}

// Migration 4 adds columns to tables that hold rows: every value stays, the new ones
// start as "no flag" and "not set".
func TestMigration4KeepsRows(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	d, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	seedUnits(t, d)
	budget := domain.Fen(295200_00)
	p := &domain.Project{Code: "P1", Year: 2020, Name: "春节亮化氛围营造项目", Unit: "局机关", Budget: 264500_00, FiscalBudget: 264500_00,
		Goal: "极力进行喜庆、祥和的春节氛围打造", Disclosed: true}
	if err := d.SaveProject(ctx, p); err != nil {
		t.Fatal(err)
	}
	if err := d.SaveYearSettings(ctx, &domain.YearSettings{Year: 2020, OfficialPurchaseBudget: &budget,
		Notes: map[string]string{domain.NoteOfficialPurchase: "主要用于执法"}}); err != nil {
		t.Fatal(err)
	}
	// Undo migration 4 as a file written by the previous release would be.
	for _, stmt := range []string{
		"ALTER TABLE projects DROP COLUMN pre_assessed", "ALTER TABLE projects DROP COLUMN monitored",
		"ALTER TABLE projects DROP COLUMN self_evaluated", "ALTER TABLE year_settings DROP COLUMN amounts",
		"ALTER TABLE year_settings DROP COLUMN counts", "ALTER TABLE year_settings DROP COLUMN headings",
		"DELETE FROM schema_migrations WHERE version = 4",
	} {
		if err := d.w.Exec(stmt).Error; err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	d.Close()
	d, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	got, err := d.GetProject(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != p.Name || got.Goal != p.Goal || got.Budget != p.Budget || !got.Disclosed || got.Version != 1 ||
		got.PreAssessed || got.Monitored || got.SelfEvaluated {
		t.Fatalf("project after migration: %+v", got)
	}
	st, err := d.GetYearSettings(ctx, 2020)
	if err != nil {
		t.Fatal(err)
	}
	if st.OfficialPurchaseBudget == nil || *st.OfficialPurchaseBudget != budget || st.Notes[domain.NoteOfficialPurchase] != "主要用于执法" ||
		len(st.Amounts) != 0 || len(st.Counts) != 0 || len(st.Headings) != 0 {
		t.Fatalf("settings after migration: %+v", st)
	}
	// The project, unchanged, saves as unchanged: its fingerprint did not move.
	if err := d.SaveProject(ctx, got); err != nil {
		t.Fatal(err)
	}
	if again, _ := d.GetProject(ctx, p.ID); again.Version != 1 {
		t.Fatalf("an unchanged project was rewritten (version %d)", again.Version)
	}
}

func TestValuedAtLeast(t *testing.T) { backends(t, testValuedAtLeast) }

func testValuedAtLeast(t *testing.T, d *DB) {
	ctx := context.Background()
	seedUnits(t, d)
	add := func(code string, value domain.Fen, start, disposed domain.Date) {
		t.Helper()
		a := &domain.Asset{Class: domain.Vehicles, Code: code, Unit: "局机关", Kind: domain.UseLaw, BodyType: "专用车",
			StartDate: start, OriginalValue: value, Status: domain.StatusInUse}
		if disposed != "" {
			a.Status, a.DisposalDate = domain.StatusDisposed, disposed
		}
		if err := d.SaveAsset(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	add("exactly", 500000_00, "2018-01-01", "")        // 单价50万元以上 counts 50万 itself
	add("below", 499999_99, "2018-01-01", "")          // one 分 short
	add("later", 600000_00, "2021-03-01", "")          // bought after the year
	add("gone", 700000_00, "2015-01-01", "2020-06-30") // disposed within the year
	add("kept", 800000_00, "2015-01-01", "2021-01-05") // disposed the year after
	got, err := d.ValuedAtLeast(ctx, 2020, 500000_00)
	if err != nil {
		t.Fatal(err)
	}
	if got[domain.Vehicles] != 2 || len(got) != 1 {
		t.Fatalf("held at 2020's end at ≥ 50万元: %v, want vehicles 2 (exactly, kept)", got)
	}
	if got, _ := d.ValuedAtLeast(ctx, 2020, 1000000_00); len(got) != 0 {
		t.Fatalf("≥ 100万元: %v, want none", got)
	}
}
