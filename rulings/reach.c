/* Collecting the rulings that reach a subject: walking its relations as far as each
 * ruling's reach allows (rulings/reach.h, docs/decisions/0007). The walk goes as deep as
 * the bounds of rulings/model.h, which every write enforces: nothing deeper is stored. */
#include "rulings/reach.h"

#include <stdlib.h>
#include <string.h>

#include "lib/check.h"

/* How the walk got to the subject whose rulings it is looking at. */
struct path {
    bool group;        /* through a group member or a predecessor */
    bool incorporated; /* through a product that incorporates another */
    uint32_t product;  /* the first product passed through (SNAP_NONE: none) */
};

static bool categories_meet(const struct rd_codes *a, const struct rd_codes *b)
{
    for (uint32_t i = 0; i < a->n; i++)
        if (rd_codes_has(b, a->items[i])) return true;
    return false;
}

/* Does ruling `r` reach along `p`? */
static bool admits(const struct snapshot *s, const struct rd_ruling *r, const struct path *p)
{
    if (p->group && !r->reach.group) return false;
    if (p->incorporated && !r->reach.incorporating) return false;
    if (p->product == SNAP_NONE) return true;
    switch (r->reach.products) {
    case REACH_PRODUCTS_ALL:
        return true;
    case REACH_PRODUCTS_NONE:
        return false;
    case REACH_PRODUCTS_CATEGORIES:
        return categories_meet(&s->subjects[p->product].rec->categories, &r->reach.categories);
    }
    return false;
}

static void add(struct reach_set *c, uint32_t ruling, const struct hop *hops, uint8_t nhops)
{
    RD_ASSERT(ruling < c->s->n_rulings && nhops <= EVAL_MAX_HOPS);
    for (size_t i = 0; i < c->n; i++)
        if (c->items[i].ruling == ruling && c->items[i].from == c->from) return; /* nearest */
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
    *a = (struct applied){.ruling = ruling, .from = c->from, .nhops = nhops};
    memcpy(a->hops, hops, nhops * sizeof *hops);
}

static void add_admitted(struct reach_set *c, uint32_t subject, const struct path *p,
                         const struct hop *hops, uint8_t nhops)
{
    const struct snapshot *s = c->s;
    const struct snap_subject *sub = &s->subjects[subject];
    for (uint32_t i = 0; i < sub->n_rulings; i++)
        if (admits(s, s->rulings[sub->rulings[i]].rec, p)) add(c, sub->rulings[i], hops, nhops);
}

/* Rulings of `member` and of its subsidiaries (recursively) that reach the group. */
static void add_group(struct reach_set *c, uint32_t member, uint32_t self, const struct path *p,
                      struct hop *hops, uint8_t nhops, int depth)
{
    const struct snapshot *s = c->s;
    const struct snap_subject *m = &s->subjects[member];
    if (member != self && nhops < EVAL_MAX_HOPS) {
        hops[nhops] = (struct hop){HOP_AFFILIATE, member};
        struct path in_group = *p;
        in_group.group = true;
        add_admitted(c, member, &in_group, hops, (uint8_t)(nhops + 1));
    }
    if (depth >= RELATION_MAX_GROUP_DEPTH) return;
    for (uint32_t ch = m->first_child; ch != SNAP_NONE; ch = s->subjects[ch].next_sibling)
        if (s->subjects[ch].rec->relation == RELATION_SUBSIDIARY_OF)
            add_group(c, ch, self, p, hops, nhops, depth + 1);
}

static uint32_t group_root(const struct snapshot *s, uint32_t subject)
{
    uint32_t root = subject;
    for (int d = 0; d < RELATION_MAX_GROUP_DEPTH; d++) {
        const struct snap_subject *r = &s->subjects[root];
        if (r->parent == SNAP_NONE || r->rec->relation != RELATION_SUBSIDIARY_OF) break;
        root = r->parent;
    }
    return root;
}

static bool visited(struct reach_set *c, uint32_t subject)
{
    for (size_t i = 0; i < c->nvisited; i++)
        if (c->visited[i] == subject) return true;
    if (c->nvisited == REACH_MAX_VISITED) return true;
    c->visited[c->nvisited++] = subject;
    return false;
}

static void walk(struct reach_set *c, uint32_t subject, const struct path *p, struct hop *hops,
                 uint8_t nhops)
{
    const struct snapshot *s = c->s;
    if (visited(c, subject)) return;
    add_admitted(c, subject, p, hops, nhops);
    add_group(c, group_root(s, subject), subject, p, hops, nhops, 0);

    const struct snap_subject *sub = &s->subjects[subject];
    enum relation rel = sub->rec->relation;
    if (sub->parent == SNAP_NONE || rel == RELATION_NONE || rel == RELATION_SUBSIDIARY_OF ||
        nhops >= RELATION_MAX_CHAIN)
        return;
    struct path up = *p;
    enum hop_kind kind = HOP_SUCCESSOR_OF;
    if (rel == RELATION_PRODUCT_OF) {
        kind = HOP_PRODUCT_OF;
        if (up.product == SNAP_NONE) up.product = subject;
    } else if (rel == RELATION_INCORPORATES) {
        kind = HOP_INCORPORATES;
        up.incorporated = true;
    } /* a successor continues its predecessor: it inherits whatever reaches it */
    hops[nhops] = (struct hop){kind, sub->parent};
    walk(c, sub->parent, &up, hops, (uint8_t)(nhops + 1));
}

void reach_collect(struct reach_set *c, uint32_t subject)
{
    struct hop hops[EVAL_MAX_HOPS];
    struct path p = {false, false, SNAP_NONE};
    c->from = subject;
    c->nvisited = 0;
    walk(c, subject, &p, hops, 0);
}
