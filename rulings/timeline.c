/* A subject's rulings on a time line (rulings/timeline.h): which lanes, in which state,
 * and the axis. The states are evaluate()'s, never decided here. */
#include "rulings/timeline.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rulings/reach.h"

#define DAY INT64_C(86400)
#define AXIS_MARGIN (90 * DAY) /* room after the last date for open-ended bars */

static const struct applied *listed(const struct applied *v, size_t n, uint32_t ruling)
{
    for (size_t i = 0; i < n; i++)
        if (v[i].ruling == ruling) return &v[i];
    return NULL;
}

/* The lane of one reaching ruling, in the state the verdict gives it. */
static struct timeline_lane lane_of(const struct snapshot *s, const struct verdict *v,
                                    const struct applied *a)
{
    struct timeline_lane l = {.ruling = a->ruling,
                              .rec = s->rulings[a->ruling].rec,
                              .state = LANE_NOT_IN_EFFECT,
                              .nhops = a->nhops,
                              .via_subject = s->rulings[a->ruling].subject};
    const struct applied *found;
    if ((found = listed(v->in_effect, v->n_in_effect, a->ruling)))
        l.state = LANE_IN_EFFECT;
    else if ((found = listed(v->upcoming, v->n_upcoming, a->ruling)))
        l.state = LANE_UPCOMING;
    else if ((found = listed(v->uncertain, v->n_uncertain, a->ruling)))
        l.state = LANE_UNCERTAIN;
    l.conditional = found && (found->flags & APPLIED_CONDITIONAL);
    return l;
}

static int by_date(const void *x, const void *y)
{
    const struct timeline_lane *a = x, *b = y;
    return rd_ruling_cmp(a->rec, b->rec);
}

/* Lanes that say something about as_of first, then the latest ended ones. */
static int by_weight(const void *x, const void *y)
{
    const struct timeline_lane *a = x, *b = y;
    bool ea = a->state == LANE_NOT_IN_EFFECT, eb = b->state == LANE_NOT_IN_EFFECT;
    if (ea != eb) return ea ? 1 : -1;
    return -rd_ruling_cmp(a->rec, b->rec);
}

/* The first instant of the year of t, `add` years later (UTC). */
static int64_t year_start(int64_t t, int add)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm)) return t;
    struct tm jan1 = {.tm_year = tm.tm_year + add, .tm_mday = 1};
    return (int64_t)timegm(&jan1);
}

static void set_axis(struct timeline *t)
{
    int64_t lo = t->as_of;
    int64_t hi = lo;
    for (size_t i = 0; i < t->n_lanes; i++) {
        const struct rd_ruling *r = t->lanes[i].rec;
        if (r->effective_from < lo) lo = r->effective_from;
        if (r->effective_from > hi) hi = r->effective_from;
        if (r->has_until && r->effective_until > hi) hi = r->effective_until;
    }
    t->start = year_start(lo, 0);
    t->end = year_start(hi, 1);
    if (t->end - hi < AXIS_MARGIN) t->end = year_start(hi, 2);
}

/* Keeps at most TIMELINE_MAX_LANES lanes (counting the rest) and puts them in date order. */
static void settle(struct timeline *t)
{
    if (t->n_lanes > TIMELINE_MAX_LANES) {
        qsort(t->lanes, t->n_lanes, sizeof *t->lanes, by_weight);
        t->n_more += t->n_lanes - TIMELINE_MAX_LANES;
        t->n_lanes = TIMELINE_MAX_LANES;
    }
    qsort(t->lanes, t->n_lanes, sizeof *t->lanes, by_date);
    set_axis(t);
}

bool timeline_build(const struct snapshot *s, uint32_t subject, const struct eval_filter *f,
                    struct timeline *out)
{
    memset(out, 0, sizeof *out);
    out->subject = subject;
    out->as_of = f->as_of;
    struct reach_set c = {.s = s};
    reach_collect(&c, subject);
    struct verdict v;
    bool ok = !c.failed && evaluate(s, &subject, 1, f, &v);
    if (ok) {
        out->lanes = malloc((c.n + 1) * sizeof *out->lanes);
        ok = out->lanes != NULL;
        for (size_t i = 0; ok && i < c.n; i++) {
            const struct snap_ruling *r = &s->rulings[c.items[i].ruling];
            /* the one filter of evaluate()'s that says which rulings exist for the question */
            if (f->jurisdiction && strcmp(s->sources[r->source].jurisdiction, f->jurisdiction))
                continue;
            out->lanes[out->n_lanes++] = lane_of(s, &v, &c.items[i]);
        }
        verdict_free(&v);
    }
    free(c.items);
    if (!ok) {
        timeline_free(out);
        return false;
    }
    settle(out);
    return true;
}

bool timeline_add_in_effect(const struct snapshot *s, struct timeline *t, uint32_t ruling)
{
    for (size_t i = 0; i < t->n_lanes; i++)
        if (t->lanes[i].ruling == ruling) return true;
    struct timeline_lane *lanes = realloc(t->lanes, (t->n_lanes + 1) * sizeof *lanes);
    if (!lanes) return false;
    t->lanes = lanes;
    t->lanes[t->n_lanes++] = (struct timeline_lane){.ruling = ruling,
                                                    .rec = s->rulings[ruling].rec,
                                                    .state = LANE_IN_EFFECT,
                                                    .via_subject = s->rulings[ruling].subject};
    settle(t);
    return true;
}

void timeline_free(struct timeline *t)
{
    free(t->lanes);
    t->lanes = NULL;
    t->n_lanes = t->n_more = 0;
}

size_t timeline_count(const struct timeline *t, enum lane_state state)
{
    size_t n = 0;
    for (size_t i = 0; i < t->n_lanes; i++)
        n += t->lanes[i].state == state;
    return n;
}
