/* The request API (server/request.h) for unit tests: a request built from a fake_spec, the
 * reply recorded, the contract enforced (see request_double.h). */
#include "request_double.h"

#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/arena.h"

#define FAKE_MAX_QUERY 32
/* A stream longer than this is taken for one that never ends. */
#define FAKE_MAX_STREAM (256u * 1024 * 1024)

const struct handler_settings fake_default_settings = {
    .screen_max_rows = 100000,
    .screen_full_min = 32u * 1024 * 1024,
    .screen_threads = 2,
    .reload_interval_ms = 1000,
};

struct fake_arg {
    const char *name, *value; /* decoded, in the request's arena; value NULL = no '=' */
    size_t len;
};

struct request {
    const struct fake_spec *spec;
    struct handler_settings settings;
    struct arena arena;
    struct fake_arg query[FAKE_MAX_QUERY];
    size_t n_query;
    struct fake_reply *reply;
    unsigned replies; /* reply_* calls that answered */
    reply_stream_fn *produce;
    void *stream_ctx;
    void (*free_ctx)(void *ctx);
    const char *trailer_name;
    const char *(*trailer)(void *ctx);
};

/* ---- the query string, decoded as libmicrohttpd decodes it ---- */

static int hex(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* '+' is a space, %XX a byte; a '%' not followed by two hex digits stays as it is. */
static char *decode(struct arena *a, const char *s, size_t n, size_t *len)
{
    char *out = arena_alloc(a, n + 1);
    cr_assert_not_null(out);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '+') {
            out[o++] = ' ';
        } else if (s[i] == '%' && i + 2 < n && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
            out[o++] = (char)(hex(s[i + 1]) * 16 + hex(s[i + 2]));
            i += 2;
        } else {
            out[o++] = s[i];
        }
    }
    out[o] = '\0';
    *len = o;
    return out;
}

static void parse_query(struct request *req, const char *q)
{
    while (q && *q) {
        const char *amp = strchr(q, '&');
        size_t n = amp ? (size_t)(amp - q) : strlen(q);
        const char *eq = memchr(q, '=', n);
        cr_assert_lt(req->n_query, FAKE_MAX_QUERY, "too many query arguments for the double");
        struct fake_arg *arg = &req->query[req->n_query++];
        size_t key_len;
        arg->name = decode(&req->arena, q, eq ? (size_t)(eq - q) : n, &key_len);
        arg->value = eq ? decode(&req->arena, eq + 1, n - (size_t)(eq - q) - 1, &arg->len) : NULL;
        q = amp ? amp + 1 : NULL;
    }
}

/* ---- what a handler reads ---- */

const char *req_path(const struct request *req)
{
    return req->spec->path ? req->spec->path : "/";
}

const void *req_route_context(const struct request *req)
{
    return req->spec->context;
}

const char *req_path_param(const struct request *req, unsigned n)
{
    return n < FAKE_MAX_PARAMS ? req->spec->params[n] : NULL;
}

bool req_query(const struct request *req, const char *name, const char **value, size_t *len)
{
    for (size_t i = 0; i < req->n_query; i++) {
        if (strcmp(req->query[i].name, name) != 0) continue;
        *value = req->query[i].value ? req->query[i].value : "";
        *len = req->query[i].value ? req->query[i].len : 0;
        return true;
    }
    return false;
}

void req_query_each(const struct request *req,
                    bool (*fn)(void *ctx, const char *name, const char *value, size_t len),
                    void *ctx)
{
    for (size_t i = 0; i < req->n_query; i++) {
        const struct fake_arg *a = &req->query[i];
        if (!fn(ctx, a->name, a->value ? a->value : "", a->value ? a->len : 0)) return;
    }
}

bool req_pretty(const struct request *req)
{
    const char *v;
    size_t n;
    return req_query(req, "pretty", &v, &n) &&
           (n == 0 || strcmp(v, "true") == 0 || strcmp(v, "1") == 0);
}

const char *req_header(const struct request *req, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < FAKE_MAX_HEADERS && req->spec->headers[i]; i++) {
        const char *h = req->spec->headers[i];
        const char *colon = strchr(h, ':');
        cr_assert_not_null(colon, "a fake header is \"Name: value\", not \"%s\"", h);
        if ((size_t)(colon - h) != n || strncasecmp(h, name, n) != 0) continue;
        const char *v = colon + 1;
        while (*v == ' ' || *v == '\t')
            v++;
        return v;
    }
    return NULL;
}

const struct sockaddr *req_peer(const struct request *req)
{
    return req->spec->peer;
}

