package cli

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"

	"cityledger/domain"
	"cityledger/domain/version"
)

func init() {
	register("docs", runDocs)
}

// runDocs: docs --format markdown|man -o DIR writes a page per command, in the
// language of --lang, drawn from the same catalogue as the help. docs/cli/ in the
// repository holds the Markdown pages in both languages (a test keeps them current).
func runDocs(env *Env, args []string) int {
	fs := flag.NewFlagSet("docs", flag.ContinueOnError)
	format := fs.String("format", "markdown", "markdown|man")
	out := fs.String("o", "", "output folder")
	if pos, ok := env.flags(fs, args); !ok || !env.noArgs("docs", pos) {
		return exitMisuse
	}
	if *out == "" || !exOneOf(*format, "markdown", "man") {
		fmt.Fprintln(env.Stderr, env.T("cli.bad_flag", map[string]any{"Detail": "docs --format markdown|man -o DIR"}))
		return exitMisuse
	}
	n, err := writeDocs(env, *format, *out)
	if err != nil {
		return env.fail(err)
	}
	fmt.Fprintln(env.Stdout, env.T("cli.help.docs_written", map[string]any{"N": n, "Dir": *out}))
	return exitOK
}

// writeDocs writes the pages of every command into dir and returns how many.
func writeDocs(env *Env, format, dir string) (int, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, domain.FileError(dir, err)
	}
	// The pages are written from a tree of their own that knows every flag, without
	// this run's database or default paths in it.
	d := &Env{Ctx: env.Ctx, Lang: env.Lang, DSN: "", Stdout: env.Stdout, Stderr: env.Stderr}
	t := newTree(d, true)
	root := t.root
	var err error
	switch format {
	case "markdown":
		link := func(name string) string { return name }
		err = doc.GenMarkdownTreeCustom(root, dir, func(string) string { return "" }, link)
	case "man":
		header := &doc.GenManHeader{Title: "LEDGERCTL", Section: "1", Source: version.String("ledgerctl"),
			Manual: env.T("cli.help.man_manual"), Date: manDate()}
		err = doc.GenManTree(root, header, dir)
	}
	if err != nil {
		return 0, domain.FileError(dir, err)
	}
	return countPages(root), nil
}

// manDate is the pages' date: SOURCE_DATE_EPOCH when a reproducible build sets it.
func manDate() *time.Time {
	now := time.Now().UTC()
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		var secs int64
		if _, err := fmt.Sscan(s, &secs); err == nil {
			now = time.Unix(secs, 0).UTC()
		}
	}
	return &now
}

func countPages(c *cobra.Command) int {
	n := 1
	for _, s := range c.Commands() {
		if s.IsAvailableCommand() && !s.IsAdditionalHelpTopicCommand() {
			n += countPages(s)
		}
	}
	return n
}
