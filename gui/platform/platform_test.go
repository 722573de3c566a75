package platform

import "testing"

func TestGLVersionUsable(t *testing.T) {
	cases := []struct {
		version    string
		usable, ok bool
	}{
		{"1.1.0", false, true}, // Windows' GDI Generic renderer
		{"1.4 Mesa 5.1", false, true},
		{"2.0.0", false, true},
		{"2.1", true, true},
		{"2.1 Metal - 83", true, true},
		{"3.3.0 NVIDIA 535.54", true, true},
		{"4.5 (Compatibility Profile) Mesa 22.3.6", true, true},
		{"10.0", true, true},
		{"", false, false},
		{"OpenGL ES 3.2", false, false},
		{"x.y", false, false},
	}
	for _, c := range cases {
		usable, ok := glVersionUsable(c.version)
		if usable != c.usable || ok != c.ok {
			t.Errorf("%q: usable %v ok %v, want %v %v", c.version, usable, ok, c.usable, c.ok)
		}
	}
}
