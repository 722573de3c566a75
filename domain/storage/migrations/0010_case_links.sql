-- How a case's asset was found (domain.Link*): by its 部件标识码 or its class and code
-- (worked out again at every import and save), or by a person confirming the nearest
-- asset or choosing one (kept until the case's own columns name an asset). '' when the
-- case is not linked.
ALTER TABLE cases ADD COLUMN asset_link TEXT NOT NULL DEFAULT '';
UPDATE cases SET asset_link = 'asset_code' WHERE asset_id IS NOT NULL;
