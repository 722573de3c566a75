-- Asset classes as data (DESIGN.md "Asset classes"). The built-in classes keep their
-- columns; every other declared field of a class is an attribute in attrs, a JSON object
-- (TEXT in SQLite, JSONB in PostgreSQL) that is NULL when the asset has none. Adding
-- columns leaves every existing row as it was: no table is rebuilt.
ALTER TABLE assets ADD COLUMN attrs {{JSON}};
-- The 部件标识码 of the city platform: 6-digit district code, component code, sequence.
ALTER TABLE assets ADD COLUMN component_id TEXT;
CREATE UNIQUE INDEX assets_component_id ON assets(component_id) WHERE component_id IS NOT NULL;

-- The catalogue entries a database adds to the built-in ones: a user class (builtin
-- false, definition its declaration) or the fields users added to a built-in class
-- (builtin true, definition the list of those fields). JSON text in both dialects.
CREATE TABLE asset_classes (
    key TEXT PRIMARY KEY,
    builtin BOOLEAN NOT NULL,
    definition TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL
);

-- Settings of the whole database (not of a year): the district's code for component
-- IDs, and the catalogue's version that tells a store to reload it.
CREATE TABLE ledger_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
