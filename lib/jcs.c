/* RFC 8785 canonical JSON over jansson trees (lib/jcs.h). */
#include "lib/jcs.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The largest integer a double holds exactly, and every smaller one: 2^53. */
/* 17 significant digits at most; room for the longest fixed form (n up to 21) besides */
#define JCS_DIGITS_BUFSZ 32

/* The next code point of UTF-8 text (jansson keeps only valid UTF-8), as UTF-16 units:
 * one, or a surrogate pair. Advances *p; returns how many units went into u[]. */
static int next_units(const unsigned char **p, unsigned u[2])
{
    const unsigned char *s = *p;
    unsigned cp;
    int n;
    if (s[0] < 0x80) {
        cp = s[0], n = 1;
    } else if ((s[0] & 0xe0) == 0xc0) {
        cp = (s[0] & 0x1fu) << 6 | (s[1] & 0x3fu), n = 2;
    } else if ((s[0] & 0xf0) == 0xe0) {
        cp = (s[0] & 0x0fu) << 12 | (s[1] & 0x3fu) << 6 | (s[2] & 0x3fu), n = 3;
    } else {
        cp = (s[0] & 0x07u) << 18 | (s[1] & 0x3fu) << 12 | (s[2] & 0x3fu) << 6 | (s[3] & 0x3fu);
        n = 4;
    }
    *p = s + n;
    if (cp < 0x10000) {
        u[0] = cp;
        return 1;
    }
    cp -= 0x10000;
    u[0] = 0xd800 + (cp >> 10);
    u[1] = 0xdc00 + (cp & 0x3ff);
    return 2;
}

bool jcs_integer_exact(long long v)
{
    if (v <= JCS_EXACT_INT && v >= -JCS_EXACT_INT) return true;
    char num[JCS_NUMBER_BUFSZ], dec[DECIMAL_BUFSZ];
    return jcs_number((double)v, num) && strcmp(num, decimal_format(dec, v)) == 0;
}

int jcs_compare_names(const char *a, const char *b)
{
    const unsigned char *pa = (const unsigned char *)a, *pb = (const unsigned char *)b;
    unsigned ua[2], ub[2];
    int na = 0, nb = 0, ia = 0, ib = 0;
    for (;;) {
        if (ia == na) {
            if (!*pa) break;
            na = next_units(&pa, ua), ia = 0;
        }
        if (ib == nb) {
            if (!*pb) return 1;
            nb = next_units(&pb, ub), ib = 0;
        }
        if (ua[ia] != ub[ib]) return ua[ia] < ub[ib] ? -1 : 1;
        ia++, ib++;
    }
    return ib == nb && !*pb ? 0 : -1;
}

void jcs_write_string(struct strbuf *out, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    sb_putc(out, '"');
    size_t run = 0; /* bytes copied as they are, written in one append */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        sb_append(out, s + run, i - run);
        run = i + 1;
        const char *esc = c == '"'    ? "\\\""
                          : c == '\\' ? "\\\\"
                          : c == '\b' ? "\\b"
                          : c == '\f' ? "\\f"
                          : c == '\n' ? "\\n"
                          : c == '\r' ? "\\r"
                          : c == '\t' ? "\\t"
                                      : NULL;
        if (esc) {
            sb_puts(out, esc);
        } else {
            char u[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf], '\0'};
            sb_puts(out, u);
        }
    }
    sb_append(out, s + run, n - run);
    sb_putc(out, '"');
}

/* The shortest decimal digits that read back as `d` (d > 0), and the decimal exponent n
 * such that d = 0.DIGITS x 10^n (ECMAScript's k digits and n). */
static int shortest_digits(double d, char digits[JCS_DIGITS_BUFSZ], int *n)
{
    char buf[40];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*e", prec - 1, d);
        if (strtod(buf, NULL) == d || prec == 17) break;
    }
    /* buf is "D.DDDDe+XX" or "De+XX" */
    int k = 0;
    const char *p = buf;
    for (; *p && *p != 'e'; p++)
        if (*p != '.') digits[k++] = *p;
    while (k > 1 && digits[k - 1] == '0')
        k--;
    digits[k] = '\0';
    *n = atoi(p + 1) + 1;
    return k;
}

