package cli

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"cityledger/domain"
	"cityledger/domain/gen"
	"cityledger/domain/i18n"
	"cityledger/domain/storage"
)

func init() {
	register("stats", runStats)
	register("gen", runGen)
	register("backup", runBackup)
	register("restore", runRestore)
}

func runStats(env *Env, args []string) int {
	fs := flag.NewFlagSet("stats", flag.ContinueOnError)
	year := yearFlag(fs)
	asJSON := fs.Bool("json", false, "JSON, money in fen")
	if pos, ok := env.flags(fs, args); !ok || !env.noArgs("stats", pos) {
		return exitMisuse
	}
	s, err := env.Store()
	if err != nil {
		return env.fail(err)
	}
	start := time.Now()
	st, err := domain.ComputeStats(env.Ctx, s, *year)
	if err != nil {
		return env.fail(err)
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(st); err != nil {
			return env.fail(err)
		}
		return exitOK
	}
	cat, err := s.Catalogue(env.Ctx)
	if err != nil {
		return env.fail(err)
	}
	printStats(env, cat, st)
	fmt.Fprintln(env.Stderr, env.T("cli.elapsed", map[string]any{"Seconds": fmt.Sprintf("%.3f", time.Since(start).Seconds())}))
	return exitOK
}

func printStats(env *Env, cat *domain.Catalogue, st *domain.Stats) {
	className := func(key string) string {
		if d, ok := cat.Class(domain.Class(key)); ok {
			return d.Title(env.Lang)
		}
		return key
	}
	l := env.Lang
	out := env.Stdout
	fmt.Fprintln(out, env.T("stats.title", map[string]any{"Year": st.Year}))
	fmt.Fprintln(out)
	fmt.Fprintln(out, env.T("stats.registers", nil))
	var t table
	t.add(env.T("stats.col.class", nil), env.T("stats.col.count", nil), env.T("stats.col.disposed", nil),
		env.T("stats.col.length", nil), env.T("stats.col.area", nil), env.T("stats.col.value", nil))
	for _, c := range st.Classes {
		t.add(className(string(c.Class)), strconv.FormatInt(c.Count, 10), strconv.FormatInt(c.Disposed, 10),
			fmt.Sprintf("%.2f", c.LengthM), fmt.Sprintf("%.2f", c.AreaM2), c.OriginalValue.Yuan())
	}
	t.write(out)
	fmt.Fprintln(out)
	fmt.Fprintln(out, env.T("stats.records", map[string]any{"Year": st.Year, "Count": st.Records.Count, "Cost": st.Records.Cost.Yuan()}))
	sums := func(title string, rows []domain.RecordSum, name func(string) string) {
		fmt.Fprintln(out)
		fmt.Fprintln(out, title)
		var t table
		t.add("", env.T("stats.col.records", nil), env.T("stats.col.quantity", nil), env.T("stats.col.cost", nil))
		for _, r := range mergeRecordSums(rows) {
			var qs []string
			for _, q := range r.quantities {
				qs = append(qs, strconv.FormatFloat(q.Quantity, 'f', -1, 64)+i18n.Enum(l, q.QuantityUnit))
			}
			t.add(name(r.key), strconv.FormatInt(r.count, 10), strings.Join(qs, env.T("map.list_sep", nil)), r.cost.Yuan())
		}
		t.write(out)
	}
	sums(env.T("stats.by_class", nil), st.Records.ByClass, func(k string) string {
		if k == "" {
			return env.T("stats.no_class", nil)
		}
		return className(k)
	})
	sums(env.T("stats.by_work_type", nil), st.Records.ByWorkType, func(k string) string { return i18n.Enum(l, k) })
	fmt.Fprintln(out)
	fmt.Fprintln(out, env.T("stats.by_project", nil))
	t = table{}
	t.add(env.T("stats.col.project", nil), env.T("stats.col.budget", nil), env.T("stats.col.executed", nil), env.T("stats.col.records", nil))
	for _, p := range st.Records.ByProject {
		name := p.Code + " " + p.Name
		if p.Code == "" {
			name = env.T("stats.basic", nil)
		}
		t.add(name, p.Budget.Yuan(), p.Executed.Yuan(), strconv.FormatInt(p.Count, 10))
	}
	t.write(out)
	printCaseStats(env, &st.Cases)
}

