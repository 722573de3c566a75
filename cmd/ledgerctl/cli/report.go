package cli

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
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

// runReport: report --year Y [--format md|html|xlsx|docx|json] [-o FILE] [--checks]
// [--fixed-decimals]. md and json may go to stdout; the binary formats need a file.
// --checks prints the checks as an appendix; --fixed-decimals prints table amounts
// with two decimals (15.00).
func runReport(env *Env, args []string) int {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	year := yearFlag(fs)
	format := fs.String("format", "md", "md|html|xlsx|docx|json")
	out := fs.String("o", "", "output file")
	var opts reports.RenderOptions
	fs.BoolVar(&opts.Checks, "checks", false, "print the checks as an appendix")
	fs.BoolVar(&opts.FixedDecimals, "fixed-decimals", false, "amounts in tables with two decimals")
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
	m, code := buildReport(env, *year)
	if m == nil {
		return code
	}
	if *out == "" {
		if err := reports.RenderWith(env.Stdout, m, *format, opts); err != nil {
			return env.fail(domain.Internal("report", err))
		}
		return exitOK
	}
	if err := writeAtomically(*out, func(f *os.File) error { return reports.RenderWith(f, m, *format, opts) }); err != nil {
		return env.fail(domain.Internal("report", err))
	}
	fmt.Fprintln(env.Stderr, env.T("report.cli.written", map[string]any{"Path": *out}))
	return exitOK
}

// runCheck: check --year Y [--json] prints the report's checks, one per line or as one
// JSON document ({"year": Y, "findings": [{"severity", "code", "message", "subject"}]});
// exit 1 when one is an error. A closed year's findings are those of its archived
// report plus the figures the registers no longer give.
func runCheck(env *Env, args []string) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	year := yearFlag(fs)
	asJSON := fs.Bool("json", false, "one JSON document on standard output")
	if pos, ok := env.flags(fs, args); !ok || !env.noArgs(fs.Name(), pos) {
		return exitMisuse
	}
	s, err := env.Store()
	if err != nil {
		return env.fail(err)
	}
	findings, err := reports.CheckYear(env.Ctx, s, *year, env.Lang)
	if err != nil {
		return env.fail(err)
	}
	errs := 0
	for _, c := range findings {
		if c.Severity == reports.SeverityError {
			errs++
		}
	}
	if *asJSON {
		type finding struct {
			Severity string `json:"severity"`
			Code     string `json:"code"`
			Message  string `json:"message"`
			Subject  string `json:"subject"`
		}
		doc := struct {
			Year     int       `json:"year"`
			Findings []finding `json:"findings"`
		}{Year: *year, Findings: []finding{}}
		for _, c := range findings {
			doc.Findings = append(doc.Findings, finding{c.Severity, c.Code, c.Message, c.Subject})
		}
		enc := json.NewEncoder(env.Stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(doc); err != nil {
			return env.fail(domain.Internal("check", err))
		}
	} else {
		m := &reports.Model{Lang: env.Lang, Checks: findings}
		for _, line := range m.CheckLines() {
			fmt.Fprintln(env.Stdout, line)
		}
	}
	if errs > 0 {
		fmt.Fprintln(env.Stderr, env.T("report.cli.checks_failed", map[string]any{"N": errs}))
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

// writeAtomically writes through a temporary file beside path and renames it into
// place, so a failed rendering never leaves half a report where the last one was.
func writeAtomically(path string, write func(*os.File) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".ledgerctl-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	// CreateTemp makes the file private; a report is an ordinary document.
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// runSettings: settings --year Y [--set KEY=VALUE]… prints the year's settings, every
// key of domain.SettingKeys next to its label, after applying and saving the changes
// when there are any. An empty value clears a setting; 0 is a value. Closing a year
// is close-year's.
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
		if _, known := domain.LookupSetting(k); !known {
			fmt.Fprintln(env.Stderr, env.T("report.cli.unknown_setting", map[string]any{"Key": k, "Keys": strings.Join(domain.SettingKeyNames(), ", ")}))
			return exitMisuse
		}
		if _, seen := changes[k]; !seen {
			order = append(order, k)
		}
		changes[k] = v
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
		var bad []domain.FieldError
		for _, k := range order {
			if fe := st.Set(k, changes[k]); fe != nil {
				bad = append(bad, *fe)
			}
		}
		if err := domain.Invalid(bad...); err != nil {
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

// printSettings lists every setting as "KEY  label: value", "（未设置）" when not set.
func printSettings(env *Env, st *domain.YearSettings) {
	notSet := env.T("report.cli.not_set", nil)
	fmt.Fprintln(env.Stdout, env.T("report.cli.settings_title", map[string]any{"Year": st.Year}))
	width := 0
	for _, k := range domain.SettingKeys {
		width = max(width, len(k.Key))
	}
	line := func(key, value string) {
		fmt.Fprintf(env.Stdout, "%-*s  %s%s%s\n", width, key, env.T("field."+key, nil), env.T("report.sep.label", nil), value)
	}
	for _, k := range domain.SettingKeys {
		v, ok := st.Value(k.Key)
		switch {
		case !ok:
			v = notSet
		case k.Kind == domain.SettingMoney:
			v = env.T("report.cli.yuan", map[string]any{"Amount": v})
		}
		// A note of several paragraphs continues on indented lines.
		line(k.Key, strings.ReplaceAll(v, "\n", "\n"+strings.Repeat(" ", width+2)))
	}
	closed := "否"
	if st.Closed {
		closed = "是"
	}
	line("closed", i18n.Enum(env.Lang, closed))
}
