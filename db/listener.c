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
#include "db/wait.h"
#include "db/load.h"
#include "rulings/current.h"
#include "rulings/snapshot.h"
#include "lib/log.h"
#include "lib/timeutil.h"

enum { BACKOFF_MIN_MS = 200, BACKOFF_MAX_MS = 10000 };
/* A read replica behind the primary is asked again this often, this many times. */
enum { LAG_RETRY_MS = 100, LAG_RETRIES = 50 };

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

/* Records whether a connection (`flag`: stats.connected or stats.read_connected) works;
 * one that does not counts as a failure. */
static void set_state(struct listener *l, bool *flag, bool on)
{
    pthread_mutex_lock(&l->stats_lock);
    *flag = on;
    if (!on) l->stats.failures++;
    pthread_mutex_unlock(&l->stats_lock);
}

static void drop(struct listener *l, PGconn **c, bool *flag)
{
    if (*c) PQfinish(*c);
    *c = NULL;
    set_state(l, flag, false);
}

static void drop_connection(struct listener *l)
{
    drop(l, &l->conn, &l->stats.connected);
}

static void drop_read_connection(struct listener *l)
{
    drop(l, &l->read_conn, &l->stats.read_connected);
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
        log_msg(LOG_WARN, "the read database is not reachable (retrying): %s", err.message);
        set_state(l, &l->stats.read_connected, false);
        return NULL;
    }
    set_state(l, &l->stats.read_connected, true);
    log_msg(LOG_INFO, "connected to the read database; snapshots load from it");
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
        if (strcmp(err.sqlstate, SQLSTATE_UNDEFINED_TABLE) == 0)
            log_msg(LOG_ERROR,
                    "the database%s has no restrictd schema yet: run `restrictd migrate` "
                    "(retrying)",
                    which);
        else
            log_msg(LOG_ERROR, "loading the rulings%s failed: %s", which, err.message);
        if (src == l->conn) return LOAD_PRIMARY_FAILED;
        drop_read_connection(l);
        return LOAD_READ_FAILED;
    }
    *loaded = revision;
    size_t subjects = ds.n_subjects, rulings = ds.n_rulings;
    struct timespec read_done;
    clock_gettime(CLOCK_MONOTONIC, &read_done);
    struct snapshot *s = snapshot_build(&ds, revision, &err);
    if (!s) {
        log_msg(LOG_ERROR, "building the snapshot failed: %s", err.message);
        return LOAD_OK; /* not the connection's fault: keep serving the old snapshot */
    }
    /* the receipts' known_at; a failure here only leaves it unknown */
    if (!db_revision_at(src, revision, &s->revision_at_us, &err))
        log_msg(LOG_WARN, "reading when revision %lld was made failed: %s", (long long)revision,
                err.message);
    current_publish(s);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = ms_between(&t0, &t1);
    pthread_mutex_lock(&l->stats_lock);
    l->stats.reloads++;
    l->stats.last_load_at = rd_now();
    l->stats.last_load_ms = ms;
    pthread_mutex_unlock(&l->stats_lock);
    log_msg(LOG_INFO,
            "snapshot loaded: revision %lld, %zu subjects, %zu rulings, %.1f ms (read %.1f, "
            "build %.1f)",
            (long long)revision, subjects, rulings, ms, ms_between(&t0, &read_done),
            ms_between(&read_done, &t1));
    return LOAD_OK;
}

