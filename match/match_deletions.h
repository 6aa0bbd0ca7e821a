#ifndef MATCH_MATCH_DELETIONS_H
#define MATCH_MATCH_DELETIONS_H
/*
 * The deletion hashes of the index's skeletons (symmetric delete: a skeleton within the edits
 * its words' length allows of a question word shares one of its deletions), sorted, with a
 * directory on their top bits and a bitmap of the hashes present. Internal to
 * match/match_index.c.
 */
#include <stdbool.h>

#include "match/match_index.h"

/* Fills ix->dels, n_dels, del_seen, del_dir and del_shift from ix->skels; false when out of
 * memory. */
bool mx_build_deletions(struct match_index *ix);

#endif
