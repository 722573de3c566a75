// Command cityledger is the desktop application: it parses the flags, opens the store,
// loads the demo district into a new default database, builds the window and runs it.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"cityledger/assets"
	"cityledger/domain"
	"cityledger/domain/demo"
	"cityledger/domain/i18n"
	"cityledger/domain/storage"
	"cityledger/gui"
	"cityledger/gui/importwizard"
	"cityledger/gui/screens"
)

// appID keys the saved preferences (language, theme, last database); FyneApp.toml has it too.
const appID = "cn.cityledger.app"

func main() { os.Exit(run(os.Args[1:], os.Stderr)) }

func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("cityledger", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dsn := fs.String("db", "", "SQLite file or postgres:// URL (default: "+storage.DefaultPath()+")")
	langFlag := fs.String("lang", "", "zh or en (default: saved choice, else the system locale)")
	shots := fs.String("screenshot", "", "write every screen to DIR/NAME.png and exit")
	if err := fs.Parse(args); err != nil {
		return 2
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
	ctx := context.Background()
	store, err := storage.Open(ctx, path)
	if err != nil {
		fmt.Fprintln(stderr, domain.Message(lang, err))
		return 1
	}
	defer store.Close()

	opts := gui.Options{
		Open:   func(ctx context.Context, dsn string) (domain.Store, error) { return storage.Open(ctx, dsn) },
		Routes: screens.Routes,
		Import: importwizard.OpenThen,
		Export: importwizard.Export,
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
