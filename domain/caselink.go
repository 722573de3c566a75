package domain

import (
	"context"
	"math"
	"sort"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/paulmach/orb/project"
)

// How a case came to name its asset (Case.Link). The first two follow from the case's
// own columns and are worked out again whenever the case is imported or saved; the
// last two are a person's decision and are kept until the case's columns name an asset.
const (
	LinkComponentID = "component_id" // its 部件标识码 is an asset's
	LinkAssetCode   = "asset_code"   // its asset class and code are an asset's
	LinkNearest     = "nearest"      // the nearest asset of its class, confirmed by a person
	LinkManual      = "manual"       // chosen by a person on the case's form
)

// CaseLinkRadius is how far (metres) from a case's location an asset may stand to be
// proposed as the one the case concerns.
const CaseLinkRadius = 30.0

// CaseLinkTie is the distance (metres) below which two assets are equally near: a
// location reported by a phone is not better than that, so the case's asset is left
// for a person to choose among them.
const CaseLinkTie = 0.5

// PersonLink reports whether the link is a person's decision rather than one that
// follows from the case's columns.
func PersonLink(method string) bool { return method == LinkNearest || method == LinkManual }

// AssetLookup finds assets by what a case may name them by.
type AssetLookup interface {
	// ByComponentID is the asset holding that 部件标识码.
	ByComponentID(id string) (int64, bool)
	// ByCode is the asset of that class and code.
	ByCode(class Class, code string) (int64, bool)
}

// CaseLinkResult is what a case's own columns say about its asset.
type CaseLinkResult struct {
	AssetID int64
	Method  string // LinkComponentID, LinkAssetCode or "" when they name none
	// UnknownComponent and UnknownCode: the case names an asset the register does not
	// hold (a component the bureau has not registered, a typing error).
	UnknownComponent bool
	UnknownCode      bool
}

// ResolveCaseLink links a case by its 部件标识码 first (the platform's own key of the
// component), then by its asset class and code. When neither names an asset the
// register holds, the case keeps a link a person made (stored in c.AssetID with
// c.Link): a person's decision gives way only to columns that name an asset. The
// caller checks that the person's asset still exists.
func ResolveCaseLink(c *Case, find AssetLookup) CaseLinkResult {
	var r CaseLinkResult
	if c.ComponentID != "" {
		if id, ok := find.ByComponentID(c.ComponentID); ok {
			return CaseLinkResult{AssetID: id, Method: LinkComponentID}
		}
		r.UnknownComponent = true
	}
	if c.AssetCode != "" && c.AssetClass != "" {
		if id, ok := find.ByCode(c.AssetClass, c.AssetCode); ok {
			return CaseLinkResult{AssetID: id, Method: LinkAssetCode, UnknownComponent: r.UnknownComponent}
		}
		r.UnknownCode = true
	}
	if PersonLink(c.Link) && c.AssetID != 0 {
		r.AssetID, r.Method = c.AssetID, c.Link
	}
	return r
}

// Apply sets the case's asset and link method from the result.
func (r CaseLinkResult) Apply(c *Case) {
	c.AssetID, c.Link = r.AssetID, r.Method
}

// ClassesForCase lists the asset classes a 部件 case of that 小类 may concern: those
// whose national codes (the class's or one of its types') include the case's code, or,
// for a case without a code, whose code names or class name equal its class name.
func (c *Catalogue) ClassesForCase(code, name string) []Class {
	var out []Class
	for _, d := range c.Classes() {
		match := false
		for _, nc := range d.AllCodes() {
			if (code != "" && nc.Code == code) || (code == "" && name != "" && nc.Name == name) {
				match = true
				break
			}
		}
		if !match && code == "" && name != "" && d.Name.ZH == name {
			match = true
		}
		if match {
			out = append(out, d.Key)
		}
	}
	return out
}

// AssetSite is where an asset stands, for the nearest-asset proposal: a point's Bound
// has Min equal to Max; a line or an area has its Geometry too (a point inside an area
// is 0 m from it), or, without one, is taken by its bounding box.
type AssetSite struct {
	ID       int64
	Class    Class
	Code     string
	Bound    orb.Bound
	Geometry orb.Geometry
}

