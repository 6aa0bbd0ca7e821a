#ifndef SERVER_PROBLEM_H
#define SERVER_PROBLEM_H
/*
 * RFC 9457 problem types: one table (problem.c) gives each its status, title,
 * type URI (/problems/<slug>) and the explanation served at that URI.
 */
#include "lib/error.h"
#include "lib/strbuf.h"

enum problem_type {
    PROBLEM_INVALID_PARAMETER,
    PROBLEM_INVALID_BODY,
    PROBLEM_VALIDATION_FAILED,
    PROBLEM_UNAUTHORIZED,
    PROBLEM_FORBIDDEN,
    PROBLEM_NOT_FOUND,
    PROBLEM_METHOD_NOT_ALLOWED,
    PROBLEM_NOT_ACCEPTABLE,
    PROBLEM_CONFLICT,
    PROBLEM_PRECONDITION_FAILED,
    PROBLEM_PAYLOAD_TOO_LARGE,
    PROBLEM_UNSUPPORTED_MEDIA_TYPE,
    PROBLEM_EXPECTATION_FAILED,
    PROBLEM_PRECONDITION_REQUIRED,
    PROBLEM_TOO_MANY_REQUESTS,
    PROBLEM_INTERNAL,
    PROBLEM_NOT_READY,
    PROBLEM_DATABASE_UNAVAILABLE,
    PROBLEM_NOT_IMPLEMENTED,
    PROBLEM_SIGNING_UNAVAILABLE,
    PROBLEM_COUNT
};

struct problem_info {
    const char *slug;
    unsigned status;
    const char *title;
    const char *explanation; /* served as the human-readable page of the type */
};

const struct problem_info *problem_info(enum problem_type t);
/* The type whose slug is `slug`, or -1. */
int problem_by_slug(const char *slug);

/* Renders the problem document. `instance` (may be NULL) is the request path. */
void problem_render(struct strbuf *sb, enum problem_type t, const char *detail,
                    const struct field_errors *errors, const char *instance);

/* The errors list of a problem document, [{"field", "code", "message"}...], as one value
 * (also used where a screening row reports its errors). */
struct jw;
void problem_write_errors(struct jw *w, const struct field_errors *errors);

/* The same with extension members (RFC 9457 section 3.2, e.g. "current_version") written
 * by `extra` into the open object; `extra` may be NULL. */
void problem_render_ext(struct strbuf *sb, enum problem_type t, const char *detail,
                        const struct field_errors *errors, const char *instance,
                        void (*extra)(struct jw *w, const void *ctx), const void *ctx);

#endif
