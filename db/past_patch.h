#ifndef DB_PAST_PATCH_H
#define DB_PAST_PATCH_H
/*
 * A past data set made from the current one or from one kept for another past revision
 * (docs/decisions/0008-known-at.md, "Patched in memory", "Patched from a kept revision"):
 * instead of reading every table again, PostgreSQL is asked which records the changes between
 * the two revisions can have made different -- those changed, and those whose loader columns
 * depend on them (a subject's children, a source's or subject's rulings and aliases, a
 * source's rule-set instant and list health) -- and for these records only, the loader's own
 * queries (db/load_queries.h) over the rolled-back tables (db/past_tables.h). Every other
 * record is the base's, copied as it is (a shallow copy: its strings stay the base's, which
 * the caller keeps alive).
 * Whenever this cannot be sure to give the data set db_load_dataset_at would, it says so
 * and the caller reads the tables instead.
 */
#include <libpq-fe.h>
#include <stddef.h>
#include <stdint.h>

#include "rulings/dataset.h"
#include "lib/error.h"

enum patch_result {
    PATCH_DONE,   /* `out` holds the data set at the revision */
    PATCH_UNSURE, /* not done (too many changes, a collation that does not sort ids by
                     their bytes, records out of order): read the tables instead */
    PATCH_FAILED  /* a database error (in `err`) */
};

/* What a past data set is patched from: the data set at `revision`, its records in order
 * (in_key_order): the current one (`current`: loaded at `revision`, which any later change not
 * loaded yet may follow), or one kept for another past revision. */
struct patch_base {
    const struct dataset *ds;
    int64_t revision;
    bool current;
};

/* The data set at past revision `revision` from `base` (the current one: at a later revision;
 * a kept one: at any other), when at most `max_changes` changes lie between the two (from a
 * kept base, and none of them creates or revokes a subject or source). `out` (dataset_free)
 * borrows the strings and arrays of the base's records, and is in key order. */
enum patch_result db_patch_dataset(PGconn *c, int64_t revision, const struct patch_base *base,
                                   size_t max_changes, struct dataset *out, struct rd_error *err);

/* Prepares the statements a patch runs on connection `c`, and has PostgreSQL make their plans,
 * so that the first past question asked on it does not wait for either (server/past.c's
 * past_warm, at start). A session that has them already keeps them. */
bool db_patch_warm(PGconn *c, struct rd_error *err) RD_MUST_CHECK;

/* Is each kind of `ds` strictly in the loader's order (Q_*_ORDER, ids by their bytes)? */
bool db_dataset_in_key_order(const struct dataset *ds);

/* Do two data sets hold the same records, in the same order, every loader column equal
 * (written out as JSON, with versions, alias ids, a source's rule-set instant and list
 * health)? For RESTRICTD_PAST_PATCH_CHECK and the tests. */
bool db_dataset_same(const struct dataset *a, const struct dataset *b);

#endif
