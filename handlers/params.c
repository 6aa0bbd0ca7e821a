#include "handlers/params.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rulings/timeutil.h"
#include "rulings/utf8.h"

struct known_ctx {
    struct params *p;
    const char *const *allowed;
    const char *seen[32];
    size_t nseen;
};

static bool check_one(void *ctx, const char *name, const char *value, size_t len)
{
    (void)value;
    (void)len;
    struct known_ctx *k = ctx;
    char safe[80];
    utf8_sanitize(safe, sizeof safe, name, strlen(name));
    bool known = strcmp(name, "pretty") == 0;
    for (const char *const *a = k->allowed; a && *a && !known; a++) known = strcmp(*a, name) == 0;
    if (!known) {
        field_errors_add(&k->p->errors, safe, "unknown_parameter",
                         "is not a parameter of this route");
        return true;
    }
    for (size_t i = 0; i < k->nseen; i++) {
        if (strcmp(k->seen[i], name) == 0) {
            field_errors_add(&k->p->errors, safe, "repeated_parameter",
                             "is given more than once");
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
    struct known_ctx k = {.p = p, .allowed = allowed};
    req_query_each(req, check_one, &k);
}

const char *params_text(struct params *p, const char *name, size_t max, bool required,
                        size_t *len)
{
    const char *v;
    size_t n;
    if (!req_query(p->req, name, &v, &n) || n == 0) {
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
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f) {
            field_errors_add(&p->errors, name, "invalid_character",
                             "must not contain control characters");
            return NULL;
        }
    }
    if (len) *len = n;
    return v;
}

int params_enum(struct params *p, const char *name, const struct enum_names *e, int fallback)
{
    const char *v = params_text(p, name, 64, false, NULL);
    if (!v) return fallback;
    int r = enum_parse(e, v);
    if (r < 0) {
        char list[200], safe[80];
        enum_list(e, list, sizeof list);
        utf8_sanitize(safe, sizeof safe, v, strlen(v));
        field_errors_add(&p->errors, name, "invalid_value", "\"%s\" is not one of: %s", safe,
                         list);
        return fallback;
    }
    return r;
}

int64_t params_as_of(struct params *p, const char *name, int64_t fallback)
{
    const char *v = params_text(p, name, 64, false, NULL);
    if (!v) return fallback;
    int64_t t;
    if (!rd_time_parse_as_of(v, &t, NULL)) {
        char safe[80];
        utf8_sanitize(safe, sizeof safe, v, strlen(v));
        field_errors_add(&p->errors, name, "invalid_date",
                         "\"%s\" is not an RFC 3339 instant (2024-07-20T04:00:00Z) or a date "
                         "(2024-07-20, meaning the end of that day in UTC)",
                         safe);
        return fallback;
    }
    return t;
}

double params_number(struct params *p, const char *name, double min, double max, double fallback)
{
    const char *v = params_text(p, name, 32, false, NULL);
    if (!v) return fallback;
    char *end;
    errno = 0;
    double d = strtod(v, &end);
    /* strtod also takes leading spaces, hex and "inf": only plain decimals are numbers here */
    bool plain = strspn(v, "0123456789.+-eE") == strlen(v);
    if (!plain || errno || *end || end == v || !isfinite(d) || d < min || d > max) {
        field_errors_add(&p->errors, name, "invalid_number", "must be a number from %g to %g",
                         min, max);
        return fallback;
    }
    return d;
}

long params_integer(struct params *p, const char *name, long min, long max, long fallback)
{
    const char *v = params_text(p, name, 32, false, NULL);
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
    const char *v = params_text(p, name, 8, false, NULL);
    if (!v) return NULL;
    char up[3] = {0};
    bool ok = strlen(v) == 2;
    for (int i = 0; ok && i < 2; i++) {
        char c = v[i];
        if (c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
        ok = c >= 'A' && c <= 'Z';
        up[i] = c;
    }
    if (!ok) {
        field_errors_add(&p->errors, name, "invalid_code",
                         "must be a two-letter country code (ISO 3166-1 alpha-2) or EU");
        return NULL;
    }
    char *copy = req_alloc(p->req, 3);
    if (copy) memcpy(copy, up, 3);
    return copy;
}

const char *params_code(struct params *p, const char *name)
{
    const char *v = params_text(p, name, 64, false, NULL);
    if (!v) return NULL;
    for (const char *c = v; *c; c++) {
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-')) {
            field_errors_add(&p->errors, name, "invalid_code",
                             "must be lower-case letters, digits and '-', such as us-persons");
            return NULL;
        }
    }
    return v;
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
