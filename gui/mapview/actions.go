package mapview

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"cityledger/domain"
	"cityledger/domain/exchange"
	"cityledger/gui"
	"cityledger/gui/registers"
	"cityledger/gui/widgets"
)

// openDetail shows one asset in the registers' own detail dialog.
func (s *Screen) openDetail(id int64) {
	s.detail = registers.ShowAssetDetail(s.env, id)
}

// onRecord opens bulk maintenance entry for the selection.
func (s *Screen) onRecord() {
	if len(s.sel) == 0 {
		return
	}
	classes, by := s.selectedByClass()
	s.newRecordForm(classes, by).Show()
}

// recordForm enters one maintenance job for many assets: a record per asset, each
// with the same date, work type, quantity and cost.
type recordForm struct {
	s       *Screen
	classes []domain.Class
	ids     map[domain.Class][]int64
	count   int

	date, quantity, cost, contractor, note *widget.Entry
	workType, funding, qUnit, project      *widget.Select
	projects                               []domain.Project
	projYear                               int
	problem                                *widget.Label
	dlg                                    dialog.Dialog
}

func (s *Screen) newRecordForm(classes []domain.Class, ids map[domain.Class][]int64) *recordForm {
	env := s.env
	f := &recordForm{s: s, classes: classes, ids: ids}
	for _, c := range classes {
		f.count += len(ids[c])
	}
	f.date = widget.NewEntry()
	today := env.Today()
	if today.Year() != env.Year() {
		today = domain.Date(fmt.Sprintf("%04d-12-31", env.Year()))
	}
	f.date.SetText(string(today))
	f.date.OnChanged = func(string) { f.loadProjects() }
	f.workType = widget.NewSelect(enumLabels(s, domain.WorkTypes), nil)
	f.workType.SetSelectedIndex(0)
	f.funding = widget.NewSelect(enumLabels(s, domain.Fundings), nil)
	f.funding.SetSelectedIndex(0)
	f.quantity = widget.NewEntry()
	f.quantity.SetText("1")
	f.qUnit = widget.NewSelect(enumLabels(s, domain.QuantityUnits), nil)
	f.qUnit.SetSelectedIndex(indexOf(domain.QuantityUnits, defaultQuantityUnit(classes)))
	f.cost = widget.NewEntry()
	f.cost.SetPlaceHolder(env.T("map.record.cost_hint"))
	f.contractor = widget.NewEntry()
	f.note = widget.NewEntry()
	f.project = widget.NewSelect([]string{env.T("stats.basic")}, nil)
	f.project.SetSelectedIndex(0)
	f.problem = widget.NewLabel("")
	f.problem.Importance = widget.DangerImportance
	f.problem.Wrapping = fyne.TextWrapWord
	f.problem.Hide()

	var parts []string
	for _, c := range classes {
		parts = append(parts, env.T("class."+string(c))+" "+strconv.Itoa(len(ids[c])))
	}
	intro := widget.NewLabel(env.T("map.record.intro", map[string]any{"N": f.count, "Parts": strings.Join(parts, env.T("map.list_sep"))}))
	intro.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(
		widget.NewFormItem(domain.FieldName(env.Lang, "date")+" *", f.date),
		widget.NewFormItem(domain.FieldName(env.Lang, "work_type")+" *", f.workType),
		widget.NewFormItem(domain.FieldName(env.Lang, "project_code"), f.project),
		widget.NewFormItem(domain.FieldName(env.Lang, "funding"), f.funding),
		widget.NewFormItem(env.T("map.record.quantity_each"), container.NewGridWithColumns(2, f.quantity, f.qUnit)),
		widget.NewFormItem(env.T("map.record.cost_each")+" *", f.cost),
		widget.NewFormItem(domain.FieldName(env.Lang, "contractor"), f.contractor),
		widget.NewFormItem(domain.FieldName(env.Lang, "note"), f.note),
	)
	save := widget.NewButton(env.T("gui.save"), f.onSave)
	save.Importance = widget.HighImportance
	cancel := widget.NewButton(env.T("gui.cancel"), func() { f.dlg.Hide() })
	f.dlg = dialog.NewCustomWithoutButtons(env.T("map.record.title"),
		container.NewBorder(intro, container.NewVBox(f.problem, container.NewHBox(layout.NewSpacer(), cancel, save)), nil, nil, form),
		env.Window)
	f.dlg.Resize(fyne.NewSize(540, 520))
	s.recordForm = f
	return f
}

