// Package memstore is an in-memory domain.Store for the report's tests: it holds rows
// in slices and computes the grouped aggregates the way the SQL store documents them,
// so report tests run without a database. Only what the report reads is implemented;
// the rest returns an error.
package memstore

import (
	"context"
	"errors"
	"io"
	"sort"
	"strconv"

	"github.com/paulmach/orb"

	"cityledger/domain"
)

// Store holds the rows. IDs are assigned by the Add methods.
type Store struct {
	Units      []domain.Unit
	Assets     []domain.Asset
	Projects   []domain.Project
	Indicators []domain.Indicator
	Records    []domain.Record
	Settings   map[int]*domain.YearSettings
	Cases      []domain.Case
	nextID     int64
	snapshots  map[int][]byte
	catalogue  *domain.Catalogue
}

// New returns an empty store.
func New() *Store { return &Store{Settings: map[int]*domain.YearSettings{}} }

func (s *Store) id() int64 { s.nextID++; return s.nextID }

// AddUnit adds a unit, resolving Parent by short or full name.
func (s *Store) AddUnit(u domain.Unit) int64 {
	u.ID = s.id()
	if u.Parent != "" {
		u.ParentID = s.UnitID(u.Parent)
	}
	s.Units = append(s.Units, u)
	return u.ID
}

// UnitID finds a unit by short or full name (0 when none).
func (s *Store) UnitID(name string) int64 {
	for _, u := range s.Units {
		if u.Name == name || u.ShortName == name {
			return u.ID
		}
	}
	return 0
}

// AddAsset adds an asset; Unit names its unit.
func (s *Store) AddAsset(a domain.Asset) int64 {
	a.ID = s.id()
	if a.UnitID == 0 {
		a.UnitID = s.UnitID(a.Unit)
	}
	if a.Status == "" {
		a.Status = domain.StatusInUse
	}
	s.Assets = append(s.Assets, a)
	return a.ID
}

// AddProject adds a project; Unit names its unit.
func (s *Store) AddProject(p domain.Project) int64 {
	p.ID = s.id()
	if p.UnitID == 0 {
		p.UnitID = s.UnitID(p.Unit)
	}
	s.Projects = append(s.Projects, p)
	return p.ID
}

// ProjectID finds the project of a code in a year.
func (s *Store) ProjectID(code string, year int) int64 {
	for _, p := range s.Projects {
		if p.Code == code && p.Year == year {
			return p.ID
		}
	}
	return 0
}

// AddIndicator adds an indicator row to the project of ProjectCode and Year.
func (s *Store) AddIndicator(in domain.Indicator) {
	in.ID = s.id()
	if in.ProjectID == 0 {
		in.ProjectID = s.ProjectID(in.ProjectCode, in.Year)
	}
	s.Indicators = append(s.Indicators, in)
}

// AddRecord adds a record; ProjectCode refers to the project of that code in the
// record's year, AssetCode to an asset of AssetClass.
func (s *Store) AddRecord(r domain.Record) {
	r.ID = s.id()
	if r.ProjectID == 0 && r.ProjectCode != "" {
		r.ProjectID = s.ProjectID(r.ProjectCode, r.Date.Year())
	}
	if r.AssetID == 0 && r.AssetCode != "" {
		for _, a := range s.Assets {
			if a.Class == r.AssetClass && a.Code == r.AssetCode {
				r.AssetID = a.ID
			}
		}
	}
	if r.Funding == "" {
		r.Funding = domain.FundFiscal
	}
	s.Records = append(s.Records, r)
}

var errUnsupported = errors.New("memstore: not supported")

func (s *Store) ListUnits(context.Context) ([]domain.Unit, error) {
	return append([]domain.Unit(nil), s.Units...), nil
}
func (s *Store) SaveUnit(context.Context, *domain.Unit) error { return errUnsupported }

func (s *Store) GetAsset(_ context.Context, id int64) (*domain.Asset, error) {
	for i := range s.Assets {
		if s.Assets[i].ID == id {
			a := s.Assets[i]
			return &a, nil
		}
	}
	return nil, domain.Errorf(domain.KindNotFound, "err.not_found", nil)
}
func (s *Store) GetAssetByCode(context.Context, domain.Class, string) (*domain.Asset, error) {
	return nil, errUnsupported
}

