package cli

import (
	"os"

	"golang.org/x/sys/windows"
)

// fileIsTerminal asks for the console mode: only a console has one.
func fileIsTerminal(f *os.File) bool {
	var mode uint32
	return windows.GetConsoleMode(windows.Handle(f.Fd()), &mode) == nil
}
