/* GET /healthz (the process answers) and GET /readyz (it has rulings to answer from). */
#include "handlers/handlers.h"
#include "rulings/current.h"
#include "lib/jsonw.h"
#include "lib/timeutil.h"

void handle_healthz(struct request *req)
{
    struct strbuf sb = {0};
    sb_puts(&sb, "{\"status\":\"ok\"}");
    reply_json(req, 200, &sb);
}

void handle_readyz(struct request *req)
{
    const struct snapshot *snap = req_snapshot(req);
    if (!snap) {
        reply_problem(req, PROBLEM_NOT_READY, "no rulings loaded yet: waiting for PostgreSQL",
                      NULL);
        return;
    }
    struct strbuf sb = {0};
    struct jw w;
    jw_init(&w, &sb);
    jw_object_begin(&w);
    jw_member_string(&w, "status", "ready");
    jw_member_int(&w, "revision", snap->revision);
    jw_key(&w, "snapshot_built_at");
    jw_time(&w, snap->built_at);
    int64_t now = rd_now(), confirmed = current_confirmed_at();
    jw_member_int(&w, "snapshot_age_seconds", now - snap->built_at);
    /* When PostgreSQL last said this is the latest data; stale when that is longer ago
     * than two revision polls (PostgreSQL is away): answers go on, from older data. */
    jw_key(&w, "confirmed_at");
    jw_time_or_null(&w, confirmed != 0, confirmed);
    jw_member_int(&w, "stale_seconds",
                  current_staleness(now, req_settings(req)->reload_interval_ms));
    jw_member_int(&w, "subjects", (long long)snap->n_subjects);
    jw_member_int(&w, "rulings", (long long)snap->n_rulings);
    jw_object_end(&w);
    reply_json(req, 200, &sb);
}
