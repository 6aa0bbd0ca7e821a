#ifndef HANDLERS_PARAMS_H
#define HANDLERS_PARAMS_H
/*
 * Query-string parsing for handlers: each getter validates one parameter and
 * records what is wrong with it; at the end params_reply_if_invalid() answers
 * 400 naming every bad field, or lets the handler go on.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "server/request.h"
#include "rulings/check.h"
#include "rulings/identifier.h"
#include "rulings/model.h"
#include "rulings/parties.h"

/* The parameters params_begin saw, kept so that each getter need not look its name up in
 * libmicrohttpd's list again (it showed in the profile of a cached check). */
enum { PARAMS_KEPT = 16 };

struct params {
    struct request *req;
    struct field_errors errors;
    struct {
        const char *name, *value;
        size_t len;
    } given[PARAMS_KEPT];
    unsigned n_given;
    bool overflow; /* more than PARAMS_KEPT: look the others up */
};

/* Starts parsing; rejects parameters not in `allowed` (NULL-terminated; "pretty" is
 * always allowed, "known_at" and "revision" when the server answers from the past with them) and
 * parameters given more than once. */
void params_begin(struct params *p, struct request *req, const char *const *allowed);

/* A text parameter: valid UTF-8, no control characters, at most `max` bytes. NULL when
 * absent or empty (an error if required). */
const char *params_text(struct params *p, const char *name, size_t max, bool required, size_t *len);
/* One of the names in `e`; `fallback` when absent. */
int params_enum(struct params *p, const char *name, const struct enum_names *e, int fallback);
/* `view`: true for "compact", false for "full" (the default). */
bool params_compact_view(struct params *p);
/* "true" or "false"; `fallback` when absent. */
bool params_bool(struct params *p, const char *name, bool fallback);
/* `as_of`-style instant (RFC 3339 or a bare date = end of that day UTC); `fallback` when
 * absent. */
int64_t params_as_of(struct params *p, const char *name, int64_t fallback);
/* The same, "now" when absent: the answer then follows the clock (req_answer_follows_clock). */
int64_t params_as_of_or_now(struct params *p, const char *name);
/* A decimal number in [min, max]. */
double params_number(struct params *p, const char *name, double min, double max, double fallback);
/* A whole number in [min, max]. */
long params_integer(struct params *p, const char *name, long min, long max, long fallback);
/* A two-letter region code (ISO 3166-1 alpha-2 or EU), returned upper-cased in
 * request memory. */
const char *params_region(struct params *p, const char *name);
/* A lower-case code ([a-z0-9-]). */
const char *params_code(struct params *p, const char *name);

/* The options of a check, as /v1/check and /v1/screen both take them: kind, as_of
 * (default: now), jurisdiction, binds, min_score, limit. The name is the caller's. */
void params_check_options(struct params *p, struct check_request *q);

/* One value checked as a parameter or a screened row's field is (the getters above use
 * them): each adds its error under `field` to `fe` and returns false when it is not valid.
 * `v` is NUL-terminated, `n` its length, and already valid short text. */
bool value_enum(const char *v, size_t n, const char *field, const struct enum_names *e,
                struct field_errors *fe, int *out);
bool value_as_of(const char *v, size_t n, const char *field, struct field_errors *fe, int64_t *out);
bool value_region(const char *v, size_t n, const char *field, struct field_errors *fe, char out[3]);
bool value_code(const char *v, size_t n, const char *field, struct field_errors *fe);
/* A code of `vocab` (rulings/parties.h): the shape of value_code, and known. */
bool value_vocab(const char *v, size_t n, const char *field, const struct vocab *vocab,
                 struct field_errors *fe);

/* An identifier, "scheme:value" (rulings/identifier.h), normalised into `out`. */
bool value_identifier(const char *v, size_t n, const char *field, struct field_errors *fe,
                      char out[IDENTIFIER_MAX]);

/* A name longer (in words or bytes) than the matcher reads: the error's code and message,
 * and the 400 that names parameter `field` with them. */
#define PARAMS_TOO_LONG_CODE "too_long"
#define PARAMS_TOO_LONG_MESSAGE "has too many words or characters"
void params_reply_too_long(struct request *req, const char *field);

/* If any parameter was bad: answers 400 with all of them, frees, returns true. Else frees
 * and returns false. */
bool params_reply_if_invalid(struct params *p);

/* For a route that takes no query parameters: answers 400 naming any it was given and
 * returns false, else returns true. */
bool params_none(struct request *req);

#endif
