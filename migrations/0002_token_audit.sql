-- restrictd: an audit trail for API tokens, and a notification when they change.
-- Token changes are kept apart from `changes`: they are not data, must not bump the data
-- revision (which would make every instance rebuild its snapshot), and must never be
-- served by the public change feed. Only the role and state are recorded, never the hash.

CREATE TABLE token_changes (
    id      bigserial PRIMARY KEY,
    at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor   text NOT NULL,
    action  text NOT NULL CHECK (action IN ('create', 'revoke', 'restore', 'update')),
    name    text NOT NULL,
    role    text NOT NULL
);
CREATE INDEX token_changes_name ON token_changes (name, id);

-- Every instance keeps the live tokens in memory (reader-token checks never wait for
-- PostgreSQL); the notification tells them to refresh it at once.
CREATE FUNCTION restrictd_token_audit() RETURNS trigger LANGUAGE plpgsql AS $$
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
    VALUES (coalesce(nullif(current_setting('restrictd.actor', true), ''), 'sql:' || current_user),
            act, NEW.name, NEW.role);
    PERFORM pg_notify('restrictd_tokens', NEW.name);
    RETURN NULL;
END $$;

CREATE TRIGGER api_tokens_created AFTER INSERT ON api_tokens
    FOR EACH ROW EXECUTE FUNCTION restrictd_token_audit();
-- last_used_at is bookkeeping, not a change of the token: it is neither audited nor notified.
CREATE TRIGGER api_tokens_changed AFTER UPDATE ON api_tokens FOR EACH ROW
    WHEN ((OLD.name, OLD.role, OLD.secret_sha256, OLD.revoked_at)
          IS DISTINCT FROM (NEW.name, NEW.role, NEW.secret_sha256, NEW.revoked_at))
    EXECUTE FUNCTION restrictd_token_audit();

-- Tokens are revoked, never deleted, so the audit trail always names a known token.
CREATE TRIGGER api_tokens_keep BEFORE DELETE ON api_tokens
    FOR EACH ROW EXECUTE FUNCTION restrictd_no_delete();
CREATE TRIGGER token_changes_keep BEFORE DELETE OR UPDATE ON token_changes
    FOR EACH ROW EXECUTE FUNCTION restrictd_no_delete();
