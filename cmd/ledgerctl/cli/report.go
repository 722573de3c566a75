package cli

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"cityledger/domain"
	"cityledger/domain/i18n"
	"cityledger/reports"
)

func init() {
	register("report", runReport)
	register("check", runCheck)
	register("settings", runSettings)
}

// runReport: report --year Y [--format md|html|xlsx|docx|json] [-o FILE]. md and json
// may go to stdout; the binary formats need a file.
func runReport(env *Env, args []string) int {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	year := yearFlag(fs)
	format := fs.String("format", "md", "md|html|xlsx|docx|json")
	out := fs.String("o", "", "output file")
	if pos, ok := env.flags(fs, args); !ok || !env.noArgs(fs.Name(), pos) {
		return exitMisuse
	}
	if !domain.OneOf(*format, reports.Formats) {
		fmt.Fprintln(env.Stderr, env.T("report.cli.bad_format", map[string]any{"Format": *format}))
		return exitMisuse
	}
	if *out == "" && reports.Binary(*format) {
		fmt.Fprintln(env.Stderr, env.T("report.cli.need_output", map[string]any{"Format": *format}))
		return exitMisuse
	}
	if reports.Binary(*format) && env.refuseBinaryToTerminal(*out, *format) {
		return exitMisuse
	}
	m, code := buildReport(env, *year)
	if m == nil {
		return code
	}
	if *out == "" {
		*out = stdoutName
	}
	if err := env.writeOutput(*out, func(w io.Writer) error { return reports.Render(w, m, *format) }); err != nil {
		return env.fail(err)
	}
	if *out != stdoutName {
		fmt.Fprintln(env.Stderr, env.T("report.cli.written", map[string]any{"Path": *out}))
	}
	return exitOK
}

// runCheck: check --year Y prints the report's checks; exit 1 when one is an error.
func runCheck(env *Env, args []string) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	year := yearFlag(fs)
	if pos, ok := env.flags(fs, args); !ok || !env.noArgs(fs.Name(), pos) {
		return exitMisuse
	}
	m, code := buildReport(env, *year)
	if m == nil {
		return code
	}
	for _, line := range m.CheckLines() {
		fmt.Fprintln(env.Stdout, line)
	}
	if m.Failed() {
		n := 0
		for _, c := range m.Checks {
			if c.Severity == reports.SeverityError {
				n++
			}
		}
		fmt.Fprintln(env.Stderr, env.T("report.cli.checks_failed", map[string]any{"N": n}))
		return exitInvalid
	}
	return exitOK
}

func buildReport(env *Env, year int) (*reports.Model, int) {
	s, err := env.Store()
	if err != nil {
		return nil, env.fail(err)
	}
	m, err := reports.ForYear(env.Ctx, s, year, env.Lang)
	if err != nil {
		return nil, env.fail(err)
	}
	return m, exitOK
}

// Settings keys of `ledgerctl settings --set KEY=VALUE`: the two 三公 budgets in 元 and
// the notes, named note_<domain note key>. An empty value clears a setting.
var settingKeys = []string{"official_purchase_budget", "official_running_budget",
	"note_" + domain.NoteOtherVehicles, "note_" + domain.NoteOfficialChange,
	"note_" + domain.NoteOfficialPurchase, "note_" + domain.NoteOfficialRunning}

// runSettings: settings --year Y [--set KEY=VALUE]… prints the year's settings, after
// applying and saving the changes when there are any. Closing a year is close-year's.
func runSettings(env *Env, args []string) int {
	fs := flag.NewFlagSet("settings", flag.ContinueOnError)
	year := yearFlag(fs)
	var sets multiFlag
	fs.Var(&sets, "set", "KEY=VALUE (repeatable)")
	if pos, ok := env.flags(fs, args); !ok || !env.noArgs(fs.Name(), pos) {
		return exitMisuse
	}
	changes := map[string]string{}
	var order []string
	for _, kv := range sets {
		k, v, ok := strings.Cut(kv, "=")
		k = strings.TrimSpace(k)
		if !ok {
			fmt.Fprintln(env.Stderr, env.T("report.cli.bad_set", map[string]any{"Value": kv}))
			return exitMisuse
		}
		if !domain.OneOf(k, settingKeys) {
			fmt.Fprintln(env.Stderr, env.T("report.cli.unknown_setting", map[string]any{"Key": k, "Keys": strings.Join(settingKeys, ", ")}))
			return exitMisuse
		}
		if _, seen := changes[k]; !seen {
			order = append(order, k)
		}
		changes[k] = strings.TrimSpace(v)
	}
	s, err := env.Store()
	if err != nil {
		return env.fail(err)
	}
	st, err := s.GetYearSettings(env.Ctx, *year)
	if domain.ErrorKind(err) == domain.KindNotFound {
		st, err = &domain.YearSettings{Year: *year}, nil
	}
	if err != nil {
		return env.fail(err)
	}
	if len(changes) > 0 {
		if err := applySettings(st, order, changes); err != nil {
			return env.fail(err)
		}
		if err := st.Validate(); err != nil {
			return env.fail(err)
		}
		if err := s.SaveYearSettings(env.Ctx, st); err != nil {
			return env.fail(err)
		}
		fmt.Fprintln(env.Stderr, env.T("report.cli.saved", map[string]any{"Year": *year}))
	}
	printSettings(env, st)
	return exitOK
}

func applySettings(st *domain.YearSettings, order []string, changes map[string]string) error {
	if st.Notes == nil {
		st.Notes = map[string]string{}
	}
	var bad []domain.FieldError
	for _, k := range order {
		v := changes[k]
		switch k {
		case "official_purchase_budget", "official_running_budget":
			var amount *domain.Fen
			if v != "" {
				f, fe := domain.ParseAmount(k, v)
				if fe != nil {
					bad = append(bad, *fe)
					continue
				}
				amount = &f
			}
			if k == "official_purchase_budget" {
				st.OfficialPurchaseBudget = amount
			} else {
				st.OfficialRunningBudget = amount
			}
		default:
			note := strings.TrimPrefix(k, "note_")
			if v == "" {
				delete(st.Notes, note)
			} else {
				st.Notes[note] = v
			}
		}
	}
	return domain.Invalid(bad...)
}

func printSettings(env *Env, st *domain.YearSettings) {
	notSet := env.T("report.cli.not_set", nil)
	money := func(f *domain.Fen) string {
		if f == nil {
			return notSet
		}
		return env.T("report.cli.yuan", map[string]any{"Amount": f.Yuan()})
	}
	line := func(key, value string) {
		fmt.Fprintf(env.Stdout, "%s%s%s\n", env.T("field."+key, nil), env.T("report.sep.label", nil), value)
	}
	fmt.Fprintln(env.Stdout, env.T("report.cli.settings_title", map[string]any{"Year": st.Year}))
	line("official_purchase_budget", money(st.OfficialPurchaseBudget))
	line("official_running_budget", money(st.OfficialRunningBudget))
	for _, k := range domain.NoteKeys {
		v := st.Notes[k]
		if v == "" {
			v = notSet
		}
		line("note_"+k, v)
	}
	closed := "否"
	if st.Closed {
		closed = "是"
	}
	line("closed", i18n.Enum(env.Lang, closed))
}
