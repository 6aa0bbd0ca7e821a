#include "db/listener.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db/conn.h"
#include "db/load.h"
#include "rulings/current.h"
#include "rulings/snapshot.h"
#include "rulings/timeutil.h"

enum { BACKOFF_MIN_MS = 200, BACKOFF_MAX_MS = 10000 };
enum { LOG_DBG, LOG_INF, LOG_WRN, LOG_ERR };

struct listener {
    struct listener_options opt;
    pthread_t thread;
    int wake_pipe[2];
    atomic_bool stop;
    atomic_bool force;
    PGconn *conn;
    pthread_mutex_t stats_lock;
    struct listener_stats stats;
};

static double ms_between(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) * 1e3 + (double)(b->tv_nsec - a->tv_nsec) / 1e6;
}

static void set_connected(struct listener *l, bool on)
{
    pthread_mutex_lock(&l->stats_lock);
    l->stats.connected = on;
    if (!on) l->stats.failures++;
    pthread_mutex_unlock(&l->stats_lock);
}

static void drop_connection(struct listener *l)
{
    if (l->conn) PQfinish(l->conn);
    l->conn = NULL;
    set_connected(l, false);
}

/* Loads and publishes a snapshot. False on a database error (connection dropped). */
static bool reload(struct listener *l)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct dataset ds;
    int64_t revision;
    struct rd_error err = {0};
    if (!db_load_dataset(l->conn, &ds, &revision, &err)) {
        if (strcmp(err.sqlstate, "42P01") == 0)
            l->opt.log(LOG_ERR, "the database has no restrictd schema yet: run `restrictd "
                                "migrate` (retrying)");
        else
            l->opt.log(LOG_ERR, "loading the rulings failed: %s", err.message);
        return false;
    }
    size_t subjects = ds.n_subjects, rulings = ds.n_rulings;
    struct snapshot *s = snapshot_build(&ds, revision, &err);
    if (!s) {
        l->opt.log(LOG_ERR, "building the snapshot failed: %s", err.message);
        return true; /* not the connection's fault: keep serving the old snapshot */
    }
    current_publish(s);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = ms_between(&t0, &t1);
    pthread_mutex_lock(&l->stats_lock);
    l->stats.reloads++;
    l->stats.last_load_at = rd_now();
    l->stats.last_load_ms = ms;
    pthread_mutex_unlock(&l->stats_lock);
    l->opt.log(LOG_INF, "snapshot loaded: revision %lld, %zu subjects, %zu rulings, %.1f ms",
               (long long)revision, subjects, rulings, ms);
    return true;
}

static bool connect_and_listen(struct listener *l)
{
    struct rd_error err = {0};
    l->conn = db_connect(l->opt.database_url, &err);
    if (!l->conn) {
        l->opt.log(LOG_WRN, "PostgreSQL is not reachable (retrying): %s", err.message);
        return false;
    }
    if (!db_exec(l->conn, "LISTEN restrictd_changes", &err) ||
        (l->opt.tokens && !db_exec(l->conn, "LISTEN restrictd_tokens", &err))) {
        l->opt.log(LOG_WRN, "LISTEN failed (retrying): %s", err.message);
        drop_connection(l);
        return false;
    }
    /* A failed token refresh keeps the tokens known so far; only a broken connection
     * is worth starting over for. */
    if (l->opt.tokens && !l->opt.tokens(l->opt.tokens_ctx, l->conn) &&
        PQstatus(l->conn) != CONNECTION_OK) {
        drop_connection(l);
        return false;
    }
    set_connected(l, true);
    l->opt.log(LOG_INF, "connected to PostgreSQL; listening for changes");
    return true;
}

enum { NEWS_DATA = 1, NEWS_TOKENS = 2 };

/* Takes the notifications libpq has already read. */
static unsigned drain_notifications(PGconn *c)
{
    unsigned news = 0;
    PGnotify *n;
    while ((n = PQnotifies(c))) {
        news |= strcmp(n->relname, "restrictd_tokens") == 0 ? NEWS_TOKENS : NEWS_DATA;
        PQfreemem(n);
    }
    return news;
}

/* Waits for a notification, a wake-up or the poll interval. Returns false when the
 * connection broke. Sets NEWS_* bits in *news for the notifications received. */
