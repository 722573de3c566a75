package domain

import (
	"context"
	"io"

	"github.com/paulmach/orb"
)

// AssetFilter selects and orders assets of one class. Zero values mean "any".
type AssetFilter struct {
	Class     Class
	UnitID    int64
	Kind      string
	Status    string
	StartYear int
	// Search matches code, name, road, plate, material, note or one of the class's own
	// text fields (substring, any case).
	Search string
	// Equals keeps the assets whose declared field has this value (field key → typed
	// value, see Asset.Value): a register filtered by one of its class's fields.
	Equals map[string]any
	IDs    []int64
	// SortBy is a declared field key of the class (code, start_date, original_value,
	// length_m, a user field…); "" sorts by code. Ties are broken by ID so paging is stable.
	SortBy string
	Desc   bool
	Offset int
	Limit  int // 0: no limit
}

// AssetTotals are the footer figures of a register view.
type AssetTotals struct {
	Count         int64   `json:"count"`
	LengthM       float64 `json:"length_m"`
	AreaM2        float64 `json:"area_m2"`
	OriginalValue Fen     `json:"original_value_fen"`
	// Disposed counts the matching assets of status 已处置 (counted in the same pass).
	Disposed int64 `json:"disposed"`
}

// RecordFilter selects maintenance records. Zero values mean "any".
type RecordFilter struct {
	Year       int
	AssetClass Class
	AssetID    int64
	ProjectID  int64
	NoProject  bool // only 基本支出 records
	WorkType   string
	Contractor string
	Offset     int
	Limit      int
	Desc       bool // newest first
}

// AssetGroup is a row of the grouped asset aggregate that reports and statistics
// are computed from: all assets sharing class, unit, kind, body type, official flag,
// status, start year and disposal year, with their sums.
type AssetGroup struct {
	Class         Class
	UnitID        int64
	Kind          string
	BodyType      string
	Official      bool
	Status        string
	StartYear     int // 0 when unknown
	DisposalYear  int // 0 when none
	Count         int64
	LengthM       float64
	AreaM2        float64
	OriginalValue Fen
}

// HeldAtEndOf reports whether the group's assets are held at the end of year y.
func (g AssetGroup) HeldAtEndOf(y int) bool {
	if g.StartYear > y {
		return false
	}
	if g.DisposalYear != 0 {
		return g.DisposalYear > y
	}
	return g.Status != StatusDisposed
}

// RecordGroup is a row of the grouped record aggregate of one year.
type RecordGroup struct {
	ProjectID    int64 // 0: 基本支出
	AssetClass   Class // "": no class
	WorkType     string
	QuantityUnit string
	Funding      string
	Month        int
	OfficialCar  bool // the record is on an official vehicle
	Count        int64
	Quantity     float64
	Cost         Fen
}

// AssetCost is an asset's maintenance cost and record count in a year.
type AssetCost struct {
	AssetID int64
	Cost    Fen
	Count   int64
}

// AuditAssets is the audit entity of every asset class (asset IDs are unique across
// classes); other entities use their import kind (units, projects, maintenance…).
const AuditAssets = "assets"

// Units are the budget units.
type Units interface {
	ListUnits(ctx context.Context) ([]Unit, error)
	SaveUnit(ctx context.Context, u *Unit) error
}

