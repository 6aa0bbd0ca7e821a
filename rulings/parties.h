#ifndef RULINGS_PARTIES_H
#define RULINGS_PARTIES_H
/*
 * The three closed vocabularies of the data set (format restrictd-rulings/2), each one
 * static table of codes with a one-sentence meaning:
 *
 *   PARTIES     who a ruling `binds` (carries the legal duty) or `affects` (must act
 *               because of it without being bound); `binds=` filters on both.
 *   PURPOSES    the use a client states with `purpose=`, matched against a ruling's
 *               `condition.purposes` (the purposes of NDAA FY2019 section 889 and the FCC
 *               Covered List for Hytera, Hikvision and Dahua equipment).
 *   CATEGORIES  what a product is (a subject's `categories`, a ruling's
 *               `reach.products`), and the classes a `category` subject stands for
 *               (foreign-made consumer routers, entities on the DoD 1260H list), which a
 *               client states with `category=`.
 *
 * A data set naming a code outside these tables is refused; GET /v1/parties (alias
 * /v1/binds) and GET /v1/purposes list them. The tables are immutable and live for the
 * whole process: returned pointers never need freeing.
 */
#include <stddef.h>

struct vocab_entry {
    const char *code;    /* lower-case slug, as written in data sets and query parameters */
    const char *meaning; /* one sentence, for the listings and the documentation */
};

struct vocab {
    const struct vocab_entry *entries;
    size_t count;
};

extern const struct vocab PARTIES, PURPOSES, CATEGORIES;

/* The entry whose code is `code` (exact, case-sensitive), or NULL; NULL `code` gives NULL. */
const struct vocab_entry *vocab_find(const struct vocab *v, const char *code);

/* vocab_find on PARTIES, PURPOSES and CATEGORIES. */
const struct vocab_entry *party_find(const char *code);
const struct vocab_entry *purpose_find(const char *code);
const struct vocab_entry *category_find(const char *code);

#endif
