// Package cli implements ledgerctl's commands. Each command lives in its own file and
// registers itself in commands; Main parses the global flags, opens the store and
// dispatches. Tests call Main directly.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"cityledger/domain"
	"cityledger/domain/errlog"
	"cityledger/domain/i18n"
	"cityledger/domain/storage"
	"cityledger/domain/version"
)

// Exit codes of DESIGN.md: 0 success, 1 errors in the input or a failed check, 2 misuse,
// 3 the environment failed (disk full, permission refused, server unreachable).
const (
	exitOK          = 0
	exitInvalid     = 1
	exitMisuse      = 2
	exitEnvironment = 3
)

// Env is what a command runs with.
type Env struct {
	Ctx    context.Context
	Lang   i18n.Lang
	DSN    string
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// content, when set, is standard output while Stdout carries the messages to
	// standard error (see sendNoticesToStderr).
	content io.Writer
	// command is the command being run, named in the lock file ("ledgerctl import"),
	// and args its arguments (which say what role it needs on a shared server).
	command string
	args    []string
	// store is opened on first use, so commands that need none (usage) stay cheap.
	store *storage.DB

	// tree is the command tree of this run and path the words of the command that
	// runs ("classes show"), for its help.
	tree *tree
	path string
	// helped: the command printed its help (-h); it exits 0 whatever its body says,
	// or helpFailed when the help could not be given (an unknown KIND).
	helped     bool
	helpFailed int
	// describing: the command body runs only to declare its flags (see commands.go);
	// described is the flag set it declared.
	describing bool
	described  *flag.FlagSet
	// completing: this run answers the shell's completion request.
	completing bool
}

// Store opens the database named by --db (creating and migrating a missing SQLite
// file). A database this user may not write opens read-only, and says so.
func (e *Env) Store() (*storage.DB, error) {
	if e.store != nil {
		return e.store, nil
	}
	if e.describing {
		return nil, errDescribing
	}
	if notice := storage.PassfileNotice(e.DSN); notice != nil {
		fmt.Fprintln(e.Stderr, domain.Message(e.Lang, notice))
	}
	s, err := storage.OpenWith(e.Ctx, e.DSN, storage.Options{Program: e.program()})
	if err != nil {
		return nil, err
	}
	if notice := s.ReadOnlyNotice(); notice != nil {
		fmt.Fprintln(e.Stderr, domain.Message(e.Lang, notice))
	}
	// On a shared server, a command the login's role may not run is refused before
	// it starts, naming the role it needs (the server would refuse it too, later).
	need, action := commandRole(e.command, e.args)
	if err := s.Access().Require(need, action); err != nil {
		s.Close()
		return nil, err
	}
	e.store = s
	return s, nil
}

// program names this run in lock files and logs: "ledgerctl import".
func (e *Env) program() string { return strings.TrimSpace("ledgerctl " + e.command) }

// T renders a catalogue key in the command's language.
func (e *Env) T(key string, params ...map[string]any) string {
	var p map[string]any
	if len(params) > 0 {
		p = params[0]
	}
	return i18n.T(e.Lang, key, p)
}

// command runs with its own arguments and returns the exit code.
type command func(env *Env, args []string) int

var commands = map[string]command{}

// register adds a command; its help comes from the catalogue (commands.go).
func register(name string, c command) { commands[name] = c }

