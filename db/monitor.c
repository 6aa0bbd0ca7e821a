/* The monitor thread (db/monitor.h). */
#include "db/monitor.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "db/conn.h"
#include "db/monitor_eval.h"
#include "db/pool.h"
#include "db/webhooks.h"
#include "lib/background.h"
#include "lib/log.h"
#include "lib/timeutil.h"
#include "rulings/current.h"
#include "rulings/watch.h"

enum { WAIT_SLICE_MS = 1000, RETRY_MS = 1000, STOP_SLICE_MS = 100 };

struct monitor {
    const char *url;
    unsigned lead;
    PGconn *conn;
    pthread_t thread;
    atomic_bool stopping;
    pthread_mutex_t lock; /* guards stats */
    pthread_cond_t woken; /* with `lock`: signalled by monitor_stop */
    struct monitor_stats stats;
};

static long long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Waits `ms`, or less when the monitor is asked to stop: a stop never waits for a retry's
 * pause (a frozen database made every stop a second longer). */
static void rest(struct monitor *m, unsigned ms)
{
    struct timespec until;
    rd_deadline_ms(&until, CLOCK_MONOTONIC, ms);
    pthread_mutex_lock(&m->lock);
    while (!atomic_load(&m->stopping) && pthread_cond_timedwait(&m->woken, &m->lock, &until) == 0) {
    }
    pthread_mutex_unlock(&m->lock);
}

/* Waits up to `ms` for a snapshot of `revision` or later, in slices that a stop ends. */
static void wait_revision(struct monitor *m, long long revision, unsigned ms)
{
    while (ms && !atomic_load(&m->stopping)) {
        unsigned slice = ms < STOP_SLICE_MS ? ms : STOP_SLICE_MS;
        if (current_wait_revision(revision, slice)) return;
        ms -= slice;
    }
}

/* One pass on `s`; false when it failed (logged; the connection dropped when broken). */
static bool pass(struct monitor *m, const struct snapshot *s, int64_t now)
{
    struct rd_error err = {0};
    struct monitor_pass p;
    bool ok = monitor_evaluate(m->conn, s, now, m->lead, &p, &err);
    pthread_mutex_lock(&m->lock);
    m->stats.passes++;
    if (!ok) m->stats.failures++;
    if (ok) m->stats.changed += (long long)p.changed;
    m->stats.last_ms = p.ms;
    pthread_mutex_unlock(&m->lock);
    if (!ok) {
        log_msg(LOG_WARN, "monitor: re-evaluation failed (retrying): %s", err.message);
        if (PQstatus(m->conn) != CONNECTION_OK || db_unavailable(m->conn, &err)) {
            PQfinish(m->conn);
            m->conn = NULL;
        }
        return false;
    }
    if (p.upcoming) db_delivery_wake();
    if (p.changed) {
        db_delivery_wake(); /* their outbox rows are committed */
        log_msg(LOG_INFO,
                "monitor: revision %lld: %zu of %zu answers changed (%.1f ms: items read %.1f, "
                "answered %.1f)",
                (long long)s->revision, p.changed, p.items, p.ms, p.load_ms, p.answer_ms);
    }
    return true;
}

/* Milliseconds until unix second `at` (0 when passed), at most WAIT_SLICE_MS. */
static unsigned wait_for(int64_t at)
{
    if (at == INT64_MAX) return WAIT_SLICE_MS;
    long long left = (long long)at * 1000 - now_ms();
    if (left <= 0) return 0;
    return left > WAIT_SLICE_MS ? WAIT_SLICE_MS : (unsigned)left;
}

/* The next instant an answer changes at, or an upcoming alert is due at (lead before one). */
static int64_t next_wake(const struct snapshot *s, int64_t now, unsigned lead)
{
    int64_t next = watch_next_instant(s, now);
    if (!lead) return next;
    int64_t ahead = watch_next_instant(s, now + (int64_t)lead);
    return ahead != INT64_MAX && ahead - (int64_t)lead < next ? ahead - (int64_t)lead : next;
}

static void *run(void *arg)
{
    struct monitor *m = arg;
    thread_run_in_background(); /* checks first: a pass takes what they leave */
    long long done_rev = -1;
    int64_t next_at = 0;
    while (!atomic_load(&m->stopping)) {
        struct rd_error err = {0};
        if (!m->conn && !(m->conn = db_connect(m->url, &err))) {
            rest(m, RETRY_MS);
            continue;
        }
        struct snapshot *s = current_acquire();
        if (!s) {
            rest(m, 200);
            continue;
        }
        int64_t now = rd_now();
        if (s->revision != done_rev || now >= next_at) {
            if (pass(m, s, now)) {
                done_rev = s->revision;
                next_at = next_wake(s, now, m->lead);
                pthread_mutex_lock(&m->lock);
                m->stats.next_instant = next_at == INT64_MAX ? 0 : next_at;
                pthread_mutex_unlock(&m->lock);
            } else {
                snapshot_release(s);
                rest(m, RETRY_MS);
                continue;
            }
        }
        snapshot_release(s);
        unsigned ms = wait_for(next_at);
        if (ms) wait_revision(m, done_rev + 1, ms);
    }
    return NULL;
}

struct monitor *monitor_start(const char *database_url, unsigned lead, struct rd_error *err)
{
    struct monitor *m = calloc(1, sizeof *m);
    if (!m) {
        rd_error_set(err, "out of memory");
        return NULL;
    }
    m->url = database_url;
    m->lead = lead;
    pthread_mutex_init(&m->lock, NULL);
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&m->woken, &attr);
    pthread_condattr_destroy(&attr);
    if (pthread_create(&m->thread, NULL, run, m) != 0) {
        rd_error_set(err, "cannot start the monitor thread");
        pthread_cond_destroy(&m->woken);
        pthread_mutex_destroy(&m->lock);
        free(m);
        return NULL;
    }
    return m;
}

struct monitor_stats monitor_stats(struct monitor *m)
{
    pthread_mutex_lock(&m->lock);
    struct monitor_stats s = m->stats;
    pthread_mutex_unlock(&m->lock);
    return s;
}

void monitor_stop(struct monitor *m)
{
    if (!m) return;
    pthread_mutex_lock(&m->lock); /* a rest between its test and its wait cannot miss it */
    atomic_store(&m->stopping, true);
    pthread_cond_broadcast(&m->woken);
    pthread_mutex_unlock(&m->lock);
    pthread_join(m->thread, NULL);
    PQfinish(m->conn);
    pthread_cond_destroy(&m->woken);
    pthread_mutex_destroy(&m->lock);
    free(m);
}
