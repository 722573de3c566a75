package geo

import (
	"errors"
	"path/filepath"
	"reflect"
	"testing"
)

func TestDataBesideExecutable(t *testing.T) {
	win := filepath.Join("C:", "CityLedger-0.1.0")
	cases := []struct {
		name  string
		env   map[string]string
		exe   string
		files []string
		want  []string
	}{
		{"zip: proj beside the exe", nil, filepath.Join(win, "ledgerctl.exe"),
			[]string{filepath.Join(win, "proj", "proj.db")}, []string{filepath.Join(win, "proj")}},
		{"deb: /usr/bin finds /usr/share/cityledger/proj", nil, "/usr/bin/ledgerctl",
			[]string{"/usr/share/cityledger/proj/proj.db"}, []string{"/usr/share/cityledger/proj"}},
		{"the folder beside wins over share", nil, "/opt/cl/bin/cityledger",
			[]string{"/opt/cl/bin/proj/proj.db", "/opt/cl/share/cityledger/proj/proj.db"}, []string{"/opt/cl/bin/proj"}},
		{"PROJ_DATA set: PROJ's choice", map[string]string{"PROJ_DATA": "/elsewhere"}, "/usr/bin/ledgerctl",
			[]string{"/usr/share/cityledger/proj/proj.db"}, nil},
		{"PROJ_LIB set: PROJ's choice", map[string]string{"PROJ_LIB": "/elsewhere"}, "/usr/bin/ledgerctl",
			[]string{"/usr/share/cityledger/proj/proj.db"}, nil},
		{"development build: nothing beside", nil, "/tmp/go-build1/exe/ledgerctl", nil, nil},
		{"a folder without proj.db does not count", nil, "/usr/bin/ledgerctl",
			[]string{"/usr/share/cityledger/proj/README"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := map[string]bool{}
			for _, f := range c.files {
				files[f] = true
			}
			got := dataBesideExecutable(func(k string) string { return c.env[k] },
				func() (string, error) { return c.exe, nil },
				func(p string) bool { return files[p] })
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
	if got := dataBesideExecutable(func(string) string { return "" },
		func() (string, error) { return "", errors.New("no /proc") },
		func(string) bool { return true }); got != nil {
		t.Errorf("unknown executable: got %v", got)
	}
}
