#ifndef DB_LOAD_H
#define DB_LOAD_H
/*
 * Reads the whole live data set (everything not revoked) in one consistent,
 * read-only transaction, together with the revision it corresponds to: the
 * input of a snapshot.
 */
#include <libpq-fe.h>
#include <stdint.h>

#include "rulings/dataset.h"
#include "lib/error.h"

/* Fills `ds` (caller frees with dataset_free) and `*revision`. */
bool db_load_dataset(PGconn *c, struct dataset *ds, int64_t *revision,
                     struct rd_error *err) RD_MUST_CHECK;

/* The current data revision (the highest change), cheap enough to poll. */
bool db_revision(PGconn *c, int64_t *revision, struct rd_error *err) RD_MUST_CHECK;
/* When change `revision` was committed, in microseconds since 1970 (0 when there is no such
 * change: revision 0). */
bool db_revision_at(PGconn *c, int64_t revision, int64_t *at_us,
                    struct rd_error *err) RD_MUST_CHECK;

#endif
