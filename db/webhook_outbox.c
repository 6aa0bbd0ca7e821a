/* The outbox's deliverer side: claim one due row, record the attempt (db/webhooks.h). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/conn.h"
#include "lib/timeutil.h"
#include "db/webhooks.h"

#define RFC3339(x) "to_char((" x ") AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

/* The body sent is the event as GET .../events lists it. A row waits while an earlier event
 * of the same item for the same subscription is neither delivered nor given up. */
static const char q_claim[] =
    "SELECT o.id, s.url, s.secret, e.event_id, jsonb_build_object('seq', e.seq, 'id',"
    " e.event_id, 'type', e.type, 'portfolio', e.portfolio_id, 'ref', e.ref,"
    " 'at', " RFC3339(
        "e.at") ", 'before', e.before, 'after', e.after, 'cause', e.cause)::text,"
                " o.attempts FROM webhook_outbox o"
                " JOIN webhook_subscriptions s ON s.id = o.subscription_id"
                " JOIN portfolio_events e ON e.seq = o.event_seq"
                " WHERE o.delivered_at IS NULL AND o.given_up_at IS NULL AND o.next_attempt_at <= now()"
                " AND s.failing_since IS NULL AND NOT EXISTS (SELECT 1 FROM webhook_outbox o2"
                " WHERE o2.subscription_id = o.subscription_id AND o2.ref = o.ref"
                " AND o2.event_seq < o.event_seq AND o2.delivered_at IS NULL"
                " AND o2.given_up_at IS NULL)"
                " ORDER BY o.next_attempt_at, o.event_seq LIMIT 1 FOR UPDATE OF o SKIP LOCKED";

bool db_delivery_claim(PGconn *c, struct delivery *d, bool *got, struct rd_error *err)
{
    memset(d, 0, sizeof *d);
    *got = false;
    if (!db_exec(c, "BEGIN", err)) return false;
    PGresult *res = db_query(c, q_claim, 0, NULL, err);
    if (!res) {
        db_rollback(c);
        return false;
    }
    if (PQntuples(res) == 0) {
        PQclear(res);
        return db_exec(c, "COMMIT", err);
    }
    d->res = res;
    d->outbox_id = db_int(res, 0, 0);
    d->url = PQgetvalue(res, 0, 1);
    d->secret = PQgetvalue(res, 0, 2);
    d->event_id = PQgetvalue(res, 0, 3);
    d->body = PQgetvalue(res, 0, 4);
    d->body_len = (size_t)PQgetlength(res, 0, 4);
    d->attempts = (int)db_int(res, 0, 5);
    *got = true;
    return true;
}

/* Delivered; or failed: back off (2^attempts s, capped, times 0.5 to 1.5), or give up
 * `give_up` seconds after the first attempt and mark the subscription failing. */
static const char q_finish[] =
    "WITH log AS (INSERT INTO webhook_deliveries (outbox_id, status, error, duration_ms)"
    " VALUES ($1::bigint, nullif($2::integer, 0), $3, $4::integer)),"
    " o AS (UPDATE webhook_outbox SET attempts = attempts + 1,"
    " first_attempt_at = coalesce(first_attempt_at, now()),"
    " delivered_at = CASE WHEN $3 IS NULL THEN now() END,"
    " given_up_at = CASE WHEN $3 IS NOT NULL AND now() - coalesce(first_attempt_at, now())"
    " >= make_interval(secs => $6::integer) THEN now() END,"
    " next_attempt_at = now() + make_interval(secs => least(power(2, least(attempts, 30)),"
    " $5::integer) * (0.5 + random())) WHERE id = $1::bigint RETURNING subscription_id,"
    " given_up_at)"
    " UPDATE webhook_subscriptions s SET failing_since = now() FROM o"
    " WHERE s.id = o.subscription_id AND o.given_up_at IS NOT NULL";

bool db_delivery_finish(PGconn *c, struct delivery *d, bool delivered, int status,
                        const char *error, int duration_ms, unsigned retry_max_s,
                        unsigned give_up_s, struct rd_error *err)
{
    char id[24], st[16], ms[16], rmax[16], gup[16];
    snprintf(id, sizeof id, "%lld", d->outbox_id);
    snprintf(st, sizeof st, "%d", status);
    snprintf(ms, sizeof ms, "%d", duration_ms);
    snprintf(rmax, sizeof rmax, "%u", retry_max_s);
    snprintf(gup, sizeof gup, "%u", give_up_s);
    const char *p[] = {id, st, delivered ? NULL : (error ? error : "failed"), ms, rmax, gup};
    PGresult *res = db_query(c, q_finish, 6, p, err);
    bool ok = res && db_exec(c, "COMMIT", err);
    PQclear(res);
    if (!ok) db_rollback(c);
    PQclear(d->res);
    d->res = NULL;
    return ok;
}

static pthread_mutex_t wake_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake_cond = PTHREAD_COND_INITIALIZER;
static unsigned long wakes;

void db_delivery_wake(void)
{
    pthread_mutex_lock(&wake_lock);
    wakes++;
    pthread_cond_broadcast(&wake_cond);
    pthread_mutex_unlock(&wake_lock);
}

void db_delivery_wait(unsigned ms, unsigned long *seen)
{
    struct timespec until;
    rd_deadline_ms(&until, CLOCK_REALTIME, ms);
    pthread_mutex_lock(&wake_lock);
    while (wakes == *seen)
        if (pthread_cond_timedwait(&wake_cond, &wake_lock, &until) != 0) break;
    *seen = wakes;
    pthread_mutex_unlock(&wake_lock);
}
