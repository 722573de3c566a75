package domain

import (
	"errors"
	"strings"

	"cityledger/domain/i18n"
)

// Kind classifies an error by what the person seeing it can do about it.
type Kind string

const (
	KindInvalid  Kind = "invalid"   // the input breaks a rule: fix the named field
	KindNotFound Kind = "not_found" // the thing referred to does not exist
	KindConflict Kind = "conflict"  // someone else changed it, or the code is taken
	KindClosed   Kind = "closed"    // the year is closed for changes
	// KindEnvironment: the machine or a server refused (disk full, permission, server
	// down, file damaged): the message says what happened and what to do; ledgerctl
	// exits 3.
	KindEnvironment Kind = "environment"
	KindInternal    Kind = "internal" // a fault of the program: its cause goes to the log
)

// FieldError is one broken rule: which row (of an import; 0 for a form), which field,
// the offending value and the rule. Its message comes from the catalogue key
// "rule.<Rule>" with Params plus Field and Value.
type FieldError struct {
	Row int `json:"row,omitempty"`
	// Item names the thing the error is about when there is no row to point at (the
	// asset code in a bulk edit of a selection).
	Item   string            `json:"item,omitempty"`
	Field  string            `json:"field"`
	Value  string            `json:"value"`
	Rule   string            `json:"rule"`
	Params map[string]string `json:"params,omitempty"`
	// Label names the field in both languages when it is a declared field of a class
	// (a user's own field has no catalogue key).
	Label *Label `json:"label,omitempty"`
}

// Message renders the rule's sentence alone, without row or field prefix.
func (f FieldError) Message(lang i18n.Lang) string {
	p := map[string]any{"Field": f.fieldName(lang), "Value": f.Value}
	for k, v := range f.Params {
		switch k {
		case "Class": // a class's Chinese name, rendered in the message's language
			if en := f.Params["ClassEN"]; lang == i18n.EN && en != "" {
				v = en
			} else {
				v = i18n.Enum(lang, v)
			}
		case "Rows": // row numbers joined the Chinese way ("2、4")
			if lang != i18n.ZH {
				v = strings.ReplaceAll(v, "、", ", ")
			}
		case "OtherField", "TimeField": // another field's key, named in the message's language
			v = FieldName(lang, v)
		case "Category": // a case category (部件, 事件)
			v = i18n.Enum(lang, v)
		case "Count": // how many rows share one remark: "（共163行）", nothing for one
			if v == "1" {
				v = ""
			} else if v != "" {
				v = i18n.T(lang, "err.rows_sharing", map[string]any{"N": v})
			}
		}
		p[k] = v
	}
	if _, ok := p["Count"]; !ok {
		p["Count"] = ""
	}
	return i18n.T(lang, "rule."+f.Rule, p)
}

// Render is the whole line: "第3行 单位“XX”：…" / "row 3, unit "XX": …".
func (f FieldError) Render(lang i18n.Lang) string {
	p := map[string]any{
		"Row": f.Row, "Field": f.fieldName(lang), "Value": f.Value, "Message": f.Message(lang),
	}
	if f.Item != "" {
		p["Item"] = f.Item
		return i18n.T(lang, "err.item_field", p)
	}
	switch {
	case f.Row > 0 && f.Value != "":
		return i18n.T(lang, "err.row_field_value", p)
	case f.Row > 0:
		return i18n.T(lang, "err.row_field", p)
	case f.Value != "":
		return i18n.T(lang, "err.field_value", p)
	default:
		return i18n.T(lang, "err.field", p)
	}
}

func (f FieldError) fieldName(lang i18n.Lang) string {
	if f.Label != nil && f.Label.ZH != "" {
		return f.Label.In(lang)
	}
	return FieldName(lang, f.Field)
}

// ClassParams are the message parameters that name a class in both languages (see
// FieldError.Message).
func ClassParams(d *ClassDef, params map[string]string) map[string]string {
	if params == nil {
		params = map[string]string{}
	}
	params["Class"] = d.Name.ZH
	if d.Name.EN != "" {
		params["ClassEN"] = d.Name.EN
	}
	return params
}

