/* A PostgreSQL that hangs (SIGSTOP on the whole cluster: its kernel still accepts
 * connections and bytes, as a network black hole looks to a client). Before the database
 * threads, 2-6 requests to database routes took every libmicrohttpd worker: checks and
 * /healthz stopped answering and SIGTERM could not stop the process. Now: checks and
 * /healthz answer within 50 ms, database routes beyond the threads and the queue get 503
 * at once, /readyz says the database is unreachable within seconds, and SIGTERM ends the
 * process within its grace, every request answered. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "admin_util.h"
#include "pg_util.h"

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

struct pending {
    pthread_t thread;
    char url[256];
    const char *token; /* NULL: a public route */
    long status;
    char retry_after[16];
};

static void *send_one(void *arg)
{
    struct pending *p = arg;
    char auth[160];
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", p->token ? p->token : "");
    const char *headers[] = {auth, NULL};
    struct http r = http_do("GET", p->url, NULL, 0, p->token ? headers : NULL);
    p->status = r.status;
    const char *ra = http_header(&r, "Retry-After");
    snprintf(p->retry_after, sizeof p->retry_after, "%s", ra ? ra : "");
    http_free(&r);
    return NULL;
}

/* The slowest of `n` GETs of `url`, in milliseconds; each must answer `status`. */
static double slowest(const char *url, int n, long status)
{
    double worst = 0;
    for (int i = 0; i < n; i++) {
        double t0 = now_ms();
        struct http r = http_get(url);
        double took = now_ms() - t0;
        cr_expect_eq(r.status, status, "%s: %ld", url, r.status);
        http_free(&r);
        if (took > worst) worst = took;
    }
    return worst;
}

/* Two admin reads and two change-feed reads: with two threads and two places in the
 * queue, every place is taken. */
static void hold_four(const struct server *s, struct pending held[4])
{
    for (int i = 0; i < 4; i++) {
        snprintf(held[i].url, sizeof held[i].url, "%s%s", s->base,
                 i % 2 ? "/v1/changes?limit=1000" : "/v1/admin/sources/us-bis-icts-2021-002");
        held[i].token = i % 2 ? NULL : ADMIN_SECRET;
        cr_assert_eq(pthread_create(&held[i].thread, NULL, send_one, &held[i]), 0);
    }
    usleep(500 * 1000); /* the four are on the threads and in the queue */
}

/* /readyz says so within seconds, and is 503 when the database is required. */
static void expect_unready(const struct server *s)
{
    char ready[128];
    snprintf(ready, sizeof ready, "%s/readyz", s->base);
    cr_expect(wait_for_json_string(ready, "database", "unreachable", 6000),
              "/readyz never said the database is unreachable");
    snprintf(ready, sizeof ready, "%s/readyz?database=required", s->base);
    struct http strict = http_get(ready);
    cr_expect_eq(strict.status, 503);
    http_free(&strict);
}

Test(faults_hung, frozen_database_leaves_checks_and_stop_alone, .timeout = 120)
{
    struct pgcluster c;
    pgc_init(&c, "hung");
    cr_assert(pgc_start(&c) && pgc_seed(&c));
    struct server s;
    /* two database threads and two places in the queue: four requests fill them */
    const char *env[] = {"RESTRICTD_THREADS=2", "RESTRICTD_DB_QUEUE=2",
                         "RESTRICTD_SHUTDOWN_GRACE=3", "RESTRICTD_RELOAD_INTERVAL_MS=500", NULL};
    cr_assert(server_start(&s, c.url, env, true));
    /* a pooled connection exists when the database freezes: its wait is the long one */
    struct http warm =
        admin_do("GET", s.base, "/v1/admin/sources/us-bis-icts-2021-002", ADMIN_SECRET, NULL, NULL);
    cr_assert_eq(warm.status, 200);
    http_free(&warm);

    cr_assert(pgc_signal_all(&c, SIGSTOP), "the cluster could not be frozen");
    struct pending held[4] = {0};
    hold_four(&s, held);

    /* a fifth, with a made-up token, is refused at once */
    struct pending extra = {.token = "made-up-token"};
    snprintf(extra.url, sizeof extra.url, "%s/v1/admin/rulings/anything", s.base);
    double t0 = now_ms();
    send_one(&extra);
    double refused_ms = now_ms() - t0;
    cr_expect_eq(extra.status, 503, "a full queue answers 503, got %ld", extra.status);
    cr_expect_str_eq(extra.retry_after, "1");
    cr_expect_lt(refused_ms, 500.0, "refused after %.0f ms", refused_ms);

    double check_ms = slowest(check_url(s.base, "Kaspersky Lab", "as_of=2024-10-01"), 20, 200);
    char health[128];
    snprintf(health, sizeof health, "%s/healthz", s.base);
    double health_ms = slowest(health, 20, 200);
    /* what this guards against is a check waiting for the database (seconds); a bound of
     * 250 ms leaves room for a sanitizer build on a loaded machine (~1 ms here) */
    cr_expect_lt(check_ms, 250.0, "the slowest check took %.1f ms", check_ms);
    cr_expect_lt(health_ms, 250.0, "the slowest /healthz took %.1f ms", health_ms);

    expect_unready(&s);

    t0 = now_ms();
    int status = server_stop(&s);
    double stop_ms = now_ms() - t0;
    cr_expect_eq(status, 0, "exit status %d", status);
    cr_expect_lt(stop_ms, 3000.0 + 700.0, "SIGTERM took %.0f ms with a 3 s grace", stop_ms);
    int answered = 0;
    for (int i = 0; i < 4; i++) {
        pthread_join(held[i].thread, NULL);
        cr_expect_eq(held[i].status, 503, "%s: %ld", held[i].url, held[i].status);
        answered += held[i].status == 503;
    }
    cr_expect(pgc_signal_all(&c, SIGCONT));
    printf("hung database: checks slowest %.1f ms, /healthz slowest %.1f ms, a fifth database "
           "request refused in %.0f ms, SIGTERM done in %.0f ms (grace 3 s), %d/4 held "
           "requests answered 503\n",
           check_ms, health_ms, refused_ms, stop_ms, answered);
    pgc_destroy(&c);
}
