package importwizard

import (
	"context"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"cityledger/domain"
	"cityledger/domain/exchange"
	"cityledger/domain/i18n"
	"cityledger/gui"
)

// Export opens the export dialog of an asset class's register: ids are the selected
// assets, nil (or empty) for the whole register. Its type is what a register's export
// button hook takes.
func Export(env *gui.Env, class domain.Class, ids []int64) {
	ExportKind(env, exchange.Kind(class), ids)
}

// ExportKind is Export for any kind. ids select assets of an asset class; the other
// kinds are exported whole (exchange.ExportOptions.IDs filters asset registers only).
func ExportKind(env *gui.Env, kind exchange.Kind, ids []int64) *Exporter {
	x := newExporter(env, kind, ids)
	x.dlg.Show()
	return x
}

// Exporter is the export dialog: format, header language, then a save dialog.
type Exporter struct {
	env    *gui.Env
	kind   exchange.Kind
	layout *exchange.Layout
	ids    []int64

	dlg     *dialog.CustomDialog
	format  *widget.RadioGroup
	headers *widget.RadioGroup
	formats []string
}

func newExporter(env *gui.Env, kind exchange.Kind, ids []int64) *Exporter {
	lay := layoutOf(env, kind)
	if len(ids) == 0 || lay.Class == nil {
		ids = nil
	}
	x := &Exporter{env: env, kind: kind, layout: lay, ids: ids}
	x.formats = []string{exchange.FormatCSV, exchange.FormatXLSX}
	if lay.Geometric() {
		x.formats = append(x.formats, exchange.FormatGeoJSON)
	}
	labels := make([]string, len(x.formats))
	for i, f := range x.formats {
		labels[i] = env.T("gui.format." + f)
	}
	x.format = widget.NewRadioGroup(labels, nil)
	x.format.Horizontal = true
	x.format.Required = true
	x.format.SetSelected(labels[0])
	x.headers = widget.NewRadioGroup([]string{env.T("gui.export.headers_zh"), env.T("gui.export.headers_en")}, nil)
	x.headers.Horizontal = true
	x.headers.Required = true
	if env.Lang == i18n.ZH {
		x.headers.SetSelected(x.headers.Options[0])
	} else {
		x.headers.SetSelected(x.headers.Options[1])
	}

	scope := env.T("gui.export.scope_all", map[string]any{"Kind": kindName(env, lay)})
	if ids != nil {
		scope = env.T("gui.export.scope_selected", map[string]any{"N": len(ids)})
	}
	scopeLabel := widget.NewLabel(scope)
	scopeLabel.TextStyle.Bold = true
	form := widget.NewForm(
		widget.NewFormItem(env.T("gui.export.format"), x.format),
		&widget.FormItem{Text: env.T("gui.export.headers"), Widget: x.headers, HintText: env.T("gui.export.headers_hint")},
	)
	body := container.NewVBox(scopeLabel, form)
	if lay.Geometric() {
		body.Add(lowLabel(env.T("gui.export.wgs84")))
	}
	cancel := widget.NewButton(env.T("gui.cancel"), func() { x.dlg.Hide() })
	save := widget.NewButtonWithIcon(env.T("gui.export.save"), theme.DocumentSaveIcon(), x.onSave)
	save.Importance = widget.HighImportance
	body.Add(container.NewHBox(layout.NewSpacer(), cancel, save))
	x.dlg = dialog.NewCustomWithoutButtons(env.T("gui.export.title", map[string]any{"Kind": kindName(env, x.layout)}), body, env.Window)
	x.dlg.Resize(fyne.NewSize(560, 260))
	return x
}

// chosenFormat is the selected format key (csv, xlsx, geojson).
func (x *Exporter) chosenFormat() string {
	for i, f := range x.formats {
		if x.format.Selected == x.env.T("gui.format."+f) {
			return x.formats[i]
		}
	}
	return exchange.FormatCSV
}

func (x *Exporter) chosenHeaders() i18n.Lang {
	if x.headers.Selected == x.env.T("gui.export.headers_zh") {
		return i18n.ZH
	}
	return i18n.EN
}

func (x *Exporter) onSave() {
	env := x.env
	ext := "." + x.chosenFormat()
	gui.SaveFile(env, env.T("gui.export.save"), env.T("gui.export.file_name", map[string]any{"Kind": kindName(env, x.layout)}),
		[]string{ext}, func(path string) {
			x.dlg.Hide()
			x.ExportTo(path)
		})
}

// ExportTo writes the register (or the selection) to path in the chosen format,
// under a progress dialog, and tells how many rows it wrote.
func (x *Exporter) ExportTo(path string) {
	env := x.env
	store := env.Store()
	kind := x.kind
	o := exchange.ExportOptions{Format: x.chosenFormat(), Headers: x.chosenHeaders(), IDs: x.ids}
	title := env.T("gui.export.title", map[string]any{"Kind": kindName(env, x.layout)})
	var n int
	env.Task(title, func(ctx context.Context, _ gui.Progress) error {
		return gui.WriteAtomically(path, func(f *os.File) error {
			var err error
			n, err = exchange.Export(ctx, store, kind, f, o)
			return err
		})
	}, func() {
		env.Info(title, env.T("exchange.cli.exported", map[string]any{"N": n, "Path": path}))
	})
}
