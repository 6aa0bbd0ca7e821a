#ifndef SERVER_WEBHOOKS_H
#define SERVER_WEBHOOKS_H
/*
 * The webhook deliverer (issue 18): one thread with its own PostgreSQL connection that
 * claims due outbox rows one at a time (db/webhooks.h: FOR UPDATE SKIP LOCKED, so several
 * instances share the work and each row is sent by one at a time), checks the target's
 * address again (lib/url_target.h), sends (server/webhook_http.h) and records the attempt.
 * At least once: a row is marked delivered only after a 2xx, in the transaction that
 * claimed it; a crash in between sends it again, with the same webhook-id.
 */
#include <stdbool.h>

#include "lib/error.h"

struct webhooks_options {
    const char *database_url, *allow; /* allow: RESTRICTD_WEBHOOK_ALLOW, may be NULL */
    unsigned timeout_ms, retry_max_s, give_up_s;
};

struct webhooks;

/* Starts the thread; the options (and their strings) must outlive it. */
struct webhooks *webhooks_start(const struct webhooks_options *opt,
                                struct rd_error *err) RD_MUST_CHECK;
/* Stops it after the delivery under way (NULL is ignored). */
void webhooks_stop(struct webhooks *w);

#endif
