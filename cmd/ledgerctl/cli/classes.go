package cli

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"

	"cityledger/domain"
	"cityledger/domain/i18n"
)

func init() {
	register("classes", runClasses)
	register("component-ids", runComponentIDs)
}

// runClasses: the asset catalogue.
//
//	classes                                list the classes
//	classes show KEY                       a class's fields and the headers they accept
//	classes add --key K --name 中文名 …     declare a class
//	classes add-field KEY --field …        declare fields of a class
//	classes remove KEY                     drop a user class that holds no assets
//	classes remove-field KEY FIELD [--force]
//	classes export -o F.json | classes import F.json
func runClasses(env *Env, args []string) int {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fs := flag.NewFlagSet("classes", flag.ContinueOnError)
		if pos, ok := env.flags(fs, args); !ok || !env.noArgs("classes", pos) {
			return exitMisuse
		}
		return classesList(env)
	}
	sub, rest := args[0], args[1:]
	switch sub {
	case "show":
		return classesShow(env, rest)
	case "add":
		return classesAdd(env, rest)
	case "add-field":
		return classesAddField(env, rest)
	case "remove":
		return classesRemove(env, rest)
	case "remove-field":
		return classesRemoveField(env, rest)
	case "export":
		return classesExport(env, rest)
	case "import":
		return classesImport(env, rest)
	}
	fmt.Fprintln(env.Stderr, env.T("catalogue.cli.usage", nil))
	return exitMisuse
}

// namedClass opens the store and finds the class a command names (by key or Chinese
// name); when it cannot, it has said why and returns the exit code.
func (e *Env) namedClass(name string) (domain.Store, *domain.ClassDef, int) {
	s, cat, code := e.catalogue()
	if cat == nil {
		return nil, nil, code
	}
	d, ok := cat.Find(name)
	if !ok {
		return nil, nil, e.exUnknownKind(cat, name)
	}
	return s, d, exitOK
}

func (e *Env) catalogue() (domain.Store, *domain.Catalogue, int) {
	s, err := e.Store()
	if err != nil {
		return nil, nil, e.fail(err)
	}
	cat, err := s.Catalogue(e.Ctx)
	if err != nil {
		return nil, nil, e.fail(err)
	}
	return s, cat, exitOK
}

// codesText lists national codes with their names: "0118 路灯、0120 景观灯".
func codesText(lang i18n.Lang, codes []domain.NationalCode) string {
	var parts []string
	for _, c := range codes {
		s := c.Code
		if c.Name != "" {
			s += " " + c.Name
		}
		parts = append(parts, s)
	}
	sep := "、"
	if lang == i18n.EN {
		sep = ", "
	}
	return strings.Join(parts, sep)
}

func classesList(env *Env) int {
	s, cat, code := env.catalogue()
	if cat == nil {
		return code
	}
	groups, err := s.AssetGroups(env.Ctx)
	if err != nil {
		return env.fail(err)
	}
	counts := map[domain.Class]int64{}
	for _, g := range groups {
		counts[g.Class] += g.Count
	}
	var t table
	t.add(env.T("catalogue.col.key", nil), env.T("catalogue.col.name", nil), env.T("catalogue.col.geometry", nil),
		env.T("catalogue.col.category", nil), env.T("catalogue.col.count", nil), env.T("catalogue.col.codes", nil))
	for _, d := range cat.Classes() {
		name := d.Name.ZH
		if env.Lang == i18n.EN && d.Name.EN != "" {
			name = d.Name.EN + " (" + d.Name.ZH + ")"
		}
		// The codes come last: 井盖's sixteen would otherwise pad every line to their width.
		t.add(string(d.Key), name, env.T("catalogue.geometry."+string(d.Geometry), nil),
			i18n.Enum(env.Lang, string(d.Category)), strconv.FormatInt(counts[d.Key], 10), codesText(env.Lang, d.AllCodes()))
	}
	t.write(env.Stdout)
	return exitOK
}

