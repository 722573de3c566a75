package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"cityledger/domain"
	"cityledger/domain/i18n"
)

// powerBatch is a file of n lamp codes and their power, nothing else.
func powerBatch(n int, power float64, source string) *domain.Batch {
	b := &domain.Batch{Source: source, AssetFields: map[domain.Class][]string{domain.Lamps: {"code", "power_w"}}}
	for i := 0; i < n; i++ {
		b.Assets = append(b.Assets, domain.Asset{Class: domain.Lamps, Code: fmt.Sprintf("LD-%03d", i), PowerW: power})
	}
	return b
}

func seedLamps(t *testing.T, d *DB, n int) {
	t.Helper()
	seedUnits(t, d)
	b := &domain.Batch{Source: "seed.xlsx"}
	for i := 0; i < n; i++ {
		b.Assets = append(b.Assets, domain.Asset{Class: domain.Lamps, Code: fmt.Sprintf("LD-%03d", i), Unit: "局机关", Kind: "通电路灯", PowerW: 60, StartDate: "2021-03-01"})
	}
	if sum, err := d.Import(context.Background(), b); err != nil || sum.Added != n {
		t.Fatalf("seed: %+v %v", sum, err)
	}
}

func lampPower(t *testing.T, d *DB, code string) float64 {
	t.Helper()
	a, err := d.GetAssetByCode(context.Background(), domain.Lamps, code)
	if err != nil {
		t.Fatal(err)
	}
	return a.PowerW
}

// Issue 16, case 4: two imports of the same lamp codes with different power values.
// The one previewed before the other was imported stops, naming every row, who changed
// it and both values, and writes nothing; with Overwrite it replaces them, and the
// lamps' histories hold both imports' changes, one entry per lamp and import.
func TestImportStopsOnRowsChangedSinceItsPreview(t *testing.T) {
	backends(t, testImportConflictAfterPreview)
}

func testImportConflictAfterPreview(t *testing.T, d *DB) {
	ctx := context.Background()
	const n = 40
	seedLamps(t, d, n)
	// A previews its file (power 70)…
	a := powerBatch(n, 70, "a.xlsx")
	a.DryRun = true
	preview, err := d.Import(ctx, a)
	if err != nil || preview.Updated != n || len(preview.Seen.Assets) != n {
		t.Fatalf("preview: %+v %v", preview, err)
	}
	// …B imports its file (power 80) meanwhile…
	if sum, err := d.Import(ctx, powerBatch(n, 80, "b.xlsx")); err != nil || sum.Updated != n {
		t.Fatalf("b: %+v %v", sum, err)
	}
	// …and A's import, against what its preview read, stops.
	a = powerBatch(n, 70, "a.xlsx")
	a.Seen = preview.Seen
	_, err = d.Import(ctx, a)
	if domain.ErrorKind(err) != domain.KindConflict {
		t.Fatalf("a after b: %v, want a conflict", err)
	}
	rows := domain.Conflicts(err)
	if len(rows) != n {
		t.Fatalf("the conflict names %d rows, want %d", len(rows), n)
	}
	if c := rows[0]; c.Row != 1 || c.Code != "LD-000" || c.Who != d.Who() || c.At.IsZero() ||
		len(c.Diff) != 1 || c.Diff[0] != (domain.FieldDiff{Field: "power_w", Mine: "70", Theirs: "80"}) {
		t.Errorf("first conflict: %+v", c)
	}
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		msg := domain.Message(lang, err)
		if !strings.Contains(msg, "LD-000") || !strings.Contains(msg, "80") || !strings.Contains(msg, "70") || strings.Contains(msg, "SQLSTATE") {
			t.Errorf("%s: %s", lang, msg)
		}
	}
	if got := lampPower(t, d, "LD-007"); got != 80 {
		t.Fatalf("the refused import wrote: power %v", got)
	}
	// Deliberately: Overwrite replaces B's values.
	a = powerBatch(n, 70, "a.xlsx")
	a.Seen, a.Overwrite = preview.Seen, true
	if sum, err := d.Import(ctx, a); err != nil || sum.Updated != n {
		t.Fatalf("overwrite: %+v %v", sum, err)
	}
	if got := lampPower(t, d, "LD-007"); got != 70 {
		t.Fatalf("overwrite: power %v", got)
	}
	// The lamp's versions: added by the seed, 60 → 80 by B, 80 → 70 by A.
	lamp, _ := d.GetAssetByCode(ctx, domain.Lamps, "LD-007")
	hist, err := d.AuditHistory(ctx, domain.AuditAssets, lamp.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range hist {
		if e.Action != "import" {
			t.Errorf("entry %+v", e)
			continue
		}
		if e.Field == "*" {
			got = append(got, "added")
			continue
		}
		var o, nw map[string]string
		if json.Unmarshal([]byte(e.Old), &o) != nil || json.Unmarshal([]byte(e.New), &nw) != nil {
			t.Fatalf("entry %+v", e)
		}
		got = append(got, e.Field+":"+o["power_w"]+"→"+nw["power_w"])
	}
	if want := []string{"power_w:80→70", "power_w:60→80", "added"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("history %v, want %v", got, want)
	}
	// One entry per changed lamp and import, and one per batch.
	var entries int64
	d.r.Raw("SELECT COUNT(*) FROM audit_log WHERE action = 'import' AND entity = ?", domain.AuditAssets).Scan(&entries)
	if entries != 3*n {
		t.Errorf("%d per-row import entries, want %d", entries, 3*n)
	}
	// A lamp someone else adds after the preview is a conflict too (the preview took
	// the code for a new one).
	whole := func() *domain.Batch {
		c := powerBatch(n+1, 90, "c.xlsx")
		c.AssetFields[domain.Lamps] = append(c.AssetFields[domain.Lamps], "unit", "type")
		for i := range c.Assets {
			c.Assets[i].Unit, c.Assets[i].Kind = "局机关", "通电路灯"
		}
		return c
	}
	c := whole()
	c.DryRun = true
	preview, err = d.Import(ctx, c)
	if err != nil || preview.Added != 1 {
		t.Fatalf("preview c: %+v %v", preview, err)
	}
	extra := &domain.Asset{Class: domain.Lamps, Code: fmt.Sprintf("LD-%03d", n), Unit: "局机关", Kind: "通电路灯", PowerW: 30}
	if err := d.SaveAsset(ctx, extra); err != nil {
		t.Fatal(err)
	}
	c = whole()
	c.Seen = preview.Seen
	if _, err := d.Import(ctx, c); domain.ErrorKind(err) != domain.KindConflict || len(domain.Conflicts(err)) != 1 {
		t.Fatalf("c after an add: %v", err)
	}
}

