package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"cityledger/gui"
)

// RowTable is a table used as a list of rows, the way spreadsheets and file managers
// behave: a click selects a row, a double click or Enter opens it, the arrow keys move
// the selected row, Space toggles its mark, a right click opens its menu; a column
// widened by dragging its header's edge is reported, so it can be remembered.
type RowTable struct {
	widget.Table

	// OnOpen opens a row (double click, Enter); OnToggle toggles its mark (Space);
	// OnMenu shows its menu at the window position (right click); OnRow follows the
	// selected row. Any may be nil.
	OnOpen   func(row int)
	OnToggle func(row int)
	OnMenu   func(row int, at fyne.Position)
	OnRow    func(row int)
	// OnColumnResized is told a column's width after the person dragged it.
	OnColumnResized func(col int, width float32)

	row     int
	col     int
	headers map[fyne.CanvasObject]int
	widths  map[int]float32
}

// NewRowTable is a RowTable with a header row (create/update build its header cells).
func NewRowTable(length func() (int, int), create func() fyne.CanvasObject, update func(widget.TableCellID, fyne.CanvasObject),
	createHeader func() fyne.CanvasObject, updateHeader func(widget.TableCellID, fyne.CanvasObject)) *RowTable {
	t := &RowTable{row: -1, col: 1, headers: map[fyne.CanvasObject]int{}, widths: map[int]float32{}}
	t.Length, t.CreateCell, t.UpdateCell = length, create, update
	t.ShowHeaderRow = true
	t.CreateHeader = createHeader
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Row < 0 && id.Col >= 0 {
			t.headers[o] = id.Col
		}
		updateHeader(id, o)
	}
	t.OnSelected = func(id widget.TableCellID) {
		changed := id.Row != t.row
		t.row, t.col = id.Row, id.Col
		if changed {
			t.Refresh()
			if t.OnRow != nil {
				t.OnRow(id.Row)
			}
		}
	}
	t.ExtendBaseWidget(t)
	return t
}

// Row is the selected row, -1 when none.
func (t *RowTable) Row() int { return t.row }

// SelectRow selects row (keyboard, tests), scrolling it into view.
func (t *RowTable) SelectRow(row int) {
	rows, _ := t.Length()
	if row < 0 || row >= rows {
		return
	}
	t.Table.Select(widget.TableCellID{Row: row, Col: t.col})
}

// ClearRow forgets the selected row (the rows were reloaded).
func (t *RowTable) ClearRow() {
	t.row = -1
	t.Table.UnselectAll()
}

// SetColumnWidth sets a column's width and remembers it, so a drag is told apart.
// ColumnWidth is a column's width as last set or dragged (0 when never set).
func (t *RowTable) ColumnWidth(col int) float32 { return t.widths[col] }

func (t *RowTable) SetColumnWidth(col int, width float32) {
	t.widths[col] = width
	t.Table.SetColumnWidth(col, width)
}

// DoubleTapped opens the row under the pointer.
func (t *RowTable) DoubleTapped(e *fyne.PointEvent) {
	t.Table.Tapped(e)
	if t.row >= 0 && t.OnOpen != nil {
		t.OnOpen(t.row)
	}
}

// TappedSecondary selects the row under the pointer and opens its menu.
func (t *RowTable) TappedSecondary(e *fyne.PointEvent) {
	t.Table.Tapped(e)
	if t.row >= 0 && t.OnMenu != nil {
		t.OnMenu(t.row, e.AbsolutePosition)
	}
}

// TypedKey moves and acts on the selected row; other keys go to the table.
func (t *RowTable) TypedKey(ev *fyne.KeyEvent) {
	rows, _ := t.Length()
	page := int(t.Size().Height/(t.MinSize().Height+1)) + 10
	switch ev.Name {
	case fyne.KeyDown:
		t.SelectRow(min(t.row+1, rows-1))
	case fyne.KeyUp:
		t.SelectRow(max(t.row-1, 0))
	case fyne.KeyPageDown:
		t.SelectRow(min(t.row+page, rows-1))
	case fyne.KeyPageUp:
		t.SelectRow(max(t.row-page, 0))
	case fyne.KeyHome:
		t.SelectRow(0)
	case fyne.KeyEnd:
		t.SelectRow(rows - 1)
	case fyne.KeyReturn, fyne.KeyEnter:
		if t.row >= 0 && t.OnOpen != nil {
			t.OnOpen(t.row)
		}
	case fyne.KeySpace:
		if t.row >= 0 && t.OnToggle != nil {
			t.OnToggle(t.row)
		}
	default:
		t.Table.TypedKey(ev)
	}
}

// DragEnd tells OnColumnResized the widths the drag changed, read from the header cells
// laid out (Fyne keeps the widths to itself).
func (t *RowTable) DragEnd() {
	t.Table.DragEnd()
	if t.OnColumnResized == nil {
		return
	}
	for o, col := range t.headers {
		if !o.Visible() {
			continue
		}
		w := o.Size().Width
		if old, ok := t.widths[col]; w > 0 && (!ok || old-w > 0.5 || w-old > 0.5) {
			t.widths[col] = w
			t.OnColumnResized(col, w)
		}
	}
}

// KeyEntry is an entry of a dialog that hands Escape to the window (closing the
// dialog, asking first when it holds unsaved input) instead of swallowing it.
type KeyEntry struct {
	widget.Entry
	env *gui.Env
}

// NewKeyEntry is an empty KeyEntry; forms keep &e.Entry where they keep entries.
func NewKeyEntry(env *gui.Env) *KeyEntry {
	e := &KeyEntry{env: env}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey hands Escape on and types the rest.
func (e *KeyEntry) TypedKey(ev *fyne.KeyEvent) {
	if e.env.HandEntryKey(ev) {
		return
	}
	e.Entry.TypedKey(ev)
}

// FocusTarget is what takes the keyboard in a form item's widget: the entry inside a
// field with a unit suffix or a date picker, or the widget itself; nil when none does.
func FocusTarget(o fyne.CanvasObject) fyne.Focusable {
	switch x := o.(type) {
	case *DateEntry:
		return x.Entry
	case *fyne.Container:
		for _, c := range x.Objects {
			if f := FocusTarget(c); f != nil {
				return f
			}
		}
		return nil
	case fyne.Focusable:
		return x
	}
	return nil
}
