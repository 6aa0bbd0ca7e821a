#include "handlers/params.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/country.h"
#include "rulings/identifier.h"
#include "match/match.h"
#include "lib/timeutil.h"
#include "lib/utf8.h"

/* The longest value read for a parameter of each sort, in bytes: a word (a code, an
 * enumeration's name, an instant), a number, a region code (two letters: a few more are
 * read so that "USA" is reported as not a code rather than as too long). Longer values
 * are refused before they are parsed. */
enum { PARAM_WORD_MAX = 64, PARAM_NUMBER_MAX = 32, PARAM_REGION_MAX = 8 };

struct known_ctx {
    struct params *p;
    const char *const *allowed;
    const char *seen[32];
    size_t nseen;
    bool past; /* the question is about the past: known_at and revision are taken */
};

/* Two parameter names equal? The first letters first: most names compared differ there, and
 * a check compares some seventy (CPU profile of cached checks: strcmp 2.5 %). */
static inline bool same_name(const char *a, const char *b)
{
    return a[0] == b[0] && strcmp(a, b) == 0;
}

/* Keeps the first value of each name, as libmicrohttpd's look-up would find it. */
static void keep_given(struct params *p, const char *name, const char *value, size_t len)
{
    for (unsigned i = 0; i < p->n_given; i++)
        if (same_name(p->given[i].name, name)) return;
    if (p->n_given == PARAMS_KEPT) {
        p->overflow = true;
        return;
    }
    p->given[p->n_given].name = name;
    p->given[p->n_given].value = value;
    p->given[p->n_given++].len = len;
}

/* Like req_query, from what params_begin kept. */
static bool param_value(const struct params *p, const char *name, const char **v, size_t *n)
{
    for (unsigned i = 0; i < p->n_given; i++) {
        if (same_name(p->given[i].name, name)) {
            *v = p->given[i].value;
            *n = p->given[i].len;
            return true;
        }
    }
    return p->overflow && req_query(p->req, name, v, n);
}

/* An error about parameter `name`, which it quotes made safe (only then: most names are fine). */
static void name_error(struct params *p, const char *name, const char *code, const char *message)
{
    char safe[80];
    utf8_sanitize(safe, sizeof safe, name, strlen(name));
    field_errors_add(&p->errors, safe, code, "%s", message);
}

static bool check_one(void *ctx, const char *name, const char *value, size_t len)
{
    struct known_ctx *k = ctx;
    keep_given(k->p, name, value, len);
    /* known_at and revision were read by the server (server/past.h) for a route that takes them */
    bool known = same_name(name, "pretty") ||
                 (k->past && (same_name(name, "known_at") || same_name(name, "revision")));
    for (const char *const *a = k->allowed; a && *a && !known; a++)
        known = same_name(*a, name);
    if (!known) {
        name_error(k->p, name, "unknown_parameter", "is not a parameter of this route");
        return true;
    }
    for (size_t i = 0; i < k->nseen; i++) {
        if (same_name(k->seen[i], name)) {
            name_error(k->p, name, "repeated_parameter", "is given more than once");
            return true;
        }
    }
    if (k->nseen < sizeof k->seen / sizeof *k->seen) k->seen[k->nseen++] = name;
    return true;
}

void params_begin(struct params *p, struct request *req, const char *const *allowed)
{
    memset(p, 0, sizeof *p);
    p->req = req;
    struct known_ctx k = {.p = p, .allowed = allowed, .past = req_basis(req)->past};
    req_query_each(req, check_one, &k);
}

const char *params_text(struct params *p, const char *name, size_t max, bool required, size_t *len)
{
    const char *v;
    size_t n;
    if (!param_value(p, name, &v, &n) || n == 0) {
        if (required) field_errors_add(&p->errors, name, "required", "is required");
        return NULL;
    }
    if (n > max) {
        field_errors_add(&p->errors, name, "too_long", "is longer than %zu bytes", max);
        return NULL;
    }
    if (!utf8_valid(v, n)) {
        field_errors_add(&p->errors, name, "invalid_encoding",
                         "must be UTF-8 text without NUL bytes");
        return NULL;
    }
    if (utf8_find_control(v, n, false) < n) {
        field_errors_add(&p->errors, name, "invalid_character",
                         "must not contain control characters");
        return NULL;
    }
    if (len) *len = n;
    return v;
}

bool value_enum(const char *v, size_t n, const char *field, const struct enum_names *e,
                struct field_errors *fe, int *out)
{
    int r = enum_parse(e, v);
    if (r < 0) {
        char list[200], safe[80];
        enum_list(e, list, sizeof list);
        utf8_sanitize(safe, sizeof safe, v, n);
        field_errors_add(fe, field, "invalid_value", "\"%s\" is not one of: %s", safe, list);
        return false;
    }
    *out = r;
    return true;
}

