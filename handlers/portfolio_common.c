/* Helpers shared by the portfolio handlers (handlers/portfolio.h). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/conn.h"
#include "db/portfolios.h"
#include "db/tx.h"
#include "handlers/portfolio.h"
#include "lib/jsonw.h"

bool portfolio_db(struct request *req, bool (*fn)(PGconn *c, void *ctx, struct rd_error *err),
                  void *ctx, const char *conflict)
{
    bool unavailable = false;
    struct rd_error err = {0};
    if (db_with_conn(req_pool(req), fn, ctx, &unavailable, &err)) return true;
    if (unavailable) {
        reply_db_unavailable(req, "PostgreSQL is unavailable: portfolios are kept there");
    } else if (conflict && strcmp(err.sqlstate, SQLSTATE_UNIQUE_VIOLATION) == 0) {
        reply_problem(req, PROBLEM_CONFLICT, conflict, NULL);
    } else {
        req_log_error(req, "portfolio: %s", err.message);
        reply_problem(req, PROBLEM_INTERNAL, "the portfolio could not be read or written", NULL);
    }
    return false;
}

bool portfolio_valid_id(const char *id)
{
    size_t n = strlen(id);
    if (n == 0 || n > 128) return false;
    for (size_t i = 0; i < n; i++) {
        char c = id[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  (i > 0 && (c == '.' || c == '_' || c == '-'));
        if (!ok) return false;
    }
    return true;
}

void portfolio_not_found(struct request *req, const char *id)
{
    (void)id;
    reply_problem(req, PROBLEM_NOT_FOUND, "there is no portfolio with this id", NULL);
}

const char *portfolio_path_id(struct request *req)
{
    const char *id = req_path_param(req, 0);
    if (id && portfolio_valid_id(id)) return id;
    portfolio_not_found(req, id);
    return NULL;
}

void portfolio_reply_json(struct request *req, unsigned status, char *json, const char *key,
                          const char *next)
{
    struct strbuf sb = {0};
    if (!key) {
        sb_puts(&sb, json);
    } else {
        struct jw w;
        jw_init(&w, &sb);
        jw_object_begin(&w);
        jw_key(&w, key);
        jw_raw(&w, json, strlen(json));
        jw_key(&w, "next");
        jw_string(&w, next);
        jw_object_end(&w);
    }
    free(json);
    reply_json(req, status, &sb);
}

struct current {
    const char *id;
    char *json;
};

static bool current_fn(PGconn *c, void *ctx, struct rd_error *err)
{
    struct current *cur = ctx;
    free(cur->json);
    return db_portfolio_get(c, cur->id, &cur->json, err);
}

void portfolio_reply_current(struct request *req, const char *id, unsigned status)
{
    struct current cur = {.id = id};
    if (!portfolio_db(req, current_fn, &cur, NULL)) return;
    if (!cur.json) {
        portfolio_not_found(req, id);
        return;
    }
    portfolio_reply_json(req, status, cur.json, NULL, NULL);
}

void portfolio_reply_page(struct request *req, const char *id, char *json, bool events, int limit)
{
    json_t *rows = json_loads(json, 0, NULL);
    free(json);
    if (!json_is_array(rows)) {
        json_decref(rows);
        reply_problem(req, PROBLEM_INTERNAL, "the page could not be read", NULL);
        return;
    }
    bool more = json_array_size(rows) > (size_t)limit;
    if (more) json_array_remove(rows, (size_t)limit);
    size_t n = json_array_size(rows);
    const char *mark = events ? "seq" : "position";
    long long last =
        n ? (long long)json_integer_value(json_object_get(json_array_get(rows, n - 1), mark)) : -1;
    char next[300] = "";
    if (events) {
        /* a feed: where to poll next, also when nothing is new (the same since) */
        const char *since = NULL;
        size_t len;
        long long from =
            last >= 0 ? last : (req_query(req, "since", &since, &len) ? atoll(since) : 0);
        snprintf(next, sizeof next, "/v1/portfolios/%s/events?since=%lld&limit=%d", id, from,
                 limit);
    } else if (more) {
        snprintf(next, sizeof next, "/v1/portfolios/%s/items?cursor=p%lld&limit=%d", id, last,
                 limit);
    }
    char *text = json_dumps(rows, JSON_COMPACT);
    json_decref(rows);
    if (!text) {
        reply_problem(req, PROBLEM_INTERNAL, "out of memory", NULL);
        return;
    }
    if (more || !events) reply_link_next(req, *next ? next : NULL);
    portfolio_reply_json(req, 200, text, events ? "events" : "items", *next ? next : NULL);
}
