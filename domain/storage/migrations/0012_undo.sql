-- The whole stored row of an asset as it was before a change (JSON), on the first audit
-- entry of the change: what Ctrl+Z in the desktop puts back, geometry and attributes
-- included (the per-field entries hold text, and a geometry only as a hash). NULL on
-- every other entry and on entries written before this migration. Adding a nullable
-- column rebuilds no table.
ALTER TABLE audit_log ADD COLUMN before_row TEXT;
