// Package settings is 设置: language, theme, the database (open, create, connect, back
// up) and the asset catalogue (classes, fields, the district code and component IDs).
package settings

import (
	"context"
	"io"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"cityledger/domain"
	"cityledger/domain/i18n"
	dbstorage "cityledger/domain/storage"
	"cityledger/gui"
)

// settings is 设置: language (applied at the next start), theme, and the database:
// open another file, create one, connect to a server, back up.
type settings struct {
	env     *gui.Env
	content fyne.CanvasObject

	language *widget.RadioGroup
	theme    *widget.RadioGroup
	database *widget.Label
	recent   *widget.Select // the recent databases (recent.go)
	dsn      *widget.Entry
	// sslMode and caFile are the TLS settings of a server connection (kept in the
	// remembered DSN); password asks for a password the DSN and ~/.pgpass lack.
	sslMode  *widget.Select
	caFile   *widget.Entry
	password *passwordPrompt
	langNote *widget.Label
	classes  *classesCard
}

func newSettings(env *gui.Env) *settings {
	s := &settings{env: env}
	s.build()
	return s
}

func (s *settings) Content() fyne.CanvasObject { return s.content }

var languageChoices = []i18n.Lang{i18n.ZH, i18n.EN}

func (s *settings) build() {
	env := s.env
	s.language = widget.NewRadioGroup([]string{"中文", "English"}, s.onLanguage)
	s.language.Horizontal = true
	s.langNote = widget.NewLabel("")
	s.langNote.Wrapping = fyne.TextWrapWord
	themes := []string{env.T("gui.settings.theme_system"), env.T("gui.settings.theme_light"), env.T("gui.settings.theme_dark")}
	s.theme = widget.NewRadioGroup(themes, s.onTheme)
	s.theme.Horizontal = true

	s.database = widget.NewLabel("")
	s.database.Wrapping = fyne.TextWrapBreak
	open := widget.NewButtonWithIcon(env.T("gui.settings.open_db"), theme.FolderOpenIcon(), s.onOpenFile)
	create := widget.NewButtonWithIcon(env.T("gui.settings.create_db"), theme.ContentAddIcon(), s.onCreateFile)
	backup := widget.NewButtonWithIcon(env.T("gui.settings.backup"), theme.DownloadIcon(), s.onBackup)
	s.dsn = widget.NewEntry()
	s.dsn.SetPlaceHolder("postgres://user@host/cityledger")
	connect := widget.NewButton(env.T("gui.settings.connect"), s.onConnect)
	s.sslMode = widget.NewSelect(append([]string{env.T("access2.settings.ssl_default")}, dbstorage.SSLModes...), nil)
	s.sslMode.SetSelectedIndex(0)
	s.caFile = widget.NewEntry()
	s.caFile.SetPlaceHolder(env.T("access2.settings.ca_hint"))
	if !env.CanOpenDatabase() {
		open.Disable()
		create.Disable()
		connect.Disable()
	}

	langCard := widget.NewCard(env.T("gui.settings.language"), "", container.NewVBox(s.language, s.langNote))
	themeCard := widget.NewCard(env.T("gui.settings.theme"), "", s.theme)
	dbCard := widget.NewCard(env.T("gui.settings.database"), "", container.NewVBox(
		s.database,
		container.NewHBox(open, create, backup),
		container.NewBorder(nil, nil, nil, connect, s.dsn),
		container.NewBorder(nil, nil, widget.NewLabel(env.T("access2.settings.sslmode")), nil, s.sslMode),
		container.NewBorder(nil, nil, widget.NewLabel(env.T("access2.settings.ca_file")), nil, s.caFile),
		widget.NewLabel(env.T("access2.settings.password_hint")),
		s.recentRow(),
		widget.NewLabel(env.T("gui.settings.backup_hint")),
	))
	s.classes = newClassesCard(env)
	title := widget.NewLabelWithStyle(env.T("gui.nav.settings"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.content = container.NewBorder(title, nil, nil, nil, container.NewVScroll(container.NewVBox(langCard, themeCard, s.classes.card, dbCard)))
}

// Refresh shows the saved choices and the open database.
func (s *settings) Refresh() {
	env := s.env
	prefs := env.App.Preferences()
	saved, ok := i18n.Parse(prefs.String(gui.PrefLanguage))
	if !ok {
		saved = env.Lang
	}
	s.language.OnChanged = nil
	for i, l := range languageChoices {
		if l == saved {
			s.language.SetSelected(s.language.Options[i])
		}
	}
	s.language.OnChanged = s.onLanguage
	s.refreshLangNote(saved)
	s.theme.OnChanged = nil
	switch prefs.String(gui.PrefTheme) {
	case "light":
		s.theme.SetSelected(s.theme.Options[1])
	case "dark":
		s.theme.SetSelected(s.theme.Options[2])
	default:
		s.theme.SetSelected(s.theme.Options[0])
	}
	s.theme.OnChanged = s.onTheme
	desc := ""
	if st := env.Store(); st != nil {
		desc = st.Describe()
	}
	s.database.SetText(env.T("gui.settings.current_db", map[string]any{"Database": desc}))
	if saved := prefs.String(gui.PrefDatabase); s.dsn.Text == "" && dbstorage.IsPostgres(saved) {
		// The remembered server, without a password (none is ever remembered).
		s.showDSN(saved)
	}
	s.classes.Refresh()
	s.refreshRecent()
}

func (s *settings) refreshLangNote(saved i18n.Lang) {
	if saved == s.env.Lang {
		s.langNote.SetText(s.env.T("gui.settings.language_note"))
	} else {
		s.langNote.SetText(s.env.T("gui.settings.language_restart"))
	}
}

func (s *settings) onLanguage(choice string) {
	for i, o := range s.language.Options {
		if o == choice {
			l := languageChoices[i]
			s.env.App.Preferences().SetString(gui.PrefLanguage, string(l))
			s.refreshLangNote(l)
		}
	}
}

func (s *settings) onTheme(choice string) {
	v := ""
	switch choice {
	case s.theme.Options[1]:
		v = "light"
	case s.theme.Options[2]:
		v = "dark"
	}
	s.env.App.Preferences().SetString(gui.PrefTheme, v)
	gui.ApplyTheme(s.env.App)
	// Screens paint a few plain rectangles (cards, chart tracks) in theme colours: build
	// them again in the new ones.
	s.env.ReloadWindow()
}

// dbExts are the extensions of a SQLite database file, the one a new file gets first.
var dbExts = []string{".db", ".sqlite", ".sqlite3"}

func (s *settings) onOpenFile() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			s.env.ShowErrorNow(domain.Internal(s.env.T("op.open_db"), err))
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		_ = r.Close()
		s.openDSN(path)
	}, s.env.Window)
	d.SetFilter(storage.NewExtensionFileFilter(dbExts))
	d.Resize(fyne.NewSize(800, 560))
	d.Show()
}

