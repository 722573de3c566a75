package mapview

import (
	"context"
	"image"
	"image/color"
	"math"
	"time"

	"github.com/paulmach/orb"

	"cityledger/domain"
)

// CaseMode is how the map shows the year's cases: not at all, a dot per case coloured
// by its status (overdue ones red), or the number of cases per grid cell (hot spots).
type CaseMode int

const (
	CasesOff CaseMode = iota
	CasesByStatus
	CasesDensity
)

// caseLayer is the year's located cases in Web Mercator metres, with the colour index
// of each (caseColours).
type caseLayer struct {
	year   int
	pts    []orb.Point
	colour []uint8
}

// caseColours: the statuses in domain.CaseStatuses order, then overdue.
var caseColours = []color.NRGBA{hex("#ff9800"), hex("#fdd835"), hex("#43a047"), hex("#1e88e5"), hex("#9e9e9e"), hex("#e53935")}

// overdueColour is the index of overdue cases in caseColours.
var overdueColour = uint8(len(domain.CaseStatuses))

// densityColours run from few cases in a cell to the most.
var densityColours = []color.NRGBA{hex("#ffffb2"), hex("#fecc5c"), hex("#fd8d3c"), hex("#f03b20"), hex("#bd0026")}

// densityCell is a density cell's side in Fyne units.
const densityCell = 24

// loadCases reads the located cases of year, a page at a time (newest first, keyset).
func loadCases(ctx context.Context, store domain.Cases, year int, now time.Time) (*caseLayer, error) {
	l := &caseLayer{year: year}
	f := domain.CaseFilter{Year: year, Limit: 5000}
	for {
		cs, err := store.FindCases(ctx, f)
		if err != nil {
			return nil, err
		}
		for i := range cs {
			c := &cs[i]
			if c.Location == nil {
				continue
			}
			l.pts = append(l.pts, Mercator(*c.Location))
			l.colour = append(l.colour, caseColour(c, now))
		}
		if len(cs) < f.Limit {
			return l, nil
		}
		f.After = cs[len(cs)-1].Cursor()
	}
}

// caseColour is the colour index of a case: overdue, else its status.
func caseColour(c *domain.Case, now time.Time) uint8 {
	if c.OverdueAt(now) {
		return overdueColour
	}
	for i, s := range domain.CaseStatuses {
		if s == c.Status {
			return uint8(i)
		}
	}
	return 0
}

// densityGrid counts the cases per cell of side cell pixels over the view: counts[y][x].
func densityGrid(v View, pts []orb.Point, cell int) (counts [][]int, max int) {
	nx, ny := (v.W+cell-1)/cell, (v.H+cell-1)/cell
	counts = make([][]int, ny)
	for y := range counts {
		counts[y] = make([]int, nx)
	}
	for _, p := range pts {
		x, y := v.ToScreen(p)
		if x < 0 || y < 0 || x >= float64(v.W) || y >= float64(v.H) {
			continue
		}
		cx, cy := int(x)/cell, int(y)/cell
		counts[cy][cx]++
		if counts[cy][cx] > max {
			max = counts[cy][cx]
		}
	}
	return counts, max
}

// densityClass puts a count in one of the len(densityColours) classes, on a square-root
// scale so that a few very busy cells do not wash out the rest.
func densityClass(n, max int) int {
	if n <= 0 || max <= 0 {
		return -1
	}
	k := int(math.Sqrt(float64(n)/float64(max)) * float64(len(densityColours)))
	return min(k, len(densityColours)-1)
}

// drawCases rasterizes the cases for req: dots by status, or density cells.
func drawCases(img *image.RGBA, req *renderReq) {
	l := req.cases
	if l == nil {
		return
	}
	v := req.view
	switch req.caseMode {
	case CasesByStatus:
		r := pointRadius * req.scale
		stamps := make([]*stamp, len(caseColours))
		for i, c := range caseColours {
			stamps[i] = newStamp(r, c, darker(c), outlineWidth*req.scale)
		}
		w, h := float64(v.W)+r, float64(v.H)+r
		// Overdue last, on top.
		for pass := 0; pass < 2; pass++ {
			for i, p := range l.pts {
				if (l.colour[i] == overdueColour) != (pass == 1) {
					continue
				}
				x, y := v.ToScreen(p)
				if x >= -r && y >= -r && x <= w && y <= h {
					stamps[l.colour[i]].blend(img, x, y)
				}
			}
		}
	case CasesDensity:
		cell := max(1, int(math.Round(densityCell*req.scale)))
		counts, most := densityGrid(v, l.pts, cell)
		for cy, row := range counts {
			for cx, n := range row {
				k := densityClass(n, most)
				if k < 0 {
					continue
				}
				c := densityColours[k]
				c.A = 170
				fillRect(img, image.Rect(cx*cell, cy*cell, (cx+1)*cell-1, (cy+1)*cell-1), c)
			}
		}
	}
}

// fillRect blends colour c over r of img.
func fillRect(img *image.RGBA, r image.Rectangle, c color.NRGBA) {
	r = r.Intersect(img.Rect)
	a := uint32(c.A)
	ia := 255 - a
	for y := r.Min.Y; y < r.Max.Y; y++ {
		o := (y-img.Rect.Min.Y)*img.Stride + 4*(r.Min.X-img.Rect.Min.X)
		for x := r.Min.X; x < r.Max.X; x, o = x+1, o+4 {
			d := img.Pix[o : o+4 : o+4]
			d[0] = uint8((uint32(c.R)*a + uint32(d[0])*ia + 127) / 255)
			d[1] = uint8((uint32(c.G)*a + uint32(d[1])*ia + 127) / 255)
			d[2] = uint8((uint32(c.B)*a + uint32(d[2])*ia + 127) / 255)
			d[3] = uint8(a + (uint32(d[3])*ia+127)/255)
		}
	}
}
