/* Start-up and data sources: bad configuration fails fast naming the key; a PostgreSQL
 * that comes up after the server is waited for while /readyz says 503; DATABASE_READ_URL
 * loads snapshots from another database while notifications come from the primary; the
 * access log switch and the always-logged faults.
 * Every wait here is bounded by the test itself (curl timeouts, counted polls): Criterion's
 * .timeout leaks 48 bytes in its runner under ASan with --jobs 2, so it is not used. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "admin_util.h"
#include "pg_util.h"

extern char **environ;

/* Runs argv with exactly the environment `env` (plus PATH); output into *out. Returns the
 * exit status, or -1 when it did not exit within `seconds`. */
static int run_with_env(const char *const *argv, const char *const *env, int seconds, char **out)
{
    char log[512];
    static unsigned counter;
    snprintf(log, sizeof log, "%s/start-%d-%u.log", env_or_die("RESTRICTD_WORK"), (int)getpid(),
             ++counter);
    const char *full[24] = {"PATH=/usr/local/bin:/usr/bin:/bin"};
    size_t n = 1;
    for (const char *const *e = env; e && *e && n < 23; e++)
        full[n++] = *e;
    full[n] = NULL;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], &fa, NULL, (char *const *)argv, (char *const *)full);
    posix_spawn_file_actions_destroy(&fa);
    cr_assert_eq(rc, 0, "cannot run %s", argv[0]);
    int status = 0;
    bool exited = false;
    for (int i = 0; i < seconds * 20 && !exited; i++) {
        exited = waitpid(pid, &status, WNOHANG) == pid;
        if (!exited) usleep(50 * 1000);
    }
    if (!exited) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
    }
    *out = slurp(log, false);
    return exited && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Runs argv with exactly `env` (see run_with_env): it must exit with `status`, its output
 * holding `says`. Returns the seconds it took. */
static double expect_exit(const char *const *argv, const char *const *env, int status,
                          const char *says)
{
    char *out = NULL;
    double t0 = now_s();
    int got = run_with_env(argv, env, 5, &out);
    double took = now_s() - t0;
    cr_expect_eq(got, status, "%s: exit %d: %s", says, got, out);
    cr_expect(strstr(out, says), "says %s: %s", says, out);
    free(out);
    return took;
}

Test(start, bad_configuration_fails_fast_naming_the_key)
{
    char url[160];
    snprintf(url, sizeof url, "DATABASE_URL=postgresql://postgres@127.0.0.1:%u/none", free_port());
    /* Each exits with its status, naming the setting as it was given (or saying `says`). */
    static const struct {
        const char *env;
        int status;
        const char *says;
    } cases[] = {
        {"RESTRICTD_THREADS=lots", 2, NULL},
        {"RESTRICTD_SHUTDOWN_GRACE=-1", 2, NULL},
        {"RESTRICTD_ACCESS_LOG=maybe", 2, NULL},
        {"RESTRICTD_LOG=loud", 2, NULL},
        {"RESTRICTD_LISTEN=nonsense", 1, NULL},
        {"RESTRICTD_LISTEN=127.0.0.1:99999", 1, NULL},
        {"DATABASE_READ_URL=host='unterminated", 2, "DATABASE_READ_URL is not a valid"},
    };
    const char *argv[] = {env_or_die("RESTRICTD_BIN"), "serve", NULL};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *env[] = {url, cases[i].env, NULL};
        const char *says = cases[i].says ? cases[i].says : cases[i].env;
        double took = expect_exit(argv, env, cases[i].status, says);
        cr_expect_lt(took, 2.0, "%s: fast", cases[i].env);
    }
    const char *bad_url[] = {"DATABASE_URL=postgresql://[oops", NULL};
    expect_exit(argv, bad_url, 2, "DATABASE_URL is not a valid");
    const char *no_url[] = {"RESTRICTD_LOG=info", NULL};
    expect_exit(argv, no_url, 2, "DATABASE_URL is not set");
}

/* A second instance started by mistake on the port of one that runs is refused, clearly, and
 * does not take a share of that one's connections. */
Test(start, a_port_in_use_is_refused_not_shared)
{
    const char *base = shared_url(), *colon = strrchr(base, ':'); /* the shared server's */
    cr_assert(colon, "%s", base);
    char url[160], listen[64];
    snprintf(url, sizeof url, "DATABASE_URL=%s", db_unreachable());
    snprintf(listen, sizeof listen, "RESTRICTD_LISTEN=127.0.0.1:%s", colon + 1);
    const char *argv[] = {env_or_die("RESTRICTD_BIN"), "serve", NULL};
    const char *env[] = {url, listen, NULL};
    expect_exit(argv, env, 1, "Address already in use");
    expect_status(base, "/healthz", 200);
}

