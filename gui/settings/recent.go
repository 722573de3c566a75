package settings

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// recentRow offers the databases opened last (newest first, never with a password):
// choosing one opens it.
func (s *settings) recentRow() fyne.CanvasObject {
	env := s.env
	s.recent = env.NewSelect(nil, func(dsn string) {
		if dsn != "" {
			s.openDSN(dsn)
		}
	})
	s.recent.PlaceHolder = env.T("gui.keys.recent")
	if !env.CanOpenDatabase() {
		s.recent.Disable()
	}
	return container.NewBorder(nil, nil, widget.NewLabel(env.T("gui.keys.recent")), nil, s.recent)
}

// refreshRecent lists the recent databases again (after one was opened).
func (s *settings) refreshRecent() {
	s.recent.OnChanged = nil
	s.recent.Options = s.env.RecentDatabases()
	s.recent.ClearSelected()
	s.recent.OnChanged = func(dsn string) {
		if dsn != "" {
			s.openDSN(dsn)
		}
	}
	s.recent.Refresh()
}
