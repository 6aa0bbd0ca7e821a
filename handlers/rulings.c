/* GET /v1/rulings (filtered by subject, source, status, date in effect) and
 * GET /v1/rulings/{id}, from the snapshot. */
#include "handlers/handlers.h"
#include "handlers/listing.h"
#include "rulings/render_browse.h"

static void item(struct jw *w, const struct snapshot *s, const struct browse_item *it, void *ctx)
{
    (void)ctx;
    render_ruling_record(w, s, it->index);
}

void handle_rulings(struct request *req)
{
    static const char *const allowed[] = {"subject", "source", "status", "in_effect_on",
                                          "cursor",  "limit",  NULL};
    static const char *const filters[] = {"subject", "source", "status", "in_effect_on", NULL};
    const struct snapshot *snap = req_snapshot(req);
    struct params p;
    params_begin(&p, req, allowed);
    struct ruling_filter f = {0};
    f.subject = params_text(&p, "subject", DATASET_ID_MAX, false, NULL);
    f.source = params_text(&p, "source", DATASET_ID_MAX, false, NULL);
    f.status = params_enum(&p, "status", &STATUSES, -1);
    f.at = params_as_of(&p, "in_effect_on", 0);
    const char *on;
    size_t on_len;
    f.on = req_query(req, "in_effect_on", &on, &on_len) && on_len > 0;
    struct listing l;
    listing_params(&p, filters, &l);
    if (params_reply_if_invalid(&p)) return;
    browse_rulings(snap, &f, listing_after(&l), l.items, l.limit, &l.n, &l.more);
    listing_reply(req, snap, &l, false, browse_ruling_id, item, NULL);
}

static const struct strmap *ruling_index(const struct snapshot *s)
{
    return &s->ruling_by_id;
}

void handle_ruling(struct request *req)
{
    listing_reply_record(req, "ruling", ruling_index, render_ruling_record);
}
