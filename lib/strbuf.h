#ifndef LIB_STRBUF_H
#define LIB_STRBUF_H
/*
 * A growable byte buffer, always NUL-terminated when not empty. On allocation
 * failure it sets `failed`, stops growing and keeps what it had: callers build a
 * whole answer, then check `failed` once.
 */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "lib/error.h"

struct strbuf {
    char *data;
    size_t len, cap;
    bool failed;
};

void sb_append_slow(struct strbuf *sb, const char *s, size_t n);
void sb_puts(struct strbuf *sb, const char *s);
void sb_putc_slow(struct strbuf *sb, char c);

/* The common case inline (room left): answers are built from many small appends. */
static inline void sb_append(struct strbuf *sb, const char *s, size_t n)
{
    if (n < sb->cap - sb->len) { /* room for n bytes and the NUL; cap >= len always */
        memcpy(sb->data + sb->len, s, n);
        sb->len += n;
        sb->data[sb->len] = '\0';
        return;
    }
    sb_append_slow(sb, s, n);
}

static inline void sb_putc(struct strbuf *sb, char c)
{
    if (sb->cap - sb->len >= 2) {
        sb->data[sb->len++] = c;
        sb->data[sb->len] = '\0';
        return;
    }
    sb_putc_slow(sb, c);
}
void sb_printf(struct strbuf *sb, const char *fmt, ...) RD_PRINTF(2, 3);
void sb_reset(struct strbuf *sb); /* length 0, memory kept */
/* Makes room for `n` more bytes up front (an answer's expected size saves the doublings). */
void sb_grow(struct strbuf *sb, size_t n);
/* Room for exactly n more bytes (and the NUL), no doubling: for a size known up front. */
void sb_grow_exact(struct strbuf *sb, size_t n);
/* `v` in decimal at the end of `buf`, NUL-terminated; returns where it starts. Without
 * printf: it showed in the profile of a check (the answer, its key, its headers). */
#define DECIMAL_BUFSZ 24
const char *decimal_format(char buf[DECIMAL_BUFSZ], long long v);
/* Hands the buffer to the caller (free() it) and leaves `sb` empty; NULL if it failed. */
char *sb_take(struct strbuf *sb, size_t *len);
void sb_free(struct strbuf *sb);

#endif
