package storage

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"cityledger/domain"
)

// IsPostgres reports whether dsn names a PostgreSQL server: a postgres:// URL or a
// libpq key=value string ("host=… dbname=… password=…"), which must never be taken
// for a file name (it would be created, and its password shown as a path).
func IsPostgres(dsn string) bool {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return true
	}
	fields := strings.Fields(dsn)
	for _, f := range fields {
		k, _, ok := strings.Cut(f, "=")
		if !ok || !libpqKeys[strings.ToLower(k)] {
			return false
		}
	}
	return len(fields) > 0
}

// libpqKeys are the connection keys of a key=value DSN.
var libpqKeys = map[string]bool{"host": true, "hostaddr": true, "port": true, "user": true, "password": true,
	"dbname": true, "sslmode": true, "sslrootcert": true, "sslcert": true, "sslkey": true, "connect_timeout": true,
	"application_name": true, "search_path": true, "target_session_attrs": true, "passfile": true, "service": true}

// pgLocation describes the server and database of dsn for messages and the title bar,
// never with its password: "postgres://user@host:5432/db". It fails with a message
// that does not repeat the DSN when the DSN cannot be read.
func pgLocation(dsn string) (string, error) {
	cfg, err := pgconn.ParseConfig(dsn)
	if err != nil {
		// pgx's own text may quote the DSN, password included: none of it is kept.
		return "", domain.Errorf(domain.KindInvalid, "err.dsn_invalid", nil)
	}
	return fmt.Sprintf("postgres://%s@%s:%d/%s", cfg.User, cfg.Host, cfg.Port, cfg.Database), nil
}

// pgSecrets lists the texts of dsn that must never be shown or logged: the password
// as written and as decoded, found even in a DSN too broken to parse (an unescaped
// "@" in the password).
func pgSecrets(dsn string) []string {
	var out []string
	add := func(s string) {
		if s != "" {
			out = append(out, s)
			if dec, err := url.PathUnescape(s); err == nil && dec != s {
				out = append(out, dec)
			}
		}
	}
	if cfg, err := pgconn.ParseConfig(dsn); err == nil {
		add(cfg.Password)
	}
	if i := strings.Index(dsn, "://"); i >= 0 {
		rest := dsn[i+3:]
		// The user information ends at the last "@" before the path: a password may
		// itself hold "@" when it was not escaped.
		end := len(rest)
		if j := strings.IndexAny(rest, "/?"); j >= 0 {
			if at := strings.LastIndex(rest, "@"); at > j {
				// "/" inside the password: take the last "@" of the whole text.
				end = at
			} else {
				end = j
			}
		}
		if at := strings.LastIndex(rest[:end], "@"); at >= 0 {
			if _, pw, ok := strings.Cut(rest[:at], ":"); ok {
				add(pw)
			}
		}
	}
	for _, f := range strings.FieldsFunc(dsn, func(r rune) bool { return r == ' ' || r == '&' || r == '?' }) {
		if k, v, ok := strings.Cut(f, "="); ok && strings.EqualFold(k, "password") {
			add(strings.Trim(v, "'"))
		}
	}
	return out
}

// scrubbed wraps an error so that its text never holds the secrets; errors.As and
// errors.Is still see the original.
type scrubbed struct {
	err     error
	secrets []string
}

func (s scrubbed) Error() string {
	t := s.err.Error()
	for _, x := range s.secrets {
		t = strings.ReplaceAll(t, x, "xxxxx")
	}
	return t
}

func (s scrubbed) Unwrap() error { return s.err }

func scrub(err error, secrets []string) error {
	if err == nil || len(secrets) == 0 {
		return err
	}
	return scrubbed{err, secrets}
}

// Secrets lists the texts of a DSN that must never be shown or logged (a PostgreSQL
// password); none for a SQLite path.
func Secrets(dsn string) []string {
	if !IsPostgres(dsn) {
		return nil
	}
	return pgSecrets(dsn)
}
