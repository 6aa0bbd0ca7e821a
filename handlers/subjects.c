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

    struct browse_item items[BROWSE_MAX_LIMIT];
    size_t n;
    bool more;
    switch (browse_subjects(snap, &q, l.has_cursor ? &l.after : NULL, items, l.limit, &n, &more)) {
    case BROWSE_OK:
        break;
    case BROWSE_BAD_QUERY:
        reply_field_problem(req, PROBLEM_INVALID_PARAMETER, "q", "too_long",
                            "has too many words or characters", NULL);
        return;
    case BROWSE_NO_MEMORY:
        reply_problem(req, PROBLEM_INTERNAL, "out of memory", NULL);
        return;
    }
    bool searched = q.q != NULL;
    struct strbuf sb = {0};
    struct jw w;
    jw_init(&w, &sb);
    listing_render(&w, snap, &l, items, n, more, searched, browse_subject_id, item, &searched);
    reply_json(req, 200, &sb);
}

static const struct strmap *subject_index(const struct snapshot *s)
{
    return &s->subject_by_id;
}

void handle_subject(struct request *req)
{
    listing_reply_record(req, "subject", subject_index, render_subject_detail);
}
