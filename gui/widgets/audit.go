package widgets

import (
	"encoding/json"
	"strings"

	"cityledger/domain"
	"cityledger/domain/i18n"
	"cityledger/gui"
)

// AuditLine is one change for a person: "2020-05-01 09:30 张三 修改 路灯 LD-001 功率：60 → 80".
// Creations and deletions hold the whole row, which is summed up by the action alone.
func AuditLine(env *gui.Env, c domain.AuditEntry) string {
	what := entityName(env, c.Entity)
	code := c.Code
	var class *domain.ClassDef
	if cls, rest, ok := strings.Cut(c.Code, ":"); ok {
		if def, isClass := env.ClassOf(domain.Class(cls)); isClass {
			what, code, class = def.Title(env.Lang), rest, def
		}
	}
	s := c.At.Local().Format("2006-01-02 15:04") + " " + c.Who + " " + actionName(env, c.Action) + " " + what
	if code != "" {
		s += " " + code
	}
	colon := "："
	if env.Lang != i18n.ZH {
		colon = ": "
	}
	switch {
	case c.Action == "import" && c.Entity != "batch" && c.Field != "*" && strings.HasPrefix(c.Old, "{"):
		// One imported row's changes: its changed fields' old and new values.
		var old, new map[string]string
		if json.Unmarshal([]byte(c.Old), &old) == nil && json.Unmarshal([]byte(c.New), &new) == nil {
			var parts []string
			for _, k := range strings.Split(c.Field, ",") {
				name := FieldName(env, k)
				if class != nil {
					if f, ok := class.Field(k); ok {
						name = f.Name(env.Lang)
					}
				}
				parts = append(parts, name+colon+shown(old[k])+" → "+shown(new[k]))
			}
			s += " " + strings.Join(parts, "; ")
		}
	case c.Action == "import" && c.Entity != "batch":
		// An imported new row: the file it came from.
		if c.New != "" && !strings.HasPrefix(c.New, "{") {
			s += " " + c.New
		}
	case c.Action == "import":
		// A bulk load's one entry: the source file and what the import did.
		var sum domain.ImportSummary
		if json.Unmarshal([]byte(c.New), &sum) == nil {
			s += " " + c.Field + colon + env.T("exchange.summary", map[string]any{"Added": sum.Added, "Updated": sum.Updated,
				"Unchanged": sum.Unchanged, "Rejected": sum.Rejected, "Warnings": len(sum.Warnings)})
		}
	case c.Field != "" && c.Field != "*":
		name := FieldName(env, c.Field)
		if class != nil {
			// A class's own field is named by its declared label.
			if f, ok := class.Field(c.Field); ok {
				name = f.Name(env.Lang)
			}
		}
		s += " " + name + colon + shown(c.Old) + " → " + shown(c.New)
	case c.Field == "*" && !strings.HasPrefix(c.New, "{") && c.New != "":
		s += " " + c.New
	}
	return s
}

// shown is an audited value as printed: an empty one as a dash.
func shown(v string) string {
	if v == "" {
		return "—"
	}
	// Multi-line values (an indicator table) stay on the change's one line.
	return strings.ReplaceAll(strings.TrimSpace(v), "\n", " / ")
}

func actionName(env *gui.Env, action string) string {
	if k := "gui.action." + action; i18n.Has(env.Lang, k) {
		return env.T(k)
	}
	return action
}

func entityName(env *gui.Env, entity string) string {
	if entity == domain.AuditAssets {
		return env.T("entity.asset")
	}
	if def, ok := env.ClassOf(domain.Class(entity)); ok {
		return def.Title(env.Lang)
	}
	if i18n.Has(env.Lang, "entity."+entity) {
		return env.T("entity." + entity)
	}
	return entity
}
