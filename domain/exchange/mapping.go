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
	CRS string
	// HeaderRow is the sheet row (as a spreadsheet numbers it) that holds the headers;
	// 0 finds it: the row among the first ones whose cells name the most fields.
	HeaderRow   int
	SkipInvalid bool
	DryRun      bool
	// Overwrite and Seen are the batch's (domain.Batch): replace rows someone else
	// changed since the preview Seen read them.
	Overwrite bool
	Seen      *domain.ReadMark
	Source    string // the file, for the audit entry
	Progress  func(done, total int)
}

// ParseOptions reads ledgerctl's repeatable flags: --map FIELD=COL, --set
// FIELD=VALUE and --value FIELD:FROM=TO. A malformed flag or a field the kind
// does not have is misuse, reported as an error naming it.
func ParseOptions(l *Layout, maps, sets, values []string) (Options, error) {
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
		if err := knownField(l, f, true); err != nil {
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
		if err := knownField(l, f, false); err != nil {
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
		if err := knownField(l, f, false); err != nil {
			return o, err
		}
		if o.Values[f] == nil {
			o.Values[f] = map[string]string{}
		}
		o.Values[f][strings.TrimSpace(from)] = strings.TrimSpace(to)
	}
	return o, nil
}

func knownField(l *Layout, f string, geometryOK bool) error {
	if _, ok := l.Field(f); ok {
		return nil
	}
	if geometryOK && f == GeometryField && l.Geometric() {
		return nil
	}
	var keys []string
	for _, fd := range l.Fields {
		keys = append(keys, fd.Key)
	}
	return domain.Errorf(domain.KindInvalid, "exchange.err.unknown_field",
		map[string]any{"Field": f, "Kind": string(l.Kind), "Fields": strings.Join(keys, ", ")})
}

// Mapping ties a table's columns to a kind's fields.
type Mapping struct {
	Layout *Layout
	// Columns gives each mapped field's column index.
	Columns map[string]int
	// Geometry is the WKT column's index, -1 when there is none.
	Geometry int
	// Unused lists the headers no field reads, for the summary.
	Unused []string
	// Suggestions gives, for an unused header, the field it most likely means.
	Suggestions map[string]string
}

// NewMapping matches header to l's fields: a header matches a field by its key, its
// Chinese header, its labels or one of its declared aliases (ignoring case, spaces,
// underscores, a trailing "*" and a bracketed unit such as "功率(W)"); Options.Map
// overrides the match. A Map entry naming a column the table lacks is an error. A
// leading row-number column (序号) that no field claims is passed over silently; for
// every other unused header the closest field is suggested.
func NewMapping(l *Layout, header []string, o Options) (*Mapping, error) {
	m := &Mapping{Layout: l, Columns: map[string]int{}, Geometry: -1, Suggestions: map[string]string{}}
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
	// Keys, Chinese headers and labels first, everyday aliases after: a file with both
	// 类别 and 类型 maps each to the field of that name.
	for pass := 0; pass < 2; pass++ {
		for _, f := range l.Fields {
			if _, done := m.Columns[f.Key]; done {
				continue
			}
			names := fieldNames(l, f)
			if pass == 1 {
				names = f.Aliases()
			}
			for _, alias := range names {
				if i, ok := byNorm[normHeader(alias)]; ok && !used[i] && alias != "" {
					take(f.Key, i)
					break
				}
			}
		}
	}
	if l.Geometric() && m.Geometry < 0 {
		for _, name := range wktColumnNames {
			if i, ok := byNorm[normHeader(name)]; ok && !used[i] {
				m.Geometry = i
				used[i] = true
				break
			}
		}
	}
	for i, h := range header {
		if used[i] || strings.TrimSpace(h) == "" {
			continue
		}
		if isRowNumberHeader(h) {
			continue
		}
		m.Unused = append(m.Unused, h)
		if f := closestField(l, h, m.Columns); f != "" {
			m.Suggestions[h] = f
		}
	}
	return m, nil
}

// missingKeys lists the identifying fields (a class's code, a project's code and year)
// that neither a column nor --set provides: without them no row can be matched. Records
// and cases are never updated field by field from a file (a record has no key; a case
// export always carries its number, source, category and report time), so every
// required column of theirs is needed.
func (m *Mapping) missingKeys(o Options) []string {
	keys := keyFields[m.Layout.Kind]
	if m.Layout.Class != nil {
		keys = []string{"code"}
	}
	if m.Layout.Kind == Maintenance || m.Layout.Kind == Cases {
		keys = nil
		for _, f := range m.Layout.Fields {
			if f.Required {
				keys = append(keys, f.Key)
			}
		}
	}
	var out []string
	for _, k := range keys {
		if _, ok := m.Columns[k]; ok {
			continue
		}
		if _, ok := o.Set[k]; ok {
			continue
		}
		out = append(out, k)
	}
	return out
}

// present lists the fields the import sets: those with a column or a --set value,
// and the geometry when the file carries one.
func (m *Mapping) present(o Options, format string) []string {
	var out []string
	for _, f := range m.Layout.Fields {
		_, col := m.Columns[f.Key]
		_, set := o.Set[f.Key]
		if col || set {
			out = append(out, f.Key)
		}
	}
	if m.Layout.Geometric() {
		_, lon := m.Columns["lon"]
		_, lat := m.Columns["lat"]
		if m.Geometry >= 0 || lon || lat || format == "geojson" || format == "shapefile" {
			out = append(out, GeometryField)
		}
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

// fieldNames are the headers a field is known by for certain: key, Chinese header,
// labels and the catalogue's field name.
func fieldNames(l *Layout, f Field) []string {
	out := []string{f.Key, f.Chinese}
	if f.Decl != nil {
		out = append(out, f.Decl.Label.ZH, f.Decl.Label.EN)
	} else {
		if i18n.Has(i18n.ZH, "field."+f.Key) {
			out = append(out, i18n.T(i18n.ZH, "field."+f.Key, nil))
		}
		if i18n.Has(i18n.EN, "field."+f.Key) {
			out = append(out, i18n.T(i18n.EN, "field."+f.Key, nil))
		}
	}
	switch f.Key {
	case "code":
		if l.Kind == Projects {
			out = append(out, "project_code")
		}
	}
	return out
}

// allNames are every header a field is recognised by.
func allNames(l *Layout, f Field) []string { return append(fieldNames(l, f), f.Aliases()...) }

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
		if unicode.IsSpace(r) || r == '_' || r == '-' || r == '\u3000' {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isRowNumberHeader reports a spreadsheet's row-number column (序号, No.).
func isRowNumberHeader(h string) bool {
	switch normHeader(h) {
	case "序号", "序", "no", "no.", "#", "行号", "编号序号":
		return true
	}
	return false
}

// closestField is the field an unknown header most likely means: one whose name or
// alias it contains or is contained in, else one within a small edit distance; "" when
// none is close, or the field is mapped already.
func closestField(l *Layout, header string, mapped map[string]int) string {
	h := []rune(normHeader(header))
	if len(h) == 0 {
		return ""
	}
	best, bestScore := "", 0
	for _, f := range l.Fields {
		if _, done := mapped[f.Key]; done {
			continue
		}
		for _, name := range allNames(l, f) {
			n := []rune(normHeader(name))
			if len(n) < 2 {
				continue
			}
			score := 0
			switch {
			case strings.Contains(string(h), string(n)) || strings.Contains(string(n), string(h)):
				score = 100 - abs(len(n)-len(h))
			default:
				d := editDistance(h, n)
				limit := 1
				if len(n) >= 5 {
					limit = 2
				}
				switch {
				case d <= limit:
					score = 50 - d
				case sharedRunes(h, n)*4 >= 3*min(len(h), len(n)) && min(len(h), len(n)) >= 3:
					// The same characters in another order: 所在路段 for 所在道路.
					score = 30
				}
			}
			if score > bestScore {
				best, bestScore = f.Key, score
			}
		}
	}
	return best
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// sharedRunes counts the characters a and b have in common (each used once).
func sharedRunes(a, b []rune) int {
	left := map[rune]int{}
	for _, r := range a {
		left[r]++
	}
	n := 0
	for _, r := range b {
		if left[r] > 0 {
			left[r]--
			n++
		}
	}
	return n
}

func editDistance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// headerScore counts the distinct fields a row's cells name: how likely the row is the
// header.
func headerScore(l *Layout, cells []string) int {
	names := map[string]string{}
	for _, f := range l.Fields {
		for _, n := range allNames(l, f) {
			if k := normHeader(n); k != "" {
				if _, taken := names[k]; !taken {
					names[k] = f.Key
				}
			}
		}
	}
	if l.Geometric() {
		for _, n := range wktColumnNames {
			names[normHeader(n)] = GeometryField
		}
	}
	hit := map[string]bool{}
	for _, c := range cells {
		if f, ok := names[normHeader(c)]; ok {
			hit[f] = true
		}
	}
	return len(hit)
}

// headerSearchRows is how far down a sheet the header is looked for.
const headerSearchRows = 30

// DetectHeaderRow finds the row of t (among the first ones) whose cells name the most
// fields of l: the header of a sheet with a title row and blank rows above it. It
// returns the row's number as the sheet numbers it, or 0 to keep the reader's header.
func DetectHeaderRow(t *Table, l *Layout) int {
	rows := t.sourceRows()
	best, bestScore := 0, 0
	for i, r := range rows {
		if i >= headerSearchRows {
			break
		}
		if s := headerScore(l, r.Cells); s > bestScore {
			best, bestScore = i, s
		}
	}
	if best == 0 || bestScore < 2 {
		return 0
	}
	return rows[best].Num
}
