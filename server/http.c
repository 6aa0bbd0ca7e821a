#include "server/http.h"

#include <fcntl.h>
#include <linux/filter.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "handlers/request.h"
#include "rulings/arena.h"
#include "rulings/current.h"
#include "rulings/hash.h"
#include "rulings/timeutil.h"
#include "server/auth.h"
#include "server/access_log.h"
#include "server/conns.h"
#include "server/log.h"
#include "server/metrics.h"
#include "server/router.h"

#define MAX_HEADERS 12

/* The most of an oversized body read (and thrown away) to answer 413 on a clean connection. */
#define MAX_BODY_DISCARDED (32u * 1024 * 1024)

struct http_server {
    struct MHD_Daemon *daemon;
    const struct config *cfg;
    struct http_services svc;
    atomic_long in_flight;
    unsigned port;
    struct conns *conns;    /* open connections, for the graceful stop */
    struct conns_guard *guard; /* the header deadline (slow clients) */
    atomic_bool draining;   /* stopping: every answer closes its connection */
    atomic_long adopting;   /* connections taken over at the stop, not yet registered */
    unsigned long long id_prefix; /* generated request ids: this process, then a count */
    atomic_ullong id_count;
};

struct stream;

struct request {
    struct http_server *srv;
    atomic_int refs;       /* the connection's, and a streamed response's while it lives */
    struct stream *stream; /* set by reply_stream */
    struct MHD_Connection *conn;
    const char *method, *path;
    struct route_match match;
    struct strbuf body;
    bool body_too_large;
    bool pretty, bad_pretty; /* the `pretty` parameter, read once */
    bool replied;
    bool queued;
    struct snapshot *snap;
    struct arena arena;
    unsigned status;
    char *resp;
    size_t resp_len;
    const char *content_type;
    struct {
        char *name, *value;
    } headers[MAX_HEADERS];
    unsigned n_headers;
    struct timespec started;
    struct conn *tracked; /* its connection in srv->conns, may be NULL */
    uint64_t duration_ns; /* arrival to answer queued (or to the end, if never answered) */
    bool counted;         /* in the metrics already */
    char id[48];
    struct principal who;
};

/* ---- the request contract (handlers/request.h) ---- */

const char *req_method(const struct request *req) { return req->method; }
const char *req_path(const struct request *req) { return req->path; }
const struct snapshot *req_snapshot(const struct request *req) { return req->snap; }
const struct config *req_config(const struct request *req) { return req->srv->cfg; }

const char *req_path_param(const struct request *req, unsigned n)
{
    return n < ROUTE_MAX_PARAMS ? req->match.params[n] : NULL;
}

bool req_query(const struct request *req, const char *name, const char **value, size_t *len)
{
    const char *v = NULL;
    size_t n = 0;
    if (MHD_lookup_connection_value_n(req->conn, MHD_GET_ARGUMENT_KIND, name, strlen(name), &v,
                                      &n) != MHD_YES)
        return false;
    *value = v ? v : "";
    *len = v ? n : 0;
    return true;
}

struct each_ctx {
    bool (*fn)(void *, const char *, const char *, size_t);
    void *ctx;
};

static enum MHD_Result each_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                size_t key_size, const char *value, size_t value_size)
{
    (void)kind;
    (void)key_size;
    struct each_ctx *e = cls;
    return e->fn(e->ctx, key, value ? value : "", value ? value_size : 0) ? MHD_YES : MHD_NO;
}

void req_query_each(const struct request *req,
                    bool (*fn)(void *ctx, const char *name, const char *value, size_t len),
                    void *ctx)
{
    struct each_ctx e = {fn, ctx};
    MHD_get_connection_values_n(req->conn, MHD_GET_ARGUMENT_KIND, each_arg, &e);
}

const char *req_header(const struct request *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const struct sockaddr *req_peer(const struct request *req)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    return ci ? ci->client_addr : NULL;
}

const char *req_body(const struct request *req, size_t *len)
{
    *len = req->body.len;
    return req->body.data ? req->body.data : "";
}

void *req_alloc(struct request *req, size_t size)
{
    return arena_alloc(&req->arena, size);
}

struct db_pool *req_pool(const struct request *req) { return req->srv->svc.pool; }
const char *req_actor(const struct request *req) { return req->who.name; }

void req_log_error(struct request *req, const char *fmt, ...)
{
    struct log_line l;
    if (!log_begin(&l, LOG_ERROR, "request failed")) return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    log_str(&l, "request_id", req->id);
    log_str(&l, "path", req->path);
    log_str(&l, "error", msg);
    log_end(&l);
}

