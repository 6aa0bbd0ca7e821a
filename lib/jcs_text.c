/* RFC 8785 canonical JSON straight from text (lib/jcs.h, jcs_text): each object's members
 * are found, sorted by name and written in turn; each value is read where it stands, so no
 * tree is built. A value nested d deep is scanned d times (once per level, to skip it). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/jcs.h"
#include "lib/utf8.h"

struct reader {
    const char *p, *end;
    struct rd_error *err;
    unsigned depth;
    struct strbuf scratch; /* a string value decoded, reused */
};

static bool fail(struct reader *r, const char *what)
{
    if (!r->err->message[0]) rd_error_set(r->err, "not canonicalisable JSON: %s", what);
    return false;
}

static void skip_ws(struct reader *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
        r->p++;
}

static int hex4(const char *p)
{
    int v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0) return -1;
        v = v << 4 | d;
    }
    return v;
}

static void put_utf8(struct strbuf *sb, unsigned cp)
{
    char b[4];
    size_t n;
    if (cp < 0x80)
        b[0] = (char)cp, n = 1;
    else if (cp < 0x800)
        b[0] = (char)(0xc0 | cp >> 6), b[1] = (char)(0x80 | (cp & 0x3f)), n = 2;
    else if (cp < 0x10000)
        b[0] = (char)(0xe0 | cp >> 12), b[1] = (char)(0x80 | (cp >> 6 & 0x3f)),
        b[2] = (char)(0x80 | (cp & 0x3f)), n = 3;
    else
        b[0] = (char)(0xf0 | cp >> 18), b[1] = (char)(0x80 | (cp >> 12 & 0x3f)),
        b[2] = (char)(0x80 | (cp >> 6 & 0x3f)), b[3] = (char)(0x80 | (cp & 0x3f)), n = 4;
    sb_append(sb, b, n);
}

/* One escape after the backslash at r->p, decoded into `to`. */
static bool read_escape(struct reader *r, struct strbuf *to)
{
    static const char from[] = "\"\\/bfnrt", into[] = "\"\\/\b\f\n\r\t";
    const char *e = r->end - r->p > 1 ? strchr(from, r->p[1]) : NULL;
    if (e && *e) {
        sb_putc(to, into[e - from]);
        r->p += 2;
        return true;
    }
    int cp = r->end - r->p >= 6 && r->p[1] == 'u' ? hex4(r->p + 2) : -1;
    if (cp < 0) return fail(r, "a bad escape");
    r->p += 6;
    if (cp >= 0xdc00 && cp <= 0xdfff) return fail(r, "a lone surrogate");
    if (cp >= 0xd800 && cp <= 0xdbff) {
        int lo = r->end - r->p >= 6 && r->p[0] == '\\' && r->p[1] == 'u' ? hex4(r->p + 2) : -1;
        if (lo < 0xdc00 || lo > 0xdfff) return fail(r, "a lone surrogate");
        r->p += 6;
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
    }
    if (cp == 0) return fail(r, "a NUL character");
    put_utf8(to, (unsigned)cp);
    return true;
}

/* A string at r->p (its opening quote), decoded into `to`. */
static bool read_string(struct reader *r, struct strbuf *to)
{
    size_t from = to->len;
    r->p++;
    for (;;) {
        const char *run = r->p;
        while (r->p < r->end && *r->p != '"' && *r->p != '\\' && (unsigned char)*r->p >= 0x20)
            r->p++;
        sb_append(to, run, (size_t)(r->p - run));
        if (r->p >= r->end || (unsigned char)*r->p < 0x20) return fail(r, "a bad string");
        if (*r->p == '"') {
            r->p++;
            /* UTF-8 only, as jansson reads it: names are compared by their UTF-16 units */
            if (!to->failed && !utf8_valid(to->data + from, to->len - from))
                return fail(r, "a string that is not UTF-8");
            return true;
        }
        if (!read_escape(r, to)) return false;
    }
}

static bool number(struct reader *r, struct strbuf *out)
{
    const char *s = r->p;
    bool integral = true;
    if (r->p < r->end && *r->p == '-') r->p++;
    if (r->p >= r->end || *r->p < '0' || *r->p > '9') return fail(r, "a bad value");
    if (*r->p == '0' && r->p + 1 < r->end && r->p[1] >= '0' && r->p[1] <= '9')
        return fail(r, "a leading zero");
    while (r->p < r->end && *r->p && strchr("0123456789.eE+-", *r->p)) {
        integral &= *r->p >= '0' && *r->p <= '9';
        r->p++;
    }
    char buf[64], *endp;
    size_t n = (size_t)(r->p - s);
    if (n >= sizeof buf) return fail(r, "a number too long");
    memcpy(buf, s, n);
    buf[n] = '\0';
    double d = strtod(buf, &endp);
    if (*endp || !isfinite(d)) return fail(r, "a bad number");
    /* an integer must be written as JCS writes its double, so that it is taken unchanged
     * (2^53 + 1 would be read as 2^53; 1E20 canonicalises to 100000000000000000000, which
     * must read back); "-0" is zero */
    char num[JCS_NUMBER_BUFSZ];
    if (!jcs_number(d, num)) return fail(r, "a bad number");
    if (integral && strcmp(num, buf) != 0 && strcmp(buf, "-0") != 0)
        return fail(r, "an integer no double holds as written (beyond 2^53)");
    sb_puts(out, num);
    return true;
}

static bool value(struct reader *r, struct strbuf *out);

/* Skips a string at r->p (its opening quote): to the next quote not escaped, by memchr
 * (every string is skipped once per level it is nested in). */
