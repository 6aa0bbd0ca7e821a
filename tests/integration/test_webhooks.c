/* Webhooks (issue 18), against a real receiver on loopback that checks every signature on
 * its own (webhook_receiver.py): one signed delivery per event; a receiver down, then up:
 * everything arrives, per item in order; the server killed mid-deliveries: nothing lost,
 * repeats only with the same id; targets refused by address; slow, redirecting, huge and
 * failing receivers bounded, given up, retried by hand. */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "monitor_util.h"

static const char *const env[] = {"RESTRICTD_WEBHOOK_ALLOW=127.0.0.1",
                                  "RESTRICTD_WEBHOOK_RETRY_MAX=1",
                                  "RESTRICTD_WEBHOOK_TIMEOUT_MS=1500", NULL};

MONITOR_SUITE_SERVER_ENV("webhooks", env)

TestSuite(webhooks, .init = start, .fini = stop, .timeout = 120);

/* Subscribes `pid` to the receiver's `path` and gives the receiver the secret. */
static char *subscribe(const struct receiver *r, const char *pid, const char *path)
{
    char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%u%s", r->port, path);
    struct http h = monitor_subscribe(srv.base, pid, url);
    cr_assert_eq(h.status, 201, "%s", h.body);
    const char *secret = jstr(h.json, "secret");
    cr_assert(secret && strncmp(secret, "whsec_", 6) == 0);
    receiver_secret(r, secret);
    char *id = strdup(jstr(h.json, "id"));
    http_free(&h);
    return id;
}

static void write_ruling(const char *base, const char *id)
{
    struct http w = admin_do("POST", base, "/v1/admin/rulings", ADMIN_SECRET, NULL,
                             monitor_ruling(id, "2024-01-01T00:00:00Z"));
    cr_assert_eq(w.status, 201, "%s", w.body);
    http_free(&w);
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

Test(webhooks, one_signed_delivery_per_event)
{
    struct receiver r;
    receiver_start(&r, 18731, true);
    monitor_watch_ultraav(srv.base, "p", 1);
    free(subscribe(&r, "p", "/hook"));
    write_ruling(srv.base, "test-hook");
    double answered = now_ms();
    json_t *got = receiver_wait(&r, 1, 5000);
    cr_assert_eq(json_array_size(got), 1);
    json_t *one = json_array_get(got, 0);
    double arrived = json_real_value(json_object_get(one, "at")) * 1e3;
    cr_log_info("webhook arrived %.0f ms after the admin write's answer", arrived - answered);
    cr_expect(json_is_true(json_object_get(one, "valid")), "the signature checks out");
    json_t *body = json_object_get(one, "body");
    cr_expect_str_eq(jstr(one, "id"), jstr(body, "id"), "webhook-id is the event id");
    cr_expect_str_eq(jstr(body, "ref"), "u1");
    cr_expect_str_eq(jstr(json_object_get(body, "after"), "verdict"), "restricted");
    json_decref(got);
    sleep(2);
    got = receiver_requests(&r);
    cr_expect_eq(json_array_size(got), 1, "delivered once");
    json_decref(got);
    receiver_stop(&r);
}

/* The first time each id was received, in order: the seqs of `ref`'s events. */
static void expect_in_order(json_t *got, const char *ref)
{
    long long last = -1;
    size_t i;
    json_t *one;
    json_array_foreach(got, i, one)
    {
        json_t *body = json_object_get(one, "body");
        if (strcmp(jstr(body, "ref"), ref) != 0) continue;
        long long seq = json_integer_value(json_object_get(body, "seq"));
        cr_expect(seq >= last, "%s: seq %lld after %lld", ref, seq, last);
        if (seq > last) last = seq;
    }
}

/* Ids of `got` that differ, counted. */
static size_t distinct_ids(json_t *got)
{
    json_t *seen = json_object();
    size_t i;
    json_t *one;
    json_array_foreach(got, i, one) json_object_set_new(seen, jstr(one, "id"), json_true());
    size_t n = json_object_size(seen);
    json_decref(seen);
    return n;
}

Test(webhooks, a_receiver_down_then_up_gets_every_event_in_order)
{
    struct receiver r;
    receiver_start(&r, 18732, true);
    receiver_stop(&r); /* down: connections refused */
    monitor_watch_ultraav(srv.base, "p", 3);
    char *sid = subscribe(&r, "p", "/hook");
    write_ruling(srv.base, "test-down");
    for (int i = 0; i < 100 && sql_count(db, "SELECT count(*) FROM portfolio_events") < 3; i++)
        usleep(50 * 1000); /* the pass of that revision, before the next write */
    struct http w =
        admin_do("DELETE", srv.base, "/v1/admin/rulings/test-down", ADMIN_SECRET, "1", NULL);
    cr_assert_eq(w.status, 200, "%s", w.body);
    http_free(&w);
    sleep(3); /* attempts fail meanwhile, backing off */
    char path[300];
    snprintf(path, sizeof path, "/v1/portfolios/p/subscriptions/%s/deliveries", sid);
    struct http log = admin_do("GET", srv.base, path, MONITOR_SECRET, NULL, NULL);
    json_t *first = json_array_get(json_object_get(log.json, "deliveries"), 0);
    cr_expect(json_is_false(json_object_get(first, "delivered")), "%s", log.body);
    http_free(&log);
    receiver_start(&r, 18732, false);
    json_t *got = receiver_wait(&r, 6, 15000);
    cr_expect_eq(distinct_ids(got), 6, "3 items x (restricted, then clear again)");
    for (const char *const *ref = (const char *const[]){"u1", "u2", "u3", NULL}; *ref; ref++)
        expect_in_order(got, *ref);
    json_decref(got);
    free(sid);
    receiver_stop(&r);
}

Test(webhooks, sigkill_mid_deliveries_loses_nothing)
{
    struct receiver r;
    receiver_start(&r, 18733, true);
    monitor_watch_ultraav(srv.base, "p", 300);
    free(subscribe(&r, "p", "/hook"));
    write_ruling(srv.base, "test-kill");
    json_t *got = receiver_wait(&r, 10, 10000);
    json_decref(got);
    kill(srv.pid, SIGKILL);
    waitpid(srv.pid, NULL, 0);
    srv.pid = 0;
    long long pending =
        sql_count(db, "SELECT count(*) FROM webhook_outbox WHERE delivered_at IS NULL");
    cr_log_info("killed with %lld of 300 deliveries pending", pending);
    cr_assert(server_start(&srv, db, env, true));
    got = receiver_wait(&r, 300, 30000);
    json_decref(got);
    for (int i = 0; i < 100 && sql_count(db, "SELECT count(*) FROM webhook_outbox WHERE"
                                             " delivered_at IS NULL") > 0;
         i++)
        usleep(100 * 1000);
    got = receiver_requests(&r);
    cr_expect_eq(distinct_ids(got), 300, "every event arrived");
    cr_expect_geq(json_array_size(got), 300);
    size_t i;
    json_t *one;
    json_array_foreach(got, i, one)
    {
        char sql[200];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM portfolio_events WHERE event_id = '%s'",
                 jstr(one, "id"));
        cr_expect_eq(sql_count(db, sql), 1, "a repeat carries the id of a real event");
        cr_expect(json_is_true(json_object_get(one, "valid")));
    }
    json_decref(got);
    receiver_stop(&r);
}