void reply_header(struct request *req, const char *name, const char *value)
{
    if (req->n_headers == MAX_HEADERS) return;
    req->headers[req->n_headers].name = arena_strdup(&req->arena, name);
    req->headers[req->n_headers].value = arena_strdup(&req->arena, value);
    req->n_headers++;
}

void reply_body(struct request *req, unsigned status, const char *content_type,
                struct strbuf *body)
{
    if (req->replied) {
        sb_free(body);
        return;
    }
    req->resp = sb_take(body, &req->resp_len);
    if (!req->resp) {
        status = 500;
        content_type = "application/problem+json";
        static const char oom[] = "{\"type\":\"/problems/internal\",\"title\":\"Internal "
                                  "error\",\"status\":500,\"detail\":\"out of memory\"}";
        req->resp = strdup(oom);
        req->resp_len = req->resp ? strlen(oom) : 0;
    }
    req->status = status;
    req->content_type = content_type;
    req->replied = true;
}

/* ---- streamed replies (reply_stream) ---- */

struct stream {
    reply_stream_fn *produce;
    void (*free_ctx)(void *);
    void *ctx;
    struct strbuf buf; /* produced, not yet sent from `off` on */
    size_t off;
    bool done;
};

static void request_unref(struct request *req);

void reply_stream(struct request *req, unsigned status, const char *content_type,
                  reply_stream_fn *produce, void *ctx, void (*free_ctx)(void *ctx))
{
    struct stream *st = req->replied ? NULL : calloc(1, sizeof *st);
    if (!st) {
        free_ctx(ctx);
        if (!req->replied) reply_problem(req, PROBLEM_INTERNAL, "out of memory", NULL);
        return;
    }
    *st = (struct stream){.produce = produce, .free_ctx = free_ctx, .ctx = ctx};
    req->stream = st;
    req->status = status;
    req->content_type = content_type;
    req->replied = true;
}

/* libmicrohttpd asks for up to `max` bytes whenever the socket can take them. */
static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)pos;
    struct stream *st = ((struct request *)cls)->stream;
    while (st->buf.len - st->off < max && !st->done) {
        if (st->off) { /* keep what is unsent at the front */
            memmove(st->buf.data, st->buf.data + st->off, st->buf.len - st->off);
            st->buf.len -= st->off;
            st->off = 0;
        }
        size_t before = st->buf.len;
        st->done = !st->produce(st->ctx, &st->buf);
        if (st->buf.failed || (!st->done && st->buf.len == before)) {
            log_msg(LOG_ERROR, "streamed answer cut short (%s)",
                    st->buf.failed ? "out of memory" : "producer made no progress");
            return MHD_CONTENT_READER_END_WITH_ERROR;
        }
    }
    size_t n = st->buf.len - st->off < max ? st->buf.len - st->off : max;
    if (n == 0) return MHD_CONTENT_READER_END_OF_STREAM;
    memcpy(buf, st->buf.data + st->off, n);
    st->off += n;
    return (ssize_t)n;
}

/* The response is done with: it drops its hold on the request. */
static void stream_done(void *cls)
{
    request_unref(cls);
}

static struct MHD_Response *stream_response(struct request *req)
{
    struct MHD_Response *resp =
        MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 16 * 1024, stream_read, req,
                                          stream_done);
    if (resp) atomic_fetch_add(&req->refs, 1);
    return resp;
}

static void stream_free(struct stream *st)
{
    if (!st) return;
    st->free_ctx(st->ctx);
    sb_free(&st->buf);
    free(st);
}

void reply_json(struct request *req, unsigned status, struct strbuf *body)
{
    reply_body(req, status, "application/json", body);
}

void reply_problem(struct request *req, enum problem_type type, const char *detail,
                   const struct field_errors *errors)
{
    struct strbuf sb = {0};
    problem_render(&sb, type, detail, errors, req->path);
    reply_body(req, problem_info(type)->status, "application/problem+json", &sb);
}

void reply_field_problem(struct request *req, enum problem_type type, const char *field,
                         const char *code, const char *message, const char *detail)
{
    char own[512];
    if (!detail) {
        snprintf(own, sizeof own, "%s: %s", field, message);
        detail = own;
    }
    struct field_errors fe = {0};
    field_errors_add(&fe, field, code, "%s", message);
    reply_problem(req, type, detail, &fe);
    field_errors_free(&fe);
}

/* ---- request life cycle ---- */

