package gui

import (
	"fyne.io/fyne/v2/widget"

	"cityledger/domain"
)

// What the person may do (issue 16). The window learns it when a database opens: a
// SQLite file is the one person's (everything), a file opened read-only can only be
// read, and on a server the login's CityLedger role says (the server enforces it; the
// window only disables in advance what would be refused).

// Access is what the open database lets this login do.
func (e *Env) Access() domain.Access {
	s := e.Store()
	if s == nil {
		return domain.Access{}
	}
	var a domain.Access
	if ac, ok := s.(interface{ Access() domain.Access }); ok {
		a = ac.Access()
	} else {
		a = domain.Access{Role: domain.RoleOwner}
	}
	if ro, ok := s.(interface{ ReadOnly() bool }); ok && ro.ReadOnly() && a.Role > domain.RoleViewer {
		// A read-only file (or one another CityLedger writes) can only be read.
		a.Role = domain.RoleViewer
	}
	return a
}

// May reports whether the login may do what needs role need.
func (e *Env) May(need domain.Role) bool { return e.Access().May(need) }

// Refusal is the notice for an action that needs need: for a login that can only
// read, "read-only: your login can only read"; otherwise which role it needs.
func (e *Env) Refusal(need domain.Role) string {
	a := e.Access()
	if a.Role <= domain.RoleViewer {
		return e.T("access2.gui.read_only")
	}
	return e.T("access2.gui.needs_role", map[string]any{"Login": a.Login, "Role": a.Role.Localize(e.Lang), "Need": need.Localize(e.Lang)})
}

// Guard makes buttons that need role need disabled for a login without it, and their
// action (should a screen enable one again) shows the refusal instead of running.
// Screens call it once, where they build the buttons.
func (e *Env) Guard(need domain.Role, buttons ...*widget.Button) {
	for _, b := range buttons {
		if b == nil {
			continue
		}
		action := b.OnTapped
		b.OnTapped = func() {
			if !e.May(need) {
				e.ShowMessage(e.T("access2.gui.refused_title"), e.Refusal(need))
				return
			}
			if action != nil {
				action()
			}
		}
		if !e.May(need) {
			b.Disable()
		}
	}
}

// RoleNotice is the line the window shows about the login ("" when the person is
// alone with a file they may write).
func (e *Env) RoleNotice() string {
	a := e.Access()
	switch {
	case a.Role <= domain.RoleViewer:
		return e.T("access2.gui.read_only")
	case a.Role == domain.RoleOwner && (a.Login == "" || !a.Managed):
		return ""
	}
	return e.T("access2.gui.role", map[string]any{"Login": a.Login, "Role": a.Role.Localize(e.Lang)})
}