func classesShow(env *Env, args []string) int {
	fs := flag.NewFlagSet("classes show", flag.ContinueOnError)
	pos, ok := env.flags(fs, args)
	if !ok || len(pos) != 1 {
		fmt.Fprintln(env.Stderr, env.T("catalogue.cli.usage", nil))
		return exitMisuse
	}
	_, d, code := env.namedClass(pos[0])
	if d == nil {
		return code
	}
	out := env.Stdout
	fmt.Fprintln(out, env.T("catalogue.cli.show_title", map[string]any{"Key": string(d.Key), "Name": d.Name.ZH, "NameEN": d.Name.EN}))
	fmt.Fprintln(out, env.T("catalogue.cli.show_about", map[string]any{
		"Geometry": env.T("catalogue.geometry."+string(d.Geometry), nil), "Category": i18n.Enum(env.Lang, string(d.Category)),
		"Unit": d.QuantityUnit, "Codes": codesText(env.Lang, d.AllCodes())}))
	if d.Builtin {
		fmt.Fprintln(out, env.T("catalogue.cli.show_builtin", nil))
	}
	fmt.Fprintln(out)
	var t table
	t.add(env.T("catalogue.col.field", nil), env.T("catalogue.col.name", nil), env.T("catalogue.col.name_en", nil), env.T("catalogue.col.type", nil),
		env.T("catalogue.col.required", nil), env.T("catalogue.col.headers", nil))
	for i := range d.Fields {
		f := &d.Fields[i]
		req := ""
		if f.Required {
			req = i18n.Enum(env.Lang, "是")
		}
		typ := f.TypeSpec()
		if f.Type == domain.TypeEnum && len(typ) > 60 {
			typ = "enum(" + strings.Join(f.AllowedValues()[:3], "|") + "|…)"
		}
		t.add(f.Key, f.Name(i18n.ZH), f.Label.EN, typ, req, strings.Join(acceptedHeaders(f), "、"))
	}
	if d.Geometric() && !d.PointColumns() {
		t.add(domain.GeometryField, i18n.T(i18n.ZH, "field.geometry", nil), i18n.T(i18n.EN, "field.geometry", nil),
			strings.Join(d.GeometryTypes(), ", "), "", "geometry、wkt、geom、the_geom、几何")
	}
	t.write(out)
	if kf := d.KindField(); kf != nil {
		fmt.Fprintln(out)
		heading := "catalogue.cli.show_values_plain"
		for _, v := range kf.Values {
			if v.Code != "" {
				heading = "catalogue.cli.show_values"
			}
		}
		fmt.Fprintln(out, env.T(heading, map[string]any{"Field": kf.Name(env.Lang)}))
		for _, v := range kf.Values {
			line := "  " + v.Value
			if v.EN != "" {
				line += " (" + v.EN + ")"
			}
			if v.Code != "" {
				line += "  " + v.Code
			}
			if len(v.Aliases) > 0 {
				line += "  " + env.T("catalogue.cli.also", map[string]any{"List": strings.Join(v.Aliases, "、")})
			}
			fmt.Fprintln(out, line)
		}
	}
	fmt.Fprintln(out)
	fmt.Fprintln(out, env.T("catalogue.cli.show_template", map[string]any{"Key": string(d.Key)}))
	return exitOK
}

// acceptedHeaders are the headers an import recognises a field by, key first.
func acceptedHeaders(f *domain.Field) []string {
	seen := map[string]bool{}
	var out []string
	for _, h := range append([]string{f.Key, f.ChineseHeader(), f.Label.ZH, f.Label.EN}, f.Aliases...) {
		if h != "" && !seen[strings.ToLower(h)] {
			seen[strings.ToLower(h)] = true
			out = append(out, h)
		}
	}
	return out
}

// fieldFlags are the flags that declare fields: --field, --required, --alias.
type fieldFlags struct {
	fields, required, aliases multiFlag
}

func (ff *fieldFlags) register(fs *flag.FlagSet) {
	fs.Var(&ff.fields, "field", "KEY:TYPE[:中文名[:English]]")
	fs.Var(&ff.required, "required", "KEY")
	fs.Var(&ff.aliases, "alias", "KEY=别名")
}

// parse builds the declared fields; misuse is reported and ok is false.
func (ff *fieldFlags) parse(env *Env) ([]domain.Field, bool) {
	var out []domain.Field
	for _, spec := range ff.fields {
		f, err := domain.ParseFieldSpec(spec)
		if err != nil {
			fmt.Fprintln(env.Stderr, domain.Message(env.Lang, err))
			return nil, false
		}
		out = append(out, f)
	}
	find := func(key string) *domain.Field {
		for i := range out {
			if out[i].Key == key {
				return &out[i]
			}
		}
		// A common field (code, unit…) may be made required or given an alias too.
		out = append(out, domain.Field{Key: key})
		return &out[len(out)-1]
	}
	for _, k := range ff.required {
		find(strings.TrimSpace(k)).Required = true
	}
	for _, a := range ff.aliases {
		k, alias, ok := strings.Cut(a, "=")
		if !ok || strings.TrimSpace(k) == "" || strings.TrimSpace(alias) == "" {
			fmt.Fprintln(env.Stderr, env.T("cli.bad_flag", map[string]any{"Detail": "--alias " + a}))
			return nil, false
		}
		f := find(strings.TrimSpace(k))
		f.Aliases = append(f.Aliases, strings.TrimSpace(alias))
	}
	return out, true
}

