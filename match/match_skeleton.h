#ifndef MATCH_MATCH_SKELETON_H
#define MATCH_MATCH_SKELETON_H
/*
 * A token's transliteration skeleton: the spelling with the differences between
 * romanisation schemes folded away, so that the variants of one Russian name meet:
 *
 *   kasperskiy, kasperskii, kasperskij, kasperski -> kaspersky
 *   yevgeny, evgeniy, evgenii                     -> evgeny
 *   andrei / andrey -> andrey;  alexeyeva / alekseeva -> alekseva
 *
 * Rules, in order: x -> ks, kh -> h, ph -> f, ck -> k, w -> v, j -> y; "ye" at the
 * start or after a vowel -> e; doubled letters once; at the end "iy", "ii", "yi",
 * "yy" -> y and a final i -> y. Two tokens with one skeleton are a transliteration
 * variant of each other; the fuzzy matcher also compares skeletons.
 */
#include <stddef.h>

#define SKELETON_MAX 64 /* longest token given a skeleton */

/* Writes the skeleton of w[0..len) into out (at least 2 * SKELETON_MAX + 1 bytes,
 * NUL-terminated) and returns its length; 0 when len is 0 or over SKELETON_MAX. */
size_t skeleton(const char *w, size_t len, char *out);

#endif
