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
 * - its maps of ids (sources, subjects, rulings) when the same ids are in the same places,
 *   and its index of identifiers when every subject carries the donor's identifiers (a
 *   past data set patched from the current one lends the very arrays of the kinds no
 *   change touched, db/past_patch.c): a map is a function of the ids in their order;
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

/* The same from another snapshot than the donor (a past revision kept, whose names are those
 * of the revision asked: both before the same import), kept alive through s->corpus_lender
 * (the snapshot that built that index) rather than the lender. */
bool snapshot_share_corpus_kept(struct snapshot *s, struct snapshot *kept);

/* The maps a snapshot took from its donor (snapshot.lent_maps), not its own to free. */
enum {
    LENT_SOURCE_MAP = 1,
    LENT_SUBJECT_MAP = 2,
    LENT_RULING_MAP = 4,
    LENT_IDENTIFIERS = 8 /* by_identifier, identifier_subject, identifier_next */
};

/* Takes the donor's source and subject maps when `s`'s records have the same ids in the
 * same places (before anything is linked). */
void snapshot_share_id_maps(struct snapshot *s, struct snapshot *donor);

/* Takes the donor's ruling map when `s`'s linked rulings have the donor's ids in the same
 * places; true when taken. */
bool snapshot_share_ruling_map(struct snapshot *s, struct snapshot *donor);

/* Takes the donor's index of identifiers when every subject of `s` carries the donor's
 * identifiers in the same place; true when taken. */
bool snapshot_share_identifiers(struct snapshot *s, struct snapshot *donor);

/* Where to look first for the donor's ruling of the next id: rulings keep their places
 * unless one was added or removed before them. Start at {0}. */
struct share_cursor {
    long shift;
};

/* The subject and source of `rec`, to be ruling `i` of `s`, as the donor linked its
 * ruling of that id, when both maps are the donor's and the ruling names the same subject
 * and source; false when the caller is to look them up. */
bool snapshot_share_link(const struct snapshot *s, const struct snapshot *donor,
                         const struct rd_ruling *rec, size_t i, struct share_cursor *at,
                         uint32_t *subject, uint32_t *source);

/* Takes the donor's head and tail of ruling `i` of `s` when its record and its source's
 * jurisdiction are the donor's; true when taken. */
bool snapshot_share_ruling(struct snapshot *s, struct snapshot *donor, uint32_t i,
                           struct share_cursor *at);

#endif
