package storage

import (
	"crypto/sha1"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb/encoding/wkb"

	"cityledger/domain"
)

// Row structs mirror the tables; they never leave this package.

type unitRow struct {
	ID                    int64
	Name                  string
	ShortName             string
	ParentID              sql.NullInt64
	IndependentAccounting bool
	Version               int64
	UpdatedAt             string
}

func (unitRow) TableName() string { return "units" }

func (r unitRow) domain() domain.Unit {
	return domain.Unit{ID: r.ID, Name: r.Name, ShortName: r.ShortName, ParentID: r.ParentID.Int64,
		IndependentAccounting: r.IndependentAccounting, Version: r.Version}
}

type assetRow struct {
	ID            int64
	Class         string
	Code          string
	UnitID        int64
	Status        string
	StartDate     sql.NullString
	DisposalDate  sql.NullString
	OriginalValue int64
	Note          string
	Kind          string
	Name          string
	Plate         string
	BodyType      string
	Official      bool
	Road          string
	PowerW        float64
	PoleHeightM   float64
	Material      string
	DiameterMM    int `gorm:"column:diameter_mm"`
	Capacity      string
	LengthM       float64
	AreaM2        float64 `gorm:"column:area_m2"`
	GeomLengthM   float64
	GeomAreaM2    float64 `gorm:"column:geom_area_m2"`
	Geom          []byte
	MinX          sql.NullFloat64
	MinY          sql.NullFloat64
	MaxX          sql.NullFloat64
	MaxY          sql.NullFloat64
	Fingerprint   string
	Attrs         sql.NullString
	ComponentID   sql.NullString
	Version       int64
	UpdatedAt     string
}

func (assetRow) TableName() string { return "assets" }

// assetColumns is the column list of assetRow in insert order (without id).
var assetColumns = []string{"class", "code", "unit_id", "status", "start_date", "disposal_date", "original_value", "note",
	"kind", "name", "plate", "body_type", "official", "road", "power_w", "pole_height_m", "material", "diameter_mm", "capacity",
	"length_m", "area_m2", "geom_length_m", "geom_area_m2", "geom", "min_x", "min_y", "max_x", "max_y", "fingerprint", "attrs", "component_id", "version", "updated_at"}

func (r *assetRow) values() []any {
	return []any{r.Class, r.Code, r.UnitID, r.Status, r.StartDate, r.DisposalDate, r.OriginalValue, r.Note,
		r.Kind, r.Name, r.Plate, r.BodyType, r.Official, r.Road, r.PowerW, r.PoleHeightM, r.Material, r.DiameterMM, r.Capacity,
		r.LengthM, r.AreaM2, r.GeomLengthM, r.GeomAreaM2, r.Geom, r.MinX, r.MinY, r.MaxX, r.MaxY, r.Fingerprint, r.Attrs, r.ComponentID, r.Version, r.UpdatedAt}
}

