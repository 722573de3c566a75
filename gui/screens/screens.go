// Package screens lists the desktop app's screens in navigation order: the dashboard,
// a register per asset class of the catalogue, maintenance, cases, projects, the map, the
// annual report and the settings. cmd/cityledger wires it into gui.Options.Routes.
package screens

import (
	"cityledger/domain"
	"cityledger/gui"
	"cityledger/gui/cases"
	"cityledger/gui/dashboard"
	"cityledger/gui/mapview"
	"cityledger/gui/projects"
	"cityledger/gui/records"
	"cityledger/gui/registers"
	"cityledger/gui/reportscreen"
	"cityledger/gui/settings"
)

// Routes are the screens for catalogue cat.
func Routes(cat *domain.Catalogue) []gui.Route {
	out := []gui.Route{dashboard.Route()}
	out = append(out, registers.Routes(cat)...)
	return append(out, records.Route(), cases.Route(), projects.Route(), mapview.Route(), reportscreen.Route(), settings.Route())
}
