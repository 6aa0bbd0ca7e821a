/* GET /v1/admin/export: the live data set, in the data-set file format, read from
 * PostgreSQL in one consistent snapshot. Importing it again changes nothing. */
#include <stdio.h>

#include "db/load.h"
#include "db/tx.h"
#include "handlers/admin.h"
#include "handlers/handlers.h"
#include "handlers/params.h"
#include "rulings/dataset_json.h"

struct export_ctx {
    struct dataset ds;
    int64_t revision;
    bool loaded;
};

static bool load(PGconn *c, void *ctx, struct rd_error *err)
{
    struct export_ctx *x = ctx;
    if (x->loaded) dataset_free(&x->ds);
    x->loaded = db_load_dataset(c, &x->ds, &x->revision, err);
    return x->loaded;
}

void handle_admin_export(struct request *req)
{
    if (!params_none(req)) return;
    struct export_ctx x = {0};
    bool unavailable = false;
    struct rd_error err = {0};
    if (!db_with_conn(req_pool(req), load, &x, &unavailable, &err)) {
        if (unavailable)
            reply_db_unavailable(req, "PostgreSQL is unavailable: the data set is read from it");
        else
            admin_reply_failed(req, "export", &err);
        return;
    }
    struct strbuf sb = {0};
    struct jw w;
    jw_init(&w, &sb);
    if (!dataset_json_write(&w, &x.ds)) {
        sb_free(&sb);
        reply_problem(req, PROBLEM_INTERNAL, "out of memory", NULL);
    } else {
        char disposition[96];
        snprintf(disposition, sizeof disposition,
                 "attachment; filename=\"restrictd-rulings-r%lld.json\"", (long long)x.revision);
        reply_header(req, "Content-Disposition", disposition);
        admin_set_revision(req, x.revision);
        reply_json(req, 200, &sb);
    }
    dataset_free(&x.ds);
}
