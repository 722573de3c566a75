-- CityLedger schema, version 1. Portable SQL for SQLite and PostgreSQL: the tokens
-- {{ID}}, {{BLOB}} and {{REAL}} are replaced per dialect by migrate.go. Dates are
-- TEXT 'YYYY-MM-DD' (sorts and compares alike in both), money BIGINT 分, booleans
-- BOOLEAN bound from Go bools. Every row has a version for optimistic locking.

CREATE TABLE units (
    id {{ID}},
    name TEXT NOT NULL,
    short_name TEXT NOT NULL,
    parent_id BIGINT REFERENCES units(id),
    independent_accounting BOOLEAN NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX units_name ON units(name);
CREATE UNIQUE INDEX units_short_name ON units(short_name);

CREATE TABLE assets (
    id {{ID}},
    class TEXT NOT NULL,
    code TEXT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    status TEXT NOT NULL,
    start_date TEXT,
    disposal_date TEXT,
    original_value BIGINT NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    plate TEXT NOT NULL DEFAULT '',
    body_type TEXT NOT NULL DEFAULT '',
    official BOOLEAN NOT NULL,
    road TEXT NOT NULL DEFAULT '',
    power_w {{REAL}} NOT NULL DEFAULT 0,
    pole_height_m {{REAL}} NOT NULL DEFAULT 0,
    material TEXT NOT NULL DEFAULT '',
    diameter_mm INTEGER NOT NULL DEFAULT 0,
    capacity TEXT NOT NULL DEFAULT '',
    length_m {{REAL}} NOT NULL DEFAULT 0,
    area_m2 {{REAL}} NOT NULL DEFAULT 0,
    geom_length_m {{REAL}} NOT NULL DEFAULT 0,
    geom_area_m2 {{REAL}} NOT NULL DEFAULT 0,
    geom {{BLOB}},
    min_x {{REAL}},
    min_y {{REAL}},
    max_x {{REAL}},
    max_y {{REAL}},
    fingerprint TEXT NOT NULL DEFAULT '',
    version BIGINT NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX assets_class_code ON assets(class, code);
CREATE INDEX assets_class_road ON assets(class, road, id);
CREATE INDEX assets_class_start ON assets(class, start_date, id);
CREATE INDEX assets_class_unit ON assets(class, unit_id, id);
CREATE INDEX assets_class_kind ON assets(class, kind, id);
CREATE INDEX assets_class_value ON assets(class, original_value, id);
CREATE INDEX assets_class_status ON assets(class, status, id);

CREATE TABLE projects (
    id {{ID}},
    year INTEGER NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    function_code TEXT NOT NULL DEFAULT '',
    budget BIGINT NOT NULL DEFAULT 0,
    fiscal_budget BIGINT NOT NULL DEFAULT 0,
    other_budget BIGINT NOT NULL DEFAULT 0,
    goal TEXT NOT NULL DEFAULT '',
    result TEXT NOT NULL DEFAULT '',
    problems TEXT NOT NULL DEFAULT '',
    next_steps TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    disclosed BOOLEAN NOT NULL,
    fingerprint TEXT NOT NULL DEFAULT '',
    version BIGINT NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX projects_year_code ON projects(year, code);

CREATE TABLE indicators (
    id {{ID}},
    project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    level1 TEXT NOT NULL DEFAULT '',
    level2 TEXT NOT NULL DEFAULT '',
    level3 TEXT NOT NULL DEFAULT '',
    target TEXT NOT NULL DEFAULT '',
    actual TEXT NOT NULL DEFAULT '',
    binding TEXT NOT NULL DEFAULT '',
    version BIGINT NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL
);
CREATE INDEX indicators_project ON indicators(project_id, position);

CREATE TABLE maintenance_records (
    id {{ID}},
    date TEXT NOT NULL,
    year INTEGER NOT NULL,
    month INTEGER NOT NULL,
    asset_class TEXT NOT NULL DEFAULT '',
    asset_id BIGINT REFERENCES assets(id) ON DELETE SET NULL,
    project_id BIGINT REFERENCES projects(id),
    funding TEXT NOT NULL,
    work_type TEXT NOT NULL,
    quantity {{REAL}} NOT NULL DEFAULT 0,
    quantity_unit TEXT NOT NULL DEFAULT '',
    cost BIGINT NOT NULL,
    contractor TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    import_key TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL
);
-- Covers the year's grouped aggregate (statistics, reports) so it reads the index
-- in GROUP BY order instead of sorting a million rows.
CREATE INDEX records_year_agg ON maintenance_records(year, project_id, asset_class, work_type, quantity_unit, funding, month, quantity, cost, asset_id);
CREATE INDEX records_asset ON maintenance_records(asset_id, date);
-- The maintenance screen lists a year's records by date.
CREATE INDEX records_year_date ON maintenance_records(year, date, id);
CREATE UNIQUE INDEX records_import_key ON maintenance_records(import_key) WHERE import_key IS NOT NULL;

CREATE TABLE year_settings (
    year INTEGER PRIMARY KEY,
    official_purchase_budget BIGINT,
    official_running_budget BIGINT,
    notes TEXT NOT NULL DEFAULT '{}',
    closed BOOLEAN NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL
);

CREATE TABLE audit_log (
    id {{ID}},
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id BIGINT NOT NULL DEFAULT 0,
    code TEXT NOT NULL DEFAULT '',
    field TEXT NOT NULL DEFAULT '',
    old_value TEXT NOT NULL DEFAULT '',
    new_value TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_entity ON audit_log(entity, entity_id, id);
CREATE INDEX audit_at ON audit_log(at);
