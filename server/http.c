/* libmicrohttpd's callbacks and the request life cycle: a request is made on the first
 * callback, answered on the last (keep-alive), and freed when libmicrohttpd is done. */
#include "server/http.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/check.h"
#include "lib/enum_names.h"
#include "lib/timeutil.h"
#include "rulings/current.h"
#include "server/accept.h"
#include "server/access_log.h"
#include "server/answer_cache.h"
#include "server/conns.h"
#include "server/cors.h"
#include "server/encoding.h"
#include "server/framing.h"
#include "server/http_internal.h"
#include "server/log.h"
#include "server/metrics.h"
#include "server/offload.h"
#include "server/request.h"

/* The most of an oversized body read (and thrown away) to answer 413 on a clean connection. */
#define MAX_BODY_DISCARDED (32u * 1024 * 1024)
/* libmicrohttpd's memory per connection: the request head and the read buffer. Heads are
 * small here (no cookies); bodies are copied out as they arrive. */
#define CONNECTION_MEMORY (16u * 1024)

/* ---- request life cycle ---- */

static bool wants_pretty(struct request *req, bool *bad);

static struct request *request_new(struct http_server *srv, struct MHD_Connection *conn,
                                   const char *url, const char *method)
{
    struct request *req = calloc(1, sizeof *req);
    if (!req) return NULL;
    req->srv = srv;
    req->conn = conn;
    req->method = method;
    req->path = url;
    clock_gettime(CLOCK_MONOTONIC, &req->started);
    req->snap = current_acquire();
    atomic_init(&req->refs, 1);
    make_request_id(req);
    req->pretty = wants_pretty(req, &req->bad_pretty);
    atomic_fetch_add(&srv->in_flight, 1);
    metrics_request_begin();
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    req->tracked = ci ? ci->socket_context : NULL;
    conn_busy(req->tracked);
    return req;
}

static void request_free(struct request *req)
{
    atomic_fetch_sub(&req->srv->in_flight, 1);
    stream_free(req->stream); /* before the snapshot: the stream may borrow it */
    snapshot_release(req->snap);
    sb_free(&req->body);
    spool_free(&req->spool);
    reply_drop_body(req);
    arena_free(&req->arena);
    free(req);
}

void request_unref(struct request *req)
{
    int before = atomic_fetch_sub(&req->refs, 1);
    RD_ASSERT(before > 0); /* a reference dropped twice */
    if (before == 1) request_free(req);
}

/* `pretty`: reformat with indentation for people reading with curl. */
static bool wants_pretty(struct request *req, bool *bad)
{
    const char *v;
    size_t n;
    *bad = false;
    if (!req_query(req, "pretty", &v, &n)) return false;
    int b = n == 0 ? 1 : enum_parse_bool(v); /* the one boolean syntax (lib/enum_names.h) */
    *bad = b < 0;
    return b == 1;
}

static void reindent(struct request *req)
{
    json_error_t e;
    json_t *doc = json_loadb(req->resp, req->resp_len, 0, &e);
    if (!doc) return;
    char *out = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
    json_decref(doc);
    if (!out) return;
    reply_drop_body(req);
    req->resp_len = strlen(out);
    /* one more byte for the newline that makes terminal output end cleanly */
    char *with_nl = realloc(out, req->resp_len + 2);
    if (with_nl) {
        with_nl[req->resp_len++] = '\n';
        with_nl[req->resp_len] = '\0';
        out = with_nl;
    }
    req->resp = out;
}

static void dispatch(struct request *req)
{
    if (req->bad_pretty) {
        reply_field_problem(req, PROBLEM_INVALID_PARAMETER, "pretty", "invalid_value",
                            "must be true or false", NULL);
        return;
    }
    enum route_result routed = req->routed; /* matched with the head (on_head) */
    if (routed == ROUTE_NOT_FOUND) {
        reply_problem(req, PROBLEM_NOT_FOUND, NULL, NULL);
        return;
    }
    if (routed == ROUTE_METHOD_NOT_ALLOWED) {
        reply_header(req, "Allow", req->match.allow);
        if (cors_preflight(req)) return;
        if (strcmp(req->method, "OPTIONS") == 0) {
            struct strbuf empty = {0};
            reply_body(req, 204, "text/plain", &empty);
            return;
        }
        char detail[160];
        snprintf(detail, sizeof detail, "this path accepts: %s", req->match.allow);
        reply_problem(req, PROBLEM_METHOD_NOT_ALLOWED, detail, NULL);
        return;
    }
    if (!req->authorized && !auth_authorize(req, req->match.route->flags, req->srv->svc.auth,
                                            req->srv->svc.pool, req->srv->cfg, &req->who))
        return;
    if ((req->match.route->flags & ROUTE_SNAPSHOT) && !req->snap) {
        reply_problem(req, PROBLEM_NOT_READY, NULL, NULL);
        return;
    }
    if ((req->match.route->flags & ROUTE_PAST) && !past_attach(req)) return;
    req->match.route->handler(req);
    if (!req->replied) reply_problem(req, PROBLEM_INTERNAL, "the handler gave no answer", NULL);
}

