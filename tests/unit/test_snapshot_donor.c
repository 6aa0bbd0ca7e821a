/* snapshot_build_like: a snapshot built with a donor (names it normalised lent, its index
 * and rendered rulings taken where the records are the same) is the same
 * as one built without, whatever the two data sets share or not (server/past.c builds a
 * past revision so, lent by the current snapshot). */
#include <criterion/criterion.h>
#include <string.h>

#include "fixtures.h"
#include "match/match.h"
#include "rulings/snapshot.h"
#include "rulings/snapshot_share.h"

static struct dataset seed(void)
{
    struct dataset ds;
    struct field_errors fe = {0};
    cr_assert(dataset_load_file(FX_SEED_PATH, &ds, &fe));
    field_errors_free(&fe);
    return ds;
}

/* The seed changed as a later revision might change it: aliases gone, a name rewritten the
 * lists' way ("SURNAMES, Given"), persons made organisations and organisations persons
 * (what a name's surnames are depends on its subject's kind, not on its text alone). */
static struct dataset changed_seed(void)
{
    struct dataset ds = seed();
    cr_assert_gt(ds.n_aliases, 10);
    memmove(ds.aliases, ds.aliases + 5, (ds.n_aliases - 5) * sizeof *ds.aliases);
    ds.n_aliases -= 5;
    ds.subjects[0].name = "DOE SMITH, John Michael (ex-ACME TRADING LLC)";
    for (size_t i = 0; i < ds.n_subjects; i++) {
        if (ds.subjects[i].kind == SUBJECT_PERSON)
            ds.subjects[i].kind = SUBJECT_ORGANIZATION;
        else if (ds.subjects[i].kind == SUBJECT_ORGANIZATION || i == 0)
            ds.subjects[i].kind = SUBJECT_PERSON;
    }
    return ds;
}

/* Returns how many names have surnames. */
static size_t expect_same_names(const struct snapshot *a, const struct snapshot *b)
{
    cr_assert_eq(a->n_aliases, b->n_aliases);
    size_t persons = 0;
    for (size_t k = 0; k < a->n_aliases; k++) {
        const struct match_name *x = &a->names[k], *y = &b->names[k];
        cr_expect_str_eq(a->aliases[k].text, b->aliases[k].text);
        cr_expect_eq(a->aliases[k].kind, b->aliases[k].kind);
        cr_expect_eq(a->aliases[k].subject, b->aliases[k].subject);
        cr_expect_eq(a->aliases[k].rec == NULL, b->aliases[k].rec == NULL);
        cr_expect_str_eq(x->norm, y->norm, "%s", a->aliases[k].text);
        cr_expect_eq(x->legal, y->legal);
        cr_expect_eq(x->legal_inner, y->legal_inner);
        cr_expect_eq(x->transliterated, y->transliterated);
        cr_expect_eq(x->exact_only, y->exact_only);
        cr_expect_eq(x->surnames, y->surnames, "%s", a->aliases[k].text);
        cr_expect_eq(x->hyphened, y->hyphened, "%s", a->aliases[k].text);
        cr_expect_eq(x->entity, y->entity);
        cr_expect_eq(x->rank, y->rank);
        cr_expect_eq(x->role, y->role);
        persons += x->surnames > 0;
    }
    return persons;
}

Test(snapshot_donor, lent_names_give_the_same_snapshot)
{
    struct rd_error err = {0};
    struct dataset d0 = seed(), d1 = changed_seed(), d2 = changed_seed();
    struct snapshot *donor = snapshot_build(&d0, 1, &err);
    struct snapshot *alone = snapshot_build(&d1, 2, &err);
    struct snapshot *lent = snapshot_build_like(&d2, 2, donor, &err);
    cr_assert(donor && alone && lent, "%s", err.message);
    cr_expect_gt(expect_same_names(alone, lent), 0, "a name written SURNAMES, Given was indexed");
    /* lent by itself: nothing changed, the same snapshot */
    struct dataset d3 = seed();
    struct snapshot *again = snapshot_build_like(&d3, 1, donor, &err);
    cr_assert_not_null(again);
    expect_same_names(donor, again);
    snapshot_release(again);
    snapshot_release(lent);
    snapshot_release(alone);
    snapshot_release(donor);
}

/* The donor's records copied as a past data set patched from it copies them (their strings
 * stay the donor's, which outlives the copy). */
static struct dataset copy_of(const struct dataset *src)
{
    struct dataset ds = {0};
    cr_assert(
        dataset_reserve(&ds, src->n_sources, src->n_subjects, src->n_aliases, src->n_rulings));
    memcpy(ds.sources, src->sources, src->n_sources * sizeof *src->sources);
    memcpy(ds.subjects, src->subjects, src->n_subjects * sizeof *src->subjects);
    memcpy(ds.aliases, src->aliases, src->n_aliases * sizeof *src->aliases);
    memcpy(ds.rulings, src->rulings, src->n_rulings * sizeof *src->rulings);
    ds.n_sources = src->n_sources;
    ds.n_subjects = src->n_subjects;
    ds.n_aliases = src->n_aliases;
    ds.n_rulings = src->n_rulings;
    return ds;
}

