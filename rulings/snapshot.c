#include "rulings/snapshot.h"

#include <stdlib.h>
#include <string.h>

#include "lib/check.h"
#include "match/match.h"
#include "match/annotations.h"
#include "match/normalize.h"
#include "rulings/canon_pieces.h"
#include "rulings/coverage.h"
#include "rulings/render.h"
#include "rulings/snapshot_names.h"
#include "rulings/snapshot_share.h"
#include "lib/timeutil.h"

/* The maps of source and subject ids: the donor's when the ids are the same. */
static bool index_ids(struct snapshot *s, struct snapshot *donor, struct rd_error *err)
{
    snapshot_share_id_maps(s, donor);
    bool own_sources = !(s->lent_maps & LENT_SOURCE_MAP),
         own_subjects = !(s->lent_maps & LENT_SUBJECT_MAP);
    if ((own_sources && !strmap_init(&s->source_by_id, s->ds.n_sources)) ||
        (own_subjects && !strmap_init(&s->subject_by_id, s->ds.n_subjects))) {
        rd_error_set(err, "out of memory indexing ids");
        return false;
    }
    for (size_t i = 0; own_sources && i < s->ds.n_sources; i++)
        (void)strmap_put(&s->source_by_id, s->ds.sources[i].id, (uint32_t)i, NULL);
    for (size_t i = 0; own_subjects && i < s->ds.n_subjects; i++)
        (void)strmap_put(&s->subject_by_id, s->ds.subjects[i].id, (uint32_t)i, NULL);
    s->sources = s->ds.sources;
    s->n_sources = s->ds.n_sources;
    return true;
}

static bool link_subjects(struct snapshot *s, struct rd_error *err)
{
    s->n_subjects = s->ds.n_subjects;
    s->subjects = arena_alloc(&s->arena, (s->n_subjects + 1) * sizeof *s->subjects);
    if (!s->subjects) {
        rd_error_set(err, "out of memory linking subjects");
        return false;
    }
    for (size_t i = 0; i < s->n_subjects; i++) {
        struct snap_subject *sub = &s->subjects[i];
        sub->rec = &s->ds.subjects[i];
        sub->parent = sub->first_child = sub->next_sibling = SNAP_NONE;
    }
    /* Children are linked in reverse so that the list ends up in data-set order. */
    for (size_t i = s->n_subjects; i-- > 0;) {
        struct snap_subject *sub = &s->subjects[i];
        uint32_t p;
        if (sub->rec->parent_id && strmap_get(&s->subject_by_id, sub->rec->parent_id, &p)) {
            sub->parent = p;
            sub->next_sibling = s->subjects[p].first_child;
            s->subjects[p].first_child = (uint32_t)i;
        }
    }
    return true;
}

static int ruling_order(const void *a, const void *b, void *ctx)
{
    const struct snapshot *s = ctx;
    return rd_ruling_cmp(s->rulings[*(const uint32_t *)a].rec,
                         s->rulings[*(const uint32_t *)b].rec);
}

