#include "db/wait.h"

#include <errno.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "db/conn.h"

/* How often a wait looks at the clock and at db_abandon_waits(). */
enum { SLICE_MS = 100 };
/* A connection attempt ends after this long whatever the thread's limit: PQconnectPoll,
 * unlike PQconnectdb, does not apply connect_timeout by itself. */
enum { CONNECT_LIMIT_MS = 5000 };

static _Thread_local unsigned wait_limit_ms;
static atomic_bool abandoned;

void db_set_wait_limit(unsigned ms)
{
    wait_limit_ms = ms;
}

unsigned db_wait_limit(void)
{
    return wait_limit_ms;
}

void db_abandon_waits(void)
{
    atomic_store(&abandoned, true);
}

bool db_waits_abandoned(void)
{
    return atomic_load(&abandoned);
}

static int64_t now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Ends the connection under libpq: shutting the socket down makes libpq read its end at
 * once, so the connection is CONNECTION_BAD from here and never reused. */
static void give_up(PGconn *c, struct rd_error *err, unsigned limit_ms)
{
    int fd = PQsocket(c);
    if (fd >= 0) shutdown(fd, SHUT_RDWR);
    for (int i = 0; i < 4 && PQstatus(c) == CONNECTION_OK; i++)
        (void)PQconsumeInput(c);
    if (limit_ms)
        rd_error_set(err, "PostgreSQL did not answer within %u ms", limit_ms);
    else
        rd_error_set(err, "stopping: no longer waiting for PostgreSQL");
    memcpy(err->sqlstate, SQLSTATE_CLIENT_DEADLINE, sizeof SQLSTATE_CLIENT_DEADLINE);
}

/* Waits for `events` on the connection's socket for one slice, or less when the deadline
 * (0 = none) is nearer: > 0 when the socket is ready, 0 when not yet (the caller looks
 * again), -1 when the deadline has passed or waits are abandoned (*limit_hit tells which). */
static int wait_slice(PGconn *c, short events, int64_t deadline, bool *limit_hit)
{
    *limit_hit = false;
    if (atomic_load(&abandoned)) return -1;
    int slice = SLICE_MS;
    if (deadline) {
        int64_t left = deadline - now_ms();
        if (left <= 0) {
            *limit_hit = true;
            return -1;
        }
        if (left < slice) slice = (int)left;
    }
    struct pollfd p = {PQsocket(c), events, 0};
    if (p.fd < 0) return 1; /* no socket: the libpq call that follows says why */
    int n = poll(&p, 1, slice);
    return n < 0 ? 0 : n; /* EINTR: look again */
}

bool db_await(PGconn *c, struct rd_error *err)
{
    unsigned limit = wait_limit_ms;
    int64_t deadline = limit ? now_ms() + limit : 0;
    for (;;) {
        int unsent = PQflush(c); /* 0 all sent, 1 more to send, -1 failed */
        if (unsent < 0 || !PQconsumeInput(c)) {
            db_error(c, NULL, err);
            return false;
        }
        if (unsent == 0 && !PQisBusy(c)) return true;
        bool limit_hit;
        if (wait_slice(c, (short)(POLLIN | (unsent ? POLLOUT : 0)), deadline, &limit_hit) < 0) {
            give_up(c, err, limit_hit ? limit : 0);
            return false;
        }
    }
}

PGresult *db_next_result(PGconn *c, struct rd_error *err)
{
    return db_await(c, err) ? PQgetResult(c) : NULL;
}

bool db_put_copy(PGconn *c, const char *data, size_t len, struct rd_error *err)
{
    for (;;) {
        int r = PQputCopyData(c, data, (int)len);
        if (r == 1) return true;
        if (r < 0) {
            db_error(c, NULL, err);
            return false;
        }
        if (!db_await(c, err)) return false; /* 0: libpq's buffer is full; let it drain */
    }
}

bool db_finish_connect(PGconn *c, struct rd_error *err)
{
    int64_t deadline = now_ms() + CONNECT_LIMIT_MS;
    unsigned limit = wait_limit_ms && wait_limit_ms < CONNECT_LIMIT_MS ? wait_limit_ms : 0;
    if (limit) deadline = now_ms() + limit;
    PostgresPollingStatusType st = PGRES_POLLING_WRITING;
    while (st != PGRES_POLLING_OK) {
        if (st == PGRES_POLLING_FAILED || PQstatus(c) == CONNECTION_BAD) {
            db_error(c, NULL, err);
            return false;
        }
        bool limit_hit;
        short events = st == PGRES_POLLING_READING ? POLLIN : POLLOUT;
        int ready = wait_slice(c, events, deadline, &limit_hit);
        if (ready < 0) {
            give_up(c, err, limit_hit ? (limit ? limit : CONNECT_LIMIT_MS) : 0);
            rd_error_prefix(err, "connecting");
            return false;
        }
        /* PQconnectPoll only once the socket is ready: it may block otherwise */
        if (ready > 0) st = PQconnectPoll(c);
    }
    if (PQsetnonblocking(c, 1) != 0) {
        db_error(c, NULL, err);
        return false;
    }
    return true;
}
