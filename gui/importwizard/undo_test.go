package importwizard

import (
	"strings"
	"testing"

	"cityledger/domain/i18n"
	"cityledger/gui"
	"cityledger/gui/guitest"
)

// An import is one change for Ctrl+Z: undone, the register is as before; Ctrl+Y brings
// the rows back.
func TestUndoAnImport(t *testing.T) {
	store := guitest.DemoStore(t)
	ui := newApp(t, store, i18n.ZH)
	before := lampCount(t, store)
	path := writeFile(t, "lamps.csv", header+
		"LD-9001,通电路灯,清香坪街,100,8,2020-05-01,3200,局机关,101.61,26.58,\n"+
		"LD-9003,太阳能路灯,清香坪街,60,6,2020-05-01,2800,环卫中心,101.63,26.58,\n")
	w := openOn(t, ui, path)
	guitest.Act(t, ui, func() { w.Next() })
	guitest.WaitIdle(t, ui)
	if got := lampCount(t, store); got != before+2 {
		t.Fatalf("lamps %d after the import, want %d", got, before+2)
	}
	guitest.Act(t, ui, func() { ui.Command(gui.CmdUndo) })
	guitest.WaitIdle(t, ui)
	if msg := ui.Env().LastMessage(); !strings.Contains(msg, "已撤销：导入 lamps.csv") {
		t.Fatalf("undo said %q", msg)
	}
	if got := lampCount(t, store); got != before {
		t.Fatalf("lamps %d after undoing the import, want %d", got, before)
	}
	guitest.Act(t, ui, func() { ui.Command(gui.CmdRedo) })
	guitest.WaitIdle(t, ui)
	if got := lampCount(t, store); got != before+2 {
		t.Fatalf("lamps %d after the redo, want %d", got, before+2)
	}
}
