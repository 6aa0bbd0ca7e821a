#ifndef DB_SET_WRITE_H
#define DB_SET_WRITE_H
/*
 * Many rows written by one statement: the rows' text parameters go to PostgreSQL with COPY
 * into a temporary table (columns c1, c2, ...), and the statement -- written as for one row,
 * "INSERT ... VALUES ($1, $2::date, ...) ON CONFLICT ..." -- runs once over that table. With
 * the audit trail written per statement (migration 0008), a list of 30,000 records is
 * written in a fraction of the time one statement per row takes, even pipelined (db/batch.h).
 * Runs inside a savepoint: on failure the transaction is as it was before the call (and
 * still usable), so that the caller may write the rows one by one to learn which one fails.
 */
#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

#include "lib/error.h"

struct db_set {
    const char *values_sql; /* the one-row statement, "... VALUES (...) ON CONFLICT ..." */
    int columns;            /* its parameters, $1 .. $columns */
    size_t count;
    /* The parameters of row `i` (read only until the next call). */
    void (*params)(void *ctx, size_t i, int *n, const char *const **values);
    /* The statement's result (all the rows it returned). */
    void (*result)(void *ctx, const PGresult *res);
    void *ctx;
};

/* False with err (PostgreSQL's message and SQLSTATE) when the rows were not written. */
bool db_set_run(PGconn *c, const struct db_set *s, struct rd_error *err) RD_MUST_CHECK;

#endif
