package storage

import (
	"context"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/text/secure/precis"
	"gorm.io/gorm"

	"cityledger/domain"
)

// Roles on a shared server (issue 16). `ledgerctl access setup`, run by the database's
// owner, creates four group roles, each a member of the one before it, and grants
// them what DESIGN.md's table says; a person's login is made a member of one of them.
// The rules hold for psql as for CityLedger: privileges, the triggers and functions of
// migration 0009 (closed years, the audit log, closing and reopening, restores), and
// SECURITY DEFINER functions through which an admin may do exactly one thing as the
// owner (create a login, grant or revoke a CityLedger role, apply a migration).

// grantSpecs are the roles' privileges as cityledger_apply_grants reads them
// ('role|PRIVILEGES|object', see 0009_access.postgres.sql). Each role also holds
// those of the roles before it (setup makes them members of one another).
var grantSpecs = []string{
	// Viewers read everything.
	"cityledger_viewer|SELECT|*",
	// Editors write the registers, records, projects, indicators and cases, and add
	// to the audit log (which no one but its owner changes).
	"cityledger_editor|INSERT,UPDATE,DELETE|units",
	"cityledger_editor|INSERT,UPDATE,DELETE|assets",
	"cityledger_editor|INSERT,UPDATE,DELETE|projects",
	"cityledger_editor|INSERT,UPDATE,DELETE|indicators",
	"cityledger_editor|INSERT,UPDATE,DELETE|maintenance_records",
	"cityledger_editor|INSERT,UPDATE,DELETE|cases",
	"cityledger_editor|INSERT,UPDATE,DELETE|case_stats",
	"cityledger_editor|INSERT|audit_log",
	// Finance writes the year settings (not their closed flag: that changes only
	// through the two functions, which lock the year and write the audit entry).
	"cityledger_finance|INSERT,UPDATE|year_settings",
	"cityledger_finance|EXECUTE|cityledger_close_year(integer,text,bigint)",
	"cityledger_finance|EXECUTE|cityledger_reopen_year(integer,text)",
	// Admins restore (every table is replaced), declare classes, migrate and manage
	// access.
	"cityledger_admin|INSERT,UPDATE,DELETE|*",
	"cityledger_admin|USAGE,UPDATE|*sequences*",
	"cityledger_admin|EXECUTE|cityledger_restore_begin()",
	"cityledger_admin|EXECUTE|cityledger_migrate(integer,text,text[],text[])",
	"cityledger_admin|EXECUTE|cityledger_create_login(text,text)",
	"cityledger_admin|EXECUTE|cityledger_grant_role(text,text)",
	"cityledger_admin|EXECUTE|cityledger_revoke_role(text,text)",
}

// roleNames are the four group roles, least first.
func roleNames() []string {
	out := make([]string, len(domain.Roles))
	for i, r := range domain.Roles {
		out[i] = r.ServerName()
	}
	return out
}

// rolesExist reports whether `access setup` made the roles on this server.
func rolesExist(db *gorm.DB) (bool, error) {
	var n int
	err := db.Raw("SELECT COUNT(*) FROM pg_roles WHERE rolname IN ?", roleNames()).Scan(&n).Error
	return n == len(domain.Roles), err
}

// applyGrants grants the roles their privileges on every table the schema has now
// (run by the owner after setup and after a migration).
func applyGrants(db *gorm.DB) error {
	ok, err := rolesExist(db)
	if err != nil || !ok {
		return err
	}
	return db.Exec("SELECT cityledger_apply_grants(?::text[])", pgTextArray(grantSpecs)).Error
}

// pgTextArray writes ss as a PostgreSQL text[] literal (GORM would spread a slice
// into a list of parameters).
func pgTextArray(ss []string) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, s := range ss {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('"')
		b.WriteString(strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s))
		b.WriteByte('"')
	}
	b.WriteByte('}')
	return b.String()
}

