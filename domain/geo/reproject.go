package geo

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/twpayne/go-proj/v11"
)

// WGS84 is the CRS every Reprojector transforms to.
const WGS84 = "EPSG:4326"

// A Reprojector transforms geometries from a source CRS to WGS84
// longitude/latitude.
//
// Input coordinates are always (easting, northing) or (longitude, latitude),
// whatever axis order the source CRS declares: that is how Shapefiles,
// GeoJSON and WKT store them, while EPSG defines e.g. CGCS2000 Gauss–Krüger
// (EPSG:4513–4554) and EPSG:4326 itself northing/latitude first.
//
// A Reprojector is safe for concurrent use, but PROJ objects are not
// thread-safe, so calls on one Reprojector run one at a time: give each
// goroutine its own Reprojector to transform in parallel.
type Reprojector struct {
	src string
	pj  *proj.PJ // nil when the source is WGS84 already
}

// CRSError reports a source CRS that PROJ does not know or cannot transform
// to WGS84.
type CRSError struct {
	CRS string // as given to NewReprojector
	Err error
}

func (e *CRSError) Error() string {
	return fmt.Sprintf(`geo: unknown or unusable CRS "%s": %v`, abbreviate(e.CRS), e.Err)
}

func (e *CRSError) Unwrap() error { return e.Err }

// NewReprojector returns a Reprojector from src to WGS84. src is "EPSG:NNNN"
// (or just the number), a WKT text such as a Shapefile's .prj, or a PROJ
// string. "" and EPSG:4326 give a Reprojector that only copies.
func NewReprojector(src string) (*Reprojector, error) {
	def := strings.TrimSpace(strings.TrimPrefix(src, "\uFEFF"))
	if code, err := ParseEPSG(def); err == nil {
		def = "EPSG:" + strconv.Itoa(code)
	}
	if def == "" || def == WGS84 || strings.EqualFold(def, "OGC:CRS84") {
		return &Reprojector{src: src}, nil
	}
	if strings.HasPrefix(def, "+") && !strings.Contains(def, "+type=crs") {
		// Without it PROJ reads a PROJ string as an operation, not a CRS.
		def += " +type=crs"
	}
	// An own context, so that Reprojectors do not wait on each other's lock.
	ctx := proj.NewContext()
	if paths := projSearchPaths(); paths != nil {
		ctx.SetSearchPaths(paths)
	}
	// Created on its own first: PROJ's errors for a bad CRS are vague
	// ("Unknown error (code 4096)" for an unknown EPSG code).
	crs, err := ctx.New(def)
	if err != nil {
		return nil, &CRSError{CRS: src, Err: fmt.Errorf("not a CRS that PROJ knows (%w)", err)}
	}
	if !crs.IsCRS() {
		return nil, &CRSError{CRS: src, Err: errors.New("not a coordinate reference system")}
	}
	wgs84, err := ctx.New(WGS84)
	if err != nil {
		return nil, &CRSError{CRS: WGS84, Err: fmt.Errorf("PROJ's database is missing? (%w)", err)}
	}
	pj, err := ctx.NewCRSToCRSFromPJ(crs, wgs84, nil, "")
	if err == nil {
		pj, err = pj.NormalizeForVisualization()
	}
	if err != nil {
		return nil, &CRSError{CRS: src, Err: fmt.Errorf("no transformation to WGS84 (%w)", err)}
	}
	return &Reprojector{src: src, pj: pj}, nil
}

// Apply returns a copy of g in WGS84 longitude/latitude. All of g's
// coordinates go to PROJ in one call. A Bound becomes the Bound of its
// transformed corners. A coordinate PROJ cannot transform (outside the
// projection's domain) is an error naming it.
func (r *Reprojector) Apply(g orb.Geometry) (orb.Geometry, error) {
	if g == nil {
		return nil, nil
	}
	pts, err := appendPoints(nil, g)
	if err != nil {
		return nil, err
	}
	if r.pj != nil && len(pts) > 0 {
		n := len(pts)
		// On failure PROJ may still have set the bad points to HUGE_VAL; the
		// scan below names the first one, so its error is only a fallback.
		terr := r.pj.TransGeneric(proj.DirectionFwd,
			&pts[0][0], 16, n, &pts[0][1], 16, n, nil, 0, 0, nil, 0, 0)
		for i, p := range pts {
			if !finite(p[0]) || !finite(p[1]) {
				orig, _ := appendPoints(nil, g)
				return nil, fmt.Errorf("geo: point %d (%v, %v) cannot be transformed from \"%s\" to WGS84",
					i+1, orig[i][0], orig[i][1], abbreviate(r.src))
			}
		}
		if terr != nil {
			return nil, fmt.Errorf(`geo: transforming from "%s" to WGS84: %w`, abbreviate(r.src), terr)
		}
	}
	out, _ := rebuild(g, pts)
	return out, nil
}

