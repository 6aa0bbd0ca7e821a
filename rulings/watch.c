/* Portfolio items answered and compared; the instants answers change at (rulings/watch.h). */
#include "rulings/watch.h"

#include <string.h>

#include "lib/enum_names.h"
#include "lib/jsonw.h"
#include "lib/strbuf.h"
#include "match/match.h"
#include "rulings/check.h"
#include "rulings/evaluate.h"

bool watch_answer(const struct snapshot *s, const struct watch_question *q, int64_t as_of,
                  struct watch_answer *out)
{
    struct check_request r = {.name = q->name ? q->name : "",
                              .name_len = q->name ? strlen(q->name) : 0,
                              .kind = q->kind ? enum_parse(&SUBJECT_KINDS, q->kind) : -1,
                              .as_of = as_of,
                              .jurisdiction = q->jurisdiction,
                              .binds = q->binds,
                              .purpose = q->purpose,
                              .category = q->category,
                              .identifier = q->identifier,
                              .min_score = MATCH_DEFAULT_MIN_SCORE,
                              .no_coverage = true};
    struct check_summary cs;
    memset(out, 0, sizeof *out);
    if (check_answer(s, &r, NULL, &cs) != CHECK_OK) return false;
    out->verdict = cs.verdict;
    out->has_since = cs.has_since;
    out->since = cs.since;
    struct strbuf sb = {0};
    sb_putc(&sb, '[');
    for (size_t i = 0; i < cs.n_rulings && i < CHECK_SUMMARY_RULINGS; i++) {
        const char *id = s->rulings[cs.rulings[i]].rec->id;
        if (i) sb_putc(&sb, ',');
        sb_putc(&sb, '"');
        json_escape(&sb, id, strlen(id));
        sb_putc(&sb, '"');
    }
    sb_putc(&sb, ']');
    bool fits = !sb.failed && sb.len < sizeof out->rulings;
    memcpy(out->rulings, fits ? sb.data : "[]", fits ? sb.len + 1 : 3);
    sb_free(&sb);
    return true;
}

bool watch_answer_changed(const struct watch_answer *a, const struct watch_answer *b)
{
    return a->verdict != b->verdict || a->has_since != b->has_since ||
           (a->has_since && a->since != b->since) || strcmp(a->rulings, b->rulings) != 0;
}

/* The instants of one ruling: its start, its end, and its suspensions' bounds. Calls
 * `fn` with each until it returns false. */
static void each_instant(const struct rd_ruling *r, bool (*fn)(void *ctx, int64_t t), void *ctx)
{
    if (!fn(ctx, r->effective_from)) return;
    if (r->has_until && !fn(ctx, r->effective_until)) return;
    for (uint32_t i = 0; i < r->n_suspensions; i++) {
        if (!fn(ctx, r->suspensions[i].from)) return;
        if (r->suspensions[i].has_until && !fn(ctx, r->suspensions[i].until)) return;
    }
}

struct next_ctx {
    int64_t after, best;
};

static bool keep_next(void *ctx, int64_t t)
{
    struct next_ctx *c = ctx;
    if (t > c->after && t < c->best) c->best = t;
    return true;
}

int64_t watch_next_instant(const struct snapshot *s, int64_t t)
{
    struct next_ctx c = {t, INT64_MAX};
    for (size_t i = 0; i < s->n_rulings; i++)
        each_instant(s->rulings[i].rec, keep_next, &c);
    return c.best;
}

struct window_ctx {
    int64_t after, upto, found;
    bool any;
};

static bool find_in_window(void *ctx, int64_t t)
{
    struct window_ctx *c = ctx;
    if (t > c->after && t <= c->upto) {
        c->found = t;
        c->any = true;
        return false;
    }
    return true;
}

bool watch_instant_cause(const struct snapshot *s, int64_t after, int64_t upto, size_t *ruling,
                         int64_t *at)
{
    for (size_t i = 0; i < s->n_rulings; i++) {
        struct window_ctx c = {after, upto, 0, false};
        each_instant(s->rulings[i].rec, find_in_window, &c);
        if (c.any) {
            *ruling = i;
            *at = c.found;
            return true;
        }
    }
    return false;
}
