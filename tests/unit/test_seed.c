/* The seed data (deploy/rulings.json) answered end to end: match, as-of verdicts, exemptions. */
#include <criterion/criterion.h>
#include <string.h>

#include "fixtures.h"
#include "lib/jsonw.h"
#include "match/match.h"

FX_SUITE_SNAPSHOT(fx_seed())

TestSuite(seed, .init = setup, .fini = teardown);

static const char *str(json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

/* Does some element of array `a` have `key` equal to `value`? */
static bool any_with(json_t *a, const char *key, const char *value)
{
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v)
    {
        const char *s = str(v, key);
        if (s && strcmp(s, value) == 0) return true;
    }
    return false;
}

Test(seed, kaspersky_lab_restricted_in_the_us_in_october_2024)
{
    struct check_summary sum;
    json_t *r = fx_check(snap, "Kaspersky Lab", "2024-10-01", "US", NULL, &sum);
    cr_expect_str_eq(str(r, "verdict"), "restricted");
    cr_expect(json_is_true(json_object_get(r, "restricted")));
    cr_expect_eq(sum.verdict, VERDICT_RESTRICTED);
    json_t *m = json_object_get(r, "match");
    cr_expect_str_eq(str(m, "id"), "ao-kaspersky-lab");
    cr_expect_str_eq(str(m, "matched_alias"), "Kaspersky Lab");
    cr_expect_str_eq(str(m, "method"), "alias");
    cr_expect_eq(json_real_value(json_object_get(m, "score")), 1.0);
    json_t *rulings = json_object_get(r, "rulings");
    cr_expect(any_with(rulings, "effective_from", "2024-07-20T04:00:00Z"));
    cr_expect(any_with(rulings, "effective_from", "2024-09-29T04:00:00Z"));
    cr_expect(any_with(rulings, "id", "us-dhs-bod-17-01-kaspersky"));
    cr_expect(!any_with(rulings, "jurisdiction", "DE"), "jurisdiction filter");
    cr_expect(!any_with(rulings, "jurisdiction", "GB"));
    /* Federal agencies have been barred without a break since BOD 17-01. */
    cr_expect_str_eq(str(r, "since"), "2017-09-13T04:00:00Z");
    cr_expect(sum.has_since);
    cr_expect_eq(json_array_size(json_object_get(r, "upcoming")), 0);
    /* kaspersky-lab-inc also normalises to "kaspersky lab" (with Inc): a candidate. */
    cr_expect_not_null(fx_by_id(json_object_get(r, "candidates"), "kaspersky-lab-inc"));
    json_decref(r);
}

Test(seed, the_day_before_the_ban_us_persons_are_advised)
{
    json_t *r = fx_check(snap, "Kaspersky Lab", "2024-07-19T12:00:00Z", NULL, "us-persons", NULL);
    cr_expect_str_eq(str(r, "verdict"), "advisory");
    cr_expect(json_is_false(json_object_get(r, "restricted")));
    json_t *up = json_object_get(r, "upcoming");
    cr_expect_not_null(fx_by_id(up, "us-icts-fd-kaspersky-new-agreements"));
    cr_expect_not_null(fx_by_id(up, "us-icts-fd-kaspersky-updates-resale"));
    json_t *in = json_object_get(r, "rulings");
    cr_expect_not_null(fx_by_id(in, "us-icts-fd-kaspersky-existing-users"));
    cr_expect_null(fx_by_id(in, "us-icts-fd-kaspersky-new-agreements"));
    cr_expect_str_eq(str(r, "since"), "2024-06-24T04:00:00Z");
    json_decref(r);

    /* One second after 04:00Z on the 20th the prohibition is in effect; one before, not. */
    r = fx_check(snap, "Kaspersky Lab", "2024-07-20T03:59:59Z", NULL, "us-persons", NULL);
    cr_expect_str_eq(str(r, "verdict"), "advisory");
    json_decref(r);
    r = fx_check(snap, "Kaspersky Lab", "2024-07-20T00:00:00-04:00", NULL, "us-persons", NULL);
    cr_expect_str_eq(str(r, "verdict"), "restricted");
    cr_expect_str_eq(str(r, "since"), "2024-07-20T04:00:00Z");
    json_decref(r);
    /* A bare date means the end of that day: the 20th counts. */
    r = fx_check(snap, "Kaspersky Lab", "2024-07-20", NULL, "us-persons", NULL);
    cr_expect_str_eq(str(r, "verdict"), "restricted");
    json_decref(r);
}

