-- restrictd: least privilege for the running server (issue 8; docs/operations.md, "Database roles").
--
-- The server needs to read the data, write records through the admin API, and update one
-- column of api_tokens. It never needs to write `changes` or `token_changes` (the audit
-- triggers do), to delete or truncate anything, to change the schema, or to see which
-- migrations ran. So:
--   * restrictd_app: a NOLOGIN role holding exactly those rights. Give it to the LOGIN role
--     the server connects as (GRANT restrictd_app TO restrictd_server); run migrations, the
--     seed and `restrictd token` as the owner of the tables, a separate role.
--   * The audit trigger functions run as their owner (SECURITY DEFINER, with a fixed
--     search_path so that nobody can slip a table of their own in front of ours): they can
--     append to `changes` while the application role cannot.
-- Roles belong to the cluster, not to the database: the role is made once, by the first
-- database migrated, and only when the migrating user may create roles. Otherwise a warning
-- says so, and a DBA makes the role (CREATE ROLE restrictd_app NOLOGIN) and runs this
-- migration's grants by hand (docs/operations.md lists them).

-- The actor of a change made outside the application is the user who logged in: inside a
-- SECURITY DEFINER function current_user is the owner, so session_user is used instead.
CREATE OR REPLACE FUNCTION restrictd_audit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    entity_name text := CASE TG_TABLE_NAME WHEN 'sources' THEN 'source'
                                           WHEN 'subjects' THEN 'subject'
                                           WHEN 'aliases' THEN 'alias'
                                           ELSE 'ruling' END;
    act text;
    rev bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(7232401530);  -- one writer at a time: revisions commit in order
    IF TG_OP = 'INSERT' THEN
        act := 'create';
    ELSIF OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL THEN
        act := 'revoke';
    ELSIF OLD.revoked_at IS NOT NULL AND NEW.revoked_at IS NULL THEN
        act := 'restore';
    ELSE
        act := 'update';
    END IF;
    INSERT INTO changes (actor, action, entity, entity_id, before, after)
    VALUES (coalesce(nullif(current_setting('restrictd.actor', true), ''), 'sql:' || session_user),
            act, entity_name, NEW.id::text,
            CASE WHEN TG_OP = 'UPDATE' THEN to_jsonb(OLD) END, to_jsonb(NEW))
    RETURNING revision INTO rev;
    PERFORM pg_notify('restrictd_changes', rev::text);
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION restrictd_token_audit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    act text;
BEGIN
    IF TG_OP = 'INSERT' THEN
        act := 'create';
    ELSIF OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL THEN
        act := 'revoke';
    ELSIF OLD.revoked_at IS NOT NULL AND NEW.revoked_at IS NULL THEN
        act := 'restore';
    ELSE
        act := 'update';
    END IF;
    INSERT INTO token_changes (actor, action, name, role)
    VALUES (coalesce(nullif(current_setting('restrictd.actor', true), ''), 'sql:' || session_user),
            act, NEW.name, NEW.role);
    PERFORM pg_notify('restrictd_tokens', NEW.name);
    RETURN NULL;
END $$;

-- Run as the owner, with the search path pinned to the schema the tables are in (then
-- pg_temp, last, so that a temporary table cannot shadow `changes`).
DO $$
DECLARE
    s text := current_schema();
BEGIN
    EXECUTE format('ALTER FUNCTION %I.restrictd_audit() SECURITY DEFINER'
                   ' SET search_path = %I, pg_temp', s, s);
    EXECUTE format('ALTER FUNCTION %I.restrictd_token_audit() SECURITY DEFINER'
                   ' SET search_path = %I, pg_temp', s, s);
    -- Trigger functions cannot be called directly; nobody needs EXECUTE on them.
    EXECUTE format('REVOKE EXECUTE ON FUNCTION %I.restrictd_audit() FROM PUBLIC', s);
    EXECUTE format('REVOKE EXECUTE ON FUNCTION %I.restrictd_token_audit() FROM PUBLIC', s);
END $$;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'restrictd_app') THEN
        IF NOT (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user) THEN
            RAISE WARNING 'restrictd: % may not create roles, so the application role '
                          'restrictd_app was not made and nothing was granted. A DBA should run '
                          '"CREATE ROLE restrictd_app NOLOGIN" and the GRANTs of '
                          'docs/operations.md ("Database roles"), then give restrictd_app to the '
                          'role the server logs in as.', current_user;
            RETURN;
        END IF;
        BEGIN
            CREATE ROLE restrictd_app NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL; -- another database of this cluster was migrated at the same moment
        END;
    END IF;

    -- Read everything the snapshot, the history routes and the token checks read.
    GRANT SELECT ON sources, subjects, aliases, rulings, changes, api_tokens, token_changes
        TO restrictd_app;
    -- The admin API creates, replaces and revokes records (revoking is an UPDATE).
    GRANT INSERT, UPDATE ON sources, subjects, aliases, rulings TO restrictd_app;
    GRANT USAGE ON SEQUENCE aliases_id_seq TO restrictd_app;
    -- Admin token checks record when a token was last used, and nothing else.
    GRANT UPDATE (last_used_at) ON api_tokens TO restrictd_app;
    -- Nothing on changes, token_changes (beyond SELECT) or schema_migrations; no DELETE,
    -- TRUNCATE, REFERENCES or TRIGGER anywhere; no CREATE on the schema.
END $$;