// Main runs ledgerctl with args (without the program name).
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	env := &Env{Lang: i18n.FromEnvironment(), Stdin: stdin, Stdout: stdout, Stderr: stderr}
	var rest []string
	// Global flags may stand anywhere; pick them out before the command parses its own.
	// The language must be known before anything is said, help included. The last word
	// of a completion request is the one being typed: cobra completes it.
	end := len(args)
	if slices.Contains(args, cobra.ShellCompRequestCmd) || slices.Contains(args, cobra.ShellCompNoDescRequestCmd) {
		end--
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if i < end && strings.HasPrefix(a, "-") && (name == "db" || name == "lang") {
			if !hasVal && i+1 >= end && end < len(args) {
				// "--lang <TAB>": its value is being typed.
				rest = append(rest, args[i:]...)
				break
			}
			if !hasVal {
				if i+1 >= len(args) {
					fmt.Fprintln(stderr, i18n.T(env.Lang, "cli.bad_flag", map[string]any{"Detail": "--" + name}))
					return exitMisuse
				}
				i++
				val = args[i]
			}
			if name == "db" {
				env.DSN = val
			} else {
				l, ok := i18n.Parse(val)
				if !ok {
					fmt.Fprintln(stderr, i18n.T(env.Lang, "cli.bad_flag", map[string]any{"Detail": "--lang " + val}))
					return exitMisuse
				}
				env.Lang = l
			}
			continue
		}
		rest = append(rest, a)
	}
	i18n.SetDefault(env.Lang)
	if env.DSN == "" {
		env.DSN = storage.DefaultPath()
	}
	if len(rest) == 1 && (rest[0] == "--version" || rest[0] == "-version" || rest[0] == "version") {
		fmt.Fprintln(stdout, version.String("ledgerctl"))
		return exitOK
	}
	if len(rest) > 0 {
		env.command, env.args = rest[0], rest[1:]
	}
	// Main may run inside another program (tests): its reporter lasts for this run.
	previous := installLog(env)
	defer func() { domain.SetInternalReporter(previous) }()
	// The shell's completion request needs every command's flags; a run needs none.
	env.completing = len(rest) > 0 && (rest[0] == cobra.ShellCompRequestCmd || rest[0] == cobra.ShellCompNoDescRequestCmd)
	t := newTree(env, env.completing)
	env.tree = t
	if len(rest) == 0 {
		// cobra prints the help (the root runs nothing); on Windows, when ledgerctl.exe
		// was double-clicked in Explorer, it first says to run it from a console and
		// waits a moment, so the window does not vanish unread.
		cobra.MousetrapHelpText = env.T("cli.help.mousetrap")
		t.root.SetArgs([]string{})
		t.root.SetOut(stdout)
		if err := t.root.Execute(); err != nil {
			env.printHelp(t, t.root, nil)
		}
		return exitMisuse
	}
	if isHelpFlag(rest[0]) {
		return env.helpTopic(t, rest[1:])
	}
	if strings.HasPrefix(rest[0], "-") {
		fmt.Fprintln(stderr, env.T("cli.unknown_flag", map[string]any{"Cmd": "ledgerctl", "Flag": rest[0]}))
		return exitMisuse
	}
	if c, _, err := t.root.Find(rest[:1]); !env.completing && (err != nil || c == t.root) {
		return env.unknownCommand(t, rest[0])
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	env.Ctx = ctx
	t.root.SetArgs(rest)
	t.root.SetIn(stdin)
	t.root.SetOut(stdout)
	t.root.SetErr(stderr)
	if err := t.root.ExecuteContext(ctx); err != nil {
		// Only the completion request is parsed by cobra (every command parses its
		// own flags): its errors are for the shell, which shows nothing of them.
		fmt.Fprintln(stderr, env.T("cli.bad_flag", map[string]any{"Detail": strings.Join(rest, " ")}))
		return exitMisuse
	}
	code := t.run
	if env.store != nil {
		if err := env.store.Close(); err != nil && code == exitOK {
			return env.fail(err)
		}
	}
	return code
}

// fail prints err for a person and returns the exit code its kind deserves: 3 when
// the environment failed, else 1. An internal error's cause goes to the log file
// the message names.
func (e *Env) fail(err error) int {
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(e.Stderr, e.T("cli.cancelled"))
		return exitInvalid
	}
	fmt.Fprintln(e.Stderr, domain.Message(e.Lang, err))
	if domain.ErrorKind(err) == domain.KindEnvironment {
		return exitEnvironment
	}
	return exitInvalid
}

// installLog sends the causes of internal errors to the log file under the user data
// folder (CITYLEDGER_LOG_DIR overrides it), never with the database password.
func installLog(env *Env) (previous domain.InternalReporter) {
	dir := os.Getenv("CITYLEDGER_LOG_DIR")
	if dir == "" {
		dir = filepath.Join(storage.DataDir(), "logs")
	}
	l := errlog.New(dir, env.program())
	for _, s := range storage.Secrets(env.DSN) {
		l.Redact(s)
	}
	return domain.SetInternalReporter(l.Record)
}

