//go:build !linux && !windows

package cli

import "os"

// fileIsTerminal: a character device other than the null device is taken for a terminal.
func fileIsTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0 && f.Name() != os.DevNull
}