Test(start, config_command_lists_and_checks)
{
    const char *names[] = {env_or_die("RESTRICTD_BIN"), "config", "--names", NULL};
    char *out = NULL;
    cr_assert_eq(run_with_env(names, NULL, 5, &out), 0, "%s", out);
    cr_expect(strstr(out, "DATABASE_URL\n") && strstr(out, "RESTRICTD_ACCESS_LOG\n") &&
                  strstr(out, "DATABASE_READ_URL\n"),
              "%s", out);
    free(out);
    const char *show[] = {env_or_die("RESTRICTD_BIN"), "config", NULL};
    const char *env[] = {"DATABASE_URL=postgresql://u:secret@db:5432/r", NULL};
    cr_assert_eq(run_with_env(show, env, 5, &out), 0, "%s", out);
    cr_expect(strstr(out, "DATABASE_URL=postgresql://u:***@db:5432/r\n"), "%s", out);
    cr_expect(!strstr(out, "secret"), "the password is never shown: %s", out);
    cr_expect(strstr(out, "RESTRICTD_LISTEN=127.0.0.1:8080\n"), "%s", out);
    free(out);
    const char *bad[] = {"RESTRICTD_TIMEOUT=0", NULL};
    expect_exit(show, bad, 2, "RESTRICTD_TIMEOUT=0");
}

Test(start, postgres_that_comes_later_is_waited_for)
{
    struct pgcluster pg;
    pgc_init(&pg, "late");
    char readyz[128];
    struct server s;
    cr_assert(server_start(&s, pg.url, NULL, false), "the server starts without PostgreSQL");
    snprintf(readyz, sizeof readyz, "%s/readyz", s.base);
    struct http r = http_get(readyz);
    cr_expect_eq(r.status, 503, "not ready while PostgreSQL is away");
    cr_expect_str_eq(problem_type(&r), "/problems/not-ready");
    http_free(&r);
    usleep(700 * 1000);
    r = http_get(readyz);
    cr_expect_eq(r.status, 503);
    http_free(&r);
    expect_status(s.base, "/healthz", 200); /* alive meanwhile */
    r = http_get(check_url(s.base, "Kaspersky Lab", NULL));
    cr_expect_eq(r.status, 503, "no answer without rulings");
    cr_expect_str_eq(problem_type(&r), "/problems/not-ready");
    http_free(&r);
    r = admin_do("GET", s.base, "/v1/admin/export", ADMIN_SECRET, NULL, NULL);
    cr_expect_eq(r.status, 503, "admin routes cannot check the token");
    cr_expect_str_eq(problem_type(&r), "/problems/database-unavailable");
    cr_expect(http_header(&r, "Retry-After"));
    http_free(&r);

    /* Now PostgreSQL appears on that port, then the schema and the data. */
    cr_assert(pgc_start(&pg), "pg_start");
    cr_assert(pgc_seed(&pg), "migrate and seed");
    double t0 = now_s();
    long status = 0;
    while (now_s() - t0 < 30 && status != 200) {
        r = http_get(readyz);
        status = r.status;
        /* Ready on the seeded data, not on the empty schema it may have caught between
         * migrate and seed (the seed's reload comes a moment later). */
        if (status == 200 && json_integer_value(json_object_get(r.json, "subjects")) == 0)
            status = 0;
        http_free(&r);
        if (status != 200) usleep(100 * 1000);
    }
    cr_expect_eq(status, 200, "ready once PostgreSQL came (waited %.1f s)", now_s() - t0);
    r = http_get(check_url(s.base, "Kaspersky Lab", "as_of=2024-10-01"));
    cr_expect_str_eq(json_string_value(json_object_get(r.json, "verdict")), "restricted");
    http_free(&r);
    r = admin_do("GET", s.base, "/v1/admin/rulings/us-ndaa-1634-kaspersky", ADMIN_SECRET, NULL,
                 NULL);
    cr_expect_eq(r.status, 200, "the admin pool connects by itself: %s", r.body);
    http_free(&r);
    cr_expect_eq(server_stop(&s), 0);
    char *log = slurp(s.log, false);
    cr_expect(strstr(log, "PostgreSQL is not reachable (retrying)"), "%s", log);
    free(log);
    pgc_destroy(&pg);
}

