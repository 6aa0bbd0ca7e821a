#ifndef RULINGS_SNAPSHOT_NAMES_H
#define RULINGS_SNAPSHOT_NAMES_H
/*
 * The snapshot's name index (for rulings/snapshot.c only): every subject's own name and
 * aliases, normalised for the matcher, each subject's in one contiguous list. A snapshot
 * built before (the donor: the current one, when a past one is built) lends what it
 * normalised: a text it holds is not normalised again, since normalising depends on the
 * text alone. The result is the same with or without a donor.
 */
#include "rulings/snapshot.h"

bool snapshot_index_names(struct snapshot *s, const struct snapshot *donor, struct rd_error *err);

#endif
