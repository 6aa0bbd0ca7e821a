/* Portfolios and their items in PostgreSQL (db/portfolios.h). */
#include "db/portfolios.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/conn.h"
#include "db/set_write.h"
#include "lib/enum_names.h"
#include "lib/timeutil.h"
#include "rulings/evaluate.h"

/* RFC 3339 in UTC, as every instant restrictd writes */
#define RFC3339(x) "to_char((" x ") AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

#define PORTFOLIO_JSON                                                                                       \
    "jsonb_build_object('id', p.id, 'name', p.name, 'version', p.version,"                                   \
    " 'created_at', " RFC3339("p.created_at") ", 'updated_at', " RFC3339(                                    \
        "p.updated_at") ","                                                                                  \
                        " 'items', (SELECT count(*) FROM portfolio_items i WHERE i.portfolio_id = p.id),"    \
                        " 'by_verdict', (SELECT coalesce(jsonb_object_agg(verdict, n), '{}') FROM"           \
                        " (SELECT verdict, count(*) AS n FROM portfolio_items i WHERE i.portfolio_id = p.id" \
                        " GROUP BY verdict) v))"

/* The first column of the one row a query returns, copied (NULL, true: no row). */
bool portfolio_one_text(PGconn *c, const char *sql, int n, const char *const *p, char **out,
                        struct rd_error *err)
{
    *out = NULL;
    PGresult *res = db_query(c, sql, n, p, err);
    if (!res) return false;
    bool ok = true;
    if (PQntuples(res) > 0 && !PQgetisnull(res, 0, 0)) {
        *out = strdup(PQgetvalue(res, 0, 0));
        if (!*out) {
            rd_error_set(err, "out of memory");
            ok = false;
        }
    }
    PQclear(res);
    return ok;
}

bool db_portfolio_get(PGconn *c, const char *id, char **json, struct rd_error *err)
{
    const char *p[] = {id};
    return portfolio_one_text(
        c, "SELECT " PORTFOLIO_JSON "::text FROM portfolios p WHERE p.id = $1", 1, p, json, err);
}

bool db_portfolio_list(PGconn *c, char **json, struct rd_error *err)
{
    return portfolio_one_text(c,
                              "SELECT coalesce(jsonb_agg(" PORTFOLIO_JSON
                              " ORDER BY p.id), '[]')::text"
                              " FROM portfolios p",
                              0, NULL, json, err);
}

/* BEGIN and the actor of the audit trail. */
bool portfolio_begin_as(PGconn *c, const char *actor, struct rd_error *err)
{
    const char *p[] = {actor};
    PGresult *res = NULL;
    bool ok = db_exec(c, "BEGIN", err) &&
              (res = db_query(c, "SELECT set_config('restrictd.actor', $1, true)", 1, p, err));
    PQclear(res);
    if (!ok) db_rollback(c);
    return ok;
}

/* Runs one statement as `actor` in its own transaction; *rows gets the rows it touched. */
bool portfolio_write_one(PGconn *c, const char *actor, const char *sql, int n, const char *const *p,
                         long *rows, struct rd_error *err)
{
    if (!portfolio_begin_as(c, actor, err)) return false;
    PGresult *res = db_query(c, sql, n, p, err);
    if (!res) {
        db_rollback(c);
        return false;
    }
    *rows = strtol(PQcmdTuples(res), NULL, 10);
    PQclear(res);
    if (db_exec(c, "COMMIT", err)) return true;
    db_rollback(c);
    return false;
}

bool db_portfolio_create(PGconn *c, const char *id, const char *name, const char *actor,
                         struct rd_error *err)
{
    const char *p[] = {id, name};
    long rows = 0;
    return portfolio_write_one(c, actor, "INSERT INTO portfolios (id, name) VALUES ($1, $2)", 2, p,
                               &rows, err);
}

bool db_portfolio_rename(PGconn *c, const char *id, const char *name, const char *actor,
                         bool *found, struct rd_error *err)
{
    const char *p[] = {id, name};
    long rows = 0;
    bool ok = portfolio_write_one(
        c, actor,
        "UPDATE portfolios SET name = $2, version = version + 1, updated_at = now()"
        " WHERE id = $1",
        2, p, &rows, err);
    *found = rows > 0;
    return ok;
}

bool db_portfolio_delete(PGconn *c, const char *id, const char *actor, bool *found,
                         struct rd_error *err)
{
    const char *p[] = {id};
    long rows = 0;
    bool ok =
        portfolio_write_one(c, actor, "DELETE FROM portfolios WHERE id = $1", 1, p, &rows, err);
    *found = rows > 0;
    return ok;
}

struct items_ctx {
    const char *id;
    const struct portfolio_item_write *items;
    char position[16], since[32];
    const char *values[13];
};

