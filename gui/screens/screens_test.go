package screens

import (
	"reflect"
	"testing"

	"cityledger/domain"
	"cityledger/domain/i18n"
	"cityledger/gui"
	"cityledger/gui/guitest"
)

// The window as cmd/cityledger wires it: every screen builds on the demo district and
// shows no error, in both languages.
func TestEveryScreenBuildsOnTheDemoInBothLanguages(t *testing.T) {
	store := guitest.DemoStore(t)
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		ui := guitest.NewApp(t, store, lang, gui.Options{Routes: Routes})
		for _, rt := range ui.Router().Routes() {
			guitest.Act(t, ui, func() { ui.Show(rt.ID) })
			if ui.Current() != rt.ID {
				t.Errorf("%s: showing %s", rt.ID, ui.Current())
			}
			if msg := ui.Env().LastMessage(); msg != "" {
				t.Fatalf("%s (%s): error shown: %s", rt.ID, lang, msg)
			}
		}
		var rows int
		guitest.Act(t, ui, func() { rows = ui.Screen("lamps").(interface{ Rows() int }).Rows() })
		if rows != 950 {
			t.Errorf("%s: lamp register has %d rows, want 950", lang, rows)
		}
	}
}

// The navigation: the dashboard, a register per class of the catalogue in its order,
// then maintenance, cases, projects, the map, the report and the settings.
func TestRoutesFollowTheCatalogue(t *testing.T) {
	cat := domain.BuiltinCatalogue()
	var ids []string
	for _, rt := range Routes(cat) {
		ids = append(ids, rt.ID)
	}
	want := []string{"dashboard"}
	for _, c := range cat.Keys() {
		want = append(want, string(c))
	}
	want = append(want, "maintenance", "cases", "projects", "map", "report", "settings")
	if !reflect.DeepEqual(ids, want) {
		t.Errorf("routes %v, want %v", ids, want)
	}
	kiosks := cat.Clone()
	if _, err := kiosks.AddClass(domain.ClassDef{Key: "kiosks", Name: domain.Label{ZH: "报刊亭", EN: "Kiosks"},
		Geometry: domain.GeometryPoint}); err != nil {
		t.Fatal(err)
	}
	r := gui.NewRouter(Routes(kiosks)...)
	if r.Index("kiosks") != len(cat.Keys())+1 {
		t.Errorf("a user class's register is at %d", r.Index("kiosks"))
	}
}
