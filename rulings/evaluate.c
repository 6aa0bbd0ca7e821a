#include "rulings/evaluate.h"

#include <stdlib.h>
#include <string.h>

#include "lib/check.h"

static const char *const verdict_names[] = {"restricted", "advisory", "clear", "no_match"};
const struct enum_names VERDICTS = {verdict_names, VERDICT_COUNT};
static const char *const hop_names[] = {"affiliate", "product_of", "incorporates",
                                        "successor_of"};
const struct enum_names HOP_KINDS = {hop_names, HOP_KIND_COUNT};

enum { MAX_GROUP_DEPTH = 16, MAX_VISITED = EVAL_MAX_HOPS + 1 };

struct collector {
    const struct snapshot *s;
    struct applied *items;
    size_t n, cap;
    bool failed;
    uint32_t visited[MAX_VISITED];
    size_t nvisited;
};

static void add(struct collector *c, uint32_t ruling, const struct hop *hops, uint8_t nhops)
{
    RD_ASSERT(ruling < c->s->n_rulings && nhops <= EVAL_MAX_HOPS);
    for (size_t i = 0; i < c->n; i++)
        if (c->items[i].ruling == ruling) return; /* first way found is the nearest */
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        struct applied *items = realloc(c->items, cap * sizeof *items);
        if (!items) {
            c->failed = true;
            return;
        }
        c->items = items;
        c->cap = cap;
    }
    struct applied *a = &c->items[c->n++];
    a->ruling = ruling;
    a->nhops = nhops;
    memcpy(a->hops, hops, nhops * sizeof *hops);
}

/* Rulings of `member` and of its subsidiaries (recursively) that extend to affiliates. */
static void add_group(struct collector *c, uint32_t member, uint32_t self, struct hop *hops,
                      uint8_t nhops, int depth)
{
    const struct snapshot *s = c->s;
    const struct snap_subject *m = &s->subjects[member];
    if (member != self && nhops < EVAL_MAX_HOPS) {
        hops[nhops] = (struct hop){HOP_AFFILIATE, member};
        for (uint32_t i = 0; i < m->n_rulings; i++)
            if (s->rulings[m->rulings[i]].rec->extends_to_affiliates)
                add(c, m->rulings[i], hops, (uint8_t)(nhops + 1));
    }
    if (depth >= MAX_GROUP_DEPTH) return;
    for (uint32_t ch = m->first_child; ch != SNAP_NONE; ch = s->subjects[ch].next_sibling)
        if (s->subjects[ch].rec->relation == RELATION_SUBSIDIARY_OF)
            add_group(c, ch, self, hops, nhops, depth + 1);
}

static void collect(struct collector *c, uint32_t subject, struct hop *hops, uint8_t nhops)
{
    const struct snapshot *s = c->s;
    RD_ASSERT(subject < s->n_subjects);
    for (size_t i = 0; i < c->nvisited; i++)
        if (c->visited[i] == subject) return;
    if (c->nvisited == MAX_VISITED) return;
    c->visited[c->nvisited++] = subject;

    const struct snap_subject *sub = &s->subjects[subject];
    for (uint32_t i = 0; i < sub->n_rulings; i++) add(c, sub->rulings[i], hops, nhops);

    uint32_t root = subject;
    for (int d = 0; d < MAX_GROUP_DEPTH; d++) {
        const struct snap_subject *r = &s->subjects[root];
        if (r->parent == SNAP_NONE || r->rec->relation != RELATION_SUBSIDIARY_OF) break;
        root = r->parent;
    }
    add_group(c, root, subject, hops, nhops, 0);

    static const enum hop_kind inherits[RELATION_COUNT] = {
        [RELATION_PRODUCT_OF] = HOP_PRODUCT_OF,
        [RELATION_INCORPORATES] = HOP_INCORPORATES,
        [RELATION_SUCCESSOR_OF] = HOP_SUCCESSOR_OF,
    };
    enum relation rel = sub->rec->relation;
    if (sub->parent != SNAP_NONE && rel != RELATION_NONE && rel != RELATION_SUBSIDIARY_OF &&
        nhops < EVAL_MAX_HOPS) {
        hops[nhops] = (struct hop){inherits[rel], sub->parent};
        collect(c, sub->parent, hops, (uint8_t)(nhops + 1));
    }
}

static bool passes(const struct snapshot *s, const struct snap_ruling *r,
                   const struct eval_filter *f)
{
    if (f->jurisdiction && strcmp(s->sources[r->source].jurisdiction, f->jurisdiction) != 0)
        return false;
    if (f->binds && strcmp(r->rec->binds, f->binds) != 0) return false;
    return true;
}