// Assets are the registers. SaveAsset inserts when ID is 0, else updates when the
// stored Version equals a.Version (KindConflict otherwise) and bumps it. Every change
// writes audit entries in the same transaction.
type Assets interface {
	GetAsset(ctx context.Context, id int64) (*Asset, error)
	GetAssetByCode(ctx context.Context, class Class, code string) (*Asset, error)
	FindAssets(ctx context.Context, f AssetFilter) ([]Asset, error)
	CountAssets(ctx context.Context, f AssetFilter) (AssetTotals, error)
	SaveAsset(ctx context.Context, a *Asset) error
	// RetireAsset sets status 已处置 and the disposal date; records and history stay.
	RetireAsset(ctx context.Context, id int64, on Date, version int64) error
	// DeleteAsset removes the asset (its records keep their cost, losing the link)
	// and leaves an audit entry that names it.
	DeleteAsset(ctx context.Context, id int64, version int64) error
	// UpdateAssets applies one partial update (the fields it names, nothing else) to
	// each of ids in one transaction: a bulk edit. Every asset is validated and
	// audited; any invalid one fails the whole edit, naming the asset. It returns how
	// many assets changed.
	UpdateAssets(ctx context.Context, ids []int64, u AssetUpdate) (int, error)
	// UpdateAsset applies a partial update to one asset whose stored Version must be
	// version (KindConflict otherwise, with the fields that differ): a form's edit.
	UpdateAsset(ctx context.Context, id, version int64, u AssetUpdate) (*Asset, error)
	AssetGroups(ctx context.Context) ([]AssetGroup, error)
	// MeasureMismatches lists (up to limit) the assets whose stated length or area is
	// more than tolerance (0.05 = 5 %) off the figure measured from their geometry,
	// and how many there are in all.
	MeasureMismatches(ctx context.Context, tolerance float64, limit int) ([]MeasureMismatch, int64, error)
	// FeaturesIn lists, ordered by ID, the assets of classes (every class when empty)
	// that have a geometry whose bounding box overlaps b, at most limit of them (0: no
	// limit), with only what a map draws and styles them by. Assets without geometry
	// never appear.
	FeaturesIn(ctx context.Context, classes []Class, b orb.Bound, limit int) ([]Feature, error)
	// ValuedAtLeast counts, per class, the assets held at the end of year whose original
	// value (原值: the unit price of one asset) is at least min — the report's
	// "单价50万元以上通用设备N台（套）". Classes without such assets are absent.
	ValuedAtLeast(ctx context.Context, year int, min Fen) (map[Class]int64, error)
}

// Classes is the asset catalogue of a database (see catalogue.go): the built-in classes,
// the fields users added to them and the users' own classes, shared by everyone using
// the database.
type Classes interface {
	// Catalogue is the database's catalogue as it stands now.
	Catalogue(ctx context.Context) (*Catalogue, error)
	// AddClass declares a user class (KindInvalid naming each broken rule).
	AddClass(ctx context.Context, d ClassDef) (*ClassDef, error)
	// AddField declares a field of a class, built-in or not.
	AddField(ctx context.Context, class Class, f Field) (*Field, error)
	// RemoveField drops a field a user added. When assets hold values in it, it is
	// refused (KindConflict, catalogue.err.field_has_values with N) unless force; with
	// force the values are written into each asset's audit history first.
	RemoveField(ctx context.Context, class Class, field string, force bool) error
	// RemoveClass drops a user class; a class that holds assets cannot be removed.
	RemoveClass(ctx context.Context, class Class) error
	// ImportClasses declares the user classes and added fields of a definitions file
	// (see ClassDefinitions); those already declared alike are skipped.
	ImportClasses(ctx context.Context, defs ClassDefinitions) (added int, err error)
	// DistrictCode is the district's 6-digit administrative code for component IDs, ""
	// when not set; SetDistrictCode sets it.
	DistrictCode(ctx context.Context) (string, error)
	SetDistrictCode(ctx context.Context, code string) error
	// GenerateComponentIDs gives the assets of classes (every class when empty) that have
	// none a component ID: district code, component code, the next free sequence number
	// per code, in class and code order. Assets whose class and type have no code are
	// skipped and counted. With dryRun nothing is written.
	GenerateComponentIDs(ctx context.Context, classes []Class, dryRun bool) (ComponentIDResult, error)
}

// ClassDefinitions are the catalogue entries a database adds to the built-in ones, as
// `ledgerctl classes export` writes them and `classes import` reads them.
type ClassDefinitions struct {
	Classes []ClassDef        `json:"classes"`
	Fields  map[Class][]Field `json:"fields,omitempty"` // fields added to built-in classes
}