// readAccess asks the server what this login may do: the owner (or a superuser, or
// anyone on a server without CityLedger's roles, where privileges are whatever the
// owner gave) may do everything; a login in the roles may do what its highest does.
func (d *DB) readAccess(ctx context.Context) error {
	db := d.w.WithContext(ctx)
	d.access = domain.Access{Login: d.who, Role: domain.RoleOwner}
	managed, err := rolesExist(db)
	if err != nil {
		return err
	}
	d.access.Managed = managed
	var owner bool
	if err := db.Raw(`SELECT CASE WHEN to_regclass('schema_migrations') IS NULL THEN has_schema_privilege(current_schema(), 'CREATE')
		ELSE pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = 'schema_migrations'::regclass), 'MEMBER') END`).Scan(&owner).Error; err != nil {
		return err
	}
	if owner || !managed {
		return nil
	}
	var held []string
	if err := db.Raw("SELECT rolname FROM pg_roles WHERE rolname IN ? AND pg_has_role(current_user, oid, 'MEMBER')", roleNames()).Scan(&held).Error; err != nil {
		return err
	}
	d.access.Role = 0
	for _, name := range held {
		if r, ok := domain.RoleByName(name); ok && r > d.access.Role {
			d.access.Role = r
		}
	}
	return nil
}

// Access says what the login this store was opened with may do. On SQLite it is the
// one person using the file (read-only opens say so through ReadOnly).
func (d *DB) Access() domain.Access {
	if !d.postgres {
		return domain.Access{Login: d.who, Role: domain.RoleOwner}
	}
	return d.access
}

// errNeedsServer refuses an access command on a SQLite file, which has no logins.
func (d *DB) errNeedsServer() error {
	if d.postgres {
		return nil
	}
	return domain.Errorf(domain.KindInvalid, "err.access_needs_server", map[string]any{"Path": d.location})
}

// accessFunctions are the SECURITY DEFINER functions through which an admin manages
// logins with the owner's CREATEROLE. Each refuses anything but its one task: a new
// login with a SCRAM password verifier (the password itself never reaches the server,
// as with psql's \password), or a CityLedger role granted to or revoked from a login
// that is a person's (not a superuser, not a group role).
const accessFunctions = `
CREATE OR REPLACE FUNCTION cityledger_create_login(login text, verifier text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {{SCHEMA}}, pg_temp AS $$
BEGIN
    IF login !~ '^[^[:cntrl:]]+$' OR octet_length(login) > 63 OR login ~* '^(pg_|cityledger_)' OR login = 'public' THEN
        RAISE EXCEPTION 'not a login name: %', login USING ERRCODE = 'CL004', DETAIL = login;
    END IF;
    IF verifier !~ '^SCRAM-SHA-256\$' THEN
        RAISE EXCEPTION 'a password is given as a SCRAM verifier' USING ERRCODE = '22023';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login) THEN
        RAISE EXCEPTION 'login % exists', login USING ERRCODE = 'CL005', DETAIL = login;
    END IF;
    EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD %L', login, verifier);
    INSERT INTO audit_log (at, who, action, entity, entity_id, code, field, old_value, new_value)
        VALUES (cityledger_now(), session_user, 'access', 'login', 0, login, 'login', '', 'created');
END
$$;

CREATE OR REPLACE FUNCTION cityledger_grant_role(login text, role text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {{SCHEMA}}, pg_temp AS $$
DECLARE
    r pg_roles%ROWTYPE;
BEGIN
    IF role NOT IN ('cityledger_viewer', 'cityledger_editor', 'cityledger_finance', 'cityledger_admin') THEN
        RAISE EXCEPTION 'not a CityLedger role: %', role USING ERRCODE = 'CL006', DETAIL = role;
    END IF;
    SELECT * INTO r FROM pg_roles WHERE rolname = login;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no login %', login USING ERRCODE = 'CL007', DETAIL = login;
    END IF;
    IF NOT r.rolcanlogin OR r.rolsuper OR login ~* '^(pg_|cityledger_)' THEN
        RAISE EXCEPTION '% is not a person''s login', login USING ERRCODE = 'CL004', DETAIL = login;
    END IF;
    EXECUTE format('GRANT %I TO %I', role, login);
    INSERT INTO audit_log (at, who, action, entity, entity_id, code, field, old_value, new_value)
        VALUES (cityledger_now(), session_user, 'access', 'login', 0, login, 'role', '', role);
END
$$;

CREATE OR REPLACE FUNCTION cityledger_revoke_role(login text, role text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {{SCHEMA}}, pg_temp AS $$
BEGIN
    IF role NOT IN ('cityledger_viewer', 'cityledger_editor', 'cityledger_finance', 'cityledger_admin') THEN
        RAISE EXCEPTION 'not a CityLedger role: %', role USING ERRCODE = 'CL006', DETAIL = role;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login) THEN
        RAISE EXCEPTION 'no login %', login USING ERRCODE = 'CL007', DETAIL = login;
    END IF;
    EXECUTE format('REVOKE %I FROM %I', role, login);
    INSERT INTO audit_log (at, who, action, entity, entity_id, code, field, old_value, new_value)
        VALUES (cityledger_now(), session_user, 'access', 'login', 0, login, 'role', role, '');
END
$$;

REVOKE EXECUTE ON FUNCTION cityledger_create_login(text, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION cityledger_grant_role(text, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION cityledger_revoke_role(text, text) FROM PUBLIC;
`

