#ifndef LIB_BASE64URL_H
#define LIB_BASE64URL_H
/*
 * Unpadded base64url (RFC 4648 §5), for the opaque list cursors and the API token secrets.
 */
#include <stddef.h>

/* Encodes `len` bytes into `out`, NUL-terminated; only whole groups that fit (with the
 * NUL) are written. Returns the number of characters written. */
size_t b64url_encode(const void *data, size_t len, char *out, size_t size);

/* Decodes `n` characters of unpadded base64url into at most `cap` bytes; returns how many
 * bytes, or (size_t)-1 when the text is not base64url (a bad character, a length no
 * encoding has, unused bits not zero: one text per value), or does not fit. */
size_t b64url_decode(const char *s, size_t n, void *out, size_t cap);
/* The value of one base64url character, or -1. */
int b64url_value(char c);

#endif
