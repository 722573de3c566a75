package mapview

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"cityledger/domain"
	"cityledger/gui/guitest"
)

func TestDensityGridCountsCasesPerCell(t *testing.T) {
	v := Fit(orb.Bound{Min: Mercator(orb.Point{101, 26}), Max: Mercator(orb.Point{101.01, 26.01})}, 100, 100, 0)
	at := func(x, y float64) orb.Point { return v.ToWorld(x, y) }
	pts := []orb.Point{at(5, 5), at(9, 9), at(15, 5), at(95, 95), at(5, 5), at(-3, 5), at(150, 5)}
	counts, most := densityGrid(v, pts, 10)
	if len(counts) != 10 || len(counts[0]) != 10 {
		t.Fatalf("grid %d×%d", len(counts), len(counts[0]))
	}
	if counts[0][0] != 3 || counts[0][1] != 1 || counts[9][9] != 1 || most != 3 {
		t.Fatalf("counts %v %v %v, max %d", counts[0][0], counts[0][1], counts[9][9], most)
	}
	total := 0
	for _, row := range counts {
		for _, n := range row {
			total += n
		}
	}
	if total != 5 { // the two outside the view are not counted
		t.Fatalf("counted %d", total)
	}
	if densityClass(0, 3) != -1 || densityClass(3, 3) != len(densityColours)-1 || densityClass(1, 100) != 0 {
		t.Fatalf("classes %d %d %d", densityClass(0, 3), densityClass(3, 3), densityClass(1, 100))
	}
}

// The cases layer draws the year's located cases by status (overdue ones red) and as
// density cells, with their legend; off, it draws nothing.
func TestCasesLayer(t *testing.T) {
	d := newDistrict(t)
	ctx := context.Background()
	year := time.Now().Year()
	for i, c := range []struct {
		status   string
		deadline time.Time
	}{{domain.CaseResolved, time.Time{}}, {domain.CaseHandling, time.Date(year, 1, 2, 0, 0, 0, 0, time.UTC)}, {domain.CaseWaiting, time.Time{}}} {
		p := orb.Point{lon0 + 0.001*float64(i), lat0 + 0.0005}
		cs := domain.Case{No: "C-" + string(rune('1'+i)), Source: domain.SourceCityPlatform, Category: domain.CategoryEvent,
			ClassName: "乱堆物料", Location: &p, ReportedAt: time.Date(year, 1, 1, 8, 0, 0, 0, time.UTC), Deadline: c.deadline, Status: c.status}
		if c.status == domain.CaseResolved {
			cs.ResolvedAt = time.Date(year, 1, 1, 9, 0, 0, 0, time.UTC)
		}
		if err := d.store.SaveCase(ctx, &cs); err != nil {
			t.Fatal(err)
		}
	}
	ui, s := openMap(t, d.store)
	if s.mw.cases.Visible() {
		t.Fatal("cases shown while off")
	}
	guitest.Act(t, ui, func() { s.caseSelect.SetSelectedIndex(int(CasesByStatus)) })
	guitest.WaitIdle(t, ui)
	if s.cases == nil || len(s.cases.pts) != 3 || !s.mw.cases.Visible() || s.mw.cases.Image == nil {
		t.Fatalf("cases layer %+v", s.cases)
	}
	overdue := 0
	for _, c := range s.cases.colour {
		if c == overdueColour {
			overdue++
		}
	}
	if overdue != 1 {
		t.Fatalf("overdue %d", overdue)
	}
	legend := legendText(s)
	if !strings.Contains(legend, "当前逾期") || !strings.Contains(legend, "3") {
		t.Fatalf("legend %q", legend)
	}
	if n := painted(s); n == 0 {
		t.Fatal("no case drawn")
	}
	guitest.Act(t, ui, func() { s.caseSelect.SetSelectedIndex(int(CasesDensity)) })
	guitest.WaitIdle(t, ui)
	if !s.mw.cases.Visible() || painted(s) == 0 || !strings.Contains(legendText(s), "最多") {
		t.Fatalf("density legend %q", legendText(s))
	}
	guitest.Act(t, ui, func() { s.caseSelect.SetSelectedIndex(int(CasesOff)) })
	guitest.WaitIdle(t, ui)
	if s.mw.cases.Visible() || len(s.caseLegend.Objects) != 0 {
		t.Fatal("cases still shown")
	}
}

func painted(s *Screen) int {
	img := s.mw.cases.Image
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if _, _, _, a := img.At(x, y).RGBA(); a > 0 {
				n++
			}
		}
	}
	return n
}

// legendText is the cases legend's text, line by line.
func legendText(s *Screen) string {
	var b strings.Builder
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Label:
			b.WriteString(v.Text + "\n")
		case *canvas.Text:
			b.WriteString(v.Text + "\n")
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		}
	}
	walk(s.caseLegend)
	return b.String()
}
