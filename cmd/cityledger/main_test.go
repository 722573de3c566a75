package main

import (
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"cityledger/domain"
	"cityledger/domain/demo"
	"cityledger/domain/storage"
	"cityledger/gui/screens"
)

// TestScreenshotsOfEveryScreenInBothLanguages is the real-window smoke test: the built
// app, under Xvfb, writes a non-blank PNG of every screen on the demo district.
func TestScreenshotsOfEveryScreenInBothLanguages(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the real-window smoke test")
	}
	xvfb, err := exec.LookPath("xvfb-run")
	if err != nil {
		// make test installs Xvfb; in CI a missing display server is a failure, not a skip.
		if os.Getenv("CI") != "" {
			t.Fatal("xvfb-run is not installed (Debian: apt-get install xvfb): the real-window smoke test cannot run")
		}
		t.Skip("xvfb-run is not installed (Debian: apt-get install xvfb): skipping the real-window smoke test")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "cityledger")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	db := filepath.Join(dir, "demo.db")
	store, err := storage.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(context.Background(), store); err != nil {
		t.Fatal(err)
	}
	store.Close()

	for _, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			out := filepath.Join(dir, "shots-"+lang)
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
			defer cancel()
			start := time.Now()
			cmd := exec.CommandContext(ctx, xvfb, "-a", "-s", "-screen 0 1600x1000x24",
				bin, "--db", db, "--lang", lang, "--screenshot", out)
			cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+filepath.Join(dir, "config"))
			if log, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("cityledger --screenshot: %v\n%s", err, log)
			}
			t.Logf("%s: every screen in %v", lang, time.Since(start).Round(time.Millisecond))
			for _, rt := range screens.Routes(domain.BuiltinCatalogue()) {
				checkScreenshot(t, filepath.Join(out, rt.ID+".png"))
			}
		})
	}
}

// checkScreenshot fails unless path is a PNG with more than one colour in it.
func checkScreenshot(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Error(err)
		return
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Errorf("%s: %v", path, err)
		return
	}
	if b := img.Bounds(); b.Dx() < 800 || b.Dy() < 500 {
		t.Errorf("%s: %dx%d is smaller than the window", path, b.Dx(), b.Dy())
	}
	if uniform(img) {
		t.Errorf("%s is blank", path)
	}
}

func uniform(img image.Image) bool {
	b := img.Bounds()
	first := img.At(b.Min.X, b.Min.Y)
	r0, g0, b0, a0 := first.RGBA()
	for y := b.Min.Y; y < b.Max.Y; y += 5 {
		for x := b.Min.X; x < b.Max.X; x += 5 {
			r, g, bl, a := img.At(x, y).RGBA()
			if r != r0 || g != g0 || bl != b0 || a != a0 {
				return false
			}
		}
	}
	return true
}
