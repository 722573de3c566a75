package platform

import (
	"io"
	"os"
	"runtime"
	"syscall"
	"unsafe"
)

var (
	kernel32 = syscall.NewLazyDLL("kernel32.dll")
	user32   = syscall.NewLazyDLL("user32.dll")
	gdi32    = syscall.NewLazyDLL("gdi32.dll")
	// Loaded from the program's folder first: a Mesa opengl32.dll put there is the remedy
	// for a PC without an OpenGL 2.1 driver, and GLFW then loads the same file.
	opengl32 = syscall.NewLazyDLL("opengl32.dll")

	attachConsole       = kernel32.NewProc("AttachConsole")
	createWindowEx      = user32.NewProc("CreateWindowExW")
	destroyWindow       = user32.NewProc("DestroyWindow")
	getDC               = user32.NewProc("GetDC")
	releaseDC           = user32.NewProc("ReleaseDC")
	messageBox          = user32.NewProc("MessageBoxW")
	choosePixelFormat   = gdi32.NewProc("ChoosePixelFormat")
	setPixelFormat      = gdi32.NewProc("SetPixelFormat")
	describePixelFormat = gdi32.NewProc("DescribePixelFormat")
	wglCreateContext    = opengl32.NewProc("wglCreateContext")
	wglMakeCurrent      = opengl32.NewProc("wglMakeCurrent")
	wglDeleteContext    = opengl32.NewProc("wglDeleteContext")
	glGetString         = opengl32.NewProc("glGetString")
)

// Stdout is where --version goes. A program linked with -H=windowsgui starts without
// standard handles unless they were redirected (cityledger.exe --version > v.txt); from
// a console it attaches to the parent's (cmd.exe or PowerShell) to print there.
func Stdout() io.Writer {
	if h, err := syscall.GetStdHandle(syscall.STD_OUTPUT_HANDLE); err == nil && h != 0 && h != syscall.InvalidHandle {
		return os.Stdout
	}
	const attachParentProcess = ^uintptr(0)
	if r, _, _ := attachConsole.Call(attachParentProcess); r == 0 {
		return io.Discard
	}
	con, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0)
	if err != nil {
		return io.Discard
	}
	return con
}

// pixelFormatDescriptor is PIXELFORMATDESCRIPTOR of wingdi.h (40 bytes).
type pixelFormatDescriptor struct {
	Size, Version                                  uint16
	Flags                                          uint32
	PixelType, ColorBits                           byte
	RedBits, RedShift, GreenBits, GreenShift       byte
	BlueBits, BlueShift, AlphaBits, AlphaShift     byte
	AccumBits, AccumRed, AccumGreen, AccumBlue     byte
	AccumAlpha, DepthBits, StencilBits, AuxBuffers byte
	LayerType, Reserved                            byte
	LayerMask, VisibleMask, DamageMask             uint32
}

const (
	pfdDoubleBuffer  = 0x01
	pfdDrawToWindow  = 0x04
	pfdSupportOpenGL = 0x20
	glVersion        = 0x1F02
	glRenderer       = 0x1F01
	wsPopup          = 0x80000000
	mbIconError      = 0x10
	mbOK             = 0x00
)

// CheckOpenGL makes a hidden window with a legacy OpenGL context, as GLFW does first,
// and reads the driver's version. It returns a problem only for a definite finding (no
// context at all, or a version below 2.1); when the probe itself cannot run it returns
// nil and leaves the verdict to GLFW.
func CheckOpenGL() *OpenGLProblem {
	runtime.LockOSThread() // a WGL context is current on one thread
	defer runtime.UnlockOSThread()
	if opengl32.Load() != nil || glGetString.Find() != nil {
		return &OpenGLProblem{}
	}
	class, _ := syscall.UTF16PtrFromString("STATIC")
	hwnd, _, _ := createWindowEx.Call(0, uintptr(unsafe.Pointer(class)), 0, wsPopup, 0, 0, 16, 16, 0, 0, 0, 0)
	if hwnd == 0 {
		return nil
	}
	defer destroyWindow.Call(hwnd)
	hdc, _, _ := getDC.Call(hwnd)
	if hdc == 0 {
		return nil
	}
	defer releaseDC.Call(hwnd, hdc)

	pfd := pixelFormatDescriptor{Version: 1, Flags: pfdDrawToWindow | pfdSupportOpenGL | pfdDoubleBuffer,
		ColorBits: 32, AlphaBits: 8, DepthBits: 24, StencilBits: 8}
	pfd.Size = uint16(unsafe.Sizeof(pfd))
	format, _, _ := choosePixelFormat.Call(hdc, uintptr(unsafe.Pointer(&pfd)))
	if format == 0 {
		return &OpenGLProblem{}
	}
	describePixelFormat.Call(hdc, format, unsafe.Sizeof(pfd), uintptr(unsafe.Pointer(&pfd)))
	if r, _, _ := setPixelFormat.Call(hdc, format, uintptr(unsafe.Pointer(&pfd))); r == 0 {
		return nil
	}
	ctx, _, _ := wglCreateContext.Call(hdc)
	if ctx == 0 {
		return &OpenGLProblem{}
	}
	defer wglDeleteContext.Call(ctx)
	if r, _, _ := wglMakeCurrent.Call(hdc, ctx); r == 0 {
		return &OpenGLProblem{}
	}
	defer wglMakeCurrent.Call(0, 0)
	version := glString(glVersion)
	usable, ok := glVersionUsable(version)
	if !ok || usable {
		return nil
	}
	found := version
	if r := glString(glRenderer); r != "" {
		found += ", " + r
	}
	return &OpenGLProblem{Found: found}
}

// glString reads a NUL-terminated string glGetString returns (owned by the driver).
func glString(name uintptr) string {
	r, _, _ := glGetString.Call(name)
	if r == 0 {
		return ""
	}
	p := *(**byte)(unsafe.Pointer(&r))
	var b []byte
	for i := 0; i < 256; i++ {
		c := *(*byte)(unsafe.Add(unsafe.Pointer(p), i))
		if c == 0 {
			break
		}
		b = append(b, c)
	}
	return string(b)
}

// ShowError shows a native message box: Fyne has no window yet, and a program without
// a console has nowhere else to say it.
func ShowError(title, text string) {
	t, _ := syscall.UTF16PtrFromString(title)
	m, _ := syscall.UTF16PtrFromString(text)
	messageBox.Call(0, uintptr(unsafe.Pointer(m)), uintptr(unsafe.Pointer(t)), mbOK|mbIconError)
}
