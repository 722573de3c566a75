package geo

import (
	"os"
	"path/filepath"
	"sync"
)

// The packages ship PROJ's data (proj.db and grids) with the programs, because PROJ is
// linked statically and its compiled-in data path is that of the build machine:
//   - the Windows zip: <folder of the .exe>\proj
//   - the .deb: /usr/bin/ledgerctl finds /usr/share/cityledger/proj
//
// PROJ_DATA (or the older PROJ_LIB), when set, wins: PROJ reads it itself.
var projDataDirs = []string{"proj", filepath.Join("..", "share", "cityledger", "proj")}

// projSearchPaths is the data folder beside the executable, or nil to leave PROJ's own
// search (PROJ_DATA, the compiled-in path) alone, as in a development build.
var projSearchPaths = sync.OnceValue(func() []string {
	return dataBesideExecutable(os.Getenv, os.Executable, func(p string) bool {
		st, err := os.Stat(p)
		return err == nil && st.Mode().IsRegular()
	})
})

func dataBesideExecutable(getenv func(string) string, executable func() (string, error), isFile func(string) bool) []string {
	if getenv("PROJ_DATA") != "" || getenv("PROJ_LIB") != "" {
		return nil
	}
	exe, err := executable()
	if err != nil {
		return nil
	}
	if resolved, err := filepath.EvalSymlinks(exe); err == nil {
		exe = resolved
	}
	for _, rel := range projDataDirs {
		dir := filepath.Join(filepath.Dir(exe), rel)
		if isFile(filepath.Join(dir, "proj.db")) {
			return []string{dir}
		}
	}
	return nil
}

// ProjDataDir is the folder PROJ's data is read from when it is not PROJ's own choice:
// beside the executable, or "" (for `--version` and support questions).
func ProjDataDir() string {
	if p := projSearchPaths(); len(p) > 0 {
		return p[0]
	}
	return ""
}
