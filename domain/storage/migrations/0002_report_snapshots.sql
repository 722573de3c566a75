-- The report model of a closed year, so its reports render byte-for-byte the same
-- whatever changes later.
CREATE TABLE report_snapshots (
    year INTEGER PRIMARY KEY,
    model TEXT NOT NULL,
    created_at TEXT NOT NULL
);
