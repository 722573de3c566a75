// Command winicon turns FyneApp.toml's icon into the .ico that the Windows resource of
// cityledger.exe carries (Explorer, the taskbar before the window sets its own): PNG
// entries at 256, 48, 32 and 16 pixels, 8 bits per channel (the source PNG has 16, which
// Windows' icon decoder does not take).
//
//	go run ./.ci/dist/winicon -o OUT.ico assets/icon.png
package main

import (
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"

	"golang.org/x/image/draw"
)

var sizes = []int{256, 48, 32, 16}

func main() {
	out := flag.String("o", "", "the .ico to write")
	flag.Parse()
	if *out == "" || flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *out); err != nil {
		fmt.Fprintln(os.Stderr, "winicon:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	src, err := png.Decode(f)
	f.Close()
	if err != nil {
		return err
	}
	var pngs [][]byte
	for _, s := range sizes {
		dst := image.NewNRGBA(image.Rect(0, 0, s, s))
		draw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Src, nil)
		var b bytes.Buffer
		if err := png.Encode(&b, dst); err != nil {
			return err
		}
		pngs = append(pngs, b.Bytes())
	}
	var ico bytes.Buffer
	le := func(v any) { _ = binary.Write(&ico, binary.LittleEndian, v) }
	le([3]uint16{0, 1, uint16(len(sizes))}) // ICONDIR: reserved, type icon, count
	offset := uint32(6 + 16*len(sizes))
	for i, s := range sizes {
		dim := uint8(s) // 256 is written as 0
		le(struct {
			W, H, Colors, Reserved uint8
			Planes, BitCount       uint16
			Size, Offset           uint32
		}{dim, dim, 0, 0, 1, 32, uint32(len(pngs[i])), offset})
		offset += uint32(len(pngs[i]))
	}
	for _, p := range pngs {
		ico.Write(p)
	}
	return os.WriteFile(out, ico.Bytes(), 0o644)
}
