/* Clients polling the change feed are answered from memory while nothing was written
 * (server/answer_cache.h), and never see an answer older than the data: after a write the
 * next poll has it. Counted in /metrics. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "admin_util.h"
#include "harness.h"

ADMIN_SUITE_SERVER("answer_cache")
TestSuite(answer_cache, .init = start, .fini = stop, .timeout = 60);

static long cache_count(const char *result)
{
    char url[128], line[96];
    snprintf(url, sizeof url, "%s/metrics", srv.base);
    snprintf(line, sizeof line, "restrictd_answer_cache_total{result=\"%s\"} ", result);
    struct http m = http_get(url);
    const char *at = m.body ? strstr(m.body, line) : NULL;
    long n = at ? strtol(at + strlen(line), NULL, 10) : -1;
    http_free(&m);
    return n;
}

/* The number of changes a GET of the feed lists. */
static size_t changes_listed(const char *url)
{
    struct http r = http_get(url);
    cr_assert_eq(r.status, 200, "%s", r.body);
    size_t n = json_array_size(json_object_get(r.json, "changes"));
    http_free(&r);
    return n;
}

static long long snapshot_revision(void)
{
    char url[128];
    snprintf(url, sizeof url, "%s/readyz", srv.base);
    struct http r = http_get(url);
    long long rev = json_integer_value(json_object_get(r.json, "revision"));
    http_free(&r);
    return rev;
}

Test(answer_cache, polls_are_served_from_memory_until_a_write)
{
    /* what changed since now: nothing, 20 times; then the write must show at once */
    char url[160];
    long long rev = snapshot_revision();
    snprintf(url, sizeof url, "%s/v1/changes?since=%lld", srv.base, rev);
    long hits0 = cache_count("hit");
    for (int i = 0; i < 20; i++)
        cr_expect_eq(changes_listed(url), 0u);
    long hits = cache_count("hit") - hits0;
    cr_expect_geq(hits, 19, "only %ld of 20 polls answered from memory", hits);

    struct http w = admin_do("POST", srv.base, "/v1/admin/subjects", ADMIN_SECRET, NULL,
                             "{\"id\":\"test-cache\",\"kind\":\"organization\",\"name\":\"Cache "
                             "Test Ltd\"}");
    cr_assert_eq(w.status, 201, "%s", w.body);
    http_free(&w);
    /* the snapshot follows the write within moments; the cached empty answer goes with it */
    size_t listed = 0;
    for (int i = 0; i < 100 && listed == 0; i++) {
        usleep(20 * 1000);
        listed = changes_listed(url);
    }
    cr_expect_eq(listed, 1u, "the feed never showed the write");
    printf("answer cache: %ld of 20 polls from memory; the write showed in the next answers\n",
           hits);
}
