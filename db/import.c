#include "db/import.h"

#include <stdio.h>
#include <string.h>

#include "db/conn.h"
#include "db/hierarchy.h"
#include "db/refusal.h"
#include "db/seed.h"
#include "db/tx.h"

struct import_ctx {
    const struct dataset *ds;
    const struct import_options *opt;
    struct seed_report *report;
    struct import_conflict *conflicts;
    size_t *n_conflicts;
};

/* The records this transaction wrote (revisions after `start`) that someone else changed
 * after `based_on` (revisions up to `start`: writers hold the lock). */
static const char q_conflicts[] =
    "SELECT mine.entity, mine.entity_id, max(other.revision), (array_agg(other.actor"
    " ORDER BY other.revision DESC))[1] FROM changes mine JOIN changes other"
    " ON other.entity = mine.entity AND other.entity_id = mine.entity_id"
    " AND other.revision > $2::bigint AND other.revision <= $1::bigint"
    " WHERE mine.revision > $1::bigint GROUP BY 1, 2 ORDER BY 3 LIMIT $3::integer";

static bool find_conflicts(PGconn *c, struct import_ctx *im, struct rd_error *err)
{
    char start[24], based[24], limit[24];
    snprintf(start, sizeof start, "%lld", im->report->revision_before);
    snprintf(based, sizeof based, "%lld", im->opt->based_on);
    snprintf(limit, sizeof limit, "%d", IMPORT_MAX_CONFLICTS);
    const char *p[] = {start, based, limit};
    PGresult *res = db_query(c, q_conflicts, 3, p, err);
    if (!res) return false;
    *im->n_conflicts = (size_t)PQntuples(res);
    for (int i = 0; i < PQntuples(res); i++) {
        struct import_conflict *x = &im->conflicts[i];
        snprintf(x->entity, sizeof x->entity, "%s", PQgetvalue(res, i, 0));
        snprintf(x->id, sizeof x->id, "%s", PQgetvalue(res, i, 1));
        x->revision = db_int(res, i, 2);
        snprintf(x->actor, sizeof x->actor, "%s", PQgetvalue(res, i, 3));
    }
    PQclear(res);
    return true;
}

static enum tx_outcome import_body(PGconn *c, void *ctx, struct rd_error *err)
{
    struct import_ctx *im = ctx;
    seed_report_free(im->report); /* from an earlier attempt */
    const struct seed_options so = {.prune = im->opt->prune, .list_changes = true};
    if (!db_seed_write(c, im->ds, &so, im->report, err)) return TX_ERROR;
    /* the set was checked on its own; this sees stored subjects below the ones it moved */
    if (!db_hierarchy_refuse(c, im->ds, err)) return TX_ERROR;
    *im->n_conflicts = 0;
    if (im->opt->based_on >= 0 && !find_conflicts(c, im, err)) return TX_ERROR;
    if (!im->opt->dry_run && *im->n_conflicts == 0) return TX_COMMIT;
    return db_give_back_revisions(c, im->report->revision_before, err) ? TX_ROLLBACK : TX_ERROR;
}

enum import_status db_import(struct db_pool *pool, const char *actor, const struct dataset *ds,
                             const struct import_options *opt, struct seed_report *report,
                             struct import_conflict *conflicts, size_t *n_conflicts,
                             struct rd_error *err)
{
    struct import_ctx im = {ds, opt, report, conflicts, n_conflicts};
    *n_conflicts = 0;
    switch (db_tx_write(pool, actor, import_body, &im, err)) {
    case DB_TX_COMMITTED:
        return IMPORT_OK;
    case DB_TX_ROLLED_BACK:
        if (*n_conflicts == 0) return IMPORT_OK;
        seed_report_free(report);
        return IMPORT_CONFLICT;
    case DB_TX_UNAVAILABLE:
        seed_report_free(report);
        return IMPORT_UNAVAILABLE;
    case DB_TX_FAILED:
        break;
    }
    seed_report_free(report);
    if (!db_is_refusal(err)) return IMPORT_FAILED;
    db_own_refusal(err, "the data set"); /* a client reads it: our words, not PostgreSQL's */
    return IMPORT_REFUSED;
}