func runGen(env *Env, args []string) int {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	var o gen.Options
	fs.IntVar(&o.Lamps, "lamps", 1000, "lamps")
	fs.IntVar(&o.Pipes, "pipes", 200, "pipes")
	fs.IntVar(&o.Records, "records", 10000, "maintenance records")
	fs.IntVar(&o.Cases, "cases", 0, "数字城管 and 12345 cases")
	fs.Int64Var(&o.Seed, "seed", 1, "random seed")
	year := yearFlag(fs)
	if pos, ok := env.flags(fs, args); !ok || !env.noArgs("gen", pos) {
		return exitMisuse
	}
	o.Year = *year
	if o.Lamps < 0 || o.Pipes < 0 || o.Records < 0 || o.Cases < 0 {
		fmt.Fprintln(env.Stderr, env.T("cli.gen_negative", nil))
		return exitMisuse
	}
	s, err := env.Store()
	if err != nil {
		return env.fail(err)
	}
	res, err := gen.Run(env.Ctx, s, o)
	if err != nil {
		return env.fail(err)
	}
	secs := res.Duration.Seconds()
	fmt.Fprintln(env.Stdout, env.T("cli.gen_done", map[string]any{"Lamps": o.Lamps, "Pipes": o.Pipes, "Records": o.Records,
		"Seconds": fmt.Sprintf("%.1f", secs), "Rate": fmt.Sprintf("%.0f", float64(res.Rows)/secs)}))
	if o.Cases > 0 {
		fmt.Fprintln(env.Stdout, env.T("cases.cli.gen_cases", map[string]any{"N": o.Cases}))
	}
	return exitOK
}

// runBackup: backup -o FILE (or -o - for standard output when it is not a terminal).
// The copy is consistent even while other programs write the database.
func runBackup(env *Env, args []string) int {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	out := fs.String("o", "", "output file (- for standard output)")
	if pos, ok := env.flags(fs, args); !ok || *out == "" || len(pos) != 0 {
		fmt.Fprintln(env.Stderr, env.T("cli.bad_flag", map[string]any{"Detail": "backup -o FILE"}))
		return exitMisuse
	}
	if env.refuseBinaryToTerminal(*out, "SQLite") {
		return exitMisuse
	}
	if sameFile(*out, env.DSN) {
		fmt.Fprintln(env.Stderr, env.T("cli.backup_onto_database", map[string]any{"Path": *out}))
		return exitMisuse
	}
	s, err := env.Store()
	if err != nil {
		return env.fail(err)
	}
	var n int64
	err = env.writeOutput(*out, func(w io.Writer) error {
		cw := &countingWriter{w: w}
		err := s.Backup(env.Ctx, cw)
		n = cw.n
		return err
	})
	if err != nil {
		return env.fail(err)
	}
	fmt.Fprintln(env.notices(*out), env.T("cli.backup_done", map[string]any{"Path": *out, "Bytes": n}))
	return exitOK
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// runRestore: restore FILE [--force]. The backup is checked completely before the
// database is touched; the replaced database is kept as a copy (see storage.Restore).
func runRestore(env *Env, args []string) int {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	force := fs.Bool("force", false, "replace a database that holds data, or reopen closed years")
	pos, ok := env.flags(fs, args)
	if !ok || len(pos) != 1 {
		fmt.Fprintln(env.Stderr, env.T("cli.bad_flag", map[string]any{"Detail": "restore FILE [--force]"}))
		return exitMisuse
	}
	opts := storage.RestoreOptions{Force: *force, Program: env.program()}
	var res storage.RestoreResult
	if storage.IsPostgres(env.DSN) {
		s, err := env.Store()
		if err != nil {
			return env.fail(err)
		}
		if res, err = s.RestoreFrom(env.Ctx, pos[0], opts); err != nil {
			return env.fail(err)
		}
	} else {
		var err error
		if res, err = storage.Restore(env.Ctx, pos[0], env.DSN, opts); err != nil {
			return env.fail(err)
		}
	}
	fmt.Fprintln(env.Stdout, env.T("cli.restore_done", map[string]any{"Path": pos[0]}))
	if res.Copy != "" {
		fmt.Fprintln(env.Stdout, env.T("cli.restore_copy", map[string]any{"Copy": res.Copy}))
	}
	if len(res.Reopened) > 0 {
		fmt.Fprintln(env.Stdout, env.T("cli.restore_reopened", map[string]any{"Years": yearsText(env.Lang, res.Reopened)}))
	}
	return exitOK
}

// yearsText joins years the way the language lists them.
func yearsText(lang i18n.Lang, years []int) string {
	s := make([]string, len(years))
	for i, y := range years {
		s[i] = strconv.Itoa(y)
	}
	if lang == i18n.ZH {
		return strings.Join(s, "、")
	}
	return strings.Join(s, ", ")
}

// sameFile reports whether a and b name one existing file.
func sameFile(a, b string) bool {
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(sa, sb)
}

// mergedSum is one line of a stats table: the store groups by key and
// quantity unit (quantities in different units cannot be added), a reader
// wants one line per class or work type with its quantities side by side.
type mergedSum struct {
	key        string
	count      int64
	cost       domain.Fen
	quantities []domain.RecordSum
}

func mergeRecordSums(rows []domain.RecordSum) []mergedSum {
	var out []mergedSum
	at := map[string]int{}
	for _, r := range rows {
		i, ok := at[r.Key]
		if !ok {
			i = len(out)
			at[r.Key] = i
			out = append(out, mergedSum{key: r.Key})
		}
		m := &out[i]
		m.count += r.Count
		m.cost += r.Cost // parts of the year's total, which fits
		if r.QuantityUnit != "" {
			m.quantities = append(m.quantities, r)
		}
	}
	return out
}
