/* snapshot_build (look-ups, links, dangling records, refs); match_find (methods, scores, order). */
#include <criterion/criterion.h>
#include <string.h>

#include "fixtures.h"
#include "match/legal_forms.h"
#include "match/match.h"
#include "match/normalize.h"
#include "lib/timeutil.h"

static const struct fx_source_row sources[] = {{"src", "US"}};

static const struct fx_subject_row subjects[] = {
    {"acme", SUBJECT_ORGANIZATION, "Acme Inc.", NULL, RELATION_NONE},
    {"acme-gmbh", SUBJECT_ORGANIZATION, "Acme GmbH", "acme", RELATION_SUBSIDIARY_OF},
    {"acme-ltd", SUBJECT_ORGANIZATION, "Acme Ltd", "acme", RELATION_SUBSIDIARY_OF},
    {"acme-app", SUBJECT_PRODUCT, "Acme", "acme", RELATION_PRODUCT_OF},
    {"romashka", SUBJECT_ORGANIZATION, "ООО Ромашка", NULL, RELATION_NONE},
    {"llc-only", SUBJECT_ORGANIZATION, "LLC", NULL, RELATION_NONE},
};

static const struct fx_alias_row aliases[] = {
    {"acme", "Acme Worldwide", ALIAS_BRAND},
    {"acme", "ACME WORLDWIDE INC", ALIAS_LEGAL},
    {"romashka", "Romashka", ALIAS_TRANSLITERATION},
    {"ghost", "Ghost Alias", ALIAS_BRAND}, /* unknown subject */
};

#define FROM "2024-01-01T00:00:00Z"

static const struct fx_ruling_row rulings[] = {
    {"r-b", "acme", "src", STATUS_RESTRICTED, "x", FROM, NULL, false},
    {"r-a", "acme", "src", STATUS_RESTRICTED, "x", FROM, NULL, false},
    {"r-0", "acme", "src", STATUS_ADVISORY, "x", "2020-01-01T00:00:00Z", NULL, false},
    {"r-ghost", "ghost", "src", STATUS_RESTRICTED, "x", FROM, NULL, false},    /* unknown subject */
    {"r-nosrc", "acme", "nowhere", STATUS_RESTRICTED, "x", FROM, NULL, false}, /* unknown source */
};

static const struct fx_tables tables = {.sources = FX_LIST(sources),
                                        .subjects = FX_LIST(subjects),
                                        .aliases = FX_LIST(aliases),
                                        .rulings = FX_LIST(rulings)};

FX_SUITE_SNAPSHOT(fx_build_tables(&tables))

TestSuite(snapshot, .init = setup, .fini = teardown);

Test(snapshot, lookups_and_dangling_records)
{
    cr_expect_eq(snap->revision, 7);
    cr_expect_gt(snap->built_at, fx_t("2024-01-01T00:00:00Z"));
    cr_expect_eq(snap->n_subjects, 6);
    cr_expect_eq(snap->n_rulings, 3, "rulings with unknown subject or source are left out");
    cr_expect_null(snapshot_ruling(snap, "r-ghost"));
    cr_expect_null(snapshot_ruling(snap, "r-nosrc"));
    const struct snap_ruling *r = snapshot_ruling(snap, "r-a");
    cr_assert_not_null(r);
    cr_expect_str_eq(r->rec->id, "r-a");
    cr_expect_str_eq(snap->subjects[r->subject].rec->id, "acme");
    cr_expect_gt(r->head_len, 0);
    cr_expect_eq(r->head[0], '{');
    cr_expect_gt(r->tail_len, 0);
    cr_expect_eq(r->tail[0], ',');
    cr_expect_str_eq(snapshot_source(snap, "src")->id, "src");
    cr_expect_null(snapshot_source(snap, "nowhere"));
    cr_expect_null(snapshot_subject(snap, "ghost"));
    cr_expect_null(snapshot_subject(snap, ""));
    cr_expect_gt(snapshot_memory(snap), 0);
}

