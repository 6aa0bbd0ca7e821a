-- restrictd: the audit trail written once per statement instead of once per row
-- (docs/decisions/0001-audit-trail-by-trigger.md, "Per statement"). The rows a statement
-- wrote come from its transition tables: one INSERT INTO changes for all of them, one
-- notification. Same rows in `changes` as before (one per record written, with its action,
-- actor and images), in the order of the records' ids within a statement; a list of 30,000
-- records is audited in a fifth of the time, so that imports can write whole sets at once.
CREATE OR REPLACE FUNCTION restrictd_audit_statement() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    entity_name text := CASE TG_TABLE_NAME WHEN 'sources' THEN 'source'
                                           WHEN 'subjects' THEN 'subject'
                                           WHEN 'aliases' THEN 'alias'
                                           ELSE 'ruling' END;
    who text := coalesce(nullif(current_setting('restrictd.actor', true), ''),
                         'sql:' || session_user);
    written bigint;
    expected bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(7232401530);  -- one writer at a time: revisions commit in order
    IF TG_OP = 'INSERT' THEN
        INSERT INTO changes (actor, action, entity, entity_id, before, after)
        SELECT who, 'create', entity_name, n.id::text, NULL, to_jsonb(n)
        FROM new_rows n ORDER BY n.id;
        GET DIAGNOSTICS written = ROW_COUNT;
    ELSE
        INSERT INTO changes (actor, action, entity, entity_id, before, after)
        SELECT who,
               CASE WHEN o.revoked_at IS NULL AND n.revoked_at IS NOT NULL THEN 'revoke'
                    WHEN o.revoked_at IS NOT NULL AND n.revoked_at IS NULL THEN 'restore'
                    ELSE 'update' END,
               entity_name, n.id::text, to_jsonb(o), to_jsonb(n)
        FROM new_rows n JOIN old_rows o ON o.id = n.id ORDER BY n.id;
        GET DIAGNOSTICS written = ROW_COUNT;
        -- Old and new images are paired by id: an id is never changed.
        SELECT count(*) INTO expected FROM new_rows;
        IF written <> expected THEN
            RAISE EXCEPTION 'UPDATE on % refused: a record''s id never changes', TG_TABLE_NAME
                USING ERRCODE = 'restrict_violation';
        END IF;
    END IF;
    IF written > 0 THEN
        PERFORM pg_notify('restrictd_changes', '');
    END IF;
    RETURN NULL;
END $$;

DO $$
DECLARE
    s text := current_schema();
    t text;
BEGIN
    EXECUTE format('ALTER FUNCTION %I.restrictd_audit_statement() SECURITY DEFINER'
                   ' SET search_path = %I, pg_temp', s, s);
    EXECUTE format('REVOKE EXECUTE ON FUNCTION %I.restrictd_audit_statement() FROM PUBLIC', s);
    FOREACH t IN ARRAY ARRAY['sources', 'subjects', 'aliases', 'rulings'] LOOP
        EXECUTE format('DROP TRIGGER %I ON %I', t || '_audit', t);
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION restrictd_audit_statement()',
                       t || '_audit_insert', t);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I'
                       ' REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION restrictd_audit_statement()',
                       t || '_audit_update', t);
    END LOOP;
END $$;

DROP FUNCTION restrictd_audit();
