/* evaluate(): as-of edges, ranges, since, verdict kinds, filters, inheritance, exemptions. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "fixtures.h"

#define ORG SUBJECT_ORGANIZATION
#define US "us-persons"

/* One data set for both suites; the subjects of one are unrelated to the other's.
 * Time (eval_time): one subject per situation, all rulings from one US source.
 * Relations (eval_group): a corporate group, products, an incorporating product, a successor. */
static const struct fx_source_row sources[] = {
    {"src-us", "US"}, {"src-a", "US"}, {"src-b", "DE"}, {"src-c", "US"}};

static const struct fx_subject_row subjects[] = {
    /* time */
    {"closed", ORG, "Closed Range Ltd", NULL, RELATION_NONE},
    {"chain", ORG, "Chain Corp", NULL, RELATION_NONE},
    {"gap", ORG, "Gap Corp", NULL, RELATION_NONE},
    {"adv", ORG, "Advised Corp", NULL, RELATION_NONE},
    {"exempt", ORG, "Exempt Corp", NULL, RELATION_NONE},
    {"none", ORG, "Nothing Corp", NULL, RELATION_NONE},
    /* relations */
    {"group", ORG, "Group Holding", NULL, RELATION_NONE},
    {"mid", ORG, "Mid Co", "group", RELATION_SUBSIDIARY_OF},
    {"leaf", ORG, "Leaf Co", "mid", RELATION_SUBSIDIARY_OF},
    {"sib", ORG, "Sibling Co", "group", RELATION_SUBSIDIARY_OF},
    {"prod", SUBJECT_PRODUCT, "Mid Product", "mid", RELATION_PRODUCT_OF},
    {"kit", SUBJECT_PRODUCT, "Kit Box", "prod", RELATION_INCORPORATES},
    {"oldco", ORG, "Old Co", NULL, RELATION_NONE},
    {"newco", ORG, "New Co", "oldco", RELATION_SUCCESSOR_OF},
    {"other", ORG, "Other Co", NULL, RELATION_NONE},
    {"exempted", SUBJECT_PRODUCT, "Exempted Product", "mid", RELATION_PRODUCT_OF},
    {"later", SUBJECT_PRODUCT, "Later Exempted", "mid", RELATION_PRODUCT_OF},
    {"doubted", SUBJECT_PRODUCT, "Doubtfully Exempted", "mid", RELATION_PRODUCT_OF},
    /* as deep as evaluation follows (RELATION_MAX_CHAIN): six product_of links below sib */
    {"deep1", SUBJECT_PRODUCT, "Deep One", "sib", RELATION_PRODUCT_OF},
    {"deep2", SUBJECT_PRODUCT, "Deep Two", "deep1", RELATION_PRODUCT_OF},
    {"deep3", SUBJECT_PRODUCT, "Deep Three", "deep2", RELATION_PRODUCT_OF},
    {"deep4", SUBJECT_PRODUCT, "Deep Four", "deep3", RELATION_PRODUCT_OF},
    {"deep5", SUBJECT_PRODUCT, "Deep Five", "deep4", RELATION_PRODUCT_OF},
    {"deep6", SUBJECT_PRODUCT, "Deep Six", "deep5", RELATION_PRODUCT_OF},
};