static bool wait_for_news(struct listener *l, int timeout_ms, unsigned *news)
{
    /* A notification that arrived while the last reload ran has been read into libpq's
     * queue already; the socket would not wake poll() for it, so look first. */
    if (l->conn) *news |= drain_notifications(l->conn);
    if (*news) timeout_ms = 0;
    struct pollfd fds[2] = {{l->wake_pipe[0], POLLIN, 0}, {-1, POLLIN, 0}};
    if (l->conn) fds[1].fd = PQsocket(l->conn);
    int rc = poll(fds, 2, timeout_ms);
    if (rc < 0 && errno != EINTR) return false;
    if (fds[0].revents & POLLIN) {
        char buf[64];
        while (read(l->wake_pipe[0], buf, sizeof buf) > 0) {
        }
    }
    if (l->conn && (fds[1].revents & (POLLIN | POLLERR | POLLHUP))) {
        if (!PQconsumeInput(l->conn)) return false;
        *news |= drain_notifications(l->conn);
    }
    return true;
}

static void *run(void *arg)
{
    struct listener *l = arg;
    int backoff = BACKOFF_MIN_MS;
    bool need_load = true;
    while (!atomic_load(&l->stop)) {
        if (!l->conn) {
            if (!connect_and_listen(l)) {
                unsigned ignored = 0;
                (void)wait_for_news(l, backoff, &ignored);
                backoff = backoff * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : backoff * 2;
                continue;
            }
            need_load = true; /* notifications sent while away are lost */
        }
        if (atomic_exchange(&l->force, false)) need_load = true;
        if (!need_load) {
            int64_t rev;
            struct rd_error err = {0};
            if (!db_revision(l->conn, &rev, &err)) {
                l->opt.log(LOG_WRN, "revision check failed (reconnecting): %s", err.message);
                drop_connection(l);
                continue;
            }
            need_load = rev != current_revision();
        }
        if (need_load) {
            if (!reload(l)) {
                drop_connection(l);
                unsigned ignored = 0;
                (void)wait_for_news(l, backoff, &ignored);
                backoff = backoff * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : backoff * 2;
                continue;
            }
            need_load = false;
        }
        backoff = BACKOFF_MIN_MS;
        unsigned news = 0;
        if (!wait_for_news(l, (int)l->opt.poll_interval_ms, &news) ||
            PQstatus(l->conn) != CONNECTION_OK) {
            l->opt.log(LOG_WRN, "lost the PostgreSQL connection (reconnecting)");
            drop_connection(l);
            continue;
        }
        /* Data news: the revision check at the top of the loop decides. Tokens: refresh
         * on news and at every poll, which covers a lost notification (the table is tiny). */
        if (l->opt.tokens && ((news & NEWS_TOKENS) || !(news & NEWS_DATA)) &&
            !l->opt.tokens(l->opt.tokens_ctx, l->conn)) {
            if (PQstatus(l->conn) != CONNECTION_OK) {
                l->opt.log(LOG_WRN, "lost the PostgreSQL connection (reconnecting)");
                drop_connection(l);
            }
        }
    }
    drop_connection(l);
    return NULL;
}

struct listener *listener_start(const struct listener_options *opt, struct rd_error *err)
{
    struct listener *l = calloc(1, sizeof *l);
    if (!l) {
        rd_error_set(err, "out of memory");
        return NULL;
    }
    l->opt = *opt;
    pthread_mutex_init(&l->stats_lock, NULL);
    if (pipe(l->wake_pipe) != 0) {
        rd_error_set(err, "pipe: %s", strerror(errno));
        free(l);
        return NULL;
    }
    for (int i = 0; i < 2; i++) {
        fcntl(l->wake_pipe[i], F_SETFL, O_NONBLOCK);
        fcntl(l->wake_pipe[i], F_SETFD, FD_CLOEXEC);
    }
    if (pthread_create(&l->thread, NULL, run, l) != 0) {
        rd_error_set(err, "cannot start the listener thread");
        close(l->wake_pipe[0]);
        close(l->wake_pipe[1]);
        free(l);
        return NULL;
    }
    return l;
}

void listener_wake(struct listener *l)
{
    atomic_store(&l->force, true);
    ssize_t ignored = write(l->wake_pipe[1], "w", 1);
    (void)ignored;
}

struct listener_stats listener_stats(struct listener *l)
{
    pthread_mutex_lock(&l->stats_lock);
    struct listener_stats s = l->stats;
    pthread_mutex_unlock(&l->stats_lock);
    return s;
}

void listener_stop(struct listener *l)
{
    if (!l) return;
    atomic_store(&l->stop, true);
    listener_wake(l);
    pthread_join(l->thread, NULL);
    close(l->wake_pipe[0]);
    close(l->wake_pipe[1]);
    pthread_mutex_destroy(&l->stats_lock);
    free(l);
}