// SiteIndex finds the assets of a class near a point: a grid of cells about 50 m
// across per class, so a look-up reads the few cells around the point whatever the
// size of the register.
type SiteIndex struct {
	sites []AssetSite
	cells map[siteCell][]int32
	// large are the sites spanning too many cells to file (a road's box): few, read
	// at every look-up.
	large map[Class][]int32
	// classes memoises Catalogue.ClassesForCase by 小类 (a year has a few hundred).
	classes map[[2]string][]Class
}

type siteCell struct {
	class Class
	x, y  int32
}

// siteCellDeg is the grid's cell size in degrees (about 55 m north–south).
const siteCellDeg = 0.0005

const maxSiteCells = 64

// NewSiteIndex indexes sites.
func NewSiteIndex(sites []AssetSite) *SiteIndex {
	ix := &SiteIndex{sites: sites, cells: make(map[siteCell][]int32, len(sites)), large: map[Class][]int32{},
		classes: map[[2]string][]Class{}}
	for i, s := range sites {
		x0, y0 := cellOf(s.Bound.Min)
		x1, y1 := cellOf(s.Bound.Max)
		if int64(x1-x0+1)*int64(y1-y0+1) > maxSiteCells {
			ix.large[s.Class] = append(ix.large[s.Class], int32(i))
			continue
		}
		for x := x0; x <= x1; x++ {
			for y := y0; y <= y1; y++ {
				k := siteCell{s.Class, x, y}
				ix.cells[k] = append(ix.cells[k], int32(i))
			}
		}
	}
	return ix
}

// Len is the number of sites indexed.
func (ix *SiteIndex) Len() int { return len(ix.sites) }

func cellOf(p orb.Point) (int32, int32) {
	return int32(math.Floor(p[0] / siteCellDeg)), int32(math.Floor(p[1] / siteCellDeg))
}

const earthRadius = 6371008.8 // mean radius, metres

// metresTo is the distance from p to the nearest point of b, on a local flat
// approximation of the sphere (exact to centimetres at tens of metres).
func metresTo(p orb.Point, b orb.Bound) float64 {
	q := orb.Point{math.Max(b.Min[0], math.Min(p[0], b.Max[0])), math.Max(b.Min[1], math.Min(p[1], b.Max[1]))}
	rad := math.Pi / 180
	dx := (q[0] - p[0]) * rad * earthRadius * math.Cos(p[1]*rad)
	dy := (q[1] - p[1]) * rad * earthRadius
	return math.Hypot(dx, dy)
}

// metresToSite is the distance from p to the site: to its geometry when it is a line
// or an area within radius of p's box, else to its bounding box.
func metresToSite(p orb.Point, s *AssetSite, radius float64) float64 {
	d := metresTo(p, s.Bound)
	if d > radius || s.Geometry == nil {
		return d
	}
	switch s.Geometry.(type) {
	case orb.Point, orb.MultiPoint:
		return d
	}
	rad := math.Pi / 180
	kx, ky := rad*earthRadius*math.Cos(p[1]*rad), rad*earthRadius
	local := project.Geometry(orb.Clone(s.Geometry), func(q orb.Point) orb.Point {
		return orb.Point{(q[0] - p[0]) * kx, (q[1] - p[1]) * ky}
	})
	origin := orb.Point{}
	switch g := local.(type) {
	case orb.Polygon:
		if planar.PolygonContains(g, origin) {
			return 0
		}
	case orb.MultiPolygon:
		if planar.MultiPolygonContains(g, origin) {
			return 0
		}
	}
	return planar.DistanceFrom(local, origin)
}

// SiteMatch is an asset near a point.
type SiteMatch struct {
	Site     AssetSite
	Distance float64 // metres
}