static const struct fx_ruling_row rulings[] = {
    /* time */
    {"closed-1", "closed", "src-us", STATUS_RESTRICTED, US, "2024-01-01T00:00:00Z",
     "2024-06-01T00:00:00Z", false},
    {"chain-1", "chain", "src-us", STATUS_PROHIBITED, US, "2020-01-01T00:00:00Z",
     "2021-01-01T00:00:00Z", false},
    {"chain-2", "chain", "src-us", STATUS_RESTRICTED, US, "2021-01-01T00:00:00Z",
     "2022-01-01T00:00:00Z", false},
    /* overlaps chain-2 */
    {"chain-3", "chain", "src-us", STATUS_RESTRICTED, US, "2021-06-01T00:00:00Z", NULL, false},
    {"gap-1", "gap", "src-us", STATUS_RESTRICTED, US, "2020-01-01T00:00:00Z",
     "2021-01-01T00:00:00Z", false},
    /* one second of gap */
    {"gap-2", "gap", "src-us", STATUS_RESTRICTED, US, "2021-01-01T00:00:01Z", NULL, false},
    {"adv-1", "adv", "src-us", STATUS_ADVISORY, US, "2023-03-01T12:00:00Z", NULL, false},
    {"adv-2", "adv", "src-us", STATUS_PROHIBITED, US, "2024-01-01T00:00:00Z", NULL, false},
    {"exempt-1", "exempt", "src-us", STATUS_EXEMPT, US, "2020-01-01T00:00:00Z", NULL, false},
    /* relations */
    {"r-group", "group", "src-a", STATUS_RESTRICTED, US, "2020-01-01T00:00:00Z", NULL, true},
    {"r-mid", "mid", "src-b", STATUS_PROHIBITED, "exporters", "2021-01-01T00:00:00Z", NULL, false},
    {"r-leaf", "leaf", "src-c", STATUS_RESTRICTED, US, "2022-01-01T00:00:00Z", NULL, true},
    {"r-prod", "prod", "src-c", STATUS_ADVISORY, US, "2022-06-01T00:00:00Z", NULL, true},
    {"r-old", "oldco", "src-a", STATUS_PROHIBITED, US, "2019-01-01T00:00:00Z", NULL, false},
    {"x-exempted", "exempted", "src-a", STATUS_EXEMPT, US, "2020-01-01T00:00:00Z", NULL, false},
    {"x-later", "later", "src-a", STATUS_EXEMPT, US, "2023-01-01T00:00:00Z", NULL, false},
    {"x-doubted", "doubted", "src-a", STATUS_EXEMPT, US, "2020-01-01T00:00:00Z", NULL, false},
};

static const char *const uncertain[] = {"x-doubted"};

static const struct fx_tables tables = {.sources = FX_LIST(sources),
                                        .subjects = FX_LIST(subjects),
                                        .rulings = FX_LIST(rulings),
                                        .uncertain = FX_LIST(uncertain)};

FX_SUITE_SNAPSHOT(fx_build_tables(&tables))

TestSuite(eval_time, .init = setup, .fini = teardown);
TestSuite(eval_group, .init = setup, .fini = teardown);

/* What evaluate() must say of one subject at one instant. A kind or count of ANY and a NULL
 * since are not checked; NO_SINCE: the verdict has no since. */
#define ANY (-1)
#define NO_SINCE ""

struct situation {
    const char *subject, *as_of, *jurisdiction, *binds;
    int kind; /* enum verdict_kind, or ANY */
    int in_effect, upcoming;
    const char *since;
    const char *rulings; /* "+id": in effect, "-id": not in effect, "~id": upcoming; or NULL */
};

static const char *const VERDICT_NAME[] = {"restricted", "advisory", "clear", "no_match"};

static void expect_situation(const struct situation *c)
{
    struct verdict v;
    fx_eval(snap, c->subject, c->as_of, c->jurisdiction, c->binds, &v);
    const char *who = c->subject, *at = c->as_of;
    if (c->kind != ANY)
        cr_expect_eq((int)v.kind, c->kind, "%s %s: %s", who, at, VERDICT_NAME[v.kind]);
    if (c->in_effect != ANY)
        cr_expect_eq(v.n_in_effect, (size_t)c->in_effect, "%s %s: in effect %zu", who, at,
                     v.n_in_effect);
    if (c->upcoming != ANY)
        cr_expect_eq(v.n_upcoming, (size_t)c->upcoming, "%s %s: upcoming %zu", who, at,
                     v.n_upcoming);
    if (c->since && *c->since) {
        cr_expect(v.has_since, "%s %s: no since", who, at);
        cr_expect_eq(v.since, fx_t(c->since), "%s %s: since %lld", who, at, (long long)v.since);
    } else if (c->since) {
        cr_expect(!v.has_since, "%s %s: has a since", who, at);
    }
    for (const char *r = c->rulings; r && *r;) {
        char id[64];
        size_t n = strcspn(r + 1, " ");
        snprintf(id, sizeof id, "%.*s", (int)n, r + 1);
        bool upcoming = *r == '~', in_effect = *r == '+';
        const struct applied *a = upcoming ? fx_find(snap, v.upcoming, v.n_upcoming, id)
                                           : fx_find(snap, v.in_effect, v.n_in_effect, id);
        cr_expect_eq(a != NULL, upcoming || in_effect, "%s %s: %c%s", who, at, *r, id);
        r += 1 + n + (r[1 + n] == ' ');
    }
    verdict_free(&v);
}

