package storage

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"cityledger/domain"
)

func caseAt(s string) time.Time {
	t, ok := domain.ParseCaseTime(s)
	if !ok {
		panic(s)
	}
	return t
}

func importCases(t *testing.T, d *DB, b *domain.Batch) domain.ImportSummary {
	t.Helper()
	sum, err := d.Import(context.Background(), b)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return sum
}

func TestCaseSaveFindAndAudit(t *testing.T) {
	backends(t, func(t *testing.T, d *DB) {
		ctx := context.Background()
		seedUnits(t, d)
		lamp := domain.Asset{Class: domain.Lamps, Code: "LD-1", Unit: "局机关", Kind: "通电路灯", Geometry: orb.Point{101.6, 26.58}}
		if err := d.SaveAsset(ctx, &lamp); err != nil {
			t.Fatal(err)
		}
		c := domain.Case{No: "CG2020000001", Source: domain.SourceCityPlatform, Category: domain.CategoryComponent,
			ClassCode: "0118", Location: &orb.Point{101.6, 26.58}, AssetClass: domain.Lamps, AssetCode: "LD-1",
			ReportedAt: caseAt("2020-03-01 08:00"), Deadline: caseAt("2020-03-04 08:00"), Unit: "局机关"}
		if err := d.SaveCase(ctx, &c); err != nil {
			t.Fatal(err)
		}
		got, err := d.GetCaseByNo(ctx, "CG2020000001")
		if err != nil {
			t.Fatal(err)
		}
		if got.ClassName != "路灯" || got.Status != domain.CaseWaiting || got.AssetID != lamp.ID || got.Location == nil ||
			!got.Deadline.Equal(c.Deadline) || !got.ResolvedAt.IsZero() {
			t.Fatalf("stored %+v", got)
		}
		got.ResolvedAt = caseAt("2020-03-02 15:30")
		got.Status = ""
		if err := d.SaveCase(ctx, got); err != nil {
			t.Fatal(err)
		}
		if got.Status != domain.CaseResolved || got.Version != 2 {
			t.Fatalf("after resolving: %s v%d", got.Status, got.Version)
		}
		// A stale edit is refused.
		stale := c
		stale.Note = "x"
		if err := d.SaveCase(ctx, &stale); domain.ErrorKind(err) != domain.KindConflict {
			t.Fatalf("stale save: %v", err)
		}
		hist, err := d.AuditHistory(ctx, "cases", c.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		var fields []string
		for _, h := range hist {
			fields = append(fields, h.Field)
		}
		sort.Strings(fields)
		if !reflect.DeepEqual(fields, []string{"*", "resolved_at", "status"}) {
			t.Errorf("audit fields %v", fields)
		}
		// An unknown asset is refused on a form.
		bad := domain.Case{No: "CG2", Source: domain.SourceCityPlatform, Category: domain.CategoryComponent, ClassCode: "0118",
			AssetClass: domain.Lamps, AssetCode: "LD-404", ReportedAt: caseAt("2020-03-01 08:00")}
		if err := d.SaveCase(ctx, &bad); domain.ErrorKind(err) != domain.KindInvalid {
			t.Fatalf("unknown asset: %v", err)
		}
		list, err := d.FindCases(ctx, domain.CaseFilter{AssetID: lamp.ID})
		if err != nil || len(list) != 1 {
			t.Fatalf("cases of the lamp: %v %v", list, err)
		}
		if err := d.DeleteCase(ctx, c.ID, got.Version); err != nil {
			t.Fatal(err)
		}
		if _, err := d.GetCase(ctx, c.ID); domain.ErrorKind(err) != domain.KindNotFound {
			t.Fatalf("deleted: %v", err)
		}
	})
}

// An incremental import: later states update the cases they name, the columns a file
// lacks keep their stored values, and the same file again changes nothing.
func TestCaseImportIncremental(t *testing.T) {
	backends(t, func(t *testing.T, d *DB) {
		ctx := context.Background()
		first := []domain.Case{
			{No: "A1", Source: domain.SourceCityPlatform, Category: domain.CategoryEvent, ClassName: "暴露垃圾", Address: "苏铁西路12号",
				ReportedAt: caseAt("2020-05-01 08:00"), Deadline: caseAt("2020-05-01 12:00"), Unit: "环卫中心"},
			{No: "A2", Source: domain.SourceHotline, Category: domain.CategoryEvent, ClassName: "噪声扰民",
				ReportedAt: caseAt("2020-05-01 09:00"), Deadline: caseAt("2020-05-03 09:00")},
		}
		sum := importCases(t, d, &domain.Batch{Cases: append([]domain.Case(nil), first...)})
		if sum.Added != 2 {
			t.Fatalf("first import %+v", sum)
		}
		a1, _ := d.GetCaseByNo(ctx, "A1")
		if a1.Status != domain.CaseWaiting {
			t.Fatalf("derived status %s", a1.Status)
		}
		// The next export: A1 resolved, A2 unchanged, A3 new. It lacks the address column.
		second := []domain.Case{
			{No: "A1", Source: domain.SourceCityPlatform, Category: domain.CategoryEvent, ClassName: "暴露垃圾",
				ReportedAt: caseAt("2020-05-01 08:00"), Deadline: caseAt("2020-05-01 12:00"),
				DispatchedAt: caseAt("2020-05-01 08:10"), ResolvedAt: caseAt("2020-05-01 11:00"), Unit: "环卫中心"},
			first[1],
			{No: "A3", Source: domain.SourceCityPlatform, Category: domain.CategoryEvent, ClassName: "道路不洁",
				ReportedAt: caseAt("2020-05-02 08:00")},
		}
		cols := []string{}
		for _, f := range domain.CaseFields {
			if f != "address" {
				cols = append(cols, f)
			}
		}
		batch := func() *domain.Batch {
			return &domain.Batch{Cases: append([]domain.Case(nil), second...), CaseColumns: cols}
		}
		sum = importCases(t, d, batch())
		if sum.Added != 1 || sum.Updated != 1 || sum.Unchanged != 1 {
			t.Fatalf("second import %+v", sum)
		}
		a1, _ = d.GetCaseByNo(ctx, "A1")
		if a1.Address != "苏铁西路12号" || a1.Status != domain.CaseResolved || a1.ResolvedAt.IsZero() {
			t.Fatalf("A1 after the later export: %+v", a1)
		}
		n, _ := d.CountCases(ctx, domain.CaseFilter{})
		if n != 3 {
			t.Fatalf("%d cases, want 3 (no duplicates)", n)
		}
		sum = importCases(t, d, batch())
		if sum.Added != 0 || sum.Updated != 0 || sum.Unchanged != 3 {
			t.Fatalf("same file again %+v", sum)
		}
		// A number twice in one file names both rows; nothing is written.
		dup := &domain.Batch{Cases: []domain.Case{second[2], second[2]}, Rows: map[string][]int{RowsCases: {2, 5}}}
		_, err := d.Import(ctx, dup)
		fe := domain.FieldErrors(err)
		if len(fe) != 1 || fe[0].Rule != "duplicate_code" || fe[0].Params["Rows"] != "2、5" || fe[0].Row != 5 {
			t.Fatalf("duplicate: %v", err)
		}
	})
}

// The cut-off: a closed year's figures come from the states its cases had when it was
// closed; later exports (new states, new cases of that year) do not move them, and
// reopening the year lets them follow the cases again.
func TestCaseFiguresFrozenWhenYearClosed(t *testing.T) {
	backends(t, func(t *testing.T, d *DB) {
		ctx := context.Background()
		mk := func(no, reported, deadline, resolved string) domain.Case {
			c := domain.Case{No: no, Source: domain.SourceCityPlatform, Category: domain.CategoryEvent, ClassName: "暴露垃圾",
				ReportedAt: caseAt(reported), Deadline: caseAt(deadline)}
			if resolved != "" {
				c.ResolvedAt = caseAt(resolved)
			}
			return c
		}
		importCases(t, d, &domain.Batch{Cases: []domain.Case{
			mk("F1", "2020-12-30 08:00", "2020-12-31 08:00", "2020-12-30 18:00"),
			mk("F2", "2020-12-31 08:00", "2021-01-02 08:00", ""),
		}})
		now := caseAt("2021-03-01 00:00")
		before, err := domain.ComputeCaseFigures(ctx, d, 2020, now, domain.CaseSelection{})
		if err != nil {
			t.Fatal(err)
		}
		if before.City.Reported != 2 || before.City.Resolved != 1 || before.City.Overdue != 1 || before.Frozen {
			t.Fatalf("open year %+v", before.City)
		}
		if err := d.CloseYear(ctx, 2020, nil); err != nil {
			t.Fatal(err)
		}
		// Later exports: F2 resolved (late), a 2020 case that arrived late, and F1 cancelled.
		f1 := mk("F1", "2020-12-30 08:00", "2020-12-31 08:00", "2020-12-30 18:00")
		f1.Status = domain.CaseCancelled
		sum := importCases(t, d, &domain.Batch{Cases: []domain.Case{
			f1,
			mk("F2", "2020-12-31 08:00", "2021-01-02 08:00", "2021-01-05 08:00"),
			mk("F3", "2020-12-31 20:00", "2021-01-01 20:00", "2021-01-01 10:00"),
		}})
		if sum.Added != 1 || sum.Updated != 2 {
			t.Fatalf("cases are accepted in a closed year: %+v", sum)
		}
		after, err := domain.ComputeCaseFigures(ctx, d, 2020, caseAt("2022-01-01 00:00"), domain.CaseSelection{})
		if err != nil {
			t.Fatal(err)
		}
		if !after.Frozen || after.AsOf == "" {
			t.Fatalf("closed year not frozen: %+v", after)
		}
		if !reflect.DeepEqual(before.City, after.City) || after.Cancelled != 0 {
			t.Fatalf("a closed year's figures moved:\n before %+v\n after  %+v (cancelled %d)", before.City, after.City, after.Cancelled)
		}
		if err := d.ReopenYear(ctx, 2020, "补录案件"); err != nil {
			t.Fatal(err)
		}
		reopened, _ := domain.ComputeCaseFigures(ctx, d, 2020, caseAt("2022-01-01 00:00"), domain.CaseSelection{})
		if reopened.Frozen || reopened.City.Reported != 2 || reopened.City.Resolved != 2 || reopened.Cancelled != 1 {
			t.Fatalf("reopened %+v cancelled %d", reopened.City, reopened.Cancelled)
		}
	})
}

// The SQL aggregate agrees with the in-memory one on random cases.
func TestCaseGroupsMatchesMemory(t *testing.T) {
	backends(t, func(t *testing.T, d *DB) {
		rng := rand.New(rand.NewPCG(7, 8))
		var cs []domain.Case
		base := caseAt("2019-12-20 00:00")
		classes := []string{"暴露垃圾", "道路不洁", "路灯"}
		for i := 0; i < 400; i++ {
			rep := base.Add(time.Duration(rng.IntN(40*24*3600)) * time.Second)
			c := domain.Case{No: fmt.Sprintf("M%d", i), Source: domain.CaseSources[rng.IntN(4)], Category: domain.CategoryEvent,
				ClassName: classes[rng.IntN(3)], ReportedAt: rep, Unit: []string{"环卫中心", "局机关", ""}[rng.IntN(3)]}
			if rng.IntN(5) > 0 {
				c.Deadline = rep.Add(time.Duration(rng.IntN(72)) * time.Hour)
			}
			if rng.IntN(4) > 0 {
				c.ResolvedAt = rep.Add(time.Duration(rng.IntN(96*3600)) * time.Second)
			}
			if rng.IntN(3) > 0 && !c.ResolvedAt.IsZero() {
				c.ClosedAt = c.ResolvedAt.Add(time.Hour)
			}
			if rng.IntN(2) > 0 {
				c.RepliedAt = rep.Add(time.Duration(rng.IntN(96)) * time.Hour)
			}
			c.Status = c.DerivedStatus()
			if rng.IntN(20) == 0 {
				c.Status = domain.CaseCancelled
			}
			cs = append(cs, c)
		}
		importCases(t, d, &domain.Batch{Cases: append([]domain.Case(nil), cs...)})
		now := caseAt("2020-01-15 12:00")
		for _, y := range []int{2019, 2020} {
			got, err := d.CaseGroups(context.Background(), y, now)
			if err != nil {
				t.Fatal(err)
			}
			want := domain.CaseFiguresFrom(&domain.CaseGroups{Year: y, AsOf: now, Groups: domain.GroupCases(cs, y, now)}, domain.CaseSelection{})
			have := domain.CaseFiguresFrom(got, domain.CaseSelection{})
			if !reflect.DeepEqual(want, have) {
				t.Errorf("%d:\n sql    %+v\n memory %+v", y, have, want)
			}
		}
	})
}

// A backup carries the cases and a closed year's frozen states; restored on either
// backend, the figures are the same.
func TestCaseBackupRestore(t *testing.T) {
	ctx := context.Background()
	d := openTemp(t)
	seedUnits(t, d)
	lamp := domain.Asset{Class: domain.Lamps, Code: "LD-1", Unit: "局机关", Kind: "通电路灯"}
	if err := d.SaveAsset(ctx, &lamp); err != nil {
		t.Fatal(err)
	}
	importCases(t, d, &domain.Batch{Cases: []domain.Case{
		{No: "B1", Source: domain.SourceCityPlatform, Category: domain.CategoryComponent, ClassCode: "0118", AssetClass: domain.Lamps,
			AssetCode: "LD-1", Location: &orb.Point{101.6, 26.6}, ReportedAt: caseAt("2020-02-01 08:00"), Deadline: caseAt("2020-02-04 08:00")},
		{No: "B2", Source: domain.SourceHotline, Category: domain.CategoryEvent, ClassName: "商业噪音",
			ReportedAt: caseAt("2021-02-01 08:00"), Deadline: caseAt("2021-02-04 08:00"), ResolvedAt: caseAt("2021-02-02 08:00")},
	}})
	if err := d.CloseYear(ctx, 2020, nil); err != nil {
		t.Fatal(err)
	}
	// Resolved after the close: the frozen 2020 figures keep it unresolved.
	importCases(t, d, &domain.Batch{Cases: []domain.Case{
		{No: "B1", Source: domain.SourceCityPlatform, Category: domain.CategoryComponent, ClassCode: "0118", AssetClass: domain.Lamps,
			AssetCode: "LD-1", Location: &orb.Point{101.6, 26.6}, ReportedAt: caseAt("2020-02-01 08:00"), Deadline: caseAt("2020-02-04 08:00"),
			ResolvedAt: caseAt("2021-03-01 08:00")},
	}})
	now := caseAt("2022-01-01 00:00")
	figures := func(s *DB) string {
		var out string
		for _, y := range []int{2020, 2021} {
			f, err := domain.ComputeCaseFigures(ctx, s, y, now, domain.CaseSelection{})
			if err != nil {
				t.Fatal(err)
			}
			out += fmt.Sprintf("%d %v %+v %+v|", y, f.Frozen, f.City, f.Hotline)
		}
		return out
	}
	want := figures(d)
	var buf bytes.Buffer
	if err := d.Backup(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "backup.db")
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "restored.db")
	if _, err := Restore(ctx, file, path, RestoreOptions{Force: true}); err != nil {
		t.Fatal(err)
	}
	restored, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	if got := figures(restored); got != want {
		t.Errorf("sqlite restore:\n got %s\nwant %s", got, want)
	}
	if pg := openPostgres(t); pg != nil {
		if _, err := pg.RestoreFrom(ctx, file, RestoreOptions{Force: true, CopyDir: t.TempDir()}); err != nil {
			t.Fatal(err)
		}
		if got := figures(pg); got != want {
			t.Errorf("postgres restore:\n got %s\nwant %s", got, want)
		}
		// The restored server numbers new cases after the restored ones.
		c := domain.Case{No: "B3", Source: domain.SourceOther, Category: domain.CategoryEvent, ClassName: "暴露垃圾", ReportedAt: caseAt("2021-05-01 08:00")}
		if err := pg.SaveCase(ctx, &c); err != nil {
			t.Fatal(err)
		}
		// And a PostgreSQL backup reads back the same.
		var pgbuf bytes.Buffer
		if err := pg.Backup(ctx, &pgbuf); err != nil {
			t.Fatal(err)
		}
	}
}

