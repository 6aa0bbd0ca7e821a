#include "db/pool.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/conn.h"
#include "lib/timeutil.h"

enum { POOL_MAX = 64, FAIL_FAST_MS = 1000 };

struct db_pool {
    char *url;
    unsigned size;
    pthread_mutex_t lock;
    pthread_cond_t freed;
    PGconn *idle[POOL_MAX];
    unsigned n_idle;
    unsigned n_open;            /* idle + checked out + being connected */
    struct timespec down_until; /* fail fast before this instant (monotonic) */
    struct db_pool_stats stats;
};

static bool before(const struct timespec *a, const struct timespec *b)
{
    return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

struct db_pool *db_pool_create(const char *url, unsigned size, struct rd_error *err)
{
    if (!url || !*url || size == 0 || size > POOL_MAX) {
        rd_error_set(err, "a pool needs a database URL and a size from 1 to %d", POOL_MAX);
        return NULL;
    }
    struct db_pool *p = calloc(1, sizeof *p);
    if (!p || !(p->url = strdup(url))) {
        free(p);
        rd_error_set(err, "out of memory");
        return NULL;
    }
    p->size = size;
    pthread_mutex_init(&p->lock, NULL);
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&p->freed, &attr);
    pthread_condattr_destroy(&attr);
    p->stats.size = size;
    return p;
}

void db_pool_free(struct db_pool *p)
{
    if (!p) return;
    for (unsigned i = 0; i < p->n_idle; i++)
        PQfinish(p->idle[i]);
    pthread_cond_destroy(&p->freed);
    pthread_mutex_destroy(&p->lock);
    free(p->url);
    free(p);
}

/* A new connection set up the way every pooled connection runs. */
static PGconn *open_one(struct db_pool *p, struct rd_error *err)
{
    PGconn *c = db_connect(p->url, err);
    if (!c) return NULL;
    if (!db_exec(c, "SET TIME ZONE 'UTC'", err) ||
        !db_exec(c, "SET statement_timeout = " DB_POOL_STATEMENT_TIMEOUT_MS, err) ||
        !db_exec(c, "SET lock_timeout = " DB_POOL_LOCK_TIMEOUT_MS, err) ||
        !db_exec(c, "SET idle_in_transaction_session_timeout = 60000", err)) {
        PQfinish(c);
        return NULL;
    }
    return c;
}

/* Is an idle connection still usable? Reading what the server sent while it sat idle
 * (without blocking) notices a server that closed it. */
static bool still_good(PGconn *c)
{
    if (PQstatus(c) != CONNECTION_OK) return false;
    if (!PQconsumeInput(c)) return false;
    return PQstatus(c) == CONNECTION_OK && PQtransactionStatus(c) == PQTRANS_IDLE;
}

static void set_unreachable(struct rd_error *err, const char *why)
{
    rd_error_set(err, "PostgreSQL is unreachable: %s", why);
    memcpy(err->sqlstate, SQLSTATE_CONNECTION_FAILURE, sizeof err->sqlstate);
}

PGconn *db_pool_checkout(struct db_pool *p, unsigned wait_ms, struct rd_error *err)
{
    if (!p) {
        set_unreachable(err, "this server has no database pool");
        return NULL;
    }
    struct timespec deadline, now;
    rd_deadline_ms(&deadline, CLOCK_MONOTONIC, wait_ms);
    bool timed_out = false;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (p->n_idle > 0) {
            PGconn *c = p->idle[--p->n_idle];
            if (still_good(c)) {
                p->stats.checkouts++;
                pthread_mutex_unlock(&p->lock);
                return c;
            }
            PQfinish(c);
            p->n_open--;
            p->stats.broken++;
        }
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (before(&now, &p->down_until)) {
            pthread_mutex_unlock(&p->lock);
            set_unreachable(err, "the last connection attempt failed moments ago");
            return NULL;
        }
        if (p->n_open < p->size) break;
        if (timed_out) {
            pthread_mutex_unlock(&p->lock);
            rd_error_set(err, "all %u database connections are busy", p->size);
            memcpy(err->sqlstate, SQLSTATE_TOO_MANY_CONNECTIONS, sizeof err->sqlstate);
            return NULL;
        }
        timed_out = pthread_cond_timedwait(&p->freed, &p->lock, &deadline) == ETIMEDOUT;
    }
    p->n_open++; /* reserve the slot, connect without holding the lock */
    pthread_mutex_unlock(&p->lock);

    PGconn *c = open_one(p, err);
    pthread_mutex_lock(&p->lock);
    if (c) {
        p->stats.checkouts++;
        p->down_until = (struct timespec){0, 0};
    } else {
        p->n_open--;
        p->stats.connect_failures++;
        rd_deadline_ms(&p->down_until, CLOCK_MONOTONIC, FAIL_FAST_MS);
        pthread_cond_signal(&p->freed); /* a waiter may try (and fail fast) itself */
    }
    pthread_mutex_unlock(&p->lock);
    if (!c) {
        char why[sizeof err->message];
        memcpy(why, err->message, sizeof why);
        set_unreachable(err, why);
    }
    return c;
}

void db_pool_discard(struct db_pool *p, PGconn *c)
{
    if (!c) return;
    PQfinish(c);
    pthread_mutex_lock(&p->lock);
    p->n_open--;
    p->stats.broken++;
    pthread_cond_signal(&p->freed);
    pthread_mutex_unlock(&p->lock);
}

void db_pool_checkin(struct db_pool *p, PGconn *c)
{
    if (!c) return;
    if (PQstatus(c) == CONNECTION_OK && PQtransactionStatus(c) != PQTRANS_IDLE) db_rollback(c);
    if (PQstatus(c) != CONNECTION_OK || PQtransactionStatus(c) != PQTRANS_IDLE) {
        db_pool_discard(p, c);
        return;
    }
    pthread_mutex_lock(&p->lock);
    p->idle[p->n_idle++] = c;
    pthread_cond_signal(&p->freed);
    pthread_mutex_unlock(&p->lock);
}

void db_pool_reachable(struct db_pool *p)
{
    if (!p) return;
    pthread_mutex_lock(&p->lock);
    p->down_until = (struct timespec){0, 0};
    pthread_mutex_unlock(&p->lock);
}

struct db_pool_stats db_pool_stats(struct db_pool *p)
{
    pthread_mutex_lock(&p->lock);
    struct db_pool_stats s = p->stats;
    s.open = p->n_open;
    s.idle = p->n_idle;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    s.available = !before(&now, &p->down_until);
    pthread_mutex_unlock(&p->lock);
    return s;
}

bool db_unavailable(PGconn *c, const struct rd_error *err)
{
    /* a lock not had in time, a statement cancelled by statement_timeout: busy, not
     * refused; the client may try again later (503 with Retry-After) */
    static const char *const states[] = {SQLSTATE_CLASS_CONNECTION,     SQLSTATE_ADMIN_SHUTDOWN,
                                         SQLSTATE_CRASH_SHUTDOWN,       SQLSTATE_CANNOT_CONNECT_NOW,
                                         SQLSTATE_TOO_MANY_CONNECTIONS, SQLSTATE_LOCK_NOT_AVAILABLE,
                                         SQLSTATE_QUERY_CANCELED,       NULL};
    if (c && PQstatus(c) != CONNECTION_OK) return true;
    for (const char *const *s = states; *s; s++)
        if (err->sqlstate[0] && strncmp(err->sqlstate, *s, strlen(*s)) == 0) return true;
    return false;
}