// ComponentIDResult counts what GenerateComponentIDs did (or would do).
type ComponentIDResult struct {
	Generated int              `json:"generated"`
	NoCode    int              `json:"no_code"` // assets whose class and type have no component code
	ByClass   map[Class]int    `json:"by_class"`
	First     map[Class]string `json:"first,omitempty"` // an example ID per class
}

// Feature is an asset as a map sees it.
type Feature struct {
	ID       int64
	Class    Class
	Code     string
	Kind     string
	Status   string
	Geometry orb.Geometry // WGS84 lon/lat, never nil
}

// MeasureMismatch is an asset whose stated length or area disagrees with its geometry.
type MeasureMismatch struct {
	Class    Class
	Code     string
	Area     bool // the area is off (else the length)
	Stated   float64
	Measured float64
}

// Projects are the budget projects and their indicators.
type Projects interface {
	ListProjects(ctx context.Context, year int) ([]Project, error)
	GetProject(ctx context.Context, id int64) (*Project, error)
	SaveProject(ctx context.Context, p *Project) error
	DeleteProject(ctx context.Context, id int64, version int64) error
	ListIndicators(ctx context.Context, projectID int64) ([]Indicator, error)
	// SaveIndicators replaces the project's indicator rows.
	SaveIndicators(ctx context.Context, projectID int64, rows []Indicator) error
}

// Records are the maintenance records.
type Records interface {
	FindRecords(ctx context.Context, f RecordFilter) ([]Record, error)
	CountRecords(ctx context.Context, f RecordFilter) (int64, Fen, error)
	SaveRecord(ctx context.Context, r *Record) error
	// SaveRecords adds many records in one transaction (bulk maintenance entry).
	SaveRecords(ctx context.Context, rs []Record) error
	DeleteRecord(ctx context.Context, id int64, version int64) error
	// RecordGroups aggregates the records of year y.
	RecordGroups(ctx context.Context, year int) ([]RecordGroup, error)
	// TopAssetsByCost ranks the assets by their records' cost in year, costliest
	// first (ties by asset ID), at most limit of them.
	TopAssetsByCost(ctx context.Context, year int, limit int) ([]AssetCost, error)
	// RecordsOutsideProjectYear lists (up to 1,000) records dated outside their
	// project's year, where either the record's or the project's year is year (any
	// year when 0), with AssetCode and ProjectCode filled. The store refuses such
	// records; this finds those written before a project's year was changed or by
	// other tools on a shared database.
	RecordsOutsideProjectYear(ctx context.Context, year int) ([]Record, error)
	// AssetCosts sums the cost of year's records per asset, for the records on an asset
	// of classes (every class when empty). Assets without records that year are absent.
	AssetCosts(ctx context.Context, year int, classes []Class) (map[int64]Fen, error)
}

// Settings are the year settings.
type Settings interface {
	// GetYearSettings returns KindNotFound when the year has none.
	GetYearSettings(ctx context.Context, year int) (*YearSettings, error)
	SaveYearSettings(ctx context.Context, s *YearSettings) error
	ListYears(ctx context.Context) ([]int, error)
	// CloseYear freezes a year: its records, projects, indicators and settings refuse
	// changes (KindClosed) until ReopenYear. snapshot is the year's report model,
	// stored so that the closed year's report renders the same whatever changes later.
	CloseYear(ctx context.Context, year int, snapshot []byte) error
	// CloseYearWith closes a year with the report model build makes once the store
	// holds the year's lock: writes into the year that started earlier have ended and
	// later ones wait, so the stored report is that of the rows the closed year holds.
	// A build error leaves the year open and is returned.
	CloseYearWith(ctx context.Context, year int, build func(ctx context.Context) ([]byte, error)) error
	// ReopenYear unfreezes a year; the reason goes into the audit log.
	ReopenYear(ctx context.Context, year int, reason string) error
	// ReportSnapshot is the model stored when the year was closed; nil when open.
	ReportSnapshot(ctx context.Context, year int) ([]byte, error)
}

