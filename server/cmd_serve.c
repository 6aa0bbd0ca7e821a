/* restrictd serve: the HTTP service, until SIGTERM or SIGINT. */
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "db/conn.h"
#include "db/listener.h"
#include "db/monitor.h"
#include "server/webhooks.h"
#include "db/pool.h"
#include "db/wait.h"
#include "server/auth.h"
#include "server/commands.h"
#include "server/http.h"
#include "server/offload.h"
#include "server/past.h"
#include "rulings/past_cache.h"
#include "server/log.h"
#include "server/metrics.h"
#include "server/metrics_sources.h"
#include "server/signing.h"
#include "lib/keyring.h"

/* Admin writes and history reads: one connection per HTTP worker at most, made lazily
 * (a worker runs one handler at a time), and never more than this. */
enum { POOL_MAX_CONNECTIONS = 64 };

/* Snapshots are tens of MiB built on the side and dropped after a swap: allocations of
 * SNAPSHOT_MMAP_THRESHOLD and more come straight from mmap, so that a dropped snapshot's
 * memory goes back to the system instead of staying in the heap (a fixed threshold also
 * stops glibc from raising it after the first large free). Few threads allocate: keep the
 * number of malloc arenas small, each one holds on to its own free memory. */
enum { SNAPSHOT_MMAP_THRESHOLD = 256 * 1024, MALLOC_ARENAS = 4 };

/* Room for a connection URL with its password masked (db_redact_url). */
enum { SAFE_URL_BUFSZ = 512 };

/* A connection string libpq cannot even parse is a configuration error: say so at once
 * instead of retrying it forever. */
static bool url_parses(const char *name, const char *url)
{
    char *why = NULL;
    PQconninfoOption *opts = PQconninfoParse(url, &why);
    if (opts) {
        PQconninfoFree(opts);
        return true;
    }
    size_t n = why ? strlen(why) : 0;
    while (n && (why[n - 1] == '\n' || why[n - 1] == ' '))
        why[--n] = '\0';
    log_msg(LOG_ERROR, "%s is not a valid PostgreSQL connection string: %s", name,
            why ? why : "out of memory");
    PQfreemem(why);
    return false;
}

/* The database URLs are set and parse; `*read_url` is the read replica's or NULL. */
static bool urls_valid(const struct config *cfg, const char **read_url)
{
    if (!cfg->database_url || !*cfg->database_url) {
        log_msg(LOG_ERROR, "DATABASE_URL is not set: restrictd serves rulings from PostgreSQL "
                           "(deploy/run-local.sh starts one for you)");
        return false;
    }
    *read_url = cfg->database_read_url && *cfg->database_read_url ? cfg->database_read_url : NULL;
    return url_parses("DATABASE_URL", cfg->database_url) &&
           (!*read_url || url_parses("DATABASE_READ_URL", *read_url));
}

/* Signals are taken by sigwait (wait_for_stop): block them before any thread starts. */
static void block_signals(sigset_t *signals)
{
    sigemptyset(signals);
    sigaddset(signals, SIGTERM);
    sigaddset(signals, SIGINT);
    sigaddset(signals, SIGHUP);
    pthread_sigmask(SIG_BLOCK, signals, NULL);
    signal(SIGPIPE, SIG_IGN);
}

static void log_listening(const struct config *cfg, const struct http_server *http,
                          const char *read_url)
{
    struct log_line l;
    if (!log_begin(&l, LOG_INFO, "restrictd listening")) return;
    char safe_url[SAFE_URL_BUFSZ];
    db_redact_url(cfg->database_url, safe_url, sizeof safe_url);
    log_str(&l, "listen", cfg->listen);
    log_int(&l, "port", http_port(http));
    log_int(&l, "threads", cfg->threads);
    log_str(&l, "database", safe_url);
    if (read_url) {
        char safe_read[SAFE_URL_BUFSZ];
        db_redact_url(read_url, safe_read, sizeof safe_read);
        log_str(&l, "read_database", safe_read);
    }
    log_int(&l, "access_log", cfg->access_log);
    log_end(&l);
}

/* Serves until SIGTERM or SIGINT (returned); SIGHUP reloads the rulings and the signing
 * keys (a key file that cannot be read keeps the keys in use). */
static int wait_for_stop(const sigset_t *signals, struct listener *listener,
                         const struct config *cfg)
{
    int sig = 0;
    for (;;) {
        if (sigwait(signals, &sig) != 0) continue;
        if (sig != SIGHUP) return sig;
        log_msg(LOG_INFO, "SIGHUP: reloading the rulings and the signing keys");
        listener_wake(listener);
        (void)signing_load(cfg); /* a failure is logged; the keys before stay */
    }
}

