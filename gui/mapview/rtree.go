package mapview

import (
	"math"
	"sort"

	"github.com/paulmach/orb"
)

// rtree is a static R-tree packed by Sort-Tile-Recursive over the bounding boxes of
// the lines and polygons (orb/quadtree holds points only). The map's features change
// only when the registers are reloaded, and then the tree is rebuilt whole in a few
// milliseconds, so it needs no insertion or deletion.
type rtree struct {
	nodes []rnode // the root is the last node
	items []int32 // leaf entries: feature indexes, grouped per leaf
	boxes []orb.Bound
}

type rnode struct {
	b          orb.Bound
	start, end int32 // children: nodes[start:end], or items[start:end] for a leaf
	leaf       bool
}

const rtreeFanout = 16

// newRTree indexes boxes[i] as item i.
func newRTree(boxes []orb.Bound) *rtree {
	t := &rtree{boxes: boxes}
	if len(boxes) == 0 {
		return t
	}
	idx := make([]int32, len(boxes))
	for i := range idx {
		idx[i] = int32(i)
	}
	centre := func(b orb.Bound) (float64, float64) { return (b.Min[0] + b.Max[0]) / 2, (b.Min[1] + b.Max[1]) / 2 }
	strSort(idx, func(i int32) (float64, float64) { return centre(boxes[i]) })
	t.items = idx
	// Leaves over runs of items.
	level := make([]int32, 0, len(idx)/rtreeFanout+1)
	for s := 0; s < len(idx); s += rtreeFanout {
		e := min(s+rtreeFanout, len(idx))
		b := boxes[idx[s]]
		for _, i := range idx[s+1 : e] {
			b = b.Union(boxes[i])
		}
		t.nodes = append(t.nodes, rnode{b: b, start: int32(s), end: int32(e), leaf: true})
		level = append(level, int32(len(t.nodes)-1))
	}
	// Upper levels: each level's nodes are sorted into tiles, then appended so that a
	// parent's children are contiguous.
	for len(level) > 1 {
		strSort(level, func(i int32) (float64, float64) { return centre(t.nodes[i].b) })
		ordered := make([]rnode, len(level))
		for k, i := range level {
			ordered[k] = t.nodes[i]
		}
		base := int32(len(t.nodes))
		t.nodes = append(t.nodes, ordered...)
		next := make([]int32, 0, len(level)/rtreeFanout+1)
		for s := 0; s < len(ordered); s += rtreeFanout {
			e := min(s+rtreeFanout, len(ordered))
			b := ordered[s].b
			for _, n := range ordered[s+1 : e] {
				b = b.Union(n.b)
			}
			t.nodes = append(t.nodes, rnode{b: b, start: base + int32(s), end: base + int32(e)})
			next = append(next, int32(len(t.nodes)-1))
		}
		level = next
	}
	return t
}

// strSort orders idx into vertical slices by x, each sorted by y: the STR tiling.
func strSort(idx []int32, centre func(int32) (float64, float64)) {
	sort.Slice(idx, func(a, b int) bool {
		xa, _ := centre(idx[a])
		xb, _ := centre(idx[b])
		return xa < xb
	})
	leaves := math.Ceil(float64(len(idx)) / rtreeFanout)
	slices := int(math.Ceil(math.Sqrt(leaves)))
	per := slices * rtreeFanout
	for s := 0; s < len(idx); s += per {
		part := idx[s:min(s+per, len(idx))]
		sort.Slice(part, func(a, b int) bool {
			_, ya := centre(part[a])
			_, yb := centre(part[b])
			return ya < yb
		})
	}
}

// search calls fn with every item whose box overlaps q, until fn returns false.
func (t *rtree) search(q orb.Bound, fn func(i int32) bool) {
	if len(t.nodes) == 0 {
		return
	}
	stack := []int32{int32(len(t.nodes) - 1)}
	for len(stack) > 0 {
		n := t.nodes[stack[len(stack)-1]]
		stack = stack[:len(stack)-1]
		if !n.b.Intersects(q) {
			continue
		}
		if n.leaf {
			for _, i := range t.items[n.start:n.end] {
				if t.boxes[i].Intersects(q) && !fn(i) {
					return
				}
			}
			continue
		}
		for c := n.start; c < n.end; c++ {
			stack = append(stack, c)
		}
	}
}
