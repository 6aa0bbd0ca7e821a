/* A writer that cannot get the writers' lock in time is told to come back, not that the
 * server failed: before, an admin write waiting over 15 s for it got 500 (the statement
 * timeout); now the lock timeout (10 s) answers 503 with Retry-After, nothing written. */
#include <criterion/criterion.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "admin_util.h"
#include "harness.h"

/* The key every writer locks (db/tx.c) */
#define WRITERS_LOCK "SELECT pg_advisory_lock(7232401530)"
#define RULING "/v1/admin/rulings/us-icts-fd-kaspersky-new-agreements"

Test(lock_wait, a_write_behind_a_held_lock_is_503_with_retry_after, .timeout = 90)
{
    struct testbed tb;
    testbed_start(&tb, admin_db("lock_wait"), NULL);
    PGconn *holder = PQconnectdb(tb.db);
    cr_assert_eq(PQstatus(holder), CONNECTION_OK);
    PGresult *res = PQexec(holder, WRITERS_LOCK);
    cr_assert_eq(PQresultStatus(res), PGRES_TUPLES_OK);
    PQclear(res);
    char *before = db_scalar(tb.db, "SELECT count(*) FROM changes");
    struct http got = admin_do("GET", tb.s.base, RULING, ADMIN_SECRET, NULL, NULL);
    cr_assert_eq(got.status, 200, "%s", got.body);
    char etag[64]; /* the version, without the quotes of the ETag */
    const char *tag = http_header(&got, "ETag");
    snprintf(etag, sizeof etag, "%s", tag && tag[0] == '"' ? tag + 1 : "");
    etag[strcspn(etag, "\"")] = '\0';
    http_free(&got);

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct http r = admin_do("DELETE", tb.s.base, RULING, ADMIN_SECRET, etag, NULL);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double waited = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    cr_expect_eq(r.status, 503, "%ld %s", r.status, r.body);
    cr_expect(http_header(&r, "Retry-After") != NULL, "no Retry-After");
    cr_expect(r.body && !strstr(r.body, "canceling statement"), "PostgreSQL's text: %s", r.body);
    cr_expect_lt(waited, 14.0, "answered after %.1f s", waited);
    http_free(&r);

    PQclear(PQexec(holder, "SELECT pg_advisory_unlock_all()"));
    PQfinish(holder);
    char *after = db_scalar(tb.db, "SELECT count(*) FROM changes");
    cr_expect_str_eq(after, before, "something was written");
    printf("lock wait: a write behind a held writers' lock answered 503 after %.1f s\n", waited);
    free(before);
    free(after);
    testbed_stop(&tb);
}
