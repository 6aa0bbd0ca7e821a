/* server/metrics.c without a server: counting by route and status, histogram buckets,
 * in-flight, collectors, label escaping; and server/conns.c's idle tracking. */
#include <criterion/criterion.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "server/conns.h"
#include "server/metrics.h"
#include "server/router.h"

static char *render(void)
{
    struct strbuf sb = {0};
    metrics_render(&sb);
    cr_assert(!sb.failed);
    size_t len;
    return sb_take(&sb, &len);
}

static double value(const char *text, const char *series)
{
    size_t n = strlen(series);
    for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
        if (strncmp(l, series, n) == 0 && l[n] == ' ') return strtod(l + n + 1, NULL);
    return NAN;
}

/* Each Criterion test runs in its own process: the process-wide metrics start fresh. */
static void init(void)
{
    cr_assert(metrics_init());
}
static void fini(void)
{
    metrics_shutdown();
}
TestSuite(metrics, .init = init, .fini = fini);

static int route_index(const char *pattern)
{
    for (size_t i = 0; i < n_routes; i++)
        if (strcmp(routes[i].pattern, pattern) == 0) return (int)i;
    cr_assert_fail("no route %s", pattern);
    return -1;
}

Test(metrics, counts_by_route_and_status)
{
    int check = route_index("/v1/check");
    for (int i = 0; i < 3; i++) {
        metrics_request_begin();
        metrics_request_end(check, 200, 150000); /* 0.15 ms */
    }
    metrics_request_begin();
    metrics_request_end(check, 400, 50000);
    metrics_request_begin();
    metrics_request_end(METRICS_UNMATCHED, 404, 1000);
    metrics_request_begin();
    metrics_request_end(check, 418, 1000); /* not in the table: "other" */
    metrics_request_begin();               /* still running */
    char *t = render();
    cr_expect_eq(value(t, "restrictd_http_requests_total{method=\"GET\",route=\"/v1/check\","
                          "status=\"200\"}"),
                 3);
    cr_expect_eq(value(t, "restrictd_http_requests_total{method=\"GET\",route=\"/v1/check\","
                          "status=\"400\"}"),
                 1);
    cr_expect_eq(value(t, "restrictd_http_requests_total{method=\"GET\",route=\"/v1/check\","
                          "status=\"other\"}"),
                 1);
    cr_expect_eq(value(t, "restrictd_http_requests_total{method=\"\",route=\"unmatched\","
                          "status=\"404\"}"),
                 1);
    cr_expect(isnan(value(t, "restrictd_http_requests_total{method=\"GET\",route=\"/v1/check\","
                             "status=\"500\"}")),
              "counters that never moved are left out");
    cr_expect_eq(value(t, "restrictd_http_requests_in_flight"), 1);
    free(t);
}

Test(metrics, histogram_buckets_are_cumulative)
{
    int check = route_index("/v1/check");
    /* 15 us, 0.05 ms, 0.3 ms, 0.3 ms, 20 ms, 30 s (beyond the last bound) */
    const uint64_t ns[] = {15000, 50000, 300000, 300000, 20000000, 30000000000ull};
    for (size_t i = 0; i < sizeof ns / sizeof *ns; i++) {
        metrics_request_begin();
        metrics_request_end(check, 200, ns[i]);
    }
    char *t = render();
#define B(le)                                                                                      \
    "restrictd_http_request_duration_seconds_bucket{method=\"GET\",route=\"/v1/check\",le=\"" le   \
    "\"}"
    cr_expect_eq(value(t, B("1e-05")), 0);
    cr_expect_eq(value(t, B("2e-05")), 1);
    cr_expect_eq(value(t, B("5e-05")), 2); /* a bound is inclusive */
    cr_expect_eq(value(t, B("0.0001")), 2);
    cr_expect_eq(value(t, B("0.00025")), 2);
    cr_expect_eq(value(t, B("0.0005")), 4);
    cr_expect_eq(value(t, B("0.025")), 5);
    cr_expect_eq(value(t, B("10")), 5);
    cr_expect_eq(value(t, B("+Inf")), 6);
#undef B
    cr_expect_eq(value(t, "restrictd_http_request_duration_seconds_count{method=\"GET\","
                          "route=\"/v1/check\"}"),
                 6);
    cr_expect_float_eq(value(t, "restrictd_http_request_duration_seconds_sum{method=\"GET\","
                                "route=\"/v1/check\"}"),
                       30.020665, 1e-9);
    free(t);
}

