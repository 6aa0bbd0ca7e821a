#ifndef LIB_UTF8_H
#define LIB_UTF8_H
/* UTF-8 checks for input that reaches JSON output or the matcher. */
#include <stdbool.h>
#include <stddef.h>

/* Well-formed UTF-8 (no overlongs, no surrogates, at most U+10FFFF) and no NUL. */
bool utf8_valid(const char *s, size_t n);

/* The one rule for control characters in text taken from clients (query parameters, admin
 * and data-set text, echoed names): C0 (NUL included), DEL and C1 (U+0080..U+009F), except
 * newline and tab where `multi_line`. The offset of the first in s (valid UTF-8), or n. */
size_t utf8_find_control(const char *s, size_t n, bool multi_line);

/* A UTF-8 byte order mark at the start of a body: skipped (3) by every body reader, since
 * spreadsheet programs write one; elsewhere it is an ordinary character. 0 when none. */
size_t utf8_bom_len(const char *s, size_t n);

/* Copies at most size-1 bytes of s into dst, replacing every ill-formed sequence with
 * U+FFFD and control characters with '?', never cutting a character; for echoing
 * hostile input in error messages. */
void utf8_sanitize(char *dst, size_t size, const char *s, size_t n);

#endif
