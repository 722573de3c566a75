package cli

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"cityledger/domain"
	"cityledger/domain/exchange"
	"cityledger/domain/i18n"
	"cityledger/domain/storage"
)

// helpCommand is `ledgerctl help [COMMAND [KIND]]`: a command's help, or the columns a
// kind's files take (help import lamps).
func (t *tree) helpCommand() *cobra.Command {
	env := t.env
	c := &cobra.Command{
		Use:                "help " + commandArgs["help"],
		Short:              env.T("cli.cmd.help.short"),
		Long:               env.T("cli.cmd.help.long"),
		Example:            env.T("cli.cmd.help.example"),
		DisableFlagParsing: !t.completing(),
		RunE: func(c *cobra.Command, args []string) error {
			env.path = "help"
			t.run = env.helpTopic(t, args)
			return nil
		},
	}
	t.addHelpFlag(c)
	if t.completing() {
		c.ValidArgsFunction = t.completeHelpTopic
	}
	return c
}

// helpTopic prints the help that args ask for; misuse when they name nothing.
func (e *Env) helpTopic(t *tree, args []string) int {
	for _, a := range args {
		if strings.HasPrefix(a, "-") && !isHelpFlag(a) {
			fmt.Fprintln(e.Stderr, e.T("cli.unknown_flag", map[string]any{"Cmd": "ledgerctl help", "Flag": a}))
			return exitMisuse
		}
	}
	var words []string
	for _, a := range args {
		if !isHelpFlag(a) {
			words = append(words, a)
		}
	}
	if len(words) == 0 && len(args) > 0 {
		// help -h: the help of help.
		help, _, _ := t.root.Find([]string{"help"})
		e.path = "help"
		return e.printHelp(t, help, nil)
	}
	if len(words) == 0 {
		e.printHelp(t, t.root, nil)
		return exitOK
	}
	c, rest, err := t.root.Find(words)
	if err != nil || c == t.root {
		return e.unknownCommand(t, words[0])
	}
	if len(rest) > 0 && !kindCommands[c.Name()] {
		if len(subcommands[c.Name()]) > 0 {
			return e.unknownCommand(t, strings.Join(words, " "))
		}
		fmt.Fprintln(e.Stderr, e.T("cli.unexpected_args", map[string]any{"Cmd": "help " + c.Name(), "Args": strings.Join(rest, " ")}))
		return exitMisuse
	}
	if len(rest) > 1 {
		fmt.Fprintln(e.Stderr, e.T("cli.unexpected_args", map[string]any{"Cmd": "help " + c.Name() + " " + rest[0], "Args": strings.Join(rest[1:], " ")}))
		return exitMisuse
	}
	e.path = commandPath(c)
	return e.printHelp(t, c, rest)
}

// unknownCommand says that typed is no command, with the closest ones.
func (e *Env) unknownCommand(t *tree, typed string) int {
	fmt.Fprintln(e.Stderr, e.T("cli.unknown_command", map[string]any{"Cmd": typed}))
	words := strings.Fields(typed)
	parent, last := t.root, typed
	if len(words) > 1 {
		if c, _, err := t.root.Find(words[:len(words)-1]); err == nil && c != nil {
			parent, last = c, words[len(words)-1]
		}
	}
	suggestions := parent.SuggestionsFor(last)
	for _, s := range suggestions {
		e.saySuggestion(parent, s)
	}
	if len(suggestions) == 0 {
		fmt.Fprintln(e.Stderr, e.T("cli.help.see_help"))
	}
	return exitMisuse
}

// commandPath is c's words after "ledgerctl" ("classes show").
func commandPath(c *cobra.Command) string {
	return strings.TrimSpace(strings.TrimPrefix(c.CommandPath(), c.Root().Name()))
}

// printHelp prints c's help on standard output: what it does, its usage, flags,
// examples and exit codes. With a KIND after a command that takes one, it lists that
// kind's columns instead. It returns the exit code.
func (e *Env) printHelp(t *tree, c *cobra.Command, kind []string) int {
	e.helped = true
	if len(kind) > 0 && kindCommands[c.Name()] {
		return e.printKindColumns(c.Name(), kind[0])
	}
	path := commandPath(c)
	t.declareFlagsOnce(c, path)
	w := e.Stdout
	if e.content != nil {
		w = e.content
	}
	key := "cli.cmd." + catalogueKey(path)
	if c == t.root {
		key = "cli.cmd.ledgerctl"
	}
	section := func(title string, body string) {
		if strings.TrimSpace(body) == "" {
			return
		}
		fmt.Fprintln(w)
		fmt.Fprintln(w, e.T(title))
		fmt.Fprintln(w, indent(strings.TrimRight(body, "\n")))
	}
	fmt.Fprintln(w, c.Short)
	usage := "ledgerctl " + path
	if c == t.root {
		usage = "ledgerctl [--db DSN] [--lang zh|en] " + e.T("cli.help.command_word")
	} else if a := commandArgs[path]; a != "" {
		usage += " " + a
	}
	usage += " " + e.T("cli.help.flags_word")
	if len(subcommands[path]) > 0 {
		usage += "\n" + "ledgerctl " + path + " " + e.T("cli.help.subcommand_word")
	}
	section("cli.help.usage", usage)
	if long := e.text(key + ".long"); long != "" {
		fmt.Fprintln(w)
		fmt.Fprintln(w, strings.TrimRight(long, "\n"))
	}
	if c == t.root {
		fmt.Fprintln(w, e.T("cli.help.default_db", map[string]any{"Path": storage.DefaultPath()}))
	}
	if path == "settings" {
		section("cli.help.settings_keys", settingKeysText(e.Lang))
	}
	var subs table
	for _, s := range c.Commands() {
		if s.IsAvailableCommand() || s.Name() == "help" && c == t.root {
			subs.add(s.Name(), s.Short)
		}
	}
	title := "cli.help.subcommands"
	if c == t.root {
		title = "cli.help.commands"
	}
	section(title, subs.String())
	section("cli.help.flags", flagTable(c.LocalNonPersistentFlags(), c == t.root))
	section("cli.help.global_flags", flagTable(c.InheritedFlags(), false))
	section("cli.help.examples", c.Example)
	section("cli.help.exit_codes", e.exitCodeLines(path))
	if kindCommands[path] {
		fmt.Fprintln(w)
		fmt.Fprintln(w, e.T("cli.help.kind_columns", map[string]any{"Cmd": path}))
	} else if c == t.root {
		fmt.Fprintln(w)
		fmt.Fprintln(w, e.T("cli.help.more"))
	}
	return exitOK
}

