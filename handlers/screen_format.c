/* POST /v1/screen: which format a body is in (Content-Type) and which to answer in (Accept). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "handlers/screen.h"

/* Every media type read or written, first the one each format is answered with. */
static const struct {
    const char *type;
    enum screen_format format;
} media[] = {
    {"application/json", SCREEN_JSON},
    {"application/x-ndjson", SCREEN_NDJSON},
    {"text/csv", SCREEN_CSV},
    {"application/ndjson", SCREEN_NDJSON},
    {"application/jsonl", SCREEN_NDJSON},
    {"application/x-jsonlines", SCREEN_NDJSON},
};
#define N_MEDIA (sizeof media / sizeof *media)

static const char *const answered_as[SCREEN_FORMAT_COUNT] = {
    [SCREEN_JSON] = "application/json",
    [SCREEN_NDJSON] = "application/x-ndjson",
    [SCREEN_CSV] = "text/csv; charset=utf-8; header=present",
};

const char *screen_content_type(enum screen_format f)
{
    return answered_as[(unsigned)f < SCREEN_FORMAT_COUNT ? f : SCREEN_JSON];
}

static const char *skip_ws(const char *s, const char *end)
{
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    return s;
}

static size_t trimmed_len(const char *s, const char *end)
{
    while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    return (size_t)(end - s);
}

/* Looks at one parameter "name=value" of a media type: q (Accept) or charset. */
static void parameter(const char *s, const char *end, double *q, bool *utf8)
{
    s = skip_ws(s, end);
    const char *eq = memchr(s, '=', (size_t)(end - s));
    if (!eq) return;
    size_t nlen = trimmed_len(s, eq);
    const char *v = skip_ws(eq + 1, end);
    size_t vlen = trimmed_len(v, end);
    if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') v++, vlen -= 2;
    char value[32];
    snprintf(value, sizeof value, "%.*s", (int)(vlen < 31 ? vlen : 31), v);
    if (nlen == 1 && (*s == 'q' || *s == 'Q')) {
        char *stop;
        double d = strtod(value, &stop);
        *q = *stop || d != d || d < 0 ? 0 : d > 1 ? 1 : d;
    } else if (nlen == 7 && strncasecmp(s, "charset", 7) == 0) {
        *utf8 = strcasecmp(value, "utf-8") == 0 || strcasecmp(value, "utf8") == 0;
    }
}

/* One media range "type/sub; p=v; ...": its type and where it ends. */
static void media_range(const char *s, const char *end, const char **type, size_t *type_len,
                        double *q, bool *utf8)
{
    s = skip_ws(s, end);
    const char *semi = s < end ? memchr(s, ';', (size_t)(end - s)) : NULL;
    *type = s;
    *type_len = trimmed_len(s, semi ? semi : end);
    *q = 1.0;
    *utf8 = true;
    while (semi) {
        const char *p = semi + 1;
        semi = memchr(p, ';', (size_t)(end - p));
        parameter(p, semi ? semi : end, q, utf8);
    }
}

bool screen_input_format(const char *content_type, enum screen_format *out, char *detail,
                         size_t size)
{
    static const char expected[] = "send the list as text/csv (with a header row), "
                                   "application/x-ndjson or application/json";
    if (!content_type || !*content_type) {
        snprintf(detail, size, "the body has no Content-Type: %s", expected);
        return false;
    }
    const char *type;
    size_t len;
    double q;
    bool utf8;
    media_range(content_type, content_type + strlen(content_type), &type, &len, &q, &utf8);
    for (size_t i = 0; i < N_MEDIA; i++) {
        if (strlen(media[i].type) != len || strncasecmp(media[i].type, type, len) != 0) continue;
        if (!utf8) {
            snprintf(detail, size, "the body must be UTF-8 (charset=utf-8)");
            return false;
        }
        *out = media[i].format;
        return true;
    }
    snprintf(detail, size, "a body of type %.*s cannot be screened: %s",
             (int)(len < 100 ? len : 100), type, expected);
    return false;
}

/* How well a media range names format `f`: 3 exact, 2 type/ *, 1 * / *, 0 not at all. */
static int fit(const char *range, size_t len, enum screen_format f)
{
    if (len == 3 && memcmp(range, "*/*", 3) == 0) return 1;
    int best = 0;
    for (size_t i = 0; i < N_MEDIA; i++) {
        if (media[i].format != f) continue;
        const char *slash = strchr(media[i].type, '/');
        size_t major = (size_t)(slash - media[i].type);
        if (strlen(media[i].type) == len && strncasecmp(media[i].type, range, len) == 0) return 3;
        if (len == major + 2 && strncasecmp(media[i].type, range, major + 1) == 0 &&
            range[major + 1] == '*')
            best = 2;
    }
    return best;
}

bool screen_output_format(const char *accept, enum screen_format fallback, enum screen_format *out)
{
    if (!accept || !*accept) {
        *out = fallback;
        return true;
    }
    /* For each format: the q of the most specific range that names it (RFC 9110 12.5.1). */
    double q_of[SCREEN_FORMAT_COUNT] = {0};
    int spec_of[SCREEN_FORMAT_COUNT] = {0};
    const char *end = accept + strlen(accept);
    for (const char *s = accept; s < end;) {
        const char *comma = memchr(s, ',', (size_t)(end - s));
        const char *stop = comma ? comma : end;
        const char *type;
        size_t len;
        double q;
        bool utf8;
        media_range(s, stop, &type, &len, &q, &utf8);
        for (int f = 0; f < SCREEN_FORMAT_COUNT; f++) {
            int spec = fit(type, len, (enum screen_format)f);
            if (spec > spec_of[f]) {
                spec_of[f] = spec;
                q_of[f] = q;
            }
        }
        s = comma ? comma + 1 : end;
    }
    /* Highest q wins; on a tie the input's format, then the table's order. */
    int best = -1;
    for (int f = 0; f < SCREEN_FORMAT_COUNT; f++) {
        if (q_of[f] <= 0) continue;
        if (best < 0 || q_of[f] > q_of[best] ||
            (q_of[f] == q_of[best] && (enum screen_format)f == fallback))
            best = f;
    }
    if (best < 0) return false;
    *out = (enum screen_format)best;
    return true;
}
