package storage

import (
	"bufio"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"cityledger/domain"
	"cityledger/domain/atomicfile"
	"cityledger/domain/i18n"
)

// Passwords and connection settings of PostgreSQL DSNs as the GUI keeps them (issue
// 16): the DSN it remembers holds the server, database, login and TLS settings, never
// the password, which comes from the password file (~/.pgpass; with the person's
// consent CityLedger writes it there, mode 0600) or is asked for at connect.

// DSNPassword is the password the DSN itself gives ("" when none: a password file
// may still hold one).
func DSNPassword(dsn string) string {
	if !IsPostgres(dsn) {
		return ""
	}
	if isKeyValue(dsn) {
		pairs, _ := keyValuePairs(dsn)
		pw := ""
		for _, p := range pairs {
			if strings.EqualFold(p[0], "password") {
				pw = p[1]
			}
		}
		return pw
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return ""
	}
	if pw := u.Query().Get("password"); pw != "" {
		return pw
	}
	pw, _ := u.User.Password()
	return pw
}

func isKeyValue(dsn string) bool {
	return !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://")
}

// DSNWithoutPassword is dsn without its password, in the form it was written (a URL
// stays a URL, a key=value string stays one). A SQLite path is returned as it is.
func DSNWithoutPassword(dsn string) string {
	return editDSN(dsn, map[string]*string{"password": nil}, true)
}

// DSNWithPassword is dsn with password pw (replacing any it had).
func DSNWithPassword(dsn, pw string) string {
	return editDSN(dsn, map[string]*string{"password": &pw}, false)
}

// DSNWithSSL sets the DSN's sslmode and sslrootcert (an empty value removes the
// setting, so that the driver's default or PGSSLMODE applies).
func DSNWithSSL(dsn, mode, rootCert string) string {
	set := map[string]*string{"sslmode": nil, "sslrootcert": nil}
	if mode != "" {
		set["sslmode"] = &mode
	}
	if rootCert != "" {
		set["sslrootcert"] = &rootCert
	}
	return editDSN(dsn, set, false)
}

// DSNSSL is the DSN's own sslmode and sslrootcert ("" when it does not set them).
func DSNSSL(dsn string) (mode, rootCert string) {
	if !IsPostgres(dsn) {
		return "", ""
	}
	if isKeyValue(dsn) {
		pairs, _ := keyValuePairs(dsn)
		for _, p := range pairs {
			switch strings.ToLower(p[0]) {
			case "sslmode":
				mode = p[1]
			case "sslrootcert":
				rootCert = p[1]
			}
		}
		return mode, rootCert
	}
	if u, err := url.Parse(dsn); err == nil {
		return u.Query().Get("sslmode"), u.Query().Get("sslrootcert")
	}
	return "", ""
}

// SSLModes are the sslmode values libpq and pgx know, weakest first.
var SSLModes = []string{"disable", "allow", "prefer", "require", "verify-ca", "verify-full"}

// editDSN sets (a non-nil value) or removes (nil) connection keys of a PostgreSQL DSN;
// userPassword also removes a URL's user:password.
func editDSN(dsn string, set map[string]*string, removeUserPassword bool) string {
	if !IsPostgres(dsn) {
		return dsn
	}
	if isKeyValue(dsn) {
		pairs, _ := keyValuePairs(dsn)
		var parts []string
		for _, p := range pairs {
			if _, edited := set[strings.ToLower(p[0])]; edited {
				continue
			}
			parts = append(parts, p[0]+"="+quoteKV(p[1]))
		}
		for _, k := range sortedSetKeys(set) {
			if v := set[k]; v != nil {
				parts = append(parts, k+"="+quoteKV(*v))
			}
		}
		return strings.Join(parts, " ")
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return dsn
	}
	q := u.Query()
	for k, v := range set {
		q.Del(k)
		if v != nil && k != "password" {
			q.Set(k, *v)
		}
	}
	if pw, ok := set["password"]; ok {
		user := u.User.Username()
		switch {
		case pw != nil:
			u.User = url.UserPassword(user, *pw)
		case user != "":
			u.User = url.User(user)
		case removeUserPassword:
			u.User = nil
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
}

func sortedSetKeys(m map[string]*string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// quoteKV writes a key=value DSN's value as libpq reads it back.
func quoteKV(v string) string {
	if v != "" && !strings.ContainsAny(v, " \t\n'\\") {
		return v
	}
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(v) + "'"
}

// IsLoginRefused reports whether opening failed because the server refused the login
// (no password, or a wrong one): the GUI then asks for the password.
func IsLoginRefused(err error) bool {
	var de *domain.Error
	if !errors.As(err, &de) {
		return false
	}
	return de.Code == "err.server_login" ||
		(de.Code == "err.db_open_failed" && de.Params["Reason"] == i18n.Key("err.server_login"))
}

// PgpassPath is the password file libpq and pgx read: PGPASSFILE, else ~/.pgpass
// (%APPDATA%\postgresql\pgpass.conf on Windows).
func PgpassPath() (string, error) {
	if p := os.Getenv("PGPASSFILE"); p != "" {
		return p, nil
	}
	if runtime.GOOS == "windows" {
		if app := os.Getenv("APPDATA"); app != "" {
			return filepath.Join(app, "postgresql", "pgpass.conf"), nil
		}
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", domain.FileError("~/.pgpass", err)
	}
	return filepath.Join(home, ".pgpass"), nil
}

// SavePgpass writes the password of dsn's server, database and login into the
// password file (PgpassPath), replacing the line of the same server, port, database
// and login, keeping every other line, and leaving the file readable by its owner
// only (mode 0600, as libpq requires). It returns the file's path.
func SavePgpass(dsn, password string) (string, error) {
	path, err := PgpassPath()
	if err != nil {
		return "", err
	}
	cfg, err := pgconn.ParseConfig(DSNWithPassword(dsn, "x"))
	if err != nil {
		return "", domain.Errorf(domain.KindInvalid, "err.dsn_invalid", nil)
	}
	key := []string{cfg.Host, strconv.Itoa(int(cfg.Port)), cfg.Database, cfg.User}
	for i := range key {
		key[i] = escapePgpass(key[i])
	}
	prefix := strings.Join(key, ":") + ":"
	var lines []string
	if f, err := os.Open(path); err == nil {
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 64*1024), 1<<20)
		for sc.Scan() {
			if !strings.HasPrefix(sc.Text(), prefix) {
				lines = append(lines, sc.Text())
			}
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return "", domain.FileError(path, err)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return "", domain.FileError(path, err)
	}
	lines = append(lines, prefix+escapePgpass(password))
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", domain.FileError(path, err)
	}
	// A temporary file is created with mode 0600 and renamed over the old one: the
	// password is never in a file others may read, not even for a moment.
	f, err := os.CreateTemp(filepath.Dir(path), ".pgpass.*.tmp")
	if err != nil {
		return "", domain.FileError(path, err)
	}
	tmp := f.Name()
	_, err = f.WriteString(strings.Join(lines, "\n") + "\n")
	if err == nil {
		err = f.Chmod(0o600)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return "", domain.FileError(path, err)
	}
	atomicfile.SyncDir(filepath.Dir(path))
	return path, nil
}

// escapePgpass escapes a password file field: ":" and "\" are preceded by "\".
func escapePgpass(s string) string {
	return strings.NewReplacer(`\`, `\\`, `:`, `\:`).Replace(s)
}

// Location is the server and database a PostgreSQL DSN names, as titles and messages
// show them ("postgres://li.ming@db.local:5432/ledger"), never with a password.
func Location(dsn string) (string, error) { return pgLocation(dsn) }