// flags parses a command's flags, which may stand before or after positionals.
// It returns the positionals; on a parse error it prints it and ok is false.
func (e *Env) flags(fs *flag.FlagSet, args []string) (pos []string, ok bool) {
	if e.describing {
		e.described = fs
		return nil, false
	}
	// The flag package's own messages and usage are English; say it in ours.
	fs.SetOutput(io.Discard)
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				e.showHelp(fs, pos)
				return nil, false
			}
			if y := badYear(fs); y != nil {
				fmt.Fprintln(e.Stderr, e.T("cli.bad_year", map[string]any{"Value": y.bad, "Min": domain.MinYear, "Max": domain.MaxYear}))
				return nil, false
			}
			fmt.Fprintln(e.Stderr, e.explainFlagError(fs, args))
			return nil, false
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, true
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// showHelp prints the help of the command that runs, on -h or --help: its flags are
// those of fs, and a KIND before the flag (import lamps -h) asks for its columns.
// What the command says after its parse failed (its usage) is not said.
func (e *Env) showHelp(fs *flag.FlagSet, pos []string) {
	c := e.tree.root
	if found, _, err := c.Find(strings.Fields(e.path)); err == nil && found != nil {
		c = found
	}
	if !e.tree.withFlags && (c.Annotations == nil || c.Annotations["flags"] != "declared") {
		c.Annotations = map[string]string{"flags": "declared"}
		e.declareFlags(c, e.path, fs)
	}
	code := e.printHelp(e.tree, c, pos)
	if code != exitOK {
		e.helpFailed = code
	}
	e.Stderr = io.Discard
}

// noArgs reports (and says) that a command given positional arguments takes none.
func (e *Env) noArgs(cmd string, pos []string) bool {
	if len(pos) == 0 {
		return true
	}
	fmt.Fprintln(e.Stderr, e.T("cli.unexpected_args", map[string]any{"Cmd": cmd, "Args": strings.Join(pos, " ")}))
	return false
}

// yearFlag adds --year with the current year as default.
func yearFlag(fs *flag.FlagSet) *int {
	y := &yearValue{year: time.Now().Year()}
	fs.Var(y, "year", "year (1900–2100)")
	return &y.year
}

// optionalYearFlag adds --year where 0 (the default) means every year.
func optionalYearFlag(fs *flag.FlagSet, usage string) *int {
	y := &yearValue{allowZero: true}
	fs.Var(y, "year", usage)
	return &y.year
}

// yearValue is a --year: a whole number within domain.MinYear…MaxYear, so
// "close-year --year -5" is refused before anything is opened.
type yearValue struct {
	year      int
	allowZero bool
	bad       string // the refused text, for the message
}

var errBadYear = errors.New("bad year")

func (y *yearValue) String() string {
	if y == nil {
		return ""
	}
	return strconv.Itoa(y.year)
}

func (y *yearValue) Set(s string) error {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || !(domain.ValidYear(n) || y.allowZero && n == 0) {
		y.bad = s
		return errBadYear
	}
	y.year = n
	return nil
}

// badYear finds the --year whose value was refused, nil when none was.
func badYear(fs *flag.FlagSet) *yearValue {
	var found *yearValue
	fs.VisitAll(func(f *flag.Flag) {
		if y, ok := f.Value.(*yearValue); ok && y.bad != "" {
			found = y
		}
	})
	return found
}

// multiFlag collects a repeatable flag (--map, --set, --value).
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// explainFlagError says in the person's language which flag of args fs refused: the
// flag package's own messages are English. It walks args as flag.Parse does.
func (e *Env) explainFlagError(fs *flag.FlagSet, args []string) string {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		if len(a) < 2 || a[0] != '-' {
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		f := fs.Lookup(name)
		if f == nil {
			msg := e.T("cli.unknown_flag", map[string]any{"Cmd": "ledgerctl " + fs.Name(), "Flag": "-" + name})
			for _, s := range closestFlags(fs, name) {
				msg += "\n" + e.T("cli.help.did_you_mean", map[string]any{"Command": "--" + s})
			}
			return msg
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			if hasValue && f.Value.Set(value) != nil {
				return e.T("cli.bad_flag_value", map[string]any{"Flag": "-" + name, "Value": value})
			}
			continue
		}
		if !hasValue {
			if i+1 >= len(args) {
				return e.T("cli.flag_needs_value", map[string]any{"Flag": "-" + name})
			}
			i++
			value = args[i]
		}
		// Set on a scratch copy would need the flag's type; a value the flag refused
		// is the one that failed, the rest set fine the first time.
		if err := f.Value.Set(value); err != nil {
			return e.T("cli.bad_flag_value", map[string]any{"Flag": "-" + name, "Value": value})
		}
	}
	return e.T("cli.bad_flag", map[string]any{"Detail": fs.Name()})
}