// declareFlagsOnce puts c's declared flags on it for its help, once.
func (t *tree) declareFlagsOnce(c *cobra.Command, path string) {
	if t.withFlags || c == t.root || path == "" {
		return
	}
	if c.Annotations == nil {
		c.Annotations = map[string]string{}
	}
	if c.Annotations["flags"] == "declared" {
		return
	}
	c.Annotations["flags"] = "declared"
	if fs := t.env.describe(path); fs != nil {
		t.env.declareFlags(c, path, fs)
	}
}

// flagTable lists flags as usage lines: "--map FIELD=COLUMN   what it does". The
// help flag comes last; with root, --version before it.
func flagTable(fs *pflag.FlagSet, root bool) string {
	var t table
	var last []*pflag.Flag
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Name == "help" || f.Name == "version" {
			last = append(last, f)
			return
		}
		t.add(flagSyntax(f), f.Usage)
	})
	for _, name := range []string{"version", "help"} {
		for _, f := range last {
			if f.Name == name {
				t.add(flagSyntax(f), f.Usage)
			}
		}
	}
	return t.String()
}

// flagSyntax is how a flag is written: "-o FILE", "--year YEAR", "-h, --help", "--dry-run".
func flagSyntax(f *pflag.Flag) string {
	name := "--" + f.Name
	switch {
	case len(f.Name) == 1:
		name = "-" + f.Name
	case f.Shorthand != "":
		name = "-" + f.Shorthand + ", --" + f.Name
	}
	if v := f.Value.Type(); v != "bool" && v != "" {
		name += " " + v
	}
	return name
}

func indent(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = "  " + l
		}
	}
	return strings.Join(lines, "\n")
}

// settingKeysText lists the year settings' keys next to their labels.
func settingKeysText(lang i18n.Lang) string {
	var t table
	for _, k := range domain.SettingKeys {
		t.add(k.Key, i18n.T(lang, "field."+k.Key, nil))
	}
	return t.String()
}

// printKindColumns lists the columns a file of kind arg takes for the command cmd
// (import, export, template): Chinese and English headers, required ones marked,
// what each takes (values, unit, format) and the other headers it is known by. The
// classes come from the database's catalogue, so a bureau's own classes are there.
func (e *Env) printKindColumns(cmd, arg string) int {
	cat, err := e.helpCatalogue()
	if err != nil {
		return e.fail(err)
	}
	kind, ok := exchange.ParseKind(cat, arg)
	if !ok {
		return e.exUnknownKind(cat, arg)
	}
	l, _ := exchange.LayoutOf(cat, kind)
	w := e.Stdout
	fmt.Fprintln(w, e.T("cli.help.columns_title", map[string]any{"Name": l.Title(e.Lang), "Kind": string(l.Kind), "Cmd": cmd}))
	fmt.Fprintln(w)
	var t table
	t.add(e.T("cli.help.col.header_zh"), e.T("cli.help.col.header_en"), e.T("cli.help.col.required"),
		e.T("cli.help.col.takes"), e.T("cli.help.col.also"))
	sep := "、"
	if e.Lang == i18n.EN {
		sep = ", "
	}
	for _, f := range l.Fields {
		req := ""
		if f.Required {
			req = "*"
		}
		var also []string
		for _, h := range l.Headers(f) {
			if h != f.Key && h != f.Chinese {
				also = append(also, h)
			}
		}
		t.add(f.Chinese, f.Key, req, f.Describe(e.Lang), strings.Join(also, sep))
	}
	if l.Geometric() && !l.PointColumns() {
		t.add("几何", exchange.GeometryField, "", l.DescribeGeometry(e.Lang), strings.Join(exchange.GeometryHeaders()[1:], sep))
	}
	t.write(w)
	fmt.Fprintln(w)
	if l.Geometric() {
		fmt.Fprintln(w, e.T("cli.help.columns_geometry", map[string]any{"Geometry": l.DescribeGeometry(e.Lang)}))
	}
	fmt.Fprintln(w, e.T("cli.help.columns_footer", map[string]any{"Kind": string(l.Kind)}))
	return exitOK
}

// helpCatalogue is the catalogue help reads classes from: the database's, or the
// built-in classes when the SQLite file does not exist yet (help creates nothing).
func (e *Env) helpCatalogue() (*domain.Catalogue, error) {
	if !storage.IsPostgres(e.DSN) {
		if _, err := os.Stat(e.DSN); errors.Is(err, os.ErrNotExist) {
			return domain.BuiltinCatalogue(), nil
		}
	}
	s, err := e.Store()
	if err != nil {
		return nil, err
	}
	return s.Catalogue(e.Ctx)
}

// String is the table as text.
func (t *table) String() string {
	var b strings.Builder
	t.write(&b)
	return b.String()
}
