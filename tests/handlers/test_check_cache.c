/* handlers/check_cache.c: rendered answers found again only for the very same question,
 * replaced slot by slot, and never more than the bound. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers/check_cache.h"

Test(check_cache, found_only_for_the_same_key)
{
    struct strbuf out = {0};
    check_cache_put(42, "rev1|Huawei", 11, "{\"a\":1}", 7);
    cr_expect(check_cache_get(42, "rev1|Huawei", 11, &out));
    cr_expect_str_eq(out.data, "{\"a\":1}");
    sb_reset(&out);
    /* the same hash, another question (a collision, or another revision): not found */
    cr_expect_not(check_cache_get(42, "rev2|Huawei", 11, &out));
    cr_expect_eq(out.len, 0u);
    /* the same slot taken by another question replaces the first */
    check_cache_put(42 + CHECK_CACHE_SLOTS, "rev2|Huawei", 11, "{\"b\":2}", 7);
    cr_expect_not(check_cache_get(42, "rev1|Huawei", 11, &out));
    cr_expect(check_cache_get(42 + CHECK_CACHE_SLOTS, "rev2|Huawei", 11, &out));
    cr_expect_str_eq(out.data, "{\"b\":2}");
    sb_free(&out);
}

/* A lent answer outlives its slot being taken by another question (run under ASan, a use
 * after free or a leak here fails). */
Test(check_cache, a_loan_outlives_its_slot)
{
    struct check_cache_loan loan;
    check_cache_put(7, "rev1|ZTE", 8, "{\"c\":3}", 7);
    cr_assert(check_cache_lend(7, "rev1|ZTE", 8, &loan));
    cr_expect_eq(loan.len, 7u);
    cr_expect_not(check_cache_lend(7, "rev2|ZTE", 8, &(struct check_cache_loan){0}));
    check_cache_put(7 + CHECK_CACHE_SLOTS, "rev2|ZTE", 8, "{\"d\":4}", 7);
    cr_expect_str_eq(loan.data, "{\"c\":3}");
    check_cache_return(loan.owner);
    cr_expect_not(check_cache_lend(7, "rev1|ZTE", 8, &loan));
}

Test(check_cache, never_over_its_bound)
{
    size_t big = 64 * 1024;
    char *body = malloc(big);
    cr_assert(body);
    memset(body, 'x', big);
    char key[32];
    for (unsigned i = 0; i < CHECK_CACHE_SLOTS; i++) {
        int n = snprintf(key, sizeof key, "q%u", i);
        check_cache_put(i, key, (size_t)n, body, big);
    }
    struct check_cache_stats st = check_cache_stats();
    cr_expect_leq(st.bytes, (size_t)CHECK_CACHE_BYTES, "%zu bytes kept", st.bytes);
    cr_expect_gt(st.entries, 0u);
    cr_expect_lt(st.entries, (size_t)CHECK_CACHE_SLOTS, "all %zu kept over the bound", st.entries);
    free(body);
}