/* The text parameters of item `i` (valid until the next call). */
static void item_params(void *ctx, size_t i, int *n, const char *const **values)
{
    struct items_ctx *x = ctx;
    const struct portfolio_item_write *it = &x->items[i];
    snprintf(x->position, sizeof x->position, "%zu", i + 1);
    if (it->has_since) rd_time_format(it->since, x->since, sizeof x->since);
    const char *v[] = {x->id,
                       it->ref,
                       x->position,
                       it->q.name ? it->q.name : "",
                       it->q.kind,
                       it->q.jurisdiction,
                       it->q.binds,
                       it->q.purpose,
                       it->q.category,
                       it->q.identifier,
                       enum_name(&VERDICTS, it->verdict),
                       it->has_since ? x->since : NULL,
                       it->rulings};
    memcpy(x->values, v, sizeof v);
    *n = 13;
    *values = x->values;
}

static void no_result(void *ctx, const PGresult *res)
{
    (void)ctx;
    (void)res;
}

static bool replace_body(PGconn *c, const char *id, const struct portfolio_item_write *items,
                         size_t n, bool *found, struct rd_error *err)
{
    const char *p[] = {id};
    PGresult *res = db_query(c, "SELECT pg_advisory_xact_lock(" MONITOR_LOCK_KEY ")", 0, NULL, err);
    PQclear(res);
    if (!res) return false;
    res = db_query(c, "SELECT 1 FROM portfolios WHERE id = $1 FOR UPDATE", 1, p, err);
    if (!res) return false;
    *found = PQntuples(res) > 0;
    PQclear(res);
    if (!*found) return true;
    res = db_query(c, "DELETE FROM portfolio_items WHERE portfolio_id = $1", 1, p, err);
    if (!res) return false;
    PQclear(res);
    res = db_query(c, "UPDATE portfolios SET updated_at = now() WHERE id = $1", 1, p, err);
    if (!res) return false;
    PQclear(res);
    if (n == 0) return true;
    struct items_ctx x = {.id = id, .items = items};
    struct db_set set = {
        .values_sql = "INSERT INTO portfolio_items (portfolio_id, ref, position, name, kind,"
                      " jurisdiction, binds, purpose, category, identifier, verdict, since,"
                      " rulings, evaluated_at) VALUES ($1, $2, $3::integer, $4, $5, $6, $7, $8,"
                      " $9, $10, $11, $12::timestamptz,"
                      " ARRAY(SELECT json_array_elements_text($13::json)), now())"
                      " ON CONFLICT (portfolio_id, ref) DO NOTHING",
        .columns = 13,
        .count = n,
        .params = item_params,
        .result = no_result,
        .ctx = &x};
    return db_set_run(c, &set, err);
}

bool db_portfolio_replace_items(PGconn *c, const char *id, const struct portfolio_item_write *items,
                                size_t n, const char *actor, bool *found, struct rd_error *err)
{
    *found = false;
    if (!portfolio_begin_as(c, actor, err)) return false;
    if (!replace_body(c, id, items, n, found, err) || !db_exec(c, "COMMIT", err)) {
        db_rollback(c);
        return false;
    }
    return true;
}

/* A page query of portfolio `id`: $1 the id, $2 after, $3 limit + 1 (one more row tells
 * whether more follow). */
static bool page_text(PGconn *c, const char *sql, const char *id, long long after, int limit,
                      char **json, struct rd_error *err)
{
    char a[24], l[16];
    snprintf(a, sizeof a, "%lld", after);
    snprintf(l, sizeof l, "%d", limit + 1);
    const char *p[] = {id, a, l};
    return portfolio_one_text(c, sql, 3, p, json, err);
}

bool db_portfolio_items(PGconn *c, const char *id, long long after, int limit, char **json,
                        struct rd_error *err)
{
    return page_text(
        c,
        "SELECT (SELECT coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object("
        " 'position', i.position, 'ref', i.ref, 'name', nullif(i.name, ''), 'kind', i.kind,"
        " 'jurisdiction', i.jurisdiction, 'binds', i.binds, 'purpose', i.purpose,"
        " 'category', i.category, 'identifier', i.identifier)) || jsonb_build_object("
        " 'answer', jsonb_build_object('verdict', i.verdict, 'since', " RFC3339(
            "i.since") ","
                       " 'rulings', to_jsonb(i.rulings), 'evaluated_at', " RFC3339(
                           "i.evaluated_at") "))"
                                             " ORDER BY i.position), '[]') FROM (SELECT * FROM portfolio_items"
                                             " WHERE portfolio_id = $1 AND position > $2::bigint ORDER BY position"
                                             " LIMIT $3::integer) i)::text FROM portfolios WHERE id = $1",
        id, after, limit, json, err);
}

bool db_portfolio_events(PGconn *c, const char *id, long long after, int limit, char **json,
                         struct rd_error *err)
{
    return page_text(c,
                     "SELECT (SELECT coalesce(jsonb_agg(jsonb_build_object('seq', e.seq,"
                     " 'id', e.event_id, 'type', e.type, 'portfolio', e.portfolio_id,"
                     " 'ref', e.ref, 'at', " RFC3339(
                         "e.at") ", 'before', e.before,"
                                 " 'after', e.after, 'cause', e.cause) ORDER BY e.seq), '[]') FROM"
                                 " (SELECT * FROM portfolio_events WHERE portfolio_id = $1"
                                 " AND seq > $2::bigint ORDER BY seq LIMIT $3::integer) e)::text"
                                 " FROM portfolios WHERE id = $1",
                     id, after, limit, json, err);
}
