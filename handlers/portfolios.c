/* /v1/portfolios: create, list, read, rename, delete (issue 18; docs/api.md "Monitoring").
 * A portfolio is {"id": "approved-vendors", "name": "Approved vendors"}; its items are
 * replaced as a whole (handlers/portfolio_items.c). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/portfolios.h"
#include "handlers/admin.h"
#include "handlers/handlers.h"
#include "handlers/params.h"
#include "handlers/portfolio.h"
#include "lib/utf8.h"

struct op {
    const char *id, *name, *actor;
    bool found;
};

/* The body {"id"?, "name"}: `id` required unless `path_id` gives it (then it must match). */
static bool read_body(struct request *req, const char *path_id, char *id, size_t id_size,
                      char *name, size_t name_size)
{
    json_t *body;
    if (!admin_read_json(req, &body)) return false;
    struct field_errors fe = {0};
    if (!json_is_object(body)) field_errors_add(&fe, "body", "invalid_type", "must be an object");
    const char *key;
    json_t *v;
    json_object_foreach(body, key, v)
    {
        if (strcmp(key, "id") != 0 && strcmp(key, "name") != 0)
            field_errors_add(&fe, key, "unknown_field", "is not a field of a portfolio");
    }
    const char *i = json_string_value(json_object_get(body, "id"));
    const char *n = json_string_value(json_object_get(body, "name"));
    if (json_object_get(body, "id") && (!i || !portfolio_valid_id(i)))
        field_errors_add(&fe, "id", "invalid_value",
                         "must be 1 to 128 of a-z, 0-9, '.', '_', '-', starting with a letter "
                         "or digit");
    else if (!i && !path_id)
        field_errors_add(&fe, "id", "required", "is required");
    else if (i && path_id && strcmp(i, path_id) != 0)
        field_errors_add(&fe, "id", "mismatch", "differs from the id in the path");
    if (!n)
        field_errors_add(&fe, "name", json_object_get(body, "name") ? "invalid_type" : "required",
                         "is required: a string");
    else if (!*n || strlen(n) >= name_size || !utf8_valid(n, strlen(n)))
        field_errors_add(&fe, "name", "invalid_value", "must be 1 to 500 bytes of UTF-8 text");
    bool ok = fe.count == 0 && fe.dropped == 0;
    if (ok) {
        snprintf(id, id_size, "%s", i ? i : path_id);
        snprintf(name, name_size, "%s", n);
    } else {
        reply_problem(req, PROBLEM_VALIDATION_FAILED, "the portfolio is not valid", &fe);
    }
    field_errors_free(&fe);
    json_decref(body);
    return ok;
}

static bool create_fn(PGconn *c, void *ctx, struct rd_error *err)
{
    struct op *o = ctx;
    return db_portfolio_create(c, o->id, o->name, o->actor, err);
}

static bool rename_fn(PGconn *c, void *ctx, struct rd_error *err)
{
    struct op *o = ctx;
    return db_portfolio_rename(c, o->id, o->name, o->actor, &o->found, err);
}

static bool delete_fn(PGconn *c, void *ctx, struct rd_error *err)
{
    struct op *o = ctx;
    return db_portfolio_delete(c, o->id, o->actor, &o->found, err);
}

static bool list_fn(PGconn *c, void *ctx, struct rd_error *err)
{
    char **json = ctx;
    free(*json);
    return db_portfolio_list(c, json, err);
}

void handle_portfolio_create(struct request *req)
{
    char id[130], name[501];
    if (!params_none(req) || !read_body(req, NULL, id, sizeof id, name, sizeof name)) return;
    struct op o = {.id = id, .name = name, .actor = req_actor(req)};
    if (!portfolio_db(req, create_fn, &o, "a portfolio with this id exists already")) return;
    char location[160];
    snprintf(location, sizeof location, "/v1/portfolios/%s", id);
    reply_header(req, "Location", location);
    portfolio_reply_current(req, id, 201);
}

void handle_portfolio_list(struct request *req)
{
    char *json = NULL;
    if (!params_none(req) || !portfolio_db(req, list_fn, &json, NULL)) return;
    portfolio_reply_json(req, 200, json, "portfolios", NULL);
}

void handle_portfolio_get(struct request *req)
{
    const char *id = portfolio_path_id(req);
    if (!id || !params_none(req)) return;
    portfolio_reply_current(req, id, 200);
}

void handle_portfolio_replace(struct request *req)
{
    const char *path_id = portfolio_path_id(req);
    char id[130], name[501];
    if (!path_id || !params_none(req) || !read_body(req, path_id, id, sizeof id, name, sizeof name))
        return;
    struct op o = {.id = id, .name = name, .actor = req_actor(req)};
    if (!portfolio_db(req, rename_fn, &o, NULL)) return;
    if (!o.found) {
        portfolio_not_found(req, id);
        return;
    }
    portfolio_reply_current(req, id, 200);
}

void handle_portfolio_delete(struct request *req)
{
    const char *id = portfolio_path_id(req);
    if (!id || !params_none(req)) return;
    struct op o = {.id = id, .actor = req_actor(req)};
    if (!portfolio_db(req, delete_fn, &o, NULL)) return;
    if (!o.found) {
        portfolio_not_found(req, id);
        return;
    }
    struct strbuf sb = {0};
    sb_puts(&sb, "{\"deleted\":true}");
    reply_json(req, 200, &sb);
}