/* ---- requests that talk to PostgreSQL: answered on the database threads ---- */

static enum MHD_Result queue(struct request *req);

static bool uses_database(const struct request *req)
{
    return req->routed == ROUTE_FOUND && !req->bad_pretty &&
           (req->match.route->flags & (ROUTE_ADMIN | ROUTE_MONITOR | ROUTE_DATABASE));
}

static void run_handed_over(void *arg)
{
    struct request *req = arg;
    dispatch(req);
    if (req->match.route->flags & ROUTE_CACHED) answer_cache_keep(req->srv->answers, req);
    MHD_resume_connection(req->conn); /* libmicrohttpd calls on_access again: queue() */
    request_unref(req);
}

/* Suspends the connection and runs the request on a database thread; when they are all
 * busy and the queue is full, answers 503 at once rather than wait for PostgreSQL. */
static enum MHD_Result hand_over(struct request *req)
{
    unsigned flags = req->match.route->flags;
    if (flags & ROUTE_CACHED) {
        /* a public route: its token, if one is needed, is checked in memory, here */
        if (!auth_authorize(req, flags, req->srv->svc.auth, req->srv->svc.pool, req->srv->cfg,
                            &req->who))
            return queue(req);
        req->authorized = true;
        if (answer_cache_serve(req->srv->answers, req)) return queue(req);
    }
    struct offload *o = req->srv->svc.offload;
    if (!o) {
        dispatch(req);
        return queue(req);
    }
    if (!offload_reserve(o)) {
        reply_header(req, "Retry-After", "1");
        reply_problem(req, PROBLEM_DATABASE_UNAVAILABLE,
                      "every database thread is busy and the queue is full "
                      "(RESTRICTD_DB_QUEUE): try again after Retry-After",
                      NULL);
        return queue(req);
    }
    atomic_fetch_add(&req->refs, 1); /* the job's, dropped when it ends */
    MHD_suspend_connection(req->conn);
    offload_run(o, run_handed_over, req);
    return MHD_YES;
}

static uint64_t since_start(const struct request *req)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    int64_t ns = (int64_t)(now.tv_sec - req->started.tv_sec) * 1000000000 +
                 (now.tv_nsec - req->started.tv_nsec);
    return ns > 0 ? (uint64_t)ns : 0;
}

/* Counted when the answer is queued, before its bytes leave: a client that has its answer
 * and then scrapes /metrics always finds it counted. */
static void count_request(struct request *req, unsigned status)
{
    if (req->counted) return;
    req->counted = true;
    req->duration_ns = since_start(req);
    int route = req->match.route ? (int)(req->match.route - routes) : METRICS_UNMATCHED;
    metrics_request_end(route, status, req->duration_ns);
}

/* While PostgreSQL cannot be reached, answers from the snapshot say how many seconds ago
 * it was last confirmed to be the latest data (nothing is added in normal operation). */
static void say_if_stale(const struct request *req, struct MHD_Response *resp)
{
    int64_t stale = current_staleness(rd_now(), req->srv->cfg->reload_interval_ms);
    if (!stale) return;
    char age[24];
    snprintf(age, sizeof age, "%lld", (long long)stale);
    MHD_add_response_header(resp, "X-Snapshot-Age", age);
}

/* The policy of every answer but the one page (GET /, handlers/page.c), which sets its own,
 * as strict but for its inline style sheet. */
#define DEFAULT_CSP "default-src 'none'; frame-ancestors 'none'"

/* The headers every answer carries, then the handler's (its ETag was sent with the coding's
 * validator). `cacheable`: a successful GET, which caches may keep and revalidate. */
