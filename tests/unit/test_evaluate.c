/* evaluate(): as-of edges, ranges, since, verdict kinds, filters, inheritance, exemptions. */
#include <criterion/criterion.h>
#include <string.h>

#include "fixtures.h"

static struct snapshot *snap;

static void teardown(void)
{
    snapshot_release(snap);
    snap = NULL;
}

/* ---- Time: one subject per situation, all rulings from one US source. ---- */

static void time_setup(void)
{
    struct dataset ds;
    fx_begin(&ds, 16);
    fx_source(&ds, "src-us", "US");
    fx_subject(&ds, "closed", SUBJECT_ORGANIZATION, "Closed Range Ltd", NULL, RELATION_NONE);
    fx_subject(&ds, "chain", SUBJECT_ORGANIZATION, "Chain Corp", NULL, RELATION_NONE);
    fx_subject(&ds, "gap", SUBJECT_ORGANIZATION, "Gap Corp", NULL, RELATION_NONE);
    fx_subject(&ds, "adv", SUBJECT_ORGANIZATION, "Advised Corp", NULL, RELATION_NONE);
    fx_subject(&ds, "exempt", SUBJECT_ORGANIZATION, "Exempt Corp", NULL, RELATION_NONE);
    fx_subject(&ds, "none", SUBJECT_ORGANIZATION, "Nothing Corp", NULL, RELATION_NONE);
    fx_ruling(&ds, "closed-1", "closed", "src-us", STATUS_RESTRICTED, "us-persons",
              "2024-01-01T00:00:00Z", "2024-06-01T00:00:00Z", false);
    fx_ruling(&ds, "chain-1", "chain", "src-us", STATUS_PROHIBITED, "us-persons",
              "2020-01-01T00:00:00Z", "2021-01-01T00:00:00Z", false);
    fx_ruling(&ds, "chain-2", "chain", "src-us", STATUS_RESTRICTED, "us-persons",
              "2021-01-01T00:00:00Z", "2022-01-01T00:00:00Z", false);
    fx_ruling(&ds, "chain-3", "chain", "src-us", STATUS_RESTRICTED, "us-persons",
              "2021-06-01T00:00:00Z", NULL, false); /* overlaps chain-2 */
    fx_ruling(&ds, "gap-1", "gap", "src-us", STATUS_RESTRICTED, "us-persons",
              "2020-01-01T00:00:00Z", "2021-01-01T00:00:00Z", false);
    fx_ruling(&ds, "gap-2", "gap", "src-us", STATUS_RESTRICTED, "us-persons",
              "2021-01-01T00:00:01Z", NULL, false); /* one second of gap */
    fx_ruling(&ds, "adv-1", "adv", "src-us", STATUS_ADVISORY, "us-persons",
              "2023-03-01T12:00:00Z", NULL, false);
    fx_ruling(&ds, "adv-2", "adv", "src-us", STATUS_PROHIBITED, "us-persons",
              "2024-01-01T00:00:00Z", NULL, false);
    fx_ruling(&ds, "exempt-1", "exempt", "src-us", STATUS_EXEMPT, "us-persons",
              "2020-01-01T00:00:00Z", NULL, false);
    snap = fx_build(&ds);
}

TestSuite(eval_time, .init = time_setup, .fini = teardown);

static const char *const VERDICT_NAME[] = {"restricted", "advisory", "clear", "no_match"};