static bool connect_and_listen(struct listener *l)
{
    struct rd_error err = {0};
    l->conn = db_connect(l->opt.database_url, &err);
    if (!l->conn) {
        log_msg(LOG_WARN, "PostgreSQL is not reachable (retrying): %s", err.message);
        set_state(l, &l->stats.connected, false); /* counts the failure */
        return false;
    }
    if (!db_exec(l->conn, "LISTEN restrictd_changes", &err) ||
        !db_exec(l->conn, "LISTEN restrictd_imports", &err) ||
        (l->opt.tokens && !db_exec(l->conn, "LISTEN restrictd_tokens", &err))) {
        log_msg(LOG_WARN, "LISTEN failed (retrying): %s", err.message);
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
    set_state(l, &l->stats.connected, true);
    if (l->opt.connected) l->opt.connected(l->opt.connected_ctx);
    log_msg(LOG_INFO, "connected to PostgreSQL; listening for changes");
    return true;
}

/* restrictd_imports: a list import was recorded (db/list_import.h). A refused one changes
 * no revision, yet GET /v1/sources must show it: the snapshot is loaded again. */
enum { NEWS_DATA = 1, NEWS_TOKENS = 2, NEWS_IMPORTS = 4 };

/* Takes the notifications libpq has already read. */
static unsigned drain_notifications(PGconn *c)
{
    unsigned news = 0;
    PGnotify *n;
    while ((n = PQnotifies(c))) {
        news |= strcmp(n->relname, "restrictd_tokens") == 0    ? NEWS_TOKENS
                : strcmp(n->relname, "restrictd_imports") == 0 ? NEWS_IMPORTS
                                                               : NEWS_DATA;
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
static int after_replica_load(struct listener *l, int64_t loaded, int64_t primary, int *lag_retries,
                              bool *need_load)
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
        log_msg(LOG_WARN,
                "the read database is at revision %lld, the primary at %lld: "
                "serving what it has, loading again at each poll",
                (long long)loaded, (long long)primary);
    return (int)l->opt.poll_interval_ms;
}

/* What the loop of run() carries from one turn to the next. */
struct loop_state {
    int backoff;     /* the wait after a failure, doubling up to BACKOFF_MAX_MS */
    bool need_load;  /* a snapshot must be loaded before waiting again */
    int lag_retries; /* loads that found the read replica behind, in a row */
};

/* After a failure: waits (a wake-up cuts it short), then waits longer next time. */
static void back_off(struct listener *l, struct loop_state *st)
{
    unsigned ignored = 0;
    (void)wait_for_news(l, st->backoff, &ignored);
    st->backoff = grow(st->backoff);
}

static bool reconnect(struct listener *l, struct loop_state *st)
{
    if (!connect_and_listen(l)) {
        back_off(l, st);
        return false;
    }
    st->need_load = true; /* notifications sent while away are lost */
    return true;
}

/* The primary's revision into *primary: a snapshot is needed when it differs from the one
 * served. False when the connection broke (it is dropped). */
static bool poll_revision(struct listener *l, struct loop_state *st, int64_t *primary)
{
    struct rd_error err = {0};
    if (!db_revision(l->conn, primary, &err)) {
        log_msg(LOG_WARN, "revision check failed (reconnecting): %s", err.message);
        drop_connection(l);
        return false;
    }
    if (!st->need_load) st->need_load = *primary != current_revision();
    if (!st->need_load) current_confirm(rd_now()); /* still the latest */
    return true;
}

/* Loads and publishes a snapshot; *wait_ms is how long to wait before the next turn.
 * False after a failed load (having backed off). */
static bool load(struct listener *l, struct loop_state *st, int64_t primary, int *wait_ms)
{
    int64_t loaded = -1;
    enum load_result r = reload(l, &loaded);
    if (r != LOAD_OK) {
        if (r == LOAD_PRIMARY_FAILED) drop_connection(l);
        back_off(l, st);
        return false;
    }
    st->need_load = false;
    if (l->opt.read_url && loaded >= 0)
        *wait_ms = after_replica_load(l, loaded, primary, &st->lag_retries, &st->need_load);
    /* Published (a failed build keeps the old snapshot) and not behind the primary. */
    if (loaded >= 0 && current_revision() == loaded && (!l->opt.read_url || loaded >= primary))
        current_confirm(rd_now());
    return true;
}

static void connection_lost(struct listener *l)
{
    log_msg(LOG_WARN, "lost the PostgreSQL connection (reconnecting)");
    drop_connection(l);
}

/* Waits up to wait_ms for news. Data news is left to the revision check of the next turn;
 * tokens are refreshed on news and at every poll, which covers a lost notification (the
 * table is tiny). */
static void await_news(struct listener *l, int wait_ms, bool *need_load)
{
    unsigned news = 0;
    if (!wait_for_news(l, wait_ms, &news) || PQstatus(l->conn) != CONNECTION_OK) {
        connection_lost(l);
        return;
    }
    if (news & NEWS_IMPORTS) *need_load = true;
    bool refresh_tokens = (news & NEWS_TOKENS) || !(news & NEWS_DATA);
    if (l->opt.tokens && refresh_tokens && !l->opt.tokens(l->opt.tokens_ctx, l->conn) &&
        PQstatus(l->conn) != CONNECTION_OK)
        connection_lost(l);
}

/* The longest the listener waits for one answer: a load of every list is a few seconds;
 * a database that takes longer is treated as gone, and the connection made again. */
enum { LISTENER_WAIT_LIMIT_MS = 60000 };

static void *run(void *arg)
{
    struct listener *l = arg;
    db_set_wait_limit(LISTENER_WAIT_LIMIT_MS);
    struct loop_state st = {.backoff = BACKOFF_MIN_MS, .need_load = true};
    while (!atomic_load(&l->stop)) {
        if (!l->conn && !reconnect(l, &st)) continue;
        if (atomic_exchange(&l->force, false)) st.need_load = true;
        int64_t primary = -1;
        if ((!st.need_load || l->opt.read_url) && !poll_revision(l, &st, &primary)) continue;
        int wait_ms = (int)l->opt.poll_interval_ms;
        if (st.need_load && !load(l, &st, primary, &wait_ms)) continue;
        st.backoff = BACKOFF_MIN_MS;
        await_news(l, wait_ms, &st.need_load);
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
