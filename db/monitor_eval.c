/* One re-evaluation of every portfolio item (db/monitor_eval.h). */
#include "db/monitor_eval.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/conn.h"
#include "db/portfolios.h"
#include "lib/background.h"
#include "lib/enum_names.h"
#include "lib/jsonw.h"
#include "lib/strbuf.h"
#include "rulings/evaluate.h"
#include "rulings/watch.h"

/* The changed answers, as five array literals: text[] portfolio ids and refs, json[]
 * before, after and cause. */
struct changes {
    struct strbuf col[5];
    size_t n;
};

/* Appends `v` as one quoted element of an array literal. */
void monitor_element(struct strbuf *sb, bool first, const char *v, size_t len)
{
    sb_putc(sb, first ? '{' : ',');
    sb_putc(sb, '"');
    for (size_t i = 0; i < len; i++) {
        if (v[i] == '"' || v[i] == '\\') sb_putc(sb, '\\');
        sb_putc(sb, v[i]);
    }
    sb_putc(sb, '"');
}

/* {"verdict":…,"since":…,"rulings":[…]} */
void monitor_answer_json(struct strbuf *sb, const struct watch_answer *a)
{
    struct jw w;
    jw_init(&w, sb);
    jw_object_begin(&w);
    JW_MEMBER_STRING(&w, "verdict", enum_name(&VERDICTS, a->verdict));
    jw_key(&w, "since");
    jw_time_or_null(&w, a->has_since, a->since);
    jw_key(&w, "rulings");
    jw_raw(&w, a->rulings, strlen(a->rulings));
    jw_object_end(&w);
}

/* Why answers changed in this pass: the revision, or the first instant passed. */
static void cause_json(struct strbuf *sb, const struct snapshot *s, long long prev_rev,
                       int64_t prev_at, int64_t now)
{
    struct jw w;
    jw_init(&w, sb);
    jw_object_begin(&w);
    size_t r;
    int64_t at;
    if (s->revision != prev_rev) {
        char changes[64];
        snprintf(changes, sizeof changes, "/v1/changes?since=%lld", prev_rev);
        JW_MEMBER_STRING(&w, "kind", "revision");
        JW_MEMBER_INT(&w, "revision", s->revision);
        JW_MEMBER_INT(&w, "previous_revision", prev_rev);
        JW_MEMBER_STRING(&w, "changes", changes);
    } else if (watch_instant_cause(s, prev_at, now, &r, &at)) {
        JW_MEMBER_STRING(&w, "kind", "instant");
        JW_MEMBER_STRING(&w, "ruling", s->rulings[r].rec->id);
        jw_key(&w, "at");
        jw_time(&w, at);
    } else {
        JW_MEMBER_STRING(&w, "kind", "re-evaluation"); /* no change of data or time explains it */
    }
    jw_object_end(&w);
}

/* The stored answer of row `i` (verdict, since, rulings as columns 9..11). */
static void stored_answer(const PGresult *res, int i, struct watch_answer *a)
{
    memset(a, 0, sizeof *a);
    a->verdict = enum_parse(&VERDICTS, PQgetvalue(res, i, 9));
    a->has_since = !PQgetisnull(res, i, 10);
    a->since = a->has_since ? db_int(res, i, 10) : 0;
    snprintf(a->rulings, sizeof a->rulings, "%s", PQgetvalue(res, i, 11));
}

const char *monitor_col(const PGresult *res, int i, int c)
{
    return PQgetisnull(res, i, c) ? NULL : PQgetvalue(res, i, c);
}

/* An item whose answer changed: its row, and its answers before and now. */
struct hit {
    int row;
    struct watch_answer was, now;
};

/* Rows [lo, hi) answered on one thread; the changed ones in `hits`, in row order. */
struct part {
    const PGresult *res;
    const struct snapshot *s;
    int64_t now;
    int lo, hi;
    struct hit *hits;
    size_t n, cap;
    bool failed;
};

