package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"cityledger/domain"
)

// Screen is one entry of the navigation. Its constructor builds the widgets; Refresh
// reloads its data in the background (it is called each time the screen is shown and
// after the database changes) and must return at once.
type Screen interface {
	Content() fyne.CanvasObject
	Refresh()
}

// Route names a screen and tells how to build it. Other areas (the map, the annual
// report, the import wizard) plug their screens in by passing a Route with the same ID
// in Options.Routes: it replaces the placeholder in place.
type Route struct {
	// ID is the English name: the screenshot file name and the key of the last screen shown.
	ID string
	// Title is the catalogue key of the navigation entry; Label names it instead (a
	// register: its class's name).
	Title string
	Label domain.Label
	Icon  fyne.Resource
	New   func(env *Env) Screen
}

// Router keeps the routes in navigation order.
type Router struct {
	routes []Route
}

// NewRouter starts a router with routes in the given order.
func NewRouter(routes ...Route) *Router {
	r := &Router{}
	for _, rt := range routes {
		r.Set(rt)
	}
	return r
}

// Set replaces the route with the same ID, or appends it.
func (r *Router) Set(rt Route) {
	for i := range r.routes {
		if r.routes[i].ID == rt.ID {
			r.routes[i] = rt
			return
		}
	}
	r.routes = append(r.routes, rt)
}

// Routes lists the routes in navigation order.
func (r *Router) Routes() []Route { return append([]Route(nil), r.routes...) }

// Index finds a route by ID; -1 when absent.
func (r *Router) Index(id string) int {
	for i, rt := range r.routes {
		if rt.ID == id {
			return i
		}
	}
	return -1
}

// ClassRouteID is the route ID of a register: the class key (lamps, sewer-pipes…).
func ClassRouteID(c domain.Class) string { return string(c) }

// DefaultRoutes are the screens of the desktop app in navigation order, a register per
// class of the catalogue. The map and the annual report are placeholders until their
// areas replace them.
func DefaultRoutes(cat *domain.Catalogue) []Route {
	routes := []Route{{ID: "dashboard", Title: "gui.nav.dashboard", Icon: theme.HomeIcon(),
		New: func(env *Env) Screen { return newDashboard(env) }}}
	for _, d := range cat.Classes() {
		c := d.Key
		routes = append(routes, Route{ID: ClassRouteID(c), Label: d.Name, Icon: classIcon(d),
			New: func(env *Env) Screen { return newRegister(env, c) }})
	}
	routes = append(routes,
		Route{ID: "maintenance", Title: "gui.nav.maintenance", Icon: theme.SettingsIcon(),
			New: func(env *Env) Screen { return newMaintenance(env) }},
		Route{ID: "projects", Title: "gui.nav.projects", Icon: theme.StorageIcon(),
			New: func(env *Env) Screen { return newProjects(env) }},
		Route{ID: "map", Title: "gui.nav.map", Icon: theme.GridIcon(),
			New: func(env *Env) Screen { return newPlaceholder(env, "gui.nav.map") }},
		Route{ID: "report", Title: "gui.nav.report", Icon: theme.DocumentIcon(),
			New: func(env *Env) Screen { return newPlaceholder(env, "gui.nav.report") }},
		Route{ID: "settings", Title: "gui.nav.settings", Icon: theme.SettingsIcon(),
			New: func(env *Env) Screen { return newSettings(env) }},
	)
	return routes
}

// classIcon is a register's icon in the navigation, by the shape of its assets.
func classIcon(d *domain.ClassDef) fyne.Resource {
	switch d.Key {
	case domain.Vehicles:
		return theme.MailSendIcon()
	case domain.Lamps:
		return theme.VisibilityIcon()
	case domain.GreenAreas:
		return theme.ColorPaletteIcon()
	}
	switch d.Geometry {
	case domain.GeometryLine:
		return theme.MoreHorizontalIcon()
	case domain.GeometryPoint:
		return theme.RadioButtonIcon()
	case domain.GeometryPolygon:
		return theme.CheckButtonIcon()
	}
	return theme.NavigateNextIcon()
}

// Name is the route's navigation entry in the env's language.
func (rt Route) Name(env *Env) string {
	if rt.Label.ZH != "" {
		return rt.Label.In(env.Lang)
	}
	return env.T(rt.Title)
}

// placeholder stands for a screen another area has yet to deliver.
type placeholder struct {
	content fyne.CanvasObject
}

func newPlaceholder(env *Env, titleKey string) *placeholder {
	title := widget.NewLabelWithStyle(env.T(titleKey), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	msg := widget.NewLabel(env.T("gui.placeholder", map[string]any{"Name": env.T(titleKey)}))
	msg.Alignment = fyne.TextAlignCenter
	msg.Wrapping = fyne.TextWrapWord
	return &placeholder{content: container.NewCenter(container.NewVBox(
		widget.NewIcon(theme.InfoIcon()), title, msg))}
}

func (p *placeholder) Content() fyne.CanvasObject { return p.content }
func (p *placeholder) Refresh()                   {}
