package registers

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"cityledger/domain"
	"cityledger/domain/i18n"
	"cityledger/gui"
)

func key(name fyne.KeyName) *fyne.KeyEvent { return &fyne.KeyEvent{Name: name} }

// A click selects a row without opening it; Enter or a double click opens it; the arrow
// keys move the selection; Space marks a row; Escape closes the detail.
func TestRegisterKeyboardAndClicks(t *testing.T) {
	store, _ := openStore(t)
	seedUnits(t, store)
	saveLamps(t, store, 3)
	ui := newTestApp(t, store, i18n.ZH)
	reg := showRegister(t, ui, domain.Lamps)

	act(ui, func() { reg.table.Select(widget.TableCellID{Row: 0, Col: 2}) })
	waitIdle(t, ui)
	if reg.detail != nil || ui.Env().DialogOpen() {
		t.Fatal("a single click opened the asset")
	}
	if reg.table.Row() != 0 {
		t.Fatalf("selected row %d, want 0", reg.table.Row())
	}
	act(ui, func() {
		reg.table.TypedKey(key(fyne.KeyDown))
		reg.table.TypedKey(key(fyne.KeyDown))
		reg.table.TypedKey(key(fyne.KeyDown)) // past the last row: stays
		reg.table.TypedKey(key(fyne.KeyUp))
	})
	if reg.table.Row() != 1 {
		t.Fatalf("after down, down, down, up the row is %d, want 1", reg.table.Row())
	}
	act(ui, func() { reg.table.TypedKey(key(fyne.KeySpace)) })
	if len(reg.selected) != 1 {
		t.Fatalf("Space marked %d rows, want 1", len(reg.selected))
	}
	act(ui, func() { reg.table.TypedKey(key(fyne.KeySpace)) })
	if len(reg.selected) != 0 {
		t.Fatal("Space again did not unmark the row")
	}
	act(ui, func() { reg.table.TypedKey(key(fyne.KeyReturn)) })
	waitIdle(t, ui)
	if reg.detail == nil || reg.detail.Asset() == nil || reg.detail.Asset().Code != "LD-2" {
		t.Fatal("Enter did not open the selected row LD-2")
	}
	act(ui, func() { ui.Window().Canvas().OnTypedKey()(key(fyne.KeyEscape)) })
	if ui.Env().DialogOpen() {
		t.Fatal("Escape left the detail open")
	}
	reg.detail = nil
	act(ui, func() { test.DoubleTap(reg.table) })
	waitIdle(t, ui)
	if reg.detail == nil {
		t.Fatal("a double click did not open the row")
	}
	act(ui, func() { ui.Command(gui.CmdClose) })
	if ui.Env().DialogOpen() {
		t.Fatal("Ctrl+W left the detail open")
	}
}

// Ctrl+F focuses the search, Ctrl+N opens a new form, Escape on it with typed input asks
// before discarding (the safe answer highlighted), Ctrl+S saves it.
func TestRegisterShortcutsAndUnsavedForm(t *testing.T) {
	store, _ := openStore(t)
	seedUnits(t, store)
	ui := newTestApp(t, store, i18n.ZH)
	reg := showRegister(t, ui, domain.Lamps)

	act(ui, func() { ui.Command(gui.CmdFind) })
	if ui.Window().Canvas().Focused() != reg.search {
		t.Fatal("Ctrl+F did not focus the search box")
	}
	act(ui, func() { ui.Command(gui.CmdNew) })
	f := reg.form
	if f == nil || !ui.Env().DialogOpen() {
		t.Fatal("Ctrl+N opened no form")
	}
	// Escape on an untouched form closes it at once.
	act(ui, func() { ui.Command(gui.CmdClose) })
	if ui.Env().DialogOpen() {
		t.Fatal("Escape did not close an untouched form")
	}
	act(ui, func() { ui.Command(gui.CmdNew) })
	f = reg.form
	act(ui, func() {
		test.Type(f.entries["code"], "LD-77")
		// Escape typed in the entry reaches the form.
		f.entries["code"].FocusGained()
		ui.Window().Canvas().Focus(f.entries["code"])
	})
	act(ui, func() { ui.Command(gui.CmdClose) })
	if !ui.Env().DialogOpen() || !f.Dirty() {
		t.Fatal("Escape closed a form holding typed input without asking")
	}
	safe, danger := ui.Env().ConfirmButtons()
	if safe.Importance != widget.HighImportance || danger.Importance == widget.HighImportance {
		t.Fatalf("the discard question highlights %v / %v: the safe button must be the default", safe.Importance, danger.Importance)
	}
	act(ui, func() { ui.Env().AnswerConfirm(false) })
	if !ui.Env().DialogOpen() {
		t.Fatal("answering Cancel closed the form")
	}
	act(ui, func() {
		f.selects["type"].SetSelected("太阳能路灯")
		f.selects["unit"].SetSelected("局机关")
		ui.Command(gui.CmdSave)
	})
	waitIdle(t, ui)
	if p := f.Problem(); p != "" {
		t.Fatalf("Ctrl+S: %s", p)
	}
	if _, err := store.GetAssetByCode(context.Background(), domain.Lamps, "LD-77"); err != nil {
		t.Fatalf("Ctrl+S did not save: %v", err)
	}
	if ui.Env().DialogOpen() {
		t.Fatal("the saved form stayed open")
	}
}

// A form marks the fields in error and scrolls to the first; dates read in the common forms.
func TestFormMarksErrorsAndReadsDates(t *testing.T) {
	store, _ := openStore(t)
	seedUnits(t, store)
	ui := newTestApp(t, store, i18n.ZH)
	reg := showRegister(t, ui, domain.Lamps)
	act(ui, func() { reg.onAdd() })
	f := reg.form
	act(ui, func() {
		test.Type(f.entries["code"], "LD-5")
		f.selects["type"].SetSelected("太阳能路灯")
		f.selects["unit"].SetSelected("局机关")
		test.Type(f.entries["start_date"], "2020年3月15日")
		test.Type(f.entries["power_w"], "六十")
		f.onSave()
	})
	waitIdle(t, ui)
	if f.firstError != "power_w" {
		t.Fatalf("the form scrolled to %q, want power_w", f.firstError)
	}
	act(ui, func() {
		f.entries["power_w"].SetText("60")
		f.onSave()
	})
	waitIdle(t, ui)
	a, err := store.GetAssetByCode(context.Background(), domain.Lamps, "LD-5")
	if err != nil {
		t.Fatalf("%v (%s)", err, f.Problem())
	}
	if a.StartDate != "2020-03-15" {
		t.Fatalf("start date %q, want 2020-03-15", a.StartDate)
	}
}

// A register's sort and dragged column widths are kept for the next start.
func TestRegisterViewIsRemembered(t *testing.T) {
	store, _ := openStore(t)
	seedUnits(t, store)
	saveLamps(t, store, 3)
	ui := newTestApp(t, store, i18n.ZH)
	reg := showRegister(t, ui, domain.Lamps)
	road := colIndex(t, reg, "road")
	act(ui, func() {
		reg.onSort(reg.cols[road-1])
		reg.onSort(reg.cols[road-1]) // descending
		reg.onColumnResized(road, 240)
	})
	waitIdle(t, ui)
	var again *register
	act(ui, func() { again = newRegister(ui.Env(), domain.Lamps) })
	if again.filter.SortBy != "road" || !again.filter.Desc {
		t.Errorf("sort %q desc %v, want road descending", again.filter.SortBy, again.filter.Desc)
	}
	if w := again.table.ColumnWidth(road); w != 240 {
		t.Errorf("road column %v wide, want 240", w)
	}
}
