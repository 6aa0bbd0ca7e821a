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

#include "lib/error.h"

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

/* Fills `err` from a failed result (or from the connection when res is NULL). */
void db_error(PGconn *c, const PGresult *res, struct rd_error *err);

/* Rolls back whatever transaction is open; safe to call on any connection. */
void db_rollback(PGconn *c);

/* Removes the password from a connection URL for logging: "postgresql://u:***@h/db". */
void db_redact_url(const char *url, char *out, size_t size);

#endif
