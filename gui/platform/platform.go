// Package platform is what the desktop app needs from the operating system before Fyne
// starts: a console to print --version into (a Windows GUI program has none), and, on
// Windows, a check that the graphics driver offers the OpenGL 2.1 Fyne draws with.
// Without that check a PC with only Windows' built-in OpenGL 1.1 (virtual desktops,
// remote desktop, VMs without 3D) gets Fyne's English developer message box.
package platform

import (
	"fmt"
	"strconv"
	"strings"
)

// OpenGLProblem says why the window cannot open; Found is what the driver reported
// (e.g. "1.1.0, GDI Generic") or "" when no OpenGL context could be made at all.
type OpenGLProblem struct {
	Found string
}

func (p *OpenGLProblem) Error() string {
	if p.Found == "" {
		return "platform: no OpenGL context could be created"
	}
	return fmt.Sprintf("platform: OpenGL %s is older than 2.1", p.Found)
}

// glVersionUsable reads the leading "major.minor" of a GL_VERSION string ("1.1.0",
// "4.5 (Compatibility Profile) Mesa 22.3.6", "2.1 Metal - 83"). ok is false when the
// string has no version to judge, so that an odd driver is not turned away.
func glVersionUsable(version string) (usable, ok bool) {
	v := strings.TrimSpace(version)
	if i := strings.IndexAny(v, " \t"); i >= 0 {
		v = v[:i]
	}
	majorS, rest, found := strings.Cut(v, ".")
	if !found {
		return false, false
	}
	minorS, _, _ := strings.Cut(rest, ".")
	major, err1 := strconv.Atoi(majorS)
	minor, err2 := strconv.Atoi(minorS)
	if err1 != nil || err2 != nil {
		return false, false
	}
	return major > 2 || major == 2 && minor >= 1, true
}