/* Every subject's own name asked of both: the same answer. */
static void expect_same_answers(const struct snapshot *a, const struct snapshot *b)
{
    cr_assert_eq(a->n_subjects, b->n_subjects);
    for (size_t i = 0; i < a->n_subjects; i++) {
        const char *name = a->subjects[i].rec->name;
        json_t *x = fx_check(a, name, "2025-01-01", NULL, NULL, NULL);
        json_t *y = fx_check(b, name, "2025-01-01", NULL, NULL, NULL);
        cr_expect(json_equal(x, y), "%s answered differently", name);
        json_decref(x);
        json_decref(y);
    }
}

/* How many of s's rulings carry the donor's rendered head. */
static size_t rulings_shared(const struct snapshot *s, const struct snapshot *donor)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n_rulings; i++) {
        const struct snap_ruling *d = snapshot_ruling(donor, s->rulings[i].rec->id);
        n += d && d->head == s->rulings[i].head && d->tail == s->rulings[i].tail;
    }
    return n;
}

/* A snapshot of the seed, and two copies of its records to change alike: one built with it
 * as donor, one without. */
static struct snapshot *seed_donor(struct dataset *d1, struct dataset *d2)
{
    struct rd_error err = {0};
    struct dataset d0 = seed();
    struct snapshot *donor = snapshot_build(&d0, 1, &err);
    cr_assert_not_null(donor, "%s", err.message);
    *d1 = copy_of(&donor->ds);
    *d2 = copy_of(&donor->ds);
    return donor;
}

Test(snapshot_donor, same_records_share_the_index_and_the_rendered_rulings)
{
    struct rd_error err = {0};
    struct dataset d1, d2;
    struct snapshot *donor = seed_donor(&d1, &d2);
    /* one ruling corrected: rendered anew, the others taken */
    const size_t k = donor->ds.n_rulings / 2;
    d1.rulings[k].note = d2.rulings[k].note = "corrected at this revision";
    const char *corrected = d2.rulings[k].id; /* the donor's string: it outlives d2 */
    struct snapshot *alone = snapshot_build(&d1, 1, &err);
    struct snapshot *lent = snapshot_build_like(&d2, 1, donor, &err);
    cr_assert(alone && lent, "%s", err.message);
    cr_expect(lent->corpus_shared);
    cr_expect_eq(lent->match_index, donor->match_index);
    cr_expect_eq(lent->lender, donor);
    cr_expect(!alone->corpus_shared && alone->lender == NULL);
    cr_expect_eq(rulings_shared(lent, donor), lent->n_rulings - 1);
    cr_expect_eq(lent->lent_maps,
                 LENT_SOURCE_MAP | LENT_SUBJECT_MAP | LENT_RULING_MAP | LENT_IDENTIFIERS);
    const struct snap_ruling *r = snapshot_ruling(lent, corrected);
    cr_assert_not_null(r);
    cr_expect_not_null(strstr(r->tail, "corrected at this revision"));
    expect_same_names(alone, lent);
    expect_same_answers(alone, lent);
    snapshot_release(lent);
    snapshot_release(alone);
    snapshot_release(donor);
}

Test(snapshot_donor, a_name_changed_builds_its_own_index)
{
    struct rd_error err = {0};
    struct dataset d1, d2;
    struct snapshot *donor = seed_donor(&d1, &d2);
    d1.aliases[0].alias = d2.aliases[0].alias = "Renamed Holdings Ltd";
    const char *renamed = d2.aliases[0].subject_id; /* the donor's string */
    struct snapshot *alone = snapshot_build(&d1, 1, &err);
    struct snapshot *lent = snapshot_build_like(&d2, 1, donor, &err);
    cr_assert(alone && lent, "%s", err.message);
    cr_expect(!lent->corpus_shared);
    cr_expect_neq(lent->match_index, donor->match_index);
    cr_expect_eq(rulings_shared(lent, donor), lent->n_rulings, "the rulings are the same");
    expect_same_names(alone, lent);
    expect_same_answers(alone, lent);
    fx_expect_best(lent, "Renamed Holdings Ltd", renamed);
    snapshot_release(lent);
    snapshot_release(alone);
    snapshot_release(donor);
}

