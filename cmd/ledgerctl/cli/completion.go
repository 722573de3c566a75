package cli

import (
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"cityledger/domain"
	"cityledger/domain/exchange"
	"cityledger/domain/i18n"
)

func init() {
	register("completion", runCompletion)
}

// completionShells are the shells `ledgerctl completion` writes a script for.
var completionShells = []string{"bash", "zsh", "fish", "powershell"}

// runCompletion: completion bash|zsh|fish|powershell [--no-descriptions] writes the
// shell's completion script. The script asks ledgerctl itself (cobra's __complete)
// for the words, so kinds and classes come from the database of --db.
func runCompletion(env *Env, args []string) int {
	fs := flag.NewFlagSet("completion", flag.ContinueOnError)
	noDesc := fs.Bool("no-descriptions", false, "without descriptions")
	pos, ok := env.flags(fs, args)
	if !ok {
		return exitMisuse
	}
	if len(pos) != 1 || !exOneOf(pos[0], completionShells...) {
		fmt.Fprintln(env.Stderr, env.T("cli.help.bad_shell", map[string]any{"Shells": strings.Join(completionShells, "|")}))
		return exitMisuse
	}
	root, out := env.tree.root, env.Stdout
	var err error
	switch pos[0] {
	case "bash":
		err = root.GenBashCompletionV2(out, !*noDesc)
	case "zsh":
		if *noDesc {
			err = root.GenZshCompletionNoDesc(out)
		} else {
			err = root.GenZshCompletion(out)
		}
	case "fish":
		err = root.GenFishCompletion(out, !*noDesc)
	case "powershell":
		if *noDesc {
			err = root.GenPowerShellCompletion(out)
		} else {
			err = root.GenPowerShellCompletionWithDesc(out)
		}
	}
	if err != nil {
		return env.fail(domain.FileError(env.T("cli.stdout"), err))
	}
	return exitOK
}

// completer offers the words for one positional argument or flag value; toComplete
// is what has been typed of it.
type completer func(t *tree, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective)

// argCompleters complete each command's positionals, in order; nil: files.
var argCompleters = map[string][]completer{
	"import":               {completeKinds, nil},
	"export":               {completeKinds},
	"template":             {completeKinds},
	"restore":              {nil},
	"classes show":         {completeClasses},
	"classes add-field":    {completeClasses},
	"classes remove":       {completeClasses},
	"classes remove-field": {completeClasses, completeFieldsOfClass},
	"classes import":       {completeJSONFiles},
	"access grant":         {completeNothing, completeRoles},
	"access revoke":        {completeNothing, completeRoles},
	"completion":           {words(completionShells...)},
}

// flagCompleters complete flag values: PATH/FLAG, else FLAG for every command.
var flagCompleters = map[string]completer{
	"year": completeYears, "class": completeClasses, "crs": words("EPSG:4490", "EPSG:4326", "EPSG:4547", "EPSG:4546", "EPSG:4548", "EPSG:3857"),
	"headers": words("en", "zh"), "geometry": words("point", "line", "polygon", "any", "none"),
	"category": completeCategories, "docs/o": completeDirs, "o": nil, "errors": nil, "password-file": nil,
}

// completions gives c its argument and flag-value completion.
func (t *tree) completions(c *cobra.Command, path string) {
	argc, hasArgs := argCompleters[path]
	c.ValidArgsFunction = func(c *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(subcommands[path]) > 0 && len(args) == 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp // cobra offers the subcommands
		}
		if !hasArgs || len(args) >= len(argc) {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		if argc[len(args)] == nil {
			return nil, cobra.ShellCompDirectiveDefault
		}
		return argc[len(args)](t, args, toComplete)
	}
	c.Flags().VisitAll(func(f *pflag.Flag) {
		key := strings.ReplaceAll(path, " ", "/") + "/" + f.Name
		comp, ok := flagCompleters[key]
		if !ok {
			comp, ok = flagCompleters[f.Name]
		}
		if !ok && f.Name == "format" {
			if names, named := flagValueNames[key]; named {
				comp, ok = words(strings.Split(names, "|")...), true
			}
		}
		if !ok || comp == nil {
			return
		}
		_ = c.RegisterFlagCompletionFunc(f.Name, func(c *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			return comp(t, args, toComplete)
		})
	})
}

