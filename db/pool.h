#ifndef DB_POOL_H
#define DB_POOL_H
/*
 * A small, bounded pool of PostgreSQL connections for the routes that must talk to
 * the database (admin writes, token checks of admin routes, export, audit, history,
 * the change feed). The check path never uses it: it answers from the snapshot.
 *
 * At most `size` connections, made lazily. A checkout hands one connection to one
 * thread until its checkin; checkin rolls back whatever transaction was left open
 * (STYLE.md: a connection left PQTRANS_INERROR is never reused as is) and drops a
 * broken connection. A connection found broken at checkout is replaced. After a failed
 * connect the pool fails fast (sqlstate 08006) for a short while instead of making
 * every request wait for the connect timeout; then it tries again by itself.
 *
 * Every pooled connection runs with TimeZone=UTC, a statement timeout and a lock timeout;
 * the threads that use the pool give up waiting for an answer a little after the statement
 * timeout (DB_POOL_WAIT_LIMIT_MS, db/wait.h), whatever PostgreSQL does.
 * Convention: as db/conn.h (bool or pointer, RD_MUST_CHECK, struct rd_error).
 */
#include <libpq-fe.h>
#include <stdbool.h>

#include "lib/error.h"

/* PostgreSQL's own limits on a pooled connection (milliseconds, as SQL text) */
#define DB_POOL_STATEMENT_TIMEOUT_MS "15000"
#define DB_POOL_LOCK_TIMEOUT_MS "10000"
/* ... and how long a thread using the pool waits for any answer */
enum { DB_POOL_WAIT_LIMIT_MS = 20000 };

struct db_pool;

struct db_pool_stats {
    unsigned size; /* the bound */
    unsigned open; /* connections made and not closed */
    unsigned idle; /* of which checked in */
    long checkouts;
    long connect_failures;
    long broken;    /* connections found or left broken and replaced */
    bool available; /* false while failing fast after a failed connect */
};

/* Makes a pool for `url` (copied) of at most `size` connections (1..64). No connection is
 * opened yet. Free with db_pool_free() once every connection is checked in. */
struct db_pool *db_pool_create(const char *url, unsigned size, struct rd_error *err) RD_MUST_CHECK;
void db_pool_free(struct db_pool *p);

/* Takes a connection, waiting up to `wait_ms` when all `size` are in use. NULL when
 * PostgreSQL cannot be reached (err->sqlstate "08006") or none became free in time
 * ("53300"). The caller gives it back with db_pool_checkin(). */
PGconn *db_pool_checkout(struct db_pool *p, unsigned wait_ms, struct rd_error *err) RD_MUST_CHECK;

/* Gives a connection back (NULL is ignored). An open transaction is rolled back; a broken
 * connection is closed, and the next checkout makes a new one. */
void db_pool_checkin(struct db_pool *p, PGconn *c);

/* Closes a connection known to be broken instead of checking it in. */
void db_pool_discard(struct db_pool *p, PGconn *c);

struct db_pool_stats db_pool_stats(struct db_pool *p);

/* PostgreSQL was just reached on another connection (the listener's): the pool stops failing
 * fast, and the next checkout connects at once instead of refusing for the rest of its
 * while. */
void db_pool_reachable(struct db_pool *p);

/* Does this failure mean "PostgreSQL is unreachable, going away or too busy" (connection
 * errors, no answer in time, admin shutdown, too many connections, a lock or statement
 * timeout, a connection now broken) rather than a refusal of the statement? `c` may be
 * NULL. */
bool db_unavailable(PGconn *c, const struct rd_error *err);

#endif
