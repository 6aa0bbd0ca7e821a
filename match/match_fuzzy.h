#ifndef MATCH_MATCH_FUZZY_H
#define MATCH_MATCH_FUZZY_H
/*
 * Edits allowed in proportion to token length, and the deletion neighbourhoods that
 * find tokens within those edits without comparing against every token: two strings
 * within k edits (insertions, deletions, substitutions, adjacent transpositions)
 * share a string reachable from each by at most k deletions, so the index stores
 * the hashes of every token's deletions and a query looks its own up.
 */
#include <stddef.h>
#include <stdint.h>

#define FUZZY_MAX_EDITS 2
#define FUZZY_MAX_LEN 32 /* longer tokens match exactly only */

/* Edits allowed between two tokens, by the shorter one: none up to 3 characters,
 * one up to 7, two from 8. One edit in a word of 4 is a weak likeness that only a person's
 * other names can support (match/match_score.h, MX_FUZZY4). */
#define FUZZY_SHORT_LEN 4
unsigned fuzzy_budget(size_t len);

/* Optimal-string-alignment distance of a and b (an adjacent transposition is one
 * edit), or max + 1 when it is more than max. Lengths up to FUZZY_MAX_LEN. */
unsigned fuzzy_distance(const char *a, size_t la, const char *b, size_t lb, unsigned max);

/* The 32-bit hashes of s and of every string made by deleting up to `depth`
 * characters of it (duplicates possible), into out[0..cap); returns how many were
 * written. At most 1 + len + len*(len-1)/2 for depth 2. */
size_t fuzzy_deletes(const char *s, size_t len, unsigned depth, uint32_t *out, size_t cap);

/* Capacity fuzzy_deletes needs for a string of `len` at `depth`. */
size_t fuzzy_deletes_count(size_t len, unsigned depth);

/* The letters of s[0..len) as a set of 64 bits (a-z, 0-9 each their own, other bytes
 * sharing the rest). An edit adds at most one letter to a word and takes at most one away,
 * so two words whose sets differ by more than k letters either way are more than k edits
 * apart: fuzzy_letters_apart is a lower bound of their distance. */
uint64_t fuzzy_letters(const char *s, size_t len);

static inline unsigned fuzzy_letters_apart(uint64_t a, uint64_t b)
{
    unsigned only_a = (unsigned)__builtin_popcountll(a & ~b);
    unsigned only_b = (unsigned)__builtin_popcountll(b & ~a);
    return only_a > only_b ? only_a : only_b;
}

/* One word prepared to be compared with many (the query word against the list's): the
 * positions of each byte in it, for a bit-parallel distance (Hyyro's, one machine word a
 * column), and its letter set. */
struct fuzzy_pattern {
    uint64_t peq[256];
    uint64_t letters;
    const char *s;
    size_t len; /* longer than FUZZY_MAX_LEN: compared as fuzzy_distance compares it */
};

/* The pattern of s[0..len) (borrowed, read again by fuzzy_pattern_clear). */
void fuzzy_pattern_init(struct fuzzy_pattern *p, const char *s, size_t len);

/* The same for a pattern whose table is clear: static, or cleared by fuzzy_pattern_clear
 * (which touches only the bytes of its word, not the whole 2 KiB table). */
void fuzzy_pattern_set(struct fuzzy_pattern *p, const char *s, size_t len);
void fuzzy_pattern_clear(struct fuzzy_pattern *p);

/* fuzzy_distance(s, len, b, lb, max) of the pattern's word s, for b whose letter set is
 * b_letters (fuzzy_letters(b, lb)): the same answer, without the table when the lengths or
 * the letter sets already say it is more than max. */
unsigned fuzzy_pattern_distance(const struct fuzzy_pattern *p, const char *b, size_t lb,
                                uint64_t b_letters, unsigned max);

#endif
