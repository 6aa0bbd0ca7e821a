-- restrictd: the data model of DESIGN.md.
-- Every write to the four data tables goes through one trigger that stamps the row's
-- version, appends a full before/after image to `changes` (the audit trail, the change
-- feed and the data revision) and notifies the running instances. Writers are
-- serialised by an advisory lock taken in that trigger, so revisions commit in order.

CREATE TABLE sources (
    id            text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9._-]{0,99}$'),
    authority     text NOT NULL CHECK (authority <> ''),
    jurisdiction  text NOT NULL CHECK (jurisdiction ~ '^[A-Z]{2}$'),
    kind          text NOT NULL CHECK (kind IN ('final_determination', 'entity_list', 'statute',
                      'directive', 'sanctions', 'advisory', 'regulation', 'covered_list',
                      'government_decision')),
    title         text NOT NULL CHECK (title <> ''),
    citation      text NOT NULL CHECK (citation <> ''),
    document      text,
    signed_on     date,
    published_on  date,
    url           text CHECK (url ~ '^https?://'),
    summary       text,
    version       bigint NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    revoked_at    timestamptz
);

CREATE TABLE subjects (
    id          text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9._-]{0,99}$'),
    kind        text NOT NULL CHECK (kind IN ('organization', 'product', 'person')),
    name        text NOT NULL CHECK (name <> ''),
    country     text CHECK (country ~ '^[A-Z]{2}$' AND country <> 'EU'),
    parent_id   text REFERENCES subjects (id) DEFERRABLE INITIALLY DEFERRED,
    relation    text CHECK (relation IN ('subsidiary_of', 'product_of', 'incorporates',
                    'successor_of')),
    note        text,
    version     bigint NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz,
    CHECK ((parent_id IS NULL) = (relation IS NULL)),
    CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX subjects_parent ON subjects (parent_id);

CREATE TABLE aliases (
    id          bigserial PRIMARY KEY,
    subject_id  text NOT NULL REFERENCES subjects (id) DEFERRABLE INITIALLY DEFERRED,
    alias       text NOT NULL CHECK (alias <> ''),
    kind        text NOT NULL CHECK (kind IN ('legal', 'former', 'brand', 'transliteration',
                    'domain', 'typo')),
    lang        text CHECK (lang ~ '^[a-z0-9][a-z0-9-]*$'),
    version     bigint NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz,
    UNIQUE (subject_id, alias)
);

CREATE TABLE rulings (
    id                     text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9._-]{0,99}$'),
    subject_id             text NOT NULL REFERENCES subjects (id) DEFERRABLE INITIALLY DEFERRED,
    source_id              text NOT NULL REFERENCES sources (id) DEFERRABLE INITIALLY DEFERRED,
    status                 text NOT NULL CHECK (status IN ('prohibited', 'restricted',
                               'advisory', 'exempt')),
    measure_code           text NOT NULL CHECK (measure_code ~ '^[a-z0-9][a-z0-9-]*$'),
    measure                text NOT NULL CHECK (measure <> ''),
    binds                  text NOT NULL CHECK (binds ~ '^[a-z0-9][a-z0-9-]*$'),
    effective_from         timestamptz NOT NULL,
    effective_until        timestamptz,
    extends_to_affiliates  boolean NOT NULL DEFAULT false,
    quote                  text NOT NULL CHECK (quote <> ''),
    quote_verbatim         boolean NOT NULL DEFAULT true,
    note                   text,
    version                bigint NOT NULL DEFAULT 1,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    revoked_at             timestamptz,
    CHECK (effective_until IS NULL OR effective_until > effective_from)
);
CREATE INDEX rulings_subject ON rulings (subject_id);
CREATE INDEX rulings_source ON rulings (source_id);

