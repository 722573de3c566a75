package importwizard

import (
	"sort"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"cityledger/domain"
	"cityledger/domain/exchange"
	"cityledger/gui"
)

// The first two choices of a field's column select; the file's columns follow.
const (
	choiceNone  = 0 // the field is not imported
	choiceFixed = 1 // every row gets the value typed beside it (--set)
	choiceFirst = 2
)

// maxValuesListed caps the unrecognised values listed per field.
const maxValuesListed = 30

// mappingPage is step 2: a select per field naming its column (or a fixed value),
// and for enumerated fields a select per unrecognised source value naming the allowed
// value it stands for.
type mappingPage struct {
	w       *Wizard
	content fyne.CanvasObject

	table  *exchange.Table
	fields []exchange.Field
	// headerRow chooses the row that holds the headers among the file's first rows;
	// headerRows are their numbers, in its order.
	headerRow  *widget.Select
	headerRows []int
	headerNote *widget.Label
	columns    map[string]*widget.Select
	fixed      map[string]*widget.Entry
	samples    map[string]*widget.Label
	geom       *widget.Select // nil when the kind has no geometry or the format carries it

	columnsBox *fyne.Container
	valuesBox  *fyne.Container
	unused     *widget.Label
	// values are the chosen value mappings: field → source value → allowed value.
	values map[string]map[string]string
}

func newMappingPage(w *Wizard) *mappingPage {
	env := w.env
	p := &mappingPage{w: w, fields: w.layout.Fields, values: map[string]map[string]string{}}
	p.columnsBox = container.NewVBox()
	p.headerRow = env.NewSelect(nil, func(string) { p.onHeaderRow() })
	p.headerNote = widget.NewLabel("")
	p.headerNote.Wrapping = fyne.TextWrapWord
	p.valuesBox = container.NewVBox()
	p.unused = widget.NewLabel("")
	p.unused.Wrapping = fyne.TextWrapWord
	intro := widget.NewLabel(env.T("gui.wizard.columns_intro", map[string]any{"Kind": kindName(env, w.layout)}))
	intro.Wrapping = fyne.TextWrapWord
	valuesIntro := widget.NewLabel(env.T("gui.wizard.values_intro"))
	valuesIntro.Wrapping = fyne.TextWrapWord
	headerBox := container.NewBorder(nil, nil, widget.NewLabel(env.T("gui.wizard.header_row")), nil, p.headerRow)
	columns := widget.NewCard(env.T("gui.wizard.columns"), "", container.NewVBox(headerBox, p.headerNote, intro, p.columnsBox, p.unused))
	values := widget.NewCard(env.T("gui.wizard.values"), "", container.NewVBox(valuesIntro, p.valuesBox))
	p.content = container.NewVScroll(container.NewVBox(columns, values))
	return p
}

// columnChoices are a column select's options: none, fixed, then the file's columns.
func (p *mappingPage) columnChoices() []string {
	env := p.w.env
	out := []string{env.T("gui.wizard.not_imported"), env.T("gui.wizard.fixed")}
	seen := map[string]bool{}
	for i, h := range p.table.Header {
		label := strings.TrimSpace(h)
		if label == "" || seen[label] {
			label = env.T("gui.wizard.column_n", map[string]any{"N": i + 1, "Header": label})
		}
		seen[label] = true
		out = append(out, label)
	}
	return out
}

// headerCandidates is how many of the file's first rows the header choice offers.
const headerCandidates = 15

// refreshHeaderRow lists the first rows as header candidates, the one in use chosen,
// and says which rows above it are left out.
func (p *mappingPage) refreshHeaderRow() {
	env := p.w.env
	t := p.table
	var opts []string
	p.headerRows = nil
	for _, r := range t.Candidates(headerCandidates) {
		var cells []string
		for _, c := range r.Cells {
			if c = strings.TrimSpace(c); c != "" {
				cells = append(cells, c)
			}
			if len(cells) == 6 {
				cells = append(cells, "…")
				break
			}
		}
		opts = append(opts, env.T("gui.wizard.header_option", map[string]any{"Row": r.Num, "Cells": strings.Join(cells, " | ")}))
		p.headerRows = append(p.headerRows, r.Num)
	}
	changed := p.headerRow.OnChanged
	p.headerRow.OnChanged = nil
	p.headerRow.Options = opts
	for i, n := range p.headerRows {
		if n == t.HeaderNum {
			p.headerRow.SetSelectedIndex(i)
		}
	}
	p.headerRow.OnChanged = changed
	if t.HeaderNum == 0 {
		p.headerRow.Disable()
	} else {
		p.headerRow.Enable()
	}
	note := ""
	if above := t.RowsAboveHeader(); len(above) > 0 {
		note = env.T("gui.wizard.header_skipped", map[string]any{"Row": t.HeaderNum, "N": len(above)})
	}
	p.headerNote.SetText(note)
	if note == "" {
		p.headerNote.Hide()
	} else {
		p.headerNote.Show()
	}
}

