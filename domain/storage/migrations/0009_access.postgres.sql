-- Rules the server keeps itself (issue 16), so that they hold for psql as for
-- CityLedger. {{SCHEMA}} is this database's schema: every function runs with it as its
-- search path, so no one can slip a table of their own in front of ours. Refusals
-- carry SQLSTATEs of ours that storage turns into catalogue messages:
--   CL001 the year (DETAIL) is closed     CL002 the year (DETAIL) is not closed
--   CL003 a migration that is not the next one     42501 a privilege refused
-- The roles (cityledger_viewer, _editor, _finance, _admin) and their grants are made by
-- `ledgerctl access setup` (storage/access.go); without them only this schema's owner
-- may run the SECURITY DEFINER functions below.

-- Restores: the closed-year rules yield to a restore's own transaction, marked by a row
-- only cityledger_restore_begin (an admin's) writes. The rows stay: a log of restores.
CREATE TABLE restore_log (
    txid BIGINT PRIMARY KEY,
    who TEXT NOT NULL,
    at TEXT NOT NULL
);

CREATE FUNCTION cityledger_now() RETURNS text
LANGUAGE sql STABLE SET search_path = {{SCHEMA}}, pg_temp AS $$
    SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
$$;

CREATE FUNCTION cityledger_restoring() RETURNS boolean
LANGUAGE sql STABLE SET search_path = {{SCHEMA}}, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM restore_log WHERE txid = txid_current_if_assigned())
$$;

-- One lock per year of this schema: every write into year y holds it shared until it
-- commits; closing or reopening y holds it exclusively. So a close waits for the writes
-- into its year that started before it, and a write that comes later waits for the
-- close and then finds the year closed: no interleaving lets a row in.
CREATE FUNCTION cityledger_lock_year(y integer, exclusive boolean) RETURNS void
LANGUAGE plpgsql SET search_path = {{SCHEMA}}, pg_temp AS $$
BEGIN
    IF exclusive THEN
        PERFORM pg_advisory_xact_lock(hashtext('cityledger.year.' || current_schema()), y);
    ELSE
        PERFORM pg_advisory_xact_lock_shared(hashtext('cityledger.year.' || current_schema()), y);
    END IF;
END
$$;

-- cityledger_guard_years takes the shared lock of each year written (in order, so two
-- writers never wait on each other crosswise) and refuses a closed one.
CREATE FUNCTION cityledger_guard_years(years integer[]) RETURNS void
LANGUAGE plpgsql SET search_path = {{SCHEMA}}, pg_temp AS $$
DECLARE
    y integer;
BEGIN
    IF cityledger_restoring() THEN
        RETURN;
    END IF;
    FOR y IN SELECT DISTINCT u FROM unnest(years) AS u WHERE u IS NOT NULL ORDER BY u LOOP
        PERFORM cityledger_lock_year(y, false);
        IF EXISTS (SELECT 1 FROM year_settings WHERE year = y AND closed) THEN
            RAISE EXCEPTION 'year % is closed', y USING ERRCODE = 'CL001', DETAIL = y::text;
        END IF;
    END LOOP;
END
$$;

-- The year of a date text ('YYYY-MM-DD'); NULL for none.
CREATE FUNCTION cityledger_date_year(d text) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN d ~ '^[0-9]{4}' THEN substr(d, 1, 4)::integer END
$$;

-- Records, projects and indicators: statement triggers over the rows a statement
-- wrote, so a bulk insert of thousands of rows asks once, not once per row.
CREATE FUNCTION cityledger_guard_records() RETURNS trigger
LANGUAGE plpgsql SET search_path = {{SCHEMA}}, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM cityledger_guard_years(ARRAY(SELECT DISTINCT year FROM new_rows));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM cityledger_guard_years(ARRAY(SELECT year FROM old_rows UNION SELECT year FROM new_rows));
    ELSE
        PERFORM cityledger_guard_years(ARRAY(SELECT DISTINCT year FROM old_rows));
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER records_closed_year_insert AFTER INSERT ON maintenance_records
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cityledger_guard_records();
CREATE TRIGGER records_closed_year_update AFTER UPDATE ON maintenance_records
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cityledger_guard_records();
CREATE TRIGGER records_closed_year_delete AFTER DELETE ON maintenance_records
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION cityledger_guard_records();
CREATE TRIGGER projects_closed_year_insert AFTER INSERT ON projects
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cityledger_guard_records();
CREATE TRIGGER projects_closed_year_update AFTER UPDATE ON projects
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cityledger_guard_records();
CREATE TRIGGER projects_closed_year_delete AFTER DELETE ON projects
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION cityledger_guard_records();

