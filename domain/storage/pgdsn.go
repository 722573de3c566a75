package storage

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
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
	pairs, ok := keyValuePairs(dsn)
	if !ok || len(pairs) == 0 {
		return false
	}
	for _, p := range pairs {
		if !libpqKeys[strings.ToLower(p[0])] {
			return false
		}
	}
	return true
}

// keyValuePairs reads a libpq key=value connection string as libpq (and pgx) read it:
// pairs separated by white space, spaces allowed around "=", a value either bare or
// in single quotes, with \' and \\ escaped inside ("password='a b\'c'"). ok is false
// when s is not of that form.
func keyValuePairs(s string) (pairs [][2]string, ok bool) {
	i := 0
	skip := func() {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
			i++
		}
	}
	for {
		skip()
		if i == len(s) {
			return pairs, true
		}
		start := i
		for i < len(s) && s[i] != '=' && s[i] != ' ' && s[i] != '\t' {
			i++
		}
		key := s[start:i]
		skip()
		if key == "" || i == len(s) || s[i] != '=' {
			return nil, false
		}
		i++
		skip()
		var val strings.Builder
		if i < len(s) && s[i] == '\'' {
			i++
			closed := false
			for i < len(s) {
				c := s[i]
				if c == '\\' && i+1 < len(s) {
					val.WriteByte(s[i+1])
					i += 2
					continue
				}
				if c == '\'' {
					closed = true
					i++
					break
				}
				val.WriteByte(c)
				i++
			}
			if !closed {
				return nil, false
			}
		} else {
			for i < len(s) && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' {
				if s[i] == '\\' && i+1 < len(s) {
					i++
				}
				val.WriteByte(s[i])
				i++
			}
		}
		pairs = append(pairs, [2]string{key, val.String()})
	}
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
	if pairs, ok := keyValuePairs(dsn); ok {
		for _, p := range pairs {
			if strings.EqualFold(p[0], "password") {
				add(p[1])
			}
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

// PassfileNotice warns when the password file a PostgreSQL connection will read
// (~/.pgpass, PGPASSFILE or the DSN's passfile; %APPDATA%\postgresql\pgpass.conf on
// Windows, whose folder is the user's own) can be read by other users of the machine:
// psql ignores such a file, pgx reads it anyway. nil when all is well, when the DSN
// carries its own password, or for a SQLite file.
func PassfileNotice(dsn string) error {
	if !IsPostgres(dsn) || runtime.GOOS == "windows" {
		return nil
	}
	cfg, err := pgconn.ParseConfig(dsn)
	if err != nil {
		return nil // the open says what is wrong with the DSN
	}
	path := os.Getenv("PGPASSFILE")
	if pairs, ok := keyValuePairs(dsn); ok && !strings.Contains(dsn, "://") {
		for _, p := range pairs {
			if strings.EqualFold(p[0], "passfile") {
				path = p[1]
			}
		}
	} else if u, err := url.Parse(dsn); err == nil && u.Query().Get("passfile") != "" {
		path = u.Query().Get("passfile")
	}
	if path == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return nil
		}
		path = filepath.Join(home, ".pgpass")
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm()&0o077 == 0 || cfg.Password == "" {
		// cfg.Password is what pgx found (in the DSN or this file): a file that gave
		// no password for this server does not matter here.
		return nil
	}
	if dsnHasPassword(dsn) {
		return nil // the DSN's own password was used
	}
	return domain.Errorf(domain.KindEnvironment, "err.pgpass_open", map[string]any{"Path": path})
}

// dsnHasPassword reports whether the DSN itself (not a password file) gives a password.
func dsnHasPassword(dsn string) bool {
	if pairs, ok := keyValuePairs(dsn); ok && !strings.Contains(dsn, "://") {
		for _, p := range pairs {
			if strings.EqualFold(p[0], "password") {
				return true
			}
		}
		return false
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return true // unreadable: say nothing about a password file
	}
	_, set := u.User.Password()
	return set || u.Query().Get("password") != ""
}