func nullStr(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

func toAssetRow(a *domain.Asset) (assetRow, error) {
	r := assetRow{
		ID: a.ID, Class: string(a.Class), Code: a.Code, UnitID: a.UnitID, Status: a.Status,
		StartDate: nullStr(string(a.StartDate)), DisposalDate: nullStr(string(a.DisposalDate)),
		OriginalValue: int64(a.OriginalValue), Note: a.Note, Kind: a.Kind, Name: a.Name, Plate: a.Plate,
		BodyType: a.BodyType, Official: a.Official, Road: a.Road, PowerW: a.PowerW, PoleHeightM: a.PoleHeightM,
		Material: a.Material, DiameterMM: a.DiameterMM, Capacity: a.Capacity, LengthM: a.LengthM, AreaM2: a.AreaM2,
		GeomLengthM: a.GeomLengthM, GeomAreaM2: a.GeomAreaM2, Version: a.Version, UpdatedAt: now(),
		ComponentID: nullStr(a.ComponentID),
	}
	if len(a.Attrs) > 0 {
		b, err := json.Marshal(a.Attrs)
		if err != nil {
			return r, err
		}
		r.Attrs = sql.NullString{String: string(b), Valid: true}
	}
	if a.Geometry != nil {
		b, err := wkb.Marshal(a.Geometry)
		if err != nil {
			return r, err
		}
		r.Geom = b
		bd := a.Geometry.Bound()
		r.MinX = sql.NullFloat64{Float64: bd.Min[0], Valid: true}
		r.MinY = sql.NullFloat64{Float64: bd.Min[1], Valid: true}
		r.MaxX = sql.NullFloat64{Float64: bd.Max[0], Valid: true}
		r.MaxY = sql.NullFloat64{Float64: bd.Max[1], Valid: true}
	}
	r.Fingerprint = r.fingerprint()
	return r, nil
}

// fingerprint hashes what an import can set, so that re-importing an unchanged row
// is recognised without comparing every column. A component ID and attributes are
// hashed only when present, so rows written before they existed keep their prints.
func (r *assetRow) fingerprint() string {
	h := sha1.New()
	fmt.Fprintf(h, "%s|%s|%d|%s|%s|%s|%d|%s|%s|%s|%s|%s|%t|%s|%g|%g|%s|%d|%s|%.3f|%.3f|",
		r.Class, r.Code, r.UnitID, r.Status, r.StartDate.String, r.DisposalDate.String, r.OriginalValue, r.Note,
		r.Kind, r.Name, r.Plate, r.BodyType, r.Official, r.Road, r.PowerW, r.PoleHeightM, r.Material, r.DiameterMM,
		r.Capacity, r.LengthM, r.AreaM2)
	h.Write(r.Geom)
	if r.ComponentID.Valid {
		fmt.Fprintf(h, "|id:%s", r.ComponentID.String)
	}
	if r.Attrs.Valid {
		fmt.Fprintf(h, "|attrs:%s", canonicalJSON(r.Attrs.String))
	}
	return hex.EncodeToString(h.Sum(nil))[:20]
}

// canonicalJSON rewrites a JSON object with sorted keys and no spaces, the form Go
// writes: PostgreSQL's JSONB gives it back reformatted.
func canonicalJSON(s string) string {
	var m map[string]any
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return s
	}
	b, err := json.Marshal(m)
	if err != nil {
		return s
	}
	return string(b)
}

// decodeAttrs reads the attrs column; numbers stay json.Number until Asset.Value types
// them by their field.
func decodeAttrs(s sql.NullString) (map[string]any, error) {
	if !s.Valid || s.String == "" {
		return nil, nil
	}
	var m map[string]any
	dec := json.NewDecoder(strings.NewReader(s.String))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	if len(m) == 0 {
		return nil, nil
	}
	return m, nil
}

func (r assetRow) domain() (domain.Asset, error) {
	a := domain.Asset{
		ID: r.ID, Class: domain.Class(r.Class), Code: r.Code, UnitID: r.UnitID, Status: r.Status,
		StartDate: domain.Date(r.StartDate.String), DisposalDate: domain.Date(r.DisposalDate.String),
		OriginalValue: domain.Fen(r.OriginalValue), Note: r.Note, Kind: r.Kind, Name: r.Name, Plate: r.Plate,
		BodyType: r.BodyType, Official: r.Official, Road: r.Road, PowerW: r.PowerW, PoleHeightM: r.PoleHeightM,
		Material: r.Material, DiameterMM: r.DiameterMM, Capacity: r.Capacity, LengthM: r.LengthM, AreaM2: r.AreaM2,
		GeomLengthM: r.GeomLengthM, GeomAreaM2: r.GeomAreaM2, Version: r.Version, ComponentID: r.ComponentID.String,
	}
	attrs, err := decodeAttrs(r.Attrs)
	if err != nil {
		return a, fmt.Errorf("asset %s %s: bad stored attributes: %w", r.Class, r.Code, err)
	}
	a.Attrs = attrs
	t, err := time.Parse(time.RFC3339Nano, r.UpdatedAt)
	if err != nil {
		return a, fmt.Errorf("asset %s %s: stored time %q: %w", r.Class, r.Code, r.UpdatedAt, err)
	}
	a.UpdatedAt = t
	if len(r.Geom) > 0 {
		g, err := wkb.Unmarshal(r.Geom)
		if err != nil {
			return a, fmt.Errorf("asset %s %s: bad stored geometry: %w", r.Class, r.Code, err)
		}
		a.Geometry = g
	}
	return a, nil
}