CREATE FUNCTION cityledger_guard_indicators() RETURNS trigger
LANGUAGE plpgsql SET search_path = {{SCHEMA}}, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM cityledger_guard_years(ARRAY(SELECT p.year FROM new_rows n JOIN projects p ON p.id = n.project_id));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM cityledger_guard_years(ARRAY(SELECT p.year FROM old_rows o JOIN projects p ON p.id = o.project_id
            UNION SELECT p.year FROM new_rows n JOIN projects p ON p.id = n.project_id));
    ELSE
        PERFORM cityledger_guard_years(ARRAY(SELECT p.year FROM old_rows o JOIN projects p ON p.id = o.project_id));
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER indicators_closed_year_insert AFTER INSERT ON indicators
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cityledger_guard_indicators();
CREATE TRIGGER indicators_closed_year_update AFTER UPDATE ON indicators
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cityledger_guard_indicators();
CREATE TRIGGER indicators_closed_year_delete AFTER DELETE ON indicators
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION cityledger_guard_indicators();

-- Assets (domain.ClosedYearDates): adding or removing an asset dated in a closed year,
-- or moving its start or disposal date into or out of one. An update that leaves both
-- dates alone (the usual edit) does not call the function at all.
CREATE FUNCTION cityledger_guard_assets() RETURNS trigger
LANGUAGE plpgsql SET search_path = {{SCHEMA}}, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM cityledger_guard_years(ARRAY(SELECT cityledger_date_year(start_date) FROM new_rows
            UNION SELECT cityledger_date_year(disposal_date) FROM new_rows));
        RETURN NULL;
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM cityledger_guard_years(ARRAY(SELECT cityledger_date_year(start_date) FROM old_rows
            UNION SELECT cityledger_date_year(disposal_date) FROM old_rows));
        RETURN NULL;
    END IF;
    IF NEW.start_date IS DISTINCT FROM OLD.start_date THEN
        PERFORM cityledger_guard_years(ARRAY[cityledger_date_year(OLD.start_date), cityledger_date_year(NEW.start_date)]);
    END IF;
    IF NEW.disposal_date IS DISTINCT FROM OLD.disposal_date THEN
        PERFORM cityledger_guard_years(ARRAY[cityledger_date_year(OLD.disposal_date), cityledger_date_year(NEW.disposal_date)]);
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER assets_closed_year_insert AFTER INSERT ON assets
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cityledger_guard_assets();
CREATE TRIGGER assets_closed_year_delete AFTER DELETE ON assets
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION cityledger_guard_assets();
CREATE TRIGGER assets_closed_year_update BEFORE UPDATE ON assets FOR EACH ROW
WHEN (NEW.start_date IS DISTINCT FROM OLD.start_date OR NEW.disposal_date IS DISTINCT FROM OLD.disposal_date)
EXECUTE FUNCTION cityledger_guard_assets();

-- Whether the current privileges are those of the schema's owner: inside the SECURITY
-- DEFINER functions below they are; for a person they are only when that person owns
-- the schema's tables (or is a superuser).
CREATE FUNCTION cityledger_is_owner() RETURNS boolean
LANGUAGE sql STABLE SET search_path = {{SCHEMA}}, pg_temp AS $$
    SELECT pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = 'year_settings'::regclass), 'MEMBER')
$$;

-- Year settings: a closed year's settings do not change; closed itself changes only
-- through cityledger_close_year / cityledger_reopen_year (which check who may, lock
-- the year and write the audit entry), so an UPDATE in psql cannot reopen a year.
CREATE FUNCTION cityledger_guard_settings() RETURNS trigger
LANGUAGE plpgsql SET search_path = {{SCHEMA}}, pg_temp AS $$
BEGIN
    IF cityledger_restoring() THEN
        RETURN COALESCE(NEW, OLD);
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF NEW.closed AND NOT cityledger_is_owner() THEN
            RAISE EXCEPTION 'a year is closed with close-year' USING ERRCODE = '42501';
        END IF;
        PERFORM cityledger_lock_year(NEW.year, false);
        RETURN NEW;
    ELSIF TG_OP = 'UPDATE' THEN
        IF NEW.closed IS DISTINCT FROM OLD.closed THEN
            IF NOT cityledger_is_owner() THEN
                RAISE EXCEPTION 'a year is closed with close-year and reopened with reopen-year' USING ERRCODE = '42501';
            END IF;
            RETURN NEW;
        END IF;
        IF OLD.closed THEN
            RAISE EXCEPTION 'year % is closed', OLD.year USING ERRCODE = 'CL001', DETAIL = OLD.year::text;
        END IF;
        PERFORM cityledger_lock_year(NEW.year, false);
        RETURN NEW;
    END IF;
    IF OLD.closed THEN
        RAISE EXCEPTION 'year % is closed', OLD.year USING ERRCODE = 'CL001', DETAIL = OLD.year::text;
    END IF;
    RETURN OLD;