// Show opens the form and loads the projects of its date's year.
func (f *recordForm) Show() {
	f.dlg.Show()
	f.loadProjects()
}

func enumLabels(s *Screen, values []string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = s.env.Enum(v)
	}
	return out
}

func indexOf(values []string, v string) int {
	for i, x := range values {
		if x == v {
			return i
		}
	}
	return 0
}

// defaultQuantityUnit is what a job on these classes is usually counted in.
func defaultQuantityUnit(classes []domain.Class) string {
	if len(classes) != 1 {
		return "次"
	}
	switch classes[0] {
	case domain.Lamps:
		return "盏"
	case domain.GreenAreas, domain.Roads:
		return "㎡"
	case domain.SewerPipes:
		return "米"
	}
	return "次"
}

// loadProjects fills the project choice with the projects of the date's year.
func (f *recordForm) loadProjects() {
	d := domain.Date(strings.TrimSpace(f.date.Text))
	if !d.Valid() || d.Year() == f.projYear {
		return
	}
	year := d.Year()
	f.projYear = year
	store := f.s.env.Store()
	f.s.env.Load(context.Background(), func(ctx context.Context) (func(), error) {
		ps, err := store.ListProjects(ctx, year)
		if err != nil {
			return nil, err
		}
		return func() {
			if f.projYear != year {
				return
			}
			f.projects = ps
			opts := []string{f.s.env.T("stats.basic")}
			for _, p := range ps {
				opts = append(opts, p.Code+" "+p.Name)
			}
			f.project.SetOptions(opts)
			f.project.SetSelectedIndex(0)
		}, nil
	})
}

