package registers

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"cityledger/domain"
	"cityledger/domain/i18n"
	"cityledger/gui"
	"cityledger/gui/widgets"
)

// Ctrl+Z takes back each kind of change made in the window, newest first, with a message
// naming it; Ctrl+Y makes it again.
func TestUndoEachKindOfChangeFromTheWindow(t *testing.T) {
	store, _ := openStore(t)
	seedUnits(t, store)
	ctx := context.Background()
	ids := saveLamps(t, store, 2)
	ui := newTestApp(t, store, i18n.ZH)
	env := ui.Env()
	reg := showRegister(t, ui, domain.Lamps)
	get := func(id int64) *domain.Asset {
		t.Helper()
		a, err := store.GetAsset(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	undo := func(want string) {
		t.Helper()
		act(ui, func() { ui.Command(gui.CmdUndo) })
		waitIdle(t, ui)
		if msg := env.LastMessage(); !strings.Contains(msg, want) {
			t.Fatalf("undo said %q, want it to name %q", msg, want)
		}
	}

	// Ctrl+Z with nothing done says so.
	undo("没有可撤销")

	// An edit through the form.
	act(ui, func() { reg.onEditAsset(ids[0]) })
	waitIdle(t, ui)
	act(ui, func() {
		reg.form.entries["road"].SetText("攀枝花大道")
		ui.Command(gui.CmdSave)
	})
	waitIdle(t, ui)
	if get(ids[0]).Road != "攀枝花大道" {
		t.Fatal("the edit was not saved")
	}
	undo("已撤销：编辑路灯 LD-1")
	if r := get(ids[0]).Road; r != "" {
		t.Fatalf("road %q after the undo, want it empty again", r)
	}
	act(ui, func() { ui.Command(gui.CmdRedo) })
	waitIdle(t, ui)
	if get(ids[0]).Road != "攀枝花大道" {
		t.Fatal("Ctrl+Y did not redo the edit")
	}

	// A retirement.
	act(ui, func() { reg.onRetireAsset(ids[1]) })
	waitIdle(t, ui)
	act(ui, func() { ui.Command(gui.CmdSave) }) // the retire dialog's Retire
	waitIdle(t, ui)
	if get(ids[1]).Status != domain.StatusDisposed {
		t.Fatal("the lamp was not retired")
	}
	undo("处置路灯 LD-2")
	if get(ids[1]).Status != domain.StatusInUse {
		t.Fatal("the retirement was not undone")
	}

	// A bulk edit.
	act(ui, func() {
		for _, id := range ids {
			reg.setSelected(id, true)
		}
		reg.onBulkEdit()
		b := reg.bulk
		b.field.SetSelected(widgets.FieldName(env, "road"))
		test.Type(b.entries["road"], "新路")
		test.Tap(b.applyBtn)
	})
	waitIdle(t, ui)
	undo("批量修改 2 项路灯")
	if get(ids[0]).Road != "攀枝花大道" || get(ids[1]).Road != "" {
		t.Fatal("the bulk edit was not undone")
	}

	// A deletion from the detail.
	act(ui, func() { reg.onDetail(ids[1]) })
	waitIdle(t, ui)
	act(ui, func() { reg.detail.onDelete() })
	waitIdle(t, ui)
	act(ui, func() { env.AnswerConfirm(true) })
	waitIdle(t, ui)
	if _, err := store.GetAsset(ctx, ids[1]); domain.ErrorKind(err) != domain.KindNotFound {
		t.Fatal("the lamp was not deleted")
	}
	undo("删除路灯 LD-2")
	if get(ids[1]).Code != "LD-2" {
		t.Fatal("the deletion was not undone")
	}
}

// Confirmations make the safe answer the default: Delete is red, Cancel highlighted.
func TestDeleteConfirmationDefaultsToCancel(t *testing.T) {
	store, _ := openStore(t)
	seedUnits(t, store)
	ids := saveLamps(t, store, 1)
	ui := newTestApp(t, store, i18n.EN)
	reg := showRegister(t, ui, domain.Lamps)
	act(ui, func() { reg.onDetail(ids[0]) })
	waitIdle(t, ui)
	act(ui, func() { reg.detail.onDelete() })
	waitIdle(t, ui)
	safe, danger := ui.Env().ConfirmButtons()
	if safe.Text != "Cancel" || safe.Importance != widget.HighImportance || danger.Importance != widget.DangerImportance {
		t.Fatalf("buttons %q (%v) and %q (%v)", safe.Text, safe.Importance, danger.Text, danger.Importance)
	}
	// Enter (nothing focused) answers with the safe button.
	act(ui, func() { ui.TypedKey(key("Return")) })
	waitIdle(t, ui)
	if _, err := ui.Env().Store().GetAsset(context.Background(), ids[0]); err != nil {
		t.Fatal("Enter on the delete question deleted the asset")
	}
}
