package domain

import (
	"slices"
	"testing"
)

func TestWorkTypesFitTheClass(t *testing.T) {
	cat := BuiltinCatalogue()
	cases := []struct {
		class    Class
		has, not []string
	}{
		{Lamps, []string{"维修", "更换", "电费"}, []string{"燃料费", "保险费", "过路过桥费", "修剪"}},
		{Vehicles, []string{"维修", "燃料费", "保险费", "过路过桥费"}, []string{"电费", "清掏", "修剪"}},
		{GreenAreas, []string{"修剪", "补植", "除草", "病虫害防治"}, []string{"燃料费", "清掏"}},
	}
	for _, c := range cases {
		d, ok := cat.Class(c.class)
		if !ok {
			t.Fatalf("no class %s", c.class)
		}
		got := WorkTypesFor(d)
		for _, w := range c.has {
			if !slices.Contains(got, w) {
				t.Errorf("%s: %v lacks %s", c.class, got, w)
			}
		}
		for _, w := range c.not {
			if slices.Contains(got, w) {
				t.Errorf("%s: %v offers %s", c.class, got, w)
			}
		}
	}
	if !slices.Equal(WorkTypesFor(nil), WorkTypes) {
		t.Error("no class should offer every work type")
	}
}