// completeRootFlags completes --lang's values (--db is a file).
func (t *tree) completeRootFlags() {
	_ = t.root.RegisterFlagCompletionFunc("lang", func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return []cobra.Completion{"zh", "en"}, cobra.ShellCompDirectiveNoFileComp
	})
}

// completeHelpTopic completes `help`: a command, its subcommand, then a kind.
func (t *tree) completeHelpTopic(_ *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	parent := t.root
	if len(args) > 0 {
		c, rest, err := t.root.Find(args)
		if err != nil || len(rest) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		if kindCommands[c.Name()] {
			return completeKinds(t, nil, toComplete)
		}
		parent = c
	}
	var out []cobra.Completion
	for _, c := range parent.Commands() {
		if c.IsAvailableCommand() && strings.HasPrefix(c.Name(), toComplete) {
			out = append(out, cobra.CompletionWithDesc(c.Name(), c.Short))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

func words(ws ...string) completer {
	return func(_ *tree, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		var out []cobra.Completion
		for _, w := range ws {
			if strings.HasPrefix(w, toComplete) {
				out = append(out, w)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

func completeNothing(*tree, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return nil, cobra.ShellCompDirectiveNoFileComp
}

func completeJSONFiles(*tree, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return []cobra.Completion{"json"}, cobra.ShellCompDirectiveFilterFileExt
}

func completeDirs(*tree, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return nil, cobra.ShellCompDirectiveFilterDirs
}

// completeKinds offers every kind of the database's catalogue, with its name.
func completeKinds(t *tree, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	cat, err := t.env.helpCatalogue()
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	var out []cobra.Completion
	for _, k := range exchange.Kinds(cat) {
		l, _ := exchange.LayoutOf(cat, k)
		if strings.HasPrefix(string(k), toComplete) {
			out = append(out, cobra.CompletionWithDesc(string(k), l.Title(t.env.Lang)))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeClasses offers the catalogue's classes.
func completeClasses(t *tree, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	cat, err := t.env.helpCatalogue()
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	var out []cobra.Completion
	for _, d := range cat.Classes() {
		if strings.HasPrefix(string(d.Key), toComplete) {
			out = append(out, cobra.CompletionWithDesc(string(d.Key), d.Title(t.env.Lang)))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeFieldsOfClass offers the fields of the class named before.
func completeFieldsOfClass(t *tree, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	cat, err := t.env.helpCatalogue()
	if err != nil || len(args) == 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	d, ok := cat.Find(args[0])
	if !ok {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []cobra.Completion
	for i := range d.Fields {
		if f := &d.Fields[i]; strings.HasPrefix(f.Key, toComplete) {
			out = append(out, cobra.CompletionWithDesc(f.Key, f.Name(t.env.Lang)))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

func completeRoles(t *tree, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var out []cobra.Completion
	for _, r := range domain.Roles {
		name := strings.TrimPrefix(r.ServerName(), "cityledger_")
		if strings.HasPrefix(name, toComplete) {
			out = append(out, cobra.CompletionWithDesc(name, r.Localize(t.env.Lang)))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

func completeCategories(t *tree, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var out []cobra.Completion
	for _, c := range domain.AccountingCategories {
		if strings.HasPrefix(string(c), toComplete) {
			out = append(out, cobra.CompletionWithDesc(string(c), i18n.Enum(t.env.Lang, string(c))))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeYears offers this year and the five before it, newest first: the years a
// bureau works on; any other is typed.
func completeYears(_ *tree, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var out []cobra.Completion
	for y := time.Now().Year(); y > time.Now().Year()-6; y-- {
		if s := strconv.Itoa(y); strings.HasPrefix(s, toComplete) {
			out = append(out, s)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveKeepOrder
}
