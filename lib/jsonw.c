#include "lib/jsonw.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "lib/check.h"
#include "lib/timeutil.h"

void jw_init(struct jw *w, struct strbuf *sb)
{
    memset(w, 0, sizeof *w);
    w->sb = sb;
}

/* Called before every value: writes the separating comma unless a key precedes it. */
static void jw_value_prefix(struct jw *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->depth > 0 && w->depth <= JW_MAX_DEPTH) {
        if (w->need_comma[w->depth - 1]) sb_putc(w->sb, ',');
        w->need_comma[w->depth - 1] = true;
    }
}

static void jw_open(struct jw *w, char c)
{
    jw_value_prefix(w);
    sb_putc(w->sb, c);
    if (w->depth < JW_MAX_DEPTH)
        w->need_comma[w->depth] = false;
    else
        w->sb->failed = true; /* too deep to place commas: fail rather than write bad JSON */
    w->depth++;
}

static void jw_close(struct jw *w, char c)
{
    RD_ASSERT(w->depth > 0); /* closes only what it opened */
    w->depth--;
    sb_putc(w->sb, c);
}

void jw_object_begin(struct jw *w)
{
    jw_open(w, '{');
}
void jw_object_end(struct jw *w)
{
    jw_close(w, '}');
}
void jw_array_begin(struct jw *w)
{
    jw_open(w, '[');
}
void jw_array_end(struct jw *w)
{
    jw_close(w, ']');
}

/* Does any byte of the word need escaping ('"', '\\' or below 0x20)? The classic
 * "has a zero byte" bit trick, applied to the word and to its xor with each character. */
static bool word_needs_escape(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    uint64_t quote = w ^ (ones * '"'), backslash = w ^ (ones * '\\');
    uint64_t control = (w - ones * 0x20) & ~w;
    uint64_t zero_q = (quote - ones) & ~quote, zero_b = (backslash - ones) & ~backslash;
    return ((control | zero_q | zero_b) & highs) != 0;
}

void json_escape(struct strbuf *sb, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *u = (const unsigned char *)s;
    size_t start = 0, i = 0;
    /* Most strings need no escaping at all: skip eight bytes at a time. */
    while (i + 8 <= n) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (word_needs_escape(w)) break;
        i += 8;
    }
    for (; i < n; i++) {
        if (u[i] >= 0x20 && u[i] != '"' && u[i] != '\\') continue;
        unsigned char c = u[i];
        sb_append(sb, s + start, i - start);
        start = i + 1;
        switch (c) {
        case '"':
            sb_append(sb, "\\\"", 2);
            break;
        case '\\':
            sb_append(sb, "\\\\", 2);
            break;
        case '\n':
            sb_append(sb, "\\n", 2);
            break;
        case '\r':
            sb_append(sb, "\\r", 2);
            break;
        case '\t':
            sb_append(sb, "\\t", 2);
            break;
        default: {
            char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            sb_append(sb, esc, 6);
        }
        }
    }
    sb_append(sb, s + start, n - start);
}

/* `"key":`, the key written as it is (plain: nothing to escape) or escaped. */
static void put_key(struct jw *w, const char *key, size_t n, bool plain)
{
    jw_value_prefix(w);
    char buf[64];
    if (plain && n + 3 <= sizeof buf) { /* the usual key: one append */
        buf[0] = '"';
        memcpy(buf + 1, key, n);
        buf[n + 1] = '"';
        buf[n + 2] = ':';
        sb_append(w->sb, buf, n + 3);
    } else {
        sb_putc(w->sb, '"');
        json_escape(w->sb, key, n); /* a plain key's escape is itself */
        sb_append(w->sb, "\":", 2);
    }
    w->after_key = true;
}

void jw_key_n(struct jw *w, const char *key, size_t n)
{
    put_key(w, key, n, true);
}

void jw_key(struct jw *w, const char *key)
{
    size_t n = 0;
    bool plain = true;
    for (; key[n]; n++)
        plain &= (unsigned char)key[n] >= 0x20 && key[n] != '"' && key[n] != '\\';
    put_key(w, key, n, plain);
}

void jw_string_n(struct jw *w, const char *s, size_t n)
{
    jw_value_prefix(w);
    sb_putc(w->sb, '"');
    json_escape(w->sb, s, n);
    sb_putc(w->sb, '"');
}

void jw_string(struct jw *w, const char *s)
{
    if (!s) {
        jw_null(w);
        return;
    }
    jw_string_n(w, s, strlen(s));
}