static void expect_situations(const struct situation *cases, size_t n)
{
    for (size_t i = 0; i < n; i++)
        expect_situation(&cases[i]);
}

#define EXPECT_SITUATIONS(table) expect_situations((table), sizeof(table) / sizeof *(table))

/* ---- Time ---- */

#define R VERDICT_RESTRICTED
#define A VERDICT_ADVISORY
#define C VERDICT_CLEAR

Test(eval_time, edges_of_a_closed_range)
{
    static const char from[] = "2024-01-01T00:00:00Z";
    static const struct situation cases[] = {
        /* a second before, at, after, the same instant elsewhere, the last second, until
         * (which is excluded), long after */
        {"closed", "2023-12-31T23:59:59Z", NULL, NULL, C, 0, 1, NO_SINCE, NULL},
        {"closed", "2024-01-01T00:00:00Z", NULL, NULL, R, 1, 0, from, NULL},
        {"closed", "2024-01-01T00:00:01Z", NULL, NULL, R, 1, 0, from, NULL},
        {"closed", "2023-12-31T19:00:00-05:00", NULL, NULL, R, 1, 0, from, NULL},
        {"closed", "2024-05-31T23:59:59Z", NULL, NULL, R, 1, 0, from, NULL},
        {"closed", "2024-06-01T00:00:00Z", NULL, NULL, C, 0, 0, NO_SINCE, NULL},
        {"closed", "2030-01-01T00:00:00Z", NULL, NULL, C, 0, 0, NO_SINCE, NULL},
    };
    EXPECT_SITUATIONS(cases);
}

Test(eval_time, since_follows_adjacent_and_overlapping_ranges)
{
    static const struct situation cases[] = {
        {"chain", "2024-01-01T00:00:00Z", NULL, NULL, R, 1, ANY, "2020-01-01T00:00:00Z",
         "+chain-3"},
        {"chain", "2020-06-01T00:00:00Z", NULL, NULL, ANY, ANY, 2, "2020-01-01T00:00:00Z", NULL},
    };
    EXPECT_SITUATIONS(cases);
}

Test(eval_time, a_gap_breaks_the_chain)
{
    static const struct situation cases[] = {
        {"gap", "2023-01-01T00:00:00Z", NULL, NULL, R, ANY, ANY, "2021-01-01T00:00:01Z", NULL},
        {"gap", "2021-01-01T00:00:00Z", NULL, NULL, C, 0, 1, NULL, NULL}, /* inside the gap */
    };
    EXPECT_SITUATIONS(cases);
}

Test(eval_time, advisory_then_restricted)
{
    static const struct situation cases[] = {
        {"adv", "2023-12-31T23:59:59Z", NULL, NULL, A, 1, 1, "2023-03-01T12:00:00Z", "~adv-2"},
        /* an advisory does not extend the since of a restriction */
        {"adv", "2024-01-01T00:00:00Z", NULL, NULL, R, 2, 0, "2024-01-01T00:00:00Z", NULL},
        {"adv", "2023-03-01T11:59:59Z", NULL, NULL, C, ANY, 2, NULL, NULL},
    };
    EXPECT_SITUATIONS(cases);
}

Test(eval_time, exempt_alone_and_nothing_are_clear)
{
    static const struct situation cases[] = {
        /* the exemption itself is listed */
        {"exempt", "2024-01-01T00:00:00Z", NULL, NULL, C, 1, ANY, NULL, "+exempt-1"},
        {"none", "2024-01-01T00:00:00Z", NULL, NULL, C, 0, 0, NULL, NULL},
    };
    EXPECT_SITUATIONS(cases);
}

/* ---- Relations ---- */

#define AS_OF "2024-01-01T00:00:00Z"