const char *req_body(const struct request *req, size_t *len)
{
    const char *b = req->spec->body;
    *len = b ? (req->spec->body_len ? req->spec->body_len : strlen(b)) : 0;
    return b ? b : "";
}

/* The double keeps every body in memory: no route of its is spooled. */
const char *req_body_path(const struct request *req)
{
    (void)req;
    return NULL;
}

const char *req_scratch_dir(struct request *req, struct rd_error *err)
{
    (void)req;
    rd_error_set(err, "the request double has no scratch directory");
    return NULL;
}

bool req_form_files(struct request *req, const char *const *names, unsigned *given,
                    struct rd_error *err)
{
    (void)req, (void)names;
    *given = 0;
    rd_error_set(err, "the request double reads no multipart forms");
    return false;
}

const struct snapshot *req_snapshot(const struct request *req)
{
    return req->spec->snap;
}

/* The double answers from the present only. */
const struct answer_basis *req_basis(struct request *req)
{
    static _Thread_local struct answer_basis basis;
    basis = (struct answer_basis){.revision = req->spec->snap ? req->spec->snap->revision : 0};
    return &basis;
}

void req_answer_follows_clock(struct request *req)
{
    (void)req; /* the double answers from the present only: never final */
}

bool req_use_revision(struct request *req, int64_t revision)
{
    /* the double holds one snapshot: any other revision cannot be rebuilt here */
    return req->spec->snap && req->spec->snap->revision == revision;
}

const struct handler_settings *req_settings(const struct request *req)
{
    return &req->settings;
}

void *req_alloc(struct request *req, size_t size)
{
    return arena_alloc(&req->arena, size);
}

void req_metrics(const struct request *req, struct strbuf *out)
{
    if (req->spec->metrics) sb_puts(out, req->spec->metrics);
}

struct db_pool *req_pool(const struct request *req)
{
    return req->spec->pool;
}

const char *req_actor(const struct request *req)
{
    return req->spec->actor ? req->spec->actor : "";
}

void req_log_error(struct request *req, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    size_t old = strlen(req->reply->log), add = strlen(line);
    char *log = realloc(req->reply->log, old + add + 2);
    cr_assert_not_null(log);
    memcpy(log + old, line, add);
    memcpy(log + old + add, "\n", 2);
    req->reply->log = log;
}

/* ---- how a handler answers ---- */

static char *copy(const char *s)
{
    char *c = strdup(s);
    cr_assert_not_null(c);
    return c;
}

bool fake_abort_on_violation;

/* A broken promise of server/request.h fails the test where it is broken, or, for the double's
 * own tests, aborts. */
static void contract(bool kept, const char *fmt, ...) RD_PRINTF(2, 3);
static void contract(bool kept, const char *fmt, ...)
{
    if (kept) return;
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (fake_abort_on_violation) {
        fprintf(stderr, "request contract broken: %s\n", msg);
        abort();
    }
    cr_assert_fail("%s", msg);
}

/* Every reply_* that answers comes here first: one answer per request. */
static void answering(struct request *req, unsigned status, const char *how)
{
    contract(req->replies == 0,
             "%s: %s (%u) is a second reply, after a %u: the contract is exactly one",
             req_path(req), how, status, req->reply->status);
    req->replies++;
    req->reply->status = status;
}

void reply_header(struct request *req, const char *name, const char *value)
{
    contract(req->replies == 0, "reply_header(\"%s\") after the reply: headers come before it",
             name);
    struct fake_reply *r = req->reply;
    cr_assert_lt(r->n_headers, FAKE_MAX_HEADERS, "too many headers for the double");
    r->headers[r->n_headers++] = (struct fake_header){copy(name), copy(value)};
}

void reply_body(struct request *req, unsigned status, const char *content_type, struct strbuf *body)
{
    answering(req, status, "reply_body");
    contract(!body->failed, "reply_body: the body failed (out of memory)");
    contract(content_type != NULL, "reply_body without a content type");
    size_t len = 0;
    char *data = sb_take(body, &len);
    req->reply->content_type = copy(content_type);
    free(req->reply->body);
    req->reply->body = data ? data : copy("");
    req->reply->body_len = len;
}

void reply_json(struct request *req, unsigned status, struct strbuf *body)
{
    json_error_t e;
    json_t *doc = body->data ? json_loadb(body->data, body->len, 0, &e) : NULL;
    contract(doc != NULL, "reply_json: the body is not JSON (%s): %.200s",
             body->data ? e.text : "empty", body->data ? body->data : "");
    json_decref(doc);
    reply_body(req, status, "application/json", body);
}