static void *answer_part(void *arg)
{
    struct part *p = arg;
    thread_run_in_background(); /* the second half's thread, like the monitor's own */
    const PGresult *res = p->res;
    for (int i = p->lo; i < p->hi && !p->failed; i++) {
        struct watch_question q = {monitor_col(res, i, 2), monitor_col(res, i, 3),
                                   monitor_col(res, i, 4), monitor_col(res, i, 5),
                                   monitor_col(res, i, 6), monitor_col(res, i, 7),
                                   monitor_col(res, i, 8)};
        struct hit h = {.row = i};
        stored_answer(res, i, &h.was);
        if (!watch_answer(p->s, &q, p->now, &h.now) || !watch_answer_changed(&h.was, &h.now))
            continue;
        if (p->n == p->cap) {
            size_t cap = p->cap ? p->cap * 2 : 64;
            struct hit *v = realloc(p->hits, cap * sizeof *v);
            if (!v) {
                p->failed = true;
                break;
            }
            p->hits = v;
            p->cap = cap;
        }
        p->hits[p->n++] = h;
    }
    return NULL;
}

/* Appends one changed item to the five columns. */
static void append_hit(const PGresult *res, const struct hit *h, const char *cause,
                       struct changes *ch, struct strbuf *tmp)
{
    bool first = ch->n == 0;
    int i = h->row;
    monitor_element(&ch->col[0], first, PQgetvalue(res, i, 0), (size_t)PQgetlength(res, i, 0));
    monitor_element(&ch->col[1], first, PQgetvalue(res, i, 1), (size_t)PQgetlength(res, i, 1));
    sb_reset(tmp);
    monitor_answer_json(tmp, &h->was);
    monitor_element(&ch->col[2], first, tmp->data, tmp->len);
    sb_reset(tmp);
    monitor_answer_json(tmp, &h->now);
    monitor_element(&ch->col[3], first, tmp->data, tmp->len);
    monitor_element(&ch->col[4], first, cause, strlen(cause));
    ch->n++;
}

/* Compares every item's answer now with its stored one, on two threads (check_answer reads
 * the shared snapshot only); appends those that changed, in row order. False when out of
 * memory. */
static bool compare_all(const PGresult *res, const struct snapshot *s, int64_t now,
                        const char *cause, struct changes *ch)
{
    int rows = PQntuples(res), half = rows / 2;
    struct part parts[2] = {{res, s, now, 0, half, NULL, 0, 0, false},
                            {res, s, now, half, rows, NULL, 0, 0, false}};
    pthread_t t;
    bool threaded = rows >= 1000 && pthread_create(&t, NULL, answer_part, &parts[1]) == 0;
    answer_part(&parts[0]);
    if (threaded)
        pthread_join(t, NULL);
    else
        answer_part(&parts[1]);
    struct strbuf tmp = {0};
    bool ok = !parts[0].failed && !parts[1].failed;
    for (int k = 0; k < 2; k++) {
        for (size_t j = 0; ok && j < parts[k].n; j++)
            append_hit(res, &parts[k].hits[j], cause, ch, &tmp);
        free(parts[k].hits);
    }
    sb_free(&tmp);
    return ok;
}

/* The events, and the answers they carry, in one statement. */
static bool write_changes(PGconn *c, struct changes *ch, struct rd_error *err)
{
    for (int k = 0; k < 5; k++)
        sb_putc(&ch->col[k], '}');
    for (int k = 0; k < 5; k++)
        if (ch->col[k].failed) {
            rd_error_set(err, "out of memory");
            return false;
        }
    const char *p[] = {ch->col[0].data, ch->col[1].data, ch->col[2].data, ch->col[3].data,
                       ch->col[4].data};
    PGresult *res = db_query(
        c,
        "WITH ev AS (INSERT INTO portfolio_events (portfolio_id, ref, before, after, cause)"
        " SELECT u.p, u.r, u.b::jsonb, u.a::jsonb, u.c::jsonb FROM unnest($1::text[], $2::text[],"
        " $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS u(p, r, b, a, c, o) ORDER BY u.o"
        " RETURNING seq, portfolio_id, ref, after),"
        /* the webhook outbox: one delivery per event and subscription, in this transaction */
        " ob AS (INSERT INTO webhook_outbox (subscription_id, event_seq, ref)"
        " SELECT s.id, ev.seq, ev.ref"
        " FROM ev JOIN webhook_subscriptions s ON s.portfolio_id = ev.portfolio_id)"
        " UPDATE portfolio_items i SET verdict = ev.after->>'verdict',"
        " since = (ev.after->>'since')::timestamptz,"
        " rulings = ARRAY(SELECT jsonb_array_elements_text(ev.after->'rulings')),"
        " evaluated_at = now() FROM ev WHERE i.portfolio_id = ev.portfolio_id AND i.ref = ev.ref",
        5, p, err);
    PQclear(res);
    return res != NULL;
}

