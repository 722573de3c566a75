package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"cityledger/domain"
	"cityledger/domain/i18n"
	"cityledger/domain/version"
)

// The command tree. Every command registered with register becomes a cobra command;
// its help, completion and reference pages are drawn from the one catalogue
// (assets/i18n/cli: cli.cmd.PATH.short/long/example, cli.flag.PATH.FLAG, where PATH is
// the command's words joined by dots). A command keeps parsing its own flags with the
// flag package, as it always did, so its messages, exit codes and the way flags may
// stand before or after positionals do not change; cobra finds the command, prints
// help, completes and writes the reference.
//
// A command declares its flags in its body, just before it parses them. Running the
// body with a describing Env stops at that parse (env.flags keeps the flag set and
// reports "not ok"), so help, completion and the reference show the very flags the
// command parses: there is no second declaration to drift from the first.

// commandOrder is the order in which help lists the commands; a command registered
// but not listed here follows the listed ones in alphabetical order.
var commandOrder = []string{
	"demo", "gen", "stats", "import", "export", "template", "report", "check", "settings",
	"backup", "restore", "close-year", "reopen-year", "classes", "component-ids", "access",
	"version", "completion", "docs",
}

// commandArgs are the positional arguments each command takes, as usage shows them
// after the command's words.
var commandArgs = map[string]string{
	"import": "KIND FILE", "export": "KIND", "template": "KIND", "restore": "FILE",
	"classes show": "KIND", "classes add-field": "KIND", "classes remove": "KIND",
	"classes remove-field": "KIND FIELD", "classes import": "FILE.json",
	"access grant": "LOGIN ROLE", "access revoke": "LOGIN ROLE",
	"completion": "bash|zsh|fish|powershell", "help": "[COMMAND [KIND]]",
}

// subcommands are the words a command dispatches on itself (classes show …), in the
// order help lists them.
var subcommands = map[string][]string{
	"classes": {"show", "add", "add-field", "remove", "remove-field", "export", "import"},
	"access":  {"setup", "grant", "revoke", "list"},
}

// kindCommands take a KIND first; `help import KIND` lists that kind's columns.
var kindCommands = map[string]bool{"import": true, "export": true, "template": true}

