package domain

import (
	"context"
	"time"
)

// CaseFilter selects cases for the 案件 screen and exports. Zero values mean "any".
type CaseFilter struct {
	Year      int // reported in this year
	Month     int // and this month (with Year)
	Source    string
	Category  string
	ClassName string
	Unit      string
	Status    string
	AssetID   int64
	// OverdueAt, when set, keeps only the cases overdue at that wall-clock time.
	OverdueAt time.Time
	// Search matches the case number, address or description (substring, any case).
	Search string
	// Cases are listed newest first (reported_at, then ID, descending). After, when
	// set, continues a listing after that case (keyset paging: what the screen's
	// pages use, so the thousandth page costs what the first does).
	After *CaseCursor
	// Offset skips that many cases when After is not set (a table scrolled straight
	// to a far row, whose previous page was never read).
	Offset int
	Limit  int // 0: no limit
}

// CaseCursor is the position of a case in the newest-first order.
type CaseCursor struct {
	ReportedAt time.Time
	ID         int64
}

// Cursor is the case's position in the newest-first order.
func (c *Case) Cursor() *CaseCursor { return &CaseCursor{ReportedAt: c.ReportedAt, ID: c.ID} }

// Cases are the 数字城管 and 12345 cases. Cases are operational records: they are
// accepted in closed years too, and a closed year's figures come from the states the
// cases had when it was closed.
type Cases interface {
	GetCase(ctx context.Context, id int64) (*Case, error)
	// GetCaseByNo finds a case by its number (KindNotFound when there is none).
	GetCaseByNo(ctx context.Context, no string) (*Case, error)
	FindCases(ctx context.Context, f CaseFilter) ([]Case, error)
	CountCases(ctx context.Context, f CaseFilter) (int64, error)
	// SaveCase inserts a case (ID 0) or updates it when the stored Version equals
	// c.Version (KindConflict otherwise), writing audit entries.
	SaveCase(ctx context.Context, c *Case) error
	DeleteCase(ctx context.Context, id int64, version int64) error
	// CaseGroups aggregates the cases reported in year, excluding none (作废 is a
	// status of its own), as of now (a wall-clock time) for an open year and as of
	// the moment it was closed for a closed one.
	CaseGroups(ctx context.Context, year int, now time.Time) (*CaseGroups, error)
}

// CaseFields are the import columns of a case, in the order of DESIGN.md "Cases".
var CaseFields = []string{"case_no", "source", "category", "class_code", "class_name", "description", "address",
	"lon", "lat", "component_id", "asset_class", "asset_code", "reported_at", "dispatched_at", "deadline",
	"resolved_at", "closed_at", "replied_at", "unit", "status", "note"}