// FieldName renders a field key (code, unit, cost…) in lang.
func FieldName(lang i18n.Lang, field string) string {
	if i18n.Has(lang, "field."+field) {
		return i18n.T(lang, "field."+field, nil)
	}
	return field
}

// Error is the one error type the domain and its adapters return to callers.
// Code is a catalogue key; Params fill its placeholders. Fields lists broken rules
// of an invalid input. Err keeps the underlying cause for the log.
type Error struct {
	Kind   Kind
	Code   string
	Params map[string]any
	Fields []FieldError
	Err    error
}

// Error renders in the process's default language (i18n.SetDefault). Without an
// installed reporter (tests, tools) an internal error also shows its cause, for the
// developer; programs that show errors to people install one (SetInternalReporter)
// and the cause goes to its log instead.
func (e *Error) Error() string {
	s := e.Render(i18n.Default())
	if e.Kind == KindInternal && e.Err != nil && currentReporter() == nil {
		s += " (" + e.Err.Error() + ")"
	}
	return s
}

// Unwrap exposes the cause for errors.Is/As.
func (e *Error) Unwrap() error { return e.Err }

// Render is the message in lang; invalid input lists every broken rule on its own line.
func (e *Error) Render(lang i18n.Lang) string {
	var b strings.Builder
	if e.Code != "" {
		b.WriteString(i18n.T(lang, e.Code, e.Params))
	}
	for i, f := range e.Fields {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		if i >= 50 {
			b.WriteString(i18n.T(lang, "err.more_errors", map[string]any{"N": len(e.Fields) - i}))
			break
		}
		b.WriteString(f.Render(lang))
	}
	if e.Kind == KindInternal {
		if log := e.report(); log != "" {
			b.WriteString(i18n.T(lang, "err.see_log", map[string]any{"Log": log}))
		}
	}
	return b.String()
}

// Invalid builds a KindInvalid error from broken rules (nil when there are none).
func Invalid(fields ...FieldError) error {
	if len(fields) == 0 {
		return nil
	}
	return &Error{Kind: KindInvalid, Code: "err.invalid", Params: map[string]any{"N": len(fields)}, Fields: fields}
}

// Errorf builds an error of kind with a catalogue code and params.
func Errorf(kind Kind, code string, params map[string]any) error {
	return &Error{Kind: kind, Code: code, Params: params}
}

// Internal wraps a fault that is nobody's input: the message says what was being done.
func Internal(op string, err error) error {
	if err == nil {
		return nil
	}
	var de *Error
	if errors.As(err, &de) {
		return err
	}
	return &Error{Kind: KindInternal, Code: "err.internal", Params: map[string]any{"Op": op}, Err: err}
}

// ErrorKind is the Kind of err, KindInternal for foreign errors, "" for nil.
func ErrorKind(err error) Kind {
	if err == nil {
		return ""
	}
	var de *Error
	if errors.As(err, &de) {
		return de.Kind
	}
	return KindInternal
}

// Message renders any error for a person in lang.
func Message(lang i18n.Lang, err error) string {
	if err == nil {
		return ""
	}
	var de *Error
	if errors.As(err, &de) {
		return de.Render(lang)
	}
	// A foreign error is a fault of the program: its text goes to the log only.
	return Internal("?", err).(*Error).Render(lang)
}

// FieldErrors returns the broken rules carried by err (nil when none).
func FieldErrors(err error) []FieldError {
	var de *Error
	if errors.As(err, &de) {
		return de.Fields
	}
	return nil
}

// FieldDiff is one field on which a stale edit and the stored row disagree.
type FieldDiff struct {
	Field, Mine, Theirs string
}

// FieldDiffs renders as one line per field in the message's language, so that a
// conflict shows both values and the person can choose to reload.
type FieldDiffs []FieldDiff

// Localize implements i18n.Localized.
func (ds FieldDiffs) Localize(lang i18n.Lang) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString("\n")
		b.WriteString(i18n.T(lang, "err.conflict_field", map[string]any{"Field": FieldName(lang, d.Field), "Mine": d.Mine, "Theirs": d.Theirs}))
	}
	return b.String()
}