static void make_request_id(struct request *req)
{
    const char *given = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "X-Request-Id");
    if (given) {
        size_t n = strlen(given);
        bool ok = n > 0 && n < sizeof req->id;
        for (size_t i = 0; ok && i < n; i++) {
            char c = given[i];
            ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '_' || c == '.' || c == ':';
        }
        if (ok) {
            memcpy(req->id, given, n + 1);
            return;
        }
    }
    snprintf(req->id, sizeof req->id, "%llx-%llx", req->srv->id_prefix,
             atomic_fetch_add(&req->srv->id_count, 1) + 1);
}

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
    free(req->resp);
    arena_free(&req->arena);
    free(req);
}

static void request_unref(struct request *req)
{
    if (atomic_fetch_sub(&req->refs, 1) == 1) request_free(req);
}

/* `pretty`: reformat with indentation for people reading with curl. */
static bool wants_pretty(struct request *req, bool *bad)
{
    const char *v;
    size_t n;
    *bad = false;
    if (!req_query(req, "pretty", &v, &n)) return false;
    if (n == 0 || strcmp(v, "true") == 0 || strcmp(v, "1") == 0) return true;
    if (strcmp(v, "false") == 0 || strcmp(v, "0") == 0) return false;
    *bad = true;
    return false;
}

static void reindent(struct request *req)
{
    json_error_t e;
    json_t *doc = json_loadb(req->resp, req->resp_len, 0, &e);
    if (!doc) return;
    char *out = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
    json_decref(doc);
    if (!out) return;
    free(req->resp);
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
    enum route_result routed = router_match(req->method, req->path, &req->match);
    if (routed == ROUTE_NOT_FOUND) {
        reply_problem(req, PROBLEM_NOT_FOUND, NULL, NULL);
        return;
    }
    if (routed == ROUTE_METHOD_NOT_ALLOWED) {
        reply_header(req, "Allow", req->match.allow);
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
    if (!auth_authorize(req, req->match.route->flags, req->srv->svc.auth, req->srv->svc.pool,
                        req->srv->cfg, &req->who))
        return;
    if ((req->match.route->flags & ROUTE_SNAPSHOT) && !req->snap) {
        reply_problem(req, PROBLEM_NOT_READY, NULL, NULL);
        return;
    }
    req->match.route->handler(req);
    if (!req->replied) reply_problem(req, PROBLEM_INTERNAL, "the handler gave no answer", NULL);
}

/* The value of a header the handler set, or NULL. */
static const char *handler_header(const struct request *req, const char *name)
{
    for (unsigned i = 0; i < req->n_headers; i++)
        if (req->headers[i].name && strcasecmp(req->headers[i].name, name) == 0)
            return req->headers[i].value;
    return NULL;
}

static bool has_header(const struct request *req, const char *name)
{
    return handler_header(req, name) != NULL;
}

/* A strong validator from the bytes of the answer: the same answer, the same tag. */
static void etag_of(const char *body, size_t len, char *out, size_t size)
{
    snprintf(out, size, "\"%016llx\"", (unsigned long long)hash_bytes(body, len));
}

static bool etag_matches(const char *if_none_match, const char *etag)
{
    if (!if_none_match) return false;
    if (strcmp(if_none_match, "*") == 0) return true;
    return strstr(if_none_match, etag) != NULL;
}

bool reply_if_not_modified(struct request *req, const char *etag)
{
    if (req->replied || !etag_matches(req_header(req, "If-None-Match"), etag)) return false;
    reply_header(req, "ETag", etag);
    req->status = 304; /* queue() sends it without a body */
    req->replied = true;
    return true;
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

static enum MHD_Result queue(struct request *req)
{
    bool is_get = strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0;
    bool streamed = req->stream != NULL;
    if (!streamed && req->pretty && req->resp_len &&
        strstr(req->content_type ? req->content_type : "", "json"))
        reindent(req);

    char etag[24] = "";
    unsigned status = req->status;
    /* A handler may set its own validator (an admin record's version); else the body's. */
    const char *own_etag = handler_header(req, "ETag");
    if (status == 200 && is_get && !streamed) {
        if (!own_etag) etag_of(req->resp, req->resp_len, etag, sizeof etag);
        if (etag_matches(req_header(req, "If-None-Match"), own_etag ? own_etag : etag))
            status = 304;
    }
    struct MHD_Response *resp;
    if (streamed) {
        resp = stream_response(req);
    } else if (status == 304 || status == 204) {
        resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    } else {
        resp = MHD_create_response_from_buffer(req->resp_len, req->resp, MHD_RESPMEM_MUST_FREE);
        if (resp) req->resp = NULL; /* libmicrohttpd frees it now */
    }
    if (!resp) return MHD_NO;
    if (status != 204 && status != 304 && req->content_type)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, req->content_type);
    if (etag[0]) MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, etag);
    if (req->snap && !has_header(req, "X-Data-Revision")) {
        char rev[24];
        snprintf(rev, sizeof rev, "%lld", (long long)req->snap->revision);
        MHD_add_response_header(resp, "X-Data-Revision", rev);
    }
    if (req->snap) say_if_stale(req, resp);
    MHD_add_response_header(resp, "X-Request-Id", req->id);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    /* An API answer is never a page: nothing in it may load, run or be framed, and a
     * browser following a link from it says nothing of where it came from. */
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'none'; frame-ancestors 'none'");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    if (atomic_load(&req->srv->draining))
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
    if (!has_header(req, "Cache-Control"))
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
                                status < 400 && is_get ? "no-cache" : "no-store");
    for (unsigned i = 0; i < req->n_headers; i++)
        if (req->headers[i].name && req->headers[i].value)
            MHD_add_response_header(resp, req->headers[i].name, req->headers[i].value);
    req->status = status;
    req->queued = true;
    count_request(req, status);
    enum MHD_Result r = MHD_queue_response(req->conn, status, resp);
    MHD_destroy_response(resp);
    return r;
}


