// Package gen makes synthetic registers at scale — lamps, pipes and a year of
// maintenance records — for benchmarks and load tests. The data is plausible, not
// real: a grid city with its own units and projects, reproducible from the seed.
package gen

import (
	"context"
	"fmt"
	"math"
	"math/rand"
	"strconv"
	"time"

	"github.com/paulmach/orb"

	"cityledger/domain"
)

// Options size the generated data.
type Options struct {
	Lamps, Pipes, Records int
	// Cases are the year's 数字城管 and 12345 cases (see cases.go).
	Cases int
	Seed  int64
	Year  int
	// Progress, when set, is told how many rows of the total are written.
	Progress func(done, total int)
}

// Result counts what was written and how long it took.
type Result struct {
	Rows     int
	Duration time.Duration
}

// The synthetic city sits on a grid of streets around this origin.
const (
	originLon = 101.55
	originLat = 26.55
	blockDeg  = 0.002 // about 200 m
)

var streets = []string{"新华路", "人民路", "建设路", "解放路", "中山路", "胜利路", "和平路", "团结路", "光明路", "文化路", "学府路", "滨江路"}

// Run generates into an empty store, all or nothing: in one transaction of a store
// that offers ImportAll, so a gen killed midway leaves the database empty.
func Run(ctx context.Context, s domain.Store, o Options) (Result, error) {
	start := time.Now()
	if o.Year == 0 {
		o.Year = time.Now().Year()
	}
	var fe []domain.FieldError
	for field, n := range map[string]int{"lamps": o.Lamps, "pipes": o.Pipes, "records": o.Records, "cases": o.Cases} {
		if n < 0 {
			fe = append(fe, domain.FieldError{Field: field, Value: strconv.Itoa(n), Rule: "negative"})
		}
	}
	if o.Year < 1900 || o.Year > 2200 {
		fe = append(fe, domain.FieldError{Field: "year", Value: strconv.Itoa(o.Year), Rule: "year"})
	}
	if err := domain.Invalid(fe...); err != nil {
		return Result{}, err
	}
	if empty, err := s.Empty(ctx); err != nil {
		return Result{}, err
	} else if !empty {
		return Result{}, domain.Errorf(domain.KindInvalid, "err.gen_not_empty", nil)
	}
	rng := rand.New(rand.NewSource(o.Seed))
	total := 3 + o.Lamps + o.Pipes + 40 + 20 + o.Records + o.Cases
	done := 0
	progress := func(n int) {
		done += n
		if o.Progress != nil {
			o.Progress(done, total)
		}
	}
	units := []domain.Unit{
		{Name: "合成市城市管理局", ShortName: "城管局", IndependentAccounting: true},
		{Name: "合成市环境卫生管理所", ShortName: "环卫所", Parent: "城管局", IndependentAccounting: true},
		{Name: "合成市园林绿化管理所", ShortName: "园林所", Parent: "城管局"},
	}
	b := &domain.Batch{Units: units, Fresh: true, Source: "gen"}
	side := int(math.Ceil(math.Sqrt(float64(o.Lamps)/40))) + 1
	for i := 0; i < o.Lamps; i++ {
		// 40 lamps per block edge along alternating east–west and north–south streets.
		blk := i / 40
		along := float64(i%40) / 40
		row, col := blk/side, blk%side
		lon, lat := originLon+float64(col)*blockDeg, originLat+float64(row)*blockDeg
		if blk%2 == 0 {
			lon += along * blockDeg
		} else {
			lat += along * blockDeg
		}
		kind := "通电路灯"
		if rng.Intn(10) == 0 {
			kind = "太阳能路灯"
		}
		b.Assets = append(b.Assets, domain.Asset{Class: domain.Lamps, Code: fmt.Sprintf("GL-%07d", i+1), Unit: "城管局",
			Kind: kind, Road: streets[(row+col)%len(streets)] + strconv.Itoa(row%50+1) + "段", PowerW: float64(60 + 30*rng.Intn(5)),
			PoleHeightM: float64(6 + rng.Intn(7)), StartDate: randDate(rng, 1995, o.Year), OriginalValue: domain.Fen(300000 + rng.Intn(500000)),
			Geometry: orb.Point{lon, lat}})
	}
	kinds := []string{"污水", "雨水", "合流"}
	materials := []string{"HDPE", "钢筋混凝土", "PVC-U", "球墨铸铁"}
	for i := 0; i < o.Pipes; i++ {
		lon := originLon + rng.Float64()*float64(side)*blockDeg
		lat := originLat + rng.Float64()*float64(side)*blockDeg
		n := 2 + rng.Intn(3)
		line := orb.LineString{{lon, lat}}
		for k := 1; k < n; k++ {
			lon += (rng.Float64() - 0.5) * blockDeg
			lat += (rng.Float64() - 0.5) * blockDeg
			line = append(line, orb.Point{lon, lat})
		}
		b.Assets = append(b.Assets, domain.Asset{Class: domain.SewerPipes, Code: fmt.Sprintf("GP-%06d", i+1), Unit: "城管局",
			Kind: kinds[rng.Intn(len(kinds))], Material: materials[rng.Intn(len(materials))], DiameterMM: 200 + 100*rng.Intn(8),
			StartDate: randDate(rng, 1980, o.Year), Geometry: line})
	}
	for i := 0; i < 40; i++ {
		use := []string{domain.UseLaw, domain.UseSpecial, domain.UseOther}[i%3]
		b.Assets = append(b.Assets, domain.Asset{Class: domain.Vehicles, Code: fmt.Sprintf("GV-%03d", i+1), Unit: []string{"城管局", "环卫所"}[i%2],
			Kind: use, BodyType: []string{"货车", "专用车", "皮卡车"}[i%3], Plate: fmt.Sprintf("合A·%05d", 10000+i),
			StartDate: randDate(rng, 2010, o.Year), OriginalValue: domain.Fen(10000000 + rng.Intn(20000000))})
	}
	projectCodes := make([]string, 20)
	for i := range projectCodes {
		projectCodes[i] = fmt.Sprintf("G%d-%03d", o.Year, i+1)
		budget := domain.Fen(int64(o.Records/20+1) * 100000 * int64(5+rng.Intn(10)) / 10)
		b.Projects = append(b.Projects, domain.Project{Code: projectCodes[i], Year: o.Year, Name: fmt.Sprintf("合成养护项目%d", i+1),
			Unit: "城管局", FunctionCode: "2120199", Budget: budget, FiscalBudget: budget, Disclosed: i < 5,
			Goal: "保障设施完好", Result: "已完成", Summary: "通过项目实施，保障了设施正常运行。"})
	}
	err := importAll(ctx, s, func(load loadFunc) error {
		res, err := load(b)
		if err != nil {
			return err
		}
		progress(res.Added)
		if err := genRecords(o, rng, projectCodes, load, progress); err != nil {
			return err
		}
		return genCases(o, load, progress)
	})
	if err != nil {
		return Result{}, err
	}
	return Result{Rows: done, Duration: time.Since(start)}, nil
}

