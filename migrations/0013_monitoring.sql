-- restrictd: monitoring (issue 18): portfolios of vendors and products kept under watch, each
-- item's current answer, the events when an answer changes, and the webhook outbox.
--
-- None of this is rulings data: writes here must not bump the data revision (which would
-- make every instance rebuild its snapshot) and are never served by the public change feed.
-- So, as for tokens (migration 0002), the audit trail is a table of its own,
-- portfolio_changes, filled by triggers that run as the tables' owner.

-- A token role between reader and admin: may manage portfolios and read their events.
ALTER TABLE api_tokens DROP CONSTRAINT api_tokens_role_check;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_role_check
    CHECK (role IN ('admin', 'reader', 'monitor'));

CREATE TABLE portfolios (
    id          text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9._-]{0,127}$'),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 500),
    version     integer NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- An item is a question asked again and again (the fields of a POST /v1/screen row but
-- as_of: the answer is always "now"), with its answer as last computed. The answer is
-- kept so that a change is seen by comparing with it, also across restarts.
CREATE TABLE portfolio_items (
    portfolio_id  text NOT NULL REFERENCES portfolios (id) ON DELETE CASCADE,
    ref           text NOT NULL CHECK (length(ref) BETWEEN 1 AND 256),
    position      integer NOT NULL,
    name          text NOT NULL DEFAULT '',
    kind          text,
    jurisdiction  text,
    binds         text,
    purpose       text,
    category      text,
    identifier    text,
    verdict       text NOT NULL,
    since         timestamptz,
    rulings       text[] NOT NULL DEFAULT '{}',
    evaluated_at  timestamptz NOT NULL,
    upcoming      jsonb,            -- the upcoming alert already sent: {"at": T, "verdict": V}
    PRIMARY KEY (portfolio_id, ref)
);

-- One row per answer that changed. `seq` orders the feed (the cursor); `event_id` is the
-- stable identity receivers deduplicate on (webhook-id). before/after hold verdict, since
-- and rulings; cause says why: {"kind":"revision","revision":N} or
-- {"kind":"instant","ruling":X,"at":T}.
CREATE TABLE portfolio_events (
    seq           bigserial PRIMARY KEY,
    event_id      text NOT NULL UNIQUE DEFAULT 'evt_' || replace(gen_random_uuid()::text, '-', ''),
    portfolio_id  text NOT NULL REFERENCES portfolios (id) ON DELETE CASCADE,
    ref           text NOT NULL,
    type          text NOT NULL DEFAULT 'item.answer_changed'
                  CHECK (type IN ('item.answer_changed', 'item.answer_upcoming')),
    at            timestamptz NOT NULL DEFAULT clock_timestamp(),
    before        jsonb NOT NULL,
    after         jsonb NOT NULL,
    cause         jsonb NOT NULL
);
CREATE INDEX portfolio_events_feed ON portfolio_events (portfolio_id, seq);

