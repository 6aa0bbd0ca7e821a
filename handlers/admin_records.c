/* GET, POST, PUT and DELETE of single records under /v1/admin/, for every entity. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "handlers/admin.h"
#include "handlers/handlers.h"
#include "handlers/params.h"
#include "rulings/dataset_json.h"
#include "lib/jsonw.h"

/* Is `id` a possible id of the entity? An impossible one is simply not found. */
static bool plausible_id(enum admin_entity e, const char *id)
{
    if (!id) return false;
    if (e != ENTITY_ALIAS) return dataset_valid_id(id);
    size_t n = strlen(id);
    if (n == 0 || n > 18 || id[0] == '0') return false;
    for (size_t i = 0; i < n; i++)
        if (id[i] < '0' || id[i] > '9') return false;
    return true;
}

static void reply_not_found(struct request *req, const struct admin_kind *k, const char *id)
{
    char detail[200];
    snprintf(detail, sizeof detail, "no %s has the id \"%.100s\"",
             enum_name(&ADMIN_ENTITIES, (int)k->entity), id ? id : "");
    reply_problem(req, PROBLEM_NOT_FOUND, detail, NULL);
}

static void render_record(struct jw *w, const struct admin_record *r)
{
    jw_object_begin(w);
    switch (r->entity) {
    case ENTITY_SOURCE:
        dataset_json_source_members(w, &r->ds.sources[0]);
        break;
    case ENTITY_SUBJECT:
        dataset_json_subject_members(w, &r->ds.subjects[0]);
        break;
    case ENTITY_ALIAS:
        JW_MEMBER_INT(w, "id", (long long)r->ds.aliases[0].id);
        JW_MEMBER_STRING(w, "subject", r->ds.aliases[0].subject_id);
        dataset_json_alias_members(w, &r->ds.aliases[0]);
        break;
    default:
        dataset_json_ruling_members(w, &r->ds.rulings[0]);
        break;
    }
    JW_MEMBER_INT(w, "version", (long long)r->version);
    jw_key(w, "created_at");
    jw_time(w, r->created_at);
    jw_key(w, "updated_at");
    jw_time(w, r->updated_at);
    jw_key(w, "revoked_at");
    jw_time_or_null(w, r->revoked_at != 0, r->revoked_at);
    jw_object_end(w);
}

static void set_etag(struct request *req, int64_t version)
{
    char etag[32];
    snprintf(etag, sizeof etag, "\"%" PRId64 "\"", version);
    reply_header(req, "ETag", etag);
}

/* The record with its version as ETag; writes also say the revision they made. */
static void reply_record(struct request *req, const struct admin_kind *k, unsigned status,
                         const struct admin_record *r)
{
    set_etag(req, r->version);
    if (r->revision) {
        admin_set_revision(req, r->revision);
        admin_wait_served(r->revision);
    }
    if (status == 201) {
        char id[32], location[200];
        snprintf(location, sizeof location, "%s/%s", k->collection,
                 admin_record_id(r, id, sizeof id));
        reply_header(req, "Location", location);
    }
    struct strbuf sb = {0};
    struct jw w;
    jw_init(&w, &sb);
    render_record(&w, r);
    reply_json(req, status, &sb);
}

static void current_version(struct jw *w, const void *ctx)
{
    JW_MEMBER_INT(w, "current_version", (long long)*(const int64_t *)ctx);
}

static void reply_invalid(struct request *req, const struct field_errors *fe)
{
    char detail[512];
    size_t n = fe->count + fe->dropped;
    if (fe->count)
        snprintf(detail, sizeof detail, "%s: %s%s", fe->items[0].field, fe->items[0].message,
                 n > 1 ? " (and more: see errors)" : "");
    else
        snprintf(detail, sizeof detail, "the record is not valid");
    reply_problem(req, PROBLEM_VALIDATION_FAILED, detail, fe);
}

/* Answers a write or read that did not succeed. */
static void reply_status(struct request *req, const struct admin_kind *k, const char *id,
                         enum admin_status st, const struct admin_record *out,
                         const struct field_errors *fe, const struct rd_error *err,
                         int64_t if_match)
{
    switch (st) {
    case ADMIN_OK:
        break;
    case ADMIN_NOT_FOUND:
        reply_not_found(req, k, id);
        break;
    case ADMIN_STALE: {
        char detail[200];
        snprintf(detail, sizeof detail,
                 "If-Match names version %" PRId64 " but the record is at version %" PRId64
                 ": read it again and reapply your change",
                 if_match, out->version);
        set_etag(req, out->version);
        struct strbuf sb = {0};
        problem_render_ext(&sb, PROBLEM_PRECONDITION_FAILED, detail, NULL, req_path(req),
                           current_version, &out->version);
        reply_body(req, 412, "application/problem+json", &sb);
        break;
    }
    case ADMIN_CONFLICT:
        reply_problem(req, PROBLEM_CONFLICT, err->message, NULL);
        break;
    case ADMIN_INVALID:
        reply_invalid(req, fe);
        break;
    case ADMIN_HAS_DEPENDENTS: /* answered by handle_admin_revoke, which has them */
        reply_problem(req, PROBLEM_CONFLICT, "live records depend on it", NULL);
        break;
    case ADMIN_UNAVAILABLE:
        reply_db_unavailable(req, "PostgreSQL is unavailable: nothing was written");
        break;
    case ADMIN_FAILED:
        admin_reply_failed(req, "admin write", err);
        break;
    }
}

