/* GET /v1/changes?since=REVISION&limit=N: what changed after a revision, oldest first, for
 * clients that keep a copy in sync: each change with the record as it became. Poll again
 * with since=last_revision; "next" is set while more changes are waiting. The history is
 * kept in PostgreSQL, so this route answers 503 while it is away (checks do not). */
#include <stdio.h>

#include "handlers/change_list.h"
#include "handlers/handlers.h"
#include "handlers/params.h"

void handle_changes(struct request *req)
{
    static const char *const allowed[] = {"since", "limit", NULL};
    struct params p;
    params_begin(&p, req, allowed);
    struct change_query q = {0};
    change_params_after_revision(&p, &q);
    if (params_reply_if_invalid(&p)) return;

    struct change_page page;
    if (!change_page_read(req, &q, &page)) return;
    long long last = page.n ? page.rows[page.n - 1].revision : q.after;
    char next[96];
    snprintf(next, sizeof next, "/v1/changes?since=%lld&limit=%d", last, q.limit);
    struct strbuf sb = {0};
    struct jw w;
    jw_init(&w, &sb);
    jw_object_begin(&w);
    JW_MEMBER_INT(&w, "since", q.after);
    JW_MEMBER_INT(&w, "last_revision", last);
    change_page_write(&w, "changes", &page, CHANGE_ENTITY, page.more ? next : NULL);
    jw_object_end(&w);
    reply_link_next(req, page.more ? next : NULL);
    change_page_free(&page);
    reply_json(req, 200, &sb);
}