END
$$;
CREATE TRIGGER settings_closed_year BEFORE INSERT OR UPDATE OR DELETE ON year_settings
FOR EACH ROW EXECUTE FUNCTION cityledger_guard_settings();

-- The audit log: who and when come from the server (the login of the session, even
-- inside a SECURITY DEFINER function), and it only grows, for everyone but its owner.
-- A restore copies a backup's entries as they were written.
CREATE FUNCTION cityledger_audit_stamp() RETURNS trigger
LANGUAGE plpgsql SET search_path = {{SCHEMA}}, pg_temp AS $$
BEGIN
    IF NOT cityledger_restoring() THEN
        NEW.who := session_user;
        NEW.at := cityledger_now();
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER audit_log_stamp BEFORE INSERT ON audit_log
FOR EACH ROW EXECUTE FUNCTION cityledger_audit_stamp();

CREATE FUNCTION cityledger_audit_append_only() RETURNS trigger
LANGUAGE plpgsql SET search_path = {{SCHEMA}}, pg_temp AS $$
BEGIN
    IF NOT pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER') THEN
        RAISE EXCEPTION 'the audit log only grows' USING ERRCODE = '42501';
    END IF;
    RETURN COALESCE(OLD, NEW);
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION cityledger_audit_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
FOR EACH STATEMENT EXECUTE FUNCTION cityledger_audit_append_only();

