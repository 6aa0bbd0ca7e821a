#ifndef MATCH_MATCH_ABJAD_H
#define MATCH_MATCH_ABJAD_H
/*
 * The options of a query word written in an abjad (Arabic, Persian, Urdu, Hebrew): the listed
 * words of its consonant key whose vowels agree with the long vowels it writes
 * (match/match_consonants.h), the most used first; with its article glued ("altayy" is AL-TAI,
 * ALTAI or TAI); with the next abjad word ("bd allh" is ABDULLAH); and the compound given
 * names Arabic writes as one word or two ("bdalkhalq", "bd alkhalq": ABD AL-KHALIQ, ABDUL
 * KHALIQ).
 * Internal to match/match*.c.
 */
#include "match/match_index.h"
#include "match/match_score.h"
#include "match/normalize.h"

/* Does word w[0..len), written in an abjad, say which listed words it may be: a key of two
 * letters or more, a final h said counted ("th", طه, is Taha)? One that does not ("di", عدي,
 * Uday: any word of a d) weighs left unpaired what an unknown word weighs (match_query.c). */
bool mx_abjad_readable(const char *w, size_t len);

/* Adds the options of word i of `name`, written in an abjad. */
void mx_abjad_options(const struct match_index *ix, struct mx_option *opt, size_t *n,
                      const struct norm_name *name, unsigned i);

#endif