// The two-import race on one server: both imports read the same lamps before either
// writes. The first to write wins; the other stops with a conflict naming who changed
// the rows (not the last one silently winning), and with Overwrite it goes through.
func TestConcurrentImportsConflict(t *testing.T) {
	r := newSharedRegister(t)
	ctx := context.Background()
	if _, err := r.owner.GrantRole(ctx, "editor_2", domain.RoleEditor, func() (string, error) { return testPassword, nil }); err != nil {
		t.Fatal(err)
	}
	const n = 950
	seedLamps(t, r.owner, n)
	first := r.as(t, domain.RoleEditor)
	second, err := Open(ctx, strings.Replace(r.logins[domain.RoleEditor], "editor_1", "editor_2", 1))
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()

	var read sync.WaitGroup
	read.Add(2)
	afterImportRead = func(*domain.Batch) { read.Done(); read.Wait() }
	defer func() { afterImportRead = nil }()
	type result struct {
		sum domain.ImportSummary
		err error
		who string
	}
	results := make(chan result, 2)
	for k, d := range []*DB{first, second} {
		go func() {
			sum, err := d.Import(ctx, powerBatch(n, float64(100+k), "race.xlsx"))
			results <- result{sum, err, d.Who()}
		}()
	}
	a, b := <-results, <-results
	afterImportRead = nil
	if (a.err == nil) == (b.err == nil) {
		t.Fatalf("both imports read first; want one through and one conflict: %v / %v", a.err, b.err)
	}
	won, lost := a, b
	if a.err != nil {
		won, lost = b, a
	}
	if won.sum.Updated != n {
		t.Fatalf("the winner updated %d", won.sum.Updated)
	}
	rows := domain.Conflicts(lost.err)
	if len(rows) != n || rows[0].Who != won.who {
		t.Fatalf("the loser: %d rows, who %q (want %q): %v", len(rows), rows[0].Who, won.who, lost.err)
	}
	noDriverText(t, "concurrent import", lost.err)
	winner := first
	if won.who == second.Who() {
		winner = second
	}
	want := lampPower(t, winner, "LD-001")
	// Deliberately overwritten, the loser's values stand.
	loser := first
	if winner == first {
		loser = second
	}
	b2 := powerBatch(n, 300-want, "race.xlsx")
	b2.Overwrite = true
	if sum, err := loser.Import(ctx, b2); err != nil || sum.Updated != n {
		t.Fatalf("overwrite: %+v %v", sum, err)
	}
	lamp, _ := r.owner.GetAssetByCode(ctx, domain.Lamps, "LD-001")
	hist, _ := r.owner.AuditHistory(ctx, domain.AuditAssets, lamp.ID, 10)
	if len(hist) != 3 || hist[0].Who != loser.Who() || hist[1].Who != winner.Who() {
		t.Fatalf("history: %+v", hist)
	}
}

