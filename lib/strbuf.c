#include "lib/strbuf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/check.h"

/* The first allocation of a buffer; it doubles from there. */
enum { SB_INITIAL_CAP = 256 };

static bool sb_reserve(struct strbuf *sb, size_t extra)
{
    if (sb->failed) return false;
    RD_ASSERT(sb->len <= sb->cap);
    /* A size so large that doubling the capacity would overflow: as good as no memory. */
    if (extra > SIZE_MAX / 4 - sb->len) {
        sb->failed = true;
        return false;
    }
    if (sb->len + extra + 1 <= sb->cap) return true;
    size_t cap = sb->cap ? sb->cap : SB_INITIAL_CAP;
    while (cap < sb->len + extra + 1)
        cap *= 2;
    char *d = realloc(sb->data, cap);
    if (!d) {
        sb->failed = true;
        return false;
    }
    sb->data = d;
    sb->cap = cap;
    return true;
}

void sb_append_slow(struct strbuf *sb, const char *s, size_t n)
{
    if (!sb_reserve(sb, n)) return;
    RD_ASSERT(sb->cap - sb->len > n);
    memcpy(sb->data + sb->len, s, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
}

void sb_puts(struct strbuf *sb, const char *s)
{
    sb_append(sb, s, strlen(s));
}

void sb_putc_slow(struct strbuf *sb, char c)
{
    if (!sb_reserve(sb, 1)) return;
    RD_ASSERT(sb->cap - sb->len > 1);
    sb->data[sb->len++] = c;
    sb->data[sb->len] = '\0';
}

void sb_printf(struct strbuf *sb, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        sb->failed = true;
        return;
    }
    if ((size_t)n < sizeof small) {
        sb_append(sb, small, (size_t)n);
        return;
    }
    if (!sb_reserve(sb, (size_t)n)) return;
    va_start(ap, fmt);
    vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)n;
}

void sb_grow(struct strbuf *sb, size_t n)
{
    (void)sb_reserve(sb, n);
}

void sb_grow_exact(struct strbuf *sb, size_t n)
{
    if (sb->failed || sb->len + n + 1 <= sb->cap) return;
    if (n > SIZE_MAX / 4 - sb->len) {
        sb->failed = true;
        return;
    }
    char *d = realloc(sb->data, sb->len + n + 1);
    if (!d) {
        sb->failed = true;
        return;
    }
    sb->data = d;
    sb->cap = sb->len + n + 1;
}

void sb_reset(struct strbuf *sb)
{
    sb->len = 0;
    if (sb->data) sb->data[0] = '\0';
}

char *sb_take(struct strbuf *sb, size_t *len)
{
    if (sb->failed) {
        sb_free(sb);
        return NULL;
    }
    if (!sb->data && !sb_reserve(sb, 0)) return NULL;
    if (sb->len == 0) sb->data[0] = '\0';
    char *d = sb->data;
    if (len) *len = sb->len;
    sb->data = NULL;
    sb->len = sb->cap = 0;
    return d;
}

void sb_free(struct strbuf *sb)
{
    free(sb->data);
    sb->data = NULL;
    sb->len = sb->cap = 0;
    sb->failed = false;
}

const char *decimal_format(char buf[DECIMAL_BUFSZ], long long v)
{
    char *p = buf + DECIMAL_BUFSZ;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    *--p = '\0';
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) *--p = '-';
    return p;
}
