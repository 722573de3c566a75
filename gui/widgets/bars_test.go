package widgets

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

func TestBarsAreProportionalToTheirValues(t *testing.T) {
	test.NewTempApp(t)
	for _, vertical := range []bool{false, true} {
		b := NewBars(vertical)
		b.SetItems([]Item{{Label: "甲", Value: 100, Target: 200, Text: "1"}, {Label: "乙", Value: 50, Text: "2"}, {Label: "丙", Value: 0, Text: ""}})
		b.Resize(fyne.NewSize(600, 200))
		r := test.WidgetRenderer(b).(*barsRenderer)
		size := func(o *canvas.Rectangle) float32 {
			if vertical {
				return o.Size().Height
			}
			return o.Size().Width
		}
		a, c, z := size(r.bars[0]), size(r.bars[1]), size(r.bars[2])
		if a <= 0 || c <= 0 || z != 0 {
			t.Fatalf("vertical=%v: bar sizes %v %v %v", vertical, a, c, z)
		}
		if ratio := a / c; ratio < 1.98 || ratio > 2.02 {
			t.Errorf("vertical=%v: 100 against 50 drawn %v : %v", vertical, a, c)
		}
		if !vertical {
			if tw := r.tracks[0].Size().Width; tw < 1.98*a || tw > 2.02*a {
				t.Errorf("target 200 drawn %v against value 100 drawn %v", tw, a)
			}
		}
	}
	empty := NewBars(false)
	empty.Empty = "无"
	if objs := test.WidgetRenderer(empty).Objects(); len(objs) != 1 || objs[0].(*canvas.Text).Text != "无" {
		t.Errorf("an empty chart shows %v", objs)
	}
}