// FindAssets honours Class, UnitID, Kind and Status only.
func (s *Store) FindAssets(_ context.Context, f domain.AssetFilter) ([]domain.Asset, error) {
	var out []domain.Asset
	for _, a := range s.Assets {
		if (f.Class == "" || a.Class == f.Class) && (f.UnitID == 0 || a.UnitID == f.UnitID) &&
			(f.Kind == "" || a.Kind == f.Kind) && (f.Status == "" || a.Status == f.Status) {
			out = append(out, a)
		}
	}
	return out, nil
}
func (s *Store) CountAssets(context.Context, domain.AssetFilter) (domain.AssetTotals, error) {
	return domain.AssetTotals{}, errUnsupported
}
func (s *Store) SaveAsset(context.Context, *domain.Asset) error { return errUnsupported }
func (s *Store) RetireAsset(context.Context, int64, domain.Date, int64) error {
	return errUnsupported
}
func (s *Store) DeleteAsset(context.Context, int64, int64) error { return errUnsupported }
func (s *Store) UpdateAssets(context.Context, []int64, domain.AssetUpdate) (int, error) {
	return 0, errUnsupported
}
func (s *Store) UpdateAsset(context.Context, int64, int64, domain.AssetUpdate) (*domain.Asset, error) {
	return nil, errUnsupported
}

// Catalogue is the built-in catalogue with the classes given to AddClass.
func (s *Store) Catalogue(context.Context) (*domain.Catalogue, error) {
	if s.catalogue == nil {
		s.catalogue = domain.BuiltinCatalogue()
	}
	return s.catalogue, nil
}

// AddClass declares a user class.
func (s *Store) AddClass(ctx context.Context, d domain.ClassDef) (*domain.ClassDef, error) {
	cat, _ := s.Catalogue(ctx)
	return cat.AddClass(d)
}
func (s *Store) AddField(ctx context.Context, c domain.Class, f domain.Field) (*domain.Field, error) {
	cat, _ := s.Catalogue(ctx)
	return cat.AddField(c, f)
}
func (s *Store) RemoveField(context.Context, domain.Class, string, bool) error { return errUnsupported }
func (s *Store) RemoveClass(context.Context, domain.Class) error               { return errUnsupported }
func (s *Store) ImportClasses(context.Context, domain.ClassDefinitions) (int, error) {
	return 0, errUnsupported
}
func (s *Store) DistrictCode(context.Context) (string, error)  { return "", nil }
func (s *Store) SetDistrictCode(context.Context, string) error { return errUnsupported }
func (s *Store) GenerateComponentIDs(context.Context, []domain.Class, bool) (domain.ComponentIDResult, error) {
	return domain.ComponentIDResult{}, errUnsupported
}

// AssetGroups groups the assets as the SQL store does.
func (s *Store) AssetGroups(context.Context) ([]domain.AssetGroup, error) {
	type key struct {
		class                   domain.Class
		unit                    int64
		kind, body              string
		official                bool
		status                  string
		startYear, disposalYear int
	}
	m := map[key]*domain.AssetGroup{}
	var order []key
	for _, a := range s.Assets {
		k := key{a.Class, a.UnitID, a.Kind, a.BodyType, a.Official, a.Status, a.StartDate.Year(), a.DisposalDate.Year()}
		g := m[k]
		if g == nil {
			g = &domain.AssetGroup{Class: k.class, UnitID: k.unit, Kind: k.kind, BodyType: k.body, Official: k.official,
				Status: k.status, StartYear: k.startYear, DisposalYear: k.disposalYear}
			m[k] = g
			order = append(order, k)
		}
		g.Count++
		g.LengthM += a.LengthM
		g.AreaM2 += a.AreaM2
		g.OriginalValue += a.OriginalValue
	}
	out := make([]domain.AssetGroup, 0, len(order))
	for _, k := range order {
		out = append(out, *m[k])
	}
	return out, nil
}

func (s *Store) ListProjects(_ context.Context, year int) ([]domain.Project, error) {
	var out []domain.Project
	for _, p := range s.Projects {
		if p.Year == year {
			out = append(out, p)
		}
	}
	return out, nil
}
func (s *Store) GetProject(context.Context, int64) (*domain.Project, error) {
	return nil, errUnsupported
}
func (s *Store) SaveProject(context.Context, *domain.Project) error { return errUnsupported }
func (s *Store) DeleteProject(context.Context, int64, int64) error  { return errUnsupported }
func (s *Store) SaveIndicators(context.Context, int64, []domain.Indicator) error {
	return errUnsupported
}

func (s *Store) ListIndicators(_ context.Context, projectID int64) ([]domain.Indicator, error) {
	var out []domain.Indicator
	for _, in := range s.Indicators {
		if in.ProjectID == projectID {
			out = append(out, in)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Position < out[j].Position })
	return out, nil
}

