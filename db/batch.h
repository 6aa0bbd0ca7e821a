#ifndef DB_BATCH_H
#define DB_BATCH_H
/*
 * Many executions of one statement, sent in libpq's pipeline mode: one round trip per
 * DB_BATCH_SIZE executions instead of one per execution, and the statement parsed once.
 * A data set of 30,000 records took 13 s one round trip at a time, dominated by waiting.
 * The caller's transaction is left as it would be after the same statements run one by
 * one: the first failure stops the run, and the transaction is then aborted.
 */
#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

#include "lib/error.h"

/* Bounded so that neither side's socket buffer fills while the other is writing. */
#define DB_BATCH_SIZE 256

struct db_batch {
    const char *sql;
    size_t count;
    /* The parameters of execution `i` (read only until the call returns). */
    void (*params)(void *ctx, size_t i, int *n, const char *const **values);
    /* The result of execution `i` (PGRES_TUPLES_OK or PGRES_COMMAND_OK). */
    void (*result)(void *ctx, size_t i, const PGresult *res);
    void *ctx;
};

/* Runs `b`. On failure `err` holds PostgreSQL's message and `*failed_at` the index of
 * the execution that failed (b->count when it was not one of them: the connection). */
bool db_batch_run(PGconn *c, const struct db_batch *b, size_t *failed_at,
                  struct rd_error *err) RD_MUST_CHECK;

#endif
