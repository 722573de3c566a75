package mapview

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"cityledger/domain"
	"cityledger/gui/registers"
)

// Locate centres the map on asset id and selects it, so it is drawn highlighted: "show
// on map" from a register or a detail. Before the features have loaded (or before the
// map has a size) it is kept and done then.
func (s *Screen) Locate(id int64) {
	s.locate = id
	s.applyLocate()
}

// applyLocate does a kept Locate once the data and the view allow it.
func (s *Screen) applyLocate() {
	if s.locate == 0 || s.data == nil || s.mw.view.W == 0 {
		return
	}
	id := s.locate
	s.locate = 0
	if s.Select([]int64{id}) > 0 {
		s.needFit = false
		s.FitSelection()
	}
}

// newCodeSearch is the toolbar's search box: an asset code (exact, any case, else the
// first code that contains it) is found among the map's classes and located.
func (s *Screen) newCodeSearch() *widget.Entry {
	e := widget.NewEntry()
	e.SetPlaceHolder(s.env.T("map.search_code"))
	e.OnSubmitted = func(text string) { s.FindCode(text) }
	s.codeSearch = e
	return e
}

// FindCode locates the asset with code (in the background); a message says when none
// on the map has it.
func (s *Screen) FindCode(code string) {
	code = strings.TrimSpace(code)
	if code == "" {
		return
	}
	store := s.env.Store()
	defs := s.defs
	s.env.Load(context.Background(), func(ctx context.Context) (func(), error) {
		var found int64
		exact := false
		for _, d := range defs {
			as, err := store.FindAssets(ctx, domain.AssetFilter{Class: d.Key, Search: code, Limit: 50})
			if err != nil {
				return nil, err
			}
			for _, a := range as {
				if a.Geometry == nil {
					continue
				}
				if strings.EqualFold(a.Code, code) {
					found, exact = a.ID, true
					break
				}
				if found == 0 && strings.Contains(strings.ToLower(a.Code), strings.ToLower(code)) {
					found = a.ID
				}
			}
			if exact {
				break
			}
		}
		return func() {
			if found == 0 {
				s.env.ShowMessage(s.env.T("map.search_code"), s.env.T("map.search_none", map[string]any{"Code": code}))
				return
			}
			s.Locate(found)
		}, nil
	})
}

// TappedSecondary on the map: the feature under the pointer is selected and its menu
// shown (open, edit, show on map — centre here, record maintenance, retire, copy code).
func (m *mapWidget) TappedSecondary(ev *fyne.PointEvent) {
	s := m.s
	if s.data == nil {
		return
	}
	x, y := m.toPixels(ev.Position)
	v := m.view
	ref, ok := s.data.pick(v.ToWorld(x, y), pickTolerance*m.scale*v.Res, s.visible)
	if !ok {
		return
	}
	s.setSelection([]featRef{ref})
	id := s.data.layerOf(ref).ids[ref.i]
	store := s.env.Store()
	at := ev.AbsolutePosition
	s.env.Load(context.Background(), func(ctx context.Context) (func(), error) {
		a, err := store.GetAsset(ctx, id)
		if err != nil {
			return nil, err
		}
		return func() {
			s.menu = registers.ShowAssetMenu(s.env, a, at, registers.MenuActions{
				Open:      func() { s.openDetail(id) },
				ShowOnMap: func() { s.Locate(id) },
			})
		}, nil
	})
}
