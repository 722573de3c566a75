package exchange

import (
	"strings"
	"unicode"

	"cityledger/domain"
	"cityledger/domain/i18n"
)

// Options are the person's instructions for one import.
type Options struct {
	// Map names a field's source column (field key → header), over the automatic match.
	Map map[string]string
	// Set gives a field one value for every row, over any column.
	Set map[string]string
	// Values maps whole source values of a field onto others (field → from → to),
	// typically onto the enumerations: kind: "S.P.S." → "泵站".
	Values map[string]map[string]string
	// DateFormat is a Go time layout for dates not in YYYY-MM-DD ("02-Jan-06").
	DateFormat string
	// CRS names the source coordinate system ("EPSG:2056"), over what the file declares.
	CRS         string
	SkipInvalid bool
	DryRun      bool
	Source      string // the file, for the audit entry
	Progress    func(done, total int)
}

// ParseOptions reads ledgerctl's repeatable flags: --map FIELD=COL, --set
// FIELD=VALUE and --value FIELD:FROM=TO. A malformed flag or a field the kind
// does not have is misuse, reported as an error naming it.
func ParseOptions(k Kind, maps, sets, values []string) (Options, error) {
	o := Options{Map: map[string]string{}, Set: map[string]string{}, Values: map[string]map[string]string{}}
	bad := func(flag, v string) error {
		return domain.Errorf(domain.KindInvalid, "exchange.err.bad_option", map[string]any{"Flag": flag, "Value": v})
	}
	for _, m := range maps {
		f, col, ok := strings.Cut(m, "=")
		f = strings.TrimSpace(f)
		if !ok || f == "" || strings.TrimSpace(col) == "" {
			return o, bad("--map", m)
		}
		if err := knownField(k, f, true); err != nil {
			return o, err
		}
		o.Map[f] = col
	}
	for _, s := range sets {
		f, v, ok := strings.Cut(s, "=")
		f = strings.TrimSpace(f)
		if !ok || f == "" {
			return o, bad("--set", s)
		}
		if err := knownField(k, f, false); err != nil {
			return o, err
		}
		o.Set[f] = strings.TrimSpace(v)
	}
	for _, s := range values {
		f, rest, ok := strings.Cut(s, ":")
		from, to, ok2 := strings.Cut(rest, "=")
		f = strings.TrimSpace(f)
		if !ok || !ok2 || f == "" {
			return o, bad("--value", s)
		}
		if err := knownField(k, f, false); err != nil {
			return o, err
		}
		if o.Values[f] == nil {
			o.Values[f] = map[string]string{}
		}
		o.Values[f][strings.TrimSpace(from)] = strings.TrimSpace(to)
	}
	return o, nil
}

func knownField(k Kind, f string, geometryOK bool) error {
	if _, ok := k.Field(f); ok {
		return nil
	}
	if geometryOK && f == GeometryField && k.Geometric() {
		return nil
	}
	var keys []string
	for _, fd := range k.Fields() {
		keys = append(keys, fd.Key)
	}
	return domain.Errorf(domain.KindInvalid, "exchange.err.unknown_field",
		map[string]any{"Field": f, "Kind": string(k), "Fields": strings.Join(keys, ", ")})
}

// Mapping ties a table's columns to a kind's fields.
type Mapping struct {
	Kind Kind
	// Columns gives each mapped field's column index.
	Columns map[string]int
	// Geometry is the WKT column's index, -1 when there is none.
	Geometry int
	// Unused lists the headers no field reads, for the summary.
	Unused []string
}

// NewMapping matches header to k's fields: a header matches a field by its key
// or its Chinese name (ignoring case, spaces, underscores, a trailing "*" and a
// bracketed unit such as "面积(㎡)"); Options.Map overrides the match. A Map
// entry naming a column the table lacks is an error.
func NewMapping(k Kind, header []string, o Options) (*Mapping, error) {
	m := &Mapping{Kind: k, Columns: map[string]int{}, Geometry: -1}
	byNorm := map[string]int{}
	for i, h := range header {
		n := normHeader(h)
		if _, dup := byNorm[n]; !dup && n != "" {
			byNorm[n] = i
		}
	}
	used := map[int]bool{}
	take := func(field string, col int) {
		m.Columns[field] = col
		used[col] = true
	}
	// Explicit mappings first, so the automatic match cannot take their columns.
	for f, col := range o.Map {
		i := findColumn(header, col)
		if i < 0 {
			return nil, domain.Errorf(domain.KindInvalid, "exchange.err.no_column",
				map[string]any{"Column": col, "Columns": strings.Join(header, ", ")})
		}
		if f == GeometryField {
			m.Geometry = i
			used[i] = true
			continue
		}
		take(f, i)
	}
	for _, f := range k.Fields() {
		if _, done := m.Columns[f.Key]; done {
			continue
		}
		for _, alias := range fieldAliases(k, f) {
			if i, ok := byNorm[normHeader(alias)]; ok && !used[i] {
				take(f.Key, i)
				break
			}
		}
	}
	if k.Geometric() && m.Geometry < 0 {
		for _, name := range wktColumnNames {
			if i, ok := byNorm[normHeader(name)]; ok && !used[i] {
				m.Geometry = i
				used[i] = true
				break
			}
		}
	}
	for i, h := range header {
		if !used[i] && strings.TrimSpace(h) != "" {
			m.Unused = append(m.Unused, h)
		}
	}
	return m, nil
}

// missingRequired lists required fields that neither a column nor --set provides.
func (m *Mapping) missingRequired(o Options) []string {
	var out []string
	for _, f := range m.Kind.Fields() {
		if !f.Required {
			continue
		}
		if _, ok := m.Columns[f.Key]; ok {
			continue
		}
		if _, ok := o.Set[f.Key]; ok {
			continue
		}
		out = append(out, f.Key)
	}
	return out
}

// findColumn finds a column by its exact header, else by its normalised form.
func findColumn(header []string, col string) int {
	for i, h := range header {
		if h == col {
			return i
		}
	}
	n := normHeader(col)
	for i, h := range header {
		if normHeader(h) == n {
			return i
		}
	}
	return -1
}

// fieldAliases are the headers a field is recognised by, most specific first.
func fieldAliases(k Kind, f Field) []string {
	out := []string{f.Key, f.Chinese}
	if i18n.Has(i18n.ZH, "field."+f.Key) {
		out = append(out, i18n.T(i18n.ZH, "field."+f.Key, nil))
	}
	if i18n.Has(i18n.EN, "field."+f.Key) {
		out = append(out, i18n.T(i18n.EN, "field."+f.Key, nil))
	}
	switch f.Key {
	case "lon":
		out = append(out, "longitude", "lng")
	case "lat":
		out = append(out, "latitude")
	case "code":
		if k == Projects {
			out = append(out, "project_code")
		}
	}
	return out
}

// normHeader folds a header for matching: lower case, no spaces, underscores,
// hyphens, trailing "*" (a template's required mark) or bracketed suffix.
func normHeader(h string) string {
	h = strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF"))
	h = strings.TrimRight(h, "*＊ ")
	for _, open := range []string{"(", "（", "["} {
		if i := strings.Index(h, open); i > 0 {
			h = h[:i]
		}
	}
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		if unicode.IsSpace(r) || r == '_' || r == '-' {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