void jw_int(struct jw *w, long long v)
{
    jw_value_prefix(w);
    char buf[DECIMAL_BUFSZ];
    const char *p = decimal_format(buf, v);
    sb_append(w->sb, p, (size_t)(buf + DECIMAL_BUFSZ - 1 - p));
}

void jw_bool(struct jw *w, bool v)
{
    jw_value_prefix(w);
    sb_puts(w->sb, v ? "true" : "false");
}

void jw_null(struct jw *w)
{
    jw_value_prefix(w);
    sb_append(w->sb, "null", 4);
}

void jw_score(struct jw *w, double v)
{
    if (v != v) { /* NaN: "%.3f" would write "nan", which is not JSON */
        jw_null(w);
        return;
    }
    if (v < 0) v = 0;
    if (v > 1) v = 1;
    jw_value_prefix(w);
    /* "%.3f" by hand: scores are written for every match and candidate */
    unsigned milli = (unsigned)(v * 1000.0 + 0.5);
    char buf[5] = {(char)('0' + milli / 1000), '.', (char)('0' + milli / 100 % 10),
                   (char)('0' + milli / 10 % 10), (char)('0' + milli % 10)};
    sb_append(w->sb, buf, 5);
}

/* printf's "%.3f" of `v` without printf (a tenth of the rendering of a check's answer, which
 * writes a weight for every word paired): the same bytes, the exact value rounded half to
 * even. v is m * 2^-s with m an integer of 53 bits and s at least 1, so v * 1000 is m * 1000 (below
 * 2^63) shifted right by s, and the bits shifted out say how it rounds. Returns the length written
 * to `out` (at least 24 bytes), or 0 for a value of 2^52 or more, left to printf. */
size_t jw_fixed3(double v, char *out)
{
    int e;
    double f = frexp(fabs(v), &e);       /* |v| = f * 2^e, f in [0.5, 1) or 0 */
    uint64_t m = (uint64_t)ldexp(f, 53); /* exact: f has 53 bits */
    int shift = 53 - e;                  /* |v| = m * 2^-shift */
    if (f != 0 && shift <= 0) return 0;
    uint64_t milli = 0;
    if (f != 0 && shift < 64) {
        uint64_t x = m * 1000, half = (uint64_t)1 << (shift - 1), rest = x & ((half << 1) - 1);
        milli = x >> shift;
        if (rest > half || (rest == half && (milli & 1))) milli++;
    } /* shift of 64 or more: below 2^-11 / 2, which rounds to 0 */
    char digits[24];
    size_t n = 0, k = 0;
    for (uint64_t q = milli; n < 3 || q; q /= 10)
        digits[n++] = (char)('0' + q % 10);
    if (n == 3) digits[n++] = '0';
    if (signbit(v)) out[k++] = '-';
    while (n > 3)
        out[k++] = digits[--n];
    out[k++] = '.';
    while (n > 0)
        out[k++] = digits[--n];
    return k;
}

void jw_double(struct jw *w, double v)
{
    jw_value_prefix(w);
    if (v != v || v > 1e300 || v < -1e300) {
        sb_append(w->sb, "null", 4);
        return;
    }
    char buf[32];
    size_t n = jw_fixed3(v, buf);
    if (n)
        sb_append(w->sb, buf, n);
    else
        sb_printf(w->sb, "%.3f", v);
}

void jw_time(struct jw *w, int64_t t)
{
    char buf[RD_TIME_BUFSZ];
    rd_time_format(t, buf, sizeof buf);
    jw_string(w, buf);
}

void jw_time_us(struct jw *w, int64_t us)
{
    char buf[RD_TIME_US_BUFSZ];
    rd_time_format_us(us, buf, sizeof buf);
    jw_string(w, buf);
}

void jw_time_or_null(struct jw *w, bool present, int64_t unix_seconds)
{
    if (present)
        jw_time(w, unix_seconds);
    else
        jw_null(w);
}

void jw_raw(struct jw *w, const char *json, size_t n)
{
    jw_value_prefix(w);
    sb_append(w->sb, json, n);
}

void jw_member_string_n(struct jw *w, const char *key, size_t n, const char *s)
{
    jw_key_n(w, key, n);
    jw_string(w, s);
}

void jw_member_int_n(struct jw *w, const char *key, size_t n, long long v)
{
    jw_key_n(w, key, n);
    jw_int(w, v);
}