-- Closing a year: the one thing cityledger_finance may do to year_settings.closed.
-- The caller has taken the year's lock (cityledger_lock_year(y, true)) and built the
-- report under it; this writes the close, the case figures as of frozen_at (the
-- cut-off of DESIGN.md "Cases", as storage.freezeCases computes them on SQLite), the
-- report and the audit entry.
CREATE FUNCTION cityledger_close_year(y integer, snapshot text, frozen_at bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {{SCHEMA}}, pg_temp AS $$
BEGIN
    PERFORM cityledger_lock_year(y, true);
    IF EXISTS (SELECT 1 FROM year_settings WHERE year = y AND closed) THEN
        RAISE EXCEPTION 'year % is closed', y USING ERRCODE = 'CL001', DETAIL = y::text;
    END IF;
    INSERT INTO year_settings (year, notes, closed, version, updated_at)
        VALUES (y, '{}', false, 1, cityledger_now()) ON CONFLICT (year) DO NOTHING;
    UPDATE year_settings SET closed = true, version = version + 1, updated_at = cityledger_now() WHERE year = y;
    DELETE FROM case_stats_frozen WHERE year = y;
    DELETE FROM case_cutoffs WHERE year = y;
    INSERT INTO case_stats_frozen (year, source, category, class_name, class_code, unit, month, status,
            n, n_resolved, n_on_time, n_closed, n_replied, n_replied_on_time, resolve_seconds, n_overdue)
        SELECT s.year, s.source, s.category, s.class_name, s.class_code, s.unit, s.month, s.status,
            s.n, s.n_resolved, s.n_on_time, s.n_closed, s.n_replied, s.n_replied_on_time, s.resolve_seconds, COALESCE(o.n, 0)
        FROM case_stats s LEFT JOIN (
            SELECT source, category, class_name, class_code, unit, month, status, COUNT(*) AS n FROM cases
            WHERE year = y AND resolved_at IS NULL AND deadline IS NOT NULL AND deadline < frozen_at
            GROUP BY source, category, class_name, class_code, unit, month, status) o
        USING (source, category, class_name, class_code, unit, month, status)
        WHERE s.year = y;
    INSERT INTO case_cutoffs (year, frozen_at, created_at) VALUES (y, frozen_at, cityledger_now());
    IF snapshot IS NOT NULL THEN
        DELETE FROM report_snapshots WHERE year = y;
        INSERT INTO report_snapshots (year, model, created_at) VALUES (y, snapshot, cityledger_now());
    END IF;
    INSERT INTO audit_log (at, who, action, entity, entity_id, code, field, old_value, new_value)
        VALUES (cityledger_now(), session_user, 'close-year', 'year-settings', y, y::text, 'closed', 'false', 'true');
END
$$;

CREATE FUNCTION cityledger_reopen_year(y integer, reason text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {{SCHEMA}}, pg_temp AS $$
BEGIN
    PERFORM cityledger_lock_year(y, true);
    UPDATE year_settings SET closed = false, version = version + 1, updated_at = cityledger_now() WHERE year = y AND closed;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'year % is not closed', y USING ERRCODE = 'CL002', DETAIL = y::text;
    END IF;
    DELETE FROM report_snapshots WHERE year = y;
    DELETE FROM case_stats_frozen WHERE year = y;
    DELETE FROM case_cutoffs WHERE year = y;
    INSERT INTO audit_log (at, who, action, entity, entity_id, code, field, old_value, new_value) VALUES
        (cityledger_now(), session_user, 'reopen-year', 'year-settings', y, y::text, 'closed', 'true', 'false'),
        (cityledger_now(), session_user, 'reopen-year', 'year-settings', y, y::text, 'reason', '', reason);
END
$$;

-- A restore (an admin's): marks its transaction so the closed-year rules let it
-- replace every year, and keeps who restored when.
CREATE FUNCTION cityledger_restore_begin() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {{SCHEMA}}, pg_temp AS $$
BEGIN
    INSERT INTO restore_log (txid, who, at) VALUES (txid_current(), session_user, cityledger_now());
END
$$;

-- A migration run by an admin who does not own the schema: applied with the owner's
-- privileges, so that every table keeps one owner, and only as the next version (an
-- applied one is never run again). grants are 'role|PRIV,PRIV|object' triples for the
-- four CityLedger roles, so that a new table gets its privileges in the same
-- transaction. object is a table (skipped when the schema has none of that name), '*'
-- (every table; for anything but SELECT every table but the audit log, the schema's
-- versions and the restore log), '*sequences*', or a function's signature (EXECUTE).
CREATE FUNCTION cityledger_apply_grants(grants text[]) RETURNS void
LANGUAGE plpgsql SET search_path = {{SCHEMA}}, pg_temp AS $$
DECLARE
    g text;
    parts text[];
    priv text;
    t text;
BEGIN
    FOREACH g IN ARRAY grants LOOP
        parts := string_to_array(g, '|');
        IF array_length(parts, 1) <> 3 OR parts[1] NOT IN ('cityledger_viewer', 'cityledger_editor', 'cityledger_finance', 'cityledger_admin') THEN
            RAISE EXCEPTION 'not a CityLedger grant: %', g USING ERRCODE = '42501';
        END IF;
        FOREACH priv IN ARRAY string_to_array(parts[2], ',') LOOP
            IF priv NOT IN ('SELECT', 'INSERT', 'UPDATE', 'DELETE', 'USAGE', 'EXECUTE') THEN
                RAISE EXCEPTION 'not a CityLedger grant: %', g USING ERRCODE = '42501';
            END IF;
        END LOOP;
        IF parts[3] = '*sequences*' THEN
            EXECUTE format('GRANT %s ON ALL SEQUENCES IN SCHEMA %I TO %I', parts[2], current_schema(), parts[1]);
        ELSIF parts[2] = 'EXECUTE' THEN
            IF to_regprocedure(parts[3]) IS NOT NULL THEN
                EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %I', to_regprocedure(parts[3])::text, parts[1]);
            END IF;
        ELSIF parts[3] = '*' THEN
            FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema()
                    AND (parts[2] = 'SELECT' OR tablename NOT IN ('audit_log', 'schema_migrations', 'restore_log')) LOOP
                EXECUTE format('GRANT %s ON TABLE %I TO %I', parts[2], t, parts[1]);
            END LOOP;
        ELSIF to_regclass(quote_ident(parts[3])) IS NOT NULL THEN
            EXECUTE format('GRANT %s ON TABLE %I TO %I', parts[2], parts[3], parts[1]);
        END IF;
    END LOOP;
END
$$;

CREATE FUNCTION cityledger_migrate(v integer, migration_name text, statements text[], grants text[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {{SCHEMA}}, pg_temp AS $$
DECLARE
    s text;
BEGIN
    IF EXISTS (SELECT 1 FROM schema_migrations WHERE version >= v) THEN
        RAISE EXCEPTION 'migration % is not the next one', v USING ERRCODE = 'CL003', DETAIL = v::text;
    END IF;
    FOREACH s IN ARRAY statements LOOP
        EXECUTE s;
    END LOOP;
    PERFORM cityledger_apply_grants(grants);
    INSERT INTO schema_migrations (version, name, applied_at) VALUES (v, migration_name, cityledger_now());
    INSERT INTO audit_log (at, who, action, entity, entity_id, code, field, old_value, new_value)
        VALUES (cityledger_now(), session_user, 'migrate', 'schema', v, migration_name, 'version', '', v::text);
END
$$;

-- Without `access setup` only the owner runs these (PUBLIC may execute a new function).
REVOKE EXECUTE ON FUNCTION cityledger_close_year(integer, text, bigint) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION cityledger_reopen_year(integer, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION cityledger_restore_begin() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION cityledger_migrate(integer, text, text[], text[]) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION cityledger_apply_grants(text[]) FROM PUBLIC;
