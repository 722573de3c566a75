package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"runtime/debug"
	"strings"

	"cityledger/domain"
	"cityledger/domain/demo"
	"cityledger/domain/exchange"
	"cityledger/domain/geo"
	"cityledger/domain/i18n"
)

func init() {
	register("import", cmdImport)
	register("export", cmdExport)
	register("template", cmdTemplate)
	register("demo", cmdDemo)
}

// cmdImport: import KIND FILE [--crs EPSG:N] [--map F=C]… [--set F=V]… [--value F:FROM=TO]…
// [--date-format F] [--sheet S] [--header-row N] [--dry-run] [--skip-invalid] [--overwrite] [--errors FILE.xlsx]
func cmdImport(env *Env, args []string) int {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	var maps, sets, values multiFlag
	fs.Var(&maps, "map", "FIELD=COLUMN")
	fs.Var(&sets, "set", "FIELD=VALUE")
	fs.Var(&values, "value", "FIELD:FROM=TO")
	crs := fs.String("crs", "", "source CRS, EPSG:N")
	dateFormat := fs.String("date-format", "", "Go date layout, e.g. 02-Jan-06")
	sheet := fs.String("sheet", "", "XLSX sheet name or number")
	headerRow := fs.Int("header-row", 0, "the row that holds the headers (default: found)")
	format := fs.String("format", "", "csv|xlsx|geojson|shapefile (default: by extension)")
	dryRun := fs.Bool("dry-run", false, "check only, write nothing")
	skip := fs.Bool("skip-invalid", false, "write the valid rows, report the others")
	overwrite := fs.Bool("overwrite", false, "replace rows someone else changed while the import read them")
	errorsOut := fs.String("errors", "", "write the rows and their errors to this XLSX")
	pos, ok := env.flags(fs, args)
	if !ok {
		return exitMisuse
	}
	if len(pos) != 2 || *headerRow < 0 {
		return env.exMisuse("exchange.cli.usage_import", nil)
	}
	store, err := env.Store()
	if err != nil {
		return env.fail(err)
	}
	layout, code := env.layout(store, pos[0])
	if layout == nil {
		return code
	}
	path := pos[1]
	opts, err := exchange.ParseOptions(layout, maps, sets, values)
	if err != nil {
		fmt.Fprintln(env.Stderr, domain.Message(env.Lang, err))
		return exitMisuse
	}
	if *crs != "" {
		// A wrong --crs is the command line's fault, not the file's.
		if _, err := geo.NewReprojector(*crs); err != nil {
			fmt.Fprintln(env.Stderr, env.T("cli.unknown_crs", map[string]any{"CRS": *crs}))
			return exitMisuse
		}
	}
	if *format != "" && !exOneOf(*format, "csv", "xlsx", "geojson", "shapefile") {
		return env.exMisuse("exchange.cli.usage_import", nil)
	}
	if *errorsOut == stdoutName {
		// The workbook owns standard output; what import says goes to standard error.
		if env.refuseBinaryToTerminal(*errorsOut, "XLSX") {
			return exitMisuse
		}
		env.sendNoticesToStderr()
	}
	opts.CRS, opts.DateFormat, opts.SkipInvalid, opts.DryRun = *crs, *dateFormat, *skip, *dryRun
	opts.HeaderRow, opts.Overwrite = *headerRow, *overwrite
	opts.Source = filepath.Base(path)
	if layout.Class != nil && !*overwrite {
		// The import's baseline is now, before the file is read: a lamp someone else
		// changes meanwhile is a conflict, not silently overwritten.
		if opts.Seen, err = store.ReadMark(env.Ctx, layout.Class.Key); err != nil {
			return env.fail(err)
		}
	}

	// The file streams through, but the converted batch is held whole until the
	// store writes it in one transaction; collecting garbage at half Go's usual
	// heap growth keeps a large import near GDAL's memory for a few % more CPU.
	defer debug.SetGCPercent(debug.SetGCPercent(50))
	readOpts := exchange.ReadOptions{Sheet: *sheet, Format: *format}
	src, err := exchange.Open(path, readOpts)
	if err != nil {
		return env.fail(err)
	}
	defer src.Close()
	// The file is read row by row as it is converted, so its row count is known after.
	res, sum, err := exchange.ImportSource(env.Ctx, store, layout, src, opts)
	if res != nil {
		enc := src.Encoding
		if enc == "" {
			enc = "-"
		}
		fmt.Fprintln(env.Stdout, env.T("exchange.cli.read", map[string]any{
			"Path": filepath.Base(path), "Rows": res.Rows, "Format": src.Format, "Encoding": enc}))
	}
	if res == nil {
		// The file could not be mapped at all: nothing per row to report.
		var de *domain.Error
		if errors.As(err, &de) && (de.Code == "exchange.err.no_column" || de.Code == "exchange.err.header_row") {
			fmt.Fprintln(env.Stderr, domain.Message(env.Lang, err))
			return exitMisuse
		}
		if errors.As(err, &de) && len(de.Fields) > 0 && de.Fields[0].Rule == "missing_column" {
			fmt.Fprintln(env.Stderr, env.T("exchange.cli.missing_columns", nil))
			for _, fe := range de.Fields {
				fmt.Fprintln(env.Stderr, "  "+fe.Render(env.Lang))
			}
			return exitInvalid
		}
		return env.fail(err)
	}
	for _, n := range res.Notices {
		fmt.Fprintln(env.Stdout, n.Render(env.Lang))
	}
	if len(res.Mapping.Unused) > 0 {
		fmt.Fprintln(env.Stdout, env.T("exchange.cli.unused_columns", map[string]any{"Columns": exchange.ColumnList(env.Lang, res.Mapping.Unused)}))
		for _, col := range res.Mapping.Unused {
			if f, ok := res.Mapping.Suggestions[col]; ok {
				fd, _ := layout.Field(f)
				name := fd.Chinese
				if fd.Decl != nil {
					name = fd.Decl.Name(env.Lang)
				}
				fmt.Fprintln(env.Stdout, "  "+env.T("exchange.cli.suggest", map[string]any{"Column": col, "Field": f, "Name": name}))
			}
		}
	}
	if err == nil {
		printChanges(env, sum, *dryRun)
	}
	// A file that is wrong on every row would otherwise print tens of thousands of
	// lines: the first ones say what is wrong, --errors writes every one.
	for i, fe := range sum.Errors {
		if i == printedProblems && *errorsOut == "" {
			fmt.Fprintln(env.Stderr, env.T("exchange.cli.more_errors", map[string]any{"N": len(sum.Errors) - i}))
			break
		}
		if i == printedProblems {
			fmt.Fprintln(env.Stderr, env.T("err.more_errors", map[string]any{"N": len(sum.Errors) - i}))
			break
		}
		fmt.Fprintln(env.Stderr, fe.Render(env.Lang))
	}
	for i, fe := range sum.Warnings {
		if i == printedProblems {
			fmt.Fprintln(env.Stderr, env.T("exchange.cli.more_warnings", map[string]any{"N": len(sum.Warnings) - i}))
			break
		}
		fmt.Fprintln(env.Stderr, env.T("exchange.cli.warning", map[string]any{"Message": fe.Render(env.Lang)}))
	}
	if *errorsOut != "" && len(sum.Errors) > 0 {
		if werr := env.writeOutput(*errorsOut, func(w io.Writer) error {
			// The rows are read again: the import did not keep them.
			again, err := exchange.Open(path, readOpts)
			if err != nil {
				return err
			}
			defer again.Close()
			return exchange.WriteErrorWorkbookSource(w, again, sum.Errors, env.Lang)
		}); werr != nil {
			return env.fail(werr)
		}
		fmt.Fprintln(env.notices(*errorsOut), env.T("exchange.cli.errors_written", map[string]any{"Path": *errorsOut, "N": len(sum.Errors)}))
	}
	if err != nil && domain.ErrorKind(err) != domain.KindInvalid {
		return env.fail(err)
	}
	switch {
	case err != nil:
		fmt.Fprintln(env.Stdout, env.T("exchange.cli.nothing_written", map[string]any{"N": len(sum.Errors), "Rejected": sum.Rejected}))
		return exitInvalid
	case *dryRun:
		fmt.Fprintln(env.Stdout, env.T("exchange.cli.dry_run", map[string]any{"Summary": ImportSummaryText(env.Lang, sum)}))
	default:
		fmt.Fprintln(env.Stdout, env.T("exchange.cli.imported", map[string]any{"Summary": ImportSummaryText(env.Lang, sum)}))
	}
	return exitOK
}

