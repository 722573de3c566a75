//go:build !windows

package platform

import (
	"io"
	"os"
)

// Stdout is where --version goes: the terminal or pipe the program was started from.
func Stdout() io.Writer { return os.Stdout }

// CheckOpenGL returns nil: on Linux and macOS GLFW's own error reaches the terminal or
// the session log, and Mesa always offers OpenGL 2.1 or more.
func CheckOpenGL() *OpenGLProblem { return nil }

// ShowError prints the message: there is no native message box to use before Fyne.
func ShowError(title, text string) { _, _ = io.WriteString(os.Stderr, title+"\n"+text+"\n") }
