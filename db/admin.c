#include "db/admin.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/admin_sql.h"
#include "db/conn.h"
#include "db/hierarchy.h"
#include "db/load.h"
#include "db/refusal.h"
#include "db/tx.h"
#include "lib/log.h"
#include "rulings/change_image.h"

static const char *const entity_names[] = {"source", "subject", "alias", "ruling"};
const struct enum_names ADMIN_ENTITIES = {entity_names, ENTITY_COUNT};

bool admin_record_init(struct admin_record *r, enum admin_entity entity)
{
    memset(r, 0, sizeof *r);
    r->entity = entity;
    return dataset_reserve(&r->ds, 1, 1, 1, 1);
}

void admin_record_free(struct admin_record *r)
{
    dataset_free(&r->ds);
}

/* Empties a record for another attempt, keeping its arrays. */
static void admin_record_reset(struct admin_record *r)
{
    r->ds.n_sources = r->ds.n_subjects = r->ds.n_aliases = r->ds.n_rulings = 0;
    r->version = r->created_at = r->updated_at = r->revoked_at = 0;
    r->revision = 0;
}

const char *admin_record_id(const struct admin_record *r, char *buf, size_t size)
{
    switch (r->entity) {
    case ENTITY_SOURCE:
        return r->ds.sources[0].id;
    case ENTITY_SUBJECT:
        return r->ds.subjects[0].id;
    case ENTITY_ALIAS:
        snprintf(buf, size, "%" PRId64, r->ds.aliases[0].id);
        return buf;
    default:
        return r->ds.rulings[0].id;
    }
}

/* The one row of an entity's `select`: the record and its version (db/records.h), then
 * created, updated, revoked. */
static void fill(struct admin_record *r, const PGresult *res)
{
    int c = record_read_row(&r->ds, (enum record_kind)r->entity, res, 0);
    r->version = db_int(res, 0, c - 1);
    r->created_at = db_int(res, 0, c);
    r->updated_at = db_int(res, 0, c + 1);
    r->revoked_at = db_int(res, 0, c + 2);
}

/* Reads the record `id` into `out`; false with err on a database error. */
static bool fetch(PGconn *c, const struct entity_sql *e, const char *id, struct admin_record *out,
                  bool *found, struct rd_error *err)
{
    const char *p[] = {id};
    PGresult *res = db_query(c, e->select, 1, p, err);
    if (!res) return false;
    *found = PQntuples(res) == 1;
    if (*found) fill(out, res);
    PQclear(res);
    return true;
}

struct get_ctx {
    const struct entity_sql *e;
    const char *id;
    struct admin_record *out;
    bool found;
};

static bool get_body(PGconn *c, void *ctx, struct rd_error *err)
{
    struct get_ctx *g = ctx;
    admin_record_reset(g->out);
    return fetch(c, g->e, g->id, g->out, &g->found, err);
}

enum admin_status db_admin_get(struct db_pool *pool, enum admin_entity entity, const char *id,
                               struct admin_record *out, struct rd_error *err)
{
    struct get_ctx g = {entity_sql(entity), id, out, false};
    bool unavailable;
    if (!db_with_conn(pool, get_body, &g, &unavailable, err))
        return unavailable ? ADMIN_UNAVAILABLE : ADMIN_FAILED;
    return g.found ? ADMIN_OK : ADMIN_NOT_FOUND;
}

enum op { OP_CREATE, OP_REPLACE, OP_REVOKE };

struct write_ctx {
    enum op op;
    const struct entity_sql *e;
    enum admin_entity entity;
    const struct admin_record *in; /* create, replace */
    const char *id;                /* replace, revoke */
    int64_t if_match;
    struct admin_record *out;
    struct field_errors *fe;
    bool cascade;            /* revoke: what depends on the record too */
    struct dependents *deps; /* revoke: what depends on it */
    enum admin_status status;
    char message[256];
    char created_id[32]; /* a new alias's row id */
};

/* A revoke: what depends on the record goes with it when asked (cascade); else nothing is
 * written, and the answer lists it. */
static enum tx_outcome check_dependents(PGconn *c, struct write_ctx *w, struct rd_error *err)
{
    enum record_kind k = (enum record_kind)w->entity;
    if (!db_dependents_list(c, k, w->id, w->deps, err)) return TX_ERROR;
    if (w->deps->total == 0) return TX_COMMIT;
    if (w->cascade) return db_dependents_revoke(c, k, w->id, err) ? TX_COMMIT : TX_ERROR;
    w->status = ADMIN_HAS_DEPENDENTS;
    return TX_ROLLBACK;
}

/* A subject written (and so moved, or restored): no subject at or below it may now lie
 * deeper than evaluation follows. */
