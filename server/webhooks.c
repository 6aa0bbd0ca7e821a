/* The webhook deliverer thread (server/webhooks.h). */
#include "server/webhooks.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include "db/conn.h"
#include "db/webhooks.h"
#include "lib/log.h"
#include "lib/url_target.h"
#include "server/webhook_http.h"

enum { IDLE_WAIT_MS = 500, RETRY_MS = 1000 };

struct webhooks {
    struct webhooks_options opt;
    PGconn *conn;
    pthread_t thread;
    atomic_bool stopping;
};

/* Sends one claimed row (the target checked first: its address may have changed). */
static void send_one(const struct webhooks *w, const struct delivery *d,
                     struct webhook_outcome *out)
{
    struct url_target t;
    struct rd_error why = {0};
    if (!url_target_parse(d->url, &t, &why) || !url_target_resolve(&t, w->opt.allow, &why)) {
        *out = (struct webhook_outcome){0};
        snprintf(out->error, sizeof out->error, "target refused: %s", why.message);
        return;
    }
    struct webhook_request rq = {.url = d->url,
                                 .target = &t,
                                 .id = d->event_id,
                                 .secret = d->secret,
                                 .body = d->body,
                                 .len = d->body_len,
                                 .timeout_ms = w->opt.timeout_ms,
                                 .stopping = &w->stopping};
    webhook_http_post(&rq, out);
}

/* One claim and delivery; false when there was nothing due or the database failed. */
static bool deliver_next(struct webhooks *w)
{
    struct delivery d;
    bool got = false;
    struct rd_error err = {0};
    if (!db_delivery_claim(w->conn, &d, &got, &err)) goto failed;
    if (!got) return false;
    struct webhook_outcome out;
    send_one(w, &d, &out);
    if (!out.delivered)
        log_msg(LOG_INFO, "webhook %s to %s not delivered: %s", d.event_id, d.url, out.error);
    if (db_delivery_finish(w->conn, &d, out.delivered, out.status, out.error, out.ms,
                           w->opt.retry_max_s, w->opt.give_up_s, &err))
        return true;
failed:
    log_msg(LOG_WARN, "webhooks: the outbox failed (retrying): %s", err.message);
    PQfinish(w->conn);
    w->conn = NULL;
    return false;
}

static void *run(void *arg)
{
    struct webhooks *w = arg;
    unsigned long seen = 0;
    while (!atomic_load(&w->stopping)) {
        struct rd_error err = {0};
        if (!w->conn && !(w->conn = db_connect(w->opt.database_url, &err))) {
            db_delivery_wait(RETRY_MS, &seen);
            continue;
        }
        if (!deliver_next(w)) db_delivery_wait(IDLE_WAIT_MS, &seen);
    }
    return NULL;
}

struct webhooks *webhooks_start(const struct webhooks_options *opt, struct rd_error *err)
{
    if (!webhook_http_init()) {
        rd_error_set(err, "libcurl could not be initialised");
        return NULL;
    }
    struct webhooks *w = calloc(1, sizeof *w);
    if (!w) {
        rd_error_set(err, "out of memory");
        return NULL;
    }
    w->opt = *opt;
    if (pthread_create(&w->thread, NULL, run, w) != 0) {
        rd_error_set(err, "cannot start the webhook thread");
        free(w);
        return NULL;
    }
    return w;
}

void webhooks_stop(struct webhooks *w)
{
    if (!w) return;
    atomic_store(&w->stopping, true);
    db_delivery_wake();
    pthread_join(w->thread, NULL);
    PQfinish(w->conn);
    free(w);
}