// SetupAccess is `access setup`: run by the database's owner (who must also be allowed
// to create roles), it creates the four roles if the server lacks them, makes each a
// member of the one before it, grants them their privileges on this schema and creates
// the functions through which admins manage logins. Running it again (after an
// upgrade, say) grants what new tables need; it changes no one's membership.
func (d *DB) SetupAccess(ctx context.Context) error {
	if err := d.errNeedsServer(); err != nil {
		return err
	}
	if d.access.Role != domain.RoleOwner {
		return domain.Errorf(domain.KindEnvironment, "err.access_setup_owner", map[string]any{"Login": d.who})
	}
	var mayCreateRoles bool
	if err := d.w.WithContext(ctx).Raw("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user").Scan(&mayCreateRoles).Error; err != nil {
		return classify("access setup", err)
	}
	if !mayCreateRoles {
		return domain.Errorf(domain.KindEnvironment, "err.access_setup_createrole", map[string]any{"Login": d.who})
	}
	err := d.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// Roles are the whole server's: two setups of two databases at once must not
		// both create them.
		if err := tx.Exec("SELECT pg_advisory_xact_lock(hashtext('cityledger.roles'))").Error; err != nil {
			return err
		}
		var have []string
		if err := tx.Raw("SELECT rolname FROM pg_roles WHERE rolname IN ?", roleNames()).Scan(&have).Error; err != nil {
			return err
		}
		exists := map[string]bool{}
		for _, n := range have {
			exists[n] = true
		}
		names := roleNames()
		for i, n := range names {
			if !exists[n] {
				if err := tx.Exec("CREATE ROLE " + quoteIdent(n) + " NOLOGIN").Error; err != nil {
					return err
				}
			}
			if i > 0 {
				if err := tx.Exec("GRANT " + quoteIdent(names[i-1]) + " TO " + quoteIdent(n)).Error; err != nil {
					return err
				}
			}
		}
		if err := tx.Exec("GRANT USAGE ON SCHEMA " + quoteIdent(d.schema) + " TO cityledger_viewer").Error; err != nil {
			return err
		}
		if err := tx.Exec("GRANT CONNECT ON DATABASE " + quoteIdent(d.database) + " TO cityledger_viewer").Error; err != nil {
			return err
		}
		for _, stmt := range splitSQL(d.dialect(accessFunctions)) {
			if err := tx.Exec(stmt).Error; err != nil {
				return err
			}
		}
		if err := tx.Exec("SELECT cityledger_apply_grants(?::text[])", pgTextArray(grantSpecs)).Error; err != nil {
			return err
		}
		return d.auditNote(tx, "access", "roles", "setup", "", strings.Join(names, ","))
	})
	if err != nil {
		return classify("access setup", err)
	}
	return d.readAccess(ctx)
}

// LoginRole is one membership of a login in a CityLedger role.
type LoginRole struct {
	Login    string
	Role     domain.Role
	CanLogin bool
}

