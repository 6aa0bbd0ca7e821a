#ifndef RULINGS_SNAPSHOT_SHARE_H
#define RULINGS_SNAPSHOT_SHARE_H
/*
 * What a snapshot build takes from its donor (for rulings/snapshot.c only; the donor is the
 * current snapshot when a past revision is built) instead of computing it again, when what
 * it is computed from is the same:
 * - the matcher's corpus and index (names, entities, match_index, each subject's list of
 *   names), when every subject and alias reads the same to the name index (subject: id,
 *   name, kind; alias: subject, text, kind), in the same order: the index is a function of
 *   those alone (rulings/snapshot_names.c, build_match_index);
 * - a ruling's pre-rendered head and tail, when its record is byte for byte the donor's
 *   record of that id (a past data set patched from the current one copies the records it
 *   shares, db/past_patch.h) and its source's jurisdiction is the same (render_ruling_head).
 * Whatever is taken stays the donor's: the snapshot keeps its donor alive (snapshot.lender).
 * The result is the same snapshot as one built without a donor (tests/unit/
 * test_snapshot_donor.c).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rulings/snapshot.h"

/* Takes the donor's corpus and index when `s` (its subjects linked, its names not yet
 * indexed) reads the same to the name index; true when taken. Nothing is changed otherwise
 * (false also when memory ran out: the caller then builds its own). */
bool snapshot_share_corpus(struct snapshot *s, struct snapshot *donor);

/* Where to look first for the donor's ruling of the next id: rulings keep their places
 * unless one was added or removed before them. Start at {0}. */
struct share_cursor {
    long shift;
};

/* Takes the donor's head and tail of ruling `i` of `s` when its record and its source's
 * jurisdiction are the donor's; true when taken. */
bool snapshot_share_ruling(struct snapshot *s, struct snapshot *donor, uint32_t i,
                           struct share_cursor *at);

#endif
