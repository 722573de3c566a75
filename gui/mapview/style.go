package mapview

import (
	"image/color"
	"sort"

	"cityledger/domain"
)

// Mode is what the symbols' colours tell.
type Mode int

const (
	ByType   Mode = iota // the asset's type or kind
	ByStatus             // 在用, 停用, 已处置
	ByCost               // this year's maintenance cost, in quantile classes
)

func hex(s string) color.NRGBA {
	var v [3]uint8
	for i := range v {
		v[i] = hexDigit(s[1+2*i])<<4 | hexDigit(s[2+2*i])
	}
	return color.NRGBA{v[0], v[1], v[2], 255}
}

func hexDigit(c byte) uint8 {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

// kindColours follow the order of a class's type values; the colour after them is for
// a kind the list does not know. Classes not listed get kindPalette's colours.
var kindColours = map[domain.Class][]color.NRGBA{
	domain.Lamps:           {hex("#e65100"), hex("#c0a000"), hex("#8e24aa"), hex("#616161")},
	domain.GreenAreas:      {hex("#43a047"), hex("#9ccc65"), hex("#00897b"), hex("#1b5e20"), hex("#616161")},
	domain.SewerPipes:      {hex("#6d4c41"), hex("#1e88e5"), hex("#8e24aa"), hex("#757575"), hex("#616161")},
	domain.SewerFacilities: {hex("#d81b60"), hex("#3949ab"), hex("#00897b"), hex("#757575"), hex("#616161")},
	domain.Roads:           {hex("#546e7a"), hex("#a1887f"), hex("#90a4ae"), hex("#616161")},
}

var statusColours = []color.NRGBA{hex("#2e7d32"), hex("#f9a825"), hex("#9e9e9e"), hex("#616161")}

// costColours: first the assets without cost this year, then five classes from low to high.
var costColours = []color.NRGBA{hex("#b0b0b0"), hex("#fed976"), hex("#feb24c"), hex("#fd8d3c"), hex("#f03b20"), hex("#bd0026")}

// selectColour marks the selection on every layer.
var selectColour = hex("#00b8d4")

// symbology is a mode with what it needs to colour a feature.
type symbology struct {
	mode   Mode
	breaks []domain.Fen // ByCost: the upper bounds of the first classes
}

// otherColours colour the types of the classes kindColours does not list, each class
// starting at its own place so that neighbouring layers differ.
var otherColours = []color.NRGBA{hex("#00838f"), hex("#ef6c00"), hex("#5e35b1"), hex("#2e7d32"), hex("#c62828"),
	hex("#6d4c41"), hex("#ad1457"), hex("#0277bd"), hex("#9e9d24"), hex("#4527a0")}

// kindPalette is the colours of class c's n type values, then the unknown type's.
func kindPalette(c domain.Class, n int) []color.NRGBA {
	if p, ok := kindColours[c]; ok && len(p) >= n+1 {
		return p
	}
	start := 0
	for _, r := range c {
		start += int(r)
	}
	out := make([]color.NRGBA, n+1)
	for k := 0; k < n; k++ {
		out[k] = otherColours[(start+k)%len(otherColours)]
	}
	if n == 0 {
		out[0] = otherColours[start%len(otherColours)]
	} else {
		out[n] = hex("#616161")
	}
	return out
}

// palette lists the colours a layer's features can take in mode.
func (s symbology) palette(d *mapData, c domain.Class) []color.NRGBA {
	switch s.mode {
	case ByStatus:
		return statusColours
	case ByCost:
		return costColours[:len(s.breaks)+2]
	}
	return kindPalette(c, len(d.kinds[c]))
}

// colourIndex is feature i's colour in palette(l.class).
func (s symbology) colourIndex(d *mapData, l *layer, i int) uint8 {
	switch s.mode {
	case ByStatus:
		for k, st := range domain.Statuses {
			if l.statuses[i] == st {
				return uint8(k)
			}
		}
		return uint8(len(domain.Statuses))
	case ByCost:
		cost := d.costs[l.ids[i]]
		if cost <= 0 {
			return 0
		}
		for k, b := range s.breaks {
			if cost <= b {
				return uint8(k + 1)
			}
		}
		return uint8(len(s.breaks) + 1)
	}
	kinds := d.kinds[l.class]
	for k, kind := range kinds {
		if l.kinds[i] == kind {
			return uint8(k)
		}
	}
	return uint8(len(kinds))
}

// costBreaks splits the non-zero costs of the drawn assets into up to five classes of
// about equal counts (quantiles): a few costly assets must not squeeze every other
// into the first class, as equal intervals would.
func costBreaks(d *mapData) []domain.Fen {
	var costs []domain.Fen
	for _, l := range d.layers {
		for _, id := range l.ids {
			if c := d.costs[id]; c > 0 {
				costs = append(costs, c)
			}
		}
	}
	if len(costs) == 0 {
		return nil
	}
	sort.Slice(costs, func(i, j int) bool { return costs[i] < costs[j] })
	var breaks []domain.Fen
	for k := 1; k < 5; k++ {
		b := costs[len(costs)*k/5]
		if (len(breaks) == 0 || b > breaks[len(breaks)-1]) && b < costs[len(costs)-1] {
			breaks = append(breaks, b)
		}
	}
	return breaks
}

// colours computes every feature's colour index per layer.
func (s symbology) colours(d *mapData) [nLayers][]uint8 {
	var out [nLayers][]uint8
	for li, l := range d.layers {
		idx := make([]uint8, l.n())
		for i := range idx {
			idx[i] = s.colourIndex(d, l, i)
		}
		out[li] = idx
	}
	return out
}
