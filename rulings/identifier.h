#ifndef RULINGS_IDENTIFIER_H
#define RULINGS_IDENTIFIER_H
/*
 * Typed identifiers of subjects ("imo:9187629", "lei:5493001KJTIIGC8Y1R12"): a scheme from a
 * closed table and a value normalised by the scheme's rule, so that the same identifier
 * written two ways is one key. A check by identifier is an exact look-up, made before any
 * name is matched (docs/api.md).
 */
#include <stdbool.h>
#include <stddef.h>

#include "rulings/json_reader.h"

#define IDENTIFIER_MAX 160 /* "scheme:value", normalised */

struct identifier_scheme {
    const char *code;    /* "imo" */
    const char *meaning; /* one sentence */
};

/* The schemes, for listing (GET /v1/parties). */
size_t identifier_scheme_count(void);
const struct identifier_scheme *identifier_scheme_at(size_t i);

/* Normalises "scheme:value" (`len` bytes) into `out` (IDENTIFIER_MAX bytes). False, with
 * `*why` saying what is wrong, for an unknown scheme or a value the scheme cannot hold. */
bool identifier_normalize(const char *in, size_t len, char out[IDENTIFIER_MAX], const char **why);

/* Reads a subject's `identifiers` (an array of "scheme:value" strings), normalised, into
 * `out`; every problem is recorded in r. */
void subject_identifiers_parse(struct json_reader *r, struct rd_codes *out);

#endif
