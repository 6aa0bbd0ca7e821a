/* The request/reply API that handlers use (server/request.h), on libmicrohttpd. */
#include "server/request.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/check.h"
#include "lib/hash.h"
#include "server/gzip.h"
#include "server/http_internal.h"
#include "server/log.h"

const char *req_path(const struct request *req)
{
    return req->path;
}
const struct snapshot *req_snapshot(const struct request *req)
{
    return req->snap;
}
const struct handler_settings *req_settings(const struct request *req)
{
    return &req->srv->settings;
}

const void *req_route_context(const struct request *req)
{
    return req->match.route ? req->match.route->context : NULL;
}

const char *req_path_param(const struct request *req, unsigned n)
{
    RD_ASSERT(n < ROUTE_MAX_PARAMS); /* a handler asks only for what its pattern has */
    return req->match.params[n];
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

bool req_pretty(const struct request *req)
{
    return req->pretty;
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

struct db_pool *req_pool(const struct request *req)
{
    return req->srv->svc.pool;
}
const char *req_actor(const struct request *req)
{
    return req->who.name;
}

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

void reply_link_next(struct request *req, const char *url)
{
    if (!url) return;
    struct strbuf sb = {0};
    sb_printf(&sb, "<%s>; rel=\"next\"", url);
    if (!sb.failed) reply_header(req, "Link", sb.data);
    sb_free(&sb);
}

void reply_body(struct request *req, unsigned status, const char *content_type, struct strbuf *body)
{
    RD_ASSERT(!req->replied); /* a handler answers exactly once */
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

/* Writes v in lower-case hex without leading zeros (at most 16 digits); returns the end. */
static char *put_hex(char *p, unsigned long long v)
{
    int shift = 60;
    while (shift > 0 && !((v >> shift) & 0xf))
        shift -= 4;
    for (; shift >= 0; shift -= 4)
        *p++ = "0123456789abcdef"[(v >> shift) & 0xf];
    return p;
}

void make_request_id(struct request *req)
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
    /* "%llx-%llx" by hand: snprintf was 1.3% of a cached check's time (perf) */
    char *p = put_hex(req->id, (unsigned long long)req->srv->id_prefix);
    *p++ = '-';
    p = put_hex(p, (unsigned long long)(atomic_fetch_add(&req->srv->id_count, 1) + 1));
    *p = '\0';
}

/* ---- streamed replies (reply_stream) ---- */

/* How much libmicrohttpd asks a stream for at a time. */
#define STREAM_BLOCK (16u * 1024)

struct stream {
    reply_stream_fn *produce;
    void (*free_ctx)(void *);
    void *ctx;
    struct strbuf buf; /* produced, not yet sent from `off` on */
    size_t off;
    bool done;
    const char *trailer_name; /* reply_stream_trailer */
    const char *(*trailer)(void *ctx);
    struct MHD_Response *resp; /* while it is being sent, for the trailer */
    /* gzip: what `produce` adds to `buf` is compressed into `zbuf`, sent from `zoff` on */
    struct gzip_stream *gz;
    struct strbuf zbuf;
    size_t zoff;
    bool zdone;
};

void reply_stream_trailer(struct request *req, const char *name, const char *(*value)(void *ctx))
{
    if (!req->stream) return;
    req->stream->trailer_name = name;
    req->stream->trailer = value;
}

void reply_stream(struct request *req, unsigned status, const char *content_type,
                  reply_stream_fn *produce, void *ctx, void (*free_ctx)(void *ctx))
{
    RD_ASSERT(!req->replied); /* a handler answers exactly once */
    struct stream *st = calloc(1, sizeof *st);
    if (!st) {
        free_ctx(ctx);
        reply_problem(req, PROBLEM_INTERNAL, "out of memory", NULL);
        return;
    }
    *st = (struct stream){.produce = produce, .free_ctx = free_ctx, .ctx = ctx};
    req->stream = st;
    req->status = status;
    req->content_type = content_type;
    req->replied = true;
}

/* Ends the stream, with its trailer when it has one. */
static ssize_t stream_end(struct stream *st)
{
    const char *value = st->trailer && st->resp ? st->trailer(st->ctx) : NULL;
    if (value) MHD_add_response_footer(st->resp, st->trailer_name, value);
    return MHD_CONTENT_READER_END_OF_STREAM;
}

/* A gzip stream: produces and compresses until `max` bytes are ready or all is done. */
static ssize_t stream_read_gzip(struct stream *st, char *buf, size_t max)
{
    while (st->zbuf.len - st->zoff < max && !st->zdone) {
        if (st->zoff) { /* keep what is unsent at the front */
            memmove(st->zbuf.data, st->zbuf.data + st->zoff, st->zbuf.len - st->zoff);
            st->zbuf.len -= st->zoff;
            st->zoff = 0;
        }
        sb_reset(&st->buf);
        st->done = !st->produce(st->ctx, &st->buf);
        if (st->buf.failed || (!st->done && st->buf.len == 0) ||
            !gzip_stream_put(st->gz, st->buf.data, st->buf.len, st->done, &st->zbuf)) {
            log_msg(LOG_ERROR, "compressed streamed answer cut short");
            return MHD_CONTENT_READER_END_WITH_ERROR;
        }
        st->zdone = st->done;
    }
    size_t n = st->zbuf.len - st->zoff < max ? st->zbuf.len - st->zoff : max;
    if (n == 0) return stream_end(st);
    memcpy(buf, st->zbuf.data + st->zoff, n);
    st->zoff += n;
    return (ssize_t)n;
}

/* libmicrohttpd asks for up to `max` bytes whenever the socket can take them. */
static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)pos;
    struct stream *st = ((struct request *)cls)->stream;
    if (st->gz) return stream_read_gzip(st, buf, max);
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
    if (n == 0) return stream_end(st);
    memcpy(buf, st->buf.data + st->off, n);
    st->off += n;
    return (ssize_t)n;
}

