#ifndef TESTS_PG_UTIL_H
#define TESTS_PG_UTIL_H
/*
 * PostgreSQL helpers for the fault and security tests:
 *  - a private cluster a test may stop, crash and start again (never the shared one),
 *    made with tests/lib/pg.sh in RESTRICTD_WORK and migrated and seeded with the CLI;
 *  - the SQLSTATE of a statement run as some role;
 *  - a database URL with another user name.
 */
#include <stdbool.h>

struct pgcluster {
    char dir[512];
    unsigned port;
    char url[256];       /* the restrictd database, as postgres */
    char admin_url[256]; /* the postgres database, as postgres */
};

/* Picks a free port and a folder for `tag`; starts nothing. */
void pgc_init(struct pgcluster *c, const char *tag);
/* Creates the cluster the first time, then starts it (also after a stop) and waits until
 * it accepts connections; makes the `restrictd` database. */
bool pgc_start(struct pgcluster *c);
/* Stops it: mode "fast" (connections closed, a clean shutdown) or "immediate" (a crash). */
bool pgc_stop(struct pgcluster *c, const char *mode);
/* `restrictd migrate`, `restrictd seed deploy/rulings.json`, and the admin and reader
 * tokens of admin_util.h (ADMIN_SECRET, READER_SECRET). */
bool pgc_seed(struct pgcluster *c);
/* Sends `sig` to the postmaster and every process it started: SIGSTOP freezes the whole
 * cluster (its kernel still accepts connections and bytes: a network black hole as the
 * client sees it), SIGCONT thaws it. */
bool pgc_signal_all(struct pgcluster *c, int sig);
/* Stops the cluster (immediate) and deletes its folder. */
void pgc_destroy(struct pgcluster *c);

/* Runs `sql` (one or more statements, in one session) on `url`: "" when it succeeded,
 * else the SQLSTATE of the failure ("?????" when there is none: no connection).
 * Static per thread. */
const char *sql_state(const char *url, const char *sql);

/* The first column of the first row of `sql` with one text parameter $1, as a number;
 * -1 on failure. (Tests compare stored values with PQexecParams too.) */
long long sql_count1(const char *url, const char *sql, const char *param);

/* `url` (postgresql://user@host...) with `user` in place of its user; malloc'd. */
char *url_with_user(const char *url, const char *user);

#endif
