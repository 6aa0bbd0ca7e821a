/* The statements a past data set is patched with (db/past_patch.c), prepared on the
 * connection that runs them: prepared once per session, found again by the next patch,
 * prepared anew when the session lost them; whichever, the patched data set is the tables'
 * read whole. And a prepared statement's name stands for one text only (db_named_init). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/conn.h"
#include "db/load.h"
#include "db/past_patch.h"
#include "harness.h"

/* How many of the session's patch statements there are (`also`: a further condition). */
static long long statements(PGconn *c, const char *also)
{
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM pg_prepared_statements WHERE name LIKE 'restrictd_patch%%'%s",
             also);
    PGresult *res = PQexec(c, sql);
    cr_assert_eq(PQresultStatus(res), PGRES_TUPLES_OK, "%s", PQerrorMessage(c));
    long long n = atoll(PQgetvalue(res, 0, 0));
    PQclear(res);
    return n;
}

static long long prepared(PGconn *c)
{
    return statements(c, "");
}

/* Patches revision `rev` from `now` (loaded at `now_rev`) and expects the tables' records. */
static void expect_patched_as_read(PGconn *c, int64_t rev, const struct dataset *now,
                                   int64_t now_rev)
{
    struct rd_error err = {0};
    struct dataset patched, read;
    struct patch_base base = {now, now_rev, true};
    cr_assert_eq(db_patch_dataset(c, rev, &base, 5000, &patched, &err), PATCH_DONE, "%s",
                 err.message);
    cr_assert(db_load_dataset_at(c, rev, PAST_ROLLBACK, &read, &err), "%s", err.message);
    cr_expect(db_dataset_same(&patched, &read), "revision %lld patched differs from the tables",
              (long long)rev);
    dataset_free(&patched);
    dataset_free(&read);
}

/* A database of its own (*url) with a connection to it, and one source edited after revision
 * *before. */
static PGconn *connect_and_edit(const char *tag, char **url, int64_t *before)
{
    *url = db_create(tag);
    PGconn *c = PQconnectdb(*url);
    cr_assert_eq(PQstatus(c), CONNECTION_OK, "%s", PQerrorMessage(c));
    struct rd_error err = {0};
    cr_assert(db_revision(c, before, &err), "%s", err.message);
    cr_assert(db_run(*url, "UPDATE sources SET summary = 'edited once' WHERE id = (SELECT"
                           " min(id) FROM sources)"));
    return c;
}

Test(patch_statements, prepared_once_per_session_and_again_when_lost, .timeout = 120)
{
    char *url;
    int64_t before;
    PGconn *c = connect_and_edit("patch_statements", &url, &before);
    struct rd_error err = {0};
    cr_assert(db_run(url, "UPDATE subjects SET name = name || ' (renamed)' WHERE id = (SELECT"
                          " min(id) FROM subjects)"));
    struct dataset now;
    int64_t now_rev;
    cr_assert(db_load_dataset(c, &now, &now_rev, &err), "%s", err.message);
    cr_assert(now.in_key_order, "the loader's records are checked in order");
    cr_assert_gt(now_rev, before);

    cr_expect_eq(prepared(c), 0);
    expect_patched_as_read(c, before, &now, now_rev); /* prepares them */
    long long made = prepared(c);
    cr_expect_gt(made, 0, "the patch prepared its statements");
    expect_patched_as_read(c, now_rev - 1, &now, now_rev); /* finds them */
    cr_expect_eq(prepared(c), made, "prepared once per session");
    PQclear(PQexec(c, "DEALLOCATE ALL")); /* a session that lost them (a pooler's) */
    expect_patched_as_read(c, before, &now, now_rev);
    cr_expect_eq(prepared(c), made, "prepared again");

    dataset_free(&now);
    PQfinish(c);
    free(url);
}

/* How many of the session's statements have a generic plan made (PostgreSQL 14 and later). */
static long long planned(PGconn *c)
{
    return statements(c, " AND generic_plans > 0");
}

/* What the server does at start (server/past.c, past_warm): the statements prepared and
 * planned before any past question, once; the first patch then prepares nothing more. */
Test(patch_statements, warmed_ahead_of_the_first_patch, .timeout = 120)
{
    char *url;
    int64_t before;
    PGconn *c = connect_and_edit("patch_warm", &url, &before);
    struct rd_error err = {0};
    cr_assert(db_patch_warm(c, &err), "%s", err.message);
    cr_assert_eq(PQtransactionStatus(c), PQTRANS_IDLE, "the warm-up ends its transaction");
    long long made = prepared(c);
    cr_expect_gt(made, 0, "prepared ahead");
    cr_expect_eq(planned(c), made, "each has its generic plan");
    cr_assert(db_patch_warm(c, &err), "%s", err.message);
    cr_expect_eq(prepared(c), made, "a second warm-up keeps them");

    struct dataset now;
    int64_t now_rev;
    cr_assert(db_load_dataset(c, &now, &now_rev, &err), "%s", err.message);
    expect_patched_as_read(c, before, &now, now_rev);
    cr_expect_eq(prepared(c), made, "the first patch found them");
    dataset_free(&now);
    PQfinish(c);
    free(url);
}

Test(patch_statements, a_name_stands_for_one_text)
{
    struct db_named a, b, again;
    db_named_init(&a, "restrictd_patch0", "SELECT 1");
    db_named_init(&b, "restrictd_patch0", "SELECT 2");
    db_named_init(&again, "restrictd_patch0", "SELECT 1");
    cr_expect_str_neq(a.name, b.name);
    cr_expect_str_eq(a.name, again.name);
    cr_expect_eq(strncmp(a.name, "restrictd_patch0_", 17), 0, "%s", a.name);
}