CREATE TABLE changes (
    revision   bigserial PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor      text NOT NULL,
    action     text NOT NULL CHECK (action IN ('create', 'update', 'revoke', 'restore')),
    entity     text NOT NULL CHECK (entity IN ('source', 'subject', 'alias', 'ruling')),
    entity_id  text NOT NULL,
    before     jsonb,
    after      jsonb NOT NULL
);
CREATE INDEX changes_entity ON changes (entity, entity_id, revision);
CREATE INDEX changes_at ON changes (at);

CREATE TABLE api_tokens (
    name           text PRIMARY KEY CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$'),
    role           text NOT NULL CHECK (role IN ('admin', 'reader')),
    secret_sha256  bytea NOT NULL UNIQUE CHECK (length(secret_sha256) = 32),
    created_at     timestamptz NOT NULL DEFAULT now(),
    revoked_at     timestamptz,
    last_used_at   timestamptz
);

-- The audit trigger. The actor comes from the transaction setting restrictd.actor
-- (set by the application), else the database user.
CREATE FUNCTION restrictd_audit() RETURNS trigger LANGUAGE plpgsql AS $$
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
    VALUES (coalesce(nullif(current_setting('restrictd.actor', true), ''), 'sql:' || current_user),
            act, entity_name, NEW.id::text,
            CASE WHEN TG_OP = 'UPDATE' THEN to_jsonb(OLD) END, to_jsonb(NEW))
    RETURNING revision INTO rev;
    PERFORM pg_notify('restrictd_changes', rev::text);
    RETURN NULL;
END $$;

-- Versions and update times are stamped before the row is written, so the image in
-- `changes` is the row as stored.
CREATE FUNCTION restrictd_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.version := OLD.version + 1;
    NEW.updated_at := now();
    NEW.created_at := OLD.created_at;
    RETURN NEW;
END $$;

CREATE TRIGGER sources_stamp BEFORE UPDATE ON sources FOR EACH ROW EXECUTE FUNCTION restrictd_stamp();
CREATE TRIGGER subjects_stamp BEFORE UPDATE ON subjects FOR EACH ROW EXECUTE FUNCTION restrictd_stamp();
CREATE TRIGGER aliases_stamp BEFORE UPDATE ON aliases FOR EACH ROW EXECUTE FUNCTION restrictd_stamp();
CREATE TRIGGER rulings_stamp BEFORE UPDATE ON rulings FOR EACH ROW EXECUTE FUNCTION restrictd_stamp();

CREATE TRIGGER sources_audit AFTER INSERT OR UPDATE ON sources FOR EACH ROW EXECUTE FUNCTION restrictd_audit();
CREATE TRIGGER subjects_audit AFTER INSERT OR UPDATE ON subjects FOR EACH ROW EXECUTE FUNCTION restrictd_audit();
CREATE TRIGGER aliases_audit AFTER INSERT OR UPDATE ON aliases FOR EACH ROW EXECUTE FUNCTION restrictd_audit();
CREATE TRIGGER rulings_audit AFTER INSERT OR UPDATE ON rulings FOR EACH ROW EXECUTE FUNCTION restrictd_audit();

-- Nothing is ever deleted: revoke instead (revoked_at).
CREATE FUNCTION restrictd_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% on % refused: records are revoked (revoked_at), never deleted, and changes are never rewritten', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER sources_keep BEFORE DELETE ON sources FOR EACH ROW EXECUTE FUNCTION restrictd_no_delete();
CREATE TRIGGER subjects_keep BEFORE DELETE ON subjects FOR EACH ROW EXECUTE FUNCTION restrictd_no_delete();
CREATE TRIGGER aliases_keep BEFORE DELETE ON aliases FOR EACH ROW EXECUTE FUNCTION restrictd_no_delete();
CREATE TRIGGER rulings_keep BEFORE DELETE ON rulings FOR EACH ROW EXECUTE FUNCTION restrictd_no_delete();
CREATE TRIGGER changes_keep BEFORE DELETE OR UPDATE ON changes FOR EACH ROW EXECUTE FUNCTION restrictd_no_delete();
