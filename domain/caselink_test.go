package domain

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

type mapLookup struct {
	components map[string]int64
	codes      map[Class]map[string]int64
}

func (m mapLookup) ByComponentID(id string) (int64, bool) { v, ok := m.components[id]; return v, ok }
func (m mapLookup) ByCode(c Class, code string) (int64, bool) {
	v, ok := m.codes[c][code]
	return v, ok
}

func TestResolveCaseLink(t *testing.T) {
	look := mapLookup{
		components: map[string]int64{"1101050118000001": 7},
		codes:      map[Class]map[string]int64{Lamps: {"LD-1": 7, "LD-2": 8}},
	}
	cases := []struct {
		name                   string
		c                      Case
		id                     int64
		method                 string
		unknownComp, unknownCo bool
	}{
		{"by component id", Case{ComponentID: "1101050118000001"}, 7, LinkComponentID, false, false},
		{"by class and code", Case{AssetClass: Lamps, AssetCode: "LD-2"}, 8, LinkAssetCode, false, false},
		{"component id wins over code", Case{ComponentID: "1101050118000001", AssetClass: Lamps, AssetCode: "LD-2"}, 7, LinkComponentID, false, false},
		{"unknown component falls back to code", Case{ComponentID: "1101050118999999", AssetClass: Lamps, AssetCode: "LD-2"}, 8, LinkAssetCode, true, false},
		{"unknown component alone", Case{ComponentID: "1101050118999999"}, 0, "", true, false},
		{"unknown code", Case{AssetClass: Lamps, AssetCode: "LD-9"}, 0, "", false, true},
		{"code of another class", Case{AssetClass: Class("trash-bins"), AssetCode: "LD-1"}, 0, "", false, true},
		{"nothing named", Case{}, 0, "", false, false},
		{"a person's link is kept", Case{AssetID: 8, Link: LinkNearest}, 8, LinkNearest, false, false},
		{"a manual link is kept", Case{AssetID: 7, Link: LinkManual}, 7, LinkManual, false, false},
		{"a link that followed from a code no longer there is dropped", Case{AssetID: 8, Link: LinkAssetCode}, 0, "", false, false},
		{"the columns override a person's link", Case{AssetID: 8, Link: LinkNearest, AssetClass: Lamps, AssetCode: "LD-1"}, 7, LinkAssetCode, false, false},
		{"an unknown code keeps a person's link", Case{AssetID: 8, Link: LinkNearest, AssetClass: Lamps, AssetCode: "LD-9"}, 8, LinkNearest, false, true},
		{"an unknown component keeps a person's link", Case{AssetID: 8, Link: LinkManual, ComponentID: "1101050118999999"}, 8, LinkManual, true, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := ResolveCaseLink(&tc.c, look)
			if r.AssetID != tc.id || r.Method != tc.method || r.UnknownComponent != tc.unknownComp || r.UnknownCode != tc.unknownCo {
				t.Fatalf("got %+v, want id %d method %q unknown component %v code %v", r, tc.id, tc.method, tc.unknownComp, tc.unknownCo)
			}
		})
	}
}

func TestClassesForCase(t *testing.T) {
	cat := BuiltinCatalogue()
	for _, tc := range []struct {
		code, name string
		want       []Class
	}{
		{"0118", "路灯", []Class{Lamps}},
		{"0120", "", []Class{Lamps}},                   // a type's code
		{"0103", "", []Class{Class("manhole-covers")}}, // one of the covers' codes
		{"", "景观灯", []Class{Lamps}},                    // a name alone: a type's code name
		{"", "垃圾箱", []Class{Class("trash-bins")}},      // a name alone: the class's name
		{"0999", "", nil},
		{"", "乱堆物料", nil},
	} {
		got := cat.ClassesForCase(tc.code, tc.name)
		if len(got) != len(tc.want) || (len(got) > 0 && got[0] != tc.want[0]) {
			t.Errorf("ClassesForCase(%q, %q) = %v, want %v", tc.code, tc.name, got, tc.want)
		}
	}
}

// offset moves p by metres east and north.
func offset(p orb.Point, east, north float64) orb.Point {
	rad := math.Pi / 180
	return orb.Point{p[0] + east/(earthRadius*rad*math.Cos(p[1]*rad)), p[1] + north/(earthRadius*rad)}
}

func pointSite(id int64, class Class, p orb.Point) AssetSite {
	return AssetSite{ID: id, Class: class, Code: "A" + string(rune('0'+id)), Bound: orb.Bound{Min: p, Max: p}}
}

