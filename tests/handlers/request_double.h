#ifndef TESTS_HANDLERS_REQUEST_DOUBLE_H
#define TESTS_HANDLERS_REQUEST_DOUBLE_H
/*
 * A test double of the request API (server/request.h), so that handlers can be unit-tested
 * without libmicrohttpd: request_double.c implements every req_* and reply_* function for a
 * request described by a `struct fake_spec`, and records the one reply the handler gives in
 * a `struct fake_reply`. A streamed reply is driven to its end and its whole body kept.
 *
 * The double holds handlers to the contract of server/request.h, failing the test
 * (Criterion) where it is broken: a second reply, a header set after the reply, a
 * reply_json body that is not JSON, a body that failed (out of memory), a stream that adds
 * nothing or fails mid-body, or a handler that returns without replying.
 *
 * reply_check.c has the assertions tests make on replies (problem documents, field errors,
 * headers, JSON bodies).
 */
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "server/request.h"

#define FAKE_MAX_HEADERS 16
#define FAKE_MAX_PARAMS 4

/* What a test says of its request; every member may be left zero. Strings are borrowed for
 * the call. */
struct fake_spec {
    const char *path;  /* req_path(); NULL = "/" */
    const char *query; /* the query string as sent: '+' and %XX are decoded as libmicrohttpd
                        * decodes them ("name=Kaspersky%20Lab&pretty"); NULL = none */
    const char *headers[FAKE_MAX_HEADERS]; /* "Name: value" lines (names compared without
                                            * case), up to the first NULL */
    const char *params[FAKE_MAX_PARAMS];   /* req_path_param(0..) */
    const char *body;                      /* NULL = none */
    size_t body_len;                       /* 0 = strlen(body) */
    const struct snapshot *snap;           /* req_snapshot() */
    struct handler_settings settings;      /* all zero = fake_default_settings */
    const void *context;                   /* req_route_context() */
    const char *actor;                     /* req_actor(); NULL = "" */
    struct db_pool *pool;                  /* req_pool(); NULL = the server has none */
    const struct sockaddr *peer;           /* req_peer() */
    const char *metrics;                   /* what req_metrics() appends; NULL = nothing */
};

/* The server's defaults (server/config.c). */
extern const struct handler_settings fake_default_settings;

struct fake_header {
    char *name, *value;
};

/* What the handler answered. Owned by the caller of fake_call: fake_reply_free(). */
struct fake_reply {
    unsigned status;
    char *content_type; /* NULL when the reply has none (304) */
    char *body;         /* NUL-terminated; "" when none */
    size_t body_len;
    struct fake_header headers[FAKE_MAX_HEADERS]; /* set with reply_header, in order */
    unsigned n_headers;
    bool not_modified;    /* answered by reply_if_not_modified */
    bool streamed;        /* answered by reply_stream */
    size_t produce_calls; /* streamed: how many times the producer was called */
    char *trailer;        /* streamed: the trailer's value (reply_stream_trailer), or NULL */
    char *log;            /* what req_log_error logged, one line each; "" when nothing */
};

/* Runs `handler` on the request `spec` describes, drives a streamed reply to its end, frees
 * the request (as the server does once the response is done with) and returns the reply.
 * Fails the test unless the handler replied exactly once and kept the contract. */
struct fake_reply *fake_call(void (*handler)(struct request *req), const struct fake_spec *spec);
void fake_reply_free(struct fake_reply *r);

/* For the double's own tests: a broken contract aborts (SIGABRT) instead of failing the test,
 * so that a test can expect it (Criterion's .signal = SIGABRT). */
extern bool fake_abort_on_violation;

/* --- assertions on a reply (reply_check.c); each fails the test when it does not hold --- */

/* The value of a header the handler set (the last one of that name), or NULL. */
const char *fake_header(const struct fake_reply *r, const char *name);
/* How many headers named `name` the handler set. */
unsigned fake_header_count(const struct fake_reply *r, const char *name);

/* The body parsed as JSON (asserted to be). Caller json_decref()s. */
json_t *fake_json(const struct fake_reply *r);
/* A 200 application/json answer; its body parsed. Caller json_decref()s. */
json_t *fake_ok_json(const struct fake_reply *r);
/* Asserts an RFC 9457 problem document of type `t`: the HTTP status of the type, the
 * content type application/problem+json, and its type, title, status, a detail and the
 * instance `instance` (NULL = not checked). Returns it parsed; caller json_decref()s. */
json_t *fake_problem(const struct fake_reply *r, enum problem_type t, const char *instance);
/* The entry of the problem's errors[] with this field and code (asserted to be there). */
json_t *fake_field_error(json_t *problem, const char *field, const char *code);
/* fake_problem and fake_field_error in one, for a refusal of one field; keeps the reply. */
void fake_field_problem(const struct fake_reply *r, enum problem_type t, const char *instance,
                        const char *field, const char *code);

/* The rows[] of a screening answer: asserted to be `n` rows, numbered 1 to n in order.
 * Returns `rows`. */
json_t *fake_rows_in_order(json_t *rows, size_t n);

#endif
