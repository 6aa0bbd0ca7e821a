#include "lib/utf8.h"

#include <string.h>

/* Length of the well-formed sequence at s (1..4), or 0 if ill-formed. */
static size_t seq_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80) return c ? 1 : 0;
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c == 0xE0)
        len = 3, lo = 0xA0;
    else if (c >= 0xE1 && c <= 0xEC)
        len = 3;
    else if (c == 0xED)
        len = 3, hi = 0x9F;
    else if (c >= 0xEE && c <= 0xEF)
        len = 3;
    else if (c == 0xF0)
        len = 4, lo = 0x90;
    else if (c >= 0xF1 && c <= 0xF3)
        len = 4;
    else if (c == 0xF4)
        len = 4, hi = 0x8F;
    else
        return 0;
    if (n < len) return 0;
    if (s[1] < lo || s[1] > hi) return 0;
    for (size_t i = 2; i < len; i++)
        if (s[i] < 0x80 || s[i] > 0xBF) return 0;
    return len;
}

bool utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        if (p[i] >= 0x01 && p[i] < 0x80) {
            i++;
            continue;
        }
        size_t k = seq_len(p + i, n - i);
        if (!k) return false;
        i += k;
    }
    return true;
}

/* Is the sequence of length k at p a control character? */
static bool is_control(const unsigned char *p, size_t k)
{
    return (k == 1 && (p[0] < 0x20 || p[0] == 0x7F)) || (k == 2 && p[0] == 0xC2 && p[1] < 0xA0);
}

size_t utf8_find_control(const char *s, size_t n, bool multi_line)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        size_t k = p[i] ? seq_len(p + i, n - i) : 1;
        if (!k) k = 1; /* not UTF-8: the caller's validation says so */
        if (is_control(p + i, k) && !(multi_line && (p[i] == '\n' || p[i] == '\t'))) return i;
        i += k;
    }
    return n;
}

size_t utf8_bom_len(const char *s, size_t n)
{
    return n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

void utf8_sanitize(char *dst, size_t size, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t o = 0, i = 0;
    if (!size) return;
    while (i < n) {
        size_t k = p[i] ? seq_len(p + i, n - i) : 1;
        if (is_control(p + i, k)) {
            if (o + 1 >= size) break;
            dst[o++] = '?';
            i += k;
        } else if (k) {
            if (o + k >= size) break;
            memcpy(dst + o, p + i, k);
            o += k;
            i += k;
        } else {
            if (o + 3 >= size) break;
            memcpy(dst + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        }
    }
    dst[o] = '\0';
}
