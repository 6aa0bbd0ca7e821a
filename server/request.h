#ifndef SERVER_REQUEST_H
#define SERVER_REQUEST_H
/*
 * What a handler sees of an HTTP request and how it answers. Implemented by
 * server/http.c on top of libmicrohttpd, so handlers stay free of it.
 *
 * Convention: a handler is `void h(struct request *)` and calls exactly one
 * reply_* function (a handler that does not is answered with a 500). Memory a
 * handler needs for the request comes from req_alloc() and is freed with it.
 */
#include <stdbool.h>
#include <stddef.h>

#include "server/problem.h"
#include "lib/error.h"
#include "rulings/basis.h"
#include "rulings/snapshot.h"
#include "lib/strbuf.h"

struct request;
struct db_pool;
struct sockaddr;

const char *req_path(const struct request *req);
/* The context the route table gives the handler (server/routes.c), or NULL. */
const void *req_route_context(const struct request *req);
/* The n-th {placeholder} of the route's path (0-based), or NULL. */
const char *req_path_param(const struct request *req, unsigned n);
/* A query argument: true, with its value and length, when present (percent-decoded, may hold any
 * bytes but NUL-terminated at *len). */
bool req_query(const struct request *req, const char *name, const char **value, size_t *len);
/* Calls `fn` for every query argument in order; stops early when it returns false. */
void req_query_each(const struct request *req,
                    bool (*fn)(void *ctx, const char *name, const char *value, size_t len),
                    void *ctx);
const char *req_header(const struct request *req, const char *name);
/* Whether the answer will be indented (`pretty`, read once by the server). */
bool req_pretty(const struct request *req);
/* The client's address (the TCP peer), or NULL when unknown. Borrowed for the request. */
const struct sockaddr *req_peer(const struct request *req);
/* The request body collected so far (the whole body by the time a handler runs). */
const char *req_body(const struct request *req, size_t *len);
/* A body kept on disk (routes taking whole lists, ROUTE_SPOOLED_BODY): the path of the
 * file holding it, or NULL when it is empty (such a route's req_body is always empty). The
 * file lives as long as the request. */
const char *req_body_path(const struct request *req);
/* A private directory of the request's, removed with it, for files a handler derives from
 * the body; NULL (err says why) when none can be made. */
const char *req_scratch_dir(struct request *req, struct rd_error *err);
/* Saves each file part of a multipart/form-data body (kept on disk) as a file of
 * req_scratch_dir() named as the part; `names` (NULL-terminated, at most 32) are the parts
 * allowed. *given gets bit i for each names[i] given. False (err names the part or the
 * fault) on another part, a repeated one, a body that is no form or is cut short. */
bool req_form_files(struct request *req, const char *const *names, unsigned *given,
                    struct rd_error *err) RD_MUST_CHECK;
/* The snapshot this request is answered from, held until the response is sent; NULL
 * when none has been loaded yet (a ROUTE_SNAPSHOT route is answered 503 before its
 * handler runs, so its handler always has one). */
const struct snapshot *req_snapshot(const struct request *req);
/* What the answer is computed from in transaction time: the snapshot's revision, and for a
 * question with known_at or revision the instant it states (rulings/basis.h). Borrowed for
 * the request; what a receipt of the answer states. */
const struct answer_basis *req_basis(struct request *req);
/* The answer depends on when it is asked (an as_of left to mean "now"): not final, whatever
 * revision it comes from, so no cache keeps it as if it could not change. */
void req_answer_follows_clock(struct request *req);
/* For a handler on a database thread (ROUTE_DATABASE) that reads the revision it needs from
 * its body: answers from the snapshot of `revision` from now on, as `revision=` would,
 * rebuilt from the change log when it is not kept (server/past.c). False when it cannot:
 * the problem is answered (422 beyond the latest revision, 503 PostgreSQL away). */
