package domain

import "cityledger/domain/i18n"

// Role is what a login may do with a shared register (issue 16). The server enforces
// it (PostgreSQL roles cityledger_viewer … cityledger_admin, their grants, triggers and
// functions); the programs read it to say in advance what a person may not do.
// Each role may do everything the ones before it may.
type Role int

const (
	// RoleViewer reads: registers, statistics, reports, checks, exports, backups.
	RoleViewer Role = iota + 1
	// RoleEditor also writes the registers, maintenance records, projects and their
	// indicators, cases and imports of those.
	RoleEditor
	// RoleFinance also writes the year settings and closes and reopens years.
	RoleFinance
	// RoleAdmin also restores backups, declares asset classes, migrates the schema and
	// manages who has which role.
	RoleAdmin
	// RoleOwner owns the database (or is alone with it: SQLite, or a server without
	// roles): everything, including `access setup`.
	RoleOwner
)

// Roles lists the roles a login can be granted, least first.
var Roles = []Role{RoleViewer, RoleEditor, RoleFinance, RoleAdmin}

// ServerName is the role's PostgreSQL group role ("" for the owner).
func (r Role) ServerName() string {
	switch r {
	case RoleViewer:
		return "cityledger_viewer"
	case RoleEditor:
		return "cityledger_editor"
	case RoleFinance:
		return "cityledger_finance"
	case RoleAdmin:
		return "cityledger_admin"
	}
	return ""
}

// RoleByName finds a role by its server name or its short name (viewer, editor,
// finance, admin).
func RoleByName(name string) (Role, bool) {
	for _, r := range Roles {
		if name == r.ServerName() || "cityledger_"+name == r.ServerName() {
			return r, true
		}
	}
	return 0, false
}

// Localize names the role in lang ("查看者", "viewer").
func (r Role) Localize(lang i18n.Lang) string {
	switch r {
	case RoleViewer, RoleEditor, RoleFinance, RoleAdmin, RoleOwner:
		return i18n.T(lang, "access.role."+r.key(), nil)
	}
	return i18n.T(lang, "access.role.none", nil)
}

func (r Role) key() string {
	switch r {
	case RoleViewer:
		return "viewer"
	case RoleEditor:
		return "editor"
	case RoleFinance:
		return "finance"
	case RoleAdmin:
		return "admin"
	case RoleOwner:
		return "owner"
	}
	return "none"
}

// Access is what the login a store was opened with may do.
type Access struct {
	// Login is the name the server knows the person by (the operating system's user on
	// SQLite).
	Login string
	// Role is the highest role the login holds (RoleOwner when alone with the data);
	// 0 when a server with roles set up grants this login none of them.
	Role Role
	// Managed is true when the server has CityLedger's roles (`access setup` ran).
	Managed bool
}

// May reports whether the login holds need (or a role above it).
func (a Access) May(need Role) bool { return a.Role >= need }

// Require refuses, saying who the login is, what it is and what it would need, when
// it does not hold need. action is a catalogue key naming what was asked.
func (a Access) Require(need Role, action i18n.Key) error {
	if a.May(need) {
		return nil
	}
	return Errorf(KindEnvironment, "err.role_refused", map[string]any{"Login": a.Login, "Role": a.Role,
		"Need": need, "Action": action, "Grant": need.ServerName()})
}
