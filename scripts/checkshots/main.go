// Command checkshots checks the smoke test's screenshots: every main screen is there
// and none is blank (a blank or single-colour PNG means the window drew nothing).
package main

import (
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
)

var screens = []string{"dashboard", "vehicles", "lamps", "green-areas", "sewer-pipes", "sewer-facilities", "roads",
	"maintenance", "projects", "map", "report", "settings"}

func main() {
	failed := 0
	checked := 0
	for _, dir := range os.Args[1:] {
		for _, s := range screens {
			path := filepath.Join(dir, s+".png")
			if err := check(path); err != nil {
				fmt.Println("FAIL", path, err)
				failed++
				continue
			}
			checked++
		}
	}
	fmt.Printf("screenshots: %d passed, %d failed\n", checked, failed)
	if failed > 0 {
		os.Exit(1)
	}
}

func check(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return err
	}
	if colours := distinctColours(img, 64); colours < 16 {
		return fmt.Errorf("looks blank: %d distinct colours", colours)
	}
	b := img.Bounds()
	if b.Dx() < 400 || b.Dy() < 300 {
		return fmt.Errorf("too small: %dx%d", b.Dx(), b.Dy())
	}
	return nil
}

func distinctColours(img image.Image, limit int) int {
	seen := map[uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			r, g, bl, _ := img.At(x, y).RGBA()
			seen[(r>>8)<<16|(g>>8)<<8|bl>>8] = true
			if len(seen) >= limit {
				return len(seen)
			}
		}
	}
	return len(seen)
}
