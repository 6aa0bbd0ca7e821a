/* The verdict at an instant over the rulings that reach the subjects asked about
 * (rulings/evaluate.h): filters, exemptions, conditions, and since when. */
#include "rulings/evaluate.h"

#include <stdlib.h>
#include <string.h>

#include "rulings/reach.h"

static const char *const verdict_names[] = {"restricted", "advisory", "clear", "no_match"};
const struct enum_names VERDICTS = ENUM_NAMES(verdict_names);
static const char *const hop_names[] = {"affiliate", "product_of", "incorporates", "successor_of"};
const struct enum_names HOP_KINDS = ENUM_NAMES(hop_names);

/* Does the ruling pass the question's filters? Sets APPLIED_* flags on `a` when it does. */
static bool passes(const struct snapshot *s, struct applied *a, const struct eval_filter *f)
{
    const struct snap_ruling *r = &s->rulings[a->ruling];
    const struct rd_ruling *rec = r->rec;
    if (f->jurisdiction && strcmp(s->sources[r->source].jurisdiction, f->jurisdiction) != 0)
        return false;
    if (f->party) {
        if (rd_codes_has(&rec->binds, f->party)) {
            /* bound */
        } else if (rd_codes_has(&rec->affects, f->party)) {
            a->flags |= APPLIED_AFFECTED;
        } else {
            return false;
        }
    }
    const struct rd_condition *cond = &rec->condition;
    if (cond->code) {
        if (cond->purposes.n && f->purpose) {
            if (!rd_codes_has(&cond->purposes, f->purpose)) return false; /* not for this use */
        } else {
            a->flags |= APPLIED_CONDITIONAL;
        }
    }
    return true;
}

/* Does exemption `e` carve out of `a` (both reaching the same subject asked about)? */
static bool carves_out(const struct snapshot *s, const struct applied *e, const struct applied *a)
{
    const struct snap_ruling *er = &s->rulings[e->ruling], *ar = &s->rulings[a->ruling];
    /* An exemption not known to hold (certainty unknown) is listed as uncertain, never
     * taken as carving out: that would guess in the exempt's favour. */
    if (er->rec->status != STATUS_EXEMPT || !er->rec->certain) return false;
    /* Named: whatever subject asked about the exemption reaches (a stated category's
     * exemption carves out of another category's ruling), but not from further away. */
    if (er->rec->exempts.n)
        return rd_codes_has(&er->rec->exempts, ar->rec->id) &&
               (e->from != a->from || e->nhops <= a->nhops);
    return e->from == a->from && e->nhops < a->nhops && er->source == ar->source;
}

/* Is `a` carved out at instant t by an exemption in force then? */
static bool carved_out_at(const struct snapshot *s, const struct reach_set *c,
                          const struct applied *a, int64_t t)
{
    if (s->rulings[a->ruling].rec->status == STATUS_EXEMPT) return false;
    for (size_t i = 0; i < c->n; i++)
        if (carves_out(s, &c->items[i], a) &&
            rd_ruling_in_force(s->rulings[c->items[i].ruling].rec, t))
            return true;
    return false;
}

/* Is `a` carved out when it would be in force: at as_of, or when it begins if later? */
static bool overridden(const struct snapshot *s, const struct reach_set *c, const struct applied *a,
                       int64_t as_of)
{
    int64_t from = s->rulings[a->ruling].rec->effective_from;
    return carved_out_at(s, c, a, from > as_of ? from : as_of);
}

static bool restrictive(enum ruling_status st)
{
    return st == STATUS_PROHIBITED || st == STATUS_RESTRICTED;
}

/* The start of the unbroken stretch, holding `t`, in which `a` applies (it does at t): its
 * beginning, or the end of the latest suspension or carving exemption before t. */
static int64_t stretch_start(const struct snapshot *s, const struct reach_set *c,
                             const struct applied *a, int64_t t)
{
    const struct rd_ruling *r = s->rulings[a->ruling].rec;
    int64_t start = r->effective_from;
    for (uint32_t i = 0; i < r->n_suspensions; i++) {
        const struct rd_window *w = &r->suspensions[i];
        if (w->has_until && w->until <= t && w->until > start) start = w->until;
    }
    for (size_t i = 0; i < c->n; i++) {
        const struct rd_ruling *e = s->rulings[c->items[i].ruling].rec;
        if (carves_out(s, &c->items[i], a) && e->has_until && e->effective_until <= t &&
            e->effective_until > start)
            start = e->effective_until;
    }
    return start;
}

/* The start of the unbroken run of coverage by `kept` rulings of at least the verdict's
 * level that contains as_of: walk back while some ruling applies at the instant just before
 * (in force, and not carved out then). */
