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

/* A data set (a source, a subject, rulings "aa-first" and "zz-last") whose last ruling the
 * database refuses once REFUSE_LAST_RULING has run on it: for all-or-nothing writes. */
extern const char REFUSED_AT_LAST_SET[];
#define REFUSE_LAST_RULING "ALTER TABLE rulings ADD CONSTRAINT test_refuse CHECK (id <> 'zz-last')"

/* Defines `srv` and `db` for the tests of a suite: a database of its own (admin_db(tag))
 * and a server on it, made by the suite's .init (start) and stopped by its .fini (stop).
 * Each test runs in its own process, so each test gets a fresh pair. */
#define ADMIN_SUITE_SERVER(tag)                                                                    \
    static struct server srv;                                                                      \
    static char *db;                                                                               \
    static void start(void)                                                                        \
    {                                                                                              \
        db = admin_db(tag);                                                                        \
        cr_assert(server_start(&srv, db, NULL, true));                                             \
    }                                                                                              \
    static void stop(void)                                                                         \
    {                                                                                              \
        server_stop(&srv);                                                                         \
        free(db);                                                                                  \
    }

/* One step of a conversation with the admin API: a request (as admin_do) and what its
 * answer must be: the status, and when not NULL the problem type ("/problems/..." ) and the
 * fields errors[] must name ("field" or "field:code", several separated by spaces). */
struct admin_step {
    const char *method, *path, *token, *if_match, *body;
    long status;
    const char *problem, *fields;
};

/* Sends each step to `base` in order and checks its answer. */
void admin_steps(const char *base, const struct admin_step *steps, size_t n);
#define ADMIN_STEPS(base, table) admin_steps((base), (table), sizeof(table) / sizeof *(table))

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

/* The value of a sample in a server's /metrics: `sample` is the text before the value,
 * labels and the space included (a name alone begins with "\n", so that a longer name ending
 * the same way is not taken); -1 when absent. */
long metric_value(const char *base, const char *sample);

#endif
