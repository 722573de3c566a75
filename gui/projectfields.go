package gui

import (
	"context"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"cityledger/domain"
)

// ProjectField is a dialog opened on one field of a project: the project form, or the
// indicator editor on one row. Tests drive it.
type ProjectField struct {
	Form       *projectForm
	Indicators *indicatorEditor
	// Focused is the entry the cursor was put in (nil until the dialog is shown).
	Focused *widget.Entry
}

// EditProjectField opens the project of code in year at field, where a person fixes
// what a report finding names: a field of the project form ("summary", "result",
// "goal", "budget"…), or an indicator's value ("indicators.N.target", ".actual",
// ".binding", N its position), shown in the indicator editor with the cursor in that
// row. After a save the screen shown reloads. done (may be nil) gets the dialog once
// it is on screen.
func EditProjectField(env *Env, year int, code, field string, done func(*ProjectField)) {
	store := env.Store()
	env.Load(context.Background(), func(ctx context.Context) (func(), error) {
		ps, err := store.ListProjects(ctx, year)
		if err != nil {
			return nil, err
		}
		units, err := store.ListUnits(ctx)
		if err != nil {
			return nil, err
		}
		var p *domain.Project
		for i := range ps {
			if ps[i].Code == code {
				p = &ps[i]
			}
		}
		if p == nil {
			return nil, domain.Errorf(domain.KindNotFound, "err.not_found", map[string]any{"What": "entity.projects", "Key": code})
		}
		return func() {
			pf := &ProjectField{}
			if rest, ok := strings.CutPrefix(field, "indicators"); ok {
				pf.Indicators = showIndicatorDialog(env, p, rest, pf, done)
				return
			}
			pf.Form = newProjectForm(env, p, units, func(*domain.Project) { env.RefreshCurrent() })
			pf.Form.Show()
			if e := pf.Form.entries[field]; e != nil {
				env.Window.Canvas().Focus(e)
				pf.Focused = e
			}
			if done != nil {
				done(pf)
			}
		}, nil
	})
}

// showIndicatorDialog shows a project's indicator editor in a dialog; which is ".N.key"
// (or "" for no row) and the cursor goes to that row's entry once the rows are loaded.
func showIndicatorDialog(env *Env, p *domain.Project, which string, pf *ProjectField, done func(*ProjectField)) *indicatorEditor {
	ed := newIndicatorEditor(env, p)
	pos, key := 0, ""
	if parts := strings.Split(strings.TrimPrefix(which, "."), "."); len(parts) == 2 {
		pos, _ = strconv.Atoi(parts[0])
		key = parts[1]
	}
	ed.loaded = func() {
		for _, r := range ed.rows {
			if r.position != pos {
				continue
			}
			e := map[string]*widget.Entry{"level1": r.level1, "level2": r.level2, "level3": r.level3,
				"target": r.target, "actual": r.actual, "binding": r.binding}[key]
			if e != nil {
				env.Window.Canvas().Focus(e)
				pf.Focused = e
			}
		}
		if done != nil {
			done(pf)
		}
	}
	d := dialog.NewCustom(env.T("gui.projects.indicators")+" "+p.Code+" "+p.Name, env.T("gui.close"), ed.content, env.Window)
	d.Resize(fyne.NewSize(1000, 560))
	d.SetOnClosed(env.RefreshCurrent)
	d.Show()
	ed.load()
	return ed
}
