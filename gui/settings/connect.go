package settings

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"cityledger/domain"
	dbstorage "cityledger/domain/storage"
	"cityledger/gui"
)

// Connecting to a server (issue 16): the DSN typed may hold a password, but none is
// kept: the entry, the preferences, the title and the status line hold the DSN
// without it. The password comes from the DSN typed, from ~/.pgpass, or is asked
// for when the server refuses the login; with the person's consent it is written to
// ~/.pgpass (mode 0600), so that the next start finds it there.

// onConnect connects to the server (or opens the file) the entry names, with the TLS
// settings chosen.
func (s *settings) onConnect() {
	dsn := strings.TrimSpace(s.dsn.Text)
	if !dbstorage.IsPostgres(dsn) {
		s.openDSN(dsn)
		return
	}
	mode := ""
	if s.sslMode.SelectedIndex() > 0 {
		mode = s.sslMode.Selected
	}
	dsn = dbstorage.DSNWithSSL(dsn, mode, strings.TrimSpace(s.caFile.Text))
	pw := dbstorage.DSNPassword(dsn)
	bare := dbstorage.DSNWithoutPassword(dsn)
	s.showDSN(bare)
	s.connect(bare, pw, pw != "", false)
}

// showDSN puts a DSN (without password) and its TLS settings into the fields.
func (s *settings) showDSN(dsn string) {
	s.dsn.SetText(dsn)
	mode, ca := dbstorage.DSNSSL(dsn)
	s.sslMode.SetSelectedIndex(0)
	for i, m := range dbstorage.SSLModes {
		if m == mode {
			s.sslMode.SetSelectedIndex(i + 1)
		}
	}
	s.caFile.SetText(ca)
}

// connect opens bare with password pw ("" for the password file's). A refused login
// asks for the password; offer asks, once connected, whether to keep a typed password
// in ~/.pgpass, and remember keeps it without asking (the prompt's box was ticked).
func (s *settings) connect(bare, pw string, offer, remember bool) {
	if !s.env.CanOpenDatabase() {
		return
	}
	dsn := bare
	if pw != "" {
		dsn = dbstorage.DSNWithPassword(bare, pw)
	}
	var opened domain.Store
	var refused error
	s.env.Task(s.env.T("op.open_db"), func(ctx context.Context, _ gui.Progress) error {
		st, err := s.env.OpenDatabase(ctx, dsn)
		if dbstorage.IsLoginRefused(err) {
			refused = err
			return nil
		}
		opened = st
		return err
	}, func() {
		if refused != nil {
			s.askPassword(bare, pw != "", refused)
			return
		}
		// Only the DSN without its password is remembered for the next start.
		s.env.UseDatabase(opened, bare)
		switch {
		case remember:
			s.savePassword(bare, pw)
		case offer:
			path, _ := dbstorage.PgpassPath()
			s.env.Confirm(s.env.T("access2.settings.save_title"), s.env.T("access2.settings.save_question", map[string]any{"Path": path}),
				s.env.T("access2.settings.save_yes"), func() { s.savePassword(bare, pw) })
		}
	})
}

// savePassword writes the password into the password file, saying where.
func (s *settings) savePassword(bare, pw string) {
	path, err := dbstorage.SavePgpass(bare, pw)
	if err != nil {
		s.env.ShowErrorNow(err)
		return
	}
	s.env.ShowMessage(s.env.T("access2.settings.save_title"), s.env.T("access2.settings.saved", map[string]any{"Path": path}))
}

// passwordPrompt is the dialog asking for a login's password.
type passwordPrompt struct {
	dlg      dialog.Dialog
	entry    *widget.Entry
	remember *widget.Check
	submit   func()
}

// askPassword asks for the password of bare's login; wrong says a password was given
// and refused (the server's refusal is shown then).
func (s *settings) askPassword(bare string, wrong bool, refused error) {
	env := s.env
	p := &passwordPrompt{entry: widget.NewPasswordEntry()}
	path, _ := dbstorage.PgpassPath()
	p.remember = widget.NewCheck(env.T("access2.settings.remember", map[string]any{"Path": path}), nil)
	intro := env.T("access2.settings.password_for", map[string]any{"Database": strings.TrimPrefix(describe(bare), "PostgreSQL ")})
	if wrong {
		intro = domain.Message(env.Lang, refused)
	}
	text := widget.NewLabel(intro)
	text.Wrapping = fyne.TextWrapWord
	p.submit = func() {
		pw := p.entry.Text
		p.dlg.Hide()
		if pw != "" {
			s.connect(bare, pw, false, p.remember.Checked)
		}
	}
	p.entry.OnSubmitted = func(string) { p.submit() }
	items := []*widget.FormItem{
		widget.NewFormItem("", text),
		widget.NewFormItem(env.T("access2.settings.password"), p.entry),
		widget.NewFormItem("", p.remember),
	}
	p.dlg = dialog.NewForm(env.T("access2.settings.password_title"), env.T("gui.settings.connect"), env.T("gui.cancel"), items, func(ok bool) {
		if ok {
			p.submit()
		}
	}, env.Window)
	p.dlg.Resize(fyne.NewSize(520, 260))
	s.password = p
	p.dlg.Show()
	env.Window.Canvas().Focus(p.entry)
}

// describe names a DSN's server and database without a password.
func describe(dsn string) string {
	if loc, err := dbstorage.Location(dsn); err == nil {
		return loc
	}
	return ""
}
