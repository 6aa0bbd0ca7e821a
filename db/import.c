#include "db/import.h"

#include <string.h>

#include "db/seed.h"
#include "db/tx.h"

struct import_ctx {
    const struct dataset *ds;
    const struct import_options *opt;
    struct seed_report *report;
};

static enum tx_outcome import_body(PGconn *c, void *ctx, struct rd_error *err)
{
    struct import_ctx *im = ctx;
    seed_report_free(im->report); /* from an earlier attempt */
    const struct seed_options so = {.prune = im->opt->prune, .list_changes = true};
    if (!db_seed_write(c, im->ds, &so, im->report, err)) return TX_ERROR;
    if (!im->opt->dry_run) return TX_COMMIT;
    return db_give_back_revisions(c, im->report->revision_before, err) ? TX_ROLLBACK : TX_ERROR;
}

enum import_status db_import(struct db_pool *pool, const char *actor, const struct dataset *ds,
                             const struct import_options *opt, struct seed_report *report,
                             struct rd_error *err)
{
    struct import_ctx im = {ds, opt, report};
    switch (db_tx_write(pool, actor, import_body, &im, err)) {
    case DB_TX_COMMITTED:
    case DB_TX_ROLLED_BACK:
        return IMPORT_OK;
    case DB_TX_UNAVAILABLE:
        seed_report_free(report);
        return IMPORT_UNAVAILABLE;
    case DB_TX_FAILED:
        break;
    }
    seed_report_free(report);
    return strncmp(err->sqlstate, "23", 2) == 0 || strncmp(err->sqlstate, "22", 2) == 0
               ? IMPORT_REFUSED
               : IMPORT_FAILED;
}
