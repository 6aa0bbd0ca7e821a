#ifndef RULINGS_STRBUF_H
#define RULINGS_STRBUF_H
/*
 * A growable byte buffer, always NUL-terminated when not empty. On allocation
 * failure it sets `failed`, stops growing and keeps what it had: callers build a
 * whole answer, then check `failed` once.
 */
#include <stdbool.h>
#include <stddef.h>

#include "rulings/error.h"

struct strbuf {
    char *data;
    size_t len, cap;
    bool failed;
};

void sb_append(struct strbuf *sb, const char *s, size_t n);
void sb_puts(struct strbuf *sb, const char *s);
void sb_putc(struct strbuf *sb, char c);
void sb_printf(struct strbuf *sb, const char *fmt, ...) RD_PRINTF(2, 3);
void sb_reset(struct strbuf *sb); /* length 0, memory kept */
/* Hands the buffer to the caller (free() it) and leaves `sb` empty; NULL if it failed. */
char *sb_take(struct strbuf *sb, size_t *len);
void sb_free(struct strbuf *sb);

#endif
