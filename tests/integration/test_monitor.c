/* Re-evaluation (issue 18): a ruling written through the admin API changes an item's
 * answer -> one event naming the revision; a ruling taking effect a few seconds ahead
 * -> one event at that instant with no data change, also when the server was down at
 * the instant; two instances on one database -> no event written twice. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "monitor_util.h"

MONITOR_SUITE_SERVER("monitor")

TestSuite(monitor, .init = start, .fini = stop, .timeout = 90);

/* RFC 3339 of now + `seconds`. Static buffer. */
static const char *in_seconds(int seconds, time_t *at)
{
    static char buf[32];
    *at = time(NULL) + seconds;
    struct tm tm;
    gmtime_r(at, &tm);
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

/* Polls the events of "p" until there are `n` (then returns them), for up to `ms`. */
static struct http events_when(const char *base, size_t n, int ms)
{
    for (int waited = 0;; waited += 50) {
        struct http r = monitor_events(base, "p");
        if (json_array_size(json_object_get(r.json, "events")) >= n || waited >= ms) return r;
        http_free(&r);
        usleep(50 * 1000);
    }
}

static json_t *event(const struct http *r, size_t i)
{
    return json_array_get(json_object_get(r->json, "events"), i);
}

Test(monitor, admin_write_makes_one_event_naming_its_revision)
{
    monitor_watch_ultraav(srv.base, "p", 1);
    struct http w = admin_do("POST", srv.base, "/v1/admin/rulings", ADMIN_SECRET, NULL,
                             monitor_ruling("test-now", "2024-01-01T00:00:00Z"));
    cr_assert_eq(w.status, 201, "%s", w.body);
    long long rev = atoll(http_header(&w, "X-Data-Revision"));
    http_free(&w);
    struct http r = events_when(srv.base, 1, 3000);
    cr_assert_eq(json_array_size(json_object_get(r.json, "events")), 1, "%s", r.body);
    json_t *e = event(&r, 0);
    cr_expect_str_eq(jstr(e, "ref"), "u1");
    cr_expect_str_eq(jstr(json_object_get(e, "before"), "verdict"), "clear");
    cr_expect_str_eq(jstr(json_object_get(e, "after"), "verdict"), "restricted");
    cr_expect_str_eq(jstr(json_object_get(e, "after"), "since"), "2024-01-01T00:00:00Z");
    cr_expect_str_eq(jstr(json_object_get(e, "cause"), "kind"), "revision");
    cr_expect_eq(json_integer_value(json_object_get(json_object_get(e, "cause"), "revision")), rev);
    cr_expect(strncmp(jstr(e, "id"), "evt_", 4) == 0);
    http_free(&r);
    sleep(2); /* later passes (the poll, other instants) add nothing */
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM portfolio_events"), 1);
    cr_expect_str_eq(monitor_item_verdict(srv.base, "p", "u1"), "restricted");
}

Test(monitor, a_ruling_taking_effect_makes_an_event_at_its_instant)
{
    monitor_watch_ultraav(srv.base, "p", 1);
    time_t at;
    const char *from = in_seconds(3, &at);
    struct http w = admin_do("POST", srv.base, "/v1/admin/rulings", ADMIN_SECRET, NULL,
                             monitor_ruling("test-soon", from));
    cr_assert_eq(w.status, 201, "%s", w.body);
    http_free(&w);
    struct http r = events_when(srv.base, 1, 6000);
    struct timespec seen;
    clock_gettime(CLOCK_REALTIME, &seen);
    cr_assert_eq(json_array_size(json_object_get(r.json, "events")), 1, "%s", r.body);
    json_t *cause = json_object_get(event(&r, 0), "cause");
    cr_expect_str_eq(jstr(cause, "kind"), "instant");
    cr_expect_str_eq(jstr(cause, "ruling"), "test-soon");
    cr_expect_str_eq(jstr(cause, "at"), from);
    cr_expect(seen.tv_sec >= at && seen.tv_sec <= at + 2, "noticed %ld s after the instant",
              (long)(seen.tv_sec - at));
    http_free(&r);
}

Test(monitor, an_instant_passed_while_down_is_caught_up_at_start)
{
    monitor_watch_ultraav(srv.base, "p", 1);
    time_t at;
    /* far enough that the write, its pass and the stop are done before it, on any machine */
    const char *from = in_seconds(6, &at);
    struct http w = admin_do("POST", srv.base, "/v1/admin/rulings", ADMIN_SECRET, NULL,
                             monitor_ruling("test-down", from));
    cr_assert_eq(w.status, 201, "%s", w.body);
    http_free(&w);
    usleep(500 * 1000); /* the pass of that revision: nothing changes yet */
    server_stop(&srv);
    cr_assert_eq(sql_count(db, "SELECT count(*) FROM portfolio_events"), 0);
    while (time(NULL) <= at + 1)
        usleep(100 * 1000);
    cr_assert(server_start(&srv, db, NULL, true));
    struct http r = events_when(srv.base, 1, 5000);
    cr_assert_eq(json_array_size(json_object_get(r.json, "events")), 1, "%s", r.body);
    json_t *cause = json_object_get(event(&r, 0), "cause");
    cr_expect_str_eq(jstr(cause, "kind"), "instant");
    cr_expect_str_eq(jstr(cause, "ruling"), "test-down");
    http_free(&r);
}

Test(monitor, two_instances_write_each_event_once)
{
    monitor_watch_ultraav(srv.base, "p", 1);
    struct server second;
    cr_assert(server_start(&second, db, NULL, true));
    struct http w = admin_do("POST", srv.base, "/v1/admin/rulings", ADMIN_SECRET, NULL,
                             monitor_ruling("test-twice", "2024-01-01T00:00:00Z"));
    cr_assert_eq(w.status, 201, "%s", w.body);
    http_free(&w);
    struct http r = events_when(srv.base, 1, 3000);
    http_free(&r);
    /* revoked through the other instance: the answer goes back */
    w = admin_do("DELETE", second.base, "/v1/admin/rulings/test-twice", ADMIN_SECRET, "1", NULL);
    cr_assert_eq(w.status, 200, "%s", w.body);
    http_free(&w);
    r = events_when(srv.base, 2, 3000);
    http_free(&r);
    sleep(2);
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM portfolio_events"), 2,
                 "one event per change although both instances evaluated each revision");
    cr_expect_eq(sql_count(db, "SELECT count(DISTINCT event_id) FROM portfolio_events"), 2);
    cr_expect_str_eq(monitor_item_verdict(srv.base, "p", "u1"), "clear");
    server_stop(&second);
}