Test(webhooks, targets_refused_by_address_or_form)
{
    monitor_create(srv.base, "p");
    static const char *const refused[] = {
        "http://10.0.0.1/x",
        "http://169.254.169.254/latest",
        "http://[::1]:18734/x",
        "http://192.168.1.1/",
        "http://127.0.0.2:18734/",
        "http://0.0.0.0:18734/",
        "http://[fe80::1]:18734/",
        "ftp://127.0.0.1/x",
        "http://u:pw@127.0.0.1:18734/",
        "http://127.0.0.1:0/",
        "not a url at all",
    };
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        struct http h = monitor_subscribe(srv.base, "p", refused[i]);
        cr_expect_eq(h.status, 422, "%s: %ld", refused[i], h.status);
        cr_expect(names_field(&h, "url", NULL), "%s: %s", refused[i], h.body);
        http_free(&h);
    }
    static const struct admin_step steps[] = {
        {"POST", "/v1/portfolios/p/subscriptions", MONITOR_SECRET, NULL, "{}", 422,
         "/problems/validation-failed", "url:required"},
        {"POST", "/v1/portfolios/p/subscriptions", MONITOR_SECRET, NULL,
         "{\"url\":\"http://127.0.0.1:18734/\",\"x\":1}", 422, "/problems/validation-failed",
         "x:unknown_field"},
        {"POST", "/v1/portfolios/nope/subscriptions", MONITOR_SECRET, NULL,
         "{\"url\":\"http://127.0.0.1:18734/\"}", 404, "/problems/not-found", NULL},
        {"POST", "/v1/portfolios/p/subscriptions/sub_x/retry", MONITOR_SECRET, NULL, NULL, 404,
         "/problems/not-found", NULL},
        {"GET", "/v1/portfolios/p/subscriptions", READER_SECRET, NULL, NULL, 403,
         "/problems/forbidden", NULL},
    };
    ADMIN_STEPS(srv.base, steps);
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM webhook_subscriptions"), 0);
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM portfolio_changes WHERE after::text LIKE"
                               " '%whsec%'"),
                 0, "secrets are never audited");
}

/* Two instances deliver from one outbox: each event once (SKIP LOCKED), none lost. */
Test(webhooks, two_instances_deliver_each_event_once)
{
    struct receiver r;
    receiver_start(&r, 18737, true);
    struct server second;
    cr_assert(server_start(&second, db, env, true));
    monitor_watch_ultraav(srv.base, "p", 200);
    free(subscribe(&r, "p", "/hook"));
    write_ruling(srv.base, "test-two");
    json_t *got = receiver_wait(&r, 200, 20000);
    json_decref(got);
    sleep(1);
    got = receiver_requests(&r);
    cr_expect_eq(distinct_ids(got), 200);
    cr_expect_eq(json_array_size(got), 200, "no event sent twice");
    json_decref(got);
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM webhook_deliveries"), 200);
    server_stop(&second);
    receiver_stop(&r);
}
