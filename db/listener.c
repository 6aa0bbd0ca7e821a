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
#include "lib/timeutil.h"

enum { BACKOFF_MIN_MS = 200, BACKOFF_MAX_MS = 10000 };
/* A read replica behind the primary is asked again this often, this many times. */
enum { LAG_RETRY_MS = 100, LAG_RETRIES = 50 };
enum { LOG_DBG, LOG_INF, LOG_WRN, LOG_ERR };

struct listener {
    struct listener_options opt;
    pthread_t thread;
    int wake_pipe[2];
    atomic_bool stop;
    atomic_bool force;
    PGconn *conn;      /* the primary: LISTEN, revision polls, and loads without read_url */
    PGconn *read_conn; /* with opt.read_url: loads */
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

static void set_read_connected(struct listener *l, bool on)
{
    pthread_mutex_lock(&l->stats_lock);
    l->stats.read_connected = on;
    if (!on) l->stats.failures++;
    pthread_mutex_unlock(&l->stats_lock);
}

static void drop_read_connection(struct listener *l)
{
    if (l->read_conn) PQfinish(l->read_conn);
    l->read_conn = NULL;
    set_read_connected(l, false);
}

/* The connection snapshots are loaded from: the primary's, or the read URL's (connected
 * on demand). NULL when the read database cannot be reached. */
static PGconn *load_source(struct listener *l)
{
    if (!l->opt.read_url) return l->conn;
    if (l->read_conn && PQstatus(l->read_conn) == CONNECTION_OK) return l->read_conn;
    if (l->read_conn) drop_read_connection(l);
    struct rd_error err = {0};
    l->read_conn = db_connect(l->opt.read_url, &err);
    if (!l->read_conn) {
        l->opt.log(LOG_WRN, "the read database is not reachable (retrying): %s", err.message);
        set_read_connected(l, false);
        return NULL;
    }
    set_read_connected(l, true);
    l->opt.log(LOG_INF, "connected to the read database; snapshots load from it");
    return l->read_conn;
}

enum load_result { LOAD_OK, LOAD_PRIMARY_FAILED, LOAD_READ_FAILED };

/* Loads and publishes a snapshot; its revision goes to *loaded. On a database error the
 * result says which connection failed (the read one is dropped here). */
static enum load_result reload(struct listener *l, int64_t *loaded)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    PGconn *src = load_source(l);
    if (!src) return LOAD_READ_FAILED;
    struct dataset ds;
    int64_t revision;
    struct rd_error err = {0};
    if (!db_load_dataset(src, &ds, &revision, &err)) {
        const char *which = src == l->conn ? "" : " from the read database";
        if (strcmp(err.sqlstate, "42P01") == 0)
            l->opt.log(LOG_ERR, "the database%s has no restrictd schema yet: run `restrictd "
                                "migrate` (retrying)", which);
        else
            l->opt.log(LOG_ERR, "loading the rulings%s failed: %s", which, err.message);
        if (src == l->conn) return LOAD_PRIMARY_FAILED;
        drop_read_connection(l);
        return LOAD_READ_FAILED;
    }
    *loaded = revision;
    size_t subjects = ds.n_subjects, rulings = ds.n_rulings;
    struct snapshot *s = snapshot_build(&ds, revision, &err);
    if (!s) {
        l->opt.log(LOG_ERR, "building the snapshot failed: %s", err.message);
        return LOAD_OK; /* not the connection's fault: keep serving the old snapshot */
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
    return LOAD_OK;
}

static bool connect_and_listen(struct listener *l)
{
    struct rd_error err = {0};
    l->conn = db_connect(l->opt.database_url, &err);
    if (!l->conn) {
        l->opt.log(LOG_WRN, "PostgreSQL is not reachable (retrying): %s", err.message);
        set_connected(l, false); /* counts the failure */
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

static int grow(int backoff)
{
    return backoff * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : backoff * 2;
}

/* After a load from a read replica: is it behind the primary? Then ask again shortly,
 * LAG_RETRIES times, before leaving it to the periodic poll. Returns the wait. */
static int after_replica_load(struct listener *l, int64_t loaded, int64_t primary,
                              int *lag_retries, bool *need_load)
{
    if (loaded >= primary) {
        *lag_retries = 0;
        return (int)l->opt.poll_interval_ms;
    }
    pthread_mutex_lock(&l->stats_lock);
    l->stats.replica_behind++;
    pthread_mutex_unlock(&l->stats_lock);
    if (++*lag_retries <= LAG_RETRIES) {
        *need_load = true;
        return LAG_RETRY_MS;
    }
    if (*lag_retries == LAG_RETRIES + 1)
        l->opt.log(LOG_WRN, "the read database is at revision %lld, the primary at %lld: "
                            "serving what it has, loading again at each poll",
                   (long long)loaded, (long long)primary);
    return (int)l->opt.poll_interval_ms;
}

static void *run(void *arg)
{
    struct listener *l = arg;
    int backoff = BACKOFF_MIN_MS;
    bool need_load = true;
    int lag_retries = 0;
    while (!atomic_load(&l->stop)) {
        if (!l->conn) {
            if (!connect_and_listen(l)) {
                unsigned ignored = 0;
                (void)wait_for_news(l, backoff, &ignored);
                backoff = grow(backoff);
                continue;
            }
            need_load = true; /* notifications sent while away are lost */
        }
        if (atomic_exchange(&l->force, false)) need_load = true;
        int64_t primary = -1;
        if (!need_load || l->opt.read_url) {
            struct rd_error err = {0};
            if (!db_revision(l->conn, &primary, &err)) {
                l->opt.log(LOG_WRN, "revision check failed (reconnecting): %s", err.message);
                drop_connection(l);
                continue;
            }
            if (!need_load) need_load = primary != current_revision();
            if (!need_load) current_confirm(rd_now()); /* still the latest */
        }
        int wait_ms = (int)l->opt.poll_interval_ms;
        if (need_load) {
            int64_t loaded = -1;
            enum load_result r = reload(l, &loaded);
            if (r != LOAD_OK) {
                if (r == LOAD_PRIMARY_FAILED) drop_connection(l);
                unsigned ignored = 0;
                (void)wait_for_news(l, backoff, &ignored);
                backoff = grow(backoff);
                continue;
            }
            need_load = false;
            if (l->opt.read_url && loaded >= 0)
                wait_ms = after_replica_load(l, loaded, primary, &lag_retries, &need_load);
            /* Published (a failed build keeps the old snapshot) and not behind the primary. */
            if (loaded >= 0 && current_revision() == loaded &&
                (!l->opt.read_url || loaded >= primary))
                current_confirm(rd_now());
        }
        backoff = BACKOFF_MIN_MS;
        unsigned news = 0;
        if (!wait_for_news(l, wait_ms, &news) || PQstatus(l->conn) != CONNECTION_OK) {
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
    if (l->read_conn) PQfinish(l->read_conn);
    l->read_conn = NULL;
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