// onHeaderRow makes the chosen row the header and proposes the mapping again.
func (p *mappingPage) onHeaderRow() {
	i := p.headerRow.SelectedIndex()
	if p.table == nil || i < 0 || i >= len(p.headerRows) || p.headerRows[i] == p.table.HeaderNum {
		return
	}
	p.table.UseHeaderRow(p.headerRows[i])
	p.reset(p.table)
}

// SetHeaderRow chooses the sheet row that holds the headers (tests drive it).
func (p *mappingPage) SetHeaderRow(num int) {
	for i, n := range p.headerRows {
		if n == num {
			p.headerRow.SetSelectedIndex(i)
		}
	}
}

// reset proposes the automatic mapping of exchange.NewMapping for a newly read table.
func (p *mappingPage) reset(t *exchange.Table) {
	env := p.w.env
	p.table = t
	p.refreshHeaderRow()
	p.values = map[string]map[string]string{}
	p.columns = map[string]*widget.Select{}
	p.fixed = map[string]*widget.Entry{}
	p.samples = map[string]*widget.Label{}
	p.geom = nil
	auto, err := exchange.NewMapping(p.w.layout, t.Header, exchange.Options{})
	if err != nil {
		auto = &exchange.Mapping{Columns: map[string]int{}, Geometry: -1}
	}
	choices := p.columnChoices()
	p.columnsBox.RemoveAll()
	p.columnsBox.Add(container.NewGridWithColumns(3,
		bold(env.T("gui.wizard.field")), bold(env.T("gui.wizard.column")), bold(env.T("gui.wizard.sample"))))
	for _, f := range p.fields {
		sel := widget.NewSelect(choices, nil)
		fixed := widget.NewEntry()
		fixed.SetPlaceHolder(env.T("gui.wizard.fixed_hint"))
		fixed.Hide()
		sample := widget.NewLabel("")
		sample.Truncation = fyne.TextTruncateEllipsis
		sample.Importance = widget.LowImportance
		p.columns[f.Key], p.fixed[f.Key], p.samples[f.Key] = sel, fixed, sample
		if col, ok := auto.Columns[f.Key]; ok {
			sel.SetSelectedIndex(col + choiceFirst)
		} else {
			sel.SetSelectedIndex(choiceNone)
		}
		key := f.Key
		sel.OnChanged = func(string) { p.onColumn(key) }
		fixed.OnChanged = func(string) { p.refreshValues() }
		label := fieldTitle(env, f)
		if f.Required {
			label += " *"
		}
		name := widget.NewLabel(label)
		if f.Required {
			name.TextStyle.Bold = true
		}
		p.columnsBox.Add(container.NewGridWithColumns(3, name, container.NewBorder(nil, nil, nil, fixed, sel), sample))
		p.refreshSample(f.Key)
	}
	if p.w.layout.Geometric() && !formatCarriesGeometry(t) {
		p.geom = widget.NewSelect(append([]string{env.T("gui.wizard.not_imported")}, choices[choiceFirst:]...), nil)
		if auto.Geometry >= 0 {
			p.geom.SetSelectedIndex(auto.Geometry + 1)
		} else {
			p.geom.SetSelectedIndex(0)
		}
		p.geom.OnChanged = func(string) { p.refreshUnused() }
		p.columnsBox.Add(container.NewGridWithColumns(3, widget.NewLabel(env.T("gui.wizard.geometry")), p.geom,
			lowLabel(env.T("gui.wizard.geometry_hint"))))
	}
	p.refreshUnused()
	p.refreshValues()
}

// fieldTitle is a column's field as the wizard names it: its declared label in the app's
// language, with its unit.
func fieldTitle(env *gui.Env, f exchange.Field) string {
	if f.Decl != nil {
		s := f.Decl.Name(env.Lang)
		if f.Decl.Unit != "" {
			s += " (" + f.Decl.Unit + ")"
		}
		return s
	}
	return domain.FieldName(env.Lang, f.Key)
}