/* Is `a` overridden by a nearer exemption from the same source? */
static bool overridden(const struct collector *c, const struct applied *a, int64_t as_of)
{
    const struct snap_ruling *r = &c->s->rulings[a->ruling];
    if (r->rec->status == STATUS_EXEMPT) return false;
    int64_t t = r->rec->effective_from > as_of ? r->rec->effective_from : as_of;
    for (size_t i = 0; i < c->n; i++) {
        const struct snap_ruling *e = &c->s->rulings[c->items[i].ruling];
        if (e->rec->status == STATUS_EXEMPT && e->source == r->source &&
            c->items[i].nhops < a->nhops && rd_ruling_in_force(e->rec, t))
            return true;
    }
    return false;
}

static bool restrictive(enum ruling_status st)
{
    return st == STATUS_PROHIBITED || st == STATUS_RESTRICTED;
}

/* The start of the unbroken run of coverage by `kept` rulings of at least `level` that
 * contains as_of: walk back while some ruling covers the instant just before. */
static int64_t continuous_since(const struct snapshot *s, const struct applied *kept, size_t n,
                                bool advisory_counts, int64_t as_of)
{
    int64_t since = as_of + 1;
    for (bool moved = true; moved;) {
        moved = false;
        for (size_t i = 0; i < n; i++) {
            const struct rd_ruling *r = s->rulings[kept[i].ruling].rec;
            bool counts = restrictive(r->status) || (advisory_counts && r->status == STATUS_ADVISORY);
            if (counts && r->effective_from < since && rd_ruling_in_force(r, since - 1)) {
                since = r->effective_from;
                moved = true;
            }
        }
    }
    return since;
}

static int by_from(const struct snapshot *s, const struct applied *a, const struct applied *b)
{
    return rd_ruling_cmp(s->rulings[a->ruling].rec, s->rulings[b->ruling].rec);
}

static void sort_applied(const struct snapshot *s, struct applied *v, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        struct applied x = v[i];
        size_t j = i;
        while (j > 0 && by_from(s, &v[j - 1], &x) > 0) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
}

bool evaluate(const struct snapshot *s, uint32_t subject, const struct eval_filter *f,
              struct verdict *out)
{
    memset(out, 0, sizeof *out);
    struct collector c = {.s = s};
    struct hop hops[EVAL_MAX_HOPS];
    collect(&c, subject, hops, 0);
    if (c.failed) {
        free(c.items);
        return false;
    }
    /* Keep what passes the filters and is not overridden (ended rulings too: they can
     * extend `since` back); all of `c` still serves the override check. */
    struct applied *kept = malloc((c.n + 1) * sizeof *kept);
    if (!kept) {
        free(c.items);
        return false;
    }
    size_t nk = 0;
    for (size_t i = 0; i < c.n; i++) {
        const struct snap_ruling *r = &s->rulings[c.items[i].ruling];
        if (!passes(s, r, f) || overridden(&c, &c.items[i], f->as_of)) continue;
        kept[nk++] = c.items[i];
    }
    free(c.items);
    sort_applied(s, kept, nk);

    out->in_effect = malloc((nk + 1) * sizeof *out->in_effect);
    out->upcoming = malloc((nk + 1) * sizeof *out->upcoming);
    if (!out->in_effect || !out->upcoming) {
        free(kept);
        verdict_free(out);
        return false;
    }
    bool any_restrictive = false, any_advisory = false;
    for (size_t i = 0; i < nk; i++) {
        const struct rd_ruling *r = s->rulings[kept[i].ruling].rec;
        if (rd_ruling_in_force(r, f->as_of)) {
            out->in_effect[out->n_in_effect++] = kept[i];
            any_restrictive |= restrictive(r->status);
            any_advisory |= r->status == STATUS_ADVISORY;
        } else if (r->effective_from > f->as_of) {
            out->upcoming[out->n_upcoming++] = kept[i];
        }
    }
    out->kind = any_restrictive ? VERDICT_RESTRICTED
                : any_advisory  ? VERDICT_ADVISORY
                                : VERDICT_CLEAR;
    if (out->kind != VERDICT_CLEAR) {
        out->has_since = true;
        out->since = continuous_since(s, kept, nk, out->kind == VERDICT_ADVISORY, f->as_of);
    }
    free(kept);
    return true;
}

void verdict_free(struct verdict *v)
{
    free(v->in_effect);
    free(v->upcoming);
    v->in_effect = v->upcoming = NULL;
    v->n_in_effect = v->n_upcoming = 0;
}
