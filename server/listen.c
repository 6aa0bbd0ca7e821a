/* The listening socket: start, the port bound, and the graceful stop. */
#include "server/http.h"

#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/wait.h"
#include "server/answer_cache.h"
#include "server/conns.h"
#include "server/http_internal.h"
#include "server/acceptor.h"
#include "server/log.h"
#include "server/metrics_sources.h"
#include "server/offload.h"

/* "host:port", "[v6]:port" or ":port" -> socket address. */
static bool resolve_listen(const char *listen, struct sockaddr_storage *out, socklen_t *outlen,
                           struct rd_error *err)
{
    char host[256], port[16];
    const char *colon = strrchr(listen, ':');
    if (!colon || !colon[1] || strlen(colon + 1) >= sizeof port) {
        rd_error_set(err, "RESTRICTD_LISTEN=%s: expected host:port, such as 127.0.0.1:8080",
                     listen);
        return false;
    }
    size_t hlen = (size_t)(colon - listen);
    if (hlen >= sizeof host) {
        rd_error_set(err, "RESTRICTD_LISTEN=%s: host name too long", listen);
        return false;
    }
    memcpy(host, listen, hlen);
    host[hlen] = '\0';
    snprintf(port, sizeof port, "%s", colon + 1);
    /* getaddrinfo would take 99999 and wrap it: only 0..65535 is a port. */
    char *end;
    unsigned long pn = strtoul(port, &end, 10);
    if (*end || port[0] < '0' || port[0] > '9' || pn > 65535) {
        rd_error_set(err, "RESTRICTD_LISTEN=%s: the port must be a number from 0 to 65535", listen);
        return false;
    }
    if (hlen >= 2 && host[0] == '[' && host[hlen - 1] == ']') {
        memmove(host, host + 1, hlen - 2);
        host[hlen - 2] = '\0';
    }
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV | AI_PASSIVE};
    struct addrinfo *res = NULL;
    int rc = getaddrinfo(host[0] ? host : NULL, port, &hints, &res);
    if (rc != 0 || !res) {
        rd_error_set(err, "RESTRICTD_LISTEN=%s: %s", listen, gai_strerror(rc));
        return false;
    }
    memcpy(out, res->ai_addr, res->ai_addrlen);
    *outlen = res->ai_addrlen;
    freeaddrinfo(res);
    return true;
}

struct http_server *http_start_with(const struct config *cfg, const struct http_services *svc,
                                    struct rd_error *err)
{
    struct sockaddr_storage addr;
    socklen_t addrlen;
    if (!resolve_listen(cfg->listen, &addr, &addrlen, err)) return NULL;
    struct http_server *srv = calloc(1, sizeof *srv);
    if (!srv) {
        rd_error_set(err, "out of memory");
        return NULL;
    }
    srv->cfg = cfg;
    srv->settings = (struct handler_settings){.screen_max_rows = cfg->screen_max_rows,
                                              .screen_full_min = cfg->screen_full_answer_min,
                                              .screen_threads = cfg->screen_threads,
                                              .reload_interval_ms = cfg->reload_interval_ms,
                                              .webhook_allow = cfg->webhook_allow,
                                              .past_rollback_max = cfg->past_rollback_max,
                                              .past_patch_max = cfg->past_patch_max,
                                              .past_patch_check = cfg->past_patch_check};
    if (svc) srv->svc = *svc;
    srv->id_prefix =
        (((unsigned long long)time(NULL) << 20) ^ (unsigned long long)getpid()) & 0xffffffffffull;
    srv->conns = conns_new();          /* without it a stop waits for requests, not connections */
    srv->answers = answer_cache_new(); /* without it every poll asks PostgreSQL */
    if (srv->answers && !metrics_sources_add_answers(srv->answers))
        log_msg(LOG_WARN, "too many metrics collectors");
    struct rd_error why = {0};
    srv->acceptor = acceptor_open(&addr, addrlen, &why);
    srv->daemon = srv->acceptor ? http_start_daemon(srv) : NULL;
    if (!srv->daemon ||
        !acceptor_start(srv->acceptor, srv->daemon, &srv->adopting, http_admit, srv)) {
        if (srv->acceptor)
            rd_error_set(err, "cannot start serving on %s", cfg->listen);
        else
            rd_error_set(err, "cannot listen on %s: %s (is the address in use, or not local?)",
                         cfg->listen, why.message);
        if (srv->daemon) MHD_stop_daemon(srv->daemon);
        acceptor_free(srv->acceptor);
        conns_free(srv->conns);
        answer_cache_free(srv->answers);
        free(srv);
        return NULL;
    }
    srv->port = acceptor_port(srv->acceptor);
    /* A request head must arrive within the connection timeout, however slowly it trickles. */
    if (srv->conns) srv->guard = conns_guard_start(srv->conns, cfg->timeout * 1000u);
    return srv;
}

