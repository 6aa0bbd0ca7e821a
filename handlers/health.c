/* GET /healthz (the process answers) and GET /readyz (it has rulings to answer from). */
#include <string.h>

#include "handlers/handlers.h"
#include "handlers/params.h"
#include "rulings/current.h"
#include "lib/jsonw.h"
#include "lib/timeutil.h"

void handle_healthz(struct request *req)
{
    struct strbuf sb = {0};
    sb_puts(&sb, "{\"status\":\"ok\"}");
    reply_json(req, 200, &sb);
}

/* `database=required`: not ready while PostgreSQL has not confirmed the data for longer
 * than two revision polls (an instance meant for writes); by default an instance with
 * rulings is ready, since its checks go on from the snapshot (docs/api.md). */
static bool wants_database(struct request *req, bool *answered)
{
    static const char *const allowed[] = {"database", NULL};
    struct params p;
    params_begin(&p, req, allowed);
    size_t n;
    const char *v = params_text(&p, "database", 16, false, &n);
    if (v && strcmp(v, "required") != 0)
        field_errors_add(&p.errors, "database", "invalid_value",
                         "must be \"required\" (or absent)");
    *answered = params_reply_if_invalid(&p);
    return v != NULL;
}

void handle_readyz(struct request *req)
{
    bool answered;
    bool need_database = wants_database(req, &answered);
    if (answered) return;
    const struct snapshot *snap = req_snapshot(req);
    int64_t now = rd_now(), stale = current_staleness(now, req_settings(req)->reload_interval_ms);
    bool reachable = current_confirmed_at() != 0 && stale == 0;
    if (need_database && snap && !reachable) {
        reply_problem(req, PROBLEM_NOT_READY,
                      "PostgreSQL has not answered the revision poll for longer than two "
                      "polls (database=required): checks still answer from the snapshot",
                      NULL);
        return;
    }
    if (!snap) {
        reply_problem(req, PROBLEM_NOT_READY, "no rulings loaded yet: waiting for PostgreSQL",
                      NULL);
        return;
    }
    struct strbuf sb = {0};
    struct jw w;
    jw_init(&w, &sb);
    jw_object_begin(&w);
    JW_MEMBER_STRING(&w, "status", "ready");
    JW_MEMBER_INT(&w, "revision", snap->revision);
    jw_key(&w, "snapshot_built_at");
    jw_time(&w, snap->built_at);
    int64_t confirmed = current_confirmed_at();
    JW_MEMBER_INT(&w, "snapshot_age_seconds", now - snap->built_at);
    /* When PostgreSQL last said this is the latest data; stale when that is longer ago
     * than two revision polls (PostgreSQL is away): answers go on, from older data. */
    jw_key(&w, "confirmed_at");
    jw_time_or_null(&w, confirmed != 0, confirmed);
    JW_MEMBER_INT(&w, "stale_seconds", stale);
    JW_MEMBER_STRING(&w, "database", reachable ? "reachable" : "unreachable");
    JW_MEMBER_INT(&w, "subjects", (long long)snap->n_subjects);
    JW_MEMBER_INT(&w, "rulings", (long long)snap->n_rulings);
    jw_object_end(&w);
    reply_json(req, 200, &sb);
}