type loadFunc = func(*domain.Batch) (domain.ImportSummary, error)

// importAll runs fn in one transaction of the store when it offers one (the SQL
// store does: a killed gen leaves nothing), else batch by batch.
func importAll(ctx context.Context, s domain.Store, fn func(load loadFunc) error) error {
	if a, ok := s.(interface {
		ImportAll(context.Context, func(load loadFunc) error) error
	}); ok {
		return a.ImportAll(ctx, fn)
	}
	return fn(func(b *domain.Batch) (domain.ImportSummary, error) { return s.Import(ctx, b) })
}

// genRecords loads the year's records in batches of 200,000, so that memory stays
// bounded at a million records.
func genRecords(o Options, rng *rand.Rand, projectCodes []string, load loadFunc, progress func(int)) error {
	lampWork := []string{"维修", "更换", "巡查", "清洗"}
	pipeWork := []string{"清掏", "巡查", "维修"}
	const chunk = 200000
	for startRec := 0; startRec < o.Records; startRec += chunk {
		n := min(chunk, o.Records-startRec)
		rb := &domain.Batch{Fresh: true, Untracked: true, Source: "gen", Records: make([]domain.Record, 0, n)}
		for i := 0; i < n; i++ {
			r := domain.Record{Date: randDate(rng, o.Year, o.Year), ProjectCode: projectCodes[rng.Intn(len(projectCodes))],
				Cost: domain.Fen(5000 + rng.Intn(200000)), Contractor: "合成市政工程公司"}
			switch x := rng.Intn(10); {
			case x < 6 && o.Lamps > 0:
				r.AssetClass, r.AssetCode = domain.Lamps, fmt.Sprintf("GL-%07d", rng.Intn(o.Lamps)+1)
				r.WorkType, r.Quantity, r.QuantityUnit = lampWork[rng.Intn(len(lampWork))], 1, "盏"
			case x < 9 && o.Pipes > 0:
				r.AssetClass, r.AssetCode = domain.SewerPipes, fmt.Sprintf("GP-%06d", rng.Intn(o.Pipes)+1)
				r.WorkType, r.Quantity, r.QuantityUnit = pipeWork[rng.Intn(len(pipeWork))], float64(10+rng.Intn(90)), "米"
			default:
				r.WorkType = "电费"
				if o.Lamps > 0 {
					r.AssetClass = domain.Lamps
				}
			}
			rb.Records = append(rb.Records, r)
		}
		res, err := load(rb)
		if err != nil {
			return err
		}
		progress(res.Added)
	}
	return nil
}

// randDate picks a day from fromYear to toYear; a range that ends before it starts
// (an early --year) collapses to toYear.
func randDate(rng *rand.Rand, fromYear, toYear int) domain.Date {
	fromYear = min(fromYear, toYear)
	y := fromYear + rng.Intn(toYear-fromYear+1)
	d := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.Intn(365))
	if d.Year() != y {
		d = d.AddDate(0, 0, -1)
	}
	return domain.DateOf(d)
}
