#ifndef LIB_JCS_H
#define LIB_JCS_H
/*
 * RFC 8785 JSON Canonicalization Scheme over a jansson tree: object members sorted by the
 * UTF-16 code units of their names, no whitespace, strings escaped as ECMAScript's
 * JSON.stringify escapes them, numbers written as ECMAScript's Number.prototype.toString
 * writes an IEEE 754 double. Used for the hash of an answer and the signed part of a
 * receipt (docs/api.md, "Receipts"), where two programs must produce the same bytes.
 *
 * Refused (false, `err` says why and where): an integer beyond 2^53 not written as JCS
 * writes it (jcs_integer_exact: its canonical form would not be its text), a real that is
 * not finite, nesting deeper than JCS_MAX_DEPTH.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "lib/error.h"
#include "lib/strbuf.h"

#define JCS_MAX_DEPTH 64
#define JCS_NUMBER_BUFSZ 32

/* Appends the canonical form of `v` to `out`. On false `out` holds a partial text. */
bool jcs_write(struct strbuf *out, const json_t *v, struct rd_error *err) RD_MUST_CHECK;

/* The same from JSON text, without building a tree (the hot path: the digest of every answer
 * that carries a receipt); refuses what jcs_write refuses, and text that is not one JSON
 * value, or has duplicate member names. Both give the same bytes (tests/unit/test_jcs.c). */
bool jcs_text(struct strbuf *out, const char *json, size_t len, struct rd_error *err) RD_MUST_CHECK;

/* Appends `n` bytes of UTF-8 as a JSON string the way JCS writes it. */
void jcs_write_string(struct strbuf *out, const char *s, size_t n);

/* The largest integer a double holds exactly, and every smaller one: 2^53. */
#define JCS_EXACT_INT (INT64_C(1) << 53)
/* Whether `v` is written as JCS writes the double it reads as, so that canonicalising keeps
 * it: every integer up to 2^53; beyond, only such as 2^53 + 2 or 22000000000000000 (not
 * 2^53 + 1, read as 2^53; not 66000000000000008, written 66000000000000010). */
bool jcs_integer_exact(long long v);

/* The ECMAScript form of a finite double into `buf` ("1e+21", "0.000001", "-0" as "0"). */
bool jcs_number(double d, char buf[JCS_NUMBER_BUFSZ]) RD_MUST_CHECK;

/* Writes the number 0.DIGITS x 10^n (k digits, the first not 0, the last not 0 unless k is 1)
 * as ECMAScript writes it: the fixed form for -6 < n <= 21, else the exponential one. */
void jcs_format_decimal(bool negative, const char *digits, int k, int n,
                        char buf[JCS_NUMBER_BUFSZ]);

/* Orders two UTF-8 member names as JCS does (by UTF-16 code units): <0, 0, >0. */
int jcs_compare_names(const char *a, const char *b);

/* ---- Canonical pieces known beforehand (lib/jcs_outline.c) ----
 * An answer is mostly made of pieces rendered once per snapshot (a ruling, the coverage):
 * their canonical forms can be made once too and spliced in, and the canonical form handed
 * to SHA-256 piece by piece instead of copied (docs/performance.md, "Signed receipts"). */

#define JCS_KNOWN_GAPS 3

/* An object whose canonical form is known: `text_len` bytes of text from its '{' (checked by
 * the hook), then for each gap `gap_text[g]` (such as `,"applies_as":`) and a value that
 * varies, then `close`. Its canonical form is seg[0] v0 seg[1] v1 ... seg[gaps], each v its
 * gap value's canonical form: the gaps' names must sort in text order and each seg[g] must
 * end with its gap's name and colon. */
struct jcs_known {
    size_t text_len;
    unsigned gaps;
    const char *gap_text[JCS_KNOWN_GAPS];
    const char *close;
    size_t gap_len[JCS_KNOWN_GAPS], close_len; /* their lengths */
    unsigned depth; /* nesting of its values, itself 1 (at least): deeper ones are refused */
    const char *seg[JCS_KNOWN_GAPS + 1];
    size_t seg_len[JCS_KNOWN_GAPS + 1];
};

/* Asked at each object of the text, `p` its '{': true, with `k` filled, when the text from `p`
 * is one the hook knows the canonical form of. A false answer costs only a scan. */
typedef bool (*jcs_known_fn)(void *ctx, const char *p, const char *end, struct jcs_known *k);

/* A canonical form as text with pieces spliced in: piece i goes before text byte at[i]. */
struct jcs_splice {
    size_t at;
    const char *p;
    size_t n;
};
struct jcs_outline {
    struct strbuf text;
    struct jcs_splice *splices;
    size_t n, cap;
    bool failed; /* out of memory */
};

/* jcs_text, with the pieces the hook knows put in `o` by reference (NULL hook: none). The
 * bytes in order (jcs_outline_join) are exactly what jcs_text writes. */
bool jcs_text_outline(struct jcs_outline *o, const char *json, size_t len, jcs_known_fn hook,
                      void *ctx, struct rd_error *err) RD_MUST_CHECK;
/* Appends the whole canonical form to `out`. */
void jcs_outline_join(const struct jcs_outline *o, struct strbuf *out);
void jcs_outline_free(struct jcs_outline *o);

#endif
