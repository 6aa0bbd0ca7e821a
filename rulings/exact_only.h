#ifndef RULINGS_EXACT_ONLY_H
#define RULINGS_EXACT_ONLY_H
/*
 * The names of a data set that can only ever be found by asking them exactly as listed
 * (match_name_exact_only: made only of generic words, country names, small numbers and legal
 * forms, like "CENTRAL BANK OF IRAN"). They are found that way -- every listed name finds its
 * own entry, and with one word of five letters or more misspelt (match/match_gap.h) -- but no
 * part of them does, nor any other misspelling; `restrictd validate` and the list imports say
 * how many there are, with examples, so that whoever screens knows.
 */
#include <stddef.h>

#include "rulings/dataset.h"
#include "lib/error.h"

#define EXACT_ONLY_EXAMPLES 5

struct exact_only {
    size_t count, names; /* exact-only names, of all names */
    char examples[EXACT_ONLY_EXAMPLES][128];
    size_t n_examples;
};

/* Counts them in `ds`, which it takes over (a snapshot is built of it: ds is left empty). */
bool exact_only_names(struct dataset *ds, struct exact_only *out,
                      struct rd_error *err) RD_MUST_CHECK;

#endif