/* The response is done with: it drops its hold on the request. */
static void stream_done(void *cls)
{
    request_unref(cls);
}

struct MHD_Response *stream_response(struct request *req)
{
    struct MHD_Response *resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, STREAM_BLOCK,
                                                                  stream_read, req, stream_done);
    if (resp) atomic_fetch_add(&req->refs, 1);
    if (resp && req->gzip && !(req->stream->gz = gzip_stream_new())) req->gzip = false;
    if (resp && req->stream->trailer_name) {
        req->stream->resp = resp;
        MHD_add_response_header(resp, "Trailer", req->stream->trailer_name);
    }
    return resp;
}

void stream_free(struct stream *st)
{
    if (!st) return;
    st->free_ctx(st->ctx);
    sb_free(&st->buf);
    sb_free(&st->zbuf);
    gzip_stream_free(st->gz);
    free(st);
}

void reply_lent(struct request *req, unsigned status, const char *content_type, const char *data,
                size_t len, void (*give_back)(void *), void *owner)
{
    RD_ASSERT(!req->replied); /* a handler answers exactly once */
    req->resp = (char *)data; /* never written through: replaced, never edited in place */
    req->resp_len = len;
    req->resp_give_back = give_back;
    req->resp_owner = owner;
    req->status = status;
    req->content_type = content_type;
    req->replied = true;
}

void reply_drop_body(struct request *req)
{
    if (req->resp_give_back)
        req->resp_give_back(req->resp_owner);
    else
        free(req->resp);
    req->resp = NULL;
    req->resp_give_back = NULL;
    req->resp_owner = NULL;
}

void reply_json(struct request *req, unsigned status, struct strbuf *body)
{
    reply_body(req, status, "application/json", body);
}

/* The value of a header the handler set, or NULL. */
const char *reply_header_value(const struct request *req, const char *name)
{
    for (unsigned i = 0; i < req->n_headers; i++)
        if (req->headers[i].name && strcasecmp(req->headers[i].name, name) == 0)
            return req->headers[i].value;
    return NULL;
}

bool reply_has_header(const struct request *req, const char *name)
{
    return reply_header_value(req, name) != NULL;
}

/* A strong validator from the bytes of the answer: the same answer, the same tag. */
void etag_of(const char *body, size_t len, char *out, size_t size)
{
    snprintf(out, size, "\"%016llx\"", (unsigned long long)hash_bytes(body, len));
}

bool etag_matches(const char *if_none_match, const char *etag)
{
    if (!if_none_match) return false;
    if (strcmp(if_none_match, "*") == 0) return true;
    return strstr(if_none_match, etag) != NULL;
}

bool reply_if_not_modified(struct request *req, const char *etag)
{
    RD_ASSERT(!req->replied); /* a handler answers exactly once */
    if (!etag_matches(req_header(req, "If-None-Match"), etag)) return false;
    reply_header(req, "ETag", etag);
    req->status = 304; /* queue() sends it without a body */
    req->replied = true;
    return true;
}
