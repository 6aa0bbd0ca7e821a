#include "db/history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/conn.h"
#include "db/sql_time.h"
#include "db/tx.h"

static const char q_changes[] = "SELECT revision, " SQL_EPOCH_US(
    "at") ", actor, action, entity, entity_id,"
          " before::text, after::text FROM changes"
          " WHERE revision > $1::bigint"
          " AND ($2::bigint IS NULL OR at >= " SQL_FROM_US(
              "$2") ")"
                    " AND ($3::text IS NULL OR entity = $3) AND ($4::text IS NULL OR entity_id = $4)"
                    " AND ($5::text IS NULL OR actor = $5)"
                    " ORDER BY revision LIMIT $6::integer + 1";

/* Token changes in the same shape; the image holds the name and role, never the hash. */
static const char q_tokens[] = "SELECT id, " SQL_EPOCH_US(
    "at") ", actor, action, 'token', name, NULL,"
          " jsonb_build_object('name', name, 'role', role)::text FROM token_changes"
          " WHERE id > $1::bigint"
          " AND ($2::bigint IS NULL OR at >= " SQL_FROM_US(
              "$2") ")"
                    " AND ($3::text IS NULL OR $3 = 'token') AND ($4::text IS NULL OR name = $4)"
                    " AND ($5::text IS NULL OR actor = $5)"
                    " ORDER BY id LIMIT $6::integer + 1";

struct page_ctx {
    const struct change_query *q;
    struct change_page *page;
};

static const char *text_or_null(const PGresult *res, int row, int col)
{
    return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

static bool page_body(PGconn *c, void *ctx, struct rd_error *err)
{
    struct page_ctx *pc = ctx;
    const struct change_query *q = pc->q;
    change_page_free(pc->page);
    char after[24], since[24], limit[16];
    snprintf(after, sizeof after, "%lld", q->after);
    snprintf(since, sizeof since, "%lld", (long long)q->since_us);
    snprintf(limit, sizeof limit, "%d", q->limit);
    const char *p[] = {after, q->since_us ? since : NULL, q->entity, q->entity_id, q->actor, limit};
    bool tokens = q->entity && strcmp(q->entity, "token") == 0;
    struct change_page *pg = pc->page;
    pg->rows =
        db_query_rows(c, tokens ? q_tokens : q_changes, 6, p, sizeof *pg->rows, &pg->res, err);
    if (!pg->rows) return false;
    const PGresult *res = pg->res;
    size_t n = (size_t)PQntuples(res);
    pg->more = n > (size_t)q->limit;
    if (pg->more) n = (size_t)q->limit;
    for (size_t i = 0; i < n; i++) {
        struct change_row *r = &pg->rows[i];
        int row = (int)i;
        r->revision = db_int(res, row, 0);
        r->at_us = db_int(res, row, 1);
        r->actor = PQgetvalue(res, row, 2);
        r->action = PQgetvalue(res, row, 3);
        r->entity = PQgetvalue(res, row, 4);
        r->entity_id = PQgetvalue(res, row, 5);
        r->before = text_or_null(res, row, 6);
        r->after = text_or_null(res, row, 7);
    }
    pg->n = n;
    return true;
}

bool db_change_page(struct db_pool *pool, const struct change_query *q, struct change_page *page,
                    bool *unavailable, struct rd_error *err)
{
    memset(page, 0, sizeof *page);
    struct page_ctx pc = {q, page};
    return db_with_conn(pool, page_body, &pc, unavailable, err);
}

void change_page_free(struct change_page *page)
{
    PQclear(page->res);
    free(page->rows);
    memset(page, 0, sizeof *page);
}
