package gui

import (
	"fmt"
	"image"
	"image/png"
	"log"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/software"
)

// ScreenshotTimeout bounds the wait for one screen's data; the demo district loads in a
// fraction of it.
const ScreenshotTimeout = 30 * time.Second

// Screenshots shows every screen in turn, waits until its data is loaded and drawn, and
// writes the window to dir/ID.png (dir is created). Call it from a goroutine once the
// window runs (it waits on the UI goroutine through fyne.DoAndWait).
func (a *App) Screenshots(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	a.env.WaitIdle(ScreenshotTimeout)
	for _, rt := range a.router.Routes() {
		id := rt.ID
		start := time.Now()
		fyne.DoAndWait(func() { a.Show(id) })
		if !a.env.WaitIdle(ScreenshotTimeout) {
			return fmt.Errorf("screen %s: still loading after %v", id, ScreenshotTimeout)
		}
		// Give the driver a few frames to lay out and paint what was applied last.
		time.Sleep(400 * time.Millisecond)
		var img image.Image
		fyne.DoAndWait(func() { img = captureWindow(a.env.Window) })
		if img == nil {
			return fmt.Errorf("screen %s: the canvas gave no image", id)
		}
		if err := writePNG(filepath.Join(dir, id+".png"), img); err != nil {
			return err
		}
		log.Printf("screenshot %s.png: %v", id, time.Since(start).Round(time.Millisecond))
	}
	return nil
}

// captureWindow is the window's canvas capture. Under Xvfb with Mesa the GL front
// buffer reads back as all zeros; then the same widget tree is painted by Fyne's software
// painter at the window's size and handed back to the window.
func captureWindow(w fyne.Window) image.Image {
	img := w.Canvas().Capture()
	if img != nil && !blank(img) {
		return img
	}
	content := w.Canvas().Content()
	size := w.Canvas().Size()
	c := software.NewCanvas()
	c.SetPadded(false)
	c.SetContent(content)
	c.Resize(size)
	img = c.Capture()
	w.SetContent(content)
	return img
}

// blank reports whether every sampled pixel is fully transparent.
func blank(img image.Image) bool {
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 7 {
		for x := b.Min.X; x < b.Max.X; x += 7 {
			if _, _, _, alpha := img.At(x, y).RGBA(); alpha != 0 {
				return false
			}
		}
	}
	return true
}

func writePNG(path string, img image.Image) error {
	return WriteAtomically(path, func(f *os.File) error { return png.Encode(f, img) })
}
