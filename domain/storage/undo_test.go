package storage

import (
	"context"
	"testing"

	"github.com/paulmach/orb"

	"cityledger/domain"
)

// change runs fn between two audit marks, as the desktop does, and returns the range.
func change(t *testing.T, d *DB, fn func() error) (int64, int64) {
	t.Helper()
	ctx := context.Background()
	before, err := d.AuditMark(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := fn(); err != nil {
		t.Fatal(err)
	}
	after, err := d.AuditMark(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after <= before {
		t.Fatal("the change wrote no audit entry")
	}
	return before, after
}

func mustGet(t *testing.T, d *DB, id int64) *domain.Asset {
	t.Helper()
	a, err := d.GetAsset(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestUndoEachKindOfChange(t *testing.T) { backends(t, testUndoEachKindOfChange) }

// Every kind of change the desktop makes is undone and redone through the audit
// history: an edit (geometry and attributes included), a retirement, a bulk edit, a
// deletion and an addition.
func testUndoEachKindOfChange(t *testing.T, d *DB) {
	seedUnits(t, d)
	ctx := context.Background()
	lamp := &domain.Asset{Class: domain.Lamps, Code: "LD-1", Unit: "局机关", Kind: "通电路灯", Status: domain.StatusInUse,
		Road: "清香坪街", PowerW: 60, StartDate: "2019-05-01", Geometry: orb.Point{101.7, 26.58}}
	other := &domain.Asset{Class: domain.Lamps, Code: "LD-2", Unit: "局机关", Kind: "通电路灯", Status: domain.StatusInUse, Road: "清香坪街"}
	for _, a := range []*domain.Asset{lamp, other} {
		if err := d.SaveAsset(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	undo := func(after, upto int64) domain.UndoResult {
		t.Helper()
		res, err := d.UndoChanges(ctx, after, upto)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}

	// An edit of road, power and position.
	from, to := change(t, d, func() error {
		_, err := d.UpdateAsset(ctx, lamp.ID, lamp.Version, domain.AssetUpdate{Fields: []string{"road", "power_w", domain.GeometryField},
			Values: domain.Asset{Road: "攀枝花大道", PowerW: 80, Geometry: orb.Point{101.8, 26.6}}})
		return err
	})
	res := undo(from, to)
	got := mustGet(t, d, lamp.ID)
	if got.Road != "清香坪街" || got.PowerW != 60 || !orb.Equal(got.Geometry, orb.Point{101.7, 26.58}) || res.Assets != 1 {
		t.Fatalf("after undoing the edit: road %q power %v geometry %v (%d assets)", got.Road, got.PowerW, got.Geometry, res.Assets)
	}
	undo(res.After, res.Upto) // redo
	if got := mustGet(t, d, lamp.ID); got.Road != "攀枝花大道" || got.PowerW != 80 {
		t.Fatalf("after redoing the edit: road %q power %v", got.Road, got.PowerW)
	}

	// A retirement.
	cur := mustGet(t, d, lamp.ID)
	from, to = change(t, d, func() error { return d.RetireAsset(ctx, lamp.ID, "2024-06-30", cur.Version) })
	undo(from, to)
	if got := mustGet(t, d, lamp.ID); got.Status != domain.StatusInUse || got.DisposalDate != "" {
		t.Fatalf("after undoing the retirement: %s %q", got.Status, got.DisposalDate)
	}

	// A bulk edit of both lamps.
	from, to = change(t, d, func() error {
		_, err := d.UpdateAssets(ctx, []int64{lamp.ID, other.ID}, domain.AssetUpdate{Fields: []string{"road"}, Values: domain.Asset{Road: "新路"}})
		return err
	})
	if res := undo(from, to); res.Assets != 2 {
		t.Fatalf("the bulk edit's undo put back %d assets, want 2", res.Assets)
	}
	if a, b := mustGet(t, d, lamp.ID), mustGet(t, d, other.ID); a.Road != "攀枝花大道" || b.Road != "清香坪街" {
		t.Fatalf("after undoing the bulk edit: %q, %q", a.Road, b.Road)
	}

	// A deletion: the asset comes back with its ID, geometry and all.
	cur = mustGet(t, d, other.ID)
	from, to = change(t, d, func() error { return d.DeleteAsset(ctx, other.ID, cur.Version) })
	res = undo(from, to)
	if got := mustGet(t, d, other.ID); got.Code != "LD-2" || got.Road != "清香坪街" {
		t.Fatalf("after undoing the deletion: %+v", got)
	}
	undo(res.After, res.Upto) // redo: deleted again
	if _, err := d.GetAsset(ctx, other.ID); domain.ErrorKind(err) != domain.KindNotFound {
		t.Fatalf("after redoing the deletion: %v", err)
	}

	// An addition.
	added := &domain.Asset{Class: domain.Lamps, Code: "LD-3", Unit: "局机关", Kind: "通电路灯", Status: domain.StatusInUse}
	from, to = change(t, d, func() error { return d.SaveAsset(ctx, added) })
	undo(from, to)
	if _, err := d.GetAsset(ctx, added.ID); domain.ErrorKind(err) != domain.KindNotFound {
		t.Fatalf("after undoing the addition: %v", err)
	}

	// The undo is itself in the history.
	hist, err := d.AuditHistory(ctx, domain.AuditAssets, lamp.ID, 100)
	if err != nil {
		t.Fatal(err)
	}
	undos := 0
	for _, e := range hist {
		if e.Action == "undo" {
			undos++
		}
	}
	if undos == 0 {
		t.Fatal("no undo entry in the asset's history")
	}
}

func TestUndoRefusesLaterChangesAndClosedYears(t *testing.T) {
	backends(t, testUndoRefusesLaterChangesAndClosedYears)
}

// An undo does not overwrite a change made after it, and a closed year's guard holds.
func testUndoRefusesLaterChangesAndClosedYears(t *testing.T, d *DB) {
	seedUnits(t, d)
	ctx := context.Background()
	lamp := &domain.Asset{Class: domain.Lamps, Code: "LD-1", Unit: "局机关", Kind: "通电路灯", Status: domain.StatusInUse, Road: "甲"}
	if err := d.SaveAsset(ctx, lamp); err != nil {
		t.Fatal(err)
	}
	from, to := change(t, d, func() error {
		_, err := d.UpdateAsset(ctx, lamp.ID, lamp.Version, domain.AssetUpdate{Fields: []string{"road"}, Values: domain.Asset{Road: "乙"}})
		return err
	})
	later := mustGet(t, d, lamp.ID)
	if _, err := d.UpdateAsset(ctx, lamp.ID, later.Version, domain.AssetUpdate{Fields: []string{"road"}, Values: domain.Asset{Road: "丙"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.UndoChanges(ctx, from, to); domain.ErrorKind(err) != domain.KindConflict {
		t.Fatalf("undo over a later change: %v, want a conflict", err)
	}
	if got := mustGet(t, d, lamp.ID); got.Road != "丙" {
		t.Fatalf("the refused undo changed the road to %q", got.Road)
	}

	// Retired in 2020, then 2020 is closed: the retirement may not be undone.
	cur := mustGet(t, d, lamp.ID)
	from, to = change(t, d, func() error { return d.RetireAsset(ctx, lamp.ID, "2020-06-30", cur.Version) })
	if err := d.CloseYear(ctx, 2020, []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	if _, err := d.UndoChanges(ctx, from, to); err == nil {
		t.Fatal("an undo changed a date in a closed year")
	}
	if got := mustGet(t, d, lamp.ID); got.Status != domain.StatusDisposed {
		t.Fatalf("the refused undo changed the status to %s", got.Status)
	}
}

func TestUndoImport(t *testing.T) { backends(t, testUndoImport) }

// An import is undone as one change: the assets it added go, the ones it changed get
// their rows back; a redo brings the import back.
func testUndoImport(t *testing.T, d *DB) {
	seedUnits(t, d)
	ctx := context.Background()
	old := &domain.Asset{Class: domain.Lamps, Code: "L0", Unit: "局机关", Kind: "通电路灯", Status: domain.StatusInUse, Road: "旧路"}
	if err := d.SaveAsset(ctx, old); err != nil {
		t.Fatal(err)
	}
	b := &domain.Batch{}
	for i := 0; i < 1200; i++ {
		b.Assets = append(b.Assets, domain.Asset{Class: domain.Lamps, Code: "L" + itoa(int64(i)), Unit: "局机关", Kind: "通电路灯", Road: "新路",
			Geometry: orb.Point{101.6 + float64(i)*1e-5, 26.6}})
	}
	from, to := change(t, d, func() error { _, err := d.Import(ctx, b); return err })
	res, err := d.UndoChanges(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	if res.Assets != 1200 {
		t.Fatalf("the import's undo put back %d assets, want 1200", res.Assets)
	}
	tot, err := d.CountAssets(ctx, domain.AssetFilter{Class: domain.Lamps})
	if err != nil {
		t.Fatal(err)
	}
	if tot.Count != 1 {
		t.Fatalf("%d lamps after undoing the import, want the 1 from before", tot.Count)
	}
	if got := mustGet(t, d, old.ID); got.Road != "旧路" || got.Geometry != nil {
		t.Fatalf("the lamp the import changed reads %q %v", got.Road, got.Geometry)
	}
	if _, err := d.UndoChanges(ctx, res.After, res.Upto); err != nil {
		t.Fatal(err)
	}
	if tot, _ := d.CountAssets(ctx, domain.AssetFilter{Class: domain.Lamps}); tot.Count != 1200 {
		t.Fatalf("%d lamps after the redo, want 1200", tot.Count)
	}
}
