/* GET /v1/sources and GET /v1/sources/{id}: the legal instruments, from the snapshot. */
#include "handlers/handlers.h"
#include "handlers/listing.h"
#include "rulings/render.h"
#include "rulings/render_browse.h"

static void item(struct jw *w, const struct snapshot *s, const struct browse_item *it, void *ctx)
{
    (void)ctx;
    render_source_listed(w, &s->sources[it->index]);
}

void handle_sources(struct request *req)
{
    static const char *const allowed[] = {"cursor", "limit", NULL};
    const struct snapshot *snap = req_snapshot(req);
    struct params p;
    params_begin(&p, req, allowed);
    struct listing l;
    listing_params(&p, NULL, &l);
    if (params_reply_if_invalid(&p)) return;
    browse_sources(snap, listing_after(&l), l.items, l.limit, &l.n, &l.more);
    listing_reply(req, snap, &l, false, browse_source_id, item, NULL);
}

static const struct strmap *source_index(const struct snapshot *s)
{
    return &s->source_by_id;
}

void handle_source(struct request *req)
{
    listing_reply_record(req, "source", source_index, render_source_detail);
}
