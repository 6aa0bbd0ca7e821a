/* The canonical form of a number as it is written in JSON text (lib/jcs_text_parts.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/jcs_text_parts.h"

/* The usual number of an answer (a score, a weight, a count): at most 15 significant digits
 * and in ECMAScript's fixed range (1e-6 <= |x| < 1e21), written from its own digits without
 * strtod. Any decimal of at most 15 significant digits reads as a double that no other such
 * decimal reads as (DBL_DIG is 15), so its digits, trailing zeros dropped, are the shortest
 * that read back: the ones ECMAScript writes. False for any other number. */
static bool number_fast(const char *s, size_t n, char buf[JCS_NUMBER_BUFSZ])
{
    const char *p = s, *e = s + n;
    bool negative = *p == '-', in_int = true;
    p += negative;
    char digits[16];
    int k = 0, zeros = 0, lead = 0, int_digits = 0;
    for (; p < e && *p != 'e' && *p != 'E'; p++) {
        if (*p == '.') {
            in_int = false;
            continue;
        }
        int_digits += in_int;
        if (*p == '0') {
            k ? zeros++ : lead++; /* zeros after the last other digit wait: they may end it */
            continue;
        }
        if (k + zeros >= 15) return false;
        memset(digits + k, '0', (size_t)zeros);
        k += zeros, zeros = 0;
        digits[k++] = *p;
    }
    long exp = 0;
    if (p < e) {
        bool neg_exp = *++p == '-';
        p += *p == '-' || *p == '+';
        if (e - p > 4) return false;
        for (; p < e; p++)
            exp = exp * 10 + (*p - '0');
        exp = neg_exp ? -exp : exp;
    }
    if (k == 0) { /* zero, also "-0" and "0.0e5" */
        strcpy(buf, "0");
        return true;
    }
    long at = int_digits + exp - lead; /* the value is 0.DIGITS x 10^at */
    if (at <= -6 || at > 21) return false;
    jcs_format_decimal(negative, digits, k, (int)at, buf);
    return true;
}

/* Any other number: read as a double, written as ECMAScript writes it. An integer must be
 * written as JCS writes its double, so that it is taken unchanged (2^53 + 1 would be read as
 * 2^53; 1E20 canonicalises to 100000000000000000000, which must read back); "-0" is zero. */
static bool number_slow(const char *s, size_t n, char buf[JCS_NUMBER_BUFSZ], const char **why)
{
    char text[64], *endp;
    if (n >= sizeof text) return *why = "a number too long", false;
    memcpy(text, s, n);
    text[n] = '\0';
    double d = strtod(text, &endp);
    if (*endp || !isfinite(d) || !jcs_number(d, buf)) return *why = "a bad number", false;
    bool integral = strcspn(text, ".eE") == n;
    if (integral && strcmp(buf, text) != 0 && strcmp(text, "-0") != 0)
        return *why = "an integer no double holds as written (beyond 2^53)", false;
    return true;
}

bool jcs_number_canonical(const char *s, size_t n)
{
    /* -?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?, at most 15 digits, not "-0", and not below 1e-6 (a
     * "0." followed by six zeros or more): number_fast writes such text back unchanged */
    const char *p = s, *e = s + n, *point = NULL;
    p += p < e && *p == '-';
    if (p == e || e - p > 16 || (*p == '0' && e - p > 1 && p[1] != '.')) return false;
    if (*p == '0' && e - p == 1) return p == s; /* "0"; "-0" is written "0" */
    for (const char *q = p; q < e; q++) {
        if (*q == '.' && !point && q > p && q + 1 < e)
            point = q;
        else if (*q < '0' || *q > '9')
            return false;
    }
    if (!point && e - p > 15) return false;
    if (point && e[-1] == '0') return false;
    if (point && *p == '0') { /* 0.000001 is written so, 0.0000001 is 1e-7 */
        const char *q = point + 1;
        while (q < e && *q == '0')
            q++;
        if (q - point - 1 >= 6) return false;
    }
    return true;
}

bool jcs_number_text(const char *s, size_t n, char buf[JCS_NUMBER_BUFSZ], const char **why)
{
    return number_fast(s, n, buf) || number_slow(s, n, buf, why);
}