/* A past snapshot patched from another keeps that one alive, and says so in what it holds. */
Test(snapshot, memory_held_counts_the_lender)
{
    struct snapshot *past = fx_seed();
    cr_assert_not_null(past);
    cr_expect_eq(snapshot_memory_held(past), snapshot_memory(past));
    past->lender = snapshot_retain(snap);
    cr_expect_eq(snapshot_memory_held(past), snapshot_memory(past) + snapshot_memory(snap));
    /* one patched from a kept past one keeps that one's lender too */
    struct snapshot *earlier = fx_seed();
    cr_assert_not_null(earlier);
    earlier->lender = snapshot_retain(past);
    cr_expect_eq(snapshot_memory_held(earlier),
                 snapshot_memory(earlier) + snapshot_memory(past) + snapshot_memory(snap));
    snapshot_release(earlier);
    snapshot_release(past); /* releases the lender's reference too */
}

Test(snapshot, links_and_order)
{
    const struct snap_subject *acme = snapshot_subject(snap, "acme");
    cr_assert_not_null(acme);
    cr_expect_eq(acme->parent, SNAP_NONE);
    const char *want[] = {"acme-gmbh", "acme-ltd", "acme-app"};
    uint32_t ch = acme->first_child;
    for (size_t i = 0; i < 3; i++) {
        cr_assert_neq(ch, SNAP_NONE, "child %zu missing", i);
        cr_expect_str_eq(snap->subjects[ch].rec->id, want[i]);
        cr_expect_eq(snap->subjects[ch].parent, (uint32_t)(acme - snap->subjects));
        ch = snap->subjects[ch].next_sibling;
    }
    cr_expect_eq(ch, SNAP_NONE);
    /* Own rulings by effective_from, then id. */
    cr_assert_eq(acme->n_rulings, 3);
    cr_expect_str_eq(snap->rulings[acme->rulings[0]].rec->id, "r-0");
    cr_expect_str_eq(snap->rulings[acme->rulings[1]].rec->id, "r-a");
    cr_expect_str_eq(snap->rulings[acme->rulings[2]].rec->id, "r-b");
    /* Names: [0] is the subject's own, normalised. */
    cr_assert_eq(acme->n_aliases, 3);
    const struct snap_alias *own = &snap->aliases[acme->aliases[0]];
    cr_expect_eq(own->kind, ALIAS_NAME);
    cr_expect_str_eq(own->text, "Acme Inc.");
    const struct match_name *own_m = &snap->names[acme->aliases[0]];
    cr_expect_str_eq(own_m->norm, "acme");
    cr_expect_eq(own_m->legal, 1u << LF_INC);
    cr_expect_eq(own_m->role, MATCH_ROLE_OWN);
    cr_expect_null(own->rec);
    const struct snap_subject *rom = snapshot_subject(snap, "romashka");
    cr_expect(snap->names[rom->aliases[0]].transliterated);
}

Test(snapshot, references_count)
{
    struct snapshot *again = snapshot_retain(snap);
    cr_expect_eq(again, snap);
    cr_expect_eq(atomic_load(&snap->refs), 2);
    snapshot_release(again);
    cr_expect_eq(atomic_load(&snap->refs), 1);
    snapshot_release(NULL);
}

struct hit_want {
    const char *subject;
    double score;
    enum match_method method;
};

static size_t find(const char *name, int kind, double min_score, struct match_hit *hits, size_t cap)
{
    static struct norm_name n;
    cr_assert_eq(normalize_name(name, strlen(name), &n), NORM_OK);
    struct match_query q = {&n, kind, min_score};
    return match_find(snap->match_index, &q, hits, cap);
}