// assetFields renders an asset's fields as text for audit diffs, keyed like the import columns.
func assetFields(a *domain.Asset) map[string]string {
	m := map[string]string{
		"code": a.Code, "unit": strconv.FormatInt(a.UnitID, 10), "status": a.Status,
		"start_date": string(a.StartDate), "disposal_date": string(a.DisposalDate),
		"original_value": a.OriginalValue.Yuan(), "note": a.Note, "kind": a.Kind, "name": a.Name,
		"plate": a.Plate, "body_type": a.BodyType, "official": strconv.FormatBool(a.Official), "road": a.Road,
		"power_w": fmtNum(a.PowerW), "pole_height_m": fmtNum(a.PoleHeightM), "material": a.Material,
		"diameter_mm": strconv.Itoa(a.DiameterMM), "capacity": a.Capacity,
		"length_m": fmtNum(a.LengthM), "area_m2": fmtNum(a.AreaM2),
	}
	// The component ID and attributes appear only when set, so the history of assets
	// from before they existed reads as it did.
	if a.ComponentID != "" {
		m["component_id"] = a.ComponentID
	}
	for k, v := range a.Attrs {
		m[k] = attrText(v)
	}
	if a.Geometry != nil {
		// The history names a geometry by its type and a hash of its WKB; one that
		// cannot be encoded (it was decoded from WKB, so never) is named by type alone.
		m["geometry"] = a.Geometry.GeoJSONType()
		if b, err := wkb.Marshal(a.Geometry); err == nil {
			sum := sha1.Sum(b)
			m["geometry"] += " " + hex.EncodeToString(sum[:4])
		}
	} else {
		m["geometry"] = ""
	}
	return m
}

func fmtNum(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// attrText is an attribute's canonical text for the audit history.
func attrText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case domain.Date:
		return string(x)
	case bool:
		return boolText(x)
	case float64:
		return fmtNum(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case json.Number:
		return x.String()
	}
	return fmt.Sprint(v)
}

type projectRow struct {
	ID            int64
	Year          int
	Code          string
	Name          string
	UnitID        int64
	FunctionCode  string
	Budget        int64
	FiscalBudget  int64
	OtherBudget   int64
	Goal          string
	Result        string
	Problems      string
	NextSteps     string
	Summary       string
	Disclosed     bool
	PreAssessed   bool
	Monitored     bool
	SelfEvaluated bool
	Fingerprint   string
	Version       int64
	UpdatedAt     string
}

func (projectRow) TableName() string { return "projects" }

func toProjectRow(p *domain.Project) projectRow {
	r := projectRow{ID: p.ID, Year: p.Year, Code: p.Code, Name: p.Name, UnitID: p.UnitID, FunctionCode: p.FunctionCode,
		Budget: int64(p.Budget), FiscalBudget: int64(p.FiscalBudget), OtherBudget: int64(p.OtherBudget), Goal: p.Goal,
		Result: p.Result, Problems: p.Problems, NextSteps: p.NextSteps, Summary: p.Summary, Disclosed: p.Disclosed,
		PreAssessed: p.PreAssessed, Monitored: p.Monitored, SelfEvaluated: p.SelfEvaluated,
		Version: p.Version, UpdatedAt: now()}
	h := sha1.New()
	fmt.Fprintf(h, "%d|%s|%s|%d|%s|%d|%d|%d|%s|%s|%s|%s|%s|%t", r.Year, r.Code, r.Name, r.UnitID, r.FunctionCode,
		r.Budget, r.FiscalBudget, r.OtherBudget, r.Goal, r.Result, r.Problems, r.NextSteps, r.Summary, r.Disclosed)
	// The flags join the fingerprint only when one is set, so that rows stored before
	// they existed keep their fingerprint (and an unchanged re-import stays unchanged).
	if r.PreAssessed || r.Monitored || r.SelfEvaluated {
		fmt.Fprintf(h, "|%t|%t|%t", r.PreAssessed, r.Monitored, r.SelfEvaluated)
	}
	r.Fingerprint = hex.EncodeToString(h.Sum(nil))[:20]
	return r
}

func (r projectRow) domain() domain.Project {
	return domain.Project{ID: r.ID, Year: r.Year, Code: r.Code, Name: r.Name, UnitID: r.UnitID, FunctionCode: r.FunctionCode,
		Budget: domain.Fen(r.Budget), FiscalBudget: domain.Fen(r.FiscalBudget), OtherBudget: domain.Fen(r.OtherBudget),
		Goal: r.Goal, Result: r.Result, Problems: r.Problems, NextSteps: r.NextSteps, Summary: r.Summary,
		Disclosed: r.Disclosed, PreAssessed: r.PreAssessed, Monitored: r.Monitored, SelfEvaluated: r.SelfEvaluated,
		Version: r.Version}
}

