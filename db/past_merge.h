#ifndef DB_PAST_MERGE_H
#define DB_PAST_MERGE_H
/*
 * The merge of a past data set patched from the current one (db/past_patch.h): the
 * current records of one kind less those the keys name, with the records read again put
 * where they sort, in the loader's order (Q_*_ORDER: ids by their bytes; aliases by
 * subject, then id). The current records are copied in runs, found by binary search: they
 * are in that order (dataset.in_key_order, checked when they were loaded).
 */
#include <stdbool.h>
#include <stddef.h>

#include "rulings/dataset.h"

/* Kind `k` of `d`, which holds the records of that kind read again (in order), becomes
 * `now`'s records of kind `k` whose key (an alias's subject, another record's id) is none
 * of `ids`, merged with them. A kind that neither `ids` nor `d` name is `now`'s very array
 * (borrowed: `d` must not outlive `now`, nor write to it). False when the result would not
 * be strictly in order (a record twice) or memory ran out: `d` is then not to be used. */
bool past_merge_kind(struct dataset *d, enum record_kind k, const struct dataset *now,
                     const char *const *ids, size_t n_ids);

#endif
