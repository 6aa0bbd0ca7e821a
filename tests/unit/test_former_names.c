/* Former names: a question "NEW (ex-OLD)" asks OLD too, and a listed "NEW (ex-OLD)" is found
 * by OLD as an alias of kind former (docs/matching.md, issue 14). */
#include <criterion/criterion.h>
#include <string.h>

#include "fixtures.h"
#include "match/match.h"

static const struct fx_source_row sources[] = {{"src", "US"}};

static const struct fx_subject_row subjects[] = {
    {"tern", SUBJECT_VESSEL, "AMBER TERN", NULL, RELATION_NONE},
    {"horizon", SUBJECT_VESSEL, "BLUE HORIZON (ex-CORAL PETREL)", NULL, RELATION_NONE},
    {"vantor", SUBJECT_ORGANIZATION, "Vantorix Shipping LLC", NULL, RELATION_NONE},
};

static const struct fx_alias_row aliases[] = {
    {"vantor", "Qeltara Maritime f/k/a Drovenko Lines", ALIAS_AKA},
};

static const struct fx_ruling_row rulings[] = {
    {"r-tern", "tern", "src", STATUS_PROHIBITED, NULL, "2020-01-01T00:00:00Z", NULL, false},
};

static const struct fx_tables tables = {.sources = FX_LIST(sources),
                                        .subjects = FX_LIST(subjects),
                                        .aliases = FX_LIST(aliases),
                                        .rulings = FX_LIST(rulings)};

FX_SUITE_SNAPSHOT(fx_build_tables(&tables))

TestSuite(former_names, .init = setup, .fini = teardown);

static const char *member(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

Test(former_names, a_question_naming_a_former_name_is_answered_for_it)
{
    struct check_summary sum;
    json_t *r = fx_check(snap, "M/V NORTHERN GALE (ex-AMBER TERN)", "2024-10-01", NULL, NULL, &sum);
    json_t *m = json_object_get(r, "match");
    cr_assert(json_is_object(m), "the former name finds the listed vessel");
    cr_expect_str_eq(member(m, "id"), "tern");
    cr_expect_eq(sum.verdict, VERDICT_RESTRICTED);
    cr_expect(json_is_true(json_object_get(m, "by_former_name")));
    json_t *ev = json_array_get(json_object_get(m, "evidence"), 0);
    cr_expect_str_eq(member(ev, "query"), "amber", "the evidence speaks of the former name");
    cr_expect_str_eq(member(r, "normalized_query"), "northern gale", "the name itself is asked");
    json_decref(r);

    r = fx_check(snap, "AMBER TERN", "2024-10-01", NULL, NULL, &sum);
    m = json_object_get(r, "match");
    cr_assert(json_is_object(m));
    cr_expect(!json_object_get(m, "by_former_name"), "only said when so");
    json_decref(r);

    r = fx_check(snap, "NORTHERN GALE (ex-OSPREY DAWN)", "2024-10-01", NULL, NULL, &sum);
    cr_expect_eq(sum.verdict, VERDICT_NO_MATCH, "neither name is listed");
    json_decref(r);
}

Test(former_names, a_listed_former_name_is_an_alias_of_kind_former)
{
    static const struct {
        const char *asked, *subject, *alias_kind;
    } cases[] = {
        {"CORAL PETREL", "horizon", "former"},
        {"BLUE HORIZON", "horizon", "name"},
        {"Drovenko Lines", "vantor", "former"},
        {"Qeltara Maritime", "vantor", "aka"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct check_summary sum;
        json_t *r = fx_check(snap, cases[i].asked, "2024-10-01", NULL, NULL, &sum);
        json_t *m = json_object_get(r, "match");
        cr_expect(json_is_object(m), "%s: no match", cases[i].asked);
        if (json_is_object(m)) {
            cr_expect_str_eq(member(m, "id"), cases[i].subject, "%s", cases[i].asked);
            cr_expect_str_eq(member(m, "alias_kind"), cases[i].alias_kind, "%s", cases[i].asked);
            cr_expect_geq(json_real_value(json_object_get(m, "score")), 0.99, "%s", cases[i].asked);
        }
        json_decref(r);
    }
}