bool value_as_of(const char *v, size_t n, const char *field, struct field_errors *fe, int64_t *out)
{
    enum rd_time_fault f = rd_time_read_as_of(v, out, NULL);
    if (f == RD_TIME_OK) return true;
    char safe[80];
    utf8_sanitize(safe, sizeof safe, v, n);
    if (f == RD_TIME_MALFORMED)
        field_errors_add(fe, field, "invalid_date",
                         "\"%s\" is not an RFC 3339 instant (2024-07-20T04:00:00Z) or a date "
                         "(2024-07-20, meaning the end of that day in UTC)",
                         safe);
    else
        field_errors_add(fe, field, "invalid_date", "\"%s\" %s", safe, rd_time_fault_message(f));
    return false;
}

bool value_region(const char *v, size_t n, const char *field, struct field_errors *fe, char out[3])
{
    bool ok = n == 2;
    for (size_t i = 0; ok && i < 2; i++) {
        char c = v[i];
        if (c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
        ok = c >= 'A' && c <= 'Z';
        out[i] = c;
    }
    if (!ok) {
        field_errors_add(fe, field, "invalid_code",
                         "must be a two-letter country code (ISO 3166-1 alpha-2) or EU");
        return false;
    }
    out[2] = '\0';
    if (strcmp(out, "EU") != 0 && !country_find(out)) {
        field_errors_add(fe, field, "unknown_country",
                         "\"%s\" is not an ISO 3166-1 alpha-2 code (nor EU, nor the "
                         "user-assigned XK)",
                         out);
        return false;
    }
    return true;
}

bool value_code(const char *v, size_t n, const char *field, struct field_errors *fe)
{
    bool ok = n <= PARAM_WORD_MAX;
    for (size_t i = 0; ok && i < n; i++)
        ok = (v[i] >= 'a' && v[i] <= 'z') || (v[i] >= '0' && v[i] <= '9') || v[i] == '-';
    if (!ok)
        field_errors_add(fe, field, "invalid_code",
                         "must be lower-case letters, digits and '-', such as us-persons");
    return ok;
}

bool value_vocab(const char *v, size_t n, const char *field, const struct vocab *vocab,
                 struct field_errors *fe)
{
    if (!value_code(v, n, field, fe)) return false;
    if (vocab_find(vocab, v)) return true;
    field_errors_add(fe, field, "unknown_code",
                     "\"%.64s\" is not a known code (GET /v1/parties lists them)", v);
    return false;
}

bool value_identifier(const char *v, size_t n, const char *field, struct field_errors *fe,
                      char out[IDENTIFIER_MAX])
{
    const char *why;
    if (identifier_normalize(v, n, out, &why)) return true;
    field_errors_add(fe, field, "invalid_identifier", "%s", why);
    return false;
}

int params_enum(struct params *p, const char *name, const struct enum_names *e, int fallback)
{
    size_t n;
    const char *v = params_text(p, name, PARAM_WORD_MAX, false, &n);
    int r = fallback;
    return v && value_enum(v, n, name, e, &p->errors, &r) ? r : fallback;
}

bool params_compact_view(struct params *p)
{
    static const char *const names[] = {"full", "compact"};
    static const struct enum_names VIEWS = ENUM_NAMES(names);
    return params_enum(p, "view", &VIEWS, 0) == 1;
}

bool params_bool(struct params *p, const char *name, bool fallback)
{
    const char *v;
    size_t n;
    if (!param_value(p, name, &v, &n)) return fallback;
    if (n == 0) return true; /* `?dry_run` alone, as `?pretty` */
    int b = enum_parse_bool(v);
    if (b < 0)
        field_errors_add(&p->errors, name, "invalid_value", "must be true or false (or 1 or 0)");
    return b < 0 ? fallback : b == 1;
}

int64_t params_as_of(struct params *p, const char *name, int64_t fallback)
{
    size_t n;
    const char *v = params_text(p, name, PARAM_WORD_MAX, false, &n);
    int64_t t = fallback;
    return v && value_as_of(v, n, name, &p->errors, &t) ? t : fallback;
}

int64_t params_as_of_or_now(struct params *p, const char *name)
{
    int64_t t = params_as_of(p, name, INT64_MIN); /* absent, or wrong (an error says so) */
    if (t != INT64_MIN) return t;
    req_answer_follows_clock(p->req);
    return rd_now();
}

double params_number(struct params *p, const char *name, double min, double max, double fallback)
{
    const char *v = params_text(p, name, PARAM_NUMBER_MAX, false, NULL);
    if (!v) return fallback;
    char *end;
    errno = 0;
    double d = strtod(v, &end);
    /* strtod also takes leading spaces, hex and "inf": only plain decimals are numbers here */
    bool plain = strspn(v, "0123456789.+-eE") == strlen(v);
    if (!plain || errno || *end || end == v || !isfinite(d) || d < min || d > max) {
        field_errors_add(&p->errors, name, "invalid_number", "must be a number from %g to %g", min,
                         max);
        return fallback;
    }
    return d;
}

long params_integer(struct params *p, const char *name, long min, long max, long fallback)
{
    const char *v = params_text(p, name, PARAM_NUMBER_MAX, false, NULL);
    if (!v) return fallback;
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    bool plain = strspn(v, "0123456789+-") == strlen(v);
    if (!plain || errno || *end || end == v || n < min || n > max) {
        field_errors_add(&p->errors, name, "invalid_number",
                         "must be a whole number from %ld to %ld", min, max);
        return fallback;
    }
    return n;
}

const char *params_region(struct params *p, const char *name)
{
    size_t n;
    const char *v = params_text(p, name, PARAM_REGION_MAX, false, &n);
    char up[3];
    if (!v || !value_region(v, n, name, &p->errors, up)) return NULL;
    char *copy = req_alloc(p->req, 3);
    if (copy) memcpy(copy, up, 3);
    return copy;
}

const char *params_code(struct params *p, const char *name)
{
    size_t n;
    const char *v = params_text(p, name, PARAM_WORD_MAX, false, &n);
    return v && value_code(v, n, name, &p->errors) ? v : NULL;
}

/* A code of one of the closed vocabularies (rulings/parties.h); NULL when absent or bad. */
static const char *params_vocab(struct params *p, const char *name, const struct vocab *vocab)
{
    size_t n;
    const char *v = params_text(p, name, 64, false, &n);
    return v && value_vocab(v, n, name, vocab, &p->errors) ? v : NULL;
}

/* An identifier, "scheme:value", normalised into request memory; NULL when absent or bad. */
static const char *params_identifier(struct params *p, const char *name)
{
    size_t n;
    const char *v = params_text(p, name, IDENTIFIER_MAX, false, &n);
    if (!v) return NULL;
    char *out = req_alloc(p->req, IDENTIFIER_MAX);
    if (!out) {
        field_errors_add(&p->errors, name, "invalid_identifier", "out of memory");
        return NULL;
    }
    return value_identifier(v, n, name, &p->errors, out) ? out : NULL;
}

void params_check_options(struct params *p, struct check_request *q)
{
    q->kind = params_enum(p, "kind", &SUBJECT_KINDS, -1);
    q->as_of = params_as_of_or_now(p, "as_of");
    q->jurisdiction = params_region(p, "jurisdiction");
    q->binds = params_vocab(p, "binds", &PARTIES);
    q->purpose = params_vocab(p, "purpose", &PURPOSES);
    q->category = params_vocab(p, "category", &CATEGORIES);
    q->identifier = params_identifier(p, "identifier");
    q->min_score = params_number(p, "min_score", 0.0, 1.0, MATCH_DEFAULT_MIN_SCORE);
    q->limit =
        (unsigned)params_integer(p, "limit", 0, CHECK_MAX_CANDIDATES, CHECK_DEFAULT_CANDIDATES);
}

void params_reply_too_long(struct request *req, const char *field)
{
    reply_field_problem(req, PROBLEM_INVALID_PARAMETER, field, PARAMS_TOO_LONG_CODE,
                        PARAMS_TOO_LONG_MESSAGE, NULL);
}

bool params_reply_if_invalid(struct params *p)
{
    if (p->errors.count == 0 && p->errors.dropped == 0) {
        field_errors_free(&p->errors);
        return false;
    }
    char detail[1024];
    const struct field_error *e = &p->errors.items[0];
    if (p->errors.count == 1)
        snprintf(detail, sizeof detail, "%s: %s", e->field, e->message);
    else
        snprintf(detail, sizeof detail, "%zu parameters are invalid; the first: %s: %s",
                 p->errors.count, e->field, e->message);
    reply_problem(p->req, PROBLEM_INVALID_PARAMETER, detail, &p->errors);
    field_errors_free(&p->errors);
    return true;
}

bool params_none(struct request *req)
{
    static const char *const none[] = {NULL};
    struct params p;
    params_begin(&p, req, none);
    return !params_reply_if_invalid(&p);
}
