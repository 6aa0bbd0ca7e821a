/* GET /v1/subjects (all, by kind, or searched by name) and GET /v1/subjects/{id}. */
#include "handlers/handlers.h"
#include "handlers/listing.h"
#include "rulings/render_browse.h"

#define SUBJECTS_MAX_Q 512

static void item(struct jw *w, const struct snapshot *s, const struct browse_item *it, void *ctx)
{
    render_subject_item(w, s, it, *(const bool *)ctx);
}

void handle_subjects(struct request *req)
{
    static const char *const allowed[] = {"q", "kind", "cursor", "limit", NULL};
    static const char *const filters[] = {"q", "kind", NULL};
    const struct snapshot *snap = req_snapshot(req);
    struct params p;
    params_begin(&p, req, allowed);
    struct subject_query q = {0};
    q.q = params_text(&p, "q", SUBJECTS_MAX_Q, false, &q.q_len);
    q.kind = params_enum(&p, "kind", &SUBJECT_KINDS, -1);
    struct listing l;
    listing_params(&p, filters, &l);
    if (params_reply_if_invalid(&p)) return;
    switch (browse_subjects(snap, &q, listing_after(&l), l.items, l.limit, &l.n, &l.more)) {
    case BROWSE_OK:
        break;
    case BROWSE_BAD_QUERY:
        params_reply_too_long(req, "q");
        return;
    case BROWSE_NO_MEMORY:
        reply_problem(req, PROBLEM_INTERNAL, "out of memory", NULL);
        return;
    }
    bool searched = q.q != NULL;
    listing_reply(req, snap, &l, searched, browse_subject_id, item, &searched);
}

static const struct strmap *subject_index(const struct snapshot *s)
{
    return &s->subject_by_id;
}

void handle_subject(struct request *req)
{
    listing_reply_record(req, "subject", subject_index, render_subject_detail);
}