Test(seed, before_2017_all_is_clear)
{
    json_t *r = fx_check(snap, "Kaspersky Lab", "2016-12-31", NULL, NULL, NULL);
    cr_expect_str_eq(str(r, "verdict"), "clear");
    cr_expect(json_is_null(json_object_get(r, "since")));
    cr_expect_eq(json_array_size(json_object_get(r, "rulings")), 0);
    cr_expect_gt(json_array_size(json_object_get(r, "upcoming")), 5);
    cr_expect_str_eq(str(json_object_get(r, "match"), "id"), "ao-kaspersky-lab");
    json_decref(r);
}

Test(seed, threat_intelligence_is_exempt_for_us_persons)
{
    struct check_summary sum;
    json_t *r =
        fx_check(snap, "Kaspersky Threat Intelligence", "2024-10-01", NULL, "us-persons", &sum);
    cr_expect_str_eq(str(json_object_get(r, "match"), "id"), "kaspersky-threat-intelligence");
    cr_expect_str_eq(str(r, "verdict"), "clear");
    cr_expect(json_is_false(json_object_get(r, "restricted")));
    cr_expect_eq(sum.verdict, VERDICT_CLEAR);
    json_t *in = json_object_get(r, "rulings");
    json_t *x = fx_by_id(in, "us-icts-fd-not-covered-threat-intelligence");
    cr_assert_not_null(x);
    cr_expect_str_eq(str(x, "status"), "exempt");
    cr_expect(json_is_null(json_object_get(x, "inherited_from")));
    cr_expect_null(fx_by_id(in, "us-icts-fd-kaspersky-new-agreements"));
    cr_expect_null(fx_by_id(in, "us-icts-fd-kaspersky-updates-resale"));
    json_decref(r);

    /* Outside the determination and BOD 17-01 (which excluded it), not outside section 1634. */
    r = fx_check(snap, "Kaspersky Threat Intelligence", "2024-10-01", NULL, NULL, NULL);
    cr_expect_str_eq(str(r, "verdict"), "restricted");
    cr_expect_null(fx_by_id(json_object_get(r, "rulings"), "us-dhs-bod-17-01-kaspersky"));
    cr_expect_not_null(fx_by_id(json_object_get(r, "rulings"), "us-ndaa-1634-kaspersky"));
    json_decref(r);
}

Test(seed, a_product_inherits_from_vendor_and_group)
{
    json_t *r = fx_check(snap, "Kaspersky Anti-Virus", "2024-10-01", NULL, "us-persons", NULL);
    cr_expect_str_eq(str(r, "verdict"), "restricted");
    json_t *x = fx_by_id(json_object_get(r, "rulings"), "us-icts-fd-kaspersky-new-agreements");
    cr_assert_not_null(x);
    json_t *from = json_object_get(x, "inherited_from");
    cr_expect_str_eq(str(from, "subject"), "kaspersky-lab-inc");
    json_t *path = json_object_get(from, "path");
    cr_assert_eq(json_array_size(path), 2);
    cr_expect_str_eq(str(json_array_get(path, 0), "relation"), "product_of");
    cr_expect_str_eq(str(json_array_get(path, 0), "subject"), "ao-kaspersky-lab");
    cr_expect_str_eq(str(json_array_get(path, 1), "relation"), "affiliate");
    cr_expect_str_eq(str(json_array_get(path, 1), "subject"), "kaspersky-lab-inc");
    json_decref(r);
}

Test(seed, evaluate_the_us_subsidiary_directly)
{
    struct verdict v;
    fx_eval(snap, "kaspersky-lab-inc", "2024-10-01T00:00:00Z", NULL, "us-persons", &v);
    cr_expect_eq(v.kind, VERDICT_RESTRICTED);
    cr_expect_eq(v.since, fx_t("2024-07-20T04:00:00Z"), "advisory days do not count");
    cr_expect_not_null(
        fx_find(snap, v.in_effect, v.n_in_effect, "us-icts-fd-kaspersky-existing-users"));
    const struct applied *a =
        fx_find(snap, v.in_effect, v.n_in_effect, "us-icts-fd-kaspersky-new-agreements");
    cr_assert_not_null(a);
    cr_expect_eq(a->nhops, 0);
    cr_expect_eq(v.n_upcoming, 0);
    verdict_free(&v);

    /* Without filters the group's federal rulings reach it as an affiliate of AO. */
    fx_eval(snap, "kaspersky-lab-inc", "2024-10-01T00:00:00Z", NULL, NULL, &v);
    a = fx_find(snap, v.in_effect, v.n_in_effect, "us-dhs-bod-17-01-kaspersky");
    cr_assert_not_null(a);
    cr_assert_eq(a->nhops, 1);
    cr_expect_eq(a->hops[0].kind, HOP_AFFILIATE);
    cr_expect_str_eq(snap->subjects[a->hops[0].subject].rec->id, "ao-kaspersky-lab");
    cr_expect_null(fx_find(snap, v.in_effect, v.n_in_effect, "us-entity-list-ao-kaspersky-lab"),
                   "Entity List entries do not extend to affiliates");
    verdict_free(&v);
}

