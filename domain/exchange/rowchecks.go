package exchange

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/paulmach/orb"

	"cityledger/domain"
	"cityledger/domain/i18n"
)

// Checks the converter makes around its per-row conversion: what a reader
// found wrong with a row, control characters in cells, the validity of a
// geometry once in WGS84.

const ruleControlChar = "control_char"

// multiLineFields may hold tabs and line breaks: the prose of notes and of a
// project's performance report. Every other field is one line of text.
var multiLineFields = map[string]bool{
	"note": true, "goal": true, "result": true, "problems": true, "next_steps": true, "summary": true,
	"target": true, "actual": true,
}

func allowsBreaks(field string) bool {
	return multiLineFields[field] || strings.HasPrefix(field, "note_")
}

// controlChar finds the first control character of s that field may not hold:
// NUL and the other C0 and C1 controls, DEL; tab, CR and LF only in multi-line
// fields. A NUL stored in a register truncates it in other programs; the rest
// are invisible and make two equal-looking codes differ.
func controlChar(s, field string) (rune, bool) {
	breaks := allowsBreaks(field)
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			if !breaks {
				return r, true
			}
		case r < 0x20 || r == 0x7F || (r >= 0x80 && r <= 0x9F):
			return r, true
		}
	}
	return 0, false
}

// visible writes s for a message with its control characters spelled out
// ("A\x00B" → "A\u0000B"), abbreviated.
func visible(s string) string {
	var b strings.Builder
	for _, r := range abbreviate(s) {
		if r < 0x20 || r == 0x7F || (r >= 0x80 && r <= 0x9F) {
			fmt.Fprintf(&b, "\\u%04X", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func controlCharError(row int, field, value string, r rune) domain.FieldError {
	return domain.FieldError{Row: row, Field: field, Value: visible(value), Rule: ruleControlChar,
		Params: map[string]string{"Char": fmt.Sprintf("U+%04X", r)}}
}

// checkSetValues refuses a --set value holding a control character.
func checkSetValues(o Options) error {
	var fe []domain.FieldError
	keys := make([]string, 0, len(o.Set))
	for k := range o.Set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if r, bad := controlChar(o.Set[k], k); bad {
			fe = append(fe, controlCharError(0, k, o.Set[k], r))
		}
	}
	return domain.Invalid(fe...)
}

// refuseRow records the row as rejected when its reader found it broken or a
// cell the import reads holds a control character; it reports whether it did.
// Cells of columns no field reads are not looked at: they are not stored.
func (c *converter) refuseRow(src *Row) bool {
	errs := src.Errors
	for i := range errs {
		errs[i].Row = src.Num
	}
	for _, field := range c.checkedFields() {
		if _, set := c.o.Set[field]; set {
			continue
		}
		v := src.Cell(c.m.Columns[field])
		if r, bad := controlChar(v, field); bad {
			errs = append(errs, controlCharError(src.Num, field, v, r))
		}
	}
	if c.m.Geometry >= 0 {
		if v := src.Cell(c.m.Geometry); v != "" {
			if r, bad := controlChar(v, GeometryField); bad && r != '\n' && r != '\r' && r != '\t' {
				errs = append(errs, controlCharError(src.Num, GeometryField, v, r))
			}
		}
	}
	if len(errs) == 0 {
		return false
	}
	c.res.Errors = append(c.res.Errors, errs...)
	c.res.Rejected++
	return true
}

// checkedFields lists the mapped fields the row checks look at, in the kind's
// order, so that a row's errors come out the same way every time.
func (c *converter) checkedFields() []string {
	if c.fields == nil {
		c.fields = []string{}
		for _, f := range c.m.Layout.Fields {
			if _, ok := c.m.Columns[f.Key]; ok {
				c.fields = append(c.fields, f.Key)
			}
		}
	}
	return c.fields
}

// failWKT reports a WKT cell that does not parse, saying where.
func (r *row) failWKT(s string, err error) {
	var we *WKTError
	if errors.As(err, &we) {
		r.fail(GeometryField, abbreviate(s), ruleWKT, map[string]string{"Pos": fmt.Sprint(we.Pos), "Near": visible(we.Near)})
		return
	}
	r.fail(GeometryField, abbreviate(s), ruleWKT, map[string]string{"Pos": "1", "Near": visible(abbreviate(s))})
}

// checked validates the row's geometry in WGS84 (see checkGeometry): errors
// refuse the row naming the field; a repair is kept with a warning saying
// what was done.
func (r *row) checked(field string, g orb.Geometry) orb.Geometry {
	out, problems := checkGeometry(g, !r.c.fromWGS84)
	for _, p := range problems {
		fe := domain.FieldError{Field: field, Value: p.value, Rule: p.rule, Params: p.params}
		if p.rule == ruleCoordsRange || p.rule == ruleCoordsReproject {
			if r.c.crs != "" {
				fe.Params = map[string]string{"CRS": abbreviate(r.c.crs)}
			}
		} else if field != GeometryField {
			fe.Field = GeometryField
		}
		if p.repair {
			r.warn = append(r.warn, fe)
			continue
		}
		r.add(fe)
	}
	return out
}

// columnListMax is how many column names a notice lists before "and N more".
const columnListMax = 5

// ColumnList names columns for a notice: at most a few, each abbreviated and
// with control characters spelled out, then how many more there are, so that a
// file of thousands of columns gives one readable line.
func ColumnList(lang i18n.Lang, cols []string) string {
	var names []string
	for i, c := range cols {
		if i == columnListMax {
			sep := ", "
			if lang == i18n.ZH {
				sep = "、"
			}
			return strings.Join(names, sep) + i18n.T(lang, "exchange.more_columns", map[string]any{"N": len(cols) - i})
		}
		names = append(names, visible(c))
	}
	if lang == i18n.ZH {
		return strings.Join(names, "、")
	}
	return strings.Join(names, ", ")
}
