package exchange

import (
	"strings"

	"cityledger/domain/i18n"
)

// Describe says in lang what the column takes: its values, unit or format, as the
// template's help sheet says it (ledgerctl help import KIND prints it).
func (f Field) Describe(lang i18n.Lang) string { return describeField(f, lang) }

// Headers are the headers an import recognises the field by, each once (ignoring
// case): key, Chinese header, labels, then the declared aliases.
func (l *Layout) Headers(f Field) []string {
	seen := map[string]bool{}
	var out []string
	for _, h := range allNames(l, f) {
		if h = strings.TrimSpace(h); h != "" && !seen[strings.ToLower(h)] {
			seen[strings.ToLower(h)] = true
			out = append(out, h)
		}
	}
	return out
}

// GeometryHeaders are the headers a WKT geometry column is recognised by.
func GeometryHeaders() []string { return append([]string(nil), wktColumnNames...) }

// DescribeGeometry says in lang how rows of a geometric kind give their geometry.
func (l *Layout) DescribeGeometry(lang i18n.Lang) string {
	key := "exchange.template.geometry_wkt"
	if l.PointColumns() {
		key = "exchange.template.geometry_point"
	}
	return i18n.T(lang, key, map[string]any{"Allowed": allowedGeometry(l.Class)})
}
