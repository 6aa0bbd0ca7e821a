/* Upcoming alerts: a verdict that will change within the lead time (db/monitor_eval.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/conn.h"
#include "db/monitor_eval.h"
#include "lib/enum_names.h"
#include "lib/jsonw.h"
#include "lib/strbuf.h"
#include "lib/timeutil.h"
#include "rulings/evaluate.h"
#include "rulings/watch.h"

enum { MAX_INSTANTS = 64 }; /* instants within the lead time looked at, at most */

/* The instants in (now, now + lead], in order; how many. */
static size_t instants_within(const struct snapshot *s, int64_t now, unsigned lead, int64_t *out)
{
    size_t n = 0;
    for (int64_t t = watch_next_instant(s, now);
         t != INT64_MAX && t <= now + (int64_t)lead && n < MAX_INSTANTS;
         t = watch_next_instant(s, t))
        out[n++] = t;
    return n;
}

/* What is kept of an alert, as jsonb prints it: {"at": "…", "verdict": "…"}. */
static void alert_key(char *buf, size_t size, int64_t at, int verdict)
{
    char t[32];
    rd_time_format(at, t, sizeof t);
    snprintf(buf, size, "{\"at\": \"%s\", \"verdict\": \"%s\"}", t, enum_name(&VERDICTS, verdict));
}

struct alerts {
    struct strbuf col[6]; /* portfolio, ref, before, after, cause, the kept key */
    size_t n;
};

static void add_alert(struct alerts *al, const PGresult *res, int i,
                      const struct watch_answer *now_a, const struct watch_answer *then,
                      const char *ruling, int64_t at, unsigned lead, const char *key)
{
    struct strbuf tmp = {0};
    bool first = al->n == 0;
    monitor_element(&al->col[0], first, PQgetvalue(res, i, 0), (size_t)PQgetlength(res, i, 0));
    monitor_element(&al->col[1], first, PQgetvalue(res, i, 1), (size_t)PQgetlength(res, i, 1));
    monitor_answer_json(&tmp, now_a);
    monitor_element(&al->col[2], first, tmp.data, tmp.len);
    sb_reset(&tmp);
    monitor_answer_json(&tmp, then);
    monitor_element(&al->col[3], first, tmp.data, tmp.len);
    sb_reset(&tmp);
    struct jw w;
    jw_init(&w, &tmp);
    jw_object_begin(&w);
    JW_MEMBER_STRING(&w, "kind", "upcoming");
    JW_MEMBER_STRING(&w, "ruling", ruling);
    jw_key(&w, "at");
    jw_time(&w, at);
    JW_MEMBER_INT(&w, "lead_seconds", lead);
    jw_object_end(&w);
    monitor_element(&al->col[4], first, tmp.data, tmp.len);
    monitor_element(&al->col[5], first, key, strlen(key));
    sb_free(&tmp);
    al->n++;
}

/* One item: the first instant within the lead at which its verdict differs from now's. */
static void item_alert(struct alerts *al, const PGresult *res, int i, const struct snapshot *s,
                       int64_t now, unsigned lead, const int64_t *instants, size_t n)
{
    const char *(*col)(const PGresult *, int, int) = monitor_col;
    struct watch_question q = {col(res, i, 2), col(res, i, 3), col(res, i, 4), col(res, i, 5),
                               col(res, i, 6), col(res, i, 7), col(res, i, 8)};
    struct watch_answer now_a, then;
    if (!watch_answer(s, &q, now, &now_a)) return;
    for (size_t k = 0; k < n; k++) {
        if (!watch_answer(s, &q, instants[k], &then) || then.verdict == now_a.verdict) continue;
        char key[160];
        alert_key(key, sizeof key, instants[k], then.verdict);
        const char *kept = col(res, i, 9);
        if (kept && strcmp(kept, key) == 0) return; /* alerted already */
        size_t r;
        int64_t at;
        bool named = watch_instant_cause(s, instants[k] - 1, instants[k], &r, &at);
        add_alert(al, res, i, &now_a, &then, named ? s->rulings[r].rec->id : "", instants[k], lead,
                  key);
        return;
    }
}

static bool write_alerts(PGconn *c, struct alerts *al, struct rd_error *err)
{
    for (int k = 0; k < 6; k++)
        sb_putc(&al->col[k], '}');
    const char *p[6];
    for (int k = 0; k < 6; k++) {
        if (al->col[k].failed) {
            rd_error_set(err, "out of memory");
            return false;
        }
        p[k] = al->col[k].data;
    }
    PGresult *res = db_query(
        c,
        "WITH u AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[],"
        " $5::text[], $6::text[]) WITH ORDINALITY AS u(p, r, b, a, c, k, o)),"
        " ev AS (INSERT INTO portfolio_events (portfolio_id, ref, type, before, after, cause)"
        " SELECT u.p, u.r, 'item.answer_upcoming', u.b::jsonb, u.a::jsonb, u.c::jsonb FROM u"
        " ORDER BY u.o RETURNING seq, portfolio_id, ref),"
        " ob AS (INSERT INTO webhook_outbox (subscription_id, event_seq, ref)"
        " SELECT s.id, ev.seq, ev.ref FROM ev JOIN webhook_subscriptions s"
        " ON s.portfolio_id = ev.portfolio_id)"
        " UPDATE portfolio_items i SET upcoming = u.k::jsonb FROM u"
        " WHERE i.portfolio_id = u.p AND i.ref = u.r",
        6, p, err);
    PQclear(res);
    return res != NULL;
}

bool monitor_upcoming(PGconn *c, const struct snapshot *s, int64_t now, unsigned lead,
                      size_t *alerts, struct rd_error *err)
{
    *alerts = 0;
    int64_t instants[MAX_INSTANTS];
    size_t n = instants_within(s, now, lead, instants);
    if (n == 0) return true;
    PGresult *res = db_query(c,
                             "SELECT portfolio_id, ref, name, kind, jurisdiction, binds, purpose,"
                             " category, identifier, upcoming::text FROM portfolio_items",
                             0, NULL, err);
    if (!res) return false;
    struct alerts al = {0};
    for (int i = 0; i < PQntuples(res); i++)
        item_alert(&al, res, i, s, now, lead, instants, n);
    bool ok = al.n == 0 || write_alerts(c, &al, err);
    PQclear(res);
    for (int k = 0; k < 6; k++)
        sb_free(&al.col[k]);
    *alerts = al.n;
    return ok;
}
