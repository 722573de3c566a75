package storage

import (
	"errors"
	"sort"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"cityledger/domain"
	"cityledger/domain/i18n"
)

// translate turns a database error into a domain error a person can act on.
func translate(err error, entity, key string) error {
	if err == nil {
		return nil
	}
	var de *domain.Error
	if errors.As(err, &de) {
		return err
	}
	what := i18n.Key("entity." + entity)
	if domain.Class(entity).Valid() {
		what = i18n.Key("class." + entity)
	}
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return domain.Errorf(domain.KindNotFound, "err.not_found", map[string]any{"What": what, "Key": key})
	}
	msg := strings.ToLower(err.Error())
	switch {
	case strings.Contains(msg, "unique constraint") || strings.Contains(msg, "duplicate key"):
		return domain.Errorf(domain.KindConflict, "err.code_taken", map[string]any{"What": what, "Key": key})
	case strings.Contains(msg, "foreign key"):
		return &domain.Error{Kind: domain.KindInvalid, Code: "err.internal", Params: map[string]any{"Op": "save"}, Err: err}
	}
	return domain.Internal("save", err)
}

func conflict(entity, key string, mine, theirs int64) error {
	return domain.Errorf(domain.KindConflict, "err.conflict", map[string]any{
		"What": entityKey(entity), "Key": key, "Mine": mine, "Theirs": theirs, "Diff": domain.FieldDiffs(nil)})
}

// conflictWithDiff is conflict plus the fields where the stale edit and the stored
// row differ, both values shown.
func conflictWithDiff(entity, key string, mine, theirs int64, mineFields, theirFields map[string]string) error {
	var diffs domain.FieldDiffs
	for _, k := range sortedKeys(mineFields) {
		if mineFields[k] != theirFields[k] {
			diffs = append(diffs, domain.FieldDiff{Field: k, Mine: mineFields[k], Theirs: theirFields[k]})
		}
	}
	return domain.Errorf(domain.KindConflict, "err.conflict", map[string]any{
		"What": entityKey(entity), "Key": key, "Mine": mine, "Theirs": theirs, "Diff": diffs})
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func entityKey(entity string) i18n.Key {
	if domain.Class(entity).Valid() {
		return i18n.Key("class." + entity)
	}
	return i18n.Key("entity." + entity)
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

func boolText(b bool) string {
	if b {
		return "是"
	}
	return "否"
}