static void expect_hits(const char *name, int kind, double min_score, const struct hit_want *want,
                        size_t nwant)
{
    struct match_hit hits[8];
    size_t n = find(name, kind, min_score, hits, 8);
    cr_expect_eq(n, nwant, "\"%s\": %zu hits, want %zu", name, n, nwant);
    for (size_t i = 0; i < n && i < nwant; i++) {
        cr_expect_str_eq(snap->subjects[hits[i].subject].rec->id, want[i].subject, "\"%s\" hit %zu",
                         name, i);
        cr_expect_float_eq(hits[i].score, want[i].score, 1e-9, "\"%s\" hit %zu score %f", name, i,
                           hits[i].score);
        cr_expect_eq(hits[i].method, want[i].method, "\"%s\" hit %zu method", name, i);
        cr_expect_eq(snap->aliases[hits[i].alias].subject, hits[i].subject);
    }
}

#define HITS(...)                                                                                  \
    (const struct hit_want[]){__VA_ARGS__},                                                        \
        sizeof(const struct hit_want[]){__VA_ARGS__} / sizeof(struct hit_want)

Test(snapshot, match_scores_methods_and_order)
{
    /* Legal forms: same set 1; a form on one side only 0.99; different sets sharing a
     * form 0.98; different forms 0.96. Ties go by method, then subject id. */
    expect_hits("Acme, Inc.", -1, 0.9,
                HITS({"acme", 1.0, MATCH_EXACT}, {"acme-app", 0.99, MATCH_EXACT},
                     {"acme-gmbh", 0.96, MATCH_EXACT}, {"acme-ltd", 0.96, MATCH_EXACT}));
    expect_hits("Acme", -1, 0.9,
                HITS({"acme-app", 1.0, MATCH_EXACT}, {"acme", 0.99, MATCH_EXACT},
                     {"acme-gmbh", 0.99, MATCH_EXACT}, {"acme-ltd", 0.99, MATCH_EXACT}));
    expect_hits("Acme Inc Ltd", -1, 0.975,
                HITS({"acme-app", 0.99, MATCH_EXACT}, {"acme", 0.98, MATCH_EXACT},
                     {"acme-ltd", 0.98, MATCH_EXACT}));
    expect_hits("Acme", SUBJECT_ORGANIZATION, 0.9,
                HITS({"acme", 0.99, MATCH_EXACT}, {"acme-gmbh", 0.99, MATCH_EXACT},
                     {"acme-ltd", 0.99, MATCH_EXACT}));
    expect_hits("Acme Inc", -1, 0.995, HITS({"acme", 1.0, MATCH_EXACT}));
    /* Two aliases of one subject with the same text: one hit, the better one. */
    expect_hits("Acme Worldwide", -1, 0.9, HITS({"acme", 1.0, MATCH_ALIAS}));
    expect_hits("Acme Worldwide Inc.", -1, 0.9, HITS({"acme", 1.0, MATCH_ALIAS}));
    /* An alias of kind transliteration, a Cyrillic query or a Cyrillic name: transliterated. */
    expect_hits("romashka", -1, 0.9, HITS({"romashka", 1.0, MATCH_TRANSLITERATED}));
    expect_hits("Ромашка", -1, 0.9, HITS({"romashka", 1.0, MATCH_TRANSLITERATED}));
    expect_hits("Romashka LLC", -1, 0.9, HITS({"romashka", 1.0, MATCH_TRANSLITERATED}));
}

Test(snapshot, names_that_match_nothing)
{
    struct match_hit hits[4];
    cr_expect_eq(find("LLC", -1, 0.0, hits, 4), 0, "a bare legal form matches nothing");
    cr_expect_eq(find("", -1, 0.0, hits, 4), 0);
    cr_expect_eq(find("Ghost Alias", -1, 0.0, hits, 4), 0, "alias of an unknown subject");
    cr_expect_eq(find("Acm", -1, 0.0, hits, 4), 0);
    cr_expect_eq(find("Acme", SUBJECT_PERSON, 0.0, hits, 4), 0);
    cr_expect_eq(find("Acme", -1, 0.0, hits, 0), 0, "cap 0");
    cr_expect_eq(find("Acme", -1, 0.0, hits, 2), 2, "cap respected");
    cr_expect_str_eq(snap->subjects[hits[0].subject].rec->id, "acme-app");
}