// records builds one record per selected asset from the form, or says what is wrong.
func (f *recordForm) records() ([]domain.Record, error) {
	r := domain.Record{
		Date:       domain.Date(strings.TrimSpace(f.date.Text)),
		Funding:    domain.Fundings[max(0, f.funding.SelectedIndex())],
		Contractor: strings.TrimSpace(f.contractor.Text),
		Note:       strings.TrimSpace(f.note.Text),
	}
	if i := f.workType.SelectedIndex(); i >= 0 {
		r.WorkType = domain.WorkTypes[i]
	}
	if i := f.project.SelectedIndex(); i > 0 && i-1 < len(f.projects) {
		r.ProjectID = f.projects[i-1].ID
	}
	var fe []domain.FieldError
	if q := strings.TrimSpace(f.quantity.Text); q != "" {
		v, ok := widgets.ParseNumber(q)
		if !ok {
			fe = append(fe, domain.FieldError{Field: "quantity", Value: q, Rule: "number"})
		}
		r.Quantity = v
		if i := f.qUnit.SelectedIndex(); i >= 0 {
			r.QuantityUnit = domain.QuantityUnits[i]
		}
	}
	if strings.TrimSpace(f.cost.Text) == "" {
		fe = append(fe, domain.FieldError{Field: "cost", Rule: "required"})
	} else if c, bad := domain.ParseAmount("cost", strings.TrimSpace(f.cost.Text)); bad != nil {
		fe = append(fe, *bad)
	} else {
		r.Cost = c
	}
	if err := domain.Invalid(fe...); err != nil {
		return nil, err
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	var out []domain.Record
	for _, c := range f.classes {
		for _, id := range f.ids[c] {
			rec := r
			rec.AssetClass, rec.AssetID = c, id
			out = append(out, rec)
		}
	}
	return out, nil
}

func (f *recordForm) onSave() {
	env := f.s.env
	recs, err := f.records()
	if err != nil {
		f.problem.SetText(domain.Message(env.Lang, err))
		f.problem.Show()
		return
	}
	f.problem.Hide()
	store := env.Store()
	env.Task(env.T("map.record.title"), func(ctx context.Context, _ gui.Progress) error {
		return store.SaveRecords(ctx, recs)
	}, func() {
		f.dlg.Hide()
		f.s.saved = len(recs)
		env.Info(env.T("map.record.title"), env.T("map.record.saved", map[string]any{"N": len(recs)}))
		f.s.Refresh()
	})
}

// onExport asks for a file and writes the selection to it (GeoJSON or CSV by its
// extension; one file per register when the selection spans several).
func (s *Screen) onExport() {
	if len(s.sel) == 0 {
		return
	}
	gui.SaveFile(s.env, s.env.T("map.export.title"), "map-selection", []string{".geojson", ".csv", ".json"}, s.exportTo)
}

func (s *Screen) exportTo(path string) {
	env := s.env
	classes, by := s.selectedByClass()
	store := env.Store()
	var written []exported
	env.Task(env.T("map.export.title"), func(ctx context.Context, _ gui.Progress) error {
		var err error
		written, err = exportSelection(ctx, store, path, classes, by)
		return err
	}, func() {
		var lines []string
		for _, w := range written {
			lines = append(lines, env.T("map.export.file", map[string]any{"Path": w.path, "N": w.n}))
		}
		env.Info(env.T("map.export.title"), strings.Join(lines, "\n"))
	})
}

type exported struct {
	path string
	n    int
}

// exportSelection writes the selected assets of each class with exchange.Export. The
// format follows path's extension (.csv, else GeoJSON, whose extension is added when
// missing). With several classes each goes to path-<class>.ext.
func exportSelection(ctx context.Context, store domain.Store, path string, classes []domain.Class, ids map[domain.Class][]int64) ([]exported, error) {
	ext := strings.ToLower(filepath.Ext(path))
	format := exchange.FormatGeoJSON
	switch ext {
	case ".csv":
		format = exchange.FormatCSV
	case ".geojson", ".json":
	default:
		ext = ".geojson"
		path += ext
	}
	var out []exported
	for _, c := range classes {
		p := path
		if len(classes) > 1 {
			p = strings.TrimSuffix(path, filepath.Ext(path)) + "-" + string(c) + ext
		}
		var n int
		err := gui.WriteAtomically(p, func(f *os.File) error {
			var err error
			n, err = exchange.Export(ctx, store, exchange.Kind(c), f, exchange.ExportOptions{Format: format, IDs: ids[c]})
			return err
		})
		if err != nil {
			return out, err
		}
		out = append(out, exported{p, n})
	}
	if len(classes) > 1 {
		// The save dialog created the named file; the classes went to their own.
		if st, err := os.Stat(path); err == nil && st.Size() == 0 {
			os.Remove(path)
		}
	}
	return out, nil
}

// onOpenBase lets the user choose an MBTiles file as the background.
func (s *Screen) onOpenBase() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			s.env.ShowError(domain.Internal("open", err))
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		s.env.Load(context.Background(), func(ctx context.Context) (func(), error) {
			b, err := openBaseMap(path)
			if err != nil {
				return nil, err
			}
			return func() { s.setBase(b) }, nil
		})
	}, s.env.Window)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".mbtiles"}))
	d.Show()
}

// setBase replaces the background (nil removes it).
func (s *Screen) setBase(b *baseMap) {
	if s.base != nil {
		old := s.base
		go old.Close()
	}
	s.base = b
	s.baseGen++
	s.baseView = View{}
	if b == nil {
		s.baseClear.Hide()
		s.mw.showBase(nil)
		return
	}
	s.baseClear.Show()
	s.requestRender()
}
