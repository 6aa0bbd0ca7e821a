/* Webhook subscriptions of a portfolio (issue 18; docs/api.md "Webhooks"):
 *   POST   /v1/portfolios/{id}/subscriptions {"url": …}  201, the secret shown this once
 *   GET    /v1/portfolios/{id}/subscriptions
 *   DELETE /v1/portfolios/{id}/subscriptions/{sub}
 *   GET    /v1/portfolios/{id}/subscriptions/{sub}/deliveries?since=&limit=  the delivery log
 *   POST   /v1/portfolios/{id}/subscriptions/{sub}/retry  every undelivered event due again
 * A target is checked when it is given (lib/url_target.h: its host resolved, no loopback,
 * link-local or private address unless RESTRICTD_WEBHOOK_ALLOW names it) and again at each
 * delivery. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/webhooks.h"
#include "handlers/admin.h"
#include "handlers/handlers.h"
#include "handlers/params.h"
#include "handlers/portfolio.h"
#include "lib/jsonw.h"
#include "lib/url_target.h"
#include "lib/webhook_sign.h"

struct sub_op {
    const char *pid, *sid, *url, *secret, *actor;
    char *json;
    bool found;
    long requeued;
    long long after;
    int limit;
};

static bool create_fn(PGconn *c, void *ctx, struct rd_error *err)
{
    struct sub_op *o = ctx;
    free(o->json);
    return db_subscription_create(c, o->pid, o->url, o->secret, o->actor, &o->json, err);
}

/* The body {"url": "https://…"}: false when answered (422 naming the field). */
static bool read_url(struct request *req, char *url, size_t size)
{
    json_t *body;
    if (!admin_read_json(req, &body)) return false;
    struct field_errors fe = {0};
    const char *key;
    json_t *v;
    json_object_foreach(body, key, v)
    {
        if (strcmp(key, "url") != 0)
            field_errors_add(&fe, key, "unknown_field", "is not a field of a subscription");
    }
    const char *u = json_string_value(json_object_get(body, "url"));
    struct url_target t;
    struct rd_error why = {0};
    if (!json_is_object(body))
        field_errors_add(&fe, "body", "invalid_type", "must be an object");
    else if (!u)
        field_errors_add(&fe, "url", "required", "is required: the URL events are sent to");
    else if (strlen(u) < 8 || strlen(u) >= size)
        field_errors_add(&fe, "url", "invalid_value", "must be 8 to 2047 bytes");
    else if (!url_target_parse(u, &t, &why))
        field_errors_add(&fe, "url", "invalid_url", "%s", why.message);
    else if (!url_target_resolve(&t, req_settings(req)->webhook_allow, &why))
        field_errors_add(&fe, "url", "refused_target", "%s", why.message);
    bool ok = fe.count == 0 && fe.dropped == 0;
    if (ok)
        snprintf(url, size, "%s", u);
    else
        reply_problem(req, PROBLEM_VALIDATION_FAILED, "the subscription is not valid", &fe);
    field_errors_free(&fe);
    json_decref(body);
    return ok;
}

void handle_subscription_create(struct request *req)
{
    const char *pid = portfolio_path_id(req);
    char url[2048], secret[WEBHOOK_SECRET_MAX];
    if (!pid || !params_none(req) || !read_url(req, url, sizeof url)) return;
    if (!webhook_secret_new(secret)) {
        reply_problem(req, PROBLEM_INTERNAL, "no secret could be made", NULL);
        return;
    }
    struct sub_op o = {.pid = pid, .url = url, .secret = secret, .actor = req_actor(req)};
    if (!portfolio_db(req, create_fn, &o, NULL)) return;
    if (!o.json) {
        portfolio_not_found(req, pid);
        return;
    }
    /* the one answer that shows the secret: added to the stored record's JSON */
    json_t *rec = json_loads(o.json, 0, NULL);
    free(o.json);
    json_object_set_new(rec, "secret", json_string(secret));
    char *text = rec ? json_dumps(rec, JSON_COMPACT) : NULL;
    char location[400];
    snprintf(location, sizeof location, "/v1/portfolios/%s/subscriptions/%s", pid,
             json_string_value(json_object_get(rec, "id")));
    json_decref(rec);
    if (!text) {
        reply_problem(req, PROBLEM_INTERNAL, "out of memory", NULL);
        return;
    }
    reply_header(req, "Location", location);
    portfolio_reply_json(req, 201, text, NULL, NULL);
}