func (s *settings) onCreateFile() {
	gui.SaveFile(s.env, s.env.T("op.open_db"), "cityledger", dbExts, func(path string) {
		// The dialog leaves an empty file; the store creates and migrates a missing one.
		if fi, statErr := os.Stat(path); statErr == nil && fi.Size() == 0 {
			_ = os.Remove(path)
		}
		s.openDSN(path)
	})
}

// openDSN opens (or creates) a database in the background and switches the window to it.
func (s *settings) openDSN(dsn string) {
	if dsn == "" || !s.env.CanOpenDatabase() {
		return
	}
	var opened domain.Store
	s.env.Task(s.env.T("op.open_db"), func(ctx context.Context, _ gui.Progress) error {
		st, err := s.env.OpenDatabase(ctx, dsn)
		if err != nil {
			return err
		}
		opened = st
		return nil
	}, func() { s.env.UseDatabase(opened, dsn) })
}

func (s *settings) onBackup() {
	gui.SaveFile(s.env, s.env.T("op.backup"), "cityledger-backup-"+string(s.env.Today()), dbExts, s.backupTo)
}

// backupTo writes a consistent copy of the database to path under a progress dialog,
// all or nothing (a cancelled backup leaves no half file under the name chosen).
func (s *settings) backupTo(path string) {
	store := s.env.Store()
	s.env.Task(s.env.T("op.backup"), func(ctx context.Context, progress gui.Progress) error {
		return gui.WriteAtomically(path, func(f *os.File) error {
			return store.Backup(ctx, &countingWriter{w: f, progress: progress})
		})
	}, func() {
		s.env.ShowMessage(s.env.T("op.backup"), s.env.T("cli.backup_done", map[string]any{"Path": path, "Bytes": fileSize(path)}))
	})
}

func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// countingWriter reports bytes written as progress of unknown total.
type countingWriter struct {
	w        io.Writer
	n        int
	progress gui.Progress
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += n
	c.progress(c.n, 0)
	return n, err
}

// RouteID is the settings screen's route.
const RouteID = "settings"

// Route puts the settings in the navigation.
func Route() gui.Route {
	return gui.Route{ID: RouteID, Title: "gui.nav.settings", Icon: theme.SettingsIcon(),
		New: func(env *gui.Env) gui.Screen { return newSettings(env) }}
}