/* The double copies a lent body, checks it as reply_json would, and gives it back at once. */
void reply_lent(struct request *req, unsigned status, const char *content_type, const char *data,
                size_t len, void (*give_back)(void *), void *owner)
{
    struct strbuf sb = {0};
    sb_append(&sb, data, len);
    if (strcmp(content_type, "application/json") == 0)
        reply_json(req, status, &sb);
    else
        reply_body(req, status, content_type, &sb);
    give_back(owner);
}

/* Does an If-None-Match value name `etag`? A list of tags, or "*"; the comparison is the weak
 * one RFC 9110 (13.1.2) prescribes for If-None-Match. */
static bool none_match_names(const char *header, const char *etag)
{
    if (strncmp(etag, "W/", 2) == 0) etag += 2;
    size_t n = strlen(etag);
    for (const char *p = header; *p;) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        if (*p == '*') return true;
        if (strncmp(p, "W/", 2) == 0) p += 2;
        const char *end = *p == '"' ? strchr(p + 1, '"') : NULL;
        if (!end) return false; /* not a list of entity tags */
        if ((size_t)(end + 1 - p) == n && strncmp(p, etag, n) == 0) return true;
        p = end + 1;
    }
    return false;
}

bool reply_if_not_modified(struct request *req, const char *etag)
{
    contract(req->replies == 0, "reply_if_not_modified after the reply");
    const char *inm = req_header(req, "If-None-Match");
    if (!inm || !none_match_names(inm, etag)) return false;
    reply_header(req, "ETag", etag);
    answering(req, 304, "reply_if_not_modified");
    req->reply->not_modified = true;
    return true;
}

void reply_stream(struct request *req, unsigned status, const char *content_type,
                  reply_stream_fn *produce, void *ctx, void (*free_ctx)(void *ctx))
{
    answering(req, status, "reply_stream");
    contract(content_type != NULL, "reply_stream without a content type");
    req->reply->content_type = copy(content_type);
    req->reply->streamed = true;
    req->produce = produce;
    req->stream_ctx = ctx;
    req->free_ctx = free_ctx;
}

void reply_stream_trailer(struct request *req, const char *name, const char *(*value)(void *ctx))
{
    contract(req->produce != NULL, "reply_stream_trailer before reply_stream");
    req->trailer_name = name;
    req->trailer = value;
}

/* ---- running a handler ---- */

/* Reads the stream to its end as a client that keeps reading would, then lets it go. */
static void drive_stream(struct request *req)
{
    struct strbuf body = {0};
    bool more = true;
    while (more) {
        size_t before = body.len;
        more = req->produce(req->stream_ctx, &body);
        req->reply->produce_calls++;
        contract(!body.failed, "the stream failed after %zu bytes (call %zu)", before,
                 req->reply->produce_calls);
        contract(!more || body.len > before,
                 "the producer added nothing and asked to go on (call %zu): the server would "
                 "cut the connection",
                 req->reply->produce_calls);
        contract(body.len < FAKE_MAX_STREAM, "the stream does not end");
    }
    const char *value = req->trailer ? req->trailer(req->stream_ctx) : NULL;
    if (value) {
        free(req->reply->trailer);
        req->reply->trailer = copy(value);
    }
    req->free_ctx(req->stream_ctx);
    req->free_ctx = NULL;
    size_t len = 0;
    char *data = sb_take(&body, &len);
    free(req->reply->body);
    req->reply->body = data ? data : copy("");
    req->reply->body_len = len;
}

struct fake_reply *fake_call(void (*handler)(struct request *req), const struct fake_spec *spec)
{
    struct fake_reply *reply = calloc(1, sizeof *reply);
    struct request *req = calloc(1, sizeof *req);
    cr_assert(reply && req);
    reply->body = copy("");
    reply->log = copy("");
    req->spec = spec;
    req->reply = reply;
    const struct handler_settings *s = &spec->settings;
    req->settings = s->screen_max_rows || s->reload_interval_ms ? *s : fake_default_settings;
    if (!req->settings.screen_full_min)
        req->settings.screen_full_min = fake_default_settings.screen_full_min;
    parse_query(req, spec->query);

    handler(req);
    contract(req->replies == 1, "%s: the handler returned without replying", req_path(req));
    if (reply->streamed) drive_stream(req);
    arena_free(&req->arena);
    free(req);
    return reply;
}

void fake_reply_free(struct fake_reply *r)
{
    if (!r) return;
    for (unsigned i = 0; i < r->n_headers; i++) {
        free(r->headers[i].name);
        free(r->headers[i].value);
    }
    free(r->content_type);
    free(r->body);
    free(r->log);
    free(r->trailer);
    free(r);
}