static enum tx_outcome check_depth(PGconn *c, struct write_ctx *w, struct rd_error *err)
{
    if (w->entity != ENTITY_SUBJECT || !w->in) return TX_COMMIT;
    if (!db_hierarchy_check(c, &w->in->ds, "parent", w->fe, err)) return TX_ERROR;
    if (w->fe->count == 0 && w->fe->dropped == 0) return TX_COMMIT;
    w->status = ADMIN_INVALID;
    return TX_ROLLBACK;
}

/* Each reference of the record must name a live record; every failure is listed. */
static enum tx_outcome check_references(PGconn *c, struct write_ctx *w,
                                        const struct record_params *p, struct rd_error *err)
{
    for (size_t i = 0; i < n_ref_checks; i++) {
        const struct ref_check *rc = &ref_checks[i];
        if (rc->entity != w->entity || !p->v[rc->params[0]]) continue;
        const char *args[2] = {p->v[rc->params[0]],
                               rc->params[1] >= 0 ? p->v[rc->params[1]] : NULL};
        PGresult *res = db_query(c, rc->sql, rc->params[1] >= 0 ? 2 : 1, args, err);
        if (!res) return TX_ERROR;
        bool fine = PQgetvalue(res, 0, 0)[0] == 't';
        PQclear(res);
        if (!fine) field_errors_add(w->fe, rc->field, rc->code, "%s \"%s\"", rc->message, args[0]);
    }
    return TX_COMMIT;
}

/* Locks the stored record and checks it against the request. TX_COMMIT = go on. */
static enum tx_outcome check_current(PGconn *c, struct write_ctx *w, struct rd_error *err)
{
    const char *p[] = {w->id};
    PGresult *res = db_query(c, w->e->lock, 1, p, err);
    if (!res) return TX_ERROR;
    bool found = PQntuples(res) == 1;
    int64_t version = found ? db_int(res, 0, 0) : 0;
    bool revoked = found && PQgetvalue(res, 0, 1)[0] == 't';
    PQclear(res);
    w->out->version = version;
    if (w->op == OP_CREATE) {
        if (!found) return TX_COMMIT;
        w->status = ADMIN_CONFLICT;
        snprintf(w->message, sizeof w->message,
                 "%s with this id exists already%s: change it with PUT and If-Match: \"%" PRId64
                 "\"",
                 w->e->label, revoked ? " (revoked)" : "", version);
        return TX_ROLLBACK;
    }
    if (!found) {
        w->status = ADMIN_NOT_FOUND;
        return TX_ROLLBACK;
    }
    if (version != w->if_match) {
        w->status = ADMIN_STALE;
        return TX_ROLLBACK;
    }
    if (w->op == OP_REVOKE && revoked) {
        w->status = ADMIN_CONFLICT;
        snprintf(w->message, sizeof w->message, "%s is revoked already", w->e->label);
        return TX_ROLLBACK;
    }
    return TX_COMMIT;
}

static enum tx_outcome write_body(PGconn *c, void *ctx, struct rd_error *err)
{
    struct write_ctx *w = ctx;
    admin_record_reset(w->out);
    field_errors_free(w->fe);
    w->status = ADMIN_FAILED;
    w->message[0] = '\0';
    struct record_params p = {0};
    /* what the parameters build (array literals, JSON) goes into the record's own arena,
     * freed with it; a retried transaction adds a few hundred bytes */
    if (w->in)
        record_params_at((struct arena *)&w->in->ds.arena, &w->in->ds, (enum record_kind)w->entity,
                         0, &p);
    if (w->op == OP_CREATE) w->id = w->e->numeric_id ? NULL : p.v[0];
    enum tx_outcome out = TX_COMMIT;
    if (w->id) out = check_current(c, w, err);
    if (out == TX_COMMIT && w->in) out = check_references(c, w, &p, err);
    if (out == TX_COMMIT && w->op == OP_REVOKE) out = check_dependents(c, w, err);
    if (out != TX_COMMIT) return out;
    if (w->fe->count || w->fe->dropped) {
        w->status = ADMIN_INVALID;
        return TX_ROLLBACK;
    }
    const char *sql = w->op == OP_CREATE    ? w->e->insert
                      : w->op == OP_REPLACE ? w->e->update
                                            : w->e->revoke;
    if (w->op == OP_REVOKE) {
        p.v[0] = w->id;
        p.n = 1;
    } else if (w->op == OP_REPLACE && w->e->numeric_id) {
        p.v[p.n++] = w->id;
    }
    PGresult *res = db_query(c, sql, p.n, p.v, err);
    if (!res) return TX_ERROR;
    if (w->op == OP_CREATE && w->e->numeric_id) {
        snprintf(w->created_id, sizeof w->created_id, "%s", PQgetvalue(res, 0, 0));
        w->id = w->created_id;
    }
    PQclear(res);
    out = check_depth(c, w, err);
    if (out != TX_COMMIT) return out;
    bool found = false;
    if (!fetch(c, w->e, w->id, w->out, &found, err)) return TX_ERROR;
    int64_t revision;
    if (!db_revision(c, &revision, err)) return TX_ERROR;
    w->out->revision = revision;
    w->status = ADMIN_OK;
    return TX_COMMIT;
}