/* Which rulings reach each subject, unfiltered, as of 2024. */
Test(eval_group, reach_along_relations)
{
    static const struct situation cases[] = {
        {"group", AS_OF, NULL, NULL, R, 2, ANY, NULL, "+r-group +r-leaf -r-mid"},
        {"mid", AS_OF, NULL, NULL, R, 3, ANY, NULL, "+r-group +r-mid +r-leaf"}, /* up, down */
        /* r-mid does not extend */
        {"leaf", AS_OF, NULL, NULL, R, 2, ANY, NULL, "+r-group +r-leaf -r-mid"},
        {"sib", AS_OF, NULL, NULL, R, 2, ANY, NULL, "+r-group +r-leaf"}, /* across the group */
        {"prod", AS_OF, NULL, NULL, R, 4, ANY, NULL, "+r-group +r-mid +r-leaf +r-prod"},
        {"kit", AS_OF, NULL, NULL, R, 4, ANY, NULL, "+r-group +r-mid +r-leaf +r-prod"},
        {"newco", AS_OF, NULL, NULL, R, 1, ANY, NULL, "+r-old"},
        {"oldco", AS_OF, NULL, NULL, R, 1, ANY, NULL, "+r-old"},
        {"other", AS_OF, NULL, NULL, C, 0, ANY, NULL, NULL},
    };
    EXPECT_SITUATIONS(cases);
}

/* The longest chain a data set may hold, then one hop into the vendor's group: nothing of
 * what reaches sib is lost on the way (it was, past six hops in all). */
Test(eval_group, the_deepest_chain_is_followed_into_the_group)
{
    _Static_assert(RELATION_MAX_CHAIN == 6, "the fixture's chain is six links long");
    static const struct situation cases[] = {
        {"deep6", AS_OF, NULL, NULL, R, 2, ANY, NULL, "+r-group +r-leaf -r-mid"},
    };
    EXPECT_SITUATIONS(cases);
}

Test(eval_group, a_product_ruling_does_not_reach_the_vendor)
{
    static const struct situation cases[] = {
        {"mid", AS_OF, NULL, NULL, ANY, ANY, ANY, NULL, "-r-prod"},
    };
    EXPECT_SITUATIONS(cases);
}

static void expect_path(const struct applied *a, const char *what, const struct hop *want, size_t n)
{
    cr_assert_not_null(a, "%s not applied", what);
    cr_expect_eq(a->nhops, n, "%s: %u hops, want %zu", what, a->nhops, n);
    for (size_t i = 0; i < n && i < a->nhops; i++) {
        cr_expect_eq(a->hops[i].kind, want[i].kind, "%s hop %zu kind", what, i);
        cr_expect_eq(a->hops[i].subject, want[i].subject, "%s hop %zu subject", what, i);
    }
}

static uint32_t sub_index(const char *id)
{
    const struct snap_subject *s = snapshot_subject(snap, id);
    cr_assert_not_null(s, "%s", id);
    return (uint32_t)(s - snap->subjects);
}

Test(eval_group, inheritance_paths)
{
    struct verdict v;
    fx_eval(snap, "kit", AS_OF, NULL, NULL, &v);
    const struct hop prod = {HOP_INCORPORATES, sub_index("prod")};
    const struct hop mid = {HOP_PRODUCT_OF, sub_index("mid")};
    const struct hop group = {HOP_AFFILIATE, sub_index("group")};
    const struct hop leaf = {HOP_AFFILIATE, sub_index("leaf")};
    expect_path(fx_find(snap, v.in_effect, v.n_in_effect, "r-prod"), "r-prod", (struct hop[]){prod},
                1);
    expect_path(fx_find(snap, v.in_effect, v.n_in_effect, "r-mid"), "r-mid",
                (struct hop[]){prod, mid}, 2);
    expect_path(fx_find(snap, v.in_effect, v.n_in_effect, "r-group"), "r-group",
                (struct hop[]){prod, mid, group}, 3);
    expect_path(fx_find(snap, v.in_effect, v.n_in_effect, "r-leaf"), "r-leaf",
                (struct hop[]){prod, mid, leaf}, 3);
    verdict_free(&v);

    fx_eval(snap, "newco", AS_OF, NULL, NULL, &v);
    expect_path(fx_find(snap, v.in_effect, v.n_in_effect, "r-old"), "r-old",
                (struct hop[]){{HOP_SUCCESSOR_OF, sub_index("oldco")}}, 1);
    verdict_free(&v);

    fx_eval(snap, "mid", AS_OF, NULL, NULL, &v);
    expect_path(fx_find(snap, v.in_effect, v.n_in_effect, "r-mid"), "r-mid", NULL, 0);
    verdict_free(&v);
}

