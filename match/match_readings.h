#ifndef MATCH_MATCH_READINGS_H
#define MATCH_MATCH_READINGS_H
/*
 * The options of a query word read from another script, beside its text and skeleton: a word
 * written in an abjad compared by its consonants (match/match_abjad.h); a
 * Hangul or Greek word's spellings in the other romanisations; and any word of a Korean name,
 * in Hangul or romanised (match/korean.h), by its key as romanised Korean. Internal to
 * match/match*.c.
 */
#include <stdbool.h>

#include "match/match_index.h"
#include "match/match_score.h"
#include "match/normalize.h"

/* Adds the options of word i of `name`, whose options so far are opt[from, *n); `korean`: the
 * name reads as a Korean name (its skeleton variants other romanisations do not share weigh
 * less). */
void mx_reading_options(const struct match_index *ix, struct mx_option *opt, size_t *n,
                        const struct norm_name *name, unsigned i, bool korean, size_t from);

#endif
