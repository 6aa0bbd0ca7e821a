/* Writes that fail halfway leave nothing behind: an import whose last record PostgreSQL
 * refuses; an import whose server connection is killed (pg_terminate_backend) after it
 * has written its first records, on every attempt; and an admin write killed once and
 * then retried, which lands exactly once. The writes are held half done by a row lock
 * the test takes, so the kill always comes in the middle of the transaction. */
#include <criterion/criterion.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "admin_util.h"

#define LOCKED "us-ndaa-1634-kaspersky"

struct call {
    const char *method, *base, *path, *if_match;
    char *body;
    long status;
    char problem[64];
};

static void *send_call(void *arg)
{
    struct call *c = arg;
    struct http r = admin_do(c->method, c->base, c->path, ADMIN_SECRET, c->if_match, c->body);
    c->status = r.status;
    snprintf(c->problem, sizeof c->problem, "%s", problem_type(&r));
    http_free(&r);
    return NULL;
}

/* A connection that holds a row lock on ruling LOCKED until released. */
static PGconn *lock_ruling(const char *db)
{
    PGconn *c = PQconnectdb(db);
    cr_assert_eq(PQstatus(c), CONNECTION_OK);
    PQclear(PQexec(c, "BEGIN"));
    PGresult *res = PQexec(c, "SELECT 1 FROM rulings WHERE id = '" LOCKED "' FOR UPDATE");
    cr_assert_eq(PQresultStatus(res), PGRES_TUPLES_OK);
    PQclear(res);
    return c;
}

static void release(PGconn *c)
{
    PQclear(PQexec(c, "ROLLBACK"));
    PQfinish(c);
}

/* The pid of the server's backend waiting for a lock in `db`, or 0. */
static long waiting_backend(const char *db)
{
    char *v = db_scalar(db, "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                            " AND application_name = 'restrictd' AND wait_event_type = 'Lock'"
                            " LIMIT 1");
    long pid = v ? atol(v) : 0;
    free(v);
    return pid;
}

/* Waits up to 10 s for a waiting backend other than `not`; returns its pid or 0. */
static long wait_for_waiter(const char *db, long not )
{
    for (int i = 0; i < 200; i++) {
        long pid = waiting_backend(db);
        if (pid && pid != not ) return pid;
        usleep(50 * 1000);
    }
    return 0;
}

static void terminate(const char *db, long pid)
{
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT pg_terminate_backend(%ld)", pid);
    char *v = db_scalar(db, sql);
    cr_expect_str_eq(v ? v : "", "t", "terminated %ld", pid);
    free(v);
}

/* The export with one new subject (written early: subjects come before rulings) and a
 * changed note on the locked ruling (written last). */
static char *import_body(const char *base, const char *subject_id)
{
    struct http r = admin_do("GET", base, "/v1/admin/export", ADMIN_SECRET, NULL, NULL);
    cr_assert_eq(r.status, 200);
    json_t *set = json_incref(r.json);
    http_free(&r);
    json_array_append_new(json_object_get(set, "subjects"),
                          json_pack("{s:s, s:s, s:s}", "id", subject_id, "kind", "organization",
                                    "name", "Halfway Holdings"));
    size_t i;
    json_t *ruling;
    json_array_foreach(json_object_get(set, "rulings"), i, ruling)
    {
        if (strcmp(json_string_value(json_object_get(ruling, "id")), LOCKED) == 0)
            json_object_set_new(ruling, "note", json_string("changed by the fault test"));
    }
    char *body = json_dumps(set, 0);
    json_decref(set);
    return body;
}