/* The field a refused constraint is about, from PostgreSQL's message ("... violates check
 * constraint \"rulings_binds_check\""): "<table>_<column>_check" or "..._fkey". */
static void constraint_field(const struct entity_sql *e, const char *message, char *out,
                             size_t size)
{
    snprintf(out, size, "body");
    const char *q = strstr(message, "constraint \"");
    if (!q) return;
    q += strlen("constraint \"");
    size_t t = strlen(e->table);
    if (strncmp(q, e->table, t) != 0 || q[t] != '_') return;
    const char *col = q + t + 1;
    const char *close = strchr(col, '"');
    if (!close) return;
    const char *end = col;
    for (const char *x = col; x < close; x++)
        if (*x == '_') end = x; /* the last '_' before the closing quote */
    if (end == col) return;
    char column[64];
    snprintf(column, sizeof column, "%.*s", (int)(end - col), col);
    snprintf(out, size, "%s", image_field_of_column(column));
}

static enum admin_status run_write(struct db_pool *pool, const char *actor, struct write_ctx *w,
                                   struct rd_error *err)
{
    switch (db_tx_write(pool, actor, write_body, w, err)) {
    case DB_TX_COMMITTED:
    case DB_TX_ROLLED_BACK:
        if (w->message[0]) rd_error_set(err, "%s", w->message);
        return w->status;
    case DB_TX_UNAVAILABLE:
        return ADMIN_UNAVAILABLE;
    case DB_TX_FAILED:
        break;
    }
    /* Refusals PostgreSQL made itself (the checks above make them rare). */
    const char *st = err->sqlstate;
    if (strcmp(st, SQLSTATE_UNIQUE_VIOLATION) == 0) {
        rd_error_set(err, "%s with these values exists already (a unique key is taken)",
                     w->e->label);
        return ADMIN_CONFLICT;
    }
    if (strcmp(st, SQLSTATE_FOREIGN_KEY_VIOLATION) == 0 ||
        strcmp(st, SQLSTATE_CHECK_VIOLATION) == 0 ||
        strncmp(st, SQLSTATE_CLASS_DATA, strlen(SQLSTATE_CLASS_DATA)) == 0) {
        /* PostgreSQL's message quotes values and names constraints: logged, and the
         * client is told in our words about the field the constraint names. */
        char field[64];
        constraint_field(w->e, err->message, field, sizeof field);
        log_msg(LOG_WARN, "PostgreSQL refused %s %s (SQLSTATE %s): %s", w->e->label,
                w->id ? w->id : "(new)", st, err->message);
        field_errors_add(w->fe, field, "refused", "was refused by the database: %s",
                         db_refusal_reason(st));
        return ADMIN_INVALID;
    }
    return ADMIN_FAILED;
}

enum admin_status db_admin_create(struct db_pool *pool, const char *actor,
                                  const struct admin_record *in, struct admin_record *out,
                                  struct field_errors *fe, struct rd_error *err)
{
    struct write_ctx w = {.op = OP_CREATE,
                          .e = entity_sql(in->entity),
                          .entity = in->entity,
                          .in = in,
                          .out = out,
                          .fe = fe};
    return run_write(pool, actor, &w, err);
}

enum admin_status db_admin_replace(struct db_pool *pool, const char *actor, const char *id,
                                   int64_t if_match, const struct admin_record *in,
                                   struct admin_record *out, struct field_errors *fe,
                                   struct rd_error *err)
{
    struct write_ctx w = {.op = OP_REPLACE,
                          .e = entity_sql(in->entity),
                          .entity = in->entity,
                          .in = in,
                          .id = id,
                          .if_match = if_match,
                          .out = out,
                          .fe = fe};
    return run_write(pool, actor, &w, err);
}

enum admin_status db_admin_revoke(struct db_pool *pool, const char *actor, enum admin_entity entity,
                                  const char *id, int64_t if_match, bool cascade,
                                  struct admin_record *out, struct dependents *deps,
                                  struct rd_error *err)
{
    struct field_errors fe = {0};
    struct write_ctx w = {.op = OP_REVOKE,
                          .e = entity_sql(entity),
                          .entity = entity,
                          .id = id,
                          .if_match = if_match,
                          .out = out,
                          .fe = &fe,
                          .cascade = cascade,
                          .deps = deps};
    enum admin_status st = run_write(pool, actor, &w, err);
    field_errors_free(&fe);
    return st;
}