// formatCarriesGeometry reports whether the file's rows bring their own geometry
// (GeoJSON, Shapefile): then no WKT column is needed.
func formatCarriesGeometry(t *exchange.Table) bool {
	return t.Format == "geojson" || t.Format == "shapefile"
}

func bold(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

func lowLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Importance = widget.LowImportance
	l.Wrapping = fyne.TextWrapWord
	return l
}

func (p *mappingPage) onColumn(key string) {
	if p.columns[key].SelectedIndex() == choiceFixed {
		p.fixed[key].Show()
	} else {
		p.fixed[key].Hide()
	}
	p.refreshSample(key)
	p.refreshUnused()
	p.refreshValues()
}

// column is the file column the field reads, -1 for none or a fixed value.
func (p *mappingPage) column(key string) int {
	sel := p.columns[key]
	if sel == nil || sel.SelectedIndex() < choiceFirst {
		return -1
	}
	return sel.SelectedIndex() - choiceFirst
}

func (p *mappingPage) geometryColumn() int {
	if p.geom == nil || p.geom.SelectedIndex() < 1 {
		return -1
	}
	return p.geom.SelectedIndex() - 1
}

// refreshSample shows the first non-empty value of the field's column.
func (p *mappingPage) refreshSample(key string) {
	l := p.samples[key]
	col := p.column(key)
	text := ""
	if col >= 0 {
		for i := range p.table.Rows {
			if i == 50 {
				break
			}
			if v := strings.TrimSpace(p.table.Rows[i].Cell(col)); v != "" {
				text = p.w.env.T("gui.wizard.sample_value", map[string]any{"Value": v})
				break
			}
		}
	}
	l.SetText(text)
}

func (p *mappingPage) refreshUnused() {
	used := map[int]bool{}
	for _, f := range p.fields {
		if c := p.column(f.Key); c >= 0 {
			used[c] = true
		}
	}
	if g := p.geometryColumn(); g >= 0 {
		used[g] = true
	}
	var unused []string
	for i, h := range p.table.Header {
		if !used[i] && strings.TrimSpace(h) != "" {
			unused = append(unused, h)
		}
	}
	if len(unused) == 0 {
		p.unused.SetText("")
		p.unused.Hide()
		return
	}
	text := p.w.env.T("exchange.cli.unused_columns", map[string]any{"Columns": exchange.ColumnList(p.w.env.Lang, unused)})
	// Suggest the closest field for each unknown header, as ledgerctl does.
	if m, err := exchange.NewMapping(p.w.layout, p.table.Header, exchange.Options{}); err == nil {
		for _, col := range unused {
			if f, ok := m.Suggestions[col]; ok {
				fd, _ := p.w.layout.Field(f)
				text += "\n" + p.w.env.T("gui.wizard.suggest", map[string]any{"Column": col, "Field": fieldTitle(p.w.env, fd)})
			}
		}
	}
	p.unused.SetText(text)
	p.unused.Show()
}

// badValue is a source value of an enumerated field that does not validate as it is.
type badValue struct {
	value string
	rows  int
}

// unrecognised lists the distinct values of the field's column that are none of its
// allowed values (nor their English renderings), most frequent first.
func (p *mappingPage) unrecognised(f exchange.Field) (list []badValue, more int) {
	col := p.column(f.Key)
	if col < 0 || len(f.Allowed) == 0 {
		return nil, 0
	}
	counts := map[string]int{}
	known := map[string]bool{}
	for i := range p.table.Rows {
		v := strings.TrimSpace(p.table.Rows[i].Cell(col))
		if v == "" {
			continue
		}
		ok, seen := known[v]
		if !seen {
			ok = recognised(p.w.layout.Catalogue, f, v)
			known[v] = ok
		}
		if !ok {
			counts[v]++
		}
	}
	for v, n := range counts {
		list = append(list, badValue{v, n})
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].rows != list[j].rows {
			return list[i].rows > list[j].rows
		}
		return list[i].value < list[j].value
	})
	if len(list) > maxValuesListed {
		more = len(list) - maxValuesListed
		list = list[:maxValuesListed]
	}
	return list, more
}

