/* Webhook subscriptions and the outbox (db/webhooks.h). */
#include "db/webhooks.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/conn.h"
#include "db/portfolios.h"

#define RFC3339(x) "to_char((" x ") AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

#define SUBSCRIPTION_JSON                                                                                        \
    "jsonb_build_object('id', s.id, 'portfolio', s.portfolio_id, 'url', s.url,"                                  \
    " 'created_at', " RFC3339("s.created_at") ", 'failing_since', " RFC3339(                                     \
        "s.failing_since") ","                                                                                   \
                           " 'pending', (SELECT count(*) FROM webhook_outbox o WHERE o.subscription_id = s.id"   \
                           " AND o.delivered_at IS NULL AND o.given_up_at IS NULL),"                             \
                           " 'delivered', (SELECT count(*) FROM webhook_outbox o WHERE o.subscription_id = s.id" \
                           " AND o.delivered_at IS NOT NULL),"                                                   \
                           " 'given_up', (SELECT count(*) FROM webhook_outbox o WHERE o.subscription_id = s.id"  \
                           " AND o.given_up_at IS NOT NULL))"

bool db_subscription_create(PGconn *c, const char *pid, const char *url, const char *secret,
                            const char *actor, char **json, struct rd_error *err)
{
    const char *p[] = {pid, url, secret};
    *json = NULL;
    if (!portfolio_begin_as(c, actor, err)) return false;
    bool ok = portfolio_one_text(c,
                                 "WITH s AS (INSERT INTO webhook_subscriptions (portfolio_id, url,"
                                 " secret) SELECT id, $2, $3 FROM portfolios WHERE id = $1"
                                 " RETURNING *) SELECT " SUBSCRIPTION_JSON "::text FROM s",
                                 3, p, json, err) &&
              db_exec(c, "COMMIT", err);
    if (!ok) db_rollback(c);
    return ok;
}

bool db_subscription_list(PGconn *c, const char *pid, char **json, struct rd_error *err)
{
    const char *p[] = {pid};
    return portfolio_one_text(c,
                              "SELECT (SELECT coalesce(jsonb_agg(" SUBSCRIPTION_JSON
                              " ORDER BY s.created_at, s.id), '[]') FROM webhook_subscriptions s"
                              " WHERE s.portfolio_id = $1)::text FROM portfolios WHERE id = $1",
                              1, p, json, err);
}

bool db_subscription_delete(PGconn *c, const char *pid, const char *sid, const char *actor,
                            bool *found, struct rd_error *err)
{
    const char *p[] = {pid, sid};
    long rows = 0;
    bool ok = portfolio_write_one(
        c, actor, "DELETE FROM webhook_subscriptions WHERE portfolio_id = $1 AND id = $2", 2, p,
        &rows, err);
    *found = rows > 0;
    return ok;
}

bool db_subscription_deliveries(PGconn *c, const char *pid, const char *sid, long long after,
                                int limit, char **json, struct rd_error *err)
{
    char a[24], l[16];
    snprintf(a, sizeof a, "%lld", after);
    snprintf(l, sizeof l, "%d", limit + 1);
    const char *p[] = {pid, sid, a, l};
    return portfolio_one_text(
        c,
        "SELECT (SELECT coalesce(jsonb_agg(jsonb_build_object('seq', d.id, 'event', e.event_id,"
        " 'ref', e.ref, 'at', " RFC3339(
            "d.at") ", 'status', d.status, 'error', d.error,"
                    " 'duration_ms', d.duration_ms, 'delivered', d.error IS NULL) ORDER BY d.id), '[]')"
                    " FROM (SELECT d.* FROM webhook_deliveries d JOIN webhook_outbox o ON o.id = d.outbox_id"
                    " WHERE o.subscription_id = s.id AND d.id > $3::bigint ORDER BY d.id LIMIT $4::integer) d"
                    " JOIN webhook_outbox o ON o.id = d.outbox_id JOIN portfolio_events e ON e.seq ="
                    " o.event_seq)::text FROM webhook_subscriptions s WHERE s.portfolio_id = $1 AND s.id = $2",
        4, p, json, err);
}

bool db_subscription_retry(PGconn *c, const char *pid, const char *sid, const char *actor,
                           bool *found, long *requeued, struct rd_error *err)
{
    const char *p[] = {pid, sid};
    long rows = 0;
    *requeued = 0;
    if (!portfolio_write_one(c, actor,
                             "UPDATE webhook_subscriptions SET failing_since = NULL"
                             " WHERE portfolio_id = $1 AND id = $2",
                             2, p, &rows, err))
        return false;
    *found = rows > 0;
    if (!*found) return true;
    const char *q[] = {sid};
    bool ok = portfolio_write_one(c, actor,
                                  "UPDATE webhook_outbox SET given_up_at = NULL, next_attempt_at ="
                                  " now(), first_attempt_at = NULL WHERE subscription_id = $1"
                                  " AND delivered_at IS NULL",
                                  1, q, requeued, err);
    if (ok) db_delivery_wake();
    return ok;
}