// printedProblems is how many errors (and notices) an import prints before it says
// how many more there are.
const printedProblems = 200

// printChanges says how many rows an import changes and how many of them in fields the
// report reads; a dry run lists every row's changes ("原值 147,600.00 → 0.00").
func printChanges(env *Env, sum domain.ImportSummary, list bool) {
	if sum.Updated == 0 {
		return
	}
	if !list {
		fmt.Fprintln(env.Stdout, env.T("exchange.cli.changed", map[string]any{"N": sum.Updated, "Report": sum.ReportRelevant}))
		return
	}
	fmt.Fprintln(env.Stdout, env.T("exchange.cli.changes", map[string]any{"N": sum.Updated, "Report": sum.ReportRelevant}))
	for _, rc := range sum.Changes {
		fmt.Fprintln(env.Stdout, "  "+rc.Render(env.Lang))
	}
	if more := sum.Updated - len(sum.Changes); more > 0 {
		fmt.Fprintln(env.Stdout, "  "+env.T("exchange.cli.changes_more", map[string]any{"N": more}))
	}
}

// layout finds the kind an argument names, by key or Chinese name, in the database's
// catalogue; nil (and the exit code) when there is none.
func (e *Env) layout(store domain.Store, arg string) (*exchange.Layout, int) {
	cat, err := store.Catalogue(e.Ctx)
	if err != nil {
		return nil, e.fail(err)
	}
	kind, ok := exchange.ParseKind(cat, arg)
	if !ok {
		return nil, e.exUnknownKind(cat, arg)
	}
	l, _ := exchange.LayoutOf(cat, kind)
	return l, exitOK
}

