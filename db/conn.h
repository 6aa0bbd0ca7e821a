#ifndef DB_CONN_H
#define DB_CONN_H
/*
 * libpq helpers shared by db/. Conventions: functions return bool (or a pointer,
 * NULL on failure) marked RD_MUST_CHECK and fill the caller's rd_error with
 * PostgreSQL's message and SQLSTATE. Parameters are always passed separately
 * (PQexecParams), never spliced into SQL text.
 */
#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

#include "lib/error.h"

/* The SQLSTATEs this program tells apart (PostgreSQL's documentation, appendix A). */
#define SQLSTATE_CLASS_CONNECTION "08" /* the whole class: the connection is gone */
#define SQLSTATE_CLASS_DATA "22"       /* the whole class: a value out of range... */
#define SQLSTATE_CONNECTION_FAILURE "08006"
#define SQLSTATE_TRANSACTION_UNKNOWN "08007" /* transaction_resolution_unknown */
#define SQLSTATE_FOREIGN_KEY_VIOLATION "23503"
#define SQLSTATE_UNIQUE_VIOLATION "23505"
#define SQLSTATE_CHECK_VIOLATION "23514"
#define SQLSTATE_SERIALIZATION_FAILURE "40001"
#define SQLSTATE_DEADLOCK_DETECTED "40P01"
#define SQLSTATE_UNDEFINED_TABLE "42P01"
#define SQLSTATE_TOO_MANY_CONNECTIONS "53300"
#define SQLSTATE_LOCK_NOT_AVAILABLE "55P03"
#define SQLSTATE_QUERY_CANCELED "57014"
#define SQLSTATE_ADMIN_SHUTDOWN "57P01"
#define SQLSTATE_CRASH_SHUTDOWN "57P02"
#define SQLSTATE_CANNOT_CONNECT_NOW "57P03"

/* Opens a connection to `url` (a libpq URI or key=value string) with a connect timeout
 * and application_name=restrictd. NULL on failure, with the reason in `err`. */
PGconn *db_connect(const char *url, struct rd_error *err) RD_MUST_CHECK;

/* Like db_connect, but waits up to `seconds` for a server that does not answer yet
 * (calling `waiting` once, may be NULL). Fails at once on other errors. */
PGconn *db_connect_wait(const char *url, unsigned seconds, void (*waiting)(const char *why),
                        struct rd_error *err) RD_MUST_CHECK;

/* Runs a statement with no parameters and no rows expected. */
bool db_exec(PGconn *c, const char *sql, struct rd_error *err) RD_MUST_CHECK;

/* Runs a parameterised statement (text parameters; NULL = SQL NULL). Returns the result
 * (PQclear it) when it succeeded, else NULL with `err` filled. */
PGresult *db_query(PGconn *c, const char *sql, int nparams, const char *const *params,
                   struct rd_error *err) RD_MUST_CHECK;

/* A statement kept on the connection by name (a session's prepared statement): parsed once
 * per connection; planned as the session's plan_cache_mode says. `name` holds `prefix` and
 * a digest of `sql`, so that one name never stands for two texts (two versions of the
 * program behind one pooler). */
struct db_named {
    const char *sql;
    char name[64];
};
void db_named_init(struct db_named *n, const char *prefix, const char *sql);
/* Prepares it on the connection (when the session has it not: see pg_prepared_statements). */
bool db_prepare(PGconn *c, const struct db_named *n, int nparams,
                struct rd_error *err) RD_MUST_CHECK;
/* As db_query, for a statement db_prepare made on this connection. */
PGresult *db_query_named(PGconn *c, const struct db_named *n, int nparams,
                         const char *const *params, struct rd_error *err) RD_MUST_CHECK;

/* The results of what was sent (PQsendQuery...), read as PQexec does: the last, or the
 * first that failed; stops at a COPY result. NULL (err filled) when the wait failed or
 * nothing came. */
PGresult *db_collect(PGconn *c, struct rd_error *err);

/* Runs a query whose rows the caller copies into an array: returns that array, one zeroed
 * element of `size` bytes per row and one more (caller frees), and the result in *res
 * (PQclear it). NULL with `err` filled when the query failed or memory ran out (then
 * nothing is left to free). */
void *db_query_rows(PGconn *c, const char *sql, int nparams, const char *const *params, size_t size,
                    PGresult **res, struct rd_error *err) RD_MUST_CHECK;

/* An integer column of row `row` (bigint, integer or count); SQL NULL reads as 0. */
int64_t db_int(const PGresult *res, int row, int col);

/* Fills `err` from a failed result (or from the connection when res is NULL). */
void db_error(PGconn *c, const PGresult *res, struct rd_error *err);

/* Rolls back whatever transaction is open; safe to call on any connection. */
void db_rollback(PGconn *c);

/* Removes the password from a connection URL for logging: "postgresql://u:***@h/db". */
void db_redact_url(const char *url, char *out, size_t size);

#endif
