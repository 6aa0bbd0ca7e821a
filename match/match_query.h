#ifndef MATCH_MATCH_QUERY_H
#define MATCH_MATCH_QUERY_H
/*
 * Analysing a normalised query against the index: for each word, the vocabulary
 * tokens it may stand for (the options of match/match_score.h) - itself, its
 * transliteration variants, its misspellings within the edits its length allows, the
 * two tokens it runs together ("kasperskylab"), the token it and the next word make
 * ("anti virus") - and what it weighs when left unpaired. Internal to match/match*.c.
 */
#include "match/match_index.h"
#include "match/match_score.h"
#include "match/normalize.h"

/* An unknown word of three letters may be a four-letter word of the list with one letter left
 * out ("rau" for Raul, "oma" for Omar, "chn" for Chun): paired only so, as a short word's typo
 * (MX_FUZZY4: in a person's name, two other names said); every MX_FUZZY4 option of a word this
 * long is such a one. */
#define CLIPPED_LEN 3

/* Fills opt[0..MX_MAX_OPTIONS) and q (which points at opt afterwards). No allocation. */
void mx_analyse(const struct match_index *ix, const struct norm_name *name, struct mx_option *opt,
                struct mx_query *q);

/* Adds option tokens toks[0..nat) for query words [qpos, qpos + qlen), or raises the
 * similarity of the same option already there; the words' other options
 * (match/match_readings.c) are added through it too. */
void mx_add_option_n(struct mx_option *opt, size_t *n, unsigned qpos, unsigned qlen,
                     const uint32_t *toks, unsigned nat, enum mx_how how, float sim);
void mx_add_option(struct mx_option *opt, size_t *n, unsigned qpos, unsigned qlen, uint32_t t0,
                   uint32_t t1, enum mx_how how, float sim);

#endif