static bool skip_string(struct reader *r)
{
    const char *p = r->p + 1;
    for (;;) {
        const char *q = p < r->end ? memchr(p, '"', (size_t)(r->end - p)) : NULL;
        if (!q) return fail(r, "an unterminated string");
        const char *b = q;
        while (b > p && b[-1] == '\\')
            b--;
        if ((q - b) % 2 == 0) { /* an even run of backslashes escapes only themselves */
            r->p = q + 1;
            return true;
        }
        p = q + 1;
    }
}

/* Skips one value without reading it: brackets counted, strings jumped over. It is read,
 * and found wrong if it is, when it is written in its turn. */
static bool skip_value(struct reader *r)
{
    if (r->p >= r->end) return fail(r, "a missing value");
    if (*r->p == '"') return skip_string(r);
    if (*r->p != '{' && *r->p != '[') {
        while (r->p < r->end && !strchr(",}] \t\r\n", *r->p))
            r->p++;
        return true;
    }
    unsigned depth = 0;
    do {
        if (r->p >= r->end) return fail(r, "an unterminated object or array");
        char c = *r->p;
        if (c == '"') {
            if (!skip_string(r)) return false;
            continue;
        }
        depth += c == '{' || c == '[';
        depth -= c == '}' || c == ']';
        r->p++;
    } while (depth > 0);
    return true;
}

struct member {
    size_t name_at;   /* into the decoded names */
    const char *name; /* set once all are read */
    const char *from; /* the value's text */
};

static int member_order(const void *a, const void *b)
{
    return jcs_compare_names(((const struct member *)a)->name, ((const struct member *)b)->name);
}

/* The members of the object at r->p, decoded names in `names`; false on bad text. */
static bool read_members(struct reader *r, struct strbuf *names, struct member **m, size_t *n)
{
    size_t cap = 0;
    r->p++;
    skip_ws(r);
    if (r->p < r->end && *r->p == '}') return r->p++, true;
    for (;;) {
        skip_ws(r);
        if (r->p >= r->end || *r->p != '"') return fail(r, "a bad object");
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            struct member *grown = realloc(*m, cap * sizeof **m);
            if (!grown) return fail(r, "out of memory");
            *m = grown;
        }
        (*m)[*n].name_at = names->len;
        if (!read_string(r, names)) return false;
        sb_putc(names, '\0');
        skip_ws(r);
        if (r->p >= r->end || *r->p++ != ':') return fail(r, "a bad object");
        skip_ws(r);
        (*m)[(*n)++].from = r->p;
        if (!skip_value(r)) return false;
        skip_ws(r);
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        if (r->p < r->end && *r->p == '}') return r->p++, true;
        return fail(r, "a bad object");
    }
}

static bool object(struct reader *r, struct strbuf *out)
{
    struct strbuf names = {0};
    struct member *m = NULL;
    size_t n = 0;
    bool ok = read_members(r, &names, &m, &n) && !names.failed;
    const char *after = r->p;
    for (size_t i = 0; ok && i < n; i++)
        m[i].name = names.data + m[i].name_at;
    if (ok && n > 1) qsort(m, n, sizeof *m, member_order);
    sb_putc(out, '{');
    for (size_t i = 0; ok && i < n; i++) {
        if (i && strcmp(m[i].name, m[i - 1].name) == 0) ok = fail(r, "a duplicate member name");
        if (i) sb_putc(out, ',');
        jcs_write_string(out, m[i].name, strlen(m[i].name));
        sb_putc(out, ':');
        r->p = m[i].from;
        ok = ok && value(r, out);
    }
    sb_putc(out, '}');
    r->p = after;
    sb_free(&names);
    free(m);
    return ok;
}

static bool array(struct reader *r, struct strbuf *out)
{
    r->p++;
    sb_putc(out, '[');
    skip_ws(r);
    for (bool first = true; r->p < r->end && *r->p != ']'; first = false) {
        if (!first && *r->p++ != ',') return fail(r, "a bad array");
        if (!first) sb_putc(out, ',');
        skip_ws(r);
        if (!value(r, out)) return false;
        skip_ws(r);
    }
    if (r->p >= r->end) return fail(r, "an unterminated array");
    r->p++;
    sb_putc(out, ']');
    return true;
}

static bool literal(struct reader *r, struct strbuf *out, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n) != 0) return fail(r, "a bad value");
    r->p += n;
    sb_append(out, word, n);
    return true;
}

static bool value(struct reader *r, struct strbuf *out)
{
    if (r->p >= r->end) return fail(r, "a missing value");
    if (++r->depth > JCS_MAX_DEPTH) return fail(r, "nesting too deep");
    bool ok;
    struct strbuf *s = &r->scratch;
    switch (*r->p) {
    case '{':
        ok = object(r, out);
        break;
    case '[':
        ok = array(r, out);
        break;
    case '"':
        sb_reset(s);
        ok = read_string(r, s) && !s->failed;
        if (ok) jcs_write_string(out, s->data ? s->data : "", s->len);
        break;
    case 't':
        ok = literal(r, out, "true");
        break;
    case 'f':
        ok = literal(r, out, "false");
        break;
    case 'n':
        ok = literal(r, out, "null");
        break;
    default:
        ok = number(r, out);
    }
    r->depth--;
    return ok;
}

bool jcs_text(struct strbuf *out, const char *json, size_t len, struct rd_error *err)
{
    rd_error_clear(err);
    struct reader r = {json, json + len, err, 0, {0}};
    skip_ws(&r);
    bool ok = value(&r, out);
    skip_ws(&r);
    if (ok && r.p != r.end) ok = fail(&r, "text after the value");
    sb_free(&r.scratch);
    return ok;
}
