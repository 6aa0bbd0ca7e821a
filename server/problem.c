#include "server/problem.h"

#include <stdio.h>
#include <string.h>

#include "lib/jsonw.h"
#include "server/request.h"

// clang-format off
static const struct problem_info problems[PROBLEM_COUNT] = {
    [PROBLEM_INVALID_PARAMETER] = {"invalid-parameter", 400, "Invalid parameter",
        "A query parameter is missing, unknown, repeated or malformed. The errors list names "
        "each field with a code and a message. Correct the request and send it again."},
    [PROBLEM_INVALID_BODY] = {"invalid-body", 400, "Invalid request body",
        "The request body could not be read: it is not well-formed in the declared format "
        "(for JSON, the detail gives the line and column)."},
    [PROBLEM_VALIDATION_FAILED] = {"validation-failed", 422, "Validation failed",
        "The body is well-formed but some fields are invalid. Every invalid field is listed "
        "in errors, with its path (for example rulings[3].effective_until)."},
    [PROBLEM_UNAUTHORIZED] = {"unauthorized", 401, "Authentication required",
        "This route needs an API token: send Authorization: Bearer <token>. Tokens are "
        "created with `restrictd token create`."},
    [PROBLEM_FORBIDDEN] = {"forbidden", 403, "Forbidden",
        "The token is valid but its role does not allow this route (admin routes need an "
        "admin token)."},
    [PROBLEM_NOT_FOUND] = {"not-found", 404, "Not found",
        "No resource has this path. The routes are listed in /openapi.json and docs/api.md."},
    [PROBLEM_METHOD_NOT_ALLOWED] = {"method-not-allowed", 405, "Method not allowed",
        "The path exists but not with this method. The Allow header lists the methods it "
        "accepts."},
    [PROBLEM_NOT_ACCEPTABLE] = {"not-acceptable", 406, "Not acceptable",
        "The Accept header asks for a representation this route cannot produce."},
    [PROBLEM_CONFLICT] = {"conflict", 409, "Conflict",
        "The request conflicts with the stored data (for example, a record with this id "
        "already exists)."},
    [PROBLEM_PRECONDITION_FAILED] = {"precondition-failed", 412, "Precondition failed",
        "The If-Match header does not name the current version of the record: someone changed "
        "it since you read it. Read it again and reapply your change."},
    [PROBLEM_PAYLOAD_TOO_LARGE] = {"payload-too-large", 413, "Payload too large",
        "The request body is larger than this server accepts (RESTRICTD_MAX_BODY)."},
    [PROBLEM_UNSUPPORTED_MEDIA_TYPE] = {"unsupported-media-type", 415, "Unsupported media type",
        "The Content-Type of the body is not one this route reads."},
    [PROBLEM_EXPECTATION_FAILED] = {"expectation-failed", 417, "Expectation failed",
        "The Expect header asks for something other than 100-continue, the only expectation "
        "HTTP defines (RFC 9110, 10.1.1)."},
    [PROBLEM_PRECONDITION_REQUIRED] = {"precondition-required", 428, "Precondition required",
        "Changing or revoking a record needs an If-Match header with the version you read, so "
        "that no edit is lost."},
    [PROBLEM_TOO_MANY_REQUESTS] = {"too-many-requests", 429, "Too many requests",
        "This client sent too many requests; wait for the Retry-After interval."},
    [PROBLEM_INTERNAL] = {"internal", 500, "Internal error",
        "The server failed to answer. The error is logged with the request id."},
    [PROBLEM_NOT_READY] = {"not-ready", 503, "Not ready",
        "The server has not loaded its rulings yet (PostgreSQL may be unreachable). It retries "
        "by itself; try again shortly."},
    [PROBLEM_DATABASE_UNAVAILABLE] = {"database-unavailable", 503, "Database unavailable",
        "PostgreSQL cannot be reached, so changes cannot be written now. Reads keep being "
        "answered from memory. Retry after the Retry-After interval."},
    [PROBLEM_NOT_IMPLEMENTED] = {"not-implemented", 501, "Not implemented",
        "The request is framed with a Transfer-Encoding this server does not read: only "
        "chunked is (or a Content-Length)."},
    [PROBLEM_SIGNING_UNAVAILABLE] = {"signing-unavailable", 503, "Signing not configured",
        "A signed receipt was asked for, or a receipt to check, but this server has no signing "
        "key that may sign now (RESTRICTD_SIGNING_KEYS; docs/security.md). Answers without "
        "receipt=true are not affected."},
};
// clang-format on

const struct problem_info *problem_info(enum problem_type t)
{
    return &problems[(unsigned)t < PROBLEM_COUNT ? t : PROBLEM_INTERNAL];
}

int problem_by_slug(const char *slug)
{
    for (int i = 0; i < PROBLEM_COUNT; i++)
        if (strcmp(problems[i].slug, slug) == 0) return i;
    return -1;
}

void problem_write_errors(struct jw *w, const struct field_errors *errors)
{
    jw_array_begin(w);
    for (size_t i = 0; i < errors->count; i++) {
        const struct field_error *e = &errors->items[i];
        jw_object_begin(w);
        JW_MEMBER_STRING(w, "field", e->field);
        JW_MEMBER_STRING(w, "code", e->code);
        JW_MEMBER_STRING(w, "message", e->message);
        jw_object_end(w);
    }
    jw_array_end(w);
}

void problem_render(struct strbuf *sb, enum problem_type t, const char *detail,
                    const struct field_errors *errors, const char *instance)
{
    problem_render_ext(sb, t, detail, errors, instance, NULL, NULL);
}

void problem_render_ext(struct strbuf *sb, enum problem_type t, const char *detail,
                        const struct field_errors *errors, const char *instance,
                        void (*extra)(struct jw *w, const void *ctx), const void *ctx)
{
    const struct problem_info *p = problem_info(t);
    struct jw w;
    jw_init(&w, sb);
    jw_object_begin(&w);
    char type[64];
    snprintf(type, sizeof type, "/problems/%s", p->slug);
    JW_MEMBER_STRING(&w, "type", type);
    JW_MEMBER_STRING(&w, "title", p->title);
    JW_MEMBER_INT(&w, "status", p->status);
    JW_MEMBER_STRING(&w, "detail", detail ? detail : p->explanation);
    if (instance) {
        JW_MEMBER_STRING(&w, "instance", instance);
    }
    if (errors && errors->count) {
        jw_key(&w, "errors");
        problem_write_errors(&w, errors);
        if (errors->dropped) {
            JW_MEMBER_INT(&w, "errors_not_listed", (long long)errors->dropped);
        }
    }
    if (extra) extra(&w, ctx);
    jw_object_end(&w);
}

/* Answers built on the request API alone (server/request.h), so that a test double of it
 * answers them as the server does. */

void reply_problem(struct request *req, enum problem_type type, const char *detail,
                   const struct field_errors *errors)
{
    struct strbuf sb = {0};
    problem_render(&sb, type, detail, errors, req_path(req));
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

/* PostgreSQL is back within seconds or not soon: a client that retries after this many
 * seconds neither hammers it nor waits long. */
#define DB_RETRY_AFTER_SECONDS "2"

void reply_db_unavailable(struct request *req, const char *detail)
{
    reply_header(req, "Retry-After", DB_RETRY_AFTER_SECONDS);
    reply_problem(req, PROBLEM_DATABASE_UNAVAILABLE, detail, NULL);
}
