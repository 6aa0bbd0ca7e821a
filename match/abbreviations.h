#ifndef MATCH_ABBREVIATIONS_H
#define MATCH_ABBREVIATIONS_H
/*
 * Abbreviations that business names and payment messages write for common words ("Bros.",
 * "Mfg.", "Intl", "Svcs", "Mgmt", "Engg.", "Cía.", "F.lli"): read as the word itself, on the
 * question and the listed names alike, so that "Delancourt Bros. Mfg. Co." and "Delancourt
 * Brothers Manufacturing Co." say the same words. Only abbreviations that stand for one word
 * whatever the name; legal forms are match/legal_forms.c's.
 */
#include <stdbool.h>
#include <stddef.h>

/* The word the normalised token w[0..len) abbreviates, NUL-terminated, or NULL. */
const char *abbreviation_expand(const char *w, size_t len);

/* For tests: is the table sorted (so that the binary search finds every entry)? */
bool abbreviations_sorted(void);

#endif