// orderedCommands lists the registered commands in help's order.
func orderedCommands() []string {
	listed := map[string]bool{}
	var out []string
	for _, n := range commandOrder {
		if _, ok := commands[n]; ok {
			out = append(out, n)
			listed[n] = true
		}
	}
	var rest []string
	for n := range commands {
		if !listed[n] {
			rest = append(rest, n)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}

// catalogueKey is a command path ("classes show") as it stands in catalogue keys.
func catalogueKey(path string) string { return strings.ReplaceAll(path, " ", ".") }

// text renders a catalogue key, "" when the catalogue has none (a command another
// branch registered before its help was written).
func (e *Env) text(key string) string {
	if !i18n.Has(e.Lang, key) && !i18n.Has(i18n.ZH, key) {
		return ""
	}
	return e.T(key)
}

// tree is the command tree of one run.
type tree struct {
	env  *Env
	root *cobra.Command
	// run is the exit code of the command that ran.
	run int
	// withFlags: every command carries its declared flags (help, completion, docs);
	// a plain run needs none of that and starts faster without.
	withFlags bool
}

// newTree builds the command tree in env's language.
func newTree(env *Env, withFlags bool) *tree {
	t := &tree{env: env, withFlags: withFlags}
	root := &cobra.Command{
		Use:               "ledgerctl",
		Short:             env.text("cli.cmd.ledgerctl.short"),
		Long:              env.text("cli.cmd.ledgerctl.long"),
		Example:           env.text("cli.cmd.ledgerctl.example"),
		SilenceErrors:     true,
		SilenceUsage:      true,
		DisableAutoGenTag: true,
		// Every command parses its own flags; completion lets cobra parse them (see
		// completion.go), as nothing runs there.
		CompletionOptions: cobra.CompletionOptions{DisableDefaultCmd: true},
	}
	root.SuggestionsMinimumDistance = 2
	// Help lists the commands in commandOrder, not alphabetically.
	cobra.EnableCommandSorting = false
	root.SetHelpFunc(func(c *cobra.Command, _ []string) { env.printHelp(t, c, nil) })
	t.root = root
	global := root.PersistentFlags()
	global.String("db", "", env.T("cli.flag.global.db"))
	global.String("lang", "", env.T("cli.flag.global.lang"))
	root.Flags().Bool("version", false, env.T("cli.flag.global.version"))
	nameValue(global, "db", "DSN")
	nameValue(global, "lang", "zh|en")
	t.addHelpFlag(root)
	for _, name := range orderedCommands() {
		c := t.command(name, nil)
		for _, sub := range subcommands[name] {
			c.AddCommand(t.command(name+" "+sub, []string{sub}))
		}
		root.AddCommand(c)
	}
	root.SetHelpCommand(t.helpCommand())
	root.InitDefaultHelpCmd()
	if t.completing() {
		t.completeRootFlags()
	}
	return t
}

// command is the cobra command of path ("import", "classes show"); prefix is what
// the registered function is given before the arguments (the subcommand's word).
func (t *tree) command(path string, prefix []string) *cobra.Command {
	env := t.env
	words := strings.Fields(path)
	run := commands[words[0]]
	use := words[len(words)-1]
	if a := commandArgs[path]; a != "" {
		use += " " + a
	}
	key := "cli.cmd." + catalogueKey(path)
	c := &cobra.Command{
		Use:     use,
		Short:   env.text(key + ".short"),
		Long:    env.text(key + ".long"),
		Example: env.text(key + ".example"),
		// The command parses its own flags (see the top of this file).
		DisableFlagParsing: !t.completing(),
		RunE: func(c *cobra.Command, args []string) error {
			env.path = path
			if len(args) > 0 && isHelpFlag(args[0]) {
				env.printHelp(t, c, nil)
				t.run = exitOK
				return nil
			}
			if len(subcommands[path]) > 0 && len(args) > 0 && !strings.HasPrefix(args[0], "-") {
				// An unknown subcommand ("classes shw"): the command says its usage,
				// and the closest subcommands are suggested after it.
				defer env.suggest(c, args[0])
			}
			t.run = run(env, append(append([]string(nil), prefix...), args...))
			if env.helped {
				t.run = exitOK
				if env.helpFailed != 0 {
					t.run = env.helpFailed
				}
			}
			return nil
		},
	}
	// The reference pages (cobra/doc) print Long: the exit codes belong there too.
	c.Long = joinParagraphs(c.Long, env.exitCodesText(path))
	c.SuggestionsMinimumDistance = 2
	t.addHelpFlag(c)
	if t.withFlags {
		if fs := env.describe(path); fs != nil {
			env.declareFlags(c, path, fs)
		}
	}
	if t.completing() {
		t.completions(c, path)
	}
	return c
}

func (t *tree) completing() bool { return t.env.completing }

// addHelpFlag gives c a -h, --help in the person's language (cobra's own is English).
func (t *tree) addHelpFlag(c *cobra.Command) {
	c.Flags().BoolP("help", "h", false, t.env.T("cli.flag.global.help"))
}

func isHelpFlag(a string) bool { return a == "-h" || a == "--help" || a == "-help" }

// describe runs the body of the command at path with a describing Env and returns
// the flag set it declared (nil when it declares none before its first parse).
func (e *Env) describe(path string) *flag.FlagSet {
	words := strings.Fields(path)
	run, ok := commands[words[0]]
	if !ok {
		return nil
	}
	d := &Env{Ctx: context.Background(), Lang: e.Lang, DSN: e.DSN, Stdout: io.Discard, Stderr: io.Discard, describing: true,
		command: words[0], args: words[1:]}
	run(d, words[1:])
	return d.described
}

// declareFlags puts the flags of fs on c, described in the person's language:
// cli.flag.PATH.FLAG, else the same flag's text for every command (cli.flag.any.FLAG).
// A default is said in the text (the year's default is "this year", not the number
// the day the reference was written).
func (e *Env) declareFlags(c *cobra.Command, path string, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		if c.Flags().Lookup(f.Name) != nil {
			return
		}
		pf := pflag.PFlagFromGoFlag(f)
		pf.Usage = e.flagUsage(path, f)
		pf.DefValue = "" // the usage says it
		if pf.NoOptDefVal != "" {
			pf.DefValue = "false" // a switch: man pages print [=false]
		}
		pf.Value = namedValue{Value: pf.Value, name: flagValueName(path, f)}
		c.Flags().AddFlag(pf)
	})
}

// flagUsage is the description of flag f of the command at path, its default and
// whether it may be given more than once said after it.
func (e *Env) flagUsage(path string, f *flag.Flag) string {
	text := e.text("cli.flag." + catalogueKey(path) + "." + f.Name)
	if text == "" {
		text = e.text("cli.flag.any." + f.Name)
	}
	if text == "" {
		text = f.Usage
	}
	if _, ok := f.Value.(*multiFlag); ok {
		text += e.T("cli.help.repeatable")
	}
	if def := flagDefault(f); def != "" {
		text += e.T("cli.help.default", map[string]any{"Value": def})
	}
	return text
}

// flagDefault is the default worth saying: not a zero, not the year (its text says it).
func flagDefault(f *flag.Flag) string {
	if _, ok := f.Value.(*yearValue); ok {
		return ""
	}
	switch f.DefValue {
	case "", "0", "false":
		return ""
	}
	return f.DefValue
}

