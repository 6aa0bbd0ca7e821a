/* Live reload across instances: two servers on one PostgreSQL; a write through one is
 * served by the other within a second; after the other's connections are cut, it
 * reconnects, listens again and catches up by itself. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "admin_util.h"

static const char ruling_body[] =
    "{\"id\":\"test-pango-advisory\",\"subject\":\"pango-group\",\"source\":\"us-bis-icts-2021-002\","
    "\"status\":\"advisory\",\"measure\":{\"code\":\"test-measure\",\"text\":\"A test measure.\"},"
    "\"binds\":\"us-persons\",\"effective_from\":\"2024-06-24T04:00:00Z\","
    "\"quote\":\"A test quote.\"}";

Test(admin_reload, a_write_on_one_instance_is_served_by_another_within_a_second, .timeout = 60)
{
    char *db = admin_db("two");
    /* A long poll interval: only the notification can make the second instance fast. */
    const char *env[] = {"RESTRICTD_RELOAD_INTERVAL_MS=60000", NULL};
    struct server a, b;
    cr_assert(server_start(&a, db, env, true));
    cr_assert(server_start(&b, db, env, true));
    cr_assert_str_eq(verdict_of(b.base, "Pango Group", "2024-10-01"), "clear");
    char before_tag[128];
    struct http e = http_get(check_url(b.base, "Pango Group", "as_of=2024-10-01"));
    snprintf(before_tag, sizeof before_tag, "If-None-Match: %s", http_header(&e, "ETag"));
    http_free(&e);

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct http r = admin_do("POST", a.base, "/v1/admin/rulings", ADMIN_SECRET, NULL, ruling_body);
    cr_assert_eq(r.status, 201, "%s", r.body);
    long long rev = atoll(http_header(&r, "X-Data-Revision"));
    http_free(&r);
    long waited = wait_verdict(b.base, "Pango Group", "2024-10-01", "advisory", 1000);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms = (t1.tv_sec - t0.tv_sec) * 1000L + (t1.tv_nsec - t0.tv_nsec) / 1000000L;
    cr_expect(waited >= 0 && ms <= 1000,
              "served by the other instance %ld ms after the write "
              "was sent",
              ms);
    fprintf(stderr,
            "admin_reload: a write sent to instance A was served by instance B %ld ms "
            "later (%ld ms after A answered)\n",
            ms, waited);
    struct http c = http_get(check_url(b.base, "Pango Group", "as_of=2024-10-01"));
    cr_expect_eq(json_integer_value(json_object_get(c.json, "revision")), rev,
                 "the answer carries the revision of the write");
    /* The tag before the write no longer validates: the revision is part of it. */
    const char *inm[] = {before_tag, NULL};
    struct http d =
        http_do("GET", check_url(b.base, "Pango Group", "as_of=2024-10-01"), NULL, 0, inm);
    cr_expect_eq(d.status, 200, "an If-None-Match from before the write gets the new answer");
    cr_expect_str_neq(http_header(&d, "ETag"), before_tag + strlen("If-None-Match: "));
    http_free(&d);
    http_free(&c);

    r = admin_do("DELETE", b.base, "/v1/admin/rulings/test-pango-advisory", ADMIN_SECRET, "1",
                 NULL);
    cr_expect_eq(r.status, 200);
    http_free(&r);
    ms = wait_verdict(a.base, "Pango Group", "2024-10-01", "clear", 1000);
    cr_expect(ms >= 0 && ms <= 1000, "and back the other way after %ld ms", ms);
    cr_expect_eq(server_stop(&a), 0);
    cr_expect_eq(server_stop(&b), 0);
    free(db);
}

Test(admin_reload, a_cut_listen_connection_is_made_again_and_catches_up, .timeout = 60)
{
    char *db = admin_db("cut");
    const char *env[] = {"RESTRICTD_RELOAD_INTERVAL_MS=500", NULL};
    struct server a;
    cr_assert(server_start(&a, db, env, true));
    char *name = db_scalar(db, "SELECT current_database()");
    char sql[512];
    /* Cut every connection of the server; notifications sent meanwhile are lost to it. */
    snprintf(sql, sizeof sql,
             "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
             " WHERE datname = '%s' AND application_name = 'restrictd'",
             name);
    char *cut = db_scalar(db, sql);
    cr_expect(cut && atoi(cut) >= 1, "terminated %s connections", cut);
    free(cut);
    cr_assert(db_run(db, "INSERT INTO rulings (id, subject_id, source_id, status, measure_code,"
                         " measure, binds, effective_from, quote) VALUES ('test-pango-sql',"
                         " 'pango-group', 'us-bis-icts-2021-002', 'restricted', 'test', 'test',"
                         " '{us-persons}', '2024-06-24T04:00:00Z', 'test quote')"));
    long ms = wait_verdict(a.base, "Pango Group", "2024-10-01", "restricted", 5000);
    cr_expect(ms >= 0, "the server reconnected and reloaded (%ld ms)", ms);
    /* The admin pool reconnects by itself too. */
    struct http r =
        admin_do("GET", a.base, "/v1/admin/rulings/test-pango-sql", ADMIN_SECRET, NULL, NULL);
    cr_expect_eq(r.status, 200, "%s", r.body);
    http_free(&r);
    cr_expect_eq(server_stop(&a), 0);
    free(name);
    free(db);
}
