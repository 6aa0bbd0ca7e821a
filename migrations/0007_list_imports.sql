-- restrictd: imports of published lists (docs/lists.md, "Importing"). Each import of a list
-- (OFAC SDN, non-SDN, CSL) leaves one row: when, by whom, the publication instant it was
-- given, what it found and did, and whether it was written or refused. GET /v1/sources
-- shows the latest per source, so that a failed or truncated download is seen instead of
-- silently replacing good data. Rows are only ever added.
CREATE TABLE list_imports (
    id            bigserial PRIMARY KEY,
    format        text NOT NULL CHECK (format IN ('ofac-sdn', 'ofac-cons', 'csl')),
    source_pattern text NOT NULL,          -- the sources the list owns (LIKE pattern)
    actor         text NOT NULL,
    started_at    timestamptz NOT NULL,
    finished_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    published_at  timestamptz NOT NULL,    -- the list copy's publication instant
    result        text NOT NULL CHECK (result IN ('imported', 'refused', 'failed')),
    message       text NOT NULL DEFAULT '' CHECK (length(message) <= 2000),
    counts        jsonb NOT NULL DEFAULT '{}',
    revision      bigint                   -- the data revision after a written import
);
CREATE INDEX list_imports_pattern ON list_imports (source_pattern, id);

-- A dry run makes the writes of a real import and rolls them back; the revision numbers its
-- audit rows drew from the sequence would be lost with it (and a client watching
-- X-Data-Revision would see the revision jump for nothing). Called by the dry run before it
-- rolls back, with the revision it found on taking the writers' lock, this sets the sequence
-- back there. Safe because every revision is drawn under that lock (restrictd_audit), which
-- the caller holds (taken again here: a caller without it waits its turn), and checked: every
-- revision after `start` must belong to the caller's own, still open, transaction.
CREATE OR REPLACE FUNCTION restrictd_give_back_revisions(start bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    epoch bigint := (pg_current_xact_id()::text::bigint >> 32) << 32;
BEGIN
    PERFORM pg_advisory_xact_lock(7232401530);
    IF start < 0 OR EXISTS (
        SELECT 1 FROM changes WHERE revision > start
        AND pg_xact_status((epoch | xmin::text::bigint)::text::xid8) IS DISTINCT FROM 'in progress')
    THEN
        RAISE EXCEPTION 'restrictd: revisions after % belong to other transactions', start;
    END IF;
    IF start = 0 THEN
        PERFORM setval(pg_get_serial_sequence('changes', 'revision'), 1, false);
    ELSE
        PERFORM setval(pg_get_serial_sequence('changes', 'revision'), start, true);
    END IF;
END $$;

DO $$
DECLARE
    s text := current_schema();
BEGIN
    EXECUTE format('ALTER FUNCTION %I.restrictd_give_back_revisions(bigint)'
                   ' SECURITY DEFINER SET search_path = %I, pg_temp', s, s);
    EXECUTE format('REVOKE EXECUTE ON FUNCTION %I.restrictd_give_back_revisions(bigint)'
                   ' FROM PUBLIC', s);
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'restrictd_app') THEN
        GRANT SELECT, INSERT ON list_imports TO restrictd_app;
        GRANT USAGE ON SEQUENCE list_imports_id_seq TO restrictd_app;
        EXECUTE format('GRANT EXECUTE ON FUNCTION %I.restrictd_give_back_revisions(bigint)'
                       ' TO restrictd_app', s);
    END IF;
END $$;