/* A tiny insertion sort: per-subject ruling lists are short, and qsort_r is not C11. */
static void sort_rulings(uint32_t *v, size_t n, const struct snapshot *s)
{
    for (size_t i = 1; i < n; i++) {
        uint32_t x = v[i];
        size_t j = i;
        while (j > 0 && ruling_order(&v[j - 1], &x, (void *)s) > 0) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
}

/* The map of ruling ids (after link_rulings): the donor's when the ids are the same. */
static bool index_rulings(struct snapshot *s, struct snapshot *donor, struct rd_error *err)
{
    if (snapshot_share_ruling_map(s, donor)) return true;
    if (!strmap_init(&s->ruling_by_id, s->n_rulings)) {
        rd_error_set(err, "out of memory indexing ids");
        return false;
    }
    for (size_t i = 0; i < s->n_rulings; i++)
        (void)strmap_put(&s->ruling_by_id, s->rulings[i].rec->id, (uint32_t)i, NULL);
    return true;
}

static bool link_rulings(struct snapshot *s, struct snapshot *donor, struct rd_error *err)
{
    s->rulings = arena_alloc(&s->arena, (s->ds.n_rulings + 1) * sizeof *s->rulings);
    uint32_t *count = calloc(s->n_subjects + 1, sizeof *count);
    if (!s->rulings || !count) {
        free(count);
        rd_error_set(err, "out of memory linking rulings");
        return false;
    }
    struct share_cursor at = {0};
    for (size_t i = 0; i < s->ds.n_rulings; i++) {
        const struct rd_ruling *rec = &s->ds.rulings[i];
        uint32_t sub, src;
        if (!snapshot_share_link(s, donor, rec, s->n_rulings, &at, &sub, &src) &&
            (!strmap_get(&s->subject_by_id, rec->subject_id, &sub) ||
             !strmap_get(&s->source_by_id, rec->source_id, &src)))
            continue;
        struct snap_ruling *r = &s->rulings[s->n_rulings];
        r->rec = rec;
        r->subject = sub;
        r->source = src;
        s->n_rulings++;
        count[sub]++;
    }
    bool ok = true;
    for (size_t i = 0; i < s->n_subjects && ok; i++) {
        s->subjects[i].rulings = arena_alloc(&s->arena, (count[i] + 1) * sizeof(uint32_t));
        ok = s->subjects[i].rulings != NULL;
    }
    free(count);
    if (!ok) {
        rd_error_set(err, "out of memory linking rulings");
        return false;
    }
    for (size_t i = 0; i < s->n_rulings; i++) {
        struct snap_subject *sub = &s->subjects[s->rulings[i].subject];
        sub->rulings[sub->n_rulings++] = (uint32_t)i;
    }
    for (size_t i = 0; i < s->n_subjects; i++)
        sort_rulings(s->subjects[i].rulings, s->subjects[i].n_rulings, s);
    return true;
}

/* Copies what `sb` holds into the arena; false when memory ran out. */
static bool keep(struct snapshot *s, struct strbuf *sb, const char **out, size_t *len)
{
    if (sb->failed) return false;
    *out = arena_strndup(&s->arena, sb->data ? sb->data : "", sb->len);
    *len = sb->len;
    sb_reset(sb);
    return *out != NULL;
}

/* Renders the sources, and every ruling the donor did not render from the same record. */
static bool prerender(struct snapshot *s, struct snapshot *donor, struct rd_error *err)
{
    struct share_cursor at = {0};
    struct strbuf sb = {0};
    bool ok = true;
    s->source_json = arena_alloc(&s->arena, (s->n_sources + 1) * sizeof *s->source_json);
    s->source_json_len = arena_alloc(&s->arena, (s->n_sources + 1) * sizeof *s->source_json_len);
    ok = s->source_json && s->source_json_len;
    for (size_t i = 0; ok && i < s->n_sources; i++) {
        struct jw w;
        jw_init(&w, &sb);
        render_source(&w, &s->sources[i]);
        ok = keep(s, &sb, &s->source_json[i], &s->source_json_len[i]);
    }
    for (size_t i = 0; ok && i < s->n_rulings; i++) {
        struct snap_ruling *r = &s->rulings[i];
        if (donor && snapshot_share_ruling(s, donor, (uint32_t)i, &at)) continue;
        render_ruling_head(s, (uint32_t)i, &sb);
        ok = keep(s, &sb, &r->head, &r->head_len);
        if (!ok) break;
        render_ruling_tail(s, (uint32_t)i, &sb);
        ok = keep(s, &sb, &r->tail, &r->tail_len);
    }
    sb_free(&sb);
    if (!ok) rd_error_set(err, "out of memory rendering rulings");
    return ok;
}

/* The category subjects, in data-set order. */
static bool list_categories(struct snapshot *s, struct rd_error *err)
{
    s->categories = arena_alloc(&s->arena, (s->n_subjects + 1) * sizeof *s->categories);
    if (!s->categories) {
        rd_error_set(err, "out of memory listing categories");
        return false;
    }
    for (size_t i = 0; i < s->n_subjects; i++)
        if (s->subjects[i].rec->kind == SUBJECT_CATEGORY)
            s->categories[s->n_categories++] = (uint32_t)i;
    return true;
}

/* Every identifier of every subject, as chains in a map: one identifier may name several
 * subjects (one entity on two lists). The donor's when the subjects carry its. */
static bool index_identifiers(struct snapshot *s, struct snapshot *donor, struct rd_error *err)
{
    if (snapshot_share_identifiers(s, donor)) return true;
    size_t n = 0;
    for (size_t i = 0; i < s->n_subjects; i++)
        n += s->subjects[i].rec->identifiers.n;
    s->identifier_subject = arena_alloc(&s->arena, (n + 1) * sizeof *s->identifier_subject);
    s->identifier_next = arena_alloc(&s->arena, (n + 1) * sizeof *s->identifier_next);
    if (!s->identifier_subject || !s->identifier_next || !strmap_init(&s->by_identifier, n)) {
        rd_error_set(err, "out of memory indexing identifiers");
        return false;
    }
    uint32_t k = 0;
    for (size_t i = 0; i < s->n_subjects; i++) {
        const struct rd_codes *ids = &s->subjects[i].rec->identifiers;
        for (uint32_t j = 0; j < ids->n; j++, k++) {
            uint32_t first = UINT32_MAX;
            (void)strmap_get(&s->by_identifier, ids->items[j], &first);
            s->identifier_subject[k] = (uint32_t)i;
            s->identifier_next[k] = first;
            (void)strmap_put(&s->by_identifier, ids->items[j], k, NULL);
        }
    }
    return true;
}

size_t snapshot_by_identifier(const struct snapshot *s, const char *key, uint32_t *out, size_t cap)
{
    uint32_t k;
    size_t n = 0;
    if (!strmap_get(&s->by_identifier, key, &k)) return 0;
    for (; k != UINT32_MAX && n < cap; k = s->identifier_next[k]) {
        bool seen = false; /* a subject listing one identifier twice counts once */
        for (size_t i = 0; i < n && !seen; i++)
            seen = out[i] == s->identifier_subject[k];
        if (!seen) out[n++] = s->identifier_subject[k];
    }
    return n;
}

/* The coverage most answers carry, rendered once (after list_categories). */
static bool prerender_coverage(struct snapshot *s, struct rd_error *err)
{
    struct strbuf sb = {0};
    struct jw w;
    jw_init(&w, &sb);
    render_coverage_value(&w, s, NULL, NULL);
    bool ok = keep(s, &sb, &s->coverage_json, &s->coverage_json_len);
    sb_free(&sb);
    if (!ok) rd_error_set(err, "out of memory rendering the coverage");
    return ok;
}

/* The matcher's view of the subjects, and its index over the names. */
static bool build_match_index(struct snapshot *s, struct rd_error *err)
{
    s->entities = arena_alloc(&s->arena, (s->n_subjects + 1) * sizeof *s->entities);
    if (!s->entities) {
        rd_error_set(err, "out of memory indexing names");
        return false;
    }
    for (size_t i = 0; i < s->n_subjects; i++) {
        const struct snap_subject *sub = &s->subjects[i];
        s->entities[i] =
            (struct match_entity){sub->rec->id, (int)sub->rec->kind,
                                  sub->rec->kind == SUBJECT_PERSON, sub->aliases, sub->n_aliases};
    }
    struct match_corpus c = {s->names, s->n_aliases, s->entities, s->n_subjects};
    s->match_index = match_index_build(&c, err);
    return s->match_index != NULL;
}

/* Indexes into the snapshot are 32 bits wide, with SNAP_NONE kept for "none". */
static bool fits_indexes(const struct dataset *ds)
{
    return ds->n_sources < SNAP_NONE && ds->n_rulings < SNAP_NONE && ds->n_aliases < SNAP_NONE &&
           ds->n_subjects < SNAP_NONE - ds->n_aliases;
}

struct snapshot *snapshot_build(struct dataset *ds, int64_t revision, struct rd_error *err)
{
    return snapshot_build_like(ds, revision, NULL, err);
}

/* Where a snapshot's names and index may come from: the donor, or other snapshots. */
struct corpus_donors {
    struct snapshot *donor;
    struct snapshot *const *others;
    size_t n;
};

/* The names and the matcher's index: the donor's, or another's, when it read the same names. */
static bool index_names(struct snapshot *s, const struct corpus_donors *d, struct rd_error *err)
{
    if (snapshot_share_corpus(s, d->donor)) return true;
    for (size_t i = 0; i < d->n; i++)
        if (snapshot_share_corpus_kept(s, d->others[i])) return true;
    return snapshot_index_names(s, d->donor, err) && build_match_index(s, err);
}

struct snapshot *snapshot_build_like(struct dataset *ds, int64_t revision, struct snapshot *donor,
                                     struct rd_error *err)
{
    return snapshot_build_among(ds, revision, donor, NULL, 0, err);
}

struct snapshot *snapshot_build_among(struct dataset *ds, int64_t revision, struct snapshot *donor,
                                      struct snapshot *const *others, size_t n,
                                      struct rd_error *err)
{
    const struct corpus_donors from = {donor, others, n};
    struct snapshot *s = fits_indexes(ds) ? calloc(1, sizeof *s) : NULL;
    if (!s) {
        rd_error_set(err, fits_indexes(ds) ? "out of memory" : "too many records for a snapshot");
        dataset_free(ds);
        return NULL;
    }
    s->ds = *ds;
    memset(ds, 0, sizeof *ds);
    atomic_init(&s->refs, 1);
    s->revision = revision;
    s->built_at = rd_now();
    static atomic_uint_fast64_t generations;
    s->generation = atomic_fetch_add(&generations, 1) + 1;
    if (!index_ids(s, donor, err) || !link_subjects(s, err) || !index_names(s, &from, err) ||
        !link_rulings(s, donor, err) || !index_rulings(s, donor, err) ||
        !prerender(s, donor, err) || !list_categories(s, err) || !prerender_coverage(s, err) ||
        !index_identifiers(s, donor, err)) {
        snapshot_release(s);
        return NULL;
    }
    if (!(s->canon = canon_pieces_new(s))) {
        rd_error_set(err, "out of memory");
        snapshot_release(s);
        return NULL;
    }
    return s;
}

struct snapshot *snapshot_retain(struct snapshot *s)
{
    atomic_fetch_add_explicit(&s->refs, 1, memory_order_relaxed);
    return s;
}

void snapshot_release(struct snapshot *s)
{
    if (!s) return;
    long before = atomic_fetch_sub_explicit(&s->refs, 1, memory_order_acq_rel);
    RD_ASSERT(before > 0); /* a reference dropped twice */
    if (before != 1) return;
    canon_pieces_free(s->canon, s->n_rulings);
    if (!s->corpus_shared) match_index_free(s->match_index);
    if (!(s->lent_maps & LENT_SOURCE_MAP)) strmap_free(&s->source_by_id);
    if (!(s->lent_maps & LENT_SUBJECT_MAP)) strmap_free(&s->subject_by_id);
    if (!(s->lent_maps & LENT_RULING_MAP)) strmap_free(&s->ruling_by_id);
    if (!(s->lent_maps & LENT_IDENTIFIERS)) strmap_free(&s->by_identifier);
    arena_free(&s->arena);
    dataset_free(&s->ds);
    snapshot_release(s->lender);
    snapshot_release(s->corpus_lender);
    free(s);
}

const struct snap_subject *snapshot_subject(const struct snapshot *s, const char *id)
{
    uint32_t i;
    return strmap_get(&s->subject_by_id, id, &i) ? &s->subjects[i] : NULL;
}

const struct snap_ruling *snapshot_ruling(const struct snapshot *s, const char *id)
{
    uint32_t i;
    return strmap_get(&s->ruling_by_id, id, &i) ? &s->rulings[i] : NULL;
}

const struct rd_source *snapshot_source(const struct snapshot *s, const char *id)
{
    uint32_t i;
    return strmap_get(&s->source_by_id, id, &i) ? &s->sources[i] : NULL;
}

size_t snapshot_memory(const struct snapshot *s)
{
    size_t caps = (s->lent_maps & LENT_SOURCE_MAP ? 0 : s->source_by_id.cap) +
                  (s->lent_maps & LENT_SUBJECT_MAP ? 0 : s->subject_by_id.cap) +
                  (s->lent_maps & LENT_RULING_MAP ? 0 : s->ruling_by_id.cap);
    size_t maps = caps * (sizeof(struct strmap_slot) + sizeof(uint16_t)); /* slots and tags */
    return s->ds.arena.total + s->arena.total + maps + sizeof *s;
}

size_t snapshot_memory_held(const struct snapshot *s)
{
    size_t held = snapshot_memory(s);
    /* a past revision patched from a kept one keeps it and the kept one's own lender: the
     * chain is at most that long (server/past.c, kept_base) */
    for (const struct snapshot *l = s->lender; l; l = l->lender)
        held += snapshot_memory(l);
    return held + (s->corpus_lender ? snapshot_memory(s->corpus_lender) : 0);
}
