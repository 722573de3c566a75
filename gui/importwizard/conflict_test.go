package importwizard

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"cityledger/domain"
	"cityledger/domain/i18n"
	"cityledger/gui/guitest"
)

// Issue 16: rows someone else changed between the wizard's preview and its import stop
// the import, which names them and asks; confirmed, the file's values replace theirs.
func TestImportAfterSomeoneElseChangedTheRowsAsks(t *testing.T) {
	store := guitest.TempStore(t)
	guitest.SeedUnits(t, store)
	ctx := context.Background()
	batch := func(power float64) *domain.Batch {
		b := &domain.Batch{Source: "other.xlsx", AssetFields: map[domain.Class][]string{domain.Lamps: {"code", "power_w"}}}
		for _, code := range []string{"LD-1", "LD-2"} {
			b.Assets = append(b.Assets, domain.Asset{Class: domain.Lamps, Code: code, PowerW: power, Unit: "局机关", Kind: "通电路灯"})
		}
		return b
	}
	seed := batch(60)
	seed.AssetFields = nil
	if _, err := store.Import(ctx, seed); err != nil {
		t.Fatal(err)
	}
	ui := newApp(t, store, i18n.EN)
	w := openOn(t, ui, writeFile(t, "lamps.csv", "code,power_w\nLD-1,70\nLD-2,70\n"))
	// Someone else imports other values meanwhile.
	if _, err := store.Import(ctx, batch(80)); err != nil {
		t.Fatal(err)
	}
	guitest.Act(t, ui, func() { w.Next() })
	guitest.WaitIdle(t, ui)
	power := func() float64 {
		a, err := store.GetAssetByCode(ctx, domain.Lamps, "LD-1")
		if err != nil {
			t.Fatal(err)
		}
		return a.PowerW
	}
	if got := power(); got != 80 {
		t.Fatalf("the import overwrote without asking: %v", got)
	}
	var question string
	var overwrite *widget.Button
	guitest.Act(t, ui, func() {
		for _, o := range test.LaidOutObjects(ui.Window().Canvas().Overlays().Top()) {
			switch o := o.(type) {
			case *widget.Label:
				question += o.Text
			case *widget.Button:
				if o.Text == ui.Env().T("access2.wizard.overwrite") {
					overwrite = o
				}
			}
		}
	})
	if overwrite == nil || !strings.Contains(question, "row 2, LD-1") || !strings.Contains(question, `yours "70", current "80"`) {
		t.Fatalf("the question: %q (overwrite button %v)", question, overwrite != nil)
	}
	guitest.Act(t, ui, func() { test.Tap(overwrite) })
	guitest.WaitIdle(t, ui)
	if got := power(); got != 70 || w.step != stepSummary {
		t.Fatalf("after confirming: power %v, step %d", got, w.step)
	}
}
