-- Rules the database keeps itself (issue 16), so that they hold for every program that
-- writes the file (the sqlite3 shell too), not only for CityLedger. The PostgreSQL twin
-- of this migration (0009_access.postgres.sql) keeps the same rules with the server's
-- means (locks, roles, functions). A trigger's refusal carries a token of ours
-- ('cityledger:…') that storage turns into a catalogue message.
--
-- Closed years: nothing is written into a year whose settings say closed. A record or
-- project belongs to its year; an indicator to its project's; an asset belongs to the
-- years of its start and disposal dates, and only adding or removing it, or moving one
-- of those dates, changes a closed year's figures (domain.ClosedYearDates is the same
-- rule in Go). Cases are operational records accepted in closed years (DESIGN.md).
CREATE TRIGGER records_closed_year_insert BEFORE INSERT ON maintenance_records
WHEN EXISTS (SELECT 1 FROM year_settings WHERE year = NEW.year AND closed)
BEGIN SELECT RAISE(ABORT, 'cityledger:year_closed'); END;
CREATE TRIGGER records_closed_year_update BEFORE UPDATE ON maintenance_records
WHEN EXISTS (SELECT 1 FROM year_settings WHERE year IN (OLD.year, NEW.year) AND closed)
BEGIN SELECT RAISE(ABORT, 'cityledger:year_closed'); END;
CREATE TRIGGER records_closed_year_delete BEFORE DELETE ON maintenance_records
WHEN EXISTS (SELECT 1 FROM year_settings WHERE year = OLD.year AND closed)
BEGIN SELECT RAISE(ABORT, 'cityledger:year_closed'); END;

CREATE TRIGGER projects_closed_year_insert BEFORE INSERT ON projects
WHEN EXISTS (SELECT 1 FROM year_settings WHERE year = NEW.year AND closed)
BEGIN SELECT RAISE(ABORT, 'cityledger:year_closed'); END;
CREATE TRIGGER projects_closed_year_update BEFORE UPDATE ON projects
WHEN EXISTS (SELECT 1 FROM year_settings WHERE year IN (OLD.year, NEW.year) AND closed)
BEGIN SELECT RAISE(ABORT, 'cityledger:year_closed'); END;
CREATE TRIGGER projects_closed_year_delete BEFORE DELETE ON projects
WHEN EXISTS (SELECT 1 FROM year_settings WHERE year = OLD.year AND closed)
BEGIN SELECT RAISE(ABORT, 'cityledger:year_closed'); END;

CREATE TRIGGER indicators_closed_year_insert BEFORE INSERT ON indicators
WHEN EXISTS (SELECT 1 FROM projects p JOIN year_settings s ON s.year = p.year WHERE p.id = NEW.project_id AND s.closed)
BEGIN SELECT RAISE(ABORT, 'cityledger:year_closed'); END;
CREATE TRIGGER indicators_closed_year_update BEFORE UPDATE ON indicators
WHEN EXISTS (SELECT 1 FROM projects p JOIN year_settings s ON s.year = p.year WHERE p.id IN (OLD.project_id, NEW.project_id) AND s.closed)
BEGIN SELECT RAISE(ABORT, 'cityledger:year_closed'); END;
CREATE TRIGGER indicators_closed_year_delete BEFORE DELETE ON indicators
WHEN EXISTS (SELECT 1 FROM projects p JOIN year_settings s ON s.year = p.year WHERE p.id = OLD.project_id AND s.closed)
BEGIN SELECT RAISE(ABORT, 'cityledger:year_closed'); END;

-- A closed year's settings change only by reopening it (closed true → false).
CREATE TRIGGER settings_closed_year_update BEFORE UPDATE ON year_settings
WHEN OLD.closed AND NEW.closed
BEGIN SELECT RAISE(ABORT, 'cityledger:year_closed'); END;
CREATE TRIGGER settings_closed_year_delete BEFORE DELETE ON year_settings
WHEN OLD.closed
BEGIN SELECT RAISE(ABORT, 'cityledger:year_closed'); END;

-- Assets: the year of a date is its first four characters; NULL or '' is no year.
CREATE TRIGGER assets_closed_year_insert BEFORE INSERT ON assets
WHEN EXISTS (SELECT 1 FROM year_settings WHERE closed AND year IN (CAST(substr(NEW.start_date, 1, 4) AS INTEGER), CAST(substr(NEW.disposal_date, 1, 4) AS INTEGER)))
BEGIN SELECT RAISE(ABORT, 'cityledger:year_closed'); END;
CREATE TRIGGER assets_closed_year_update BEFORE UPDATE OF start_date, disposal_date ON assets
WHEN (NEW.start_date IS NOT OLD.start_date AND EXISTS (SELECT 1 FROM year_settings WHERE closed AND year IN (CAST(substr(OLD.start_date, 1, 4) AS INTEGER), CAST(substr(NEW.start_date, 1, 4) AS INTEGER))))
  OR (NEW.disposal_date IS NOT OLD.disposal_date AND EXISTS (SELECT 1 FROM year_settings WHERE closed AND year IN (CAST(substr(OLD.disposal_date, 1, 4) AS INTEGER), CAST(substr(NEW.disposal_date, 1, 4) AS INTEGER))))
BEGIN SELECT RAISE(ABORT, 'cityledger:year_closed'); END;
CREATE TRIGGER assets_closed_year_delete BEFORE DELETE ON assets
WHEN EXISTS (SELECT 1 FROM year_settings WHERE closed AND year IN (CAST(substr(OLD.start_date, 1, 4) AS INTEGER), CAST(substr(OLD.disposal_date, 1, 4) AS INTEGER)))
BEGIN SELECT RAISE(ABORT, 'cityledger:year_closed'); END;

-- The audit log only grows. (Whoever owns the file can drop a trigger; on SQLite the
-- file's owner is the one person who uses it, and who is the operating system's user.)
CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'cityledger:audit_append_only'); END;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'cityledger:audit_append_only'); END;