void jcs_format_decimal(bool negative, const char *digits, int k, int n, char buf[JCS_NUMBER_BUFSZ])
{
    char *o = buf;
    if (negative) *o++ = '-';
    if (k <= n && n <= 21) {
        memcpy(o, digits, (size_t)k);
        memset(o + k, '0', (size_t)(n - k));
        o[n] = '\0';
    } else if (0 < n && n <= 21) {
        memcpy(o, digits, (size_t)n);
        o[n] = '.';
        memcpy(o + n + 1, digits + n, (size_t)(k - n));
        o[k + 1] = '\0';
    } else if (-6 < n && n <= 0) {
        o[0] = '0', o[1] = '.';
        memset(o + 2, '0', (size_t)-n);
        memcpy(o + 2 - n, digits, (size_t)k);
        o[2 - n + k] = '\0';
    } else {
        int e = n - 1;
        *o++ = digits[0];
        if (k > 1) {
            *o++ = '.';
            memcpy(o, digits + 1, (size_t)k - 1);
            o += k - 1;
        }
        *o++ = 'e';
        *o++ = e < 0 ? '-' : '+';
        char exp[DECIMAL_BUFSZ];
        strcpy(o, decimal_format(exp, abs(e))); /* a double's exponent: at most 3 digits */
    }
}

bool jcs_number(double d, char buf[JCS_NUMBER_BUFSZ])
{
    if (!isfinite(d)) return false;
    if (d == 0) {
        strcpy(buf, "0");
        return true;
    }
    char digits[JCS_DIGITS_BUFSZ];
    int n;
    int k = shortest_digits(d < 0 ? -d : d, digits, &n);
    jcs_format_decimal(d < 0, digits, k, n, buf);
    return true;
}

static int member_order(const void *a, const void *b)
{
    return jcs_compare_names(*(const char *const *)a, *(const char *const *)b);
}

static bool write_value(struct strbuf *out, const json_t *v, unsigned depth, struct rd_error *err);

static bool write_object(struct strbuf *out, const json_t *v, unsigned depth, struct rd_error *err)
{
    size_t n = json_object_size(v);
    const char **names = n ? malloc(n * sizeof *names) : NULL;
    if (n && !names) {
        rd_error_set(err, "out of memory");
        return false;
    }
    size_t i = 0;
    const char *key;
    json_t *member;
    json_object_foreach((json_t *)v, key, member) names[i++] = key;
    if (n > 1) qsort(names, n, sizeof *names, member_order);
    bool ok = true;
    sb_putc(out, '{');
    for (i = 0; ok && i < n; i++) {
        if (i) sb_putc(out, ',');
        jcs_write_string(out, names[i], strlen(names[i]));
        sb_putc(out, ':');
        ok = write_value(out, json_object_get(v, names[i]), depth + 1, err);
        if (!ok) rd_error_prefix(err, "%s", names[i]);
    }
    sb_putc(out, '}');
    free(names);
    return ok;
}

static bool write_array(struct strbuf *out, const json_t *v, unsigned depth, struct rd_error *err)
{
    sb_putc(out, '[');
    for (size_t i = 0; i < json_array_size(v); i++) {
        if (i) sb_putc(out, ',');
        if (!write_value(out, json_array_get(v, i), depth + 1, err)) {
            rd_error_prefix(err, "[%zu]", i);
            return false;
        }
    }
    sb_putc(out, ']');
    return true;
}

static bool write_number(struct strbuf *out, const json_t *v, struct rd_error *err)
{
    char buf[JCS_NUMBER_BUFSZ];
    if (json_is_integer(v)) {
        json_int_t i = json_integer_value(v);
        if (!jcs_integer_exact((long long)i)) {
            rd_error_set(err, "the integer %lld is beyond 2^53 and no double holds it exactly",
                         (long long)i);
            return false;
        }
        snprintf(buf, sizeof buf, "%lld", (long long)i);
    } else if (!jcs_number(json_real_value(v), buf)) {
        rd_error_set(err, "a number that is not finite");
        return false;
    }
    sb_puts(out, buf);
    return true;
}

static bool write_value(struct strbuf *out, const json_t *v, unsigned depth, struct rd_error *err)
{
    if (depth > JCS_MAX_DEPTH) {
        rd_error_set(err, "nested deeper than %d levels", JCS_MAX_DEPTH);
        return false;
    }
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return write_object(out, v, depth, err);
    case JSON_ARRAY:
        return write_array(out, v, depth, err);
    case JSON_STRING:
        jcs_write_string(out, json_string_value(v), json_string_length(v));
        return true;
    case JSON_INTEGER:
    case JSON_REAL:
        return write_number(out, v, err);
    case JSON_TRUE:
        sb_puts(out, "true");
        return true;
    case JSON_FALSE:
        sb_puts(out, "false");
        return true;
    case JSON_NULL:
    default:
        sb_puts(out, "null");
        return true;
    }
}

bool jcs_write(struct strbuf *out, const json_t *v, struct rd_error *err)
{
    return write_value(out, v, 0, err);
}
