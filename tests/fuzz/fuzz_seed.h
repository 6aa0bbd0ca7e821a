/* The snapshot of the seed data set (deploy/rulings.json), for the targets that check
 * names against it. Header-only: each target is one file. */
#ifndef FUZZ_SEED_H
#define FUZZ_SEED_H
#include <stdlib.h>

#include "rulings/dataset.h"
#include "rulings/snapshot.h"

static inline struct snapshot *fuzz_seed_snapshot(void)
{
    struct dataset ds;
    struct field_errors fe = {0};
    if (!dataset_load_file(RESTRICTD_SOURCE_DIR "/deploy/rulings.json", &ds, &fe)) abort();
    struct rd_error err = {0};
    struct snapshot *snap = snapshot_build(&ds, 1, &err);
    if (!snap) abort();
    return snap;
}

#endif