// A bulk edit of assets someone else changed after they were read stops, naming each
// asset and who changed it, and writes nothing; with Overwrite it goes through. A
// form's stale save names who changed the asset.
func TestBulkEditAndFormSaveNameWhoChangedTheRows(t *testing.T) {
	backends(t, func(t *testing.T, d *DB) {
		ctx := context.Background()
		seedLamps(t, d, 5)
		mark, err := d.ReadMark(ctx, domain.Lamps)
		if err != nil || len(mark.Assets) != 5 {
			t.Fatalf("read mark %v %v", mark, err)
		}
		lamp, _ := d.GetAssetByCode(ctx, domain.Lamps, "LD-002")
		stale := *lamp
		if _, err := d.UpdateAsset(ctx, lamp.ID, lamp.Version, domain.AssetUpdate{Fields: []string{"power_w"}, Values: domain.Asset{PowerW: 90}}); err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for id := range mark.Assets {
			ids = append(ids, id)
		}
		u := domain.AssetUpdate{Fields: []string{"power_w"}, Values: domain.Asset{PowerW: 40}, Seen: mark.Assets}
		_, err = d.UpdateAssets(ctx, ids, u)
		rows := domain.Conflicts(err)
		if len(rows) != 1 || rows[0].Code != "LD-002" || rows[0].Who != d.Who() ||
			len(rows[0].Diff) != 1 || rows[0].Diff[0] != (domain.FieldDiff{Field: "power_w", Mine: "40", Theirs: "90"}) {
			t.Fatalf("bulk edit: %v %+v", err, rows)
		}
		if !strings.Contains(domain.Message(i18n.EN, err), "LD-002: changed by "+d.Who()) {
			t.Errorf("message: %s", domain.Message(i18n.EN, err))
		}
		if got := lampPower(t, d, "LD-001"); got != 60 {
			t.Fatalf("the refused bulk edit wrote: %v", got)
		}
		u.Overwrite = true
		if n, err := d.UpdateAssets(ctx, ids, u); err != nil || n != 5 {
			t.Fatalf("overwrite: %d %v", n, err)
		}
		// The form opened before both edits.
		_, err = d.UpdateAsset(ctx, stale.ID, stale.Version, domain.AssetUpdate{Fields: []string{"power_w"}, Values: domain.Asset{PowerW: 75}})
		if domain.ErrorKind(err) != domain.KindConflict || !strings.Contains(domain.Message(i18n.EN, err), "was changed by someone else ("+d.Who()+", at ") {
			t.Fatalf("stale form save: %v", err)
		}
	})
}

// A project an import changes gets its own entry too: old → new of the changed fields.
func TestImportAuditsEachChangedProject(t *testing.T) {
	d := openTemp(t)
	seedUnits(t, d)
	ctx := context.Background()
	p := domain.Project{Code: "P1", Year: 2020, Name: "路灯维护", Unit: "局机关", Budget: 100000, FiscalBudget: 100000, Disclosed: true}
	if _, err := d.Import(ctx, &domain.Batch{Projects: []domain.Project{p}}); err != nil {
		t.Fatal(err)
	}
	sum, err := d.Import(ctx, &domain.Batch{Projects: []domain.Project{{Code: "P1", Year: 2020, Budget: 120000}},
		ProjectFields: []string{"code", "year", "budget"}, Source: "p.xlsx"})
	if err != nil || sum.Updated != 1 {
		t.Fatalf("%+v %v", sum, err)
	}
	stored, err := d.ListProjects(ctx, 2020)
	if err != nil || len(stored) != 1 {
		t.Fatal(err)
	}
	hist, err := d.AuditHistory(ctx, "projects", stored[0].ID, 10)
	if err != nil || len(hist) == 0 || hist[0].Action != "import" || !strings.HasPrefix(hist[0].Field, "budget") ||
		!strings.Contains(hist[0].Old, `"budget":"1000.00"`) || !strings.Contains(hist[0].New, `"budget":"1200.00"`) {
		t.Fatalf("history %+v %v", hist, err)
	}
}
