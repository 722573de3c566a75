package importwizard

import (
	"context"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"cityledger/domain"
	"cityledger/domain/exchange"
	"cityledger/gui"
)

// fileExtensions are what the open dialog lists: every format exchange.ReadFile reads.
var fileExtensions = []string{".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".geojson", ".json", ".shp"}

// filePage is step 1: the file, and how to read its sheet, coordinates and dates.
type filePage struct {
	w       *Wizard
	content fyne.CanvasObject

	path     *widget.Entry
	info     *widget.Label
	sheet    *widget.Entry
	crsEntry *widget.Entry
	crsHint  *widget.Label
	dates    *widget.Entry
}

func newFilePage(w *Wizard) *filePage {
	env := w.env
	p := &filePage{w: w}
	p.path = widget.NewEntry()
	p.path.SetPlaceHolder(env.T("gui.wizard.file_hint"))
	p.path.OnSubmitted = func(s string) { p.load(strings.TrimSpace(s)) }
	choose := widget.NewButtonWithIcon(env.T("gui.wizard.choose"), theme.FolderOpenIcon(), p.onChoose)
	choose.Importance = widget.HighImportance
	reread := widget.NewButtonWithIcon(env.T("gui.reload"), theme.ViewRefreshIcon(), func() {
		p.load(strings.TrimSpace(p.path.Text))
	})
	p.info = widget.NewLabel(env.T("gui.wizard.no_file"))
	p.info.Wrapping = fyne.TextWrapWord

	p.sheet = widget.NewEntry()
	p.sheet.SetPlaceHolder(env.T("gui.wizard.sheet_hint"))
	p.dates = widget.NewEntry()
	p.dates.SetPlaceHolder("2006-01-02")
	p.crsEntry = widget.NewEntry()
	p.crsEntry.SetPlaceHolder("EPSG:4326")
	p.crsHint = widget.NewLabel(env.T("gui.wizard.crs_hint"))
	p.crsHint.Wrapping = fyne.TextWrapWord

	form := widget.NewForm(
		widget.NewFormItem(env.T("gui.wizard.file"), container.NewBorder(nil, nil, nil,
			container.NewHBox(choose, reread), p.path)),
		widget.NewFormItem("", p.info),
		&widget.FormItem{Text: env.T("gui.wizard.sheet"), Widget: p.sheet, HintText: env.T("gui.wizard.sheet_note")},
		&widget.FormItem{Text: env.T("gui.wizard.date_format"), Widget: p.dates, HintText: env.T("gui.wizard.date_format_hint")},
	)
	if w.layout.Geometric() {
		form.AppendItem(widget.NewFormItem(env.T("gui.wizard.crs"), p.crsEntry))
		form.AppendItem(widget.NewFormItem("", p.crsHint))
	}
	intro := widget.NewLabel(env.T("gui.wizard.file_intro", map[string]any{"Kind": kindName(env, w.layout)}))
	intro.Wrapping = fyne.TextWrapWord
	p.content = container.NewVScroll(container.NewVBox(intro, form))
	return p
}

func (p *filePage) onChoose() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			p.w.env.ShowError(domain.Internal(p.w.env.T("gui.wizard.reading"), err))
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		_ = r.Close()
		p.load(path)
	}, p.w.env.Window)
	d.SetFilter(storage.NewExtensionFileFilter(fileExtensions))
	d.Resize(fyne.NewSize(820, 560))
	d.Show()
}

// load reads the file in the background and, once read, proposes a mapping.
func (p *filePage) load(path string) {
	if path == "" {
		return
	}
	w := p.w
	env := w.env
	p.path.SetText(path)
	sheet := strings.TrimSpace(p.sheet.Text)
	var t *exchange.Table
	env.Task(env.T("gui.wizard.reading"), func(ctx context.Context, _ gui.Progress) error {
		var err error
		t, err = readFile(ctx, path, exchange.ReadOptions{Sheet: sheet})
		if err == nil && (t.Format == "csv" || t.Format == "xlsx") {
			// A title row and blank rows above the header are passed over; the mapping
			// page shows the row found and lets the person choose another.
			if hr := exchange.DetectHeaderRow(t, w.layout); hr != 0 {
				t.UseHeaderRow(hr)
			}
		}
		return err
	}, func() {
		w.table, w.path = t, path
		p.showTable(t)
		w.mapping.reset(t)
		w.refreshButtons()
	})
}

// readFile reads the file on its own goroutine so that a cancel returns at once; the
// reader has no context and finishes in the background, its result dropped.
func readFile(ctx context.Context, path string, o exchange.ReadOptions) (*exchange.Table, error) {
	type result struct {
		t   *exchange.Table
		err error
	}
	done := make(chan result, 1)
	go func() {
		t, err := exchange.ReadFile(path, o)
		done <- result{t, err}
	}()
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case r := <-done:
		return r.t, r.err
	}
}

func (p *filePage) showTable(t *exchange.Table) {
	env := p.w.env
	enc := t.Encoding
	if enc == "" {
		enc = "—"
	}
	p.info.SetText(env.T("exchange.cli.read", map[string]any{"Path": filepath.Base(p.w.path), "Rows": len(t.Rows),
		"Format": t.Format, "Encoding": enc}))
	p.info.Importance = widget.SuccessImportance
	p.info.Refresh()
	if p.w.layout.Geometric() {
		p.crsEntry.SetText(t.CRS)
		if t.CRS != "" {
			p.crsHint.SetText(env.T("gui.wizard.crs_from_file"))
		} else {
			p.crsHint.SetText(env.T("gui.wizard.crs_hint"))
		}
	}
}

func (p *filePage) dateFormat() string { return strings.TrimSpace(p.dates.Text) }

func (p *filePage) crs() string {
	if !p.w.layout.Geometric() {
		return ""
	}
	return strings.TrimSpace(p.crsEntry.Text)
}
