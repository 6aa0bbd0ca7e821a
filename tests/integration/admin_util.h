#ifndef TESTS_ADMIN_UTIL_H
#define TESTS_ADMIN_UTIL_H
/*
 * Helpers for the admin API tests (test_admin_*.c, test_tokens.c), on top of the
 * harness: a seeded database with known tokens, requests with a token, If-Match and a
 * JSON body, and counting rows.
 */
#include <stdint.h>

#include "harness.h"

#define ADMIN_SECRET "rdt_test-admin-secret-0123456789abcdefghijklmnopq"
#define READER_SECRET "rdt_test-reader-secret-0123456789abcdefghijklmnop"

/* A fresh seeded database (db_create) holding an admin token "tester" and a reader token
 * "viewer" with the secrets above. The caller frees the URL. */
char *admin_db(const char *tag);

/* One request: `token` may be NULL (no Authorization), `if_match` NULL or a version such
 * as "3" (sent as If-Match: "3"), `body` NULL or JSON (sent as application/json). */
struct http admin_do(const char *method, const char *base, const char *path, const char *token,
                     const char *if_match, const char *body);

/* The first column of the first row of `sql` as a number (asserts it exists). */
long long sql_count(const char *db, const char *sql);

/* The "type" of a problem answer, or "". */
const char *problem_type(const struct http *r);
/* Does the answer's errors[] name `field` (with `code`, when not NULL)? */
bool names_field(const struct http *r, const char *field, const char *code);

/* The version in an answer's ETag ("\"3\"" -> 3), or -1. */
long long etag_version(const struct http *r);

/* The verdict of GET /v1/check?name=...&as_of=... on `base`. Static buffer. */
const char *verdict_of(const char *base, const char *name, const char *as_of);

/* Polls verdict_of until it equals `want`; returns the milliseconds it took, or -1 after
 * timeout_ms. */
long wait_verdict(const char *base, const char *name, const char *as_of, const char *want,
                  int timeout_ms);

/* Runs `restrictd ARGS` against `db` and returns its stdout alone (stderr dropped); its
 * exit status goes to *status. */
char *cli_stdout(const char *db, const char *args, int *status);

#endif