func TestProposeCaseLink(t *testing.T) {
	cat := BuiltinCatalogue()
	at := orb.Point{116.4, 39.9}
	lampCase := func(p orb.Point) Case {
		return Case{ID: 1, No: "C1", Category: CategoryComponent, ClassCode: "0118", ClassName: "路灯", Location: &p}
	}
	cases := []struct {
		name      string
		sites     []AssetSite
		c         Case
		miss      CaseLinkMiss
		asset     int64
		ambiguous int
	}{
		{"nearest within 30 m", []AssetSite{pointSite(1, Lamps, offset(at, 25, 0)), pointSite(2, Lamps, offset(at, 10, 5))}, lampCase(at), "", 2, 0},
		{"none beyond 30 m", []AssetSite{pointSite(1, Lamps, offset(at, 30.5, 0)), pointSite(2, Lamps, offset(at, 0, -31))}, lampCase(at), MissNoneNear, 0, 0},
		{"exactly 29.9 m", []AssetSite{pointSite(1, Lamps, offset(at, 0, 29.9))}, lampCase(at), "", 1, 0},
		{"another class nearer is not proposed", []AssetSite{pointSite(1, Class("trash-bins"), offset(at, 1, 0)), pointSite(2, Lamps, offset(at, 20, 0))}, lampCase(at), "", 2, 0},
		{"only another class", []AssetSite{pointSite(1, Class("trash-bins"), offset(at, 1, 0))}, lampCase(at), MissNoneNear, 0, 0},
		{"ambiguous tie", []AssetSite{pointSite(1, Lamps, offset(at, 12, 0)), pointSite(2, Lamps, offset(at, -12, 0.2)), pointSite(3, Lamps, offset(at, 20, 0))}, lampCase(at), "", 1, 2},
		{"a near second is not a tie", []AssetSite{pointSite(1, Lamps, offset(at, 12, 0)), pointSite(2, Lamps, offset(at, -13, 0))}, lampCase(at), "", 1, 0},
		{"across a grid cell edge", []AssetSite{pointSite(1, Lamps, orb.Point{116.4005 + 1e-7, 39.9})}, lampCase(orb.Point{116.4005 - 1e-7, 39.9}), "", 1, 0},
		{"an event is not linked", []AssetSite{pointSite(1, Lamps, at)}, Case{Category: CategoryEvent, ClassCode: "0118", Location: &at}, MissNotComponent, 0, 0},
		{"no location", []AssetSite{pointSite(1, Lamps, at)}, Case{Category: CategoryComponent, ClassCode: "0118"}, MissNotComponent, 0, 0},
		{"already linked", []AssetSite{pointSite(1, Lamps, at)}, Case{Category: CategoryComponent, ClassCode: "0118", Location: &at, AssetID: 5}, MissNotComponent, 0, 0},
		{"a 小类 no class has", []AssetSite{pointSite(1, Lamps, at)}, Case{Category: CategoryComponent, ClassCode: "0203", Location: &at}, MissNoClass, 0, 0},
		{"inside an area", []AssetSite{triangleSite(9, at, 100)}, Case{Category: CategoryComponent, ClassCode: "0405", Location: ptr(offset(at, 10, 10))}, "", 9, 0},
		{"in an area's box, 50 m from its edge", []AssetSite{triangleSite(9, at, 100)}, Case{Category: CategoryComponent, ClassCode: "0405", Location: ptr(offset(at, 90, 80))}, MissNoneNear, 0, 0},
		{"in an area's box, 20 m from its edge", []AssetSite{triangleSite(9, at, 100)}, Case{Category: CategoryComponent, ClassCode: "0405", Location: ptr(offset(at, 64.15, 64.15))}, "", 9, 0},
		{"inside a line's box", []AssetSite{{ID: 9, Class: Class("guardrails"), Bound: orb.Bound{Min: offset(at, -500, -1), Max: offset(at, 500, 1)}}},
			Case{Category: CategoryComponent, ClassCode: "0211", Location: &at}, "", 9, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, miss := ProposeCaseLink(&tc.c, cat, NewSiteIndex(tc.sites))
			if miss != tc.miss {
				t.Fatalf("miss %q, want %q", miss, tc.miss)
			}
			if miss != "" {
				return
			}
			if p.Asset.ID != tc.asset || len(p.Candidates) != tc.ambiguous {
				t.Fatalf("proposed %d (candidates %v), want %d with %d candidates", p.Asset.ID, p.Candidates, tc.asset, tc.ambiguous)
			}
			if p.Distance > CaseLinkRadius {
				t.Fatalf("distance %.2f beyond the radius", p.Distance)
			}
		})
	}
}

func TestMetresTo(t *testing.T) {
	at := orb.Point{120, 30}
	for _, d := range []float64{0, 1, 10, 29.99, 100} {
		q := offset(at, d*0.6, d*0.8)
		got := metresTo(at, orb.Bound{Min: q, Max: q})
		if math.Abs(got-d) > 0.01 {
			t.Errorf("distance %.3f, want %.3f", got, d)
		}
	}
}

func ptr(p orb.Point) *orb.Point { return &p }

// triangleSite is a green area: the right triangle from corner at with legs of side
// metres east and north.
func triangleSite(id int64, at orb.Point, side float64) AssetSite {
	poly := orb.Polygon{orb.Ring{at, offset(at, side, 0), offset(at, 0, side), at}}
	return AssetSite{ID: id, Class: Class("green-areas"), Code: "GA", Bound: poly.Bound(), Geometry: poly}
}