func classesAdd(env *Env, args []string) int {
	fs := flag.NewFlagSet("classes add", flag.ContinueOnError)
	key := fs.String("key", "", "class key, e.g. trash-bins")
	name := fs.String("name", "", "中文名")
	nameEN := fs.String("name-en", "", "English name")
	geometry := fs.String("geometry", "", "point|line|polygon|any|none")
	var codes multiFlag
	fs.Var(&codes, "code", "national component code")
	category := fs.String("category", string(domain.CategoryOther), "accounting category")
	unit := fs.String("unit", "个", "quantity unit")
	var ff fieldFlags
	ff.register(fs)
	pos, ok := env.flags(fs, args)
	if !ok || len(pos) != 0 || *key == "" || *name == "" || *geometry == "" {
		fmt.Fprintln(env.Stderr, env.T("catalogue.cli.usage", nil))
		return exitMisuse
	}
	fields, ok := ff.parse(env)
	if !ok {
		return exitMisuse
	}
	def := domain.ClassDef{Key: domain.Class(*key), Name: domain.Label{ZH: *name, EN: *nameEN},
		Geometry: domain.GeometryKind(*geometry), Category: domain.AccountingCategory(*category), QuantityUnit: *unit, Fields: fields}
	for _, c := range codes {
		def.Codes = append(def.Codes, domain.NationalCode{Code: strings.TrimSpace(c), Name: *name})
	}
	s, err := env.Store()
	if err != nil {
		return env.fail(err)
	}
	added, err := s.AddClass(env.Ctx, def)
	if err != nil {
		return env.fail(err)
	}
	fmt.Fprintln(env.Stdout, env.T("catalogue.cli.added", map[string]any{"Key": string(added.Key), "Name": added.Name, "N": len(added.AddedFields())}))
	return exitOK
}

func classesAddField(env *Env, args []string) int {
	fs := flag.NewFlagSet("classes add-field", flag.ContinueOnError)
	var ff fieldFlags
	ff.register(fs)
	pos, ok := env.flags(fs, args)
	if !ok || len(pos) != 1 || len(ff.fields) == 0 {
		fmt.Fprintln(env.Stderr, env.T("catalogue.cli.usage", nil))
		return exitMisuse
	}
	fields, ok := ff.parse(env)
	if !ok {
		return exitMisuse
	}
	s, d, code := env.namedClass(pos[0])
	if d == nil {
		return code
	}
	for _, f := range fields {
		if f.Type == "" {
			// --required or --alias of a field not declared here.
			fmt.Fprintln(env.Stderr, env.T("catalogue.cli.usage", nil))
			return exitMisuse
		}
		added, err := s.AddField(env.Ctx, d.Key, f)
		if err != nil {
			return env.fail(err)
		}
		fmt.Fprintln(env.Stdout, env.T("catalogue.cli.field_added", map[string]any{"Class": d.Name, "Field": added.Key, "Name": added.Label}))
	}
	return exitOK
}

func classesRemove(env *Env, args []string) int {
	fs := flag.NewFlagSet("classes remove", flag.ContinueOnError)
	pos, ok := env.flags(fs, args)
	if !ok || len(pos) != 1 {
		fmt.Fprintln(env.Stderr, env.T("catalogue.cli.usage", nil))
		return exitMisuse
	}
	s, d, code := env.namedClass(pos[0])
	if d == nil {
		return code
	}
	if err := s.RemoveClass(env.Ctx, d.Key); err != nil {
		return env.fail(err)
	}
	fmt.Fprintln(env.Stdout, env.T("catalogue.cli.removed", map[string]any{"Name": d.Name}))
	return exitOK
}

func classesRemoveField(env *Env, args []string) int {
	fs := flag.NewFlagSet("classes remove-field", flag.ContinueOnError)
	force := fs.Bool("force", false, "remove a field that holds values (they stay in the change history)")
	pos, ok := env.flags(fs, args)
	if !ok || len(pos) != 2 {
		fmt.Fprintln(env.Stderr, env.T("catalogue.cli.usage", nil))
		return exitMisuse
	}
	s, d, code := env.namedClass(pos[0])
	if d == nil {
		return code
	}
	if err := s.RemoveField(env.Ctx, d.Key, pos[1], *force); err != nil {
		code := env.fail(err)
		if domain.ErrorKind(err) == domain.KindConflict && !*force {
			fmt.Fprintln(env.Stderr, env.T("catalogue.cli.force_hint", nil))
		}
		return code
	}
	fmt.Fprintln(env.Stdout, env.T("catalogue.cli.field_removed", map[string]any{"Class": d.Name, "Field": pos[1]}))
	return exitOK
}

