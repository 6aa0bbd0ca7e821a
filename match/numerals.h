#ifndef MATCH_NUMERALS_H
#define MATCH_NUMERALS_H
/*
 * Numbers written out, read as the number (issue 14: "Brigade Forty-Four" is "Brigade 44",
 * "Three Percenters" is "3 Percenters"), and ordinals written with digits read as the word
 * ("1st International Bank" is "First International Bank"), on the question and the listed
 * names alike, so that the numbers rule (match/match_score.c) sees the same number both ways.
 * English cardinals two to ninety-nine only; a lone "one" stays a word ("Capital One").
 */
#include <stddef.h>

/* How many of the n normalised words w[0..n) from the first one make one number or ordinal
 * (0 when they make none); *out and *out_len are then its reading: a static string ("44",
 * "first") or the digits of w[0] ("21st" -> "21"). */
size_t numeral_at(const char *const *w, const size_t *len, size_t n, const char **out,
                  size_t *out_len);

#endif
