/* snapshot_build_like: a snapshot built with a donor (names it normalised lent) is the same
 * as one built without, whatever the two data sets share or not (server/past.c builds a
 * past revision so, lent by the current snapshot). */
#include <criterion/criterion.h>
#include <string.h>

#include "fixtures.h"
#include "match/match.h"
#include "rulings/snapshot.h"

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
