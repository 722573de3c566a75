package gen

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/paulmach/orb"

	"cityledger/domain"
)

// caseUnits are the responsible units of generated cases.
var caseUnits = []string{"城管局", "环卫所", "园林所", "交通运输局", "供电公司", "东城街道", "西城街道", "南城街道", "北城街道", "新区管委会"}

// CaseGenerator makes plausible cases of one year, reproducibly from its seed: the
// national 小类 weighted towards the frequent ones, deadlines of hours to days, most
// resolved and most of those on time, a few cancelled, some 路灯 cases on the
// generated lamps.
type CaseGenerator struct {
	Year  int
	Lamps int // lamps GL-0000001… exist: 路灯 cases name one of them
	rng   *rand.Rand
	comps []domain.CaseClass
	evts  []domain.CaseClass
	n     int
}

// NewCaseGenerator starts a generator for year.
func NewCaseGenerator(seed int64, year, lamps int) *CaseGenerator {
	g := &CaseGenerator{Year: year, Lamps: lamps, rng: rand.New(rand.NewPCG(uint64(seed), 0x5eed_ca5e))}
	for _, c := range domain.CaseClasses(domain.CategoryComponent) {
		if c.List == "2013" {
			g.comps = append(g.comps, c)
		}
	}
	g.evts = domain.CaseClasses(domain.CategoryEvent)
	return g
}

// pick draws an index of n skewed towards the start (about half of all draws fall in
// the first fifth), the way a few 小类 make most of a platform's cases.
func (g *CaseGenerator) pick(n int) int {
	x := g.rng.Float64()
	return min(n-1, int(float64(n)*x*x*x))
}

// Next returns the next case.
func (g *CaseGenerator) Next() domain.Case {
	g.n++
	r := g.rng
	start := time.Date(g.Year, 1, 1, 0, 0, 0, 0, time.UTC)
	days := time.Date(g.Year+1, 1, 1, 0, 0, 0, 0, time.UTC).Sub(start).Hours() / 24
	rep := start.Add(time.Duration(r.IntN(int(days)))*24*time.Hour + time.Duration(6*3600+r.IntN(16*3600))*time.Second)
	c := domain.Case{No: fmt.Sprintf("SC%d%08d", g.Year, g.n), ReportedAt: rep, Unit: caseUnits[g.pick(len(caseUnits))]}
	switch x := r.IntN(100); {
	case x < 85:
		c.Source = domain.SourceCityPlatform
	case x < 93:
		c.Source = domain.SourceHotline
	case x < 98:
		c.Source = domain.SourcePatrol
	default:
		c.Source = domain.SourceOther
	}
	var cl domain.CaseClass
	if r.IntN(4) == 0 {
		c.Category, cl = domain.CategoryComponent, g.comps[g.pick(len(g.comps))]
	} else {
		c.Category, cl = domain.CategoryEvent, g.evts[g.pick(len(g.evts))]
	}
	c.ClassCode, c.ClassName = cl.Code, cl.Name
	lon, lat := originLon+r.Float64()*0.2, originLat+r.Float64()*0.2
	if cl.Code == "0118" && c.Category == domain.CategoryComponent && g.Lamps > 0 {
		c.AssetClass, c.AssetCode = domain.Lamps, fmt.Sprintf("GL-%07d", r.IntN(g.Lamps)+1)
	}
	c.Location = &orb.Point{lon, lat}
	c.Address = streets[r.IntN(len(streets))] + strconv.Itoa(1+r.IntN(300)) + "号"
	c.DispatchedAt = rep.Add(time.Duration(60+r.IntN(3600)) * time.Second)
	limit := time.Duration([]int{2, 4, 24, 48, 72}[r.IntN(5)]) * time.Hour
	c.Deadline = c.DispatchedAt.Add(limit)
	if r.IntN(100) < 97 {
		took := time.Duration(float64(limit) * (0.1 + r.Float64()*0.85))
		if r.IntN(100) < 30 {
			took = limit + time.Duration(r.IntN(5*24*3600))*time.Second
		}
		c.ResolvedAt = c.DispatchedAt.Add(took)
		if r.IntN(100) < 95 {
			c.ClosedAt = c.ResolvedAt.Add(time.Duration(600+r.IntN(24*3600)) * time.Second)
		}
		if c.Source == domain.SourceHotline {
			c.RepliedAt = c.ResolvedAt.Add(time.Duration(r.IntN(4*3600)) * time.Second)
		}
	}
	c.Status = c.DerivedStatus()
	if r.IntN(200) == 0 {
		c.Status = domain.CaseCancelled
	}
	return c
}

// caseChunk is how many generated cases go into one transaction.
const caseChunk = 100_000

// genCases writes n cases of the year in chunks, one transaction each.
func genCases(o Options, load loadFunc, progress func(int)) error {
	g := NewCaseGenerator(o.Seed, o.Year, o.Lamps)
	for done := 0; done < o.Cases; done += caseChunk {
		k := min(caseChunk, o.Cases-done)
		b := &domain.Batch{Fresh: true, Source: "gen", Cases: make([]domain.Case, k)}
		for i := range b.Cases {
			b.Cases[i] = g.Next()
		}
		res, err := load(b)
		if err != nil {
			return err
		}
		progress(res.Added)
	}
	return nil
}

// WriteCasesCSV writes n generated cases of year as the city platform would export
// them (the cases kind's columns, English keys), for import benchmarks.
func WriteCasesCSV(w io.Writer, n int, seed int64, year int) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	cw := csv.NewWriter(bw)
	if err := cw.Write(domain.CaseFields); err != nil {
		return err
	}
	g := NewCaseGenerator(seed, year, 0)
	row := make([]string, len(domain.CaseFields))
	for i := 0; i < n; i++ {
		c := g.Next()
		for j, f := range domain.CaseFields {
			switch f {
			case "case_no":
				row[j] = c.No
			case "source":
				row[j] = c.Source
			case "category":
				row[j] = c.Category
			case "class_code":
				row[j] = c.ClassCode
			case "class_name":
				row[j] = c.ClassName
			case "address":
				row[j] = c.Address
			case "lon":
				row[j] = strconv.FormatFloat(c.Location[0], 'f', 6, 64)
			case "lat":
				row[j] = strconv.FormatFloat(c.Location[1], 'f', 6, 64)
			case "asset_class":
				row[j] = string(c.AssetClass)
			case "asset_code":
				row[j] = c.AssetCode
			case "unit":
				row[j] = c.Unit
			case "status":
				row[j] = c.Status
			default:
				row[j] = domain.FormatCaseTime(c.Time(f))
			}
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}
