/* GET /v1/rulings/{id}/history?since=REVISION&limit=N: every version a ruling has had,
 * oldest first: when, what was done (create, update, revoke, restore), which fields
 * changed, and the ruling as it became. Revoked rulings keep their history. */
#include <stdio.h>

#include "handlers/change_list.h"
#include "handlers/handlers.h"
#include "handlers/params.h"
#include "rulings/dataset.h"

void handle_ruling_history(struct request *req)
{
    static const char *const allowed[] = {"since", "limit", NULL};
    const char *id = req_path_param(req, 0);
    struct params p;
    params_begin(&p, req, allowed);
    struct change_query q = {.entity = "ruling", .entity_id = id};
    change_params_after_revision(&p, &q);
    if (params_reply_if_invalid(&p)) return;
    char detail[160];
    snprintf(detail, sizeof detail, "no ruling has ever had the id \"%.100s\"", id ? id : "");
    if (!id || !dataset_valid_id(id)) {
        reply_problem(req, PROBLEM_NOT_FOUND, detail, NULL);
        return;
    }
    struct change_page page;
    if (!change_page_read(req, &q, &page)) return;
    if (page.n == 0 && q.after == 0) {
        change_page_free(&page);
        reply_problem(req, PROBLEM_NOT_FOUND, detail, NULL);
        return;
    }
    char next[256];
    if (page.more)
        snprintf(next, sizeof next, "/v1/rulings/%s/history?since=%lld&limit=%d", id,
                 page.rows[page.n - 1].revision, q.limit);
    struct strbuf sb = {0};
    struct jw w;
    jw_init(&w, &sb);
    jw_object_begin(&w);
    JW_MEMBER_STRING(&w, "ruling", id);
    change_page_write(&w, "history", &page, 0, page.more ? next : NULL);
    jw_object_end(&w);
    reply_link_next(req, page.more ? next : NULL);
    change_page_free(&page);
    reply_json(req, 200, &sb);
}
