/* Identifier look-up with widening by scheme (rulings/identifier_lookup.h). */
#include "rulings/identifier_lookup.h"

#include <string.h>

/* How a scheme's keys widen. */
enum widen { WIDEN_NONE, WIDEN_CPE, WIDEN_PURL, WIDEN_PREFIX, WIDEN_DOMAIN };

static const struct {
    const char *scheme; /* with its ':' */
    enum widen how;
} widening[] = {
    {"cpe:", WIDEN_CPE},          {"purl:", WIDEN_PURL},
    {"bundle-id:", WIDEN_PREFIX}, {"android-package:", WIDEN_PREFIX},
    {"website:", WIDEN_DOMAIN},
};

static size_t found(const struct snapshot *s, const char *key, uint32_t *out, size_t cap,
                    char *matched)
{
    size_t n = snapshot_by_identifier(s, key, out, cap);
    if (n && matched) strcpy(matched, key);
    return n;
}

/* The last `sep` of key after `at` that no backslash quotes (CPE keys quote their ':'). */
static const char *last_sep(const char *key, size_t at, char sep)
{
    const char *last = NULL;
    for (const char *p = key + at; *p; p++)
        if (*p == '\\' && p[1])
            p++;
        else if (*p == sep)
            last = p;
    return last;
}

/* The key with its last part after `sep` replaced by "*" ("cpe:v:p" -> "cpe:v:*"). */
static size_t any_last(const struct snapshot *s, const char *key, size_t at, char sep,
                       uint32_t *out, size_t cap, char *matched)
{
    const char *last = last_sep(key, at, sep);
    if (!last || !strcmp(last + 1, "*")) return 0;
    if (sep == '/' && memchr(key + at, '/', (size_t)(last - (key + at))) == NULL)
        return 0; /* a purl without namespace: no wider key */
    char wider[IDENTIFIER_MAX];
    size_t k = (size_t)(last - key) + 1;
    memcpy(wider, key, k);
    memcpy(wider + k, "*", 2);
    return found(s, wider, out, cap, matched);
}

/* Shorter prefixes of whole labels (`tail`) or parent domains (!tail), two labels at least. */
static size_t labels(const struct snapshot *s, const char *key, size_t at, bool tail, uint32_t *out,
                     size_t cap, char *matched)
{
    char wider[IDENTIFIER_MAX];
    size_t len = strlen(key);
    memcpy(wider, key, len + 1);
    for (;;) {
        char *dot = tail ? strrchr(wider + at, '.') : strchr(wider + at, '.');
        bool two_left =
            dot && (tail ? strchr(wider + at, '.') != dot : strchr(dot + 1, '.') != NULL);
        if (!two_left) return 0;
        if (tail) {
            *dot = '\0';
        } else {
            memmove(wider + at, dot + 1, strlen(dot + 1) + 1);
        }
        size_t n = found(s, wider, out, cap, matched);
        if (n) return n;
    }
}

size_t identifier_lookup(const struct snapshot *s, const char *key, uint32_t *out, size_t cap,
                         char *matched)
{
    size_t n = found(s, key, out, cap, matched);
    for (size_t i = 0; !n && i < sizeof widening / sizeof *widening; i++) {
        size_t at = strlen(widening[i].scheme);
        if (strncmp(key, widening[i].scheme, at) != 0) continue;
        switch (widening[i].how) {
        case WIDEN_CPE:
            return any_last(s, key, at, ':', out, cap, matched);
        case WIDEN_PURL:
            return any_last(s, key, at, '/', out, cap, matched);
        case WIDEN_PREFIX:
            return labels(s, key, at, true, out, cap, matched);
        case WIDEN_DOMAIN:
            return labels(s, key, at, false, out, cap, matched);
        case WIDEN_NONE:
            return 0;
        }
    }
    return n;
}
