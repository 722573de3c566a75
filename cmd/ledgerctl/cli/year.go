package cli

import (
	"flag"
	"fmt"
	"strings"

	"cityledger/reports"
)

func init() {
	register("close-year", runCloseYear)
	register("reopen-year", runReopenYear)
}

// close-year --year Y: freezes the year after storing its report in both languages.
func runCloseYear(env *Env, args []string) int {
	fs := flag.NewFlagSet("close-year", flag.ContinueOnError)
	year := yearFlag(fs)
	if pos, ok := env.flags(fs, args); !ok || !env.noArgs(fs.Name(), pos) {
		return exitMisuse
	}
	s, err := env.Store()
	if err != nil {
		return env.fail(err)
	}
	if err := reports.CloseYear(env.Ctx, s, *year); err != nil {
		return env.fail(err)
	}
	fmt.Fprintln(env.Stdout, env.T("cli.year_closed", map[string]any{"Year": *year}))
	return exitOK
}

// reopen-year --year Y --reason TEXT: unfreezes the year; the reason is audited.
func runReopenYear(env *Env, args []string) int {
	fs := flag.NewFlagSet("reopen-year", flag.ContinueOnError)
	year := yearFlag(fs)
	reason := fs.String("reason", "", "why the year is reopened (kept in the audit log)")
	if pos, ok := env.flags(fs, args); !ok || !env.noArgs(fs.Name(), pos) || strings.TrimSpace(*reason) == "" {
		fmt.Fprintln(env.Stderr, env.T("cli.bad_flag", map[string]any{"Detail": "reopen-year --year Y --reason TEXT"}))
		return exitMisuse
	}
	s, err := env.Store()
	if err != nil {
		return env.fail(err)
	}
	if err := s.ReopenYear(env.Ctx, *year, *reason); err != nil {
		return env.fail(err)
	}
	fmt.Fprintln(env.Stdout, env.T("cli.year_reopened", map[string]any{"Year": *year}))
	return exitOK
}
