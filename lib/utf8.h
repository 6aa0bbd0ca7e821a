#ifndef LIB_UTF8_H
#define LIB_UTF8_H
/* UTF-8 checks for input that reaches JSON output or the matcher. */
#include <stdbool.h>
#include <stddef.h>

/* Well-formed UTF-8 (no overlongs, no surrogates, at most U+10FFFF) and no NUL. */
bool utf8_valid(const char *s, size_t n);

/* Copies at most size-1 bytes of s into dst, replacing every ill-formed sequence with
 * U+FFFD and control characters with '?', never cutting a character; for echoing
 * hostile input in error messages. */
void utf8_sanitize(char *dst, size_t size, const char *s, size_t n);

#endif
