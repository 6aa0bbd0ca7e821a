/* PostgreSQL faults, each on a private cluster the test stops and starts (never the shared
 * one): stopped while two instances serve (checks go on from the snapshot and say how old
 * it is; admin writes are 503 with Retry-After; nothing is written), started again (the
 * pools and listen connections reconnect by themselves; a write through one instance is
 * served by the other), and crashed and restarted at once. Every wait is bounded. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "admin_util.h"
#include "pg_util.h"

static const char ruling_body[] =
    "{\"id\":\"test-fault-ruling\",\"subject\":\"pango-group\",\"source\":\"us-bis-icts-2021-002\","
    "\"status\":\"restricted\",\"measure\":{\"code\":\"test-measure\",\"text\":\"A test "
    "measure.\"},"
    "\"binds\":\"us-persons\",\"effective_from\":\"2024-06-24T04:00:00Z\","
    "\"quote\":\"A test quote.\"}";
#define RULING "/v1/admin/rulings/test-fault-ruling"

/* Sends an admin write until it is not a 503 (the pool fails fast for a second after a
 * failed connect), for up to `seconds`. Returns the last status. */
static long write_until_served(const char *method, const char *base, const char *path,
                               const char *if_match, const char *body, int seconds)
{
    long status = 0;
    for (double t0 = now_s(); now_s() - t0 < seconds;) {
        struct http r = admin_do(method, base, path, ADMIN_SECRET, if_match, body);
        status = r.status;
        http_free(&r);
        if (status != 503) break;
        usleep(200 * 1000);
    }
    return status;
}

/* Waits until /readyz says the data is confirmed again (stale_seconds 0). */
static bool wait_confirmed(const char *base, int seconds)
{
    char url[128];
    snprintf(url, sizeof url, "%s/readyz", base);
    for (double t0 = now_s(); now_s() - t0 < seconds;) {
        struct http r = http_get(url);
        bool fresh =
            r.status == 200 && json_integer_value(json_object_get(r.json, "stale_seconds")) == 0;
        http_free(&r);
        if (fresh) return true;
        usleep(100 * 1000);
    }
    return false;
}

static long long changes_in(const struct pgcluster *c)
{
    return sql_count(c->url, "SELECT count(*) FROM changes");
}

/* What the instance says while PostgreSQL is away. */
static void expect_outage_answers(const struct server *s, const char *etag_before)
{
    /* Checks: the very same answer as before, from memory. */
    for (int i = 0; i < 20; i++) {
        struct http r = http_get(check_url(s->base, "Kaspersky Lab", "as_of=2024-10-01"));
        cr_expect_eq(r.status, 200, "check %d during the outage", i);
        const char *etag = http_header(&r, "ETag");
        cr_expect_str_eq(etag ? etag : "", etag_before, "the same answer as before");
        http_free(&r);
    }
    /* ... and, once two polls are missed, how old the data is. */
    long age = -1;
    for (double t0 = now_s(); now_s() - t0 < 10 && age < 0;) {
        struct http r = http_get(check_url(s->base, "Kaspersky Lab", "as_of=2024-10-01"));
        const char *h = http_header(&r, "X-Snapshot-Age");
        if (h) age = atol(h);
        http_free(&r);
        if (age < 0) usleep(200 * 1000);
    }
    cr_expect_geq(age, 3, "answers carry X-Snapshot-Age (RESTRICTD_RELOAD_INTERVAL_MS=500): %ld",
                  age);
    char url[256];
    snprintf(url, sizeof url, "%s/readyz", s->base);
    struct http r = http_get(url);
    cr_expect_eq(r.status, 200, "still ready: reads go on");
    cr_expect_geq(json_integer_value(json_object_get(r.json, "stale_seconds")), 3, "%s", r.body);
    cr_expect(json_is_string(json_object_get(r.json, "confirmed_at")), "%s", r.body);
    http_free(&r);
    snprintf(url, sizeof url, "%s/metrics", s->base);
    r = http_get(url);
    cr_expect(r.body && strstr(r.body, "restrictd_db_connected{component=\"listener\"} 0"),
              "the metrics say the database is away");
    http_free(&r);

    /* Every route that needs PostgreSQL: 503 database-unavailable with Retry-After. */
    static const struct {
        const char *method, *path, *if_match, *body;
    } writes[] = {
        {"POST", "/v1/admin/rulings", NULL, ruling_body},
        {"PUT", "/v1/admin/rulings/us-ndaa-1634-kaspersky", "1", ruling_body},
        {"DELETE", "/v1/admin/rulings/us-ndaa-1634-kaspersky", "1", NULL},
        {"POST", "/v1/admin/import", NULL, "{\"format\":\"restrictd-rulings/1\"}"},
        {"GET", "/v1/admin/export", NULL, NULL},
        {"GET", "/v1/changes", NULL, NULL},
    };
    for (size_t i = 0; i < sizeof writes / sizeof *writes; i++) {
        double t0 = now_s();
        struct http w = admin_do(writes[i].method, s->base, writes[i].path, ADMIN_SECRET,
                                 writes[i].if_match, writes[i].body);
        cr_expect_eq(w.status, 503, "%s %s: %s", writes[i].method, writes[i].path, w.body);
        cr_expect_str_eq(problem_type(&w), "/problems/database-unavailable");
        cr_expect(http_header(&w, "Retry-After"), "%s %s says when to retry", writes[i].method,
                  writes[i].path);
        cr_expect_lt(now_s() - t0, 6.0, "%s %s answered without hanging", writes[i].method,
                     writes[i].path);
        http_free(&w);
    }
}

