#ifndef DB_PORTFOLIOS_H
#define DB_PORTFOLIOS_H
/*
 * Portfolios and their items in PostgreSQL (migration 0013, issue 18). Reads come back
 * as JSON text built by PostgreSQL (one value per call), which the handlers pass on or
 * wrap; writes run in their own transaction with the actor for the audit trail
 * (portfolio_changes). Item writes and the evaluator (db/monitor_sql.h) take the
 * monitor's advisory lock, so an answer is never written from a snapshot older than
 * the items it answers.
 * Convention: as db/conn.h (bool, RD_MUST_CHECK, struct rd_error with the SQLSTATE).
 */
#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/error.h"
#include "rulings/watch.h"

/* The advisory lock the writers of answers hold (items replaced, answers re-evaluated). */
#define MONITOR_LOCK_KEY "7232401531"

/* One item to write: its question and its answer now (strings borrowed; `rulings` a
 * JSON array as struct watch_answer has it). */
struct portfolio_item_write {
    const char *ref;
    struct watch_question q;
    int verdict;
    bool has_since;
    int64_t since;
    const char *rulings;
};

/* The portfolio `id` as a JSON object (caller frees *json; NULL when there is none):
 * id, name, version, created_at, updated_at, items, by_verdict. */
bool db_portfolio_get(PGconn *c, const char *id, char **json, struct rd_error *err) RD_MUST_CHECK;

/* Every portfolio, by id, as a JSON array of the same objects. Caller frees *json. */
bool db_portfolio_list(PGconn *c, char **json, struct rd_error *err) RD_MUST_CHECK;

/* Creates a portfolio; an id in use fails with sqlstate 23505. */
bool db_portfolio_create(PGconn *c, const char *id, const char *name, const char *actor,
                         struct rd_error *err) RD_MUST_CHECK;

/* Renames `id` and bumps its version; *found false when there is none. */
bool db_portfolio_rename(PGconn *c, const char *id, const char *name, const char *actor,
                         bool *found, struct rd_error *err) RD_MUST_CHECK;

/* Deletes `id` with its items, events and subscriptions; *found false when there is none. */
bool db_portfolio_delete(PGconn *c, const char *id, const char *actor, bool *found,
                         struct rd_error *err) RD_MUST_CHECK;

/* Replaces every item of `id` with `items` (in their order), answers included, in one
 * transaction. *found false when there is no such portfolio (nothing written). */
bool db_portfolio_replace_items(PGconn *c, const char *id, const struct portfolio_item_write *items,
                                size_t n, const char *actor, bool *found,
                                struct rd_error *err) RD_MUST_CHECK;

/* A page of items (position > after, at most limit, +1 to tell whether more follow) as a
 * JSON array; *json NULL when there is no such portfolio. Caller frees *json. */
bool db_portfolio_items(PGconn *c, const char *id, long long after, int limit, char **json,
                        struct rd_error *err) RD_MUST_CHECK;

/* A page of events (seq > after, at most limit + 1), oldest first, as a JSON array; *json
 * NULL when there is no such portfolio. Caller frees *json. */
bool db_portfolio_events(PGconn *c, const char *id, long long after, int limit, char **json,
                         struct rd_error *err) RD_MUST_CHECK;

/* --- shared with db/webhooks.c --- */
/* The first column of the one row a query returns, copied into *out (caller frees; NULL
 * when no row or SQL NULL). */
bool portfolio_one_text(PGconn *c, const char *sql, int n, const char *const *p, char **out,
                        struct rd_error *err) RD_MUST_CHECK;
/* BEGIN and the actor of the audit trail (rolled back on failure). */
bool portfolio_begin_as(PGconn *c, const char *actor, struct rd_error *err) RD_MUST_CHECK;
/* One statement as `actor` in its own transaction; *rows the rows it touched. */
bool portfolio_write_one(PGconn *c, const char *actor, const char *sql, int n, const char *const *p,
                         long *rows, struct rd_error *err) RD_MUST_CHECK;

#endif
