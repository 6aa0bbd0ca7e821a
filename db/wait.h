#ifndef DB_WAIT_H
#define DB_WAIT_H
/*
 * Every wait on PostgreSQL has an end that does not depend on PostgreSQL answering.
 *
 * A server that is frozen (SIGSTOP, a network black hole) still has its kernel accept
 * connections and acknowledge bytes, so neither TCP nor statement_timeout ever ends a
 * blocking libpq call. db/ therefore talks to libpq without blocking (connections are in
 * non-blocking mode, results are awaited with poll) and gives up:
 *   - after the calling thread's wait limit (db_set_wait_limit; 0, the default, is none:
 *     the command-line tools wait as long as PostgreSQL takes), and
 *   - at once, on every thread, after db_abandon_waits() (a stop whose grace is over).
 * Giving up closes the connection under libpq (PostgreSQL rolls back what was open), so
 * a connection that waited too long is always found broken and never reused; the error
 * is SQLSTATE_CLIENT_DEADLINE, in the "connection" class, which answers 503.
 */
#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

#include "lib/error.h"

/* restrictd's own code (not PostgreSQL's), in class 08: "gave up waiting for PostgreSQL". */
#define SQLSTATE_CLIENT_DEADLINE "08RD0"

/* The longest one libpq wait of this thread may last, in milliseconds (0 = no limit). */
void db_set_wait_limit(unsigned ms);
unsigned db_wait_limit(void);

/* Makes every wait of every thread give up within a tenth of a second, now and later. */
void db_abandon_waits(void);
bool db_waits_abandoned(void);

/* Waits until the connection has sent all it holds and a result can be read without
 * blocking. False (err filled, the connection closed) on a deadline or a broken socket. */
bool db_await(PGconn *c, struct rd_error *err) RD_MUST_CHECK;

/* The next result of what was sent (NULL when there is none: then err may say why, if
 * the wait failed). PQgetResult that never blocks past the limit. */
PGresult *db_next_result(PGconn *c, struct rd_error *err);

/* Queues COPY data, waiting (within the limit) while libpq's buffer is full. */
bool db_put_copy(PGconn *c, const char *data, size_t len, struct rd_error *err) RD_MUST_CHECK;

/* Completes a connection started with PQconnectStartParams within the limit (and its
 * connect_timeout); puts it in non-blocking mode. False with err filled when it failed. */
bool db_finish_connect(PGconn *c, struct rd_error *err) RD_MUST_CHECK;

#endif
