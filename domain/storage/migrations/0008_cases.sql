-- Cases: 数字城管 cases and 12345 hotline tickets (DESIGN.md "Cases"). Times are
-- BIGINT seconds of the platform's wall-clock time (no zone) since 1970-01-01 00:00,
-- NULL when not known, so that intervals (time to resolve) are plain subtraction in
-- both SQLite and PostgreSQL. year and month are those of reported_at.
CREATE TABLE cases (
    id {{ID}},
    case_no TEXT NOT NULL,
    source TEXT NOT NULL,
    category TEXT NOT NULL,
    class_code TEXT NOT NULL DEFAULT '',
    class_name TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    lon {{REAL}},
    lat {{REAL}},
    component_id TEXT NOT NULL DEFAULT '',
    asset_class TEXT NOT NULL DEFAULT '',
    asset_code TEXT NOT NULL DEFAULT '',
    asset_id BIGINT REFERENCES assets(id) ON DELETE SET NULL,
    year INTEGER NOT NULL,
    month INTEGER NOT NULL,
    reported_at BIGINT NOT NULL,
    dispatched_at BIGINT,
    deadline BIGINT,
    resolved_at BIGINT,
    closed_at BIGINT,
    replied_at BIGINT,
    unit TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    fingerprint TEXT NOT NULL DEFAULT '',
    version BIGINT NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX cases_no ON cases(case_no);
-- The 案件 screen lists cases newest first, a page at a time (keyset); a year is a
-- range of reported_at.
CREATE INDEX cases_reported ON cases(reported_at, id);
-- A class can be rare (a few cases in a million): its first page would otherwise
-- walk the whole year.
CREATE INDEX cases_class_reported ON cases(class_name, reported_at, id);
-- The asset detail lists its cases; most cases concern no registered asset.
CREATE INDEX cases_asset ON cases(asset_id) WHERE asset_id IS NOT NULL;
-- Overdue is counted as of a moment (now, or a year's closing): over the unresolved
-- cases only, a few in a hundred.
CREATE INDEX cases_unresolved ON cases(year, deadline) WHERE resolved_at IS NULL AND deadline IS NOT NULL;

-- The year's grouped aggregate that every case figure is computed from, kept up to
-- date by every write of a case in the same transaction: a year's figures read its
-- tens of thousands of groups, not its million cases. Overdue depends on the moment
-- and is counted from the cases (cases_unresolved).
CREATE TABLE case_stats (
    year INTEGER NOT NULL,
    source TEXT NOT NULL,
    category TEXT NOT NULL,
    class_name TEXT NOT NULL,
    class_code TEXT NOT NULL,
    unit TEXT NOT NULL,
    month INTEGER NOT NULL,
    status TEXT NOT NULL,
    n BIGINT NOT NULL,
    n_resolved BIGINT NOT NULL,
    n_on_time BIGINT NOT NULL,
    n_closed BIGINT NOT NULL,
    n_replied BIGINT NOT NULL,
    n_replied_on_time BIGINT NOT NULL,
    resolve_seconds BIGINT NOT NULL,
    PRIMARY KEY (year, source, category, class_name, class_code, unit, month, status)
);

-- The cut-off: when a year is closed, its grouped aggregate (overdue counted as of
-- that moment) is copied here and its figures come from this copy until it is
-- reopened, so later exports (which carry later states of old cases) never move a
-- closed year's figures.
CREATE TABLE case_cutoffs (
    year INTEGER PRIMARY KEY,
    frozen_at BIGINT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE case_stats_frozen (
    year INTEGER NOT NULL,
    source TEXT NOT NULL,
    category TEXT NOT NULL,
    class_name TEXT NOT NULL,
    class_code TEXT NOT NULL,
    unit TEXT NOT NULL,
    month INTEGER NOT NULL,
    status TEXT NOT NULL,
    n BIGINT NOT NULL,
    n_resolved BIGINT NOT NULL,
    n_on_time BIGINT NOT NULL,
    n_closed BIGINT NOT NULL,
    n_replied BIGINT NOT NULL,
    n_replied_on_time BIGINT NOT NULL,
    resolve_seconds BIGINT NOT NULL,
    n_overdue BIGINT NOT NULL,
    PRIMARY KEY (year, source, category, class_name, class_code, unit, month, status)
);

-- A maintenance record may carry the number of the case it answered.
ALTER TABLE maintenance_records ADD COLUMN case_no TEXT NOT NULL DEFAULT '';
CREATE INDEX records_case_no ON maintenance_records(case_no) WHERE case_no <> '';