static int64_t continuous_since(const struct snapshot *s, const struct reach_set *c,
                                const struct applied *kept, size_t n, bool advisory_counts,
                                int64_t as_of)
{
    int64_t since = as_of + 1;
    for (bool moved = true; moved;) {
        moved = false;
        for (size_t i = 0; i < n; i++) {
            const struct rd_ruling *r = s->rulings[kept[i].ruling].rec;
            bool counts =
                restrictive(r->status) || (advisory_counts && r->status == STATUS_ADVISORY);
            if (!counts || !r->certain || !rd_ruling_in_force(r, since - 1) ||
                carved_out_at(s, c, &kept[i], since - 1))
                continue;
            int64_t start = stretch_start(s, c, &kept[i], since - 1);
            if (start < since) {
                since = start;
                moved = true;
            }
        }
    }
    return since;
}

static int by_from(const struct snapshot *s, const struct applied *a, const struct applied *b)
{
    int c = rd_ruling_cmp(s->rulings[a->ruling].rec, s->rulings[b->ruling].rec);
    return c ? c : (a->from > b->from) - (a->from < b->from);
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

/* The rulings that pass the filters and are not carved out (ended ones too: they can extend
 * `since` back), sorted; malloc'd into *out. */
static bool keep(const struct snapshot *s, struct reach_set *c, const struct eval_filter *f,
                 struct applied **out, size_t *n)
{
    *out = malloc((c->n + 1) * sizeof **out);
    if (!*out) return false;
    *n = 0;
    for (size_t i = 0; i < c->n; i++) {
        struct applied a = c->items[i];
        if (passes(s, &a, f) && !overridden(s, c, &a, f->as_of)) (*out)[(*n)++] = a;
    }
    sort_applied(s, *out, *n);
    /* A ruling reaching two of the subjects asked about is listed once (the first). */
    size_t w = 0;
    for (size_t i = 0; i < *n; i++) {
        bool seen = false;
        for (size_t j = 0; j < w && !seen; j++)
            seen = (*out)[j].ruling == (*out)[i].ruling;
        if (!seen) (*out)[w++] = (*out)[i];
    }
    *n = w;
    return true;
}

/* Sorts the kept rulings into in effect, upcoming and uncertain, and decides the verdict. */
static void decide(const struct snapshot *s, const struct reach_set *c, const struct applied *kept,
                   size_t nk, const struct eval_filter *f, struct verdict *out)
{
    bool any_restrictive = false, any_advisory = false;
    for (size_t i = 0; i < nk; i++) {
        const struct rd_ruling *r = s->rulings[kept[i].ruling].rec;
        if (r->effective_from > f->as_of) {
            out->upcoming[out->n_upcoming++] = kept[i];
        } else if (!rd_ruling_in_force(r, f->as_of)) {
            continue;
        } else if (!r->certain) {
            out->uncertain[out->n_uncertain++] = kept[i];
        } else {
            out->in_effect[out->n_in_effect++] = kept[i];
            any_restrictive |= restrictive(r->status);
            any_advisory |= r->status == STATUS_ADVISORY;
        }
    }
    out->kind = any_restrictive ? VERDICT_RESTRICTED
                : any_advisory  ? VERDICT_ADVISORY
                                : VERDICT_CLEAR;
    if (out->kind != VERDICT_CLEAR) {
        out->has_since = true;
        out->since = continuous_since(s, c, kept, nk, out->kind == VERDICT_ADVISORY, f->as_of);
    }
}

bool evaluate(const struct snapshot *s, const uint32_t *subjects, size_t n,
              const struct eval_filter *f, struct verdict *out)
{
    memset(out, 0, sizeof *out);
    struct reach_set c = {.s = s};
    for (size_t i = 0; i < n; i++)
        reach_collect(&c, subjects[i]);
    struct applied *kept = NULL;
    size_t nk = 0;
    bool ok = !c.failed && keep(s, &c, f, &kept, &nk);
    if (ok) {
        out->in_effect = malloc((nk + 1) * sizeof *out->in_effect);
        out->upcoming = malloc((nk + 1) * sizeof *out->upcoming);
        out->uncertain = malloc((nk + 1) * sizeof *out->uncertain);
        ok = out->in_effect && out->upcoming && out->uncertain;
    }
    if (ok) decide(s, &c, kept, nk, f, out);
    free(c.items);
    free(kept);
    if (!ok) verdict_free(out);
    return ok;
}

void verdict_free(struct verdict *v)
{
    free(v->in_effect);
    free(v->upcoming);
    free(v->uncertain);
    v->in_effect = v->upcoming = v->uncertain = NULL;
    v->n_in_effect = v->n_upcoming = v->n_uncertain = 0;
}