Test(faults_tx, an_import_refused_at_its_last_record_writes_nothing, .timeout = 60)
{
    struct testbed tb;
    char *db = admin_db("refused");
    cr_assert(db_run(db, REFUSE_LAST_RULING));
    testbed_start(&tb, db, NULL);
    long long before = sql_count(db, "SELECT count(*) FROM changes");
    struct http r =
        admin_do("POST", tb.s.base, "/v1/admin/import", ADMIN_SECRET, NULL, REFUSED_AT_LAST_SET);
    cr_expect_eq(r.status, 422, "%s", r.body);
    cr_expect(r.body && strstr(r.body, "rulings[1]") && strstr(r.body, "zz-last"),
              "names the record: %s", r.body);
    http_free(&r);
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM changes"), before, "no change recorded");
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM sources WHERE id = 'new-source'") +
                     sql_count(db, "SELECT count(*) FROM subjects WHERE id = 'new-subject'") +
                     sql_count(db, "SELECT count(*) FROM rulings WHERE id = 'aa-first'"),
                 0, "none of the records before it");
    testbed_stop(&tb);
}

Test(faults_tx, an_import_killed_halfway_on_every_attempt_writes_nothing, .timeout = 90)
{
    struct testbed tb;
    testbed_start(&tb, admin_db("killed"), NULL);
    const char *db = tb.db;
    char *body = import_body(tb.s.base, "halfway-holdings");
    long long before = sql_count(db, "SELECT count(*) FROM changes");
    PGconn *lock = lock_ruling(db);
    struct call call = {"POST", tb.s.base, "/v1/admin/import", NULL, body, 0, ""};
    pthread_t t;
    cr_assert_eq(pthread_create(&t, NULL, send_call, &call), 0);
    /* The write retries a broken connection twice (db/tx.h): kill all three attempts,
     * each after it wrote the new subject and while it waits for the locked ruling. */
    long pid = 0;
    int killed = 0;
    for (int attempt = 0; attempt < 3; attempt++) {
        pid = wait_for_waiter(db, pid);
        if (!pid) break;
        cr_expect_eq(sql_count(db, "SELECT count(*) FROM subjects WHERE id = 'halfway-holdings'"),
                     0, "the half-done write is invisible outside its transaction");
        terminate(db, pid);
        killed++;
    }
    pthread_join(t, NULL);
    release(lock);
    cr_expect_eq(killed, 3, "three attempts, each killed halfway");
    cr_expect_eq(call.status, 503, "the client is told to retry (%s)", call.problem);
    cr_expect_str_eq(call.problem, "/problems/database-unavailable");
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM changes"), before, "no change recorded");
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM subjects WHERE id = 'halfway-holdings'"), 0,
                 "the subject written first was rolled back");
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM rulings WHERE id = '" LOCKED "'"
                               " AND note = 'changed by the fault test'"),
                 0);

    /* The same import, sent again once nothing is in its way, lands whole. */
    call.status = 0;
    send_call(&call);
    cr_expect_eq(call.status, 200);
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM changes"), before + 2);
    free(body);
    testbed_stop(&tb);
}

Test(faults_tx, a_write_killed_once_is_retried_and_lands_once, .timeout = 60)
{
    struct testbed tb;
    testbed_start(&tb, admin_db("retried"), NULL);
    const char *db = tb.db;
    struct http r =
        admin_do("GET", tb.s.base, "/v1/admin/rulings/" LOCKED, ADMIN_SECRET, NULL, NULL);
    cr_assert_eq(r.status, 200);
    json_object_set_new(r.json, "note", json_string("retried once"));
    char *body = json_dumps(r.json, 0);
    http_free(&r);
    long long before = sql_count(db, "SELECT count(*) FROM changes");
    PGconn *lock = lock_ruling(db);
    struct call call = {"PUT", tb.s.base, "/v1/admin/rulings/" LOCKED, "1", body, 0, ""};
    pthread_t t;
    cr_assert_eq(pthread_create(&t, NULL, send_call, &call), 0);
    long first = wait_for_waiter(db, 0);
    cr_assert(first, "the write waits for the lock");
    terminate(db, first);
    long second = wait_for_waiter(db, first);
    cr_expect(second, "the write was retried on a new connection");
    release(lock);
    pthread_join(t, NULL);
    cr_expect_eq(call.status, 200, "%s", call.problem);
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM changes"), before + 1, "written once");
    cr_expect_eq(sql_count(db, "SELECT version FROM rulings WHERE id = '" LOCKED "'"), 2);
    free(body);
    testbed_stop(&tb);
}