// ListAccess lists the logins that hold a CityLedger role, by login then role.
func (d *DB) ListAccess(ctx context.Context) ([]LoginRole, error) {
	if err := d.errNeedsServer(); err != nil {
		return nil, err
	}
	var rows []struct {
		Login, Role string
		CanLogin    bool
	}
	err := d.r.WithContext(ctx).Raw(`SELECT m.rolname AS login, r.rolname AS role, m.rolcanlogin AS can_login
		FROM pg_auth_members am JOIN pg_roles r ON r.oid = am.roleid JOIN pg_roles m ON m.oid = am.member
		WHERE r.rolname IN ? AND m.rolname NOT IN ? ORDER BY 1, 2`, roleNames(), roleNames()).Scan(&rows).Error
	if err != nil {
		return nil, classify("access list", err)
	}
	out := make([]LoginRole, 0, len(rows))
	for _, r := range rows {
		role, _ := domain.RoleByName(r.Role)
		out = append(out, LoginRole{Login: r.Login, Role: role, CanLogin: r.CanLogin})
	}
	return out, nil
}

// LoginExists reports whether the server knows a role of that name.
func (d *DB) LoginExists(ctx context.Context, login string) (bool, error) {
	if err := d.errNeedsServer(); err != nil {
		return false, err
	}
	var n int
	if err := d.r.WithContext(ctx).Raw("SELECT COUNT(*) FROM pg_roles WHERE rolname = ?", login).Scan(&n).Error; err != nil {
		return false, classify("access", err)
	}
	return n > 0, nil
}

// GrantRole makes login a member of role. A login the server does not know is
// created first with the password password returns (asked only then); the password
// travels as a SCRAM verifier, never as itself. created says whether it was created.
func (d *DB) GrantRole(ctx context.Context, login string, role domain.Role, password func() (string, error)) (created bool, err error) {
	if err := d.errNeedsServer(); err != nil {
		return false, err
	}
	exists, err := d.LoginExists(ctx, login)
	if err != nil {
		return false, err
	}
	var verifier string
	if !exists {
		pw, err := password()
		if err != nil {
			return false, err
		}
		if verifier, err = scramVerifier(pw); err != nil {
			return false, domain.Internal("access grant", err)
		}
	}
	err = d.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if !exists {
			if err := tx.Exec("SELECT cityledger_create_login(?, ?)", login, verifier).Error; err != nil {
				return err
			}
		}
		return tx.Exec("SELECT cityledger_grant_role(?, ?)", login, role.ServerName()).Error
	})
	if err != nil {
		return false, classify("access grant", err)
	}
	return !exists, nil
}

// RevokeRole takes role away from login (the login itself stays).
func (d *DB) RevokeRole(ctx context.Context, login string, role domain.Role) error {
	if err := d.errNeedsServer(); err != nil {
		return err
	}
	err := d.w.WithContext(ctx).Exec("SELECT cityledger_revoke_role(?, ?)", login, role.ServerName()).Error
	return classify("access revoke", err)
}

// scramVerifier is PostgreSQL's stored form of a SCRAM-SHA-256 password (RFC 5802,
// 4096 iterations as the server uses), computed here so that CREATE ROLE never
// carries the password itself. The password is normalised as pgx and libpq normalise
// it when they log in (SASLprep; a password it refuses is used as it is).
func scramVerifier(password string) (string, error) {
	if password == "" {
		return "", errors.New("empty password")
	}
	if p, err := precis.OpaqueString.String(password); err == nil {
		password = p
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	const iterations = 4096
	salted, err := pbkdf2.Key(sha256.New, password, salt, iterations, sha256.Size)
	if err != nil {
		return "", err
	}
	mac := func(key []byte, msg string) []byte {
		h := hmac.New(sha256.New, key)
		h.Write([]byte(msg))
		return h.Sum(nil)
	}
	clientKey := mac(salted, "Client Key")
	storedKey := sha256.Sum256(clientKey)
	serverKey := mac(salted, "Server Key")
	b64 := base64.StdEncoding.EncodeToString
	return fmt.Sprintf("SCRAM-SHA-256$%d:%s$%s:%s", iterations, b64(salt), b64(storedKey[:]), b64(serverKey)), nil
}

// lockYear takes year's lock on PostgreSQL (see cityledger_lock_year): shared for a
// write into the year, exclusive to close or reopen it. A write takes it before any
// row lock, so a close waiting for the year never waits crosswise on a row.
func (d *DB) lockYear(tx *gorm.DB, year int, exclusive bool) error {
	if !d.postgres {
		return nil // SQLite: the file lock admits one writer
	}
	return tx.Exec("SELECT cityledger_lock_year(?, ?)", year, exclusive).Error
}
