#include "rulings/snapshot_share.h"

#include <string.h>

static bool same_text(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static void keep_donor(struct snapshot *s, struct snapshot *donor)
{
    if (!s->lender) s->lender = snapshot_retain(donor);
}

/* Does every subject and alias of `s` read as the donor's to the name index? */
static bool same_corpus(const struct snapshot *s, const struct snapshot *d)
{
    if (s->n_subjects != d->n_subjects || s->ds.n_aliases != d->ds.n_aliases) return false;
    for (size_t i = 0; i < s->n_subjects; i++) {
        const struct rd_subject *x = s->subjects[i].rec, *y = d->subjects[i].rec;
        if (x->kind != y->kind || !same_text(x->id, y->id) || !same_text(x->name, y->name))
            return false;
    }
    for (size_t i = 0; i < s->ds.n_aliases; i++) {
        const struct rd_alias *x = &s->ds.aliases[i], *y = &d->ds.aliases[i];
        if (x->kind != y->kind || !same_text(x->subject_id, y->subject_id) ||
            !same_text(x->alias, y->alias))
            return false;
    }
    return true;
}

bool snapshot_share_corpus(struct snapshot *s, struct snapshot *donor)
{
    if (!donor || !donor->match_index || !same_corpus(s, donor)) return false;
    /* The names' own records are this data set's (the same place in it as the donor's in
     * its own): what an answer says of an alias besides its text is read from them. */
    struct snap_alias *aliases = arena_alloc(&s->arena, (donor->n_aliases + 1) * sizeof *aliases);
    if (!aliases) return false;
    for (size_t k = 0; k < donor->n_aliases; k++) {
        aliases[k] = donor->aliases[k];
        if (aliases[k].rec) aliases[k].rec = s->ds.aliases + (aliases[k].rec - donor->ds.aliases);
    }
    for (size_t i = 0; i < s->n_subjects; i++) {
        s->subjects[i].aliases = donor->subjects[i].aliases;
        s->subjects[i].n_aliases = donor->subjects[i].n_aliases;
    }
    s->aliases = aliases;
    s->n_aliases = donor->n_aliases;
    s->names = donor->names;
    s->entities = donor->entities;
    s->match_index = donor->match_index;
    s->corpus_shared = true;
    keep_donor(s, donor);
    return true;
}

/* The donor's ruling of `id`, or NULL. */
static const struct snap_ruling *donor_ruling(const struct snapshot *d, const char *id, uint32_t i,
                                              struct share_cursor *at)
{
    long guess = (long)i + at->shift;
    if (guess >= 0 && (size_t)guess < d->n_rulings && same_text(d->rulings[guess].rec->id, id))
        return &d->rulings[guess];
    uint32_t j;
    if (!strmap_get(&d->ruling_by_id, id, &j)) return NULL;
    at->shift = (long)j - (long)i;
    return &d->rulings[j];
}

bool snapshot_share_ruling(struct snapshot *s, struct snapshot *donor, uint32_t i,
                           struct share_cursor *at)
{
    struct snap_ruling *r = &s->rulings[i];
    const struct snap_ruling *dr = donor ? donor_ruling(donor, r->rec->id, i, at) : NULL;
    /* Byte for byte: a record copied from the donor's data set (its strings shared) is
     * equal; one read again is not, even when it says the same, and is rendered anew. */
    if (!dr || memcmp(r->rec, dr->rec, sizeof *r->rec) != 0 ||
        !same_text(s->sources[r->source].jurisdiction, donor->sources[dr->source].jurisdiction))
        return false;
    r->head = dr->head;
    r->head_len = dr->head_len;
    r->tail = dr->tail;
    r->tail_len = dr->tail_len;
    keep_donor(s, donor);
    return true;
}