// flagValueNames name the value a flag takes, in usage lines: --map FIELD=COLUMN.
// A command's own name (PATH/FLAG) wins over the flag's name.
var flagValueNames = map[string]string{
	"year": "YEAR", "o": "FILE", "map": "FIELD=COLUMN", "set": "FIELD=VALUE", "value": "FIELD:FROM=TO",
	"crs": "EPSG:N", "date-format": "LAYOUT", "sheet": "SHEET", "header-row": "N", "errors": "FILE.xlsx",
	"headers": "en|zh", "lamps": "N", "pipes": "N", "records": "N", "cases": "N", "seed": "N",
	"reason": "TEXT", "key": "KEY", "name": "中文名", "name-en": "NAME", "geometry": "point|line|polygon|any|none",
	"code": "CODE", "category": "CATEGORY", "unit": "UNIT", "field": "KEY:TYPE[:中文名[:English]]",
	"required": "KEY", "alias": "KEY=别名", "district": "CODE", "class": "KIND", "password-file": "FILE",
	"import/format": "csv|xlsx|geojson|shapefile", "export/format": "csv|xlsx|geojson",
	"report/format": "md|html|xlsx|docx|json", "docs/format": "markdown|man", "docs/o": "DIR",
	"settings/set": "KEY=VALUE",
}

func flagValueName(path string, f *flag.Flag) string {
	if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
		return "bool"
	}
	if n, ok := flagValueNames[strings.ReplaceAll(path, " ", "/")+"/"+f.Name]; ok {
		return n
	}
	if n, ok := flagValueNames[f.Name]; ok {
		return n
	}
	return "VALUE"
}

// namedValue is a flag value whose type name is the name of what it takes, which
// is what usage lines print after the flag (pflag prints the type's name).
type namedValue struct {
	pflag.Value
	name string
}

func (v namedValue) Type() string { return v.name }

// nameValue names the value of a pflag flag declared directly (the global ones).
func nameValue(fs *pflag.FlagSet, flagName, valueName string) {
	f := fs.Lookup(flagName)
	f.Value = namedValue{Value: f.Value, name: valueName}
}

// exitCodesText says what the command's exit codes mean: the four of every command,
// with the command's own meaning of 1 where it has one (check: an error among the
// checks).
func (e *Env) exitCodesText(path string) string {
	return e.T("cli.help.exit_codes_title") + "\n" + indent(e.exitCodeLines(path))
}

// exitCodeLines are the exit codes, one a line.
func (e *Env) exitCodeLines(path string) string {
	one := e.text("cli.cmd." + catalogueKey(path) + ".exit1")
	if one == "" {
		one = e.T("cli.help.exit1")
	}
	return strings.Join([]string{"0  " + e.T("cli.help.exit0"), "1  " + one, "2  " + e.T("cli.help.exit2"), "3  " + e.T("cli.help.exit3")}, "\n")
}

func joinParagraphs(parts ...string) string {
	var out []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, strings.TrimRight(p, "\n"))
		}
	}
	return strings.Join(out, "\n\n")
}

// suggest says which commands under c are closest to a mistyped word.
func (e *Env) suggest(c *cobra.Command, typed string) {
	if e.helped || e.describing {
		return
	}
	for _, s := range c.SuggestionsFor(typed) {
		e.saySuggestion(c, s)
	}
}

func (e *Env) saySuggestion(parent *cobra.Command, name string) {
	fmt.Fprintln(e.Stderr, e.T("cli.help.did_you_mean", map[string]any{"Command": strings.TrimSpace(parent.CommandPath() + " " + name)}))
}

// errDescribing is what a command's body meets when it opens the database while it
// is only being described: nothing is opened for help.
var errDescribing = domain.Errorf(domain.KindInvalid, "cli.help.describing", nil)

func init() {
	register("version", runVersion)
}

// runVersion: version prints the version and the commit (Main answers a bare
// `version` and --version before anything is set up; this is `version -h`).
func runVersion(env *Env, args []string) int {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	if pos, ok := env.flags(fs, args); !ok || !env.noArgs("version", pos) {
		return exitMisuse
	}
	fmt.Fprintln(env.Stdout, version.String("ledgerctl"))
	return exitOK
}

// closestFlags are the flags of fs a mistyped name most likely means: within two
// edits, or the name begins one (--dry for --dry-run).
func closestFlags(fs *flag.FlagSet, typed string) []string {
	var out []string
	fs.VisitAll(func(f *flag.Flag) {
		if len(typed) > 1 && (editDistance(typed, f.Name) <= 2 || strings.HasPrefix(f.Name, typed)) {
			out = append(out, f.Name)
		}
	})
	return out
}

// editDistance is the Levenshtein distance of a and b, by runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}
