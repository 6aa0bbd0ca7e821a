/* rulings/current.c: when the served data counts as stale (PostgreSQL not confirming it). */
#include <criterion/criterion.h>

#include "rulings/current.h"

struct staleness_case {
    int64_t confirmed, now;
    unsigned poll_ms;
    int64_t want;
};

Test(freshness, stale_only_after_two_missed_polls)
{
    // clang-format off
    static const struct staleness_case cases[] = {
        {0, 1000, 5000, 0},       /* never confirmed (nothing served yet): not "stale" */
        {1000, 1000, 5000, 0},    /* just confirmed */
        {1000, 1012, 5000, 0},    /* 2 polls of 5 s + 2 s of slack: not yet */
        {1000, 1013, 5000, 13},   /* past it: the age */
        {1000, 1004, 500, 4},     /* 500 ms polls: 1 s + 2 s */
        {1000, 1003, 500, 0},
        {1000, 4600, 5000, 3600}, /* an hour without PostgreSQL */
        {1000, 990, 5000, 0},     /* the clock stepped back */
    };
    // clang-format on
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        current_confirm(cases[i].confirmed);
        cr_expect_eq(current_confirmed_at(), cases[i].confirmed);
        cr_expect_eq(current_staleness(cases[i].now, cases[i].poll_ms), cases[i].want, "case %zu",
                     i);
    }
    current_confirm(0);
}
