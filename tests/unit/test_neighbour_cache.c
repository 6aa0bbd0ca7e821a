/* The per-thread cache of query words' fuzzy neighbours (match/neighbour_cache.h) must give
 * what looking them up gives: the same question answered twice in a thread (the second time
 * from the cache) and in a fresh index (whose serial no entry carries) gets the same hits,
 * and an entry answers only for its own index, word and depth. */
#include <criterion/criterion.h>
#include <string.h>

#include "fixtures.h"
#include "match/match.h"
#include "match/neighbour_cache.h"
#include "match/normalize.h"
#include "rulings/snapshot.h"

static size_t find(const struct snapshot *s, const char *name, struct match_hit *hits)
{
    static struct norm_name n;
    cr_assert_eq(normalize_name(name, strlen(name), &n), NORM_OK, "%s", name);
    struct match_query q = {&n, -1, MATCH_NEAR_MISS_SCORE};
    return match_find(s->match_index, &q, hits, 6);
}

static void expect_same(const char *name, const struct match_hit *a, size_t na,
                        const struct match_hit *b, size_t nb)
{
    cr_assert_eq(na, nb, "%s: %zu hits, then %zu", name, na, nb);
    for (size_t i = 0; i < na; i++) {
        cr_assert_eq(a[i].alias, b[i].alias, "%s: hit %zu", name, i);
        cr_assert_eq(a[i].score, b[i].score, "%s: hit %zu", name, i);
        cr_assert_eq(a[i].method, b[i].method, "%s: hit %zu", name, i);
    }
}

Test(neighbour_cache, answers_from_the_cache_are_those_of_the_look_up)
{
    /* typos two edits away, known words one edit away, words said twice, words nobody lists */
    static const char *const names[] = {
        "Kaspersky Lab",           "Kaperksy Labb",           "Kasperskiy Laboratoriya",
        "Kaspresky Lab Kaspresky", "Evgeny Kasperskii",       "Kaspersy Antivirs Kaspersky",
        "Natalya Kaspersky",       "Laboratoria Kasperskogo", "Kaspersky Lab Incorporatd",
        "Acme Widgets Kasper",     "Eugene Kaspersy",         "Kaspersky Labs Kaspersky Labs"};
    struct snapshot *a = fx_seed();
    struct match_hit first[6], again[6], fresh[6];
    size_t n1[sizeof names / sizeof *names];
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        n1[i] = find(a, names[i], first);
        expect_same(names[i], first, n1[i], again, find(a, names[i], again));
    }
    struct snapshot *b = fx_seed(); /* a new index: nothing of a's is replayed */
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        size_t n = find(a, names[i], first);
        cr_assert_eq(n, n1[i], "%s", names[i]);
        expect_same(names[i], first, n, fresh, find(b, names[i], fresh));
    }
    snapshot_release(a);
    snapshot_release(b);
}

Test(neighbour_cache, an_entry_answers_only_for_its_index_word_and_depth)
{
    bool hit;
    struct nb_entry *e = nb_lookup(7, "kasperky", 8, 2, &hit);
    cr_assert_not_null(e);
    cr_assert(!hit);
    nb_record(e, 3, 0.75f);
    cr_assert(!nb_lookup(7, "kasperky", 8, 2, &hit) || !hit, "kept before the look-up ended");
    e = nb_lookup(7, "kasperky", 8, 2, &hit);
    nb_record(e, 3, 0.75f);
    nb_done(e, 7);
    e = nb_lookup(7, "kasperky", 8, 2, &hit);
    cr_assert(hit);
    cr_assert_eq(e->n, 1);
    cr_assert_eq(e->found[0].tok, 3);
    cr_assert(nb_lookup(8, "kasperky", 8, 2, &hit) && !hit, "another index");
    e = nb_lookup(7, "kasperky", 8, 2, &hit);
    cr_assert(!hit, "the other index's look-up emptied the entry");
    nb_done(e, 7);
    cr_assert(nb_lookup(7, "kasperky", 8, 1, &hit) && !hit, "another depth");
    char longer[NB_MAX_WORD + 1];
    memset(longer, 'k', sizeof longer);
    cr_assert_null(nb_lookup(7, longer, sizeof longer, 2, &hit));
    e = nb_lookup(9, "kasperky", 8, 2, &hit);
    for (uint32_t k = 0; k <= NB_MAX_FOUND; k++)
        nb_record(e, k, 0.5f);
    nb_done(e, 9);
    cr_assert(nb_lookup(9, "kasperky", 8, 2, &hit) && !hit, "a word that found too many");
}
