package gui

import (
	"fyne.io/fyne/v2"

	"cityledger/domain"
)

// Screen is one entry of the navigation. Its constructor builds the widgets; Refresh
// reloads its data in the background (it is called each time the screen is shown and
// after the database changes) and must return at once.
type Screen interface {
	Content() fyne.CanvasObject
	Refresh()
}

// Route names a screen and tells how to build it. The screen packages make their routes
// (registers.Routes, dashboard.Route…); main lists them in navigation order in
// Options.Routes.
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

// First is the ID of the first route, "" when there is none.
func (r *Router) First() string {
	if len(r.routes) == 0 {
		return ""
	}
	return r.routes[0].ID
}

// ClassRouteID is the route ID of a register: the class key (lamps, sewer-pipes…).
func ClassRouteID(c domain.Class) string { return string(c) }

// Name is the route's navigation entry in the env's language.
func (rt Route) Name(env *Env) string {
	if rt.Label.ZH != "" {
		return rt.Label.In(env.Lang)
	}
	return env.T(rt.Title)
}