Test(start, read_url_loads_snapshots_while_the_primary_notifies)
{
    char *replica = db_create("replica");
    char read_env[1024];
    snprintf(read_env, sizeof read_env, "DATABASE_READ_URL=%s", replica);
    /* No poll to speak of: only the primary's notification can bring changes in. */
    const char *env[] = {read_env, "RESTRICTD_RELOAD_INTERVAL_MS=3600000", NULL};
    struct testbed tb;
    testbed_start(&tb, db_create("primary"), env);
    char url[512];
    snprintf(url, sizeof url, "%s", probe_url(tb.s.base));
    /* A ruling written only to the read database: its notification goes unheard. */
    cr_assert(db_insert_probe(replica, "test-replica", false));
    cr_expect(!wait_for_json_string(url, "verdict", "restricted", 500),
              "the read database does not notify");
    /* A change on the primary notifies; the reload reads the read database. */
    cr_assert(db_run(tb.db, "UPDATE sources SET summary = 'touched' WHERE id = "
                            "'us-ofac-jy2420'"));
    cr_expect(wait_for_json_string(url, "verdict", "restricted", 3000),
              "loaded from DATABASE_READ_URL after the primary's notification");
    testbed_stop(&tb);
    char *log = slurp(tb.s.log, false);
    cr_expect(strstr(log, "connected to the read database"), "%s", log);
    cr_expect(strstr(log, "\"read_database\":"), "%s", log);
    free(log);
    free(replica);
}

Test(start, access_log_switch_and_faults_always_logged)
{
    char *db = db_create("accesslog");
    struct server on, off, down;
    const char *env_on[] = {"RESTRICTD_ACCESS_LOG=1", NULL};
    const char *env_off[] = {"RESTRICTD_ACCESS_LOG=0", NULL};
    cr_assert(server_start(&on, db, env_on, true));
    cr_assert(server_start(&off, db, env_off, true));
    cr_assert(server_start(&down, db_unreachable(), env_off, false));
    const char *h[] = {"X-Request-Id: access-log-test-1", NULL};
    struct http r = http_do("GET", check_url(on.base, "Kaspersky Lab", NULL), NULL, 0, h);
    cr_expect_eq(r.status, 200);
    http_free(&r);
    r = http_do("GET", check_url(off.base, "Kaspersky Lab", NULL), NULL, 0, h);
    cr_expect_eq(r.status, 200);
    http_free(&r);
    const char *h503[] = {"X-Request-Id: access-log-test-503", NULL};
    r = http_do("GET", check_url(down.base, "Kaspersky Lab", NULL), NULL, 0, h503);
    cr_expect_eq(r.status, 503);
    http_free(&r);
    cr_expect_eq(server_stop(&on), 0);
    cr_expect_eq(server_stop(&off), 0);
    cr_expect_eq(server_stop(&down), 0);

    char *log_on = slurp(on.log, false), *log_off = slurp(off.log, false),
         *log_down = slurp(down.log, false);
    const char *line = strstr(log_on, "\"request_id\":\"access-log-test-1\"");
    cr_assert(line, "access log on: %s", log_on);
    while (line > log_on && line[-1] != '\n')
        line--;
    json_t *j = json_loadb(line, strcspn(line, "\n"), 0, NULL);
    cr_assert(j, "a JSON line: %.*s", (int)strcspn(line, "\n"), line);
    cr_expect(json_string_value(json_object_get(j, "time")));
    cr_expect_str_eq(json_string_value(json_object_get(j, "level")), "info");
    cr_expect_str_eq(json_string_value(json_object_get(j, "method")), "GET");
    cr_expect_str_eq(json_string_value(json_object_get(j, "route")), "/v1/check");
    cr_expect_eq(json_integer_value(json_object_get(j, "status")), 200);
    cr_expect(json_is_number(json_object_get(j, "duration_ms")));
    json_decref(j);
    cr_expect(!strstr(log_off, "access-log-test-1"), "access log off: %s", log_off);
    cr_expect(strstr(log_down, "\"request_id\":\"access-log-test-503\""),
              "a server fault is logged with the access log off: %s", log_down);
    cr_expect(strstr(log_down, "\"level\":\"warn\",\"msg\":\"request\""), "%s", log_down);
    free(log_on);
    free(log_off);
    free(log_down);
    free(db);
}
