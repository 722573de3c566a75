package storage

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"cityledger/domain"
)

// Eight editors each make 1,000 increments to shared assets, reloading after every
// conflict. No increment may be lost, none may deadlock, and every refused save must
// be reported as a conflict.
func TestConcurrentEditsLoseNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	backends(t, testConcurrentEdits)
}

func testConcurrentEdits(t *testing.T, d *DB) {
	seedUnits(t, d)
	ctx := context.Background()
	const editors, edits, shared = 8, 1000, 4
	ids := make([]int64, shared)
	for i := range ids {
		a := &domain.Asset{Class: domain.Lamps, Code: "C" + itoa(int64(i)), Unit: "局机关", Kind: "通电路灯"}
		if err := d.SaveAsset(ctx, a); err != nil {
			t.Fatal(err)
		}
		ids[i] = a.ID
	}
	var conflicts, saved atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, editors)
	for g := 0; g < editors; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			id := ids[g%shared]
			for n := 0; n < edits; {
				a, err := d.GetAsset(ctx, id)
				if err != nil {
					errs <- err
					return
				}
				a.PowerW++ // the counter: a lost update would show as a smaller total
				err = d.SaveAsset(ctx, a)
				switch {
				case err == nil:
					saved.Add(1)
					n++
				case domain.ErrorKind(err) == domain.KindConflict:
					conflicts.Add(1)
				default:
					errs <- err
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	var total float64
	for _, id := range ids {
		a, _ := d.GetAsset(ctx, id)
		total += a.PowerW
		if want := int64(a.PowerW) + 1; a.Version != want {
			t.Errorf("asset %d: version %d after %v increments", id, a.Version, a.PowerW)
		}
	}
	if total != editors*edits || saved.Load() != editors*edits {
		t.Fatalf("total %v, saved %d, want %d", total, saved.Load(), editors*edits)
	}
	t.Logf("%s: %d saves, %d conflicts reported and retried", d.Describe(), saved.Load(), conflicts.Load())
}

// A second CityLedger on the same file opens it read-only and says why on a write.
func TestSecondWriterOpensReadOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.db")
	ctx := context.Background()
	first, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	second, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	if first.ReadOnly() || !second.ReadOnly() {
		t.Fatalf("read-only: first %v, second %v", first.ReadOnly(), second.ReadOnly())
	}
	err = second.SaveUnit(ctx, &domain.Unit{Name: "x", ShortName: "x"})
	var de *domain.Error
	if !errors.As(err, &de) || de.Code != "err.read_only" {
		t.Fatalf("write on read-only store: %v", err)
	}
	if _, err := second.ListUnits(ctx); err != nil {
		t.Fatalf("reads must work: %v", err)
	}
	first.Close()
	third, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer third.Close()
	if third.ReadOnly() {
		t.Fatal("lock not released on Close")
	}
	_ = os.Remove(path + ".lock")
}