-- What the evaluators (one at a time, under this row's lock) last looked at: the data
-- revision and the instant. An instance starting later compares its answers of now with the
-- stored ones, so a ruling's instant that passed while every instance was down is caught up.
CREATE TABLE monitor_state (
    one                 boolean PRIMARY KEY DEFAULT true CHECK (one),
    evaluated_revision  bigint NOT NULL DEFAULT 0,
    evaluated_at        timestamptz NOT NULL DEFAULT now()
);
INSERT INTO monitor_state DEFAULT VALUES;

-- Webhooks: a subscription per target; the secret signs deliveries (Standard Webhooks) and
-- so is kept as it is, shown once at creation and never in the audit trail.
CREATE TABLE webhook_subscriptions (
    id            text PRIMARY KEY DEFAULT 'sub_' || replace(gen_random_uuid()::text, '-', ''),
    portfolio_id  text NOT NULL REFERENCES portfolios (id) ON DELETE CASCADE,
    url           text NOT NULL CHECK (length(url) BETWEEN 8 AND 2048),
    secret        text NOT NULL,
    failing_since timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_subscriptions_portfolio ON webhook_subscriptions (portfolio_id);

-- The outbox: one row per (event, subscription) still to deliver or delivered.
CREATE TABLE webhook_outbox (
    id               bigserial PRIMARY KEY,
    subscription_id  text NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
    event_seq        bigint NOT NULL REFERENCES portfolio_events (seq) ON DELETE CASCADE,
    ref              text NOT NULL,     -- the event's item: a later event of it waits for this one
    attempts         integer NOT NULL DEFAULT 0,
    first_attempt_at timestamptz,       -- the back-off gives up 24 h after it (a retry resets it)
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    delivered_at     timestamptz,
    given_up_at      timestamptz,
    UNIQUE (subscription_id, event_seq)
);
CREATE INDEX webhook_outbox_due ON webhook_outbox (next_attempt_at, event_seq)
    WHERE delivered_at IS NULL AND given_up_at IS NULL;
CREATE INDEX webhook_outbox_item ON webhook_outbox (subscription_id, ref, event_seq)
    WHERE delivered_at IS NULL AND given_up_at IS NULL;

-- Every attempt, for the delivery log of a subscription.
CREATE TABLE webhook_deliveries (
    id          bigserial PRIMARY KEY,
    outbox_id   bigint NOT NULL REFERENCES webhook_outbox (id) ON DELETE CASCADE,
    at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    status      integer,            -- HTTP status, NULL when none came
    error       text,               -- why it failed, when it did
    duration_ms integer NOT NULL
);
CREATE INDEX webhook_deliveries_outbox ON webhook_deliveries (outbox_id, id);

-- The audit trail of portfolios, their items (one row per statement: a replace of 100,000
-- items is one line saying how many) and subscriptions (never the secret).
CREATE TABLE portfolio_changes (
    id            bigserial PRIMARY KEY,
    at            timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor         text NOT NULL,
    action        text NOT NULL,
    entity        text NOT NULL CHECK (entity IN ('portfolio', 'items', 'subscription')),
    portfolio_id  text NOT NULL,
    rows          bigint NOT NULL DEFAULT 1,
    before        jsonb,
    after         jsonb
);
CREATE INDEX portfolio_changes_portfolio ON portfolio_changes (portfolio_id, id);
CREATE TRIGGER portfolio_changes_keep BEFORE DELETE OR UPDATE ON portfolio_changes
    FOR EACH ROW EXECUTE FUNCTION restrictd_no_delete();

CREATE FUNCTION restrictd_portfolio_audit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    who text := coalesce(nullif(current_setting('restrictd.actor', true), ''),
                         'sql:' || session_user);
BEGIN
    IF TG_TABLE_NAME = 'portfolio_items' THEN
        -- answers are bookkeeping of the evaluator: only additions and removals are audited
        IF TG_OP = 'INSERT' THEN
            INSERT INTO portfolio_changes (actor, action, entity, portfolio_id, rows)
            SELECT who, 'add', 'items', portfolio_id, count(*) FROM new_rows GROUP BY portfolio_id;
        ELSE
            INSERT INTO portfolio_changes (actor, action, entity, portfolio_id, rows)
            SELECT who, 'remove', 'items', portfolio_id, count(*) FROM old_rows GROUP BY portfolio_id;
        END IF;
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        INSERT INTO portfolio_changes (actor, action, entity, portfolio_id, after)
        SELECT who, 'create', CASE TG_TABLE_NAME WHEN 'portfolios' THEN 'portfolio' ELSE 'subscription' END,
               coalesce(to_jsonb(n)->>'portfolio_id', to_jsonb(n)->>'id'),
               to_jsonb(n) - 'secret'
        FROM new_rows n;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO portfolio_changes (actor, action, entity, portfolio_id, before, after)
        SELECT who, 'update', CASE TG_TABLE_NAME WHEN 'portfolios' THEN 'portfolio' ELSE 'subscription' END,
               coalesce(to_jsonb(n)->>'portfolio_id', to_jsonb(n)->>'id'),
               to_jsonb(o) - 'secret', to_jsonb(n) - 'secret'
        FROM new_rows n JOIN old_rows o ON o.id = n.id;
    ELSE
        INSERT INTO portfolio_changes (actor, action, entity, portfolio_id, before)
        SELECT who, 'delete', CASE TG_TABLE_NAME WHEN 'portfolios' THEN 'portfolio' ELSE 'subscription' END,
               coalesce(to_jsonb(o)->>'portfolio_id', to_jsonb(o)->>'id'),
               to_jsonb(o) - 'secret'
        FROM old_rows o;
    END IF;
    RETURN NULL;
END $$;

DO $$
DECLARE
    s text := current_schema();
    t text;
BEGIN
    EXECUTE format('ALTER FUNCTION %I.restrictd_portfolio_audit() SECURITY DEFINER'
                   ' SET search_path = %I, pg_temp', s, s);
    EXECUTE format('REVOKE EXECUTE ON FUNCTION %I.restrictd_portfolio_audit() FROM PUBLIC', s);
    FOREACH t IN ARRAY ARRAY['portfolios', 'webhook_subscriptions'] LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION restrictd_portfolio_audit()',
                       t || '_audit_insert', t);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I'
                       ' REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION restrictd_portfolio_audit()',
                       t || '_audit_update', t);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION restrictd_portfolio_audit()',
                       t || '_audit_delete', t);
    END LOOP;
    EXECUTE 'CREATE TRIGGER portfolio_items_audit_insert AFTER INSERT ON portfolio_items'
            ' REFERENCING NEW TABLE AS new_rows'
            ' FOR EACH STATEMENT EXECUTE FUNCTION restrictd_portfolio_audit()';
    EXECUTE 'CREATE TRIGGER portfolio_items_audit_delete AFTER DELETE ON portfolio_items'
            ' REFERENCING OLD TABLE AS old_rows'
            ' FOR EACH STATEMENT EXECUTE FUNCTION restrictd_portfolio_audit()';
END $$;

-- The server's role (migration 0003) manages all of this; the audit trail it only reads.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'restrictd_app') THEN
        RAISE WARNING 'restrictd: no role restrictd_app: grant the monitoring tables by hand '
                      '(docs/operations.md, "Database roles")';
        RETURN;
    END IF;
    GRANT SELECT, INSERT, UPDATE, DELETE ON portfolios, portfolio_items, webhook_subscriptions
        TO restrictd_app;
    GRANT SELECT, INSERT ON portfolio_events, webhook_deliveries TO restrictd_app;
    GRANT SELECT, INSERT, UPDATE ON webhook_outbox TO restrictd_app;
    GRANT SELECT, UPDATE ON monitor_state TO restrictd_app;
    GRANT SELECT ON portfolio_changes TO restrictd_app;
    GRANT USAGE ON SEQUENCE portfolio_events_seq_seq, webhook_outbox_id_seq,
        webhook_deliveries_id_seq TO restrictd_app;
END $$;
