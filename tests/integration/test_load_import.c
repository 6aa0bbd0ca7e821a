/* Checks never wait for PostgreSQL, also while it is busy (issue 15, item 1): the review
 * saw check p99 reach 6.9 s during a 12k-record import and two admin writes. Here the
 * OFAC SDN sample (8,975 entries) is imported through the CLI while checks are sent
 * without pause; their p99 must stay under 50 ms, and the import must land. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "admin_util.h"
#include "harness.h"

#define LISTS RESTRICTD_SOURCE_DIR "/tests/data/lists"

struct import_run {
    pthread_t thread;
    const char *db;
    int status;
    volatile int done;
};

static void *run_import(void *arg)
{
    struct import_run *ir = arg;
    char *out = NULL;
    const char *const args[] = {"import", "ofac-sdn", LISTS, "--published", "2021-01-01", NULL};
    ir->status = run_cli(ir->db, &out, args);
    if (ir->status != 0) fprintf(stderr, "import: %s\n", out ? out : "");
    free(out);
    ir->done = 1;
    return NULL;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

enum { MAX_SAMPLES = 200000 };

/* The bound: 50 ms; a sanitizer build (this test's and the server's) runs about three
 * times slower, so there it is 150 ms. A check that waited for PostgreSQL would wait for
 * one of the import's statements: hundreds of milliseconds to seconds (6.9 s in the
 * review). 20 ms, the bound before, failed once at 20.02 ms on a 2-core machine at load
 * 7.6, where the checks wait for a core, not for the database. */
#if defined(__SANITIZE_ADDRESS__)
#define P99_BOUND_MS 150.0
#else
#define P99_BOUND_MS 50.0
#endif

Test(load_import, checks_keep_their_latency_during_an_import, .timeout = 180)
{
    struct testbed tb;
    testbed_start(&tb, admin_db("load_import"), NULL);
    static double ms[MAX_SAMPLES];
    size_t n = 0;
    struct import_run ir = {.db = tb.db};
    cr_assert_eq(pthread_create(&ir.thread, NULL, run_import, &ir), 0);
    const char *url = check_url(tb.s.base, "Kaspersky Lab", "as_of=2024-10-01");
    while (!ir.done && n < MAX_SAMPLES) {
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        struct http r = http_get(url);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        cr_assert_eq(r.status, 200);
        http_free(&r);
        ms[n++] = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    }
    pthread_join(ir.thread, NULL);
    cr_assert_eq(ir.status, 0, "the import failed");
    cr_assert_gt(n, 20u, "too few checks during the import to judge");
    qsort(ms, n, sizeof *ms, by_value);
    double p50 = ms[n / 2], p99 = ms[n * 99 / 100], worst = ms[n - 1];
    cr_expect_lt(p99, P99_BOUND_MS, "check p99 %.1f ms during the import", p99);
    printf("load: %zu checks during an OFAC SDN import (8,975 entries): p50 %.2f ms, p99 %.2f ms, "
           "slowest %.1f ms (bound %.0f ms)\n",
           n, p50, p99, worst, P99_BOUND_MS);
    testbed_stop(&tb);
}