func (s *Store) FindRecords(context.Context, domain.RecordFilter) ([]domain.Record, error) {
	return nil, errUnsupported
}
func (s *Store) CountRecords(context.Context, domain.RecordFilter) (int64, domain.Fen, error) {
	return 0, 0, errUnsupported
}
func (s *Store) SaveRecord(context.Context, *domain.Record) error   { return errUnsupported }
func (s *Store) SaveRecords(context.Context, []domain.Record) error { return errUnsupported }
func (s *Store) DeleteRecord(context.Context, int64, int64) error   { return errUnsupported }

// RecordGroups groups the records dated in year.
func (s *Store) RecordGroups(_ context.Context, year int) ([]domain.RecordGroup, error) {
	official := map[int64]bool{}
	for _, a := range s.Assets {
		if a.Class == domain.Vehicles && a.Official {
			official[a.ID] = true
		}
	}
	type key struct {
		project        int64
		class          domain.Class
		work, qu, fund string
		month          int
		official       bool
	}
	m := map[key]*domain.RecordGroup{}
	var order []key
	for _, r := range s.Records {
		if r.Date.Year() != year {
			continue
		}
		k := key{r.ProjectID, r.AssetClass, r.WorkType, r.QuantityUnit, r.Funding, r.Date.Month(), official[r.AssetID]}
		g := m[k]
		if g == nil {
			g = &domain.RecordGroup{ProjectID: k.project, AssetClass: k.class, WorkType: k.work, QuantityUnit: k.qu,
				Funding: k.fund, Month: k.month, OfficialCar: k.official}
			m[k] = g
			order = append(order, k)
		}
		g.Count++
		g.Quantity += r.Quantity
		g.Cost += r.Cost
	}
	out := make([]domain.RecordGroup, 0, len(order))
	for _, k := range order {
		out = append(out, *m[k])
	}
	return out, nil
}

// RecordsOutsideProjectYear lists records of year's projects dated in another year,
// and records dated in year whose project belongs to another year.
func (s *Store) RecordsOutsideProjectYear(_ context.Context, year int) ([]domain.Record, error) {
	projYear := map[int64]int{}
	for _, p := range s.Projects {
		projYear[p.ID] = p.Year
	}
	var out []domain.Record
	for _, r := range s.Records {
		py, ok := projYear[r.ProjectID]
		if !ok || r.ProjectID == 0 {
			continue
		}
		if py != r.Date.Year() && (py == year || r.Date.Year() == year) {
			out = append(out, r)
		}
	}
	return out, nil
}

func (s *Store) GetYearSettings(_ context.Context, year int) (*domain.YearSettings, error) {
	st, ok := s.Settings[year]
	if !ok {
		return nil, domain.Errorf(domain.KindNotFound, "err.not_found", map[string]any{"What": "year-settings", "Key": year})
	}
	c := *st
	return &c, nil
}

func (s *Store) SaveYearSettings(_ context.Context, st *domain.YearSettings) error {
	c := *st
	c.Version++
	s.Settings[st.Year] = &c
	st.Version = c.Version
	return nil
}

func (s *Store) ListYears(context.Context) ([]int, error) { return nil, errUnsupported }
func (s *Store) AuditHistory(context.Context, string, int64, int) ([]domain.AuditEntry, error) {
	return nil, errUnsupported
}
func (s *Store) RecentChanges(context.Context, int) ([]domain.AuditEntry, error) {
	return nil, errUnsupported
}
func (s *Store) Import(context.Context, *domain.Batch) (domain.ImportSummary, error) {
	return domain.ImportSummary{}, errUnsupported
}
func (s *Store) Empty(context.Context) (bool, error) {
	return len(s.Units)+len(s.Assets)+len(s.Projects)+len(s.Records) == 0, nil
}
func (s *Store) Backup(context.Context, io.Writer) error { return errUnsupported }
func (s *Store) Describe() string                        { return "memory" }
func (s *Store) Close() error                            { return nil }

var _ domain.Store = (*Store)(nil)