func classesExport(env *Env, args []string) int {
	fs := flag.NewFlagSet("classes export", flag.ContinueOnError)
	out := fs.String("o", "", "output file (- for standard output)")
	pos, ok := env.flags(fs, args)
	if !ok || len(pos) != 0 || *out == "" {
		fmt.Fprintln(env.Stderr, env.T("catalogue.cli.usage", nil))
		return exitMisuse
	}
	_, cat, code := env.catalogue()
	if cat == nil {
		return code
	}
	defs := domain.ClassDefinitions{Classes: cat.UserClasses(), Fields: map[domain.Class][]domain.Field{}}
	for _, d := range cat.Classes() {
		if added := d.AddedFields(); d.Builtin && len(added) > 0 {
			defs.Fields[d.Key] = added
		}
	}
	if defs.Classes == nil {
		defs.Classes = []domain.ClassDef{}
	}
	write := func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(defs)
	}
	if err := env.writeOutput(*out, write); err != nil {
		return env.fail(err)
	}
	if *out != stdoutName {
		n := len(defs.Classes)
		for _, fs := range defs.Fields {
			n += len(fs)
		}
		fmt.Fprintln(env.Stdout, env.T("catalogue.cli.exported", map[string]any{"Path": *out, "Classes": len(defs.Classes), "N": n}))
	}
	return exitOK
}

func classesImport(env *Env, args []string) int {
	fs := flag.NewFlagSet("classes import", flag.ContinueOnError)
	pos, ok := env.flags(fs, args)
	if !ok || len(pos) != 1 {
		fmt.Fprintln(env.Stderr, env.T("catalogue.cli.usage", nil))
		return exitMisuse
	}
	b, err := os.ReadFile(pos[0])
	if err != nil {
		return env.fail(domain.Errorf(domain.KindInvalid, "err.file_missing", map[string]any{"Path": pos[0]}))
	}
	var defs domain.ClassDefinitions
	if err := json.Unmarshal(b, &defs); err != nil {
		return env.fail(domain.Errorf(domain.KindInvalid, "catalogue.err.bad_file", map[string]any{"Path": pos[0], "Detail": err.Error()}))
	}
	s, err := env.Store()
	if err != nil {
		return env.fail(err)
	}
	n, err := s.ImportClasses(env.Ctx, defs)
	if err != nil {
		return env.fail(err)
	}
	fmt.Fprintln(env.Stdout, env.T("catalogue.cli.imported", map[string]any{"Path": pos[0], "N": n}))
	return exitOK
}

// runComponentIDs: component-ids [--district CODE] [--generate [--class KEY]… [--dry-run]]
// sets the district's code, numbers the assets that have no 部件标识码, or (without
// flags) says what is set and how many assets have IDs.
func runComponentIDs(env *Env, args []string) int {
	fs := flag.NewFlagSet("component-ids", flag.ContinueOnError)
	district := fs.String("district", "", "the district's 6-digit administrative code")
	generate := fs.Bool("generate", false, "give every asset without an ID one")
	dryRun := fs.Bool("dry-run", false, "count only, write nothing")
	var classes multiFlag
	fs.Var(&classes, "class", "only this class (repeatable)")
	if pos, ok := env.flags(fs, args); !ok || !env.noArgs("component-ids", pos) {
		return exitMisuse
	}
	s, cat, code := env.catalogue()
	if cat == nil {
		return code
	}
	if *district != "" {
		if err := s.SetDistrictCode(env.Ctx, *district); err != nil {
			return env.fail(err)
		}
		fmt.Fprintln(env.Stdout, env.T("catalogue.cli.district_set", map[string]any{"Code": *district}))
	}
	if !*generate {
		if *district == "" {
			d, err := s.DistrictCode(env.Ctx)
			if err != nil {
				return env.fail(err)
			}
			if d == "" {
				d = env.T("catalogue.empty_value", nil)
			}
			fmt.Fprintln(env.Stdout, env.T("catalogue.cli.district", map[string]any{"Code": d}))
		}
		return exitOK
	}
	var keys []domain.Class
	for _, c := range classes {
		d, ok := cat.Find(c)
		if !ok {
			return env.exUnknownKind(cat, c)
		}
		keys = append(keys, d.Key)
	}
	res, err := s.GenerateComponentIDs(env.Ctx, keys, *dryRun)
	if err != nil {
		return env.fail(err)
	}
	var names []string
	for k := range res.ByClass {
		names = append(names, string(k))
	}
	sort.Strings(names)
	for _, k := range names {
		d, _ := cat.Class(domain.Class(k))
		fmt.Fprintln(env.Stdout, "  "+env.T("catalogue.cli.ids_class", map[string]any{"Class": d.Name, "N": res.ByClass[domain.Class(k)], "First": res.First[domain.Class(k)]}))
	}
	key := "catalogue.cli.ids_generated"
	if *dryRun {
		key = "catalogue.cli.ids_dry_run"
	}
	fmt.Fprintln(env.Stdout, env.T(key, map[string]any{"N": res.Generated, "NoCode": res.NoCode}))
	return exitOK
}