Test(eval_time, edges_of_a_closed_range)
{
    static const struct {
        const char *as_of;
        enum verdict_kind kind;
        size_t in_effect, upcoming;
    } cases[] = {
        {"2023-12-31T23:59:59Z", VERDICT_CLEAR, 0, 1},      /* one second before */
        {"2024-01-01T00:00:00Z", VERDICT_RESTRICTED, 1, 0}, /* at */
        {"2024-01-01T00:00:01Z", VERDICT_RESTRICTED, 1, 0}, /* after */
        {"2023-12-31T19:00:00-05:00", VERDICT_RESTRICTED, 1, 0},
        {"2024-05-31T23:59:59Z", VERDICT_RESTRICTED, 1, 0}, /* last second */
        {"2024-06-01T00:00:00Z", VERDICT_CLEAR, 0, 0},      /* until is exclusive */
        {"2030-01-01T00:00:00Z", VERDICT_CLEAR, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct verdict v;
        fx_eval(snap, "closed", cases[i].as_of, NULL, NULL, &v);
        cr_expect_eq(v.kind, cases[i].kind, "%s: %s", cases[i].as_of, VERDICT_NAME[v.kind]);
        cr_expect_eq(v.n_in_effect, cases[i].in_effect, "%s: in effect %zu", cases[i].as_of,
                     v.n_in_effect);
        cr_expect_eq(v.n_upcoming, cases[i].upcoming, "%s: upcoming %zu", cases[i].as_of,
                     v.n_upcoming);
        if (v.kind == VERDICT_RESTRICTED) {
            cr_expect(v.has_since);
            cr_expect_eq(v.since, fx_t("2024-01-01T00:00:00Z"), "%s", cases[i].as_of);
        } else {
            cr_expect(!v.has_since, "%s: clear has no since", cases[i].as_of);
        }
        verdict_free(&v);
    }
}

Test(eval_time, since_follows_adjacent_and_overlapping_ranges)
{
    struct verdict v;
    fx_eval(snap, "chain", "2024-01-01T00:00:00Z", NULL, NULL, &v);
    cr_expect_eq(v.kind, VERDICT_RESTRICTED);
    cr_expect_eq(v.n_in_effect, 1);
    cr_expect_not_null(fx_find(snap, v.in_effect, v.n_in_effect, "chain-3"));
    cr_expect(v.has_since);
    cr_expect_eq(v.since, fx_t("2020-01-01T00:00:00Z"), "since %lld", (long long)v.since);
    verdict_free(&v);

    fx_eval(snap, "chain", "2020-06-01T00:00:00Z", NULL, NULL, &v);
    cr_expect_eq(v.since, fx_t("2020-01-01T00:00:00Z"));
    cr_expect_eq(v.n_upcoming, 2);
    verdict_free(&v);
}

Test(eval_time, a_gap_breaks_the_chain)
{
    struct verdict v;
    fx_eval(snap, "gap", "2023-01-01T00:00:00Z", NULL, NULL, &v);
    cr_expect_eq(v.kind, VERDICT_RESTRICTED);
    cr_expect_eq(v.since, fx_t("2021-01-01T00:00:01Z"), "since %lld", (long long)v.since);
    verdict_free(&v);

    fx_eval(snap, "gap", "2021-01-01T00:00:00Z", NULL, NULL, &v); /* inside the gap */
    cr_expect_eq(v.kind, VERDICT_CLEAR);
    cr_expect_eq(v.n_in_effect, 0);
    cr_expect_eq(v.n_upcoming, 1);
    verdict_free(&v);
}

Test(eval_time, advisory_then_restricted)
{
    struct verdict v;
    fx_eval(snap, "adv", "2023-12-31T23:59:59Z", NULL, NULL, &v);
    cr_expect_eq(v.kind, VERDICT_ADVISORY);
    cr_expect(v.has_since);
    cr_expect_eq(v.since, fx_t("2023-03-01T12:00:00Z"));
    cr_expect_eq(v.n_in_effect, 1);
    cr_assert_eq(v.n_upcoming, 1);
    cr_expect_str_eq(snap->rulings[v.upcoming[0].ruling].rec->id, "adv-2");
    verdict_free(&v);

    fx_eval(snap, "adv", "2024-01-01T00:00:00Z", NULL, NULL, &v);
    cr_expect_eq(v.kind, VERDICT_RESTRICTED);
    cr_expect_eq(v.since, fx_t("2024-01-01T00:00:00Z"), "advisory does not extend since");
    cr_expect_eq(v.n_in_effect, 2);
    cr_expect_eq(v.n_upcoming, 0);
    verdict_free(&v);

    fx_eval(snap, "adv", "2023-03-01T11:59:59Z", NULL, NULL, &v);
    cr_expect_eq(v.kind, VERDICT_CLEAR);
    cr_expect_eq(v.n_upcoming, 2);
    verdict_free(&v);
}

Test(eval_time, exempt_alone_and_nothing_are_clear)
{
    struct verdict v;
    fx_eval(snap, "exempt", "2024-01-01T00:00:00Z", NULL, NULL, &v);
    cr_expect_eq(v.kind, VERDICT_CLEAR);
    cr_expect_eq(v.n_in_effect, 1, "the exemption itself is listed");
    verdict_free(&v);
    fx_eval(snap, "none", "2024-01-01T00:00:00Z", NULL, NULL, &v);
    cr_expect_eq(v.kind, VERDICT_CLEAR);
    cr_expect_eq(v.n_in_effect + v.n_upcoming, 0);
    verdict_free(&v);
}

/* ---- Relations: a corporate group, products, an incorporating product, a successor. ---- */

static void group_setup(void)
{
    struct dataset ds;
    fx_begin(&ds, 24);
    fx_source(&ds, "src-a", "US");
    fx_source(&ds, "src-b", "DE");
    fx_source(&ds, "src-c", "US");
    fx_subject(&ds, "group", SUBJECT_ORGANIZATION, "Group Holding", NULL, RELATION_NONE);
    fx_subject(&ds, "mid", SUBJECT_ORGANIZATION, "Mid Co", "group", RELATION_SUBSIDIARY_OF);
    fx_subject(&ds, "leaf", SUBJECT_ORGANIZATION, "Leaf Co", "mid", RELATION_SUBSIDIARY_OF);
    fx_subject(&ds, "sib", SUBJECT_ORGANIZATION, "Sibling Co", "group", RELATION_SUBSIDIARY_OF);
    fx_subject(&ds, "prod", SUBJECT_PRODUCT, "Mid Product", "mid", RELATION_PRODUCT_OF);
    fx_subject(&ds, "kit", SUBJECT_PRODUCT, "Kit Box", "prod", RELATION_INCORPORATES);
    fx_subject(&ds, "oldco", SUBJECT_ORGANIZATION, "Old Co", NULL, RELATION_NONE);
    fx_subject(&ds, "newco", SUBJECT_ORGANIZATION, "New Co", "oldco", RELATION_SUCCESSOR_OF);
    fx_subject(&ds, "other", SUBJECT_ORGANIZATION, "Other Co", NULL, RELATION_NONE);
    fx_subject(&ds, "exempted", SUBJECT_PRODUCT, "Exempted Product", "mid",
               RELATION_PRODUCT_OF);
    fx_subject(&ds, "later", SUBJECT_PRODUCT, "Later Exempted", "mid", RELATION_PRODUCT_OF);
    fx_ruling(&ds, "r-group", "group", "src-a", STATUS_RESTRICTED, "us-persons",
              "2020-01-01T00:00:00Z", NULL, true);
    fx_ruling(&ds, "r-mid", "mid", "src-b", STATUS_PROHIBITED, "exporters",
              "2021-01-01T00:00:00Z", NULL, false);
    fx_ruling(&ds, "r-leaf", "leaf", "src-c", STATUS_RESTRICTED, "us-persons",
              "2022-01-01T00:00:00Z", NULL, true);
    fx_ruling(&ds, "r-prod", "prod", "src-c", STATUS_ADVISORY, "us-persons",
              "2022-06-01T00:00:00Z", NULL, true);
    fx_ruling(&ds, "r-old", "oldco", "src-a", STATUS_PROHIBITED, "us-persons",
              "2019-01-01T00:00:00Z", NULL, false);
    fx_ruling(&ds, "x-exempted", "exempted", "src-a", STATUS_EXEMPT, "us-persons",
              "2020-01-01T00:00:00Z", NULL, false);
    fx_ruling(&ds, "x-later", "later", "src-a", STATUS_EXEMPT, "us-persons",
              "2023-01-01T00:00:00Z", NULL, false);
    snap = fx_build(&ds);
}

TestSuite(eval_group, .init = group_setup, .fini = teardown);

#define AS_OF "2024-01-01T00:00:00Z"

/* Which rulings reach each subject, unfiltered, as of 2024. */
Test(eval_group, reach_along_relations)
{
    static const struct {
        const char *subject;
        const char *reached[6]; /* NULL-terminated */
    } cases[] = {
        {"group", {"r-group", "r-leaf", NULL}},         /* down the tree, not r-mid */
        {"mid", {"r-group", "r-mid", "r-leaf", NULL}},  /* up and down */
        {"leaf", {"r-group", "r-leaf", NULL}},          /* r-mid does not extend */
        {"sib", {"r-group", "r-leaf", NULL}},           /* across the group */
        {"prod", {"r-group", "r-mid", "r-leaf", "r-prod", NULL}},
        {"kit", {"r-group", "r-mid", "r-leaf", "r-prod", NULL}},
        {"newco", {"r-old", NULL}},
        {"oldco", {"r-old", NULL}},
        {"other", {NULL}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct verdict v;
        fx_eval(snap, cases[i].subject, AS_OF, NULL, NULL, &v);
        size_t want = 0;
        for (; cases[i].reached[want]; want++)
            cr_expect_not_null(fx_find(snap, v.in_effect, v.n_in_effect, cases[i].reached[want]),
                               "%s should be reached by %s", cases[i].subject,
                               cases[i].reached[want]);
        cr_expect_eq(v.n_in_effect, want, "%s: %zu rulings, want %zu", cases[i].subject,
                     v.n_in_effect, want);
        cr_expect_eq(v.kind, want ? VERDICT_RESTRICTED : VERDICT_CLEAR, "%s", cases[i].subject);
        verdict_free(&v);
    }
}

Test(eval_group, a_product_ruling_does_not_reach_the_vendor)
{
    struct verdict v;
    fx_eval(snap, "mid", AS_OF, NULL, NULL, &v);
    cr_expect_null(fx_find(snap, v.in_effect, v.n_in_effect, "r-prod"));
    verdict_free(&v);
}

static void expect_path(const struct applied *a, const char *what, const struct hop *want,
                        size_t n)
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
    expect_path(fx_find(snap, v.in_effect, v.n_in_effect, "r-prod"), "r-prod",
                (struct hop[]){prod}, 1);
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
    struct verdict v;
    fx_eval(snap, "exempted", AS_OF, NULL, NULL, &v);
    cr_expect_null(fx_find(snap, v.in_effect, v.n_in_effect, "r-group"), "src-a overridden");
    cr_expect_not_null(fx_find(snap, v.in_effect, v.n_in_effect, "x-exempted"));
    cr_expect_not_null(fx_find(snap, v.in_effect, v.n_in_effect, "r-mid"), "src-b stays");
    cr_expect_not_null(fx_find(snap, v.in_effect, v.n_in_effect, "r-leaf"), "src-c stays");
    cr_expect_eq(v.kind, VERDICT_RESTRICTED);
    verdict_free(&v);

    /* Before r-leaf and without the DE source, the exemption leaves nothing in effect. */
    fx_eval(snap, "exempted", "2021-06-01T00:00:00Z", "US", NULL, &v);
    cr_expect_null(fx_find(snap, v.in_effect, v.n_in_effect, "r-group"));
    cr_expect_not_null(fx_find(snap, v.in_effect, v.n_in_effect, "x-exempted"));
    cr_expect_not_null(fx_find(snap, v.upcoming, v.n_upcoming, "r-leaf"));
    cr_expect_eq(v.kind, VERDICT_CLEAR);
    verdict_free(&v);

    /* The exemption of one product does not help its vendor or a sibling product. */
    fx_eval(snap, "prod", AS_OF, NULL, NULL, &v);
    cr_expect_not_null(fx_find(snap, v.in_effect, v.n_in_effect, "r-group"));
    verdict_free(&v);
}

Test(eval_group, exemption_counts_only_once_in_force)
{
    struct verdict v;
    fx_eval(snap, "later", "2022-12-31T23:59:59Z", "US", "us-persons", &v);
    cr_expect_not_null(fx_find(snap, v.in_effect, v.n_in_effect, "r-group"));
    cr_expect_not_null(fx_find(snap, v.upcoming, v.n_upcoming, "x-later"));
    verdict_free(&v);
    fx_eval(snap, "later", "2023-01-01T00:00:00Z", "US", "us-persons", &v);
    cr_expect_null(fx_find(snap, v.in_effect, v.n_in_effect, "r-group"));
    cr_expect_not_null(fx_find(snap, v.in_effect, v.n_in_effect, "x-later"));
    verdict_free(&v);
}

Test(eval_group, jurisdiction_and_binds_filters)
{
    static const struct {
        const char *jurisdiction, *binds;
        size_t n;
        enum verdict_kind kind;
    } cases[] = {
        {NULL, NULL, 4, VERDICT_RESTRICTED},
        {"US", NULL, 3, VERDICT_RESTRICTED},          /* r-group, r-leaf, r-prod */
        {"DE", NULL, 1, VERDICT_RESTRICTED},          /* r-mid */
        {"FR", NULL, 0, VERDICT_CLEAR},
        {NULL, "exporters", 1, VERDICT_RESTRICTED},   /* r-mid */
        {"US", "exporters", 0, VERDICT_CLEAR},
        {"DE", "us-persons", 0, VERDICT_CLEAR},
        {NULL, "nobody", 0, VERDICT_CLEAR},
        {"us", NULL, 0, VERDICT_CLEAR},               /* codes are exact */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct verdict v;
        fx_eval(snap, "prod", AS_OF, cases[i].jurisdiction, cases[i].binds, &v);
        cr_expect_eq(v.n_in_effect, cases[i].n, "case %zu: %zu in effect", i, v.n_in_effect);
        cr_expect_eq(v.kind, cases[i].kind, "case %zu", i);
        verdict_free(&v);
    }
}

Test(eval_group, since_across_inherited_rulings)
{
    struct verdict v;
    fx_eval(snap, "leaf", AS_OF, NULL, NULL, &v);
    cr_expect_eq(v.since, fx_t("2020-01-01T00:00:00Z"), "from the group's ruling");
    verdict_free(&v);
    fx_eval(snap, "leaf", AS_OF, "DE", NULL, &v);
    cr_expect_eq(v.kind, VERDICT_CLEAR);
    cr_expect(!v.has_since);
    verdict_free(&v);
    fx_eval(snap, "newco", "2018-12-31T23:59:59Z", NULL, NULL, &v);
    cr_expect_eq(v.kind, VERDICT_CLEAR);
    cr_expect_eq(v.n_upcoming, 1);
    verdict_free(&v);
}