// ImportSummaryText renders an import's counts: "新增3，更新1，未变10，拒绝0".
func ImportSummaryText(lang i18n.Lang, s domain.ImportSummary) string {
	return i18n.T(lang, "exchange.summary", map[string]any{
		"Added": s.Added, "Updated": s.Updated, "Unchanged": s.Unchanged, "Rejected": s.Rejected, "Warnings": len(s.Warnings)})
}

// cmdExport: export KIND --format csv|xlsx|geojson -o FILE [--headers en|zh] [--year Y]
func cmdExport(env *Env, args []string) int {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	format := fs.String("format", "", "csv|xlsx|geojson (default: by the extension of -o)")
	out := fs.String("o", "", "output file (- for standard output)")
	headers := fs.String("headers", "en", "en: English keys; zh: Chinese names")
	year := optionalYearFlag(fs, "projects, indicators, maintenance: only this year (0: all)")
	pos, ok := env.flags(fs, args)
	if !ok {
		return exitMisuse
	}
	if len(pos) != 1 || *out == "" {
		return env.exMisuse("exchange.cli.usage_export", nil)
	}
	f := *format
	if f == "" {
		f = exchange.FormatOf(*out)
		if f == "" || f == "shapefile" {
			f = exchange.FormatCSV
		}
	}
	if !exOneOf(f, exchange.FormatCSV, exchange.FormatXLSX, exchange.FormatGeoJSON) {
		return env.exMisuse("exchange.cli.usage_export", nil)
	}
	lang, ok := i18n.Parse(*headers)
	if !ok {
		return env.exMisuse("exchange.cli.usage_export", nil)
	}
	if f == exchange.FormatXLSX && env.refuseBinaryToTerminal(*out, "XLSX") {
		return exitMisuse
	}
	store, err := env.Store()
	if err != nil {
		return env.fail(err)
	}
	layout, code := env.layout(store, pos[0])
	if layout == nil {
		return code
	}
	var n int
	write := func(w io.Writer) error {
		var err error
		n, err = exchange.Export(env.Ctx, store, layout.Kind, w, exchange.ExportOptions{Format: f, Headers: lang, Year: *year})
		return err
	}
	if err := env.writeOutput(*out, write); err != nil {
		return env.fail(err)
	}
	if *out != stdoutName {
		fmt.Fprintln(env.Stdout, env.T("exchange.cli.exported", map[string]any{"N": n, "Path": *out}))
	}
	return exitOK
}

// cmdTemplate: template KIND -o FILE.xlsx
func cmdTemplate(env *Env, args []string) int {
	fs := flag.NewFlagSet("template", flag.ContinueOnError)
	out := fs.String("o", "", "output .xlsx file")
	pos, ok := env.flags(fs, args)
	if !ok {
		return exitMisuse
	}
	if len(pos) != 1 || *out == "" {
		return env.exMisuse("exchange.cli.usage_template", nil)
	}
	if env.refuseBinaryToTerminal(*out, "XLSX") {
		return exitMisuse
	}
	store, err := env.Store()
	if err != nil {
		return env.fail(err)
	}
	layout, code := env.layout(store, pos[0])
	if layout == nil {
		return code
	}
	if err := env.writeOutput(*out, func(w io.Writer) error { return exchange.Template(layout, w, env.Lang) }); err != nil {
		return env.fail(err)
	}
	fmt.Fprintln(env.notices(*out), env.T("exchange.cli.template_done", map[string]any{"Path": *out}))
	return exitOK
}

// cmdDemo loads the demo district into an empty database.
func cmdDemo(env *Env, args []string) int {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	pos, ok := env.flags(fs, args)
	if !ok {
		return exitMisuse
	}
	if len(pos) != 0 {
		return env.exMisuse("exchange.cli.usage_demo", nil)
	}
	store, err := env.Store()
	if err != nil {
		return env.fail(err)
	}
	sum, err := demo.Load(env.Ctx, store)
	if err != nil {
		return env.fail(err)
	}
	fmt.Fprintln(env.Stdout, env.T("cli.demo_loaded", map[string]any{"Summary": ImportSummaryText(env.Lang, sum)}))
	return exitOK
}

func (e *Env) exMisuse(key string, params map[string]any) int {
	fmt.Fprintln(e.Stderr, e.T(key, params))
	return exitMisuse
}

func (e *Env) exUnknownKind(cat *domain.Catalogue, s string) int {
	var keys []string
	for _, k := range exchange.Kinds(cat) {
		keys = append(keys, string(k))
	}
	fmt.Fprintln(e.Stderr, e.T("exchange.cli.unknown_kind", map[string]any{"Kind": s, "Kinds": strings.Join(keys, ", ")}))
	return exitMisuse
}

func exOneOf(s string, options ...string) bool {
	for _, o := range options {
		if s == o {
			return true
		}
	}
	return false
}
