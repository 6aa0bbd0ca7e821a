/* One entity on two lists: every subject matched at the top score contributes its rulings,
 * so an expired listing on one list cannot hide a listing in force on another. */
#include <criterion/criterion.h>
#include <string.h>

#include "fixtures.h"
#include "rulings/evaluate.h"

static struct snapshot *two_lists(void)
{
    struct dataset ds;
    fx_begin(&ds, 8);
    fx_source(&ds, "us-bis-dpl", "US");
    fx_source(&ds, "us-ofac-sdn", "US");
    fx_subject(&ds, "dpl-al-naser", SUBJECT_ORGANIZATION, "Al Naser Wings Airlines", NULL,
               RELATION_NONE);
    fx_subject(&ds, "sdn-al-naser", SUBJECT_ORGANIZATION, "Al Naser Wings Airlines", NULL,
               RELATION_NONE);
    fx_subject(&ds, "other", SUBJECT_ORGANIZATION, "Al Naser Trading", NULL, RELATION_NONE);
    /* the denial order expired; the sanctions listing is in force */
    fx_ruling(&ds, "dpl-order", "dpl-al-naser", "us-bis-dpl", STATUS_PROHIBITED, "exporters",
              "2019-06-05T04:00:00Z", "2019-12-03T05:00:00Z", false);
    fx_ruling(&ds, "sdn-listing", "sdn-al-naser", "us-ofac-sdn", STATUS_PROHIBITED, "us-persons",
              "2016-05-21T04:00:00Z", NULL, false);
    return fx_build(&ds);
}

FX_SUITE_SNAPSHOT(two_lists())
TestSuite(tied, .init = setup, .fini = teardown);

Test(tied, a_listing_in_force_on_another_list_decides)
{
    json_t *r = fx_check(snap, "Al Naser Wings Airlines", "2025-06-01", NULL, NULL, NULL);
    cr_expect_str_eq(json_string_value(json_object_get(r, "verdict")), "restricted");
    cr_expect_not_null(fx_by_id(json_object_get(r, "rulings"), "sdn-listing"));
    json_t *tied = json_object_get(r, "tied");
    cr_assert_eq(json_array_size(tied), 1, "the other list's subject is listed as tied");
    const char *a = json_string_value(json_object_get(json_object_get(r, "match"), "id"));
    const char *b = json_string_value(json_object_get(json_array_get(tied, 0), "id"));
    cr_expect(a && b && strcmp(a, b) != 0);
    json_decref(r);
}

Test(tied, binds_filters_rulings_not_the_subjects)
{
    json_t *r = fx_check(snap, "Al Naser Wings Airlines", "2025-06-01", NULL, "us-persons", NULL);
    cr_expect_str_eq(json_string_value(json_object_get(r, "verdict")), "restricted");
    json_decref(r);
    r = fx_check(snap, "Al Naser Wings Airlines", "2019-07-01", NULL, "exporters", NULL);
    cr_expect_str_eq(json_string_value(json_object_get(r, "verdict")), "restricted");
    cr_expect_not_null(fx_by_id(json_object_get(r, "rulings"), "dpl-order"));
    json_decref(r);
}

Test(tied, a_lower_score_does_not_contribute)
{
    json_t *r = fx_check(snap, "Al Naser Trading", "2025-06-01", NULL, NULL, NULL);
    cr_expect_str_eq(json_string_value(json_object_get(r, "verdict")), "clear");
    cr_expect_eq(json_array_size(json_object_get(r, "tied")), 0);
    json_decref(r);
}
