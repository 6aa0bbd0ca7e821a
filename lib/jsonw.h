#ifndef LIB_JSONW_H
#define LIB_JSONW_H
/*
 * A streaming JSON writer over a strbuf: no tree, no allocation beyond the
 * buffer, commas placed for you. Used on the request path and for the
 * fragments a snapshot pre-renders. Strings must be valid UTF-8 (everything
 * in a snapshot is validated when it is built). Nesting deeper than
 * JW_MAX_DEPTH marks the strbuf failed.
 */
#include <stdbool.h>
#include <stdint.h>

#include "lib/strbuf.h"

#define JW_MAX_DEPTH 32

struct jw {
    struct strbuf *sb;
    unsigned depth;
    bool need_comma[JW_MAX_DEPTH];
    bool after_key;
};

void jw_init(struct jw *w, struct strbuf *sb);
void jw_object_begin(struct jw *w);
void jw_object_end(struct jw *w);
void jw_array_begin(struct jw *w);
void jw_array_end(struct jw *w);
void jw_key(struct jw *w, const char *key);
/* A key known to need no escaping (a literal of this program), written without a scan. */
void jw_key_n(struct jw *w, const char *key, size_t n);
#define JW_KEY(w, literal) jw_key_n((w), "" literal "", sizeof(literal) - 1)
void jw_string(struct jw *w, const char *s); /* NULL writes null */
void jw_string_n(struct jw *w, const char *s, size_t n);
void jw_int(struct jw *w, long long v);
void jw_bool(struct jw *w, bool v);
void jw_null(struct jw *w);
void jw_score(struct jw *w, double v);  /* [0,1], 3 decimals (0.925); NaN: null */
void jw_double(struct jw *w, double v); /* %.3f, any range */
/* printf's "%.3f" of v into out (24 bytes at least), by hand; its length, or 0 when |v| is 2^52
 * or more (then printf's). */
size_t jw_fixed3(double v, char *out);
void jw_time(struct jw *w, int64_t unix_seconds); /* RFC 3339 UTC string */
void jw_time_us(struct jw *w, int64_t us); /* the same to the microsecond (rd_time_format_us) */
void jw_time_or_null(struct jw *w, bool present, int64_t unix_seconds); /* null unless present */
void jw_raw(struct jw *w, const char *json, size_t n); /* an already valid JSON value */
/* A member of the object being written: the key, then the value (NULL string: null). */
/* A member whose key is a string literal (its length known, no escaping): key, then value. */
#define JW_MEMBER_STRING(w, literal, s)                                                            \
    jw_member_string_n((w), "" literal "", sizeof(literal) - 1, (s))
#define JW_MEMBER_INT(w, literal, v) jw_member_int_n((w), "" literal "", sizeof(literal) - 1, (v))
void jw_member_string_n(struct jw *w, const char *key, size_t n, const char *s);
void jw_member_int_n(struct jw *w, const char *key, size_t n, long long v);

/* Appends `s` as JSON string contents (no quotes), escaping what JSON requires. */
void json_escape(struct strbuf *sb, const char *s, size_t n);

#endif
