package demo

import (
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"

	"cityledger/domain"
)

// BenchmarkProposeCaseLinks proposes the nearest asset for 100,000 component cases
// spread over the demo district, against the demo's assets (one op = 100,000 cases):
//
//	go test ./domain/demo -run - -bench ProposeCaseLinks -benchmem
func BenchmarkProposeCaseLinks(b *testing.B) {
	batch, err := Batch()
	if err != nil {
		b.Fatal(err)
	}
	var sites []domain.AssetSite
	var bound orb.Bound
	for _, a := range batch.Assets {
		if a.Geometry == nil {
			continue
		}
		s := domain.AssetSite{ID: int64(len(sites) + 1), Class: a.Class, Code: a.Code, Bound: a.Geometry.Bound()}
		if _, point := a.Geometry.(orb.Point); !point {
			s.Geometry = a.Geometry
		}
		if len(sites) == 0 {
			bound = s.Bound
		}
		bound = bound.Union(s.Bound)
		sites = append(sites, s)
	}
	cat := domain.BuiltinCatalogue()
	codes := []string{"0118", "0120", "0305", "0103", "0104", "0402", "0405", "0301", "0209"}
	rng := rand.New(rand.NewPCG(1, 2))
	cases := make([]domain.Case, 100_000)
	for i := range cases {
		p := orb.Point{bound.Min[0] + rng.Float64()*(bound.Max[0]-bound.Min[0]), bound.Min[1] + rng.Float64()*(bound.Max[1]-bound.Min[1])}
		if i%3 == 0 && len(sites) > 0 { // a third reported beside an asset
			s := sites[rng.IntN(len(sites))]
			p = orb.Point{s.Bound.Min[0] + (rng.Float64()-0.5)*0.0004, s.Bound.Min[1] + (rng.Float64()-0.5)*0.0004}
		}
		cases[i] = domain.Case{ID: int64(i + 1), Category: domain.CategoryComponent, ClassCode: codes[i%len(codes)], Location: &p}
	}
	b.ResetTimer()
	proposed := 0
	for n := 0; n < b.N; n++ {
		ix := domain.NewSiteIndex(sites)
		proposed = 0
		for i := range cases {
			if _, miss := domain.ProposeCaseLink(&cases[i], cat, ix); miss == "" {
				proposed++
			}
		}
	}
	b.ReportMetric(float64(proposed), "proposals")
	b.ReportMetric(float64(len(sites)), "sites")
}
