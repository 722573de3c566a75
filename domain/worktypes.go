package domain

// WorkTypesFor lists the work types (WorkTypes, in their order) that fit a class, the
// ones a form offers: a vehicle's running costs (燃料费, 保险费, 过路过桥费) only for
// classes with a number plate; 电费 for classes that state a power; the gardening work
// (修剪, 补植, 除草, 病虫害防治) for green areas and trees; 清掏 for everything else
// that is neither. nil (no class chosen) is every work type.
func WorkTypesFor(d *ClassDef) []string {
	if d == nil {
		return WorkTypes
	}
	_, vehicle := d.Field("plate")
	_, powered := d.Field("power_w")
	green := d.Key == GreenAreas || containsWord(string(d.Key), "tree")
	fits := func(w string) bool {
		switch w {
		case "燃料费", "保险费", "过路过桥费":
			return vehicle
		case "电费":
			return powered
		case "修剪", "补植", "除草", "病虫害防治":
			return green
		case "清掏":
			return !vehicle && !green
		}
		return true
	}
	var out []string
	for _, w := range WorkTypes {
		if fits(w) {
			out = append(out, w)
		}
	}
	return out
}

func containsWord(s, w string) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		if s[i:i+len(w)] == w {
			return true
		}
	}
	return false
}