/* Stops serving (NULL parts are skipped), then whatever still waits for PostgreSQL gives
 * up; a database job that does not end keeps its thread, pool and request to exit(). */
static void stop_all(struct http_server *http, const struct config *cfg, struct http_services *svc,
                     struct listener *listener, struct monitor *monitor, struct webhooks *hooks)
{
    http_stop(http, cfg->shutdown_grace);
    db_abandon_waits();
    monitor_stop(monitor);
    webhooks_stop(hooks);
    bool jobs_ended = offload_drain(svc->offload, 1000);
    metrics_shutdown(); /* forgets the collectors before the listener goes */
    listener_stop(listener);
    if (jobs_ended) {
        offload_stop(svc->offload);
        db_pool_free(svc->pool);
        past_cache_clear(); /* no job builds one any more */
    }
    auth_free(svc->auth);
    keyring_publish(NULL); /* the requests that held the keys have ended */
}

/* The monitor (unless RESTRICTD_MONITOR=0) and the webhook deliverer (issue 18). */
static bool start_watching(const struct config *cfg, struct monitor **monitor,
                           struct webhooks **hooks)
{
    static struct webhooks_options wopt; /* outlives the thread */
    struct rd_error err = {0};
    wopt = (struct webhooks_options){cfg->database_url, cfg->webhook_allow, cfg->webhook_timeout_ms,
                                     cfg->webhook_retry_max, cfg->webhook_give_up};
    if ((cfg->monitor && !(*monitor = monitor_start(cfg->database_url, cfg->monitor_lead, &err))) ||
        !(*hooks = webhooks_start(&wopt, &err))) {
        log_msg(LOG_ERROR, "cannot start: %s", err.message);
        return false;
    }
    return true;
}

static void pool_reachable(void *pool)
{
    db_pool_reachable(pool);
}

/* Exit status: 0 after a stop by signal, 1 when the service could not start, 2 for a
 * configuration that cannot work. */
int cmd_serve(const struct config *cfg)
{
    int rc = 2;
    struct rd_error err = {0};
    struct http_services svc = {0};
    struct listener *listener = NULL;
    struct monitor *monitor = NULL;
    struct webhooks *hooks = NULL;
    struct http_server *http = NULL;
    const char *read_url = NULL;
    if (!urls_valid(cfg, &read_url) || !signing_load(cfg)) goto out;
    rc = 1;
    mallopt(M_MMAP_THRESHOLD, SNAPSHOT_MMAP_THRESHOLD);
    mallopt(M_ARENA_MAX, MALLOC_ARENAS);
    sigset_t signals;
    block_signals(&signals);

    unsigned pool_size = cfg->threads > POOL_MAX_CONNECTIONS ? POOL_MAX_CONNECTIONS : cfg->threads;
    svc.pool = db_pool_create(cfg->database_url, pool_size, &err);
    svc.auth = auth_new(cfg->admin_rate_limit, cfg->auth_failure_limit);
    svc.offload = offload_start(pool_size, cfg->db_queue);
    if (!svc.pool || !svc.auth || !svc.offload) {
        log_msg(LOG_ERROR, "cannot start: %s", svc.pool ? "out of memory or threads" : err.message);
        goto out;
    }
    /* Without counters the service still works: say so and go on. */
    if (!metrics_init())
        log_msg(LOG_WARN, "out of memory for the request metrics: serving without");
    struct listener_options lopt = {.database_url = cfg->database_url,
                                    .poll_interval_ms = cfg->reload_interval_ms,
                                    .tokens = auth_reload,
                                    .tokens_ctx = svc.auth,
                                    .read_url = read_url,
                                    .connected = pool_reachable,
                                    .connected_ctx = svc.pool};
    listener = listener_start(&lopt, &err);
    if (!listener) {
        log_msg(LOG_ERROR, "cannot start: %s", err.message);
        goto out;
    }
    if (!start_watching(cfg, &monitor, &hooks)) goto out;
    if (!metrics_sources_add(listener) || !metrics_sources_add_pool(svc.pool, svc.offload))
        log_msg(LOG_WARN, "too many metrics collectors");
    http = http_start_with(cfg, &svc, &err);
    if (!http) {
        log_msg(LOG_ERROR, "cannot start: %s", err.message);
        goto out;
    }
    log_listening(cfg, http, read_url);
    if (cfg->past_patch_max > 0) past_warm(svc.pool, svc.offload);
    int sig = wait_for_stop(&signals, listener, cfg);
    log_msg(LOG_INFO, "%s: finishing in-flight requests (up to %u s), then stopping",
            sig == SIGTERM ? "SIGTERM" : "SIGINT", cfg->shutdown_grace);
    rc = 0;
out:
    stop_all(http, cfg, &svc, listener, monitor, hooks);
    if (rc == 0) log_msg(LOG_INFO, "stopped");
    return rc;
}