static void reply_too_large(struct request *req)
{
    char detail[128];
    snprintf(detail, sizeof detail, "the body is larger than the %zu bytes accepted",
             req->srv->cfg->max_body);
    reply_problem(req, PROBLEM_PAYLOAD_TOO_LARGE, detail, NULL);
}

static enum MHD_Result on_access(void *cls, struct MHD_Connection *conn, const char *url,
                                 const char *method, const char *version,
                                 const char *upload_data, size_t *upload_size, void **con_cls)
{
    (void)version;
    struct http_server *srv = cls;
    struct request *req = *con_cls;
    if (!req) {
        req = request_new(srv, conn, url, method);
        if (!req) return MHD_NO;
        *con_cls = req;
        /* An announced oversized body is refused with 413. A client that waits for
         * "100 Continue" gets it at once and sends nothing; so does one announcing more than
         * we would read and throw away (the connection then closes under it). Any other is
         * read to its end, discarded, and answered then: closing on a client still sending
         * makes its kernel reset the connection, and the 413 is lost with it. */
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                     MHD_HTTP_HEADER_CONTENT_LENGTH);
        unsigned long long announced = cl ? strtoull(cl, NULL, 10) : 0;
        if (cl && announced > srv->cfg->max_body) {
            req->body_too_large = true;
            const char *expect =
                MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_EXPECT);
            bool waits = expect && strcasecmp(expect, "100-continue") == 0;
            if (waits || announced > srv->cfg->max_body + MAX_BODY_DISCARDED) {
                reply_too_large(req);
                return queue(req);
            }
        }
        return MHD_YES;
    }
    if (req->queued) {
        *upload_size = 0;
        return MHD_YES;
    }
    if (*upload_size) {
        if (!req->body_too_large) {
            if (req->body.len + *upload_size > srv->cfg->max_body)
                req->body_too_large = true;
            else
                sb_append(&req->body, upload_data, *upload_size);
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (req->body_too_large) {
        reply_too_large(req);
    } else if (req->body.failed) {
        reply_problem(req, PROBLEM_INTERNAL, "out of memory reading the body", NULL);
    } else {
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
    if (!req) return;
    *con_cls = NULL;
    unsigned status = req->queued ? req->status : 0;
    count_request(req, status); /* no answer was queued: the client went away */
    const struct route *r = req->match.route;
    struct access_entry e = {req->id, req->method, req->path, r ? r->pattern : NULL,
                             r && (r->flags & ROUTE_OPEN), status, req->duration_ns,
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
    (void)uri;
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    conn_reading(ci ? ci->socket_context : NULL);
    return NULL; /* *con_cls stays NULL until on_access makes the request */
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    struct http_server *srv = cls;
    if (!srv->conns) return;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        /* Once stopping, only connections taken over from the backlog arrive here. */
        if (atomic_load(&srv->draining)) {
            long n = atomic_load(&srv->adopting);
            while (n > 0 && !atomic_compare_exchange_weak(&srv->adopting, &n, n - 1)) {
            }
        }
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        *socket_context = ci ? conns_opened(srv->conns, ci->connect_fd) : NULL;
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
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' ')) msg[--n] = '\0';
    log_msg(LOG_WARN, "libmicrohttpd: %s", msg);
}

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
        rd_error_set(err, "RESTRICTD_LISTEN=%s: the port must be a number from 0 to 65535",
                     listen);
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
    if (svc) srv->svc = *svc;
    srv->id_prefix = (((unsigned long long)time(NULL) << 20) ^ (unsigned long long)getpid()) &
                     0xffffffffffull;
    srv->conns = conns_new(); /* without it a stop waits for requests, not connections */
    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_USE_ITC;
    if (addr.ss_family == AF_INET6) flags |= MHD_USE_IPv6;
    srv->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, on_access, srv,
        MHD_OPTION_EXTERNAL_LOGGER, mhd_log, srv, /* first, so it sees every message */
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)cfg->threads,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)cfg->timeout,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned int)cfg->max_connections,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(16 * 1024),
        MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned int)1,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, srv,
        MHD_OPTION_URI_LOG_CALLBACK, on_request_line, srv,
        MHD_OPTION_END);
    if (!srv->daemon) {
        rd_error_set(err, "cannot listen on %s (is the address in use, or not local?)",
                     cfg->listen);
        conns_free(srv->conns);
        free(srv);
        return NULL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->daemon,
                                                           MHD_DAEMON_INFO_BIND_PORT);
    srv->port = info ? info->port : 0;
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
 * request whose request line has arrived is never cut (on_request_line). */