// Audit is the change history.
type Audit interface {
	AuditHistory(ctx context.Context, entity string, id int64, limit int) ([]AuditEntry, error)
	RecentChanges(ctx context.Context, limit int) ([]AuditEntry, error)
}

// Batch is what an import writes: every kind it holds goes in one transaction, in
// the order units, assets, cases, projects, indicators, records, settings, so rows may refer
// to rows of the same batch.
type Batch struct {
	Units []Unit
	// Assets are partial updates: the fields of AssetFields[class] (nil: every field)
	// are set from each row, the others keep their stored values (DESIGN.md "Import
	// semantics"). A new row takes the defaults (status 在用, official 否).
	Assets      []Asset
	AssetFields map[Class][]string
	Projects    []Project
	Indicators  []Indicator
	Records     []Record
	Settings    []YearSettings
	// UnitFields, ProjectFields, IndicatorFields and SettingsFields name the fields a
	// file's rows of that kind set, as AssetFields does for assets (nil: whole rows).
	UnitFields, ProjectFields, IndicatorFields, SettingsFields []string
	// Cases are written after the assets they may refer to and before the records
	// that may carry their numbers.
	Cases []Case
	// CaseColumns names the case fields (CaseFields) the file holds; an existing case
	// keeps its stored value of every other field. nil: all of them.
	CaseColumns []string
	// Rows gives each item's source row number (by kind and index) for messages.
	Rows map[string][]int
	// SkipInvalid keeps the valid rows and reports the others instead of writing nothing.
	SkipInvalid bool
	DryRun      bool
	// Fresh promises that none of the batch's rows exist yet (generated data, the
	// demo into an empty database), so the look-ups for existing rows are skipped.
	Fresh bool
	// Untracked rows (generated data) get no import key, so no later import will
	// recognise them; it saves the key index on a million generated records.
	Untracked bool
	Source    string // the file, for the audit entry
	Progress  func(done, total int)
	// Seen is what the import's preview read (ImportSummary.Seen of the dry run): a
	// stored row whose version differs from it was changed by someone else since, and
	// the import stops naming those rows unless Overwrite. Without Seen, the baseline
	// is what the import's own transaction reads.
	Seen *ReadMark
	// Overwrite updates rows someone else changed since they were read (each change
	// is still audited, theirs and this one).
	Overwrite bool
}

// ImportSummary counts what an import did.
type ImportSummary struct {
	Added     int          `json:"added"`
	Updated   int          `json:"updated"`
	Unchanged int          `json:"unchanged"`
	Rejected  int          `json:"rejected"`
	Errors    []FieldError `json:"errors,omitempty"`
	Warnings  []FieldError `json:"warnings,omitempty"`
	// ReportRelevant counts the updated rows that change a field the report reads (class,
	// unit, official, original value, start and disposal dates, status, use category,
	// body type, stated length or area; a project's budget or disclosure).
	ReportRelevant int `json:"report_relevant"`
	// Changes lists the field changes of updated rows, at most MaxListedChanges rows.
	Changes []RowChanges `json:"changes,omitempty"`
	// Seen is what the import read of the stored rows it matched (see Batch.Seen).
	Seen *ReadMark `json:"-"`
}

// MaxListedChanges caps the rows whose changes an import summary lists one by one.
const MaxListedChanges = 1000

// Store is everything the app, ledgerctl and the reports need from storage.
type Store interface {
	Classes
	Units
	Assets
	Projects
	Records
	Settings
	Audit
	Cases
	CaseLinker
	// Import writes a batch all-or-nothing (see Batch.SkipInvalid).
	Import(ctx context.Context, b *Batch) (ImportSummary, error)
	// Empty reports whether the database holds no unit, asset, project or record.
	Empty(ctx context.Context) (bool, error)
	// Backup writes a consistent copy of the database to w.
	Backup(ctx context.Context, w io.Writer) error
	// Describe names the backend and location for the title bar and logs.
	Describe() string
	Close() error
}
