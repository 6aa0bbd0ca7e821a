/* The labelled cases (tests/match/cases.tsv): the suite fails if precision or recall
 * drops below 1, or if any case's verdict on 2024-10-01 changes. */
#include <criterion/criterion.h>

#include "../match/cases.h"
#include "fixtures.h"

Test(match_cases, precision_and_recall_are_one)
{
    struct snapshot *s = fx_seed();
    struct cases_result r;
    cr_assert(cases_run(s, RESTRICTD_SOURCE_DIR "/tests/match/cases.tsv", stderr, false, &r),
              "cannot read tests/match/cases.tsv");
    snapshot_release(s);
    cr_expect_geq(r.cases, 80, "at least 80 labelled cases, found %zu", r.cases);
    cr_expect_geq(r.negatives, 30, "look-alikes that must not match: %zu", r.negatives);
    cr_expect_eq(r.bad_lines, 0, "unreadable lines in cases.tsv");
    cr_expect_eq(r.unexpected, 0,
                 "%zu cases fail that are not known misses (precision %.4f, "
                 "recall %.4f)",
                 r.unexpected, r.precision, r.recall);
    cr_expect_eq(r.fixed, 0, "%zu known misses now pass: remove their mark", r.fixed);
    cr_expect_leq(r.known_misses, 4, "%zu known misses", r.known_misses);
}
