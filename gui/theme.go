package gui

import (
	"image/color"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"

	"cityledger/assets"
	"cityledger/domain/i18n"
)

// ChooseLanguage picks the app's language: the --lang flag, else the saved preference,
// else the environment (C, POSIX and unknown locales give zh). ok is false when the flag
// holds something that is no language.
func ChooseLanguage(flagValue string, prefs fyne.Preferences) (l i18n.Lang, ok bool) {
	if flagValue != "" {
		return i18n.Parse(flagValue)
	}
	if prefs != nil {
		if l, ok := i18n.Parse(prefs.String(PrefLanguage)); ok {
			return l, true
		}
	}
	return i18n.FromEnvironment(), true
}

// applyLanguageToFyne makes Fyne's own strings (file dialogs, entry menus) follow the
// app's language. Fyne reads only the OS locale (fyne#5333), so the locale variable is
// set for this process before its translations are (re)loaded, which re-picks them.
func applyLanguageToFyne(l i18n.Lang) {
	loc := "zh_CN.UTF-8"
	if l == i18n.EN {
		loc = "en_US.UTF-8"
	}
	_ = os.Setenv("LANGUAGE", loc[:5])
	_ = os.Setenv("LC_ALL", loc)
	for _, dir := range i18n.Dirs() {
		if err := lang.AddTranslationsFS(assets.FS, dir); err != nil {
			fyne.LogError("loading translations "+dir, err)
		}
	}
}

// appTheme is Fyne's default theme with the variant forced to the user's choice.
type appTheme struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

func (t appTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.variant)
}

// ApplyTheme applies the saved light/dark preference ("" follows the system).
func ApplyTheme(a fyne.App) {
	switch a.Preferences().String(PrefTheme) {
	case "light":
		a.Settings().SetTheme(appTheme{Theme: theme.DefaultTheme(), variant: theme.VariantLight})
	case "dark":
		a.Settings().SetTheme(appTheme{Theme: theme.DefaultTheme(), variant: theme.VariantDark})
	default:
		a.Settings().SetTheme(theme.DefaultTheme())
	}
}
