#ifndef DB_TX_H
#define DB_TX_H
/*
 * Running work on a pooled connection, with the retries the work allows.
 *
 * db_tx_write: one writer transaction. BEGIN, the writers' advisory lock (the audit
 * trigger takes it too; taking it first means a writer never waits on it half-way and
 * the If-Match check and the write see the same committed state), the actor for the
 * audit trail, then `body`, then COMMIT. Retried (up to 3 attempts, the body runs
 * again from the start) on serialization failure or deadlock (40001, 40P01) and when
 * the connection turns out broken before COMMIT was sent. A connection lost during
 * COMMIT is not retried: the outcome is unknown (sqlstate 08007).
 *
 * db_with_conn: a read on a pooled connection, retried once on a broken connection.
 */
#include <libpq-fe.h>

#include "db/pool.h"
#include "lib/error.h"

enum tx_outcome {
    TX_COMMIT,   /* the body did its work: commit it */
    TX_ROLLBACK, /* the body decided not to write (a stale version, a dry run ...) */
    TX_ERROR,    /* the body failed: `err` says why (sqlstate when PostgreSQL refused) */
};

typedef enum tx_outcome tx_body_fn(PGconn *c, void *ctx, struct rd_error *err);

/* BEGIN, the writers' advisory lock and the actor for the audit trail: how every writer
 * transaction opens (db_tx_write's, and a seed's on its own connection). */
bool db_begin_writer(PGconn *c, const char *actor, struct rd_error *err) RD_MUST_CHECK;

enum db_tx_status {
    DB_TX_COMMITTED,
    DB_TX_ROLLED_BACK, /* the body asked for it */
    DB_TX_UNAVAILABLE, /* PostgreSQL cannot be reached: nothing was written */
    DB_TX_FAILED,      /* refused or failed: `err` (with sqlstate) says why */
};

/* `actor` (borrowed) is recorded in `changes`. `body` may run more than once: it must
 * reset whatever it fills in `ctx` each time. */
enum db_tx_status db_tx_write(struct db_pool *pool, const char *actor, tx_body_fn *body, void *ctx,
                              struct rd_error *err) RD_MUST_CHECK;

/* Runs `fn` with a pooled connection (outside any transaction; fn may open one). True
 * when fn returned true; *unavailable tells a failure to reach PostgreSQL apart. */
bool db_with_conn(struct db_pool *pool, bool (*fn)(PGconn *c, void *ctx, struct rd_error *err),
                  void *ctx, bool *unavailable, struct rd_error *err) RD_MUST_CHECK;

#endif
