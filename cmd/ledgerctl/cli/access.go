package cli

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"cityledger/domain"
	"cityledger/domain/i18n"
	"cityledger/domain/storage"
)

func init() {
	register("access", runAccess)
}

// commandRole is the least role a command needs on a shared server, read from its
// arguments as the command would read them: `import year-settings` and `settings
// --set` write year settings (finance); other imports write registers (editor);
// reading needs a viewer. The server refuses anyway; asking first says who may.
func commandRole(command string, args []string) (domain.Role, i18n.Key) {
	action := i18n.Key("access.action." + command)
	switch command {
	case "import":
		for _, a := range args {
			if !strings.HasPrefix(a, "-") {
				if a == "year-settings" || a == "年度设置" {
					return domain.RoleFinance, action
				}
				break
			}
		}
		return domain.RoleEditor, action
	case "gen":
		return domain.RoleEditor, action
	case "demo", "close-year", "reopen-year":
		return domain.RoleFinance, action
	case "settings":
		for _, a := range args {
			if a == "--set" || a == "-set" || strings.HasPrefix(a, "--set=") || strings.HasPrefix(a, "-set=") {
				return domain.RoleFinance, "access.action.settings_set"
			}
		}
		return domain.RoleViewer, action
	case "restore":
		return domain.RoleAdmin, action
	case "access":
		if len(args) > 0 && args[0] == "setup" {
			// Only the owner may; SetupAccess says so in its own words.
			return domain.RoleViewer, "access.action.access_setup"
		}
		return domain.RoleAdmin, action
	}
	return domain.RoleViewer, action
}

// runAccess: access setup | grant LOGIN ROLE [--password-file FILE] | revoke LOGIN ROLE | list.
func runAccess(env *Env, args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(env.Stderr, env.T("access.cli.usage"))
		return exitMisuse
	}
	sub, rest := args[0], args[1:]
	fs := flag.NewFlagSet("access "+sub, flag.ContinueOnError)
	passwordFile := fs.String("password-file", "", "a file whose first line is the new login's password (- for standard input)")
	pos, ok := env.flags(fs, rest)
	if !ok {
		return exitMisuse
	}
	usage := func() int {
		fmt.Fprintln(env.Stderr, env.T("access.cli.usage"))
		return exitMisuse
	}
	var role domain.Role
	switch sub {
	case "setup", "list":
		if len(pos) != 0 || *passwordFile != "" {
			return usage()
		}
	case "grant", "revoke":
		if len(pos) != 2 || (sub == "revoke" && *passwordFile != "") {
			return usage()
		}
		var known bool
		if role, known = domain.RoleByName(pos[1]); !known {
			fmt.Fprintln(env.Stderr, env.T("err.access_unknown_role", map[string]any{"Role": pos[1]}))
			return exitMisuse
		}
	default:
		return usage()
	}
	if !storage.IsPostgres(env.DSN) {
		fmt.Fprintln(env.Stderr, env.T("err.access_needs_server", map[string]any{"Path": env.DSN}))
		return exitMisuse
	}
	s, err := env.Store()
	if err != nil {
		return env.fail(err)
	}
	switch sub {
	case "setup":
		if err := s.SetupAccess(env.Ctx); err != nil {
			return env.fail(err)
		}
		fmt.Fprintln(env.Stdout, env.T("access.cli.setup_done", map[string]any{"Location": s.Describe()}))
	case "list":
		rows, err := s.ListAccess(env.Ctx)
		if err != nil {
			return env.fail(err)
		}
		var t table
		t.add(env.T("access.cli.col.login"), env.T("access.cli.col.role"), env.T("access.cli.col.server_role"), env.T("access.cli.col.can_login"))
		for _, r := range rows {
			can := env.T("access.cli.yes")
			if !r.CanLogin {
				can = env.T("access.cli.no")
			}
			t.add(r.Login, r.Role.Localize(env.Lang), r.Role.ServerName(), can)
		}
		t.write(env.Stdout)
	case "grant":
		login := pos[0]
		created, err := s.GrantRole(env.Ctx, login, role, func() (string, error) { return env.newPassword(login, *passwordFile) })
		if err != nil {
			return env.fail(err)
		}
		if created {
			fmt.Fprintln(env.Stdout, env.T("access.cli.created", map[string]any{"Login": login}))
		}
		fmt.Fprintln(env.Stdout, env.T("access.cli.granted", map[string]any{"Login": login, "Role": role, "Server": role.ServerName()}))
	case "revoke":
		if err := s.RevokeRole(env.Ctx, pos[0], role); err != nil {
			return env.fail(err)
		}
		fmt.Fprintln(env.Stdout, env.T("access.cli.revoked", map[string]any{"Login": pos[0], "Role": role, "Server": role.ServerName()}))
	}
	return exitOK
}

// newPassword asks for a new login's password: from file (its first line; "-" is
// standard input), else typed twice at the terminal without echo. Never from the
// command line, where other users see it in the process list and it stays in the
// shell's history.
func (e *Env) newPassword(login, file string) (string, error) {
	if file != "" {
		var r io.Reader
		if file == "-" {
			r = e.Stdin
		} else {
			f, err := os.Open(file)
			if err != nil {
				return "", domain.FileError(file, err)
			}
			defer f.Close()
			r = f
		}
		if r == nil {
			return "", domain.Errorf(domain.KindInvalid, "access.err.password_empty", nil)
		}
		line, err := bufio.NewReader(r).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", domain.FileError(file, err)
		}
		pw := strings.TrimRight(line, "\r\n")
		if pw == "" {
			return "", domain.Errorf(domain.KindInvalid, "access.err.password_empty", nil)
		}
		return pw, nil
	}
	in, ok := e.Stdin.(*os.File)
	if !ok || !term.IsTerminal(int(in.Fd())) {
		return "", domain.Errorf(domain.KindInvalid, "access.err.password_needs_terminal", map[string]any{"Login": login})
	}
	read := func(key string) (string, error) {
		fmt.Fprint(e.Stderr, e.T(key, map[string]any{"Login": login}))
		b, err := term.ReadPassword(int(in.Fd()))
		fmt.Fprintln(e.Stderr)
		return string(b), err
	}
	pw, err := read("access.cli.password_prompt")
	if err != nil {
		return "", domain.Internal("read the password", err)
	}
	if pw == "" {
		return "", domain.Errorf(domain.KindInvalid, "access.err.password_empty", nil)
	}
	again, err := read("access.cli.password_again")
	if err != nil {
		return "", domain.Internal("read the password", err)
	}
	if again != pw {
		return "", domain.Errorf(domain.KindInvalid, "access.err.password_mismatch", nil)
	}
	return pw, nil
}
