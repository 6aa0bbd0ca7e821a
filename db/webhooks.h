#ifndef DB_WEBHOOKS_H
#define DB_WEBHOOKS_H
/*
 * Webhook subscriptions and their durable outbox in PostgreSQL (migration 0013, issue 18).
 * An event written by the monitor (db/monitor_eval.h) gets one outbox row per subscription
 * of its portfolio in the same transaction. A deliverer claims one due row at a time with
 * FOR UPDATE SKIP LOCKED and keeps its transaction open while it sends, so that with
 * several instances each row is sent by one at a time; a later event of the same item waits
 * until the earlier one is delivered or given up (per-item order). Each attempt is logged
 * (webhook_deliveries). Failures back off exponentially with jitter, capped at
 * `retry_max_s`; `give_up_s` after the first attempt the row is given up and the
 * subscription marked failing (its deliveries stop until a manual retry).
 * Reads come back as JSON text built by PostgreSQL, as in db/portfolios.h.
 * Convention: as db/conn.h.
 */
#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/error.h"

/* Creates a subscription of portfolio `pid` sending to `url` signed with `secret`; *json the
 * subscription (without the secret), NULL when there is no such portfolio. */
bool db_subscription_create(PGconn *c, const char *pid, const char *url, const char *secret,
                            const char *actor, char **json, struct rd_error *err) RD_MUST_CHECK;

/* The subscriptions of `pid` as a JSON array (id, url, created_at, failing_since, pending,
 * delivered), NULL when there is no such portfolio. */
bool db_subscription_list(PGconn *c, const char *pid, char **json,
                          struct rd_error *err) RD_MUST_CHECK;

bool db_subscription_delete(PGconn *c, const char *pid, const char *sid, const char *actor,
                            bool *found, struct rd_error *err) RD_MUST_CHECK;

/* The delivery log of `sid` (attempts with id > after, at most limit + 1), newest last; NULL
 * when there is no such subscription of `pid`. */
bool db_subscription_deliveries(PGconn *c, const char *pid, const char *sid, long long after,
                                int limit, char **json, struct rd_error *err) RD_MUST_CHECK;

/* Manual retry: every undelivered row of `sid` due now with a fresh 24 h, the subscription no
 * longer failing. *requeued counts them; *found false when there is no such subscription. */
bool db_subscription_retry(PGconn *c, const char *pid, const char *sid, const char *actor,
                           bool *found, long *requeued, struct rd_error *err) RD_MUST_CHECK;

/* One claimed delivery; the strings live until db_delivery_finish. */
struct delivery {
    long long outbox_id;
    const char *url, *secret, *event_id, *body;
    size_t body_len;
    int attempts;
    PGresult *res; /* owns the strings */
};

/* Opens a transaction and claims the next due row: *got false (transaction closed) when
 * none is due. */
bool db_delivery_claim(PGconn *c, struct delivery *d, bool *got,
                       struct rd_error *err) RD_MUST_CHECK;

/* Records the attempt (HTTP status, 0 when none; error NULL when delivered), schedules the
 * next one or gives up, and commits. Frees d->res in every case. */
bool db_delivery_finish(PGconn *c, struct delivery *d, bool delivered, int status,
                        const char *error, int duration_ms, unsigned retry_max_s,
                        unsigned give_up_s, struct rd_error *err) RD_MUST_CHECK;

/* Wakes a deliverer waiting in db_delivery_wait (events were just written). */
void db_delivery_wake(void);
/* Waits up to `ms` for a db_delivery_wake after the one `*seen` counts (0 at first), and
 * updates it: a wake that came while the caller was busy ends the wait at once. */
void db_delivery_wait(unsigned ms, unsigned long *seen);

#endif
