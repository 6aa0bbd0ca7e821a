#include "rulings/browse.h"

#include <stdlib.h>
#include <string.h>

#include "match/match.h"
#include "match/normalize.h"

const char *browse_subject_id(const struct snapshot *s, uint32_t i)
{
    return s->subjects[i].rec->id;
}

const char *browse_ruling_id(const struct snapshot *s, uint32_t i)
{
    return s->rulings[i].rec->id;
}

const char *browse_source_id(const struct snapshot *s, uint32_t i)
{
    return s->sources[i].id;
}

/* Keeps the first `cap` items (in list order) of those offered after the position. */
struct picker {
    const struct snapshot *s;
    const char *(*id_of)(const struct snapshot *, uint32_t);
    const struct browse_after *after;
    struct browse_item items[BROWSE_MAX_LIMIT + 1];
    size_t n, cap;
};

static bool precedes(double ra, const char *ia, double rb, const char *ib)
{
    if (ra != rb) return ra > rb;
    return strcmp(ia, ib) < 0;
}

static void picker_init(struct picker *p, const struct snapshot *s,
                        const char *(*id_of)(const struct snapshot *, uint32_t),
                        const struct browse_after *after, size_t limit)
{
    p->s = s;
    p->id_of = id_of;
    p->after = after && after->id ? after : NULL;
    p->n = 0;
    p->cap = (limit > BROWSE_MAX_LIMIT ? BROWSE_MAX_LIMIT : limit) + 1;
}

static void offer(struct picker *p, const struct browse_item *it)
{
    const char *id = p->id_of(p->s, it->index);
    if (p->after && !precedes(p->after->rank, p->after->id, it->rank, id)) return;
    if (p->n == p->cap) {
        const struct browse_item *last = &p->items[p->n - 1];
        if (!precedes(it->rank, id, last->rank, p->id_of(p->s, last->index))) return;
    }
    size_t lo = 0, hi = p->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct browse_item *m = &p->items[mid];
        if (precedes(m->rank, p->id_of(p->s, m->index), it->rank, id))
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t keep = p->n < p->cap ? p->n : p->cap - 1;
    memmove(&p->items[lo + 1], &p->items[lo], (keep - lo) * sizeof *p->items);
    p->items[lo] = *it;
    p->n = keep + 1;
}

static void picker_done(const struct picker *p, struct browse_item *out, size_t *n, bool *more)
{
    size_t limit = p->cap - 1;
    *n = p->n < limit ? p->n : limit;
    *more = p->n > limit;
    memcpy(out, p->items, *n * sizeof *out);
}

/* Does every word of `q` begin some word of `text` (words are separated by one space)? */
static bool holds_words(const struct norm_name *q, const char *text)
{
    for (unsigned t = 0; t < q->ntokens; t++) {
        const char *w = q->text + q->tokens[t].off;
        size_t wl = q->tokens[t].len;
        bool found = false;
        for (const char *c = text; *c && !found;) {
            found = strncmp(c, w, wl) == 0;
            const char *sp = strchr(c, ' ');
            c = sp ? sp + 1 : c + strlen(c);
        }
        if (!found) return false;
    }
    return q->ntokens > 0;
}

static enum browse_status search(const struct snapshot *s, const struct subject_query *q,
                                 struct picker *p)
{
    static _Thread_local struct norm_name norm;
    if (normalize_name(q->q, q->q_len, &norm) != NORM_OK) return BROWSE_BAD_QUERY;
    if (norm.len == 0 || s->n_subjects == 0) return BROWSE_OK; /* nothing distinctive */
    size_t cap = s->n_subjects < BROWSE_MAX_MATCHES ? s->n_subjects : BROWSE_MAX_MATCHES;
    struct match_hit *hits = malloc(cap * sizeof *hits);
    bool *found = calloc(s->n_subjects, sizeof *found);
    if (!hits || !found) {
        free(hits);
        free(found);
        return BROWSE_NO_MEMORY;
    }
    struct match_query mq = {&norm, q->kind, BROWSE_MIN_SCORE};
    size_t nh = match_find(s->match_index, &mq, hits, cap);
    for (size_t i = 0; i < nh; i++) {
        found[hits[i].subject] = true;
        offer(p, &(struct browse_item){hits[i].subject, hits[i].score, hits[i].alias,
                                       (int)hits[i].method});
    }
    for (uint32_t i = 0; i < s->n_subjects; i++) {
        const struct snap_subject *sub = &s->subjects[i];
        if (found[i] || (q->kind >= 0 && (int)sub->rec->kind != q->kind)) continue;
        for (uint32_t k = 0; k < sub->n_aliases; k++) {
            if (!holds_words(&norm, s->names[sub->aliases[k]].norm)) continue;
            offer(p, &(struct browse_item){i, 0.0, sub->aliases[k], BROWSE_CONTAINS});
            break;
        }
    }
    free(hits);
    free(found);
    return BROWSE_OK;
}

enum browse_status browse_subjects(const struct snapshot *s, const struct subject_query *q,
                                   const struct browse_after *after, struct browse_item *out,
                                   size_t limit, size_t *n, bool *more)
{
    struct picker p;
    picker_init(&p, s, browse_subject_id, after, limit);
    enum browse_status st = BROWSE_OK;
    if (q->q) {
        st = search(s, q, &p);
    } else {
        for (uint32_t i = 0; i < s->n_subjects; i++)
            if (q->kind < 0 || (int)s->subjects[i].rec->kind == q->kind)
                offer(&p, &(struct browse_item){i, 0.0, SNAP_NONE, 0});
    }
    picker_done(&p, out, n, more);
    return st;
}

static bool ruling_fits(const struct rd_ruling *r, const struct ruling_filter *f)
{
    if (f->subject && strcmp(r->subject_id, f->subject) != 0) return false;
    if (f->source && strcmp(r->source_id, f->source) != 0) return false;
    if (f->status >= 0 && (int)r->status != f->status) return false;
    if (f->on && !rd_ruling_in_force(r, f->at)) return false;
    return true;
}

void browse_rulings(const struct snapshot *s, const struct ruling_filter *f,
                    const struct browse_after *after, struct browse_item *out, size_t limit,
                    size_t *n, bool *more)
{
    struct picker p;
    picker_init(&p, s, browse_ruling_id, after, limit);
    for (uint32_t i = 0; i < s->n_rulings; i++)
        if (ruling_fits(s->rulings[i].rec, f))
            offer(&p, &(struct browse_item){i, 0.0, SNAP_NONE, 0});
    picker_done(&p, out, n, more);
}

void browse_sources(const struct snapshot *s, const struct browse_after *after,
                    struct browse_item *out, size_t limit, size_t *n, bool *more)
{
    struct picker p;
    picker_init(&p, s, browse_source_id, after, limit);
    for (uint32_t i = 0; i < s->n_sources; i++)
        offer(&p, &(struct browse_item){i, 0.0, SNAP_NONE, 0});
    picker_done(&p, out, n, more);
}
