package storage

import (
	"context"
	"database/sql/driver"
	"errors"
	"net"
	"sort"
	"strconv"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"
	"gorm.io/gorm"

	"cityledger/domain"
	"cityledger/domain/i18n"
)

// subject names what an error is about (an asset, a project…) by its catalogue key, or
// a user class by the name its declaration gives. It is a struct so that a bare string
// cannot stand for one: the keys are built here and nowhere else (a test renders every
// one in both languages).
type subject struct {
	key   i18n.Key
	label domain.Label // a user class's name (key empty)
}

// value is the message parameter that names the subject in the reader's language.
func (s subject) value() any {
	if s.key == "" {
		return s.label
	}
	return s.key
}

var (
	subjectAsset     = subject{key: "entity.asset"}
	subjectUnit      = subject{key: "entity.units"}
	subjectProject   = subject{key: "entity.projects"}
	subjectIndicator = subject{key: "entity.indicators"}
	subjectRecord    = subject{key: "entity.maintenance"}
	subjectSettings  = subject{key: "entity.year-settings"}
	subjectCase      = subject{key: "entity.cases"}
)

// classSubject names an asset of built-in class c ("路灯"); any other class is an
// asset (defSubject names a user class from its declaration).
func classSubject(c domain.Class) subject {
	if _, ok := domain.BuiltinCatalogue().Class(c); ok {
		return subject{key: i18n.Key("class." + string(c))}
	}
	return subjectAsset
}

// defSubject names an asset of the class declared by def: a built-in class by its
// catalogue key, a user class by its declared name.
func defSubject(def *domain.ClassDef) subject {
	if def.Builtin {
		return classSubject(def.Key)
	}
	return subject{label: def.Name}
}

// translate turns a database error about one thing (what, identified by key) into a
// domain error: not found, code taken, or whatever classify makes of it.
func translate(err error, what subject, key string) error {
	if err == nil {
		return nil
	}
	var de *domain.Error
	if errors.As(err, &de) {
		return err
	}
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return domain.Errorf(domain.KindNotFound, "err.not_found", map[string]any{"What": what.value(), "Key": key})
	}
	if isUniqueViolation(err) {
		return domain.Errorf(domain.KindConflict, "err.code_taken", map[string]any{"What": what.value(), "Key": key})
	}
	return classify("save", err)
}

// classify turns a driver error into a domain error by the drivers' codes, never by
// their English text: what a person can meet (disk full, read-only or damaged file,
// permission refused, a busy database, the server down) gets its own message saying
// what to do; anything else is internal, its cause logged. op says, for the log,
// what was being done. Domain errors and cancellations pass unchanged.
func classify(op string, err error) error {
	if err == nil {
		return nil
	}
	var de *domain.Error
	if errors.As(err, &de) {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	env := func(code string) error {
		return &domain.Error{Kind: domain.KindEnvironment, Code: code, Err: err}
	}
	if de := ruleRefusal(err); de != nil {
		return de
	}
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrFull:
			return env("err.db_disk_full")
		case sqlite3.ErrIoErr:
			switch {
			case errors.Is(se.SystemErrno, syscall.ENOSPC):
				return env("err.db_disk_full")
			case errors.Is(se.SystemErrno, syscall.EFBIG):
				return env("err.db_too_large")
			}
			return env("err.db_io")
		case sqlite3.ErrReadonly:
			return env("err.db_read_only")
		case sqlite3.ErrPerm, sqlite3.ErrAuth:
			return env("err.db_permission")
		case sqlite3.ErrCantOpen:
			if errors.Is(se.SystemErrno, syscall.EACCES) || errors.Is(se.SystemErrno, syscall.EPERM) {
				return env("err.db_permission")
			}
			return env("err.db_cant_open")
		case sqlite3.ErrCorrupt, sqlite3.ErrNotADB:
			return env("err.db_corrupt")
		case sqlite3.ErrBusy, sqlite3.ErrLocked:
			return env("err.db_busy")
		case sqlite3.ErrTooBig:
			return domain.Errorf(domain.KindInvalid, "err.value_too_big", nil)
		}
		return domain.Internal(op, err)
	}
	if code := serverErrorCode(err); code != "" {
		return env(code)
	}
	return domain.Internal(op, err)
}

