package records

import (
	"context"
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"

	"cityledger/domain"
	"cityledger/domain/i18n"
	"cityledger/gui"
)

// The work types offered fit the class: no 燃料费 for a lamp; a vehicle has it.
func TestRecordFormOffersTheClassesWorkTypes(t *testing.T) {
	store, _ := openStore(t)
	seedUnits(t, store)
	ids := saveLamps(t, store, 1)
	ui := newTestApp(t, store, i18n.ZH)
	var lamp, vehicle *Form
	act(ui, func() {
		lamp = NewForm(ui.Env(), FormOptions{Class: domain.Lamps, AssetIDs: ids})
		vehicle = NewForm(ui.Env(), FormOptions{Class: domain.Vehicles, AssetIDs: ids})
	})
	if slices.Contains(lamp.WorkTypes(), "燃料费") || !slices.Contains(lamp.WorkTypes(), "电费") {
		t.Errorf("a lamp is offered %v", lamp.WorkTypes())
	}
	if !slices.Contains(vehicle.WorkTypes(), "燃料费") {
		t.Errorf("a vehicle is offered %v", vehicle.WorkTypes())
	}
	if len(lamp.workType.Options) != len(lamp.WorkTypes()) {
		t.Errorf("the list shows %d types for %d offered", len(lamp.workType.Options), len(lamp.WorkTypes()))
	}
}

// Escape on a record form with typed input asks first; Ctrl+S saves; the date reads
// as 2020/5/1.
func TestRecordFormKeys(t *testing.T) {
	store, _ := openStore(t)
	seedUnits(t, store)
	ids := saveLamps(t, store, 1)
	ui := newTestApp(t, store, i18n.ZH)
	var f *Form
	act(ui, func() {
		f = NewForm(ui.Env(), FormOptions{Class: domain.Lamps, AssetIDs: ids})
		f.Show()
	})
	waitIdle(t, ui)
	act(ui, func() { test.Type(f.cost, "88") })
	act(ui, func() { ui.Command(gui.CmdClose) })
	if !ui.Env().DialogOpen() {
		t.Fatal("Escape closed a form holding typed input without asking")
	}
	act(ui, func() { ui.Env().AnswerConfirm(false) })
	act(ui, func() {
		f.date.SetText("2020/5/1")
		f.workType.SetSelected("维修")
		f.quantity.SetText("1")
		ui.Command(gui.CmdSave)
	})
	waitIdle(t, ui)
	recs, err := store.FindRecords(context.Background(), domain.RecordFilter{AssetID: ids[0]})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || recs[0].Date != "2020-05-01" {
		t.Fatalf("records %+v (form says %q)", recs, f.errText.Text())
	}
}