static void add_headers(const struct request *req, struct MHD_Response *resp, bool cacheable)
{
    if (req->snap && !reply_has_header(req, "X-Data-Revision")) {
        char rev[DECIMAL_BUFSZ];
        MHD_add_response_header(resp, "X-Data-Revision",
                                decimal_format(rev, (long long)req->snap->revision));
    }
    if (req->snap) say_if_stale(req, resp);
    MHD_add_response_header(resp, "X-Request-Id", req->id);
    cors_add_headers(req, resp);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    /* An API answer is never a page: nothing in it may load, run or be framed, and a
     * browser following a link from it says nothing of where it came from. */
    if (!reply_has_header(req, "Content-Security-Policy"))
        MHD_add_response_header(resp, "Content-Security-Policy", DEFAULT_CSP);
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    if (atomic_load(&req->srv->draining))
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
    if (!reply_has_header(req, "Cache-Control"))
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
                                past_cache_control(req, cacheable));
    for (unsigned i = 0; i < req->n_headers; i++)
        if (req->headers[i].name && req->headers[i].value &&
            strcasecmp(req->headers[i].name, "ETag") != 0)
            MHD_add_response_header(resp, req->headers[i].name, req->headers[i].value);
}

static enum MHD_Result queue(struct request *req)
{
    bool is_get = strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0;
    accept_enforce(req); /* 406 for an answer of a type Accept does not allow */
    bool streamed = req->stream != NULL;
    if (!streamed && req->pretty && req->resp_len &&
        strstr(req->content_type ? req->content_type : "", "json"))
        reindent(req);

    char etag[40] = "", body_etag[24] = "";
    unsigned status = req->status;
    encoding_choose(req);
    /* A handler may set its own validator (an admin record's version); else the body's;
     * either as the validator of the coding sent (server/encoding.h). */
    const char *own_etag = reply_header_value(req, "ETag");
    if (status == 200 && is_get && !streamed && !own_etag)
        etag_of(req->resp, req->resp_len, body_etag, sizeof body_etag);
    if (own_etag || body_etag[0])
        encoding_etag(req, own_etag ? own_etag : body_etag, etag, sizeof etag);
    if (status == 200 && is_get && !streamed &&
        etag_matches(req_header(req, "If-None-Match"), etag))
        status = 304;
    if (status != 304) encoding_apply(req);
    struct MHD_Response *resp;
    if (streamed) {
        resp = stream_response(req);
    } else if (status == 304 || status == 204) {
        resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    } else if (req->resp_give_back) { /* lent: given back when libmicrohttpd is done */
        resp = MHD_create_response_from_buffer_with_free_callback_cls(
            req->resp_len, req->resp, req->resp_give_back, req->resp_owner);
        if (resp) {
            req->resp = NULL;
            req->resp_give_back = NULL;
            req->resp_owner = NULL;
        }
    } else {
        resp = MHD_create_response_from_buffer(req->resp_len, req->resp, MHD_RESPMEM_MUST_FREE);
        if (resp) req->resp = NULL; /* libmicrohttpd frees it now */
    }
    if (!resp) return MHD_NO;
    if (status != 204 && status != 304 && req->content_type)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, req->content_type);
    if (etag[0]) MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, etag);
    encoding_headers(req, resp, status);
    add_headers(req, resp, status < 400 && is_get);
    req->status = status;
    req->queued = true;
    count_request(req, status);
    enum MHD_Result r = MHD_queue_response(req->conn, status, resp);
    MHD_destroy_response(resp);
    return r;
}

/* A route that takes whole lists (ROUTE_SPOOLED_BODY) keeps its body on disk, and checks
 * the token before taking it: nobody without one can fill the disk. False when answered. */
static bool prepare_spooled(struct request *req)
{
    if (req->routed != ROUTE_FOUND || !(req->match.route->flags & ROUTE_SPOOLED_BODY)) return true;
    req->spooled = true;
    /* on this thread: the in-memory table; the full check runs with the handler */
    return auth_prescreen(req, req->match.route->flags, req->srv->svc.auth, req->srv->cfg);
}

/* The answer to a request whose body must not be taken (too large, or no token for an
 * import): a client that waits for "100 Continue" gets it at once and sends nothing; so
 * does one announcing more than we would read and throw away (the connection then closes
 * under it). Any other is read to its end, discarded, and answered then: closing on a
 * client still sending makes its kernel reset the connection, and the answer is lost. */
static bool answer_at_once(struct request *req, unsigned long long announced)
{
    const char *expect =
        MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_EXPECT);
    bool waits = expect && strcasecmp(expect, "100-continue") == 0;
    return waits || announced > body_limit(req) + MAX_BODY_DISCARDED;
}