func projectFields(p *domain.Project) map[string]string {
	return map[string]string{"project_code": p.Code, "year": strconv.Itoa(p.Year), "name": p.Name,
		"unit": strconv.FormatInt(p.UnitID, 10), "function_code": p.FunctionCode, "budget": p.Budget.Yuan(),
		"fiscal_budget": p.FiscalBudget.Yuan(), "other_budget": p.OtherBudget.Yuan(), "goal": p.Goal, "result": p.Result,
		"problems": p.Problems, "next_steps": p.NextSteps, "summary": p.Summary, "disclosed": strconv.FormatBool(p.Disclosed),
		"pre_assessed": strconv.FormatBool(p.PreAssessed), "monitored": strconv.FormatBool(p.Monitored),
		"self_evaluated": strconv.FormatBool(p.SelfEvaluated)}
}

type indicatorRow struct {
	ID        int64
	ProjectID int64
	Position  int
	Level1    string `gorm:"column:level1"`
	Level2    string `gorm:"column:level2"`
	Level3    string `gorm:"column:level3"`
	Target    string
	Actual    string
	Binding   string
	Version   int64
	UpdatedAt string
}

func (indicatorRow) TableName() string { return "indicators" }

func (r indicatorRow) domain() domain.Indicator {
	return domain.Indicator{ID: r.ID, ProjectID: r.ProjectID, Position: r.Position, Level1: r.Level1, Level2: r.Level2,
		Level3: r.Level3, Target: r.Target, Actual: r.Actual, Binding: r.Binding, Version: r.Version}
}

type recordRow struct {
	ID           int64
	Date         string
	Year         int
	Month        int
	AssetClass   string
	AssetID      sql.NullInt64
	ProjectID    sql.NullInt64
	Funding      string
	WorkType     string
	Quantity     float64
	QuantityUnit string
	Cost         int64
	Contractor   string
	Note         string
	CaseNo       string
	ImportKey    sql.NullString
	Version      int64
	UpdatedAt    string
	// Joined for display, not columns of the table.
	AssetCode   string `gorm:"->"`
	ProjectCode string `gorm:"->"`
}

func (recordRow) TableName() string { return "maintenance_records" }

var recordColumns = []string{"date", "year", "month", "asset_class", "asset_id", "project_id", "funding", "work_type",
	"quantity", "quantity_unit", "cost", "contractor", "note", "case_no", "import_key", "version", "updated_at"}

func (r *recordRow) values() []any {
	return []any{r.Date, r.Year, r.Month, r.AssetClass, r.AssetID, r.ProjectID, r.Funding, r.WorkType,
		r.Quantity, r.QuantityUnit, r.Cost, r.Contractor, r.Note, r.CaseNo, r.ImportKey, r.Version, r.UpdatedAt}
}

func toRecordRow(r *domain.Record) recordRow {
	funding := r.Funding
	if funding == "" {
		funding = domain.FundFiscal
	}
	return recordRow{ID: r.ID, Date: string(r.Date), Year: r.Date.Year(), Month: r.Date.Month(),
		AssetClass: string(r.AssetClass), AssetID: sql.NullInt64{Int64: r.AssetID, Valid: r.AssetID != 0},
		ProjectID: sql.NullInt64{Int64: r.ProjectID, Valid: r.ProjectID != 0}, Funding: funding, WorkType: r.WorkType,
		Quantity: r.Quantity, QuantityUnit: r.QuantityUnit, Cost: int64(r.Cost), Contractor: r.Contractor, Note: r.Note,
		CaseNo: r.CaseNo, ImportKey: nullStr(r.ImportKey), Version: r.Version, UpdatedAt: now()}
}

func (r recordRow) domain() domain.Record {
	return domain.Record{ID: r.ID, Date: domain.Date(r.Date), AssetClass: domain.Class(r.AssetClass), AssetID: r.AssetID.Int64,
		AssetCode: r.AssetCode, ProjectID: r.ProjectID.Int64, ProjectCode: r.ProjectCode, Funding: r.Funding,
		WorkType: r.WorkType, Quantity: r.Quantity, QuantityUnit: r.QuantityUnit, Cost: domain.Fen(r.Cost),
		Contractor: r.Contractor, Note: r.Note, CaseNo: r.CaseNo, ImportKey: r.ImportKey.String, Version: r.Version}
}

func recordFields(r *domain.Record) map[string]string {
	return map[string]string{"date": string(r.Date), "asset_class": string(r.AssetClass),
		"asset_code": strconv.FormatInt(r.AssetID, 10), "project_code": strconv.FormatInt(r.ProjectID, 10),
		"funding": r.Funding, "work_type": r.WorkType, "quantity": fmtNum(r.Quantity), "quantity_unit": r.QuantityUnit,
		"cost": r.Cost.Yuan(), "contractor": r.Contractor, "note": r.Note, "case_no": r.CaseNo}
}