// ruleRefusal is the domain error for a refusal by one of the database's own rules
// (migration 0009's triggers and functions): PostgreSQL SQLSTATEs of ours, whose
// DETAIL is the year or name concerned, and the tokens of our SQLite triggers. nil for
// any other error.
func ruleRefusal(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		cause := &domain.Error{Err: err}
		switch pe.Code {
		case "CL001":
			cause.Kind, cause.Code, cause.Params = domain.KindClosed, "err.year_closed", map[string]any{"Year": pe.Detail}
		case "CL002":
			cause.Kind, cause.Code, cause.Params = domain.KindInvalid, "err.year_not_closed", map[string]any{"Year": pe.Detail}
		case "CL003":
			cause.Kind, cause.Code = domain.KindEnvironment, "err.server_retry"
		case "CL004":
			cause.Kind, cause.Code, cause.Params = domain.KindInvalid, "err.access_bad_login", map[string]any{"Login": pe.Detail}
		case "CL005":
			cause.Kind, cause.Code, cause.Params = domain.KindInvalid, "err.access_login_exists", map[string]any{"Login": pe.Detail}
		case "CL006":
			cause.Kind, cause.Code, cause.Params = domain.KindInvalid, "err.access_unknown_role", map[string]any{"Role": pe.Detail}
		case "CL007":
			cause.Kind, cause.Code, cause.Params = domain.KindInvalid, "err.access_no_login", map[string]any{"Login": pe.Detail}
		default:
			return nil
		}
		return cause
	}
	var se sqlite3.Error
	if errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintTrigger {
		// RAISE(ABORT, 'cityledger:…'): the text is our own token, not the driver's.
		switch {
		case strings.Contains(se.Error(), "cityledger:year_closed"):
			return &domain.Error{Kind: domain.KindClosed, Code: "err.year_closed_db", Err: err}
		case strings.Contains(se.Error(), "cityledger:audit_append_only"):
			return &domain.Error{Kind: domain.KindEnvironment, Code: "err.audit_append_only", Err: err}
		}
	}
	return nil
}

// serverErrorCode names a PostgreSQL failure a person can act on ("" otherwise).
func serverErrorCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "53100":
			return "err.server_disk_full"
		case pe.Code == "42501":
			return "err.server_permission"
		case pe.Code == "28P01" || pe.Code == "28000":
			return "err.server_login"
		case pe.Code == "3D000":
			return "err.server_no_database"
		case pe.Code == "25006":
			return "err.server_read_only"
		case pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "08003" || pe.Code == "08006" || pe.Code == "08007":
			// The server ended the session (an administrator's restart, a crash) or the
			// connection broke while a statement ran.
			return "err.server_lost"
		case strings.HasPrefix(pe.Code, "08"), strings.HasPrefix(pe.Code, "57P"), pe.Code == "53300":
			return "err.server_unreachable"
		case pe.Code == "40001" || pe.Code == "40P01":
			return "err.server_retry"
		}
		return ""
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	switch {
	case errors.As(err, &ce) || errors.Is(err, syscall.ECONNREFUSED) || pgconn.Timeout(err):
		return "err.server_unreachable"
	case errors.As(err, &ne) || errors.Is(err, driver.ErrBadConn) || errors.Is(err, net.ErrClosed):
		// A connection that was open broke under a statement.
		return "err.server_lost"
	}
	return ""
}

// isUniqueViolation reports a unique-index violation on either backend.
func isUniqueViolation(err error) bool {
	var se sqlite3.Error
	if errors.As(err, &se) {
		return se.ExtendedCode == sqlite3.ErrConstraintUnique || se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey
	}
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

func conflict(what subject, key string, mine, theirs int64) error {
	return domain.Errorf(domain.KindConflict, "err.conflict", map[string]any{
		"What": what.value(), "Key": key, "Mine": mine, "Theirs": theirs, "Diff": domain.FieldDiffs(nil)})
}

// conflictWithDiff is conflict plus the fields where the stale edit and the stored
// row differ, both values shown.
func conflictWithDiff(what subject, key string, mine, theirs int64, mineFields, theirFields map[string]string) error {
	var diffs domain.FieldDiffs
	for _, k := range sortedKeys(mineFields) {
		if mineFields[k] != theirFields[k] {
			diffs = append(diffs, domain.FieldDiff{Field: k, Mine: mineFields[k], Theirs: theirFields[k]})
		}
	}
	return domain.Errorf(domain.KindConflict, "err.conflict", map[string]any{
		"What": what.value(), "Key": key, "Mine": mine, "Theirs": theirs, "Diff": diffs})
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

func boolText(b bool) string {
	if b {
		return "是"
	}
	return "否"
}
