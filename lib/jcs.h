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

#endif