// MeasureMismatches scans the assets the way the SQL store's WHERE clause does.
func (s *Store) MeasureMismatches(_ context.Context, tolerance float64, limit int) ([]domain.MeasureMismatch, int64, error) {
	off := func(stated, measured float64) bool {
		return stated > 0 && measured > 0 && (stated-measured > tolerance*measured || measured-stated > tolerance*measured)
	}
	var out []domain.MeasureMismatch
	var total int64
	for _, a := range s.Assets {
		l, ar := off(a.LengthM, a.GeomLengthM), off(a.AreaM2, a.GeomAreaM2)
		if !l && !ar {
			continue
		}
		total++
		if limit > 0 && int(total) > limit {
			continue
		}
		if l {
			out = append(out, domain.MeasureMismatch{Class: a.Class, Code: a.Code, Stated: a.LengthM, Measured: a.GeomLengthM})
		}
		if ar {
			out = append(out, domain.MeasureMismatch{Class: a.Class, Code: a.Code, Area: true, Stated: a.AreaM2, Measured: a.GeomAreaM2})
		}
	}
	return out, total, nil
}

// CloseYear marks the year closed and keeps the snapshot.
func (s *Store) CloseYear(_ context.Context, year int, snapshot []byte) error {
	st := s.Settings[year]
	if st == nil {
		st = &domain.YearSettings{Year: year}
		s.Settings[year] = st
	}
	st.Closed = true
	if s.snapshots == nil {
		s.snapshots = map[int][]byte{}
	}
	s.snapshots[year] = snapshot
	return nil
}

// CloseYearWith builds the snapshot and closes the year with it (one goroutine uses
// a memstore: there is nothing to lock).
func (s *Store) CloseYearWith(ctx context.Context, year int, build func(ctx context.Context) ([]byte, error)) error {
	snapshot, err := build(ctx)
	if err != nil {
		return err
	}
	return s.CloseYear(ctx, year, snapshot)
}

// ReopenYear marks the year open and drops its snapshot.
func (s *Store) ReopenYear(_ context.Context, year int, _ string) error {
	if st := s.Settings[year]; st != nil {
		st.Closed = false
	}
	delete(s.snapshots, year)
	return nil
}

// ReportSnapshot returns the snapshot kept by CloseYear.
func (s *Store) ReportSnapshot(_ context.Context, year int) ([]byte, error) {
	return s.snapshots[year], nil
}

// FeaturesIn scans the assets for geometries whose bounding box overlaps b.
func (s *Store) FeaturesIn(_ context.Context, classes []domain.Class, b orb.Bound, limit int) ([]domain.Feature, error) {
	var out []domain.Feature
	for _, a := range s.Assets {
		if a.Geometry == nil || (len(classes) > 0 && !domain.OneOf(string(a.Class), classNames(classes))) {
			continue
		}
		if !a.Geometry.Bound().Intersects(b) {
			continue
		}
		out = append(out, domain.Feature{ID: a.ID, Class: a.Class, Code: a.Code, Kind: a.Kind, Status: a.Status, Geometry: a.Geometry})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// AssetCosts sums the year's record costs per asset of classes.
func (s *Store) AssetCosts(_ context.Context, year int, classes []domain.Class) (map[int64]domain.Fen, error) {
	out := map[int64]domain.Fen{}
	for _, r := range s.Records {
		if r.AssetID == 0 || r.Date.Year() != year || (len(classes) > 0 && !domain.OneOf(string(r.AssetClass), classNames(classes))) {
			continue
		}
		out[r.AssetID] += r.Cost
	}
	return out, nil
}

func classNames(cs []domain.Class) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = string(c)
	}
	return out
}

// TopAssetsByCost ranks assets by the year's record cost.
func (s *Store) TopAssetsByCost(_ context.Context, year int, limit int) ([]domain.AssetCost, error) {
	sums := map[int64]*domain.AssetCost{}
	for _, r := range s.Records {
		if r.AssetID == 0 || r.Date.Year() != year {
			continue
		}
		c := sums[r.AssetID]
		if c == nil {
			c = &domain.AssetCost{AssetID: r.AssetID}
			sums[r.AssetID] = c
		}
		c.Cost += r.Cost
		c.Count++
	}
	out := make([]domain.AssetCost, 0, len(sums))
	for _, c := range sums {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Cost != out[j].Cost {
			return out[i].Cost > out[j].Cost
		}
		return out[i].AssetID < out[j].AssetID
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// ValuedAtLeast counts per class the assets held at the end of year valued at least min.
func (s *Store) ValuedAtLeast(_ context.Context, year int, min domain.Fen) (map[domain.Class]int64, error) {
	out := map[domain.Class]int64{}
	for _, a := range s.Assets {
		if a.OriginalValue >= min && a.InServiceAt(domain.Date(strconv.Itoa(year)+"-12-31")) {
			out[a.Class]++
		}
	}
	return out, nil
}
