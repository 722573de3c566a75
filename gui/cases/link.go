package cases

import (
	"context"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"cityledger/domain"
	"cityledger/gui"
	"cityledger/gui/widgets"
)

// onLink proposes the nearest assets for the year's unlinked component cases (off the
// UI goroutine, with progress and cancel) and opens the confirmation.
func (s *screen) onLink() {
	env := s.env
	year := s.chosenYear()
	store := env.Store()
	var props []domain.CaseLinkProposal
	env.Task(env.T("cases2.link.title", map[string]any{"Year": year}), func(ctx context.Context, progress gui.Progress) error {
		var err error
		props, err = store.ProposeCaseLinks(ctx, year, progress)
		return err
	}, func() {
		if len(props) == 0 {
			env.ShowMessage(env.T("cases2.link.title", map[string]any{"Year": year}), env.T("cases2.link.none", map[string]any{"Year": year}))
			return
		}
		s.link = newLinkDialog(env, props, s.changed)
		s.link.show()
	})
}

// linkDialog lists proposals, one per row: a check (ticked for the unambiguous), the
// case and the proposed asset with its distance, and for an ambiguous case the list of
// equally near assets to choose from. Confirming stores the ticked links in one
// transaction.
type linkDialog struct {
	env     *gui.Env
	props   []domain.CaseLinkProposal
	checked []bool
	chosen  []int // index into the proposal's candidates (0: the proposed asset)
	list    *widget.List
	summary *widget.Label
	ok      *widget.Button
	dlg     dialog.Dialog
	done    func()
}

func newLinkDialog(env *gui.Env, props []domain.CaseLinkProposal, done func()) *linkDialog {
	d := &linkDialog{env: env, props: props, checked: make([]bool, len(props)), chosen: make([]int, len(props)), done: done}
	for i := range props {
		d.checked[i] = !props[i].Ambiguous()
	}
	d.list = widget.NewList(func() int { return len(d.props) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, widget.NewCheck("", nil), env.NewSelect(nil, nil), l)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) { d.updateRow(i, o.(*fyne.Container)) })
	d.summary = widget.NewLabel("")
	tickAll := widget.NewButton(env.T("cases2.link.tick_all"), func() {
		for i := range d.props {
			d.checked[i] = !d.props[i].Ambiguous() || d.chosen[i] > 0
		}
		d.refresh()
	})
	none := widget.NewButton(env.T("cases2.link.tick_none"), func() {
		for i := range d.checked {
			d.checked[i] = false
		}
		d.refresh()
	})
	d.ok = widget.NewButton(env.T("cases2.link.confirm"), d.confirm)
	d.ok.Importance = widget.HighImportance
	cancel := widget.NewButton(env.T("gui.cancel"), func() { d.dlg.Hide() })
	intro := widgets.Low(env.T("cases2.link.intro", map[string]any{"Radius": int(domain.CaseLinkRadius)}))
	bar := container.NewHBox(tickAll, none, d.summary, layout.NewSpacer(), cancel, d.ok)
	d.dlg = dialog.NewCustomWithoutButtons(env.T("cases2.link.confirm_title"), container.NewBorder(intro, bar, nil, nil, d.list), env.Window)
	d.dlg.Resize(fyne.NewSize(900, 600))
	d.refresh()
	return d
}

func (d *linkDialog) show() { d.dlg.Show() }

// candidates are the assets a row may be linked to: the proposed one first.
func (p *linkDialog) candidates(i int) []domain.SiteMatch {
	pr := &p.props[i]
	if pr.Ambiguous() {
		return pr.Candidates
	}
	return []domain.SiteMatch{{Site: pr.Asset, Distance: pr.Distance}}
}

func (d *linkDialog) updateRow(i int, row *fyne.Container) {
	env := d.env
	p := &d.props[i]
	label := row.Objects[0].(*widget.Label)
	check := row.Objects[1].(*widget.Check)
	pick := row.Objects[2].(*widget.Select)
	cands := d.candidates(i)
	c := cands[d.chosen[i]]
	label.SetText(env.T("cases2.link.row", map[string]any{"No": p.CaseNo, "Class": p.ClassName, "Address": p.Address,
		"AssetClass": env.ClassName(c.Site.Class), "Asset": c.Site.Code, "M": strconv.FormatFloat(c.Distance, 'f', 1, 64)}))
	check.OnChanged = nil
	check.SetChecked(d.checked[i])
	check.OnChanged = func(v bool) {
		d.checked[i] = v
		d.refreshSummary()
	}
	if !p.Ambiguous() {
		pick.Hide()
		return
	}
	opts := make([]string, len(cands))
	for j, m := range cands {
		opts[j] = m.Site.Code + " · " + strconv.FormatFloat(m.Distance, 'f', 1, 64) + " m"
	}
	pick.OnChanged = nil
	pick.Options = opts
	pick.PlaceHolder = env.T("cases2.link.choose")
	if d.checked[i] {
		pick.SetSelectedIndex(d.chosen[i])
	} else {
		pick.ClearSelected()
	}
	pick.OnChanged = func(string) {
		d.chosen[i] = pick.SelectedIndex()
		d.checked[i] = true
		d.list.RefreshItem(i)
		d.refreshSummary()
	}
	pick.Show()
}

func (d *linkDialog) refresh() {
	d.list.Refresh()
	d.refreshSummary()
}

func (d *linkDialog) refreshSummary() {
	n, ambiguous := 0, 0
	for i, c := range d.checked {
		if c {
			n++
		}
		if d.props[i].Ambiguous() {
			ambiguous++
		}
	}
	d.summary.SetText(d.env.T("cases2.link.summary", map[string]any{"N": len(d.props), "Ticked": n, "Ambiguous": ambiguous}))
	if n == 0 {
		d.ok.Disable()
	} else {
		d.ok.Enable()
	}
}

// Links are the ticked links.
func (d *linkDialog) Links() []domain.CaseLink {
	var out []domain.CaseLink
	for i, c := range d.checked {
		if !c {
			continue
		}
		p := &d.props[i]
		out = append(out, domain.CaseLink{CaseID: p.CaseID, Version: p.CaseVer, AssetID: d.candidates(i)[d.chosen[i]].Site.ID,
			Method: domain.LinkNearest})
	}
	return out
}

// confirm stores the ticked links in one transaction.
func (d *linkDialog) confirm() {
	env := d.env
	links := d.Links()
	store := env.Store()
	var n int
	env.Task(env.T("cases2.link.confirm_title"), func(ctx context.Context, _ gui.Progress) error {
		var err error
		n, err = store.LinkCases(ctx, links)
		return err
	}, func() {
		d.dlg.Hide()
		env.ShowMessage(env.T("cases2.link.confirm_title"), env.T("cases2.link.done", map[string]any{"N": n}))
		if d.done != nil {
			d.done()
		}
	})
}
