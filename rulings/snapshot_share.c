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

/* Takes the donor's corpus and index into `s`, which reads the same names (same_corpus). */
static bool take_corpus(struct snapshot *s, const struct snapshot *donor)
{
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
    return true;
}

bool snapshot_share_corpus(struct snapshot *s, struct snapshot *donor)
{
    if (!donor || !donor->match_index || !same_corpus(s, donor) || !take_corpus(s, donor))
        return false;
    keep_donor(s, donor);
    return true;
}

/* The snapshot that keeps `k`'s corpus and index alive: `k` when they are its own, else the one
 * it took them from, so that snapshots taking them from one another make no chain. */
static struct snapshot *corpus_owner(struct snapshot *k)
{
    if (!k->corpus_shared) return k;
    return k->corpus_lender ? k->corpus_lender : k->lender;
}

bool snapshot_share_corpus_kept(struct snapshot *s, struct snapshot *kept)
{
    if (!kept || !kept->match_index || !same_corpus(s, kept) || !take_corpus(s, kept)) return false;
    s->corpus_lender = snapshot_retain(corpus_owner(kept));
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

bool snapshot_share_link(const struct snapshot *s, const struct snapshot *donor,
                         const struct rd_ruling *rec, size_t i, struct share_cursor *at,
                         uint32_t *subject, uint32_t *source)
{
    const unsigned both = LENT_SUBJECT_MAP | LENT_SOURCE_MAP;
    if (!donor || (s->lent_maps & both) != both) return false;
    const struct snap_ruling *d = donor_ruling(donor, rec->id, (uint32_t)i, at);
    if (!d || !same_text(d->rec->subject_id, rec->subject_id) ||
        !same_text(d->rec->source_id, rec->source_id))
        return false;
    *subject = d->subject;
    *source = d->source;
    return true;
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

void snapshot_share_id_maps(struct snapshot *s, struct snapshot *donor)
{
    if (!donor) return;
    const struct dataset *a = &s->ds, *b = &donor->ds;
    bool same = a->n_sources == b->n_sources;
    for (size_t i = 0; same && i < a->n_sources; i++)
        same = same_text(a->sources[i].id, b->sources[i].id);
    if (same) {
        s->source_by_id = donor->source_by_id;
        s->lent_maps |= LENT_SOURCE_MAP;
    }
    same = a->n_subjects == b->n_subjects;
    for (size_t i = 0; same && a->subjects != b->subjects && i < a->n_subjects; i++)
        same = same_text(a->subjects[i].id, b->subjects[i].id);
    if (same) {
        s->subject_by_id = donor->subject_by_id;
        s->lent_maps |= LENT_SUBJECT_MAP;
    }
    if (s->lent_maps) keep_donor(s, donor);
}

bool snapshot_share_ruling_map(struct snapshot *s, struct snapshot *donor)
{
    if (!donor || s->n_rulings != donor->n_rulings) return false;
    for (size_t i = 0; i < s->n_rulings; i++)
        if (!same_text(s->rulings[i].rec->id, donor->rulings[i].rec->id)) return false;
    s->ruling_by_id = donor->ruling_by_id;
    s->lent_maps |= LENT_RULING_MAP;
    keep_donor(s, donor);
    return true;
}

bool snapshot_share_identifiers(struct snapshot *s, struct snapshot *donor)
{
    if (!donor || s->n_subjects != donor->n_subjects) return false;
    for (size_t i = 0; i < s->n_subjects; i++) {
        const struct rd_codes *x = &s->subjects[i].rec->identifiers,
                              *y = &donor->subjects[i].rec->identifiers;
        if (x->n != y->n) return false;
        for (uint32_t j = 0; j < x->n && x->items != y->items; j++)
            if (!same_text(x->items[j], y->items[j])) return false;
    }
    s->by_identifier = donor->by_identifier;
    s->identifier_subject = donor->identifier_subject;
    s->identifier_next = donor->identifier_next;
    s->lent_maps |= LENT_IDENTIFIERS;
    keep_donor(s, donor);
    return true;
}
