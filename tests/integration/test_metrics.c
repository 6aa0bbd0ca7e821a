/* GET /metrics and the logs: the Prometheus text format holds up, the counters move with
 * traffic (by route and status), the histogram is consistent, the snapshot gauges follow
 * a reload; the access log switch and the always-logged server faults. */
#include <criterion/criterion.h>
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "server/metrics.h"

static char *scrape(const char *base)
{
    char url[256];
    snprintf(url, sizeof url, "%s/metrics", base);
    struct http r = http_get(url);
    cr_assert_eq(r.status, 200, "GET /metrics: %ld", r.status);
    cr_assert_str_eq(http_header(&r, "Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
    char *text = r.body;
    r.body = NULL;
    http_free(&r);
    return text;
}

/* The value of the sample whose name and labels are exactly `series`, or NAN. */
static double sample(const char *text, const char *series)
{
    size_t n = strlen(series);
    for (const char *line = text; line && *line;) {
        if (strncmp(line, series, n) == 0 && line[n] == ' ') return strtod(line + n + 1, NULL);
        line = strchr(line, '\n');
        if (line) line++;
    }
    return NAN;
}

/* Like sample(), absent counting as 0 (counters appear once they move). */
static double count(const char *text, const char *series)
{
    double v = sample(text, series);
    return isnan(v) ? 0 : v;
}

static void get_n(const char *url, int n, long want)
{
    for (int i = 0; i < n; i++) {
        struct http r = http_get(url);
        cr_assert_eq(r.status, want, "%s: %ld", url, r.status);
        http_free(&r);
    }
}

#define CHECK_200 "restrictd_http_requests_total{method=\"GET\",route=\"/v1/check\",status=\"200\"}"
#define CHECK_400 "restrictd_http_requests_total{method=\"GET\",route=\"/v1/check\",status=\"400\"}"
#define UNMATCHED_404                                                                              \
    "restrictd_http_requests_total{method=\"\",route=\"unmatched\",status=\"404\"}"
#define CHECK_HIST "restrictd_http_request_duration_seconds"
#define CHECK_LABELS "{method=\"GET\",route=\"/v1/check\"}"

Test(metrics, text_format_is_well_formed)
{
    char *text = scrape(shared_url());
    regex_t sample_re, help_re, type_re;
    cr_assert_eq(
        regcomp(&sample_re,
                "^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[a-z_]+=\"[^\"]*\"(,[a-z_]+=\"[^\"]*\")*\\})? "
                "(-?[0-9.e+-]+|NaN|\\+Inf|-Inf)$",
                REG_EXTENDED),
        0);
    cr_assert_eq(regcomp(&help_re, "^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* [^\n]+$", REG_EXTENDED), 0);
    cr_assert_eq(regcomp(&type_re, "^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram)$",
                         REG_EXTENDED),
                 0);
    char typed[64][96];
    size_t n_typed = 0, samples = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        regmatch_t m[2];
        if (strncmp(line, "# HELP ", 7) == 0) {
            cr_expect_eq(regexec(&help_re, line, 0, NULL, 0), 0, "bad HELP line: %s", line);
            continue;
        }
        if (strncmp(line, "# TYPE ", 7) == 0) {
            cr_assert_eq(regexec(&type_re, line, 2, m, 0), 0, "bad TYPE line: %s", line);
            char name[96];
            snprintf(name, sizeof name, "%.*s", (int)(m[1].rm_eo - m[1].rm_so), line + m[1].rm_so);
            for (size_t i = 0; i < n_typed; i++)
                cr_expect_str_neq(typed[i], name, "family %s declared twice", name);
            cr_assert_lt(n_typed, 64);
            snprintf(typed[n_typed++], sizeof typed[0], "%s", name);
            continue;
        }
        cr_assert_eq(regexec(&sample_re, line, 2, m, 0), 0, "bad sample line: %s", line);
        /* The sample belongs to the family declared last (a histogram's _bucket, _sum,
         * _count belong to it too). */
        cr_assert_gt(n_typed, 0, "sample before any TYPE: %s", line);
        const char *family = typed[n_typed - 1];
        cr_expect(strncmp(line, family, strlen(family)) == 0, "%s is not in family %s", line,
                  family);
        samples++;
    }
    cr_expect_gt(samples, 10);
    regfree(&sample_re);
    regfree(&help_re);
    regfree(&type_re);
    free(text);
}

Test(metrics, counters_move_with_traffic)
{
    struct testbed tb;
    testbed_start(&tb, db_create("metrics"), NULL);
    const char *base = tb.s.base;
    char *before = scrape(base);
    char url[512];
    snprintf(url, sizeof url, "%s", check_url(base, "Kaspersky Lab", "as_of=2024-10-01"));
    get_n(url, 5, 200);
    snprintf(url, sizeof url, "%s", check_url(base, "Kaspersky Lab", "as_of=yesterday"));
    get_n(url, 1, 400);
    snprintf(url, sizeof url, "%s/no/such/path", base);
    get_n(url, 2, 404);
    char *after = scrape(base);

    cr_expect_eq(count(after, CHECK_200) - count(before, CHECK_200), 5);
    cr_expect_eq(count(after, CHECK_400) - count(before, CHECK_400), 1);
    cr_expect_eq(count(after, UNMATCHED_404) - count(before, UNMATCHED_404), 2);
    cr_expect_eq(count(after, CHECK_HIST "_count" CHECK_LABELS) -
                     count(before, CHECK_HIST "_count" CHECK_LABELS),
                 6);
    cr_expect_gt(count(after, CHECK_HIST "_sum" CHECK_LABELS),
                 count(before, CHECK_HIST "_sum" CHECK_LABELS));
    /* Buckets are cumulative and end with +Inf == _count. */
    const double *bounds;
    size_t nb = metrics_buckets(&bounds) /* the server's own table */;
    double last = 0;
    for (size_t i = 0; i <= nb; i++) {
        char series[256];
        char le[32];
        if (i < nb)
            snprintf(le, sizeof le, "%g", bounds[i]);
        else
            snprintf(le, sizeof le, "+Inf");
        snprintf(series, sizeof series,
                 CHECK_HIST "_bucket{method=\"GET\",route=\"/v1/check\",le=\"%s\"}", le);
        double v = sample(after, series);
        cr_assert(!isnan(v), "missing %s", series);
        cr_expect_geq(v, last, "%s decreases", series);
        last = v;
    }
    cr_expect_eq(last, count(after, CHECK_HIST "_count" CHECK_LABELS));
    /* The scrape itself is the one request in flight. */
    cr_expect_eq(sample(after, "restrictd_http_requests_in_flight"), 1);
    cr_expect_eq(sample(after, "restrictd_snapshot_loaded"), 1);
    cr_expect_geq(sample(after, "restrictd_snapshot_reloads_total"), 1);
    cr_expect_eq(sample(after, "restrictd_db_connected{component=\"listener\"}"), 1);
    cr_expect_eq(sample(after, "restrictd_db_errors_total{component=\"listener\"}"), 0);
    cr_expect_gt(sample(after, "restrictd_snapshot_records{kind=\"rulings\"}"), 20);
    cr_expect_gt(sample(after, "process_resident_memory_bytes"), 1e6);
    char *rev = db_scalar(tb.db, "SELECT max(revision) FROM changes");
    cr_expect_eq(sample(after, "restrictd_snapshot_revision"), atof(rev));
    free(rev);
    free(before);
    free(after);
    testbed_stop(&tb);
}

Test(metrics, snapshot_gauges_follow_a_reload)
{
    struct testbed tb;
    testbed_start(&tb, db_create("metrics_reload"), NULL);
    char *before = scrape(tb.s.base);
    double reloads = sample(before, "restrictd_snapshot_reloads_total");
    double revision = sample(before, "restrictd_snapshot_revision");
    cr_assert(db_run(tb.db, "UPDATE rulings SET note = 'metrics test' WHERE id = "
                            "'us-icts-fd-kaspersky-new-agreements'"));
    double now_rev = revision;
    char *after = NULL;
    for (int i = 0; i < 40 && now_rev == revision; i++) {
        free(after);
        after = scrape(tb.s.base);
        now_rev = sample(after, "restrictd_snapshot_revision");
        if (now_rev == revision) usleep(50 * 1000);
    }
    cr_expect_eq(now_rev, revision + 1, "one change, one revision");
    cr_expect_eq(sample(after, "restrictd_snapshot_reloads_total"), reloads + 1);
    cr_expect_leq(sample(after, "restrictd_snapshot_age_seconds"), 2);
    free(before);
    free(after);
    testbed_stop(&tb);
}

Test(metrics, without_database_says_so)
{
    struct server s;
    cr_assert(server_start(&s, db_unreachable(), NULL, false));
    /* Wait for a failed attempt or two (slow under sanitizers), up to 5 s. */
    char *text = scrape(s.base);
    for (int i = 0;
         i < 100 && !(sample(text, "restrictd_db_errors_total{component=\"listener\"}") >= 1);
         i++) {
        free(text);
        usleep(50 * 1000);
        text = scrape(s.base);
    }
    cr_expect_eq(sample(text, "restrictd_snapshot_loaded"), 0);
    cr_expect(isnan(sample(text, "restrictd_snapshot_revision")), "no revision without data");
    cr_expect_eq(sample(text, "restrictd_db_connected{component=\"listener\"}"), 0);
    cr_expect_geq(sample(text, "restrictd_db_errors_total{component=\"listener\"}"), 1);
    free(text);
    cr_expect_eq(server_stop(&s), 0);
}

Test(metrics, unknown_parameter_is_refused)
{
    char url[256];
    snprintf(url, sizeof url, "%s/metrics?format=json", shared_url());
    struct http r = http_get(url);
    cr_expect_eq(r.status, 400);
    json_t *err0 = json_array_get(json_object_get(r.json, "errors"), 0);
    cr_expect_str_eq(json_string_value(json_object_get(err0, "field")), "format");
    http_free(&r);
}