type settingsRow struct {
	Year                   int `gorm:"primaryKey;autoIncrement:false"`
	OfficialPurchaseBudget sql.NullInt64
	OfficialRunningBudget  sql.NullInt64
	Notes                  string
	Amounts                string
	Counts                 string
	Headings               string
	Closed                 bool
	Version                int64
	UpdatedAt              string
}

func (settingsRow) TableName() string { return "year_settings" }

func toSettingsRow(s *domain.YearSettings) (settingsRow, error) {
	r := settingsRow{Year: s.Year, Closed: s.Closed, Version: s.Version, UpdatedAt: now(), Notes: "{}"}
	var err error
	if r.Amounts, err = jsonObject(s.Amounts); err != nil {
		return r, err
	}
	if r.Counts, err = jsonObject(s.Counts); err != nil {
		return r, err
	}
	if r.Headings, err = jsonObject(s.Headings); err != nil {
		return r, err
	}
	if s.OfficialPurchaseBudget != nil {
		r.OfficialPurchaseBudget = sql.NullInt64{Int64: int64(*s.OfficialPurchaseBudget), Valid: true}
	}
	if s.OfficialRunningBudget != nil {
		r.OfficialRunningBudget = sql.NullInt64{Int64: int64(*s.OfficialRunningBudget), Valid: true}
	}
	if len(s.Notes) > 0 {
		b, err := json.Marshal(s.Notes)
		if err != nil {
			return r, err
		}
		r.Notes = string(b)
	}
	return r, nil
}

func (r settingsRow) domain() (domain.YearSettings, error) {
	s := domain.YearSettings{Year: r.Year, Closed: r.Closed, Version: r.Version, Notes: map[string]string{},
		Amounts: map[string]domain.Fen{}, Counts: map[string]int64{}, Headings: map[string]string{}}
	if r.OfficialPurchaseBudget.Valid {
		v := domain.Fen(r.OfficialPurchaseBudget.Int64)
		s.OfficialPurchaseBudget = &v
	}
	if r.OfficialRunningBudget.Valid {
		v := domain.Fen(r.OfficialRunningBudget.Int64)
		s.OfficialRunningBudget = &v
	}
	// Amounts decode straight into int64 分 (encoding/json parses the literal with
	// ParseInt), so no amount passes through a float. A column that does not decode
	// fails the load: notes or amounts silently empty would print a wrong report.
	for name, col := range map[string]struct {
		text string
		into any
	}{"notes": {r.Notes, &s.Notes}, "amounts": {r.Amounts, &s.Amounts}, "counts": {r.Counts, &s.Counts}, "headings": {r.Headings, &s.Headings}} {
		if err := json.Unmarshal([]byte(col.text), col.into); err != nil {
			return s, fmt.Errorf("year %d settings: stored %s: %w", r.Year, name, err)
		}
	}
	return s, nil
}

// jsonObject is m as a JSON object, "{}" when empty.
func jsonObject[V any](m map[string]V) (string, error) {
	if len(m) == 0 {
		return "{}", nil
	}
	b, err := json.Marshal(m)
	return string(b), err
}

type auditRow struct {
	ID       int64
	At       string
	Who      string
	Action   string
	Entity   string
	EntityID int64
	Code     string
	Field    string
	OldValue string
	NewValue string
}

func (auditRow) TableName() string { return "audit_log" }

// undoAuditRow is an audit entry with BeforeRow, an asset's whole row before the change
// as JSON (migration 0012), on the change's first entry: what an undo puts back. A type
// of its own, so that every other write and read of the log leaves the column alone.
type undoAuditRow struct {
	ID        int64
	At        string
	Who       string
	Action    string
	Entity    string
	EntityID  int64
	Code      string
	Field     string
	OldValue  string
	NewValue  string
	BeforeRow sql.NullString
}

func (undoAuditRow) TableName() string { return "audit_log" }

func (r auditRow) domain() (domain.AuditEntry, error) {
	t, err := time.Parse(time.RFC3339Nano, r.At)
	if err != nil {
		return domain.AuditEntry{}, fmt.Errorf("audit entry %d: stored time %q: %w", r.ID, r.At, err)
	}
	return domain.AuditEntry{ID: r.ID, At: t, Who: r.Who, Action: r.Action, Entity: r.Entity, EntityID: r.EntityID,
		Code: r.Code, Field: r.Field, Old: r.OldValue, New: r.NewValue}, nil
}
