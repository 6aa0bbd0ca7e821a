#include "pg_util.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <libpq-fe.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "admin_util.h"
#include "harness.h"

extern char **environ;

/* Runs a snippet of bash with tests/lib/pg.sh sourced; $1 is the folder, $2 the port,
 * $3 `arg`. Returns the exit status. */
static int pg_sh(const struct pgcluster *c, const char *snippet, const char *arg)
{
    char script[1024], port[16];
    snprintf(script, sizeof script, ". '%s/tests/lib/pg.sh' && %s", RESTRICTD_SOURCE_DIR, snippet);
    snprintf(port, sizeof port, "%u", c->port);
    const char *argv[] = {"/bin/bash", "-c", script, "pg", c->dir, port, arg ? arg : "", NULL};
    pid_t pid;
    if (posix_spawn(&pid, argv[0], NULL, NULL, (char *const *)argv, environ) != 0) return -1;
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void pgc_init(struct pgcluster *c, const char *tag)
{
    static unsigned counter;
    memset(c, 0, sizeof *c);
    c->port = free_port();
    snprintf(c->dir, sizeof c->dir, "%s/pg-%s-%d-%u", env_or_die("RESTRICTD_WORK"), tag,
             (int)getpid(), __atomic_add_fetch(&counter, 1, __ATOMIC_RELAXED));
    snprintf(c->url, sizeof c->url, "postgresql://postgres@127.0.0.1:%u/restrictd", c->port);
    snprintf(c->admin_url, sizeof c->admin_url, "postgresql://postgres@127.0.0.1:%u/postgres",
             c->port);
}

bool pgc_start(struct pgcluster *c)
{
    return pg_sh(c, "pg_start \"$1\" \"$2\"", NULL) == 0;
}

bool pgc_stop(struct pgcluster *c, const char *mode)
{
    if (pg_sh(c, "pg_stop \"$1\" \"$3\"", mode) != 0) return false;
    char pidfile[600];
    snprintf(pidfile, sizeof pidfile, "%s/data/postmaster.pid", c->dir);
    return access(pidfile, F_OK) != 0;
}

bool pgc_seed(struct pgcluster *c)
{
    char *out = NULL;
    const char *migrate[] = {"migrate", NULL};
    int st = run_cli(c->url, &out, migrate);
    if (st != 0) fprintf(stderr, "migrate: %s\n", out);
    free(out);
    if (st != 0) return false;
    const char *seed[] = {"seed", env_or_die("RESTRICTD_SEED"), NULL};
    st = run_cli(c->url, &out, seed);
    if (st != 0) fprintf(stderr, "seed: %s\n", out);
    free(out);
    return st == 0 && db_run(c->url, "INSERT INTO api_tokens (name, role, secret_sha256) VALUES"
                                     " ('tester', 'admin', sha256('" ADMIN_SECRET "'::bytea)),"
                                     " ('viewer', 'reader', sha256('" READER_SECRET "'::bytea))");
}

void pgc_destroy(struct pgcluster *c)
{
    if (!c->dir[0]) return;
    pg_sh(c, "pg_stop \"$1\" immediate; rm -rf \"$1\"", NULL);
    c->dir[0] = '\0';
}

const char *sql_state(const char *url, const char *sql)
{
    static __thread char state[8];
    snprintf(state, sizeof state, "?????");
    PGconn *conn = PQconnectdb(url);
    if (PQstatus(conn) == CONNECTION_OK) {
        PGresult *res = PQexec(conn, sql);
        ExecStatusType st = PQresultStatus(res);
        if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
            state[0] = '\0';
        } else {
            const char *s = PQresultErrorField(res, PG_DIAG_SQLSTATE);
            snprintf(state, sizeof state, "%s", s ? s : "?????");
        }
        PQclear(res);
    }
    PQfinish(conn);
    return state;
}

long long sql_count1(const char *url, const char *sql, const char *param)
{
    long long n = -1;
    PGconn *conn = PQconnectdb(url);
    if (PQstatus(conn) == CONNECTION_OK) {
        const char *p[] = {param};
        PGresult *res = PQexecParams(conn, sql, 1, NULL, p, NULL, NULL, 0);
        if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
            n = atoll(PQgetvalue(res, 0, 0));
        else
            fprintf(stderr, "SQL failed: %s: %s", sql, PQerrorMessage(conn));
        PQclear(res);
    }
    PQfinish(conn);
    return n;
}

char *url_with_user(const char *url, const char *user)
{
    const char *scheme = strstr(url, "://");
    const char *at = scheme ? strchr(scheme + 3, '@') : NULL;
    cr_assert(at, "no user in %s", url);
    size_t head = (size_t)(scheme + 3 - url);
    size_t n = head + strlen(user) + strlen(at) + 1;
    char *out = malloc(n);
    snprintf(out, n, "%.*s%s%s", (int)head, url, user, at);
    return out;
}

/* The parent of process `pid` (from /proc/PID/stat), or -1. */
static long parent_of(long pid)
{
    char path[64], line[512];
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    long ppid = -1;
    if (fgets(line, sizeof line, f)) {
        const char *close = strrchr(line, ')'); /* the name may hold spaces */
        char state;
        if (!close || sscanf(close + 1, " %c %ld", &state, &ppid) != 2) ppid = -1;
    }
    fclose(f);
    return ppid;
}

bool pgc_signal_all(struct pgcluster *c, int sig)
{
    char pidfile[600];
    snprintf(pidfile, sizeof pidfile, "%s/data/postmaster.pid", c->dir);
    FILE *f = fopen(pidfile, "r");
    long postmaster = 0;
    if (!f) return false;
    bool read = fscanf(f, "%ld", &postmaster) == 1;
    fclose(f);
    if (!read || kill((pid_t)postmaster, sig) != 0) return false;
    DIR *d = opendir("/proc");
    if (!d) return false;
    for (struct dirent *e; (e = readdir(d));) {
        char *end;
        long pid = strtol(e->d_name, &end, 10);
        if (*end || pid <= 0 || parent_of(pid) != postmaster) continue;
        (void)kill((pid_t)pid, sig); /* a backend may have ended meanwhile */
    }
    closedir(d);
    return true;
}
