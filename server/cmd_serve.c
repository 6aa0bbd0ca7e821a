/* restrictd serve: the HTTP service, until SIGTERM or SIGINT. */
#include <malloc.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "db/conn.h"
#include "db/listener.h"
#include "db/pool.h"
#include "server/auth.h"
#include "server/commands.h"
#include "server/http.h"
#include "server/log.h"
#include "server/metrics.h"
#include "server/metrics_sources.h"

__attribute__((format(printf, 2, 3))) static void listener_log(int level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_vmsg((enum log_level)level, fmt, ap);
    va_end(ap);
}

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
    while (n && (why[n - 1] == '\n' || why[n - 1] == ' ')) why[--n] = '\0';
    log_msg(LOG_ERROR, "%s is not a valid PostgreSQL connection string: %s", name,
            why ? why : "out of memory");
    PQfreemem(why);
    return false;
}

int cmd_serve(const struct config *cfg)
{
    if (!cfg->database_url || !*cfg->database_url) {
        log_msg(LOG_ERROR, "DATABASE_URL is not set: restrictd serves rulings from PostgreSQL "
                           "(deploy/run-local.sh starts one for you)");
        return 2;
    }
    const char *read_url =
        cfg->database_read_url && *cfg->database_read_url ? cfg->database_read_url : NULL;
    if (!url_parses("DATABASE_URL", cfg->database_url) ||
        (read_url && !url_parses("DATABASE_READ_URL", read_url)))
        return 2;
    /* Snapshots are tens of MiB built on the side and dropped after a swap: allocations of
     * 256 KiB and more come straight from mmap, so that a dropped snapshot's memory goes
     * back to the system instead of staying in the heap (a fixed threshold also stops
     * glibc from raising it after the first large free). Few threads allocate: keep the
     * number of malloc arenas small, each one holds on to its own free memory. */
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
    mallopt(M_ARENA_MAX, 4);
    /* Signals are taken by sigwait below: block them before any thread starts. */
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &signals, NULL);
    signal(SIGPIPE, SIG_IGN);

    struct rd_error err = {0};
    /* Admin writes and history reads: one connection per HTTP worker at most, made lazily
     * (a worker runs one handler at a time). */
    struct http_services svc = {
        .pool = db_pool_create(cfg->database_url, cfg->threads > 64 ? 64 : cfg->threads, &err),
        .auth = auth_new(cfg->admin_rate_limit, cfg->auth_failure_limit),
    };
    if (!svc.pool || !svc.auth) {
        log_msg(LOG_ERROR, "cannot start: %s", svc.pool ? "out of memory" : err.message);
        db_pool_free(svc.pool);
        auth_free(svc.auth);
        return 1;
    }
    struct listener_options lopt = {cfg->database_url, cfg->reload_interval_ms, listener_log,
                                    auth_reload, svc.auth, read_url};
    /* Without counters the service still works: say so and go on. */
    bool counted = metrics_init();
    if (!counted) log_msg(LOG_WARN, "out of memory for the request metrics: serving without");
    struct listener *listener = listener_start(&lopt, &err);
    if (!listener) {
        log_msg(LOG_ERROR, "cannot start: %s", err.message);
        metrics_shutdown();
        db_pool_free(svc.pool);
        auth_free(svc.auth);
        return 1;
    }
    if (!metrics_sources_add(listener) || !metrics_sources_add_pool(svc.pool))
        log_msg(LOG_WARN, "too many metrics collectors");
    struct http_server *http = http_start_with(cfg, &svc, &err);
    if (!http) {
        log_msg(LOG_ERROR, "cannot start: %s", err.message);
        metrics_shutdown();
        listener_stop(listener);
        db_pool_free(svc.pool);
        auth_free(svc.auth);
        return 1;
    }
    char safe_url[512];
    db_redact_url(cfg->database_url, safe_url, sizeof safe_url);
    struct log_line l;
    if (log_begin(&l, LOG_INFO, "restrictd listening")) {
        log_str(&l, "listen", cfg->listen);
        log_int(&l, "port", http_port(http));
        log_int(&l, "threads", cfg->threads);
        log_str(&l, "database", safe_url);
        if (read_url) {
            char safe_read[512];
            db_redact_url(read_url, safe_read, sizeof safe_read);
            log_str(&l, "read_database", safe_read);
        }
        log_int(&l, "access_log", cfg->access_log);
        log_end(&l);
    }
    int sig = 0;
    for (;;) {
        if (sigwait(&signals, &sig) != 0) continue;
        if (sig == SIGHUP) {
            log_msg(LOG_INFO, "SIGHUP: reloading the rulings");
            listener_wake(listener);
            continue;
        }
        break;
    }
    log_msg(LOG_INFO, "%s: finishing in-flight requests (up to %u s), then stopping",
            sig == SIGTERM ? "SIGTERM" : "SIGINT", cfg->shutdown_grace);
    http_stop(http, cfg->shutdown_grace);
    metrics_shutdown(); /* forgets the collectors before the listener goes */
    listener_stop(listener);
    db_pool_free(svc.pool);
    auth_free(svc.auth);
    log_msg(LOG_INFO, "stopped");
    return 0;
}