// recognised reports whether the converter reads v as one of the field's values, the
// way exchange reads enumerations, yes/no fields and asset classes.
func recognised(cat *domain.Catalogue, f exchange.Field, v string) bool {
	if f.Key == "asset_class" {
		_, ok := exchange.ParseAssetClass(cat, v)
		return ok
	}
	if f.Decl != nil {
		if _, ok := f.Decl.EnumValue(v); ok {
			return true
		}
	}
	if isYesNo(f) {
		if _, ok := exchange.ParseBool(v); ok {
			return true
		}
	}
	_, ok := exchange.EnumValue(v, f.Allowed)
	return ok
}

func isYesNo(f exchange.Field) bool {
	return len(f.Allowed) == 2 && f.Allowed[0] == "是" && f.Allowed[1] == "否"
}

// refreshValues lists, per enumerated field read from a column, the values that would
// be rejected, each with a select of the allowed values to map it onto.
func (p *mappingPage) refreshValues() {
	env := p.w.env
	p.valuesBox.RemoveAll()
	listed := false
	for _, f := range p.fields {
		list, more := p.unrecognised(f)
		if len(list) == 0 {
			continue
		}
		listed = true
		allowed := f.Allowed
		opts := []string{env.T("gui.wizard.keep_value")}
		for _, a := range allowed {
			opts = append(opts, env.Enum(a))
		}
		fieldName := fieldTitle(env, f)
		for _, bv := range list {
			key, from := f.Key, bv.value
			sel := widget.NewSelect(opts, nil)
			sel.SetSelectedIndex(0)
			if to, ok := p.values[key][from]; ok {
				for i, a := range allowed {
					if a == to {
						sel.SetSelectedIndex(i + 1)
					}
				}
			}
			sel.OnChanged = func(string) {
				i := sel.SelectedIndex()
				if i <= 0 {
					delete(p.values[key], from)
					return
				}
				if p.values[key] == nil {
					p.values[key] = map[string]string{}
				}
				p.values[key][from] = allowed[i-1]
			}
			label := widget.NewLabel(env.T("gui.wizard.value_from", map[string]any{
				"Field": fieldName, "Value": from, "Rows": bv.rows}))
			label.Truncation = fyne.TextTruncateEllipsis
			p.valuesBox.Add(container.NewGridWithColumns(2, label, sel))
		}
		if more > 0 {
			p.valuesBox.Add(lowLabel(env.T("gui.wizard.values_more", map[string]any{"Field": fieldName, "N": more})))
		}
	}
	if !listed {
		p.valuesBox.Add(lowLabel(env.T("gui.wizard.values_none")))
	}
}

// options are the choices as exchange.Options for the table view returns.
func (p *mappingPage) options() exchange.Options {
	o := exchange.Options{Map: map[string]string{}, Set: map[string]string{}, Values: map[string]map[string]string{}}
	if p.table == nil {
		return o
	}
	header := p.viewHeader()
	for _, f := range p.fields {
		switch sel := p.columns[f.Key]; {
		case sel.SelectedIndex() == choiceFixed:
			o.Set[f.Key] = strings.TrimSpace(p.fixed[f.Key].Text)
		case sel.SelectedIndex() >= choiceFirst:
			o.Map[f.Key] = header[sel.SelectedIndex()-choiceFirst]
		}
	}
	if g := p.geometryColumn(); g >= 0 {
		o.Map[exchange.GeometryField] = header[g]
	}
	for field, m := range p.values {
		if len(m) == 0 {
			continue
		}
		o.Values[field] = map[string]string{}
		for from, to := range m {
			o.Values[field][from] = to
		}
	}
	return o
}

// viewHeader renames the columns for the converter: a chosen column is named after
// the first field that reads it, every other column is blank. The converter's own
// header matching then finds exactly the person's choices and nothing else, so a
// field set to "not imported" stays unmapped even when a column bears its name.
func (p *mappingPage) viewHeader() []string {
	header := make([]string, len(p.table.Header))
	name := func(col int, as string) {
		if header[col] == "" {
			header[col] = as
		}
	}
	for _, f := range p.fields {
		if c := p.column(f.Key); c >= 0 {
			name(c, f.Key)
		}
	}
	if g := p.geometryColumn(); g >= 0 {
		name(g, exchange.GeometryField)
	}
	for i, h := range header {
		if h == "" {
			continue
		}
		// Two columns can never share a name: a second reader of one column maps by
		// the name its first reader gave it.
		header[i] = h + "\x00" + strconv.Itoa(i)
	}
	return header
}

// view is the table as the converter gets it: the same rows under viewHeader.
func (p *mappingPage) view() *exchange.Table {
	v := *p.table
	v.Header = p.viewHeader()
	return &v
}