void handle_admin_get(struct request *req)
{
    const struct admin_kind *k = req_route_context(req);
    const char *id = req_path_param(req, 0);
    if (!params_none(req)) return;
    if (!plausible_id(k->entity, id)) {
        reply_not_found(req, k, id);
        return;
    }
    struct admin_record out;
    struct rd_error err = {0};
    if (!admin_record_init(&out, k->entity)) {
        reply_problem(req, PROBLEM_INTERNAL, "out of memory", NULL);
        return;
    }
    enum admin_status st = db_admin_get(req_pool(req), k->entity, id, &out, &err);
    if (st == ADMIN_OK)
        reply_record(req, k, 200, &out);
    else
        reply_status(req, k, id, st, &out, NULL, &err, 0);
    admin_record_free(&out);
}

/* Reads and validates the body into `in`; false when it has answered. */
static bool read_record(struct request *req, const struct admin_kind *k, const char *path_id,
                        struct admin_record *in)
{
    json_t *body;
    if (!admin_read_json(req, &body)) return false;
    struct field_errors fe = {0};
    bool ok = k->parse(in, body, path_id, &fe) && fe.count == 0 && fe.dropped == 0;
    json_decref(body);
    if (!ok) {
        if (fe.count == 0) field_errors_add(&fe, "body", "invalid", "is not a valid record");
        reply_invalid(req, &fe);
    }
    field_errors_free(&fe);
    return ok;
}

static void write_record(struct request *req, const struct admin_kind *k, bool create)
{
    const char *id = create ? NULL : req_path_param(req, 0);
    int64_t if_match = 0;
    if (!params_none(req)) return;
    if (!create && !plausible_id(k->entity, id)) {
        reply_not_found(req, k, id);
        return;
    }
    if (!create && !admin_if_match(req, &if_match)) return;
    struct admin_record in, out;
    bool ready = admin_record_init(&in, k->entity);
    ready = admin_record_init(&out, k->entity) && ready;
    if (!ready) {
        reply_problem(req, PROBLEM_INTERNAL, "out of memory", NULL);
    } else if (read_record(req, k, id, &in)) {
        struct field_errors fe = {0};
        struct rd_error err = {0};
        enum admin_status st =
            create ? db_admin_create(req_pool(req), req_actor(req), &in, &out, &fe, &err)
                   : db_admin_replace(req_pool(req), req_actor(req), id, if_match, &in, &out, &fe,
                                      &err);
        if (st == ADMIN_OK)
            reply_record(req, k, create ? 201 : 200, &out);
        else
            reply_status(req, k, id, st, &out, &fe, &err, if_match);
        field_errors_free(&fe);
    }
    admin_record_free(&in);
    admin_record_free(&out);
}

void handle_admin_create(struct request *req)
{
    write_record(req, req_route_context(req), true);
}

void handle_admin_replace(struct request *req)
{
    write_record(req, req_route_context(req), false);
}

/* `cascade`, for the entities records depend on (sources, subjects); false when answered. */
static bool read_cascade(struct request *req, const struct admin_kind *k, bool *cascade)
{
    static const char *const allowed[] = {"cascade", NULL};
    *cascade = false;
    if (k->entity != ENTITY_SOURCE && k->entity != ENTITY_SUBJECT) return params_none(req);
    struct params p;
    params_begin(&p, req, allowed);
    *cascade = params_bool(&p, "cascade", false);
    return !params_reply_if_invalid(&p);
}

static void write_dependents(struct jw *w, const void *ctx)
{
    const struct dependents *d = ctx;
    jw_key(w, "dependents");
    jw_array_begin(w);
    for (size_t i = 0; i < d->n; i++) {
        jw_object_begin(w);
        JW_MEMBER_STRING(w, "entity", d->items[i].entity);
        JW_MEMBER_STRING(w, "id", d->items[i].id);
        jw_object_end(w);
    }
    jw_array_end(w);
    JW_MEMBER_INT(w, "dependents_total", d->total);
}

/* 409: live records depend on the record (db/dependents.h), the first ones listed. */
static void reply_dependents(struct request *req, const struct admin_kind *k, const char *id,
                             const struct dependents *d)
{
    char detail[400];
    snprintf(detail, sizeof detail,
             "%lld live record%s depend%s on the %s \"%.100s\" (listed in dependents%s): revoke "
             "those first, or send the DELETE with cascade=true to revoke them with it; nothing "
             "was written",
             d->total, d->total == 1 ? "" : "s", d->total == 1 ? "s" : "",
             enum_name(&ADMIN_ENTITIES, (int)k->entity), id,
             d->total > (long long)d->n ? ", the first ones" : "");
    struct strbuf sb = {0};
    problem_render_ext(&sb, PROBLEM_CONFLICT, detail, NULL, req_path(req), write_dependents, d);
    reply_body(req, 409, "application/problem+json", &sb);
}

void handle_admin_revoke(struct request *req)
{
    const struct admin_kind *k = req_route_context(req);
    const char *id = req_path_param(req, 0);
    int64_t if_match = 0;
    bool cascade;
    if (!read_cascade(req, k, &cascade)) return;
    if (!plausible_id(k->entity, id)) {
        reply_not_found(req, k, id);
        return;
    }
    if (!admin_if_match(req, &if_match)) return;
    struct admin_record out;
    if (!admin_record_init(&out, k->entity)) {
        reply_problem(req, PROBLEM_INTERNAL, "out of memory", NULL);
        return;
    }
    struct rd_error err = {0};
    static _Thread_local struct dependents deps;
    enum admin_status st = db_admin_revoke(req_pool(req), req_actor(req), k->entity, id, if_match,
                                           cascade, &out, &deps, &err);
    if (st == ADMIN_OK)
        reply_record(req, k, 200, &out);
    else if (st == ADMIN_HAS_DEPENDENTS)
        reply_dependents(req, k, id, &deps);
    else
        reply_status(req, k, id, st, &out, NULL, &err, if_match);
    admin_record_free(&out);
}