// ParseEPSG returns the code of "EPSG:2056", "epsg:2056" or "2056".
func ParseEPSG(s string) (int, error) {
	t := strings.TrimSpace(s)
	if len(t) > 5 && strings.EqualFold(t[:5], "EPSG:") {
		t = strings.TrimSpace(t[5:])
	}
	if t == "" || len(t) > 6 || strings.TrimLeft(t, "0123456789") != "" {
		return 0, fmt.Errorf("geo: %q is not an EPSG code (EPSG:NNNN)", abbreviate(s))
	}
	code, err := strconv.Atoi(t)
	if err != nil || code == 0 {
		return 0, fmt.Errorf("geo: %q is not an EPSG code (EPSG:NNNN)", abbreviate(s))
	}
	return code, nil
}

var errUnknownGeometry = errors.New("geo: unsupported geometry type")

// appendPoints flattens g's coordinates in the order rebuild consumes them.
func appendPoints(dst []orb.Point, g orb.Geometry) ([]orb.Point, error) {
	switch g := g.(type) {
	case nil:
	case orb.Point:
		dst = append(dst, g)
	case orb.MultiPoint:
		dst = append(dst, g...)
	case orb.LineString:
		dst = append(dst, g...)
	case orb.Ring:
		dst = append(dst, g...)
	case orb.MultiLineString:
		for _, l := range g {
			dst = append(dst, l...)
		}
	case orb.Polygon:
		for _, r := range g {
			dst = append(dst, r...)
		}
	case orb.MultiPolygon:
		for _, p := range g {
			for _, r := range p {
				dst = append(dst, r...)
			}
		}
	case orb.Bound:
		dst = append(dst, g.Min, orb.Point{g.Max[0], g.Min[1]}, g.Max, orb.Point{g.Min[0], g.Max[1]})
	case orb.Collection:
		for _, c := range g {
			var err error
			if dst, err = appendPoints(dst, c); err != nil {
				return nil, err
			}
		}
	default:
		return nil, fmt.Errorf("%w %T", errUnknownGeometry, g)
	}
	return dst, nil
}

// rebuild gives g's shape to the transformed points. The result's slices share
// pts (capped, so appending to one cannot overwrite the next): one allocation
// for all coordinates.
func rebuild(g orb.Geometry, pts []orb.Point) (orb.Geometry, []orb.Point) {
	take := func(orig []orb.Point) []orb.Point {
		if len(orig) == 0 {
			return orig[:0:0] // keeps nil and empty apart
		}
		s := pts[:len(orig):len(orig)]
		pts = pts[len(orig):]
		return s
	}
	switch g := g.(type) {
	case orb.Point:
		p := pts[0]
		return p, pts[1:]
	case orb.MultiPoint:
		return orb.MultiPoint(take(g)), pts
	case orb.LineString:
		return orb.LineString(take(g)), pts
	case orb.Ring:
		return orb.Ring(take(g)), pts
	case orb.MultiLineString:
		if g == nil {
			return g, pts
		}
		out := make(orb.MultiLineString, len(g))
		for i, l := range g {
			out[i] = take(l)
		}
		return out, pts
	case orb.Polygon:
		if g == nil {
			return g, pts
		}
		out := make(orb.Polygon, len(g))
		for i, r := range g {
			out[i] = take(r)
		}
		return out, pts
	case orb.MultiPolygon:
		if g == nil {
			return g, pts
		}
		out := make(orb.MultiPolygon, len(g))
		for i, p := range g {
			if p != nil {
				out[i] = make(orb.Polygon, len(p))
			}
			for j, r := range p {
				out[i][j] = take(r)
			}
		}
		return out, pts
	case orb.Bound:
		return orb.MultiPoint(pts[:4]).Bound(), pts[4:]
	case orb.Collection:
		if g == nil {
			return g, pts
		}
		out := make(orb.Collection, len(g))
		for i, c := range g {
			out[i], pts = rebuild(c, pts)
		}
		return out, pts
	}
	return g, pts // nil: appendPoints rejected every other type
}

func finite(f float64) bool { return !math.IsInf(f, 0) && !math.IsNaN(f) }

// abbreviate keeps messages about a whole .prj text readable.
func abbreviate(s string) string {
	const max = 80
	if r := []rune(s); len(r) > max {
		return string(r[:max]) + "…"
	}
	return s
}