// Near lists the sites of the classes within radius metres of p, nearest first (ties
// by asset ID).
func (ix *SiteIndex) Near(classes []Class, p orb.Point, radius float64) []SiteMatch {
	rad := math.Pi / 180
	dLat := radius / (earthRadius * rad)
	cos := math.Cos(p[1] * rad)
	if cos < 1e-6 {
		cos = 1e-6
	}
	dLon := dLat / cos
	x0, y0 := cellOf(orb.Point{p[0] - dLon, p[1] - dLat})
	x1, y1 := cellOf(orb.Point{p[0] + dLon, p[1] + dLat})
	var out []SiteMatch
	var seen []int32 // a line or an area is filed in several cells
	consider := func(i int32) {
		for _, j := range seen {
			if j == i {
				return
			}
		}
		seen = append(seen, i)
		if d := metresToSite(p, &ix.sites[i], radius); d <= radius {
			out = append(out, SiteMatch{Site: ix.sites[i], Distance: d})
		}
	}
	for _, cl := range classes {
		for x := x0; x <= x1; x++ {
			for y := y0; y <= y1; y++ {
				for _, i := range ix.cells[siteCell{cl, x, y}] {
					consider(i)
				}
			}
		}
		for _, i := range ix.large[cl] {
			consider(i)
		}
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].Distance != out[b].Distance {
			return out[a].Distance < out[b].Distance
		}
		return out[a].Site.ID < out[b].Site.ID
	})
	return out
}

// CaseLinkProposal proposes the asset a case concerns: the nearest of its class within
// CaseLinkRadius. Candidates holds every asset as near as the nearest (within
// CaseLinkTie) when there are several; the proposal is then ambiguous and a person
// chooses among them.
type CaseLinkProposal struct {
	CaseID     int64
	CaseNo     string
	CaseVer    int64
	ClassName  string
	Address    string
	Asset      AssetSite
	Distance   float64
	Candidates []SiteMatch
}

// Ambiguous reports whether several assets are equally near.
func (p *CaseLinkProposal) Ambiguous() bool { return len(p.Candidates) > 1 }

// CaseLinkMiss says why a case got no proposal.
type CaseLinkMiss string

const (
	MissNotComponent CaseLinkMiss = "not_component" // an event, or already linked, or no location
	MissNoClass      CaseLinkMiss = "no_class"      // its 小类 matches no asset class
	MissNoneNear     CaseLinkMiss = "none_near"     // no asset of its class within the radius
)

// ProposeCaseLink proposes the asset an unlinked 部件 case with a location concerns. The
// index memoises the catalogue's answers: one goroutine at a time.
func ProposeCaseLink(c *Case, cat *Catalogue, ix *SiteIndex) (CaseLinkProposal, CaseLinkMiss) {
	if c.Category != CategoryComponent || c.AssetID != 0 || c.Location == nil {
		return CaseLinkProposal{}, MissNotComponent
	}
	key := [2]string{c.ClassCode, c.ClassName}
	classes, ok := ix.classes[key]
	if !ok {
		classes = cat.ClassesForCase(c.ClassCode, c.ClassName)
		ix.classes[key] = classes
	}
	if len(classes) == 0 {
		return CaseLinkProposal{}, MissNoClass
	}
	near := ix.Near(classes, *c.Location, CaseLinkRadius)
	if len(near) == 0 {
		return CaseLinkProposal{}, MissNoneNear
	}
	p := CaseLinkProposal{CaseID: c.ID, CaseNo: c.No, CaseVer: c.Version, ClassName: c.ClassName, Address: c.Address,
		Asset: near[0].Site, Distance: near[0].Distance}
	n := 1
	for n < len(near) && near[n].Distance-near[0].Distance < CaseLinkTie {
		n++
	}
	if n > 1 {
		p.Candidates = near[:n]
	}
	return p, ""
}

// CaseLink is a person's confirmation that a case concerns an asset.
type CaseLink struct {
	CaseID  int64
	Version int64 // the case's version the proposal was made from
	AssetID int64
	Method  string // LinkNearest or LinkManual
}

// CaseLinker proposes and stores the links of cases to assets.
type CaseLinker interface {
	// ProposeCaseLinks proposes, for the year's unlinked 部件 cases with a location and
	// without a component ID or asset code, the nearest asset of their class within
	// CaseLinkRadius. progress, when not nil, is called with cases done and the total.
	ProposeCaseLinks(ctx context.Context, year int, progress func(done, total int)) ([]CaseLinkProposal, error)
	// LinkCases stores the links in one transaction, each audited; a case changed since
	// its proposal is a conflict and nothing is written.
	LinkCases(ctx context.Context, links []CaseLink) (int, error)
}
