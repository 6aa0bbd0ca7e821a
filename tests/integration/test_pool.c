/* The admin pool's fail-fast after a failed connect (db/pool.h), and its end as soon as
 * PostgreSQL is known to be reachable again (db_pool_reachable, which the server calls when
 * its listener connects): a server that says it is ready must not refuse admin requests for
 * the rest of that while. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db/pool.h"
#include "harness.h"

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

Test(pool, known_reachable_ends_the_fail_fast)
{
    const char *admin = env_or_die("RESTRICTD_PG_ADMIN"), *slash = strrchr(admin, '/');
    char name[64], url[512], sql[128];
    snprintf(name, sizeof name, "pool_later_%d", (int)getpid());
    snprintf(url, sizeof url, "%.*s/%s", (int)(slash - admin), admin, name);
    struct rd_error err = {0};
    struct db_pool *p = db_pool_create(url, 1, &err);
    cr_assert(p, "%s", err.message);

    double t0 = now_ms();
    cr_assert_null(db_pool_checkout(p, 100, &err), "the database does not exist yet");
    snprintf(sql, sizeof sql, "CREATE DATABASE %s TEMPLATE template0", name);
    cr_assert(db_run(admin, sql));
    err = (struct rd_error){0};
    PGconn *c = db_pool_checkout(p, 100, &err);
    if (now_ms() - t0 < 800) { /* well inside the second it fails fast for */
        cr_expect_null(c, "fails fast for a while after a failed connect");
        cr_expect(!db_pool_stats(p).available);
    } else {
        printf("pool: the database took %.0f ms to create; its fail-fast was not seen\n",
               now_ms() - t0);
    }
    db_pool_checkin(p, c);

    db_pool_reachable(p);
    err = (struct rd_error){0};
    c = db_pool_checkout(p, 100, &err);
    cr_expect_not_null(c, "connects at once, known reachable: %s", err.message);
    cr_expect(db_pool_stats(p).available);
    db_pool_checkin(p, c);
    db_pool_free(p);
    snprintf(sql, sizeof sql, "DROP DATABASE %s", name);
    cr_expect(db_run(admin, sql));
}
