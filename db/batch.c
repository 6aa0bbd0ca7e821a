#include "db/batch.h"

#include "db/conn.h"
#include "db/wait.h"

/* The result of the next command in the pipeline, its ending NULL consumed; NULL when
 * the connection is gone (err says why). */
static PGresult *next_result(PGconn *c, struct rd_error *err)
{
    PGresult *res = db_next_result(c, err);
    if (!res) {
        if (!err->message[0]) db_error(c, NULL, err);
        return NULL;
    }
    for (;;) {
        PGresult *extra = db_next_result(c, err);
        if (!extra) return res;
        PQclear(extra);
    }
}

/* Reads the sync that ends a batch. */
static bool read_sync(PGconn *c, bool ok, struct rd_error *err)
{
    struct rd_error waited = {0};
    PGresult *sync = db_next_result(c, &waited);
    if (!sync || PQresultStatus(sync) != PGRES_PIPELINE_SYNC) {
        if (ok && waited.message[0])
            *err = waited;
        else if (ok)
            db_error(c, sync, err);
        ok = false;
    }
    PQclear(sync);
    return ok;
}

/* Reads the results of executions [first, first + n) and the sync that ends them. Every
 * result is read even after a failure, so that the connection leaves pipeline mode clean. */
static bool read_results(PGconn *c, const struct db_batch *b, size_t first, size_t n,
                         size_t *failed_at, struct rd_error *err)
{
    bool ok = true;
    for (size_t i = first; i < first + n; i++) {
        struct rd_error gone = {0};
        PGresult *res = next_result(c, &gone);
        if (!res) {
            if (ok) *err = gone;
            return false; /* the connection is gone: nothing more will come */
        }
        ExecStatusType st = PQresultStatus(res);
        if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
            if (ok) b->result(b->ctx, i, res);
        } else if (ok) {
            db_error(c, res, err);
            *failed_at = st == PGRES_PIPELINE_ABORTED ? b->count : i;
            ok = false;
        }
        PQclear(res);
    }
    return read_sync(c, ok, err);
}

/* Prepares the unnamed statement: no name to collide with on a pooled connection. */
static bool prepare(PGconn *c, const struct db_batch *b, struct rd_error *err)
{
    if (!PQsendPrepare(c, "", b->sql, 0, NULL) || !PQpipelineSync(c)) {
        db_error(c, NULL, err);
        return false;
    }
    PGresult *res = next_result(c, err);
    bool ok = res && PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok && res) db_error(c, res, err);
    PQclear(res);
    return res ? read_sync(c, ok, err) : false;
}

static bool send_batch(PGconn *c, const struct db_batch *b, size_t first, size_t n,
                       struct rd_error *err)
{
    for (size_t i = first; i < first + n; i++) {
        int np = 0;
        const char *const *values = NULL;
        b->params(b->ctx, i, &np, &values);
        if (!PQsendQueryPrepared(c, "", np, values, NULL, NULL, 0)) {
            db_error(c, NULL, err);
            return false;
        }
    }
    if (!PQpipelineSync(c)) {
        db_error(c, NULL, err);
        return false;
    }
    return true;
}

bool db_batch_run(PGconn *c, const struct db_batch *b, size_t *failed_at, struct rd_error *err)
{
    *failed_at = b->count;
    if (!PQenterPipelineMode(c)) {
        db_error(c, NULL, err);
        return false;
    }
    bool ok = prepare(c, b, err);
    for (size_t first = 0; ok && first < b->count; first += DB_BATCH_SIZE) {
        size_t n = b->count - first < DB_BATCH_SIZE ? b->count - first : DB_BATCH_SIZE;
        /* A batch that could not be sent whole is not read: the connection is broken. */
        ok = send_batch(c, b, first, n, err) && read_results(c, b, first, n, failed_at, err);
    }
    if (!PQexitPipelineMode(c) && ok) {
        db_error(c, NULL, err);
        ok = false;
    }
    return ok;
}