enum { DRAIN_IDLE_MS = 200 };

/* Connections the kernel completed but nobody accepted yet would be reset when the
 * listening socket closes, losing requests their clients already sent. Take them over and
 * serve them (their answers say `Connection: close`); only then close the socket. */
static void adopt_backlog(struct http_server *srv, MHD_socket fd)
{
    /* First make the kernel drop new SYNs on this socket, so no handshake completes while
     * we empty the queue: a client that connects now retries its SYN and finds the port
     * closed (refused), instead of being reset after sending its request. */
    struct sock_filter drop_syn[] = {
        BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 13),          /* the TCP flags byte */
        BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 0x02, 0, 1), /* SYN? */
        BPF_STMT(BPF_RET | BPF_K, 0),                    /* drop it */
        BPF_STMT(BPF_RET | BPF_K, 0xFFFFFFFF),           /* let the rest through */
    };
    /* Only SYNs: the last ACK of a handshake already under way must still land, so that
     * the connection reaches the queue we empty next instead of being reset later. */
    struct sock_fprog prog = {sizeof drop_syn / sizeof *drop_syn, drop_syn};
    (void)setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog);
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0) fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    /* Two passes over what is queued, a moment apart for handshakes under way: bounded,
     * since clients that keep connecting after the stop must be refused, not served. */
    for (int pass = 0; pass < 2; pass++) {
        for (int taken = 0; taken < 1024; taken++) {
            struct sockaddr_storage peer;
            socklen_t len = sizeof peer;
            int c = accept(fd, (struct sockaddr *)&peer, &len);
            if (c < 0) break;
            /* Counted until its worker registers it (possibly later, in another thread):
             * the stop must not end in between and close it unanswered. libmicrohttpd
             * owns (and on failure closes) the socket from here. */
            atomic_fetch_add(&srv->adopting, 1);
            if (MHD_add_connection(srv->daemon, c, (struct sockaddr *)&peer, len) != MHD_YES) {
                atomic_fetch_sub(&srv->adopting, 1);
                log_msg(LOG_WARN, "a connection waiting at shutdown could not be served");
            }
        }
        struct timespec tick = {0, 2 * 1000 * 1000};
        if (pass == 0) nanosleep(&tick, NULL);
    }
}

void http_stop(struct http_server *srv, unsigned grace_seconds)
{
    if (!srv) return;
    /* From here every answer says `Connection: close`, and no new connection is accepted:
     * each open connection ends after at most one more request. */
    atomic_store(&srv->draining, true);
    conns_guard_stop(srv->guard);
    MHD_socket fd = MHD_quiesce_daemon(srv->daemon);
    if (fd != MHD_INVALID_SOCKET) {
        adopt_backlog(srv, fd);
        close(fd);
    }
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        size_t open = srv->conns ? conns_close_idle(srv->conns, DRAIN_IDLE_MS) : 0;
        long busy = atomic_load(&srv->in_flight);
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (open == 0 && busy <= 0 && atomic_load(&srv->adopting) <= 0) break;
        if (now.tv_sec - start.tv_sec >= (time_t)grace_seconds) {
            if (busy > 0) log_msg(LOG_WARN, "shutdown grace over with %ld requests in flight", busy);
            break;
        }
        struct timespec tick = {0, 10 * 1000 * 1000};
        nanosleep(&tick, NULL);
    }
    MHD_stop_daemon(srv->daemon);
    conns_free(srv->conns);
    free(srv);
}