static bool list_fn(PGconn *c, void *ctx, struct rd_error *err)
{
    struct sub_op *o = ctx;
    free(o->json);
    return db_subscription_list(c, o->pid, &o->json, err);
}

void handle_subscription_list(struct request *req)
{
    const char *pid = portfolio_path_id(req);
    if (!pid || !params_none(req)) return;
    struct sub_op o = {.pid = pid};
    if (!portfolio_db(req, list_fn, &o, NULL)) return;
    if (!o.json) {
        portfolio_not_found(req, pid);
        return;
    }
    portfolio_reply_json(req, 200, o.json, "subscriptions", NULL);
}

static bool delete_fn(PGconn *c, void *ctx, struct rd_error *err)
{
    struct sub_op *o = ctx;
    return db_subscription_delete(c, o->pid, o->sid, o->actor, &o->found, err);
}

static void no_subscription(struct request *req)
{
    reply_problem(req, PROBLEM_NOT_FOUND, "this portfolio has no subscription with this id", NULL);
}

void handle_subscription_delete(struct request *req)
{
    const char *pid = portfolio_path_id(req);
    if (!pid || !params_none(req)) return;
    struct sub_op o = {.pid = pid, .sid = req_path_param(req, 1), .actor = req_actor(req)};
    if (!portfolio_db(req, delete_fn, &o, NULL)) return;
    if (!o.found) {
        no_subscription(req);
        return;
    }
    struct strbuf sb = {0};
    sb_puts(&sb, "{\"deleted\":true}");
    reply_json(req, 200, &sb);
}

static bool deliveries_fn(PGconn *c, void *ctx, struct rd_error *err)
{
    struct sub_op *o = ctx;
    free(o->json);
    return db_subscription_deliveries(c, o->pid, o->sid, o->after, o->limit, &o->json, err);
}

void handle_subscription_deliveries(struct request *req)
{
    static const char *const allowed[] = {"since", "limit", NULL};
    const char *pid = portfolio_path_id(req);
    if (!pid) return;
    struct params p;
    params_begin(&p, req, allowed);
    struct sub_op o = {.pid = pid, .sid = req_path_param(req, 1)};
    o.after = params_integer(&p, "since", 0, 9000000000000000000L, 0);
    o.limit = (int)params_integer(&p, "limit", 1, 1000, 100);
    if (params_reply_if_invalid(&p) || !portfolio_db(req, deliveries_fn, &o, NULL)) return;
    if (!o.json) {
        no_subscription(req);
        return;
    }
    portfolio_reply_json(req, 200, o.json, "deliveries", NULL);
}

static bool retry_fn(PGconn *c, void *ctx, struct rd_error *err)
{
    struct sub_op *o = ctx;
    return db_subscription_retry(c, o->pid, o->sid, o->actor, &o->found, &o->requeued, err);
}

void handle_subscription_retry(struct request *req)
{
    const char *pid = portfolio_path_id(req);
    if (!pid || !params_none(req)) return;
    struct sub_op o = {.pid = pid, .sid = req_path_param(req, 1), .actor = req_actor(req)};
    if (!portfolio_db(req, retry_fn, &o, NULL)) return;
    if (!o.found) {
        no_subscription(req);
        return;
    }
    struct strbuf sb = {0};
    struct jw w;
    jw_init(&w, &sb);
    jw_object_begin(&w);
    JW_MEMBER_INT(&w, "requeued", o.requeued);
    jw_object_end(&w);
    reply_json(req, 200, &sb);
}