bool req_use_revision(struct request *req, int64_t revision);
/* The part of the configuration handlers act on (the rest is the server's). */
struct handler_settings {
    unsigned screen_max_rows;    /* rows one POST /v1/screen may hold */
    size_t screen_full_min;      /* bytes of full row answers a screening may give, at least */
    unsigned screen_threads;     /* threads one long screening uses (1 or 2) */
    unsigned reload_interval_ms; /* the revision poll period: data older is stale */
    const char *webhook_allow;   /* RESTRICTD_WEBHOOK_ALLOW (lib/url_target.h), may be NULL */
    unsigned past_rollback_max;  /* RESTRICTD_PAST_ROLLBACK_MAX (server/past.c) */
    unsigned past_patch_max;     /* RESTRICTD_PAST_PATCH_MAX */
    bool past_patch_check;       /* RESTRICTD_PAST_PATCH_CHECK */
};
const struct handler_settings *req_settings(const struct request *req);
void *req_alloc(struct request *req, size_t size); /* zeroed; NULL on failure */
/* Appends the process's metrics in the Prometheus text format (server/metrics.c). */
void req_metrics(const struct request *req, struct strbuf *out);

/* --- for the routes that use PostgreSQL (admin writes, history) --- */
/* The pool of database connections; NULL when the server has none. Borrowed. */
struct db_pool *req_pool(const struct request *req);
/* The name of the API token the request was authorised with; "" when the route needed none.
 * It is the actor recorded in the audit trail. */
const char *req_actor(const struct request *req);
/* Logs an error about this request, with its request id (never put secrets in it). */
void req_log_error(struct request *req, const char *fmt, ...) RD_PRINTF(2, 3);

/* The RFC 8288 link to the next page of a list (`url`, NULL: there is none), beside the
 * `next` member of the body. */
void reply_link_next(struct request *req, const char *url);

/* Answers with `body` (taken over, valid JSON) as application/json. */
void reply_json(struct request *req, unsigned status, struct strbuf *body);
/* Answers with a body of any type (taken over). */
void reply_body(struct request *req, unsigned status, const char *content_type,
                struct strbuf *body);
/* Answers with `len` bytes at `data` (NUL-terminated) that the request borrows, not copies:
 * give_back(owner) is called once when they are no longer needed (sent, or replaced). */
void reply_lent(struct request *req, unsigned status, const char *content_type, const char *data,
                size_t len, void (*give_back)(void *), void *owner);
/* Lets go of the answer's body, allocated or lent; req->resp is NULL after. */
void reply_drop_body(struct request *req);
/* Answers with an RFC 9457 problem document. `errors` may be NULL. */
void reply_problem(struct request *req, enum problem_type type, const char *detail,
                   const struct field_errors *errors);
/* A problem document with one field error: {field, code, message}; the detail is
 * `detail`, or "field: message" when `detail` is NULL. */
void reply_field_problem(struct request *req, enum problem_type type, const char *field,
                         const char *code, const char *message, const char *detail);
/* 503 database-unavailable with Retry-After: PostgreSQL cannot be reached now (reads from
 * the snapshot go on; what needs the database does not). */
void reply_db_unavailable(struct request *req, const char *detail);
/* Adds a response header (copied); call before the reply. */
void reply_header(struct request *req, const char *name, const char *value);
/* For a GET whose validator is known before its answer is built: when the client's
 * If-None-Match already holds `etag`, answers 304 with it and returns true (the handler
 * then builds nothing); else returns false and does nothing. */
bool reply_if_not_modified(struct request *req, const char *etag);

/* Streamed replies, for answers too large to hold in memory (POST /v1/screen).
 * `produce` appends the next part of the body to `out` (a row or a few KiB) and returns
 * true while more is to come, false with (or after) the last part; it is called only as
 * fast as the client reads. The body goes out chunked; no ETag, no `pretty`.
 * `ctx` is taken over: `free_ctx(ctx)` runs exactly once when the response is done with
 * (sent, failed, or abandoned by the client), also when this call fails. The request --
 * its memory, body and snapshot -- lives until then, so `ctx` may borrow from it.
 * If `produce` leaves `out` failed (out of memory) or adds nothing and returns true, the
 * connection is closed mid-body: the client sees a broken chunked stream, an error,
 * never a short answer that looks complete. */
typedef bool reply_stream_fn(void *ctx, struct strbuf *out);
void reply_stream(struct request *req, unsigned status, const char *content_type,
                  reply_stream_fn *produce, void *ctx, void (*free_ctx)(void *ctx));
/* After reply_stream: the answer announces the trailer field `name` (static) and ends with
 * it, its value what `value(ctx)` gives once `produce` is done (NULL: left out). HTTP/1.0
 * clients, which get no chunked answers, get no trailer. */
void reply_stream_trailer(struct request *req, const char *name, const char *(*value)(void *ctx));

#endif
