/* fuzzy_distance computes only the cells near the diagonal (match/match_fuzzy.c): its answer
 * must be the full table's for every pair and every budget. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "match/match_fuzzy.h"

/* The whole optimal-string-alignment table, capped at max + 1 as fuzzy_distance answers. */
static unsigned full_table(const char *a, size_t la, const char *b, size_t lb, unsigned max)
{
    unsigned d[FUZZY_MAX_LEN + 1][FUZZY_MAX_LEN + 1];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = (unsigned)i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = (unsigned)j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            unsigned v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < v) v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v) v = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    return d[la][lb] <= max ? d[la][lb] : max + 1;
}

static uint32_t next(uint32_t *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 17;
    *state ^= *state << 5;
    return *state;
}

/* A random word over a three-letter alphabet (so that edits meet often), and an edit of it. */
static size_t word(uint32_t *st, char *out, size_t maxlen)
{
    size_t n = next(st) % (maxlen + 1);
    for (size_t i = 0; i < n; i++)
        out[i] = (char)('a' + next(st) % 3);
    return n;
}

Test(fuzzy_band, the_band_answers_as_the_full_table)
{
    uint32_t st = 2463534242u;
    char a[FUZZY_MAX_LEN], b[FUZZY_MAX_LEN];
    for (int round = 0; round < 200000; round++) {
        size_t cap = round % 10 ? 12 : FUZZY_MAX_LEN;
        size_t la = word(&st, a, cap), lb = word(&st, b, cap);
        if (round & 1 && la) { /* b one or two edits from a, often */
            memcpy(b, a, la);
            lb = la;
            b[next(&st) % la] = (char)('a' + next(&st) % 3);
            if (lb > 1 && next(&st) % 2) lb--;
        }
        unsigned max = next(&st) % 4;
        unsigned want = full_table(a, la, b, lb, max), got = fuzzy_distance(a, la, b, lb, max);
        cr_assert_eq(got, want, "%.*s / %.*s at %u: %u, want %u", (int)la, a, (int)lb, b, max, got,
                     want);
    }
}
