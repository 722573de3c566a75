package mapview

import (
	"encoding/binary"
	"image"
	"image/color"
	"image/draw"
	"sync"

	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// maskScanner is a rasterx.Scanner that rasterizes a path into a coverage mask and
// blends one colour through it. rasterx's own ScannerGV composites every pixel of the
// image with Over for each path, which at 1600×1000 cost 15 ms a colour; the mask is
// accumulated with x/image/vector's SIMD code and only covered pixels are blended.
type maskScanner struct {
	r    vector.Rasterizer
	dst  *image.RGBA
	mask *image.Alpha
	col  color.NRGBA
	// extent of the path in pixels, to blend only where it can have drawn
	minX, minY, maxX, maxY fixed.Int26_6
	empty                  bool
}

// scanners keeps the scanners' buffers (6.4 MB of coverage at 1600×1000) between
// renders: allocating them anew each time fed the garbage collector more than the
// rasterizing itself.
var scanners sync.Pool

func newMaskScanner(dst *image.RGBA) *maskScanner {
	if s, ok := scanners.Get().(*maskScanner); ok && s.mask.Rect == dst.Rect {
		s.dst = dst
		s.SetBounds(dst.Rect.Dx(), dst.Rect.Dy())
		return s
	}
	s := &maskScanner{dst: dst, mask: image.NewAlpha(dst.Rect)}
	s.SetBounds(dst.Rect.Dx(), dst.Rect.Dy())
	return s
}

// release returns the scanner to the pool.
func (s *maskScanner) release() {
	s.dst = nil
	scanners.Put(s)
}

func (s *maskScanner) extend(p fixed.Point26_6) {
	if s.empty {
		s.minX, s.maxX, s.minY, s.maxY, s.empty = p.X, p.X, p.Y, p.Y, false
		return
	}
	s.minX, s.maxX = min(s.minX, p.X), max(s.maxX, p.X)
	s.minY, s.maxY = min(s.minY, p.Y), max(s.maxY, p.Y)
}

func (s *maskScanner) Start(a fixed.Point26_6) {
	s.extend(a)
	s.r.MoveTo(float32(a.X)/64, float32(a.Y)/64)
}

func (s *maskScanner) Line(b fixed.Point26_6) {
	s.extend(b)
	s.r.LineTo(float32(b.X)/64, float32(b.Y)/64)
}

func (s *maskScanner) GetPathExtent() fixed.Rectangle26_6 {
	return fixed.Rectangle26_6{Min: fixed.Point26_6{X: s.minX, Y: s.minY}, Max: fixed.Point26_6{X: s.maxX, Y: s.maxY}}
}

func (s *maskScanner) SetBounds(w, h int) {
	s.r.Reset(w, h)
	s.r.DrawOp = draw.Src
	s.empty = true
}

func (s *maskScanner) SetColor(c interface{}) {
	if cc, ok := c.(color.Color); ok {
		s.col = color.NRGBAModel.Convert(cc).(color.NRGBA)
	}
}

func (s *maskScanner) SetWinding(bool)         {}
func (s *maskScanner) SetClip(image.Rectangle) {}
func (s *maskScanner) Clear()                  { s.SetBounds(s.dst.Rect.Dx(), s.dst.Rect.Dy()) }

// Draw blends the colour through the accumulated path's coverage.
func (s *maskScanner) Draw() {
	s.accumulate()
	s.blend()
}

// accumulate turns the path into coverage. It touches only the scanner's own buffers,
// so paths of several colours accumulate in parallel.
func (s *maskScanner) accumulate() {
	if !s.empty {
		s.r.Draw(s.mask, s.mask.Rect, image.Opaque, image.Point{})
	}
}

// blend puts the colour through the accumulated coverage onto dst.
func (s *maskScanner) blend() {
	if s.empty {
		return
	}
	ext := image.Rect(int(s.minX>>6)-2, int(s.minY>>6)-2, int(s.maxX>>6)+3, int(s.maxY>>6)+3).Intersect(s.dst.Rect)
	ca := uint32(s.col.A)
	cr, cg, cb := uint32(s.col.R)*ca, uint32(s.col.G)*ca, uint32(s.col.B)*ca
	x0, x1 := ext.Min.X-s.mask.Rect.Min.X, ext.Max.X-s.mask.Rect.Min.X
	for y := ext.Min.Y; y < ext.Max.Y; y++ {
		mrow := s.mask.Pix[(y-s.mask.Rect.Min.Y)*s.mask.Stride:]
		drow := s.dst.Pix[(y-s.dst.Rect.Min.Y)*s.dst.Stride:]
		blend := func(mx int, m uint32) {
			// Source alpha a = coverage × colour alpha, premultiplied channels, all /255.
			a := m * ca / 255
			o := 4 * (mx + s.mask.Rect.Min.X - s.dst.Rect.Min.X)
			d := drow[o : o+4 : o+4]
			ia := 255 - a
			d[0] = uint8((cr*m/255 + uint32(d[0])*ia + 127) / 255)
			d[1] = uint8((cg*m/255 + uint32(d[1])*ia + 127) / 255)
			d[2] = uint8((cb*m/255 + uint32(d[2])*ia + 127) / 255)
			d[3] = uint8((a*255 + uint32(d[3])*ia + 127) / 255)
		}
		mx := x0
		// Most of a map is empty: uncovered pixels are skipped eight at a time.
		for ; mx+8 <= x1; mx += 8 {
			w := binary.LittleEndian.Uint64(mrow[mx : mx+8])
			for k := 0; w != 0; k, w = k+1, w>>8 {
				if m := uint32(w & 0xff); m != 0 {
					blend(mx+k, m)
				}
			}
		}
		for ; mx < x1; mx++ {
			if m := uint32(mrow[mx]); m != 0 {
				blend(mx, m)
			}
		}
	}
}