static double elapsed_ms(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) * 1e3 + (double)(b->tv_nsec - a->tv_nsec) / 1e6;
}

/* The revision and instant last evaluated (under the lock: nobody else moves them now). */
static bool read_state(PGconn *c, long long *rev, int64_t *at, struct rd_error *err)
{
    PGresult *res = db_query(c,
                             "SELECT evaluated_revision, floor(extract(epoch FROM evaluated_at))"
                             "::bigint FROM monitor_state FOR UPDATE",
                             0, NULL, err);
    if (!res) return false;
    bool ok = PQntuples(res) == 1;
    if (ok) {
        *rev = db_int(res, 0, 0);
        *at = db_int(res, 0, 1);
    } else {
        rd_error_set(err, "monitor_state has no row (migration 0013)");
    }
    PQclear(res);
    return ok;
}

static bool write_state(PGconn *c, const struct snapshot *s, int64_t now, struct rd_error *err)
{
    char rev[24], at[24];
    snprintf(rev, sizeof rev, "%lld", (long long)s->revision);
    snprintf(at, sizeof at, "%lld", (long long)now);
    const char *p[] = {rev, at};
    PGresult *res = db_query(c,
                             "UPDATE monitor_state SET evaluated_revision = $1::bigint,"
                             " evaluated_at = to_timestamp($2::bigint)",
                             2, p, err);
    PQclear(res);
    return res != NULL;
}

static const char q_items[] =
    "SELECT portfolio_id, ref, name, kind, jurisdiction, binds, purpose, category, identifier,"
    " verdict, floor(extract(epoch FROM since))::bigint, to_json(rulings)::text"
    " FROM portfolio_items ORDER BY portfolio_id, position";

/* Inside the transaction, after the lock. */
static bool evaluate_locked(PGconn *c, const struct snapshot *s, int64_t now, unsigned lead,
                            struct monitor_pass *out, struct rd_error *err)
{
    long long prev_rev = 0;
    int64_t prev_at = 0;
    if (!read_state(c, &prev_rev, &prev_at, err)) return false;
    if (s->revision < prev_rev) {
        out->behind = true;
        return true;
    }
    struct timespec t0, t1, t2;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    PGresult *res = db_query(c, q_items, 0, NULL, err);
    if (!res) return false;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    struct strbuf cause = {0};
    cause_json(&cause, s, prev_rev, prev_at, now);
    struct changes ch = {0};
    out->items = (size_t)PQntuples(res);
    bool ok = compare_all(res, s, now, cause.data ? cause.data : "{}", &ch);
    PQclear(res);
    clock_gettime(CLOCK_MONOTONIC, &t2);
    out->load_ms = elapsed_ms(&t0, &t1);
    out->answer_ms = elapsed_ms(&t1, &t2);
    if (!ok) rd_error_set(err, "out of memory");
    out->changed = ch.n;
    ok = ok && (ch.n == 0 || write_changes(c, &ch, err)) && write_state(c, s, now, err) &&
         (!lead || monitor_upcoming(c, s, now, lead, &out->upcoming, err));
    for (int k = 0; k < 5; k++)
        sb_free(&ch.col[k]);
    sb_free(&cause);
    return ok;
}

bool monitor_evaluate(PGconn *c, const struct snapshot *s, int64_t now, unsigned lead,
                      struct monitor_pass *out, struct rd_error *err)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    memset(out, 0, sizeof *out);
    PGresult *res = NULL;
    bool ok =
        db_exec(c, "BEGIN", err) &&
        (res = db_query(c, "SELECT pg_advisory_xact_lock(" MONITOR_LOCK_KEY ")", 0, NULL, err)) &&
        evaluate_locked(c, s, now, lead, out, err) &&
        db_exec(c, out->behind ? "ROLLBACK" : "COMMIT", err);
    PQclear(res);
    if (!ok) db_rollback(c);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    out->ms = elapsed_ms(&t0, &t1);
    return ok;
}