Test(eval_group, in_effect_is_ordered_by_effective_from)
{
    struct verdict v;
    fx_eval(snap, "prod", AS_OF, NULL, NULL, &v);
    for (size_t i = 1; i < v.n_in_effect; i++)
        cr_expect_leq(snap->rulings[v.in_effect[i - 1].ruling].rec->effective_from,
                      snap->rulings[v.in_effect[i].ruling].rec->effective_from);
    verdict_free(&v);
}

Test(eval_group, exemption_overrides_the_same_source_only)
{
    static const struct situation cases[] = {
        /* src-a overridden; src-b and src-c stay */
        {"exempted", AS_OF, NULL, NULL, R, ANY, ANY, NULL, "+x-exempted +r-mid +r-leaf -r-group"},
        /* before r-leaf and without the DE source, the exemption leaves nothing in effect */
        {"exempted", "2021-06-01T00:00:00Z", "US", NULL, C, ANY, ANY, NULL,
         "+x-exempted ~r-leaf -r-group"},
        /* the exemption of one product does not help its vendor or a sibling product */
        {"prod", AS_OF, NULL, NULL, ANY, ANY, ANY, NULL, "+r-group"},
    };
    EXPECT_SITUATIONS(cases);
}

Test(eval_group, exemption_counts_only_once_in_force)
{
    static const struct situation cases[] = {
        {"later", "2022-12-31T23:59:59Z", "US", US, ANY, ANY, ANY, NULL, "+r-group ~x-later"},
        {"later", "2023-01-01T00:00:00Z", "US", US, ANY, ANY, ANY, NULL, "+x-later -r-group"},
    };
    EXPECT_SITUATIONS(cases);
}

/* An exemption whose certainty is unknown is listed as uncertain and carves out nothing: the
 * group's ruling stays in effect and the verdict stays restricted. */
Test(eval_group, an_uncertain_exemption_does_not_carve_out)
{
    static const struct situation cases[] = {
        {"doubted", AS_OF, "US", NULL, R, ANY, ANY, "2020-01-01T00:00:00Z", "+r-group -x-doubted"},
    };
    EXPECT_SITUATIONS(cases);
    struct verdict v;
    fx_eval(snap, "doubted", AS_OF, "US", NULL, &v);
    cr_expect(fx_find(snap, v.uncertain, v.n_uncertain, "x-doubted") != NULL,
              "the exemption is listed as uncertain");
    verdict_free(&v);
}

Test(eval_group, jurisdiction_and_binds_filters)
{
    static const struct situation cases[] = {
        {"prod", AS_OF, NULL, NULL, R, 4, ANY, NULL, NULL},
        {"prod", AS_OF, "US", NULL, R, 3, ANY, NULL, "+r-group +r-leaf +r-prod"},
        {"prod", AS_OF, "DE", NULL, R, 1, ANY, NULL, "+r-mid"},
        {"prod", AS_OF, "FR", NULL, C, 0, ANY, NULL, NULL},
        {"prod", AS_OF, NULL, "exporters", R, 1, ANY, NULL, "+r-mid"},
        {"prod", AS_OF, "US", "exporters", C, 0, ANY, NULL, NULL},
        {"prod", AS_OF, "DE", US, C, 0, ANY, NULL, NULL},
        {"prod", AS_OF, NULL, "nobody", C, 0, ANY, NULL, NULL},
        {"prod", AS_OF, "us", NULL, C, 0, ANY, NULL, NULL}, /* codes are exact */
    };
    EXPECT_SITUATIONS(cases);
}

Test(eval_group, since_across_inherited_rulings)
{
    static const struct situation cases[] = {
        /* from the group's ruling */
        {"leaf", AS_OF, NULL, NULL, ANY, ANY, ANY, "2020-01-01T00:00:00Z", NULL},
        {"leaf", AS_OF, "DE", NULL, C, ANY, ANY, NO_SINCE, NULL},
        {"newco", "2018-12-31T23:59:59Z", NULL, NULL, C, ANY, 1, NULL, NULL},
    };
    EXPECT_SITUATIONS(cases);
}