/* Every id and identifier found at the same place in both. */
static void expect_same_lookups(const struct snapshot *a, const struct snapshot *b)
{
    for (size_t i = 0; i < a->n_rulings; i++) {
        const char *id = a->rulings[i].rec->id;
        const struct snap_ruling *x = snapshot_ruling(a, id), *y = snapshot_ruling(b, id);
        cr_assert(x && y, "%s", id);
        cr_expect_eq(x - a->rulings, y - b->rulings, "%s", id);
        cr_expect_eq(x->subject, y->subject, "%s", id);
        cr_expect_eq(x->source, y->source, "%s", id);
    }
    for (size_t i = 0; i < a->n_subjects; i++) {
        const struct rd_codes *ids = &a->subjects[i].rec->identifiers;
        cr_expect_eq(snapshot_subject(b, a->subjects[i].rec->id) - b->subjects, (long)i);
        for (uint32_t j = 0; j < ids->n; j++) {
            uint32_t x[8], y[8];
            size_t nx = snapshot_by_identifier(a, ids->items[j], x, 8),
                   ny = snapshot_by_identifier(b, ids->items[j], y, 8);
            cr_expect(nx == ny && nx > 0 && memcmp(x, y, nx * sizeof *x) == 0, "%s", ids->items[j]);
        }
    }
}

Test(snapshot_donor, the_same_ids_share_the_maps_and_other_ids_do_not)
{
    struct rd_error err = {0};
    struct dataset d1, d2;
    struct snapshot *donor = seed_donor(&d1, &d2);
    /* a ruling made later (absent here): the rulings' places move */
    const size_t k = 1;
    cr_assert_gt(d1.n_rulings, k + 1);
    memmove(d1.rulings + k, d1.rulings + k + 1, (d1.n_rulings - k - 1) * sizeof *d1.rulings);
    memmove(d2.rulings + k, d2.rulings + k + 1, (d2.n_rulings - k - 1) * sizeof *d2.rulings);
    d1.n_rulings--, d2.n_rulings--;
    /* a subject's identifiers written later (none here) */
    size_t with = 0;
    while (with < d1.n_subjects && d1.subjects[with].identifiers.n == 0)
        with++;
    cr_assert_lt(with, d1.n_subjects, "the seed has a subject with identifiers");
    d1.subjects[with].identifiers.n = d2.subjects[with].identifiers.n = 0;
    struct snapshot *alone = snapshot_build(&d1, 1, &err);
    struct snapshot *lent = snapshot_build_like(&d2, 1, donor, &err);
    cr_assert(alone && lent, "%s", err.message);
    cr_expect_eq(lent->lent_maps, LENT_SOURCE_MAP | LENT_SUBJECT_MAP);
    cr_expect_eq(alone->lent_maps, 0);
    expect_same_lookups(alone, lent);
    expect_same_lookups(lent, alone);
    const struct rd_codes *gone = &donor->subjects[with].rec->identifiers;
    for (uint32_t j = 0; j < gone->n; j++) {
        uint32_t found[8];
        size_t n = snapshot_by_identifier(lent, gone->items[j], found, 8);
        for (size_t i = 0; i < n; i++)
            cr_expect_neq(found[i], (uint32_t)with, "%s is not this subject's here",
                          gone->items[j]);
    }
    expect_same_answers(alone, lent);
    snapshot_release(lent);
    snapshot_release(alone);
    snapshot_release(donor);
}

/* A past revision whose names are another kept one's (both before the same import) takes that
 * one's index, and keeps it alive; a third taking it from the second keeps the first, which
 * built it, not the second (no chain). */
Test(snapshot_donor, a_kept_revision_lends_its_index)
{
    struct rd_error err = {0};
    struct dataset d1, d2;
    struct snapshot *donor = seed_donor(&d1, &d2);
    struct dataset d3 = copy_of(&donor->ds), d4 = copy_of(&donor->ds);
    d1.aliases[0].alias = d2.aliases[0].alias = d3.aliases[0].alias = d4.aliases[0].alias =
        "Renamed Holdings Ltd";
    const char *renamed = d2.aliases[0].subject_id; /* the donor's string */
    const size_t k = donor->ds.n_rulings / 2;
    d2.rulings[k].note = d3.rulings[k].note = d4.rulings[k].note = "corrected later";
    struct snapshot *kept = snapshot_build_like(&d1, 1, donor, &err);
    struct snapshot *alone = snapshot_build(&d3, 2, &err);
    cr_assert(kept && alone, "%s", err.message);
    struct snapshot *lent = snapshot_build_among(&d2, 2, donor, &kept, 1, &err);
    cr_assert_not_null(lent, "%s", err.message);
    cr_expect(lent->corpus_shared);
    cr_expect_eq(lent->match_index, kept->match_index);
    cr_expect_eq(lent->corpus_lender, kept);
    snapshot_release(kept); /* lent keeps it */
    expect_same_names(alone, lent);
    expect_same_answers(alone, lent);
    fx_expect_best(lent, "Renamed Holdings Ltd", renamed);
    struct snapshot *third = snapshot_build_among(&d4, 2, donor, &lent, 1, &err);
    cr_assert_not_null(third, "%s", err.message);
    cr_expect_eq(third->corpus_lender, lent->corpus_lender, "the index's builder, not lent");
    snapshot_release(lent);
    expect_same_answers(alone, third);
    snapshot_release(third);
    snapshot_release(alone);
    snapshot_release(donor);
}