unsigned http_port(const struct http_server *srv)
{
    return srv->port;
}

/* During a stop, a connection on which no request has started for this long is closed:
 * its client is not sending, and would otherwise hold the stop for the whole grace. A
 * request whose request line has arrived is never cut (on_request_line). A client's next
 * request crossing the close is lost (HTTP's keep-alive race): the longer the wait, the
 * rarer that is. At 200 ms a CI run lost 1 of 17,000 keep-alive requests of a loaded
 * machine's curl loop (tests/container/run.sh); a second more of a stop is cheap. */
enum { DRAIN_IDLE_MS = 1000 };
/* How often the drain looks again. */
enum { DRAIN_TICK_MS = 10 };
/* How long before the end of the grace requests waiting for PostgreSQL give up. */
enum { ABANDON_BEFORE_END_MS = 500 };

static void sleep_ms(long ms)
{
    struct timespec t = {ms / 1000, ms % 1000 * 1000000L};
    nanosleep(&t, NULL);
}

void http_stop(struct http_server *srv, unsigned grace_seconds)
{
    if (!srv) return;
    /* From here every answer says `Connection: close`, and no new connection is accepted:
     * each open connection ends after at most one more request. */
    atomic_store(&srv->draining, true);
    conns_guard_stop(srv->guard);
    acceptor_stop(srv->acceptor);
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    long grace_ms = (long)grace_seconds * 1000;
    bool abandoned = false;
    for (;;) {
        size_t open = srv->conns ? conns_close_idle(srv->conns, DRAIN_IDLE_MS) : 0;
        long busy = atomic_load(&srv->in_flight);
        clock_gettime(CLOCK_MONOTONIC, &now);
        long waited =
            (long)(now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
        if (open == 0 && busy <= 0 && atomic_load(&srv->adopting) <= 0) break;
        /* Requests waiting for a PostgreSQL that does not answer would outlast the grace:
         * near its end they give up (503), so that their answers still leave in time. */
        if (!abandoned && busy > 0 && waited >= grace_ms - ABANDON_BEFORE_END_MS) {
            log_msg(LOG_WARN, "shutdown grace nearly over: requests waiting for PostgreSQL "
                              "give up now");
            db_abandon_waits();
            abandoned = true;
        }
        if (waited >= grace_ms) {
            if (busy > 0)
                log_msg(LOG_WARN, "shutdown grace over with %ld requests in flight", busy);
            break;
        }
        sleep_ms(DRAIN_TICK_MS);
    }
    /* A connection still suspended for a database job must not be closed under the job:
     * then the process ends without stopping libmicrohttpd (exit closes every socket). */
    if (!offload_drain(srv->svc.offload, ABANDON_BEFORE_END_MS)) {
        log_msg(LOG_WARN, "a request is still waiting for PostgreSQL: stopping without it");
        return;
    }
    MHD_stop_daemon(srv->daemon);
    acceptor_free(srv->acceptor);
    conns_free(srv->conns);
    metrics_remove_answers(srv->answers);
    answer_cache_free(srv->answers);
    free(srv);
}