Test(faults, postgres_stopped_while_serving_then_started_again, .timeout = 150)
{
    struct pgcluster c;
    pgc_init(&c, "stop");
    cr_assert(pgc_start(&c) && pgc_seed(&c));
    struct server a, b;
    cr_assert(server_start(&a, c.url, NULL, true));
    cr_assert(server_start(&b, c.url, NULL, true));
    struct http r = http_get(check_url(a.base, "Kaspersky Lab", "as_of=2024-10-01"));
    cr_assert_eq(r.status, 200);
    char etag[64];
    snprintf(etag, sizeof etag, "%s", http_header(&r, "ETag"));
    http_free(&r);
    cr_assert_str_eq(verdict_of(b.base, "Pango Group", "2024-10-01"), "clear");
    long long changes = changes_in(&c);

    cr_assert(pgc_stop(&c, "fast"), "PostgreSQL stopped");
    expect_outage_answers(&a, etag);
    expect_outage_answers(&b, etag);

    cr_assert(pgc_start(&c), "PostgreSQL started again");
    cr_expect_eq(changes_in(&c), changes, "nothing was written while PostgreSQL was away");
    cr_expect_eq(sql_count(c.url, "SELECT count(*) FROM rulings WHERE id = 'test-fault-ruling'"),
                 0);
    double t0 = now_s();
    cr_expect(wait_confirmed(a.base, 20) && wait_confirmed(b.base, 20),
              "both listeners reconnected by themselves");
    fprintf(stderr,
            "faults: after PostgreSQL came back, both instances confirmed their data "
            "within %.1f s\n",
            now_s() - t0);
    cr_expect_eq(write_until_served("POST", a.base, "/v1/admin/rulings", NULL, ruling_body, 10),
                 201, "a write through A once PostgreSQL is back");
    long ms = wait_verdict(b.base, "Pango Group", "2024-10-01", "restricted", 3000);
    cr_expect(ms >= 0, "served by B (%ld ms)", ms);
    r = http_get(check_url(a.base, "Pango Group", "as_of=2024-10-01"));
    cr_expect(!http_header(&r, "X-Snapshot-Age"), "fresh answers carry no age");
    http_free(&r);

    /* A crash (no shutdown at all) and an immediate restart: the connections both
     * instances hold are dead; they notice, reconnect and go on. */
    cr_assert(pgc_stop(&c, "immediate"), "PostgreSQL crashed");
    cr_assert(pgc_start(&c), "PostgreSQL restarted");
    cr_expect_eq(write_until_served("DELETE", b.base, RULING, "1", NULL, 15), 200,
                 "a write through B after the crash");
    ms = wait_verdict(a.base, "Pango Group", "2024-10-01", "clear", 15000);
    cr_expect(ms >= 0, "served by A after its reconnect (%ld ms)", ms);
    cr_expect_eq(sql_count(c.url, "SELECT count(*) FROM changes"), changes + 2,
                 "exactly the two writes are in the trail");

    cr_expect_eq(server_stop(&a), 0);
    cr_expect_eq(server_stop(&b), 0);
    pgc_destroy(&c);
}
