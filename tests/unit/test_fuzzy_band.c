/* The short cuts of match/match_fuzzy.c give what the long way gives: fuzzy_distance computes
 * only the cells near the diagonal, and must answer as the full table for every pair and every
 * budget; fuzzy_deletes hashes each prefix once, and must give the hashes of every deletion
 * hashed whole, in the same order; fuzzy_pattern_distance (bit-parallel, after the length and
 * letter-set bounds) must answer as the full table too, and the letter-set bound never exceed
 * the distance. */
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

/* FNV-1a of s without positions skip1 and skip2, hashed whole: the reference. */
static uint32_t hash_without(const char *s, size_t len, size_t skip1, size_t skip2)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        if (i == skip1 || i == skip2) continue;
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

Test(fuzzy_band, deletion_hashes_from_prefixes_are_the_whole_ones)
{
    uint32_t st = 88172645u;
    char s[FUZZY_MAX_LEN];
    uint32_t got[600], want[600];
    const size_t none = (size_t)-1;
    for (int round = 0; round < 5000; round++) {
        size_t len = word(&st, s, 20), cap = round % 7 ? 600 : next(&st) % 40;
        unsigned depth = next(&st) % 3;
        size_t n = 0;
        if (n < cap) want[n++] = hash_without(s, len, none, none);
        for (size_t i = 0; depth >= 1 && i < len && n < cap; i++)
            want[n++] = hash_without(s, len, i, none);
        for (size_t i = 0; depth >= 2 && i < len; i++)
            for (size_t j = i + 1; j < len && n < cap; j++)
                want[n++] = hash_without(s, len, i, j);
        size_t m = fuzzy_deletes(s, len, depth, got, cap);
        cr_assert_eq(m, n, "%.*s depth %u cap %zu: %zu hashes, want %zu", (int)len, s, depth, cap,
                     m, n);
        for (size_t k = 0; k < n; k++)
            cr_assert_eq(got[k], want[k], "%.*s depth %u: hash %zu", (int)len, s, depth, k);
    }
}

/* A random word over the first `letters` bytes of an alphabet with digits and a byte above
 * ASCII (bytes that share a bit of the letter set). */
static size_t word_over(uint32_t *st, char *out, size_t maxlen, unsigned letters)
{
    static const char abc[] = "abcdefghijklmnopqrstuvwxyz0123456789\xc3\xa9-";
    size_t n = next(st) % (maxlen + 1);
    for (size_t i = 0; i < n; i++)
        out[i] = abc[next(st) % letters];
    return n;
}

Test(fuzzy_band, the_bit_parallel_distance_answers_as_the_full_table)
{
    uint32_t st = 1103515245u;
    char a[FUZZY_MAX_LEN + 4], b[FUZZY_MAX_LEN + 4];
    struct fuzzy_pattern p;
    static struct fuzzy_pattern reused; /* clear: static */
    for (int round = 0; round < 200000; round++) {
        unsigned letters = round % 3 ? 3 : 2 + next(&st) % 38;
        size_t cap = round % 10 ? 12 : FUZZY_MAX_LEN;
        size_t la = word_over(&st, a, cap, letters), lb = word_over(&st, b, cap, letters);
        if (round & 1 && la) { /* b a few edits from a, often */
            memcpy(b, a, la);
            lb = la;
            for (unsigned e = next(&st) % 3; e > 0; e--) {
                size_t at = next(&st) % lb;
                if (next(&st) % 2 && at + 1 < lb) {
                    char t = b[at];
                    b[at] = b[at + 1], b[at + 1] = t;
                } else {
                    b[at] = (char)('a' + next(&st) % letters);
                }
            }
            if (lb > 1 && next(&st) % 2) lb--;
        }
        unsigned max = next(&st) % 5;
        if (round % 2)
            fuzzy_pattern_init(&p, a, la);
        else
            fuzzy_pattern_set(&reused, a, la);
        const struct fuzzy_pattern *pp = round % 2 ? &p : &reused;
        unsigned want = full_table(a, la, b, lb, max);
        unsigned got = fuzzy_pattern_distance(pp, b, lb, fuzzy_letters(b, lb), max);
        cr_assert_eq(got, want, "%.*s / %.*s at %u: %u, want %u", (int)la, a, (int)lb, b, max, got,
                     want);
        unsigned apart = fuzzy_letters_apart(pp->letters, fuzzy_letters(b, lb));
        if (pp == &reused) fuzzy_pattern_clear(&reused); /* the next round sets it again */
        cr_assert_leq(apart, full_table(a, la, b, lb, FUZZY_MAX_LEN), "%.*s / %.*s", (int)la, a,
                      (int)lb, b);
    }
}

Test(fuzzy_band, words_too_long_are_compared_as_fuzzy_distance_compares_them)
{
    char a[FUZZY_MAX_LEN + 2];
    memset(a, 'k', sizeof a);
    struct fuzzy_pattern p;
    fuzzy_pattern_init(&p, a, sizeof a);
    cr_assert_eq(fuzzy_pattern_distance(&p, a, sizeof a, p.letters, 2),
                 fuzzy_distance(a, sizeof a, a, sizeof a, 2));
    fuzzy_pattern_init(&p, a, 5);
    cr_assert_eq(fuzzy_pattern_distance(&p, a, sizeof a, p.letters, 2), 3);
    cr_assert_eq(fuzzy_pattern_distance(&p, a, 6, p.letters, 2), 1);
}
