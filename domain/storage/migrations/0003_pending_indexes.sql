-- Indexes dropped for a bulk load and not yet rebuilt (see BulkLoad): Open rebuilds
-- them, so a load killed midway never leaves the records without their indexes.
CREATE TABLE pending_indexes (
    name TEXT PRIMARY KEY,
    definition TEXT NOT NULL
);
