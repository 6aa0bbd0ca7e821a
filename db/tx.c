#include "db/tx.h"

#include <stdio.h>
#include <string.h>

#include "db/conn.h"
#include "db/wait.h"

enum { ATTEMPTS = 3, CHECKOUT_WAIT_MS = 5000 };
/* The advisory lock every writer holds (the audit trigger of the migrations takes the same
 * key), so that revisions commit in the order they are given out. */
#define WRITERS_LOCK_KEY "7232401530"

static bool retryable_state(const struct rd_error *err)
{
    return strcmp(err->sqlstate, SQLSTATE_SERIALIZATION_FAILURE) == 0 ||
           strcmp(err->sqlstate, SQLSTATE_DEADLOCK_DETECTED) == 0;
}

static bool gave_up(const struct rd_error *err)
{
    return strcmp(err->sqlstate, SQLSTATE_CLIENT_DEADLINE) == 0;
}

bool db_begin_writer(PGconn *c, const char *actor, struct rd_error *err)
{
    const char *p[] = {actor};
    PGresult *res = NULL;
    bool ok = db_exec(c, "BEGIN", err) &&
              db_exec(c, "SELECT pg_advisory_xact_lock(" WRITERS_LOCK_KEY ")", err) &&
              (res = db_query(c, "SELECT set_config('restrictd.actor', $1, true)", 1, p, err));
    PQclear(res);
    return ok;
}

enum db_tx_status db_tx_write(struct db_pool *pool, const char *actor, tx_body_fn *body, void *ctx,
                              struct rd_error *err)
{
    for (int attempt = 1;; attempt++) {
        rd_error_clear(err);
        PGconn *c = db_pool_checkout(pool, CHECKOUT_WAIT_MS, err);
        if (!c) return DB_TX_UNAVAILABLE;
        enum tx_outcome out = TX_ERROR;
        bool began = db_begin_writer(c, actor, err);
        if (began) out = body(c, ctx, err);
        if (began && out == TX_COMMIT) {
            if (db_exec(c, "COMMIT", err)) {
                db_pool_checkin(pool, c);
                return DB_TX_COMMITTED;
            }
            if (PQstatus(c) != CONNECTION_OK) {
                db_pool_discard(pool, c);
                rd_error_prefix(err, "the connection to PostgreSQL was lost during COMMIT: the "
                                     "change may or may not have been written");
                memcpy(err->sqlstate, SQLSTATE_TRANSACTION_UNKNOWN, sizeof err->sqlstate);
                return DB_TX_FAILED;
            }
            /* COMMIT refused (a deferred constraint): nothing was written. */
        }
        if (began && out == TX_ROLLBACK) {
            db_rollback(c);
            db_pool_checkin(pool, c);
            return DB_TX_ROLLED_BACK;
        }
        bool broken = PQstatus(c) != CONNECTION_OK;
        bool unreachable = db_unavailable(c, err);
        if (broken)
            db_pool_discard(pool, c);
        else
            db_pool_checkin(pool, c); /* rolls back */
        /* a server that did not answer in time would not answer a second attempt either */
        if (attempt < ATTEMPTS && ((broken && !gave_up(err)) || retryable_state(err))) continue;
        return unreachable ? DB_TX_UNAVAILABLE : DB_TX_FAILED;
    }
}

bool db_with_conn(struct db_pool *pool, bool (*fn)(PGconn *c, void *ctx, struct rd_error *err),
                  void *ctx, bool *unavailable, struct rd_error *err)
{
    *unavailable = false;
    for (int attempt = 1;; attempt++) {
        rd_error_clear(err);
        PGconn *c = db_pool_checkout(pool, CHECKOUT_WAIT_MS, err);
        if (!c) {
            *unavailable = true;
            return false;
        }
        if (fn(c, ctx, err)) {
            db_pool_checkin(pool, c);
            return true;
        }
        bool broken = PQstatus(c) != CONNECTION_OK;
        *unavailable = db_unavailable(c, err);
        if (broken)
            db_pool_discard(pool, c);
        else
            db_pool_checkin(pool, c);
        if (!(broken && !gave_up(err) && attempt < 2)) return false;
    }
}