static void *hammer(void *arg)
{
    int route = *(int *)arg;
    for (int i = 0; i < 10000; i++) {
        metrics_request_begin();
        metrics_request_end(route, 200, 1000);
    }
    return NULL;
}

Test(metrics, threads_lose_no_count)
{
    int check = route_index("/v1/check");
    pthread_t t[8];
    for (int i = 0; i < 8; i++)
        pthread_create(&t[i], NULL, hammer, &check);
    for (int i = 0; i < 8; i++)
        pthread_join(t[i], NULL);
    char *text = render();
    cr_expect_eq(value(text, "restrictd_http_requests_total{method=\"GET\",route=\"/v1/check\","
                             "status=\"200\"}"),
                 80000);
    cr_expect_eq(value(text, "restrictd_http_requests_in_flight"), 0);
    free(text);
}

static void collect_pool(struct metrics_out *out, void *ctx)
{
    int *calls = ctx;
    (*calls)++;
    metrics_family(out, "restrictd_db_pool_connections", "gauge", "pool connections by state");
    struct strbuf labels = {0};
    sb_puts(&labels, "state=\"");
    metrics_escape_label(&labels, "we\"ird\\\n");
    sb_puts(&labels, "\"");
    metrics_sample(out, "restrictd_db_pool_connections", labels.data, 3);
    metrics_sample(out, "restrictd_db_pool_connections", "state=\"idle\"", INFINITY);
    sb_free(&labels);
}

Test(metrics, collectors_add_their_families)
{
    int calls = 0;
    cr_assert(metrics_add_collector(collect_pool, &calls));
    char *t = render();
    cr_expect_eq(calls, 1);
    cr_expect(strstr(t, "# TYPE restrictd_db_pool_connections gauge\n"), "%s", t);
    cr_expect(strstr(t, "restrictd_db_pool_connections{state=\"we\\\"ird\\\\\\n\"} 3\n"), "%s", t);
    cr_expect(strstr(t, "restrictd_db_pool_connections{state=\"idle\"} +Inf\n"), "%s", t);
    free(t);
    metrics_remove_collector(collect_pool, &calls);
    t = render();
    cr_expect_eq(calls, 1, "removed: not called again");
    cr_expect(!strstr(t, "restrictd_db_pool_connections"));
    free(t);
}

Test(metrics, collector_table_is_bounded)
{
    int calls = 0;
    int added = 0;
    while (added < 100 && metrics_add_collector(collect_pool, &calls))
        added++;
    cr_expect_lt(added, 100, "the table refuses when full");
    cr_expect_gt(added, 4);
}

Test(conns, idle_connections_are_shut_down_busy_ones_kept)
{
    struct conns *cs = conns_new();
    cr_assert(cs);
    int idle_pair[2], busy_pair[2];
    cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, idle_pair), 0);
    cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, busy_pair), 0);
    struct conn *idle = conns_opened(cs, idle_pair[0]);
    struct conn *busy = conns_opened(cs, busy_pair[0]);
    conn_busy(busy);
    cr_expect_eq(conns_close_idle(cs, 60000), 2, "nothing idle for a minute yet");
    char c;
    cr_expect_eq(conns_close_idle(cs, 0), 2, "both still open until their owner closes them");
    cr_expect_eq(read(idle_pair[1], &c, 1), 0, "the idle one was shut down: EOF");
    cr_expect_eq(send(busy_pair[1], "x", 1, 0), 1, "the busy one still works");
    cr_expect_eq(recv(busy_pair[0], &c, 1, 0), 1);
    conns_closed(cs, idle);
    conn_idle(busy);
    cr_expect_eq(conns_close_idle(cs, 0), 1);
    cr_expect_eq(read(busy_pair[1], &c, 1), 0, "idle now: shut down too");
    conn_busy(busy); /* too late: a connection being closed stays closing */
    conns_closed(cs, busy);
    cr_expect_eq(conns_close_idle(cs, 0), 0);
    conns_free(cs);
    for (int i = 0; i < 2; i++) {
        close(idle_pair[i]);
        close(busy_pair[i]);
    }
}