/* RESTRICTD_MONITOR_LEAD: a ruling taking effect in an hour, within a lead time of two,
 * makes one item.answer_upcoming event at once (and not again), before any change. */
Test(monitor, an_upcoming_change_within_the_lead_time_is_told_once)
{
    server_stop(&srv);
    static const char *const lead[] = {"RESTRICTD_MONITOR_LEAD=7200", NULL};
    cr_assert(server_start(&srv, db, lead, true));
    monitor_watch_ultraav(srv.base, "p", 1);
    time_t at;
    const char *from = in_seconds(3600, &at);
    char expected_at[32];
    snprintf(expected_at, sizeof expected_at, "%s", from);
    struct http w = admin_do("POST", srv.base, "/v1/admin/rulings", ADMIN_SECRET, NULL,
                             monitor_ruling("test-upcoming", from));
    cr_assert_eq(w.status, 201, "%s", w.body);
    http_free(&w);
    struct http r = events_when(srv.base, 1, 5000);
    cr_assert_eq(json_array_size(json_object_get(r.json, "events")), 1, "%s", r.body);
    json_t *e = event(&r, 0);
    cr_expect_str_eq(jstr(e, "type"), "item.answer_upcoming");
    cr_expect_str_eq(jstr(e, "ref"), "u1");
    cr_expect_str_eq(jstr(json_object_get(e, "before"), "verdict"), "clear");
    cr_expect_str_eq(jstr(json_object_get(e, "after"), "verdict"), "restricted");
    json_t *cause = json_object_get(e, "cause");
    cr_expect_str_eq(jstr(cause, "kind"), "upcoming");
    cr_expect_str_eq(jstr(cause, "ruling"), "test-upcoming");
    cr_expect_str_eq(jstr(cause, "at"), expected_at);
    http_free(&r);
    cr_expect_str_eq(monitor_item_verdict(srv.base, "p", "u1"), "clear", "not changed yet");
    /* another revision: the alert is not repeated */
    w = admin_do("POST", srv.base, "/v1/admin/rulings", ADMIN_SECRET, NULL,
                 monitor_ruling("test-other", "2099-01-01T00:00:00Z"));
    cr_assert_eq(w.status, 201, "%s", w.body);
    http_free(&w);
    sleep(2);
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM portfolio_events"), 1);
}