Test(seed, people)
{
    json_t *r = fx_check(snap, "Eugene Kaspersky", "2024-10-01", NULL, NULL, NULL);
    cr_expect_str_eq(str(r, "verdict"), "clear");
    cr_expect_str_eq(str(json_object_get(r, "match"), "id"), "eugene-kaspersky");
    cr_expect_eq(json_array_size(json_object_get(r, "rulings")), 0);
    cr_expect_eq(json_array_size(json_object_get(r, "upcoming")), 0);
    json_decref(r);

    r = fx_check(snap, "Евгений Валентинович Касперский", "2024-10-01", NULL, NULL, NULL);
    cr_expect_str_eq(str(json_object_get(r, "match"), "id"), "eugene-kaspersky");
    cr_expect_str_eq(str(json_object_get(r, "match"), "method"), "transliterated");
    json_decref(r);

    /* OFAC designations took effect at 2024-06-21T04:00:00Z. */
    r = fx_check(snap, "Anna Vladimirovna Kulashova", "2024-06-21T03:59:59Z", NULL, NULL, NULL);
    cr_expect_str_eq(str(r, "verdict"), "clear");
    json_decref(r);
    r = fx_check(snap, "Anna Vladimirovna Kulashova", "2024-06-21T04:00:00Z", NULL, NULL, NULL);
    cr_expect_str_eq(str(r, "verdict"), "restricted");
    json_decref(r);
}

Test(seed, names_in_other_scripts_and_forms)
{
    static const struct {
        const char *name, *id, *method;
    } cases[] = {
        {"АО «Лаборатория Касперского»", "ao-kaspersky-lab", "transliterated"},
        {"AO Laboratoriya Kasperskogo", "ao-kaspersky-lab", "transliterated"}, /* alias kind */
        {"AO Kaspersky Lab", "ao-kaspersky-lab", "exact"},
        {"kaspersky lab zao", "ao-kaspersky-lab", "alias"},
        {"Kaspersky Labs Ltd.", "kaspersky-labs-limited", "exact"},
        {"KASPERSKY ENDPOINT SECURITY FOR BUSINESS", "kaspersky-endpoint-security", "alias"},
        {"UltraAV", "ultraav", "exact"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *r = fx_check(snap, cases[i].name, "2024-10-01", NULL, NULL, NULL);
        json_t *m = json_object_get(r, "match");
        cr_expect_str_eq(str(m, "id"), cases[i].id, "%s -> %s", cases[i].name, str(m, "id"));
        cr_expect_str_eq(str(m, "method"), cases[i].method, "%s: %s", cases[i].name,
                         str(m, "method"));
        json_decref(r);
    }
}

Test(seed, unrelated_names_do_not_match)
{
    static const char *const names[] = {"Acme Widgets", "Kasper", "LLC", "Inc.", "   "};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        json_t *r = fx_check(snap, names[i], "2024-10-01", NULL, NULL, NULL);
        cr_expect_str_eq(str(r, "verdict"), "no_match", "\"%s\"", names[i]);
        cr_expect(json_is_null(json_object_get(r, "match")), "\"%s\"", names[i]);
        cr_expect(json_is_null(json_object_get(r, "since")));
        cr_expect_eq(json_array_size(json_object_get(r, "rulings")), 0);
        cr_expect_eq(json_array_size(json_object_get(r, "candidates")), 0);
        json_decref(r);
    }
}

Test(seed, kind_filter_and_bad_names)
{
    struct strbuf sb = {0};
    struct jw w;
    jw_init(&w, &sb);
    struct check_request q = {.name = "Kaspersky Lab",
                              .name_len = 13,
                              .kind = SUBJECT_PRODUCT,
                              .as_of = fx_t("2024-10-01T00:00:00Z"),
                              .min_score = MATCH_DEFAULT_MIN_SCORE,
                              .limit = 5};
    struct check_summary sum;
    cr_assert_eq(check_answer(snap, &q, &w, &sum), CHECK_OK);
    cr_expect_eq(sum.verdict, VERDICT_NO_MATCH, "no product is called Kaspersky Lab");
    sb_reset(&sb);

    q.name = "Kaspersky \xC0\xAF";
    q.name_len = strlen(q.name);
    cr_expect_eq(check_answer(snap, &q, &w, NULL), CHECK_INVALID_NAME);
    cr_expect_eq(sb.len, 0, "nothing written for an invalid name");
    static char longname[2048];
    memset(longname, 'k', sizeof longname);
    q.name = longname;
    q.name_len = sizeof longname;
    cr_expect_eq(check_answer(snap, &q, &w, NULL), CHECK_NAME_TOO_LONG);
    cr_expect_eq(sb.len, 0);
    sb_free(&sb);
}
