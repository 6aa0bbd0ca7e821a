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

#endif
