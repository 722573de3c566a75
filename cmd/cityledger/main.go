// Command cityledger is the desktop application: it parses the flags, opens the store,
// loads the demo district into a new default database, builds the window and runs it.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"cityledger/assets"
	"cityledger/domain"
	"cityledger/domain/demo"
	"cityledger/domain/errlog"
	"cityledger/domain/i18n"
	"cityledger/domain/storage"
	"cityledger/domain/version"
	"cityledger/gui"
	"cityledger/gui/importwizard"
	"cityledger/gui/platform"
	"cityledger/gui/screens"
)

// appID keys the saved preferences (language, theme, last database); FyneApp.toml has it too.
const appID = "cn.cityledger.app"

// program names the app in the lock file of the database it holds, so that a
// program refused the database can say who holds it.
const program = "CityLedger"

func main() { os.Exit(run(os.Args[1:], os.Stderr)) }

// installLog sends the causes of internal errors to the log files under the user
// data folder (CITYLEDGER_LOG_DIR overrides it), never with a database password.
func installLog(dsn string) *errlog.Log {
	dir := os.Getenv("CITYLEDGER_LOG_DIR")
	if dir == "" {
		dir = filepath.Join(storage.DataDir(), "logs")
	}
	l := errlog.New(dir, program)
	for _, secret := range storage.Secrets(dsn) {
		l.Redact(secret)
	}
	domain.SetInternalReporter(l.Record)
	return l
}

func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("cityledger", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dsn := fs.String("db", "", "SQLite file or postgres:// URL (default: "+storage.DefaultPath()+")")
	langFlag := fs.String("lang", "", "zh or en (default: saved choice, else the system locale)")
	shots := fs.String("screenshot", "", "write every screen to DIR/NAME.png and exit")
	showVersion := fs.Bool("version", false, "print the version and commit, then exit")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *showVersion {
		fmt.Fprintln(platform.Stdout(), version.String("cityledger"))
		return 0
	}
	// The escape hatch, should the check ever turn away a driver that GLFW could use.
	if p := platform.CheckOpenGL(); p != nil && os.Getenv("CITYLEDGER_SKIP_OPENGL_CHECK") == "" {
		reportOpenGL(p)
		return 1
	}

	a := app.NewWithID(appID)
	lang, ok := gui.ChooseLanguage(*langFlag, a.Preferences())
	if !ok {
		fmt.Fprintln(stderr, i18n.T(i18n.FromEnvironment(), "cli.bad_flag", map[string]any{"Detail": "--lang " + *langFlag}))
		return 2
	}
	i18n.SetDefault(lang)

	path := *dsn
	if path == "" && *shots == "" {
		path = a.Preferences().String(gui.PrefDatabase)
	}
	isDefault := path == ""
	if isDefault {
		path = storage.DefaultPath()
	}
	log := installLog(path)
	open := func(ctx context.Context, dsn string) (domain.Store, error) {
		for _, secret := range storage.Secrets(dsn) {
			log.Redact(secret)
		}
		return storage.OpenWith(ctx, dsn, storage.Options{Program: program})
	}
	ctx := context.Background()
	store, err := open(ctx, path)
	if err != nil {
		fmt.Fprintln(stderr, domain.Message(lang, err))
		return 1
	}
	defer store.Close()

	opts := gui.Options{
		Open:   open,
		Routes: screens.Routes,
		Import: importwizard.OpenThen,
		Export: importwizard.Export,
	}
	if *shots == "" {
		opts.DSN = path // offered again among the recent databases
	}
	if icon, err := assets.FS.ReadFile("icon.png"); err == nil {
		opts.Icon = fyne.NewStaticResource("icon.png", icon)
		a.SetIcon(opts.Icon)
	}
	if isDefault {
		// Only the default database gets the demo district: a file the user named is theirs.
		opts.FirstRun = func(ctx context.Context, s domain.Store, _ gui.Progress) error {
			empty, err := s.Empty(ctx)
			if err != nil || !empty {
				return err
			}
			_, err = demo.Load(ctx, s)
			return err
		}
	}
	ui := gui.New(a, store, lang, opts)

	code := 0
	if *shots != "" {
		go func() {
			if err := ui.Screenshots(*shots); err != nil {
				fmt.Fprintln(stderr, "screenshot:", err)
				code = 1
			}
			fyne.Do(a.Quit)
		}()
	}
	ui.Window().ShowAndRun()
	return code
}

// reportOpenGL tells a person, in both languages (the language preference is not read
// yet), that the window cannot open and what helps, and appends it to cityledger.log
// beside the default database.
func reportOpenGL(p *platform.OpenGLProblem) {
	logPath := filepath.Join(filepath.Dir(storage.DefaultPath()), "cityledger.log")
	params := map[string]any{"Found": p.Found, "Log": logPath}
	text := func(l i18n.Lang) string {
		if p.Found == "" {
			params["Found"] = i18n.T(l, "dist.opengl.none", nil)
		}
		return i18n.T(l, "dist.opengl.body", params)
	}
	body := text(i18n.ZH) + "\n\n" + text(i18n.EN)
	if err := os.MkdirAll(filepath.Dir(logPath), 0o755); err == nil {
		if f, err := os.OpenFile(logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644); err == nil {
			fmt.Fprintf(f, "%s %s: %v\n", time.Now().Format(time.RFC3339), version.String("cityledger"), p)
			f.Close()
		}
	}
	platform.ShowError(i18n.T(i18n.ZH, "dist.opengl.title", nil)+" / "+i18n.T(i18n.EN, "dist.opengl.title", nil), body)
}
