/* GET /problems/{type}: the human-readable page behind each problem "type" URI. */
#include <string.h>

#include "handlers/handlers.h"

void handle_problem_page(struct request *req)
{
    const char *slug = req_path_param(req, 0);
    int t = slug ? problem_by_slug(slug) : -1;
    if (t < 0) {
        reply_problem(req, PROBLEM_NOT_FOUND, "no problem type has this name", NULL);
        return;
    }
    const struct problem_info *p = problem_info((enum problem_type)t);
    struct strbuf sb = {0};
    sb_printf(&sb, "%s (HTTP %u)\n\n%s\n\ntype: /problems/%s\n", p->title, p->status,
              p->explanation, p->slug);
    reply_body(req, 200, "text/plain; charset=utf-8", &sb);
}
