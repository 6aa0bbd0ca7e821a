#ifndef TESTS_HARNESS_H
#define TESTS_HARNESS_H
/*
 * The integration harness: real restrictd processes against a real PostgreSQL,
 * spoken to over HTTP with libcurl. tests/run.sh provides, in the environment:
 *   RESTRICTD_BIN        the binary under test
 *   RESTRICTD_URL        a shared server (seed data, read-only) for read tests
 *   RESTRICTD_PG_ADMIN   URL of the cluster's postgres database (to create databases)
 *   RESTRICTD_TEMPLATE   name of a migrated and seeded database to copy
 *   RESTRICTD_SEED       path of deploy/rulings.json
 *   RESTRICTD_WORK       a scratch folder for logs and files
 * Tests that write get their own database (db_create) and server (server_start).
 */
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct http {
    long status;
    char *body;
    size_t len;
    char *headers; /* raw header block */
    json_t *json;  /* parsed body when it is JSON, else NULL */
};

/* Performs one request; `headers` is NULL-terminated ("Name: value"), may be NULL. */
struct http http_do(const char *method, const char *url, const char *body, size_t body_len,
                    const char *const *headers);
struct http http_get(const char *url);
void http_free(struct http *r);
/* Value of a response header (case-insensitive), copied into a static buffer; NULL if absent. */
const char *http_header(const struct http *r, const char *name);

/* The string member `key` of a JSON object, or NULL. */
const char *jstr(const json_t *obj, const char *key);
/* The row of a /v1/screen JSON answer whose "ref" is `ref`; fails the test when none is. */
json_t *screen_row_of(const struct http *r, const char *ref);

/* GET base+path answers `status`. */
void expect_status(const char *base, const char *path, long status);

/* Shared server base URL ("http://127.0.0.1:port"). */
const char *shared_url(void);
/* "base/v1/check?name=<escaped>&<extra>" in a static buffer. */
const char *check_url(const char *base, const char *name, const char *extra);

/* A fresh database copied from the seeded template; returns its URL, which the caller
 * frees. db_create_empty: a database with nothing in it (not even the schema). */
char *db_create(const char *tag);
char *db_create_empty(const char *tag);
/* The URL of a database on a port nothing listens on (static buffer). */
const char *db_unreachable(void);
/* Runs one SQL statement on a database and returns the first column of the first row
 * (malloc'd, or NULL on no rows/error). */
char *db_scalar(const char *url, const char *sql);
bool db_run(const char *url, const char *sql);

struct server {
    pid_t pid;
    unsigned port;
    char base[64];
    char log[512];
};

/* Starts `restrictd serve` on a free port with DATABASE_URL=db_url and the extra
 * environment entries ("KEY=value", NULL-terminated). Waits until it answers /healthz
 * (and /readyz when wait_ready). */
bool server_start(struct server *s, const char *db_url, const char *const *env, bool wait_ready);
/* SIGTERM, wait; returns the exit status (or -1). */
int server_stop(struct server *s);

/* A test's own database and server on it, for tests that write or stop the server. */
struct testbed {
    char *db;
    struct server s;
};
/* Takes `db` (a URL from db_create or admin_db) and starts a server on it with the extra
 * environment `env` (may be NULL); asserts that it becomes ready. */
void testbed_start(struct testbed *t, char *db, const char *const *env);
/* Stops the server, expecting a clean exit (status 0), and frees the database URL. */
void testbed_stop(struct testbed *t);

/* GET /v1/check on `base`, which must answer 200 with JSON; http_free() the answer. */
struct http check_200(const char *base, const char *name, const char *extra);
/* The shared server checks each name of the NULL-terminated list with `extra` as `verdict`
 * ("restricted" true exactly when the verdict is; no "match" when it is "no_match"). */
void expect_verdicts(const char *const *names, const char *extra, const char *verdict);

/* Reload tests: "Eugene Kaspersky" as of 2025-01-01 is clear in the seed data; a probe
 * ruling makes it restricted. probe_url: the check URL on `base` (static buffer), after
 * asserting that `base` answers clear. */
const char *probe_url(const char *base);
/* Inserts the probe ruling `id`; `quietly`: with triggers off for the session, so that it
 * neither notifies nor moves the revision. */
bool db_insert_probe(const char *db, const char *id, bool quietly);

/* Seconds on the monotonic clock. */
double now_s(void);

/* A normal check (Kaspersky Lab on 2024-10-01) answered 200 "restricted" by `s`: the
 * server is still serving after whatever was thrown at it. */
bool normal_check_ok(const struct server *s);

/* The whole of a file (a server's log), malloc'd; "" for a missing file unless
 * `must_exist`, which asserts that it is there. */
char *slurp(const char *path, bool must_exist);

/* Runs `restrictd ARGS...` with DATABASE_URL=db_url; captures stdout+stderr into *output
 * (malloc'd). Returns the exit status. */
int run_cli(const char *db_url, char **output, const char *const *args);

/* Polls GET url until the JSON field `field` (top level) equals `want` or timeout. */
bool wait_for_json_string(const char *url, const char *field, const char *want, int timeout_ms);

unsigned free_port(void);
const char *env_or_die(const char *name);

#endif