/* The first call for a request, with its head: refuses early what it can. */
static enum MHD_Result on_head(struct request *req)
{
    const char *cl =
        MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    unsigned long long announced = cl ? strtoull(cl, NULL, 10) : 0;
    /* The route is matched once, here: the head decides how the body is taken */
    req->routed = router_match(req->method, req->path, &req->match);
    if (!prepare_spooled(req)) /* answered: the body is discarded (take_body) */
        return answer_at_once(req, announced) ? queue(req) : MHD_YES;
    /* A compressed body is a media type we do not take (RFC 9110, 8.4), not a bad body. */
    const char *enc =
        MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_ENCODING);
    if (enc && strcasecmp(enc, "identity") != 0) {
        reply_problem(req, PROBLEM_UNSUPPORTED_MEDIA_TYPE,
                      "send the body uncompressed, without Content-Encoding", NULL);
        return answer_at_once(req, announced) ? queue(req) : MHD_YES;
    }
    if (cl && announced > body_limit(req)) {
        req->body_too_large = true;
        if (answer_at_once(req, announced)) {
            reply_too_large(req);
            return queue(req);
        }
    }
    return MHD_YES;
}

static enum MHD_Result on_access(void *cls, struct MHD_Connection *conn, const char *url,
                                 const char *method, const char *version, const char *upload_data,
                                 size_t *upload_size, void **con_cls)
{
    struct http_server *srv = cls;
    const void *mark = framing_is_mark(*con_cls) ? *con_cls : NULL;
    struct request *req = mark ? NULL : *con_cls;
    if (!req) {
        req = request_new(srv, conn, url, method);
        if (!req) return MHD_NO;
        *con_cls = req;
        /* answered on this first call: the connection closes after the answer */
        if (framing_refuse(req, mark, version)) return queue(req);
        return on_head(req);
    }
    if (req->queued) {
        *upload_size = 0;
        return MHD_YES;
    }
    if (*upload_size) {
        take_body(req, upload_data, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    if (!req->replied && body_complete(req)) {
        if (uses_database(req) || past_needs_thread(req)) return hand_over(req);
        dispatch(req);
    }
    return queue(req);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)conn;
    struct request *req = *con_cls;
    if (!req || framing_is_mark(req)) return;
    *con_cls = NULL;
    unsigned status = req->queued ? req->status : 0;
    count_request(req, status); /* no answer was queued: the client went away */
    const struct route *r = req->match.route;
    struct access_entry e = {req->id,
                             req->method,
                             req->path,
                             r ? r->pattern : NULL,
                             r && (r->flags & ROUTE_OPEN),
                             status,
                             req->duration_ns,
                             toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? 0 : (int)toe};
    access_log(&e, req->srv->cfg->access_log);
    conn_idle(req->tracked);
    request_unref(req); /* a streamed response may still hold it */
}

/* The request line has arrived: from now on the connection carries a request, and a
 * stop must wait for it rather than close the connection as idle. */
static void *on_request_line(void *cls, const char *uri, struct MHD_Connection *conn)
{
    (void)cls;
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    conn_reading(ci ? ci->socket_context : NULL);
    /* *con_cls stays NULL until on_access makes the request, or holds a framing mark */
    return framing_request_line(uri);
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    struct http_server *srv = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) { /* handed over by server/acceptor.c */
        long n = atomic_load(&srv->adopting);
        while (n > 0 && !atomic_compare_exchange_weak(&srv->adopting, &n, n - 1)) {
        }
    }
    if (!srv->conns) return;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        *socket_context = ci ? conns_opened(srv->conns, ci->connect_fd) : NULL;
        /* a few more than the limit are admitted (server/admit.c): the newcomer is
         * served, the connection idle longest makes room for it */
        if (conns_make_room(srv->conns, srv->cfg->max_connections)) metrics_connection_evicted();
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
        conns_closed(srv->conns, *socket_context);
        *socket_context = NULL;
    }
}

/* libmicrohttpd's printf-style messages: the attribute lets the compiler check the call */
__attribute__((format(printf, 2, 0))) static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    log_msg(LOG_WARN, "libmicrohttpd: %s", msg);
}

struct MHD_Daemon *http_start_daemon(struct http_server *srv)
{
    const struct config *cfg = srv->cfg;
    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_USE_ITC |
                     MHD_ALLOW_SUSPEND_RESUME |
                     MHD_USE_NO_LISTEN_SOCKET; /* connections come from server/acceptor.c */
    // clang-format off
    return MHD_start_daemon(
        flags, 0, NULL, NULL, on_access, srv,
        MHD_OPTION_EXTERNAL_LOGGER, mhd_log, srv, /* first, so it sees every message */
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)cfg->threads,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)cfg->timeout,
        /* each worker takes a share of the limit: every share holds the whole cap (http_admit) */
        MHD_OPTION_CONNECTION_LIMIT, (unsigned int)(http_connection_cap(cfg) * cfg->threads + 1),
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)cfg->max_connections_per_address,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_MEMORY,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, srv,
        MHD_OPTION_URI_LOG_CALLBACK, on_request_line, srv,
        MHD_OPTION_END);
    // clang-format on
}