// The years of the cases are years of the ledger.
func TestCaseYearsAreListed(t *testing.T) {
	backends(t, func(t *testing.T, d *DB) {
		importCases(t, d, &domain.Batch{Cases: []domain.Case{
			{No: "Y1", Source: domain.SourceOther, Category: domain.CategoryEvent, ClassName: "暴露垃圾", ReportedAt: caseAt("2018-05-01 08:00")},
			{No: "Y2", Source: domain.SourceOther, Category: domain.CategoryEvent, ClassName: "暴露垃圾", ReportedAt: caseAt("2021-05-01 08:00")},
		}})
		if err := d.SaveYearSettings(context.Background(), &domain.YearSettings{Year: 2021}); err != nil {
			t.Fatal(err)
		}
		ys, err := d.ListYears(context.Background())
		if err != nil || !reflect.DeepEqual(ys, []int{2021, 2018}) {
			t.Fatalf("years %v %v", ys, err)
		}
	})
}

// case_stats, kept up to date by every write, equals the aggregate recomputed from the
// cases after imports that add and update, form edits and deletions.
func TestCaseStatsStayTrue(t *testing.T) {
	backends(t, func(t *testing.T, d *DB) {
		ctx := context.Background()
		rng := rand.New(rand.NewPCG(3, 4))
		mk := func(i int) domain.Case {
			rep := caseAt("2020-01-01 00:00").Add(time.Duration(rng.IntN(400*24)) * time.Hour)
			c := domain.Case{No: fmt.Sprintf("S%d", i), Source: domain.CaseSources[rng.IntN(4)], Category: domain.CategoryEvent,
				ClassName: []string{"暴露垃圾", "道路不洁"}[rng.IntN(2)], ReportedAt: rep, Deadline: rep.Add(48 * time.Hour),
				Unit: []string{"环卫中心", "局机关"}[rng.IntN(2)]}
			if rng.IntN(3) > 0 {
				c.ResolvedAt = rep.Add(time.Duration(rng.IntN(96)) * time.Hour)
			}
			return c
		}
		var first []domain.Case
		for i := 0; i < 300; i++ {
			first = append(first, mk(i))
		}
		importCases(t, d, &domain.Batch{Cases: first})
		// A later export: new states for half of them (some now in another year), new cases.
		var second []domain.Case
		for i := 0; i < 450; i += 2 {
			second = append(second, mk(i))
		}
		importCases(t, d, &domain.Batch{Cases: second})
		c, _ := d.GetCaseByNo(ctx, "S1")
		c.Status = domain.CaseCancelled
		if err := d.SaveCase(ctx, c); err != nil {
			t.Fatal(err)
		}
		c3, _ := d.GetCaseByNo(ctx, "S3")
		if err := d.DeleteCase(ctx, c3.ID, c3.Version); err != nil {
			t.Fatal(err)
		}
		fresh := domain.Case{No: "F", Source: domain.SourceHotline, Category: domain.CategoryEvent, ClassName: "商业噪音",
			ReportedAt: caseAt("2020-06-01 08:00"), RepliedAt: caseAt("2020-06-01 09:00"), Deadline: caseAt("2020-06-02 08:00")}
		if err := d.SaveCase(ctx, &fresh); err != nil {
			t.Fatal(err)
		}
		read := func() string {
			var rows []struct {
				Year                                                             int
				Source, Category, ClassName, ClassCode, Unit, Status             string
				Month                                                            int
				N, Resolved, OnTime, Closed, Replied, RepliedOnTime, ResolveSecs int64
			}
			if err := d.w.Raw(`SELECT year, source, category, class_name, class_code, unit, status, month, n, n_resolved AS resolved,
				n_on_time AS on_time, n_closed AS closed, n_replied AS replied, n_replied_on_time AS replied_on_time,
				resolve_seconds AS resolve_secs FROM case_stats
				ORDER BY year, source, category, class_name, class_code, unit, month, status`).Scan(&rows).Error; err != nil {
				t.Fatal(err)
			}
			return fmt.Sprintf("%+v", rows)
		}
		kept := read()
		if err := d.w.Transaction(func(tx *gormDB) error { return rebuildCaseStats(tx) }); err != nil {
			t.Fatal(err)
		}
		if rebuilt := read(); rebuilt != kept {
			t.Errorf("case_stats drifted:\n kept    %s\n rebuilt %s", kept, rebuilt)
		}
	})
}
