/* Webhooks against receivers that misbehave (issue 18): one that answers slowly is cut off
 * at RESTRICTD_WEBHOOK_TIMEOUT_MS, a redirect is not followed, a huge answer is read no
 * further than 64 KiB, and checks keep being answered meanwhile; a receiver that keeps
 * failing is given up after RESTRICTD_WEBHOOK_GIVE_UP, its subscription marked failing, and
 * a manual retry delivers once it is back. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "monitor_util.h"

static const char *const env[] = {
    "RESTRICTD_WEBHOOK_ALLOW=127.0.0.1", "RESTRICTD_WEBHOOK_RETRY_MAX=1",
    "RESTRICTD_WEBHOOK_TIMEOUT_MS=1000", "RESTRICTD_WEBHOOK_GIVE_UP=2", NULL};

MONITOR_SUITE_SERVER_ENV("webhook_bounds", env)

TestSuite(webhook_bounds, .init = start, .fini = stop, .timeout = 120);

static char *subscribe(const struct receiver *r, const char *path)
{
    char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%u%s", r->port, path);
    struct http h = monitor_subscribe(srv.base, "p", url);
    cr_assert_eq(h.status, 201, "%s", h.body);
    receiver_secret(r, jstr(h.json, "secret"));
    char *id = strdup(jstr(h.json, "id"));
    http_free(&h);
    return id;
}

/* The first logged attempt of subscription `sid` (waits up to 10 s for one). */
static json_t *first_attempt(const char *sid)
{
    char path[300];
    snprintf(path, sizeof path, "/v1/portfolios/p/subscriptions/%s/deliveries", sid);
    for (int i = 0; i < 200; i++) {
        struct http h = admin_do("GET", srv.base, path, MONITOR_SECRET, NULL, NULL);
        json_t *d = json_incref(json_array_get(json_object_get(h.json, "deliveries"), 0));
        http_free(&h);
        if (d) return d;
        usleep(50 * 1000);
    }
    cr_assert_fail("no attempt logged for %s", sid);
    return NULL;
}

Test(webhook_bounds, slow_redirecting_and_huge_receivers_are_bounded)
{
    struct receiver r;
    receiver_start(&r, 18735, true);
    monitor_watch_ultraav(srv.base, "p", 1);
    char *slow = subscribe(&r, "/slow"), *redirect = subscribe(&r, "/redirect"),
         *huge = subscribe(&r, "/huge");
    struct http w = admin_do("POST", srv.base, "/v1/admin/rulings", ADMIN_SECRET, NULL,
                             monitor_ruling("test-bounds", "2024-01-01T00:00:00Z"));
    cr_assert_eq(w.status, 201);
    http_free(&w);
    json_t *d = first_attempt(slow);
    cr_expect(json_is_false(json_object_get(d, "delivered")));
    cr_expect(json_integer_value(json_object_get(d, "duration_ms")) < 2500, "cut off at 1 s");
    cr_expect(strstr(jstr(d, "error"), "imeout") || strstr(jstr(d, "error"), "imed out"), "%s",
              jstr(d, "error"));
    json_decref(d);
    d = first_attempt(redirect);
    cr_expect_eq(json_integer_value(json_object_get(d, "status")), 302);
    cr_expect(strstr(jstr(d, "error"), "redirects are not followed"));
    json_decref(d);
    d = first_attempt(huge);
    cr_expect_eq(json_integer_value(json_object_get(d, "status")), 200);
    cr_expect(json_integer_value(json_object_get(d, "duration_ms")) < 1500);
    json_decref(d);
    cr_expect(normal_check_ok(&srv), "checks are answered meanwhile");
    json_t *got = receiver_requests(&r);
    size_t i;
    json_t *one;
    json_array_foreach(got, i, one) cr_expect(strcmp(jstr(one, "path"), "/elsewhere") != 0);
    json_decref(got);
    free(slow);
    free(redirect);
    free(huge);
    receiver_stop(&r);
}

Test(webhook_bounds, a_failing_receiver_is_given_up_then_retried_by_hand)
{
    struct receiver r;
    receiver_start(&r, 18736, true);
    receiver_stop(&r);
    monitor_watch_ultraav(srv.base, "p", 1);
    char *sid = subscribe(&r, "/hook");
    struct http w = admin_do("POST", srv.base, "/v1/admin/rulings", ADMIN_SECRET, NULL,
                             monitor_ruling("test-give-up", "2024-01-01T00:00:00Z"));
    cr_assert_eq(w.status, 201);
    http_free(&w);
    bool failing = false;
    for (int i = 0; i < 200 && !failing; i++) {
        usleep(50 * 1000);
        failing = sql_count(db, "SELECT count(*) FROM webhook_subscriptions WHERE failing_since"
                                " IS NOT NULL") == 1;
    }
    cr_assert(failing, "marked failing after RESTRICTD_WEBHOOK_GIVE_UP");
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM webhook_outbox WHERE given_up_at IS NOT NULL"),
                 1);
    cr_expect_geq(sql_count(db, "SELECT count(*) FROM webhook_deliveries"), 2, "tried again first");
    receiver_start(&r, 18736, false);
    char path[300];
    snprintf(path, sizeof path, "/v1/portfolios/p/subscriptions/%s/retry", sid);
    struct http h = admin_do("POST", srv.base, path, MONITOR_SECRET, NULL, NULL);
    cr_expect_eq(h.status, 200, "%s", h.body);
    cr_expect_eq(json_integer_value(json_object_get(h.json, "requeued")), 1);
    http_free(&h);
    json_t *got = receiver_wait(&r, 1, 5000);
    cr_expect_eq(json_array_size(got), 1, "delivered after the retry");
    json_decref(got);
    free(sid);
    receiver_stop(&r);
}

/* SIGTERM while a delivery waits for a receiver that takes 30 s: the stop does not wait. */
Test(webhook_bounds, a_stop_does_not_wait_for_a_slow_receiver)
{
    struct receiver r;
    receiver_start(&r, 18738, true);
    server_stop(&srv);
    static const char *const patient[] = {"RESTRICTD_WEBHOOK_ALLOW=127.0.0.1",
                                          "RESTRICTD_WEBHOOK_TIMEOUT_MS=60000", NULL};
    cr_assert(server_start(&srv, db, patient, true));
    monitor_watch_ultraav(srv.base, "p", 1);
    free(subscribe(&r, "/slow"));
    struct http w = admin_do("POST", srv.base, "/v1/admin/rulings", ADMIN_SECRET, NULL,
                             monitor_ruling("test-stop", "2024-01-01T00:00:00Z"));
    cr_assert_eq(w.status, 201);
    http_free(&w);
    json_decref(receiver_wait(&r, 1, 5000)); /* the delivery is under way */
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int status = server_stop(&srv);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    cr_expect(ms < 5000, "stopped in %ld ms", ms);
    cr_expect_eq(status, 0, "a clean exit");
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM webhook_outbox WHERE delivered_at IS NULL"), 1,
                 "not marked delivered: sent again later");
    receiver_stop(&r);
}
