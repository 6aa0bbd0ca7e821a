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

/* How a past data set is rebuilt (db/past_tables.h, docs/decisions/0008-known-at.md). */
enum past_method {
    PAST_REPLAY,  /* the after-images of every change up to the revision: the log alone */
    PAST_ROLLBACK /* the live rows, less the changes after the revision (before-images) */
};
/* The data set as it stood at past revision `revision` (an existing one: see
 * db_past_revision), rebuilt by `method`: both give the same records. Fills `ds` (caller
 * frees with dataset_free). */
bool db_load_dataset_at(PGconn *c, int64_t revision, enum past_method method, struct dataset *ds,
                        struct rd_error *err) RD_MUST_CHECK;

/* What a question about the past refers to: the revision asked (`revision` > 0) or the
 * revision current at instant `known_at_us` (microseconds since 1970; `revision` 0). */
struct past_question {
    int64_t revision, known_at_us;
};
/* What PostgreSQL says of it. Instants are microseconds since 1970, as the change log keeps
 * them: known_at T lies at or after a change recorded at `at_us` exactly when T >= at_us. */
struct past_revision {
    int64_t revision;    /* the highest revision at or before the one asked; 0: none (before
                            the first) */
    int64_t at_us;       /* when it was recorded */
    int64_t next_at_us;  /* when the next one was; 0 when it is the latest */
    int64_t latest;      /* the latest revision */
    int64_t first_at_us; /* when the first was recorded; 0 when there is none */
    bool published;      /* `revision` ends its write: a state servers answered from, which
                            known_at can name (one inside an import's write is not) */
};
bool db_past_revision(PGconn *c, const struct past_question *q, struct past_revision *out,
                      struct rd_error *err) RD_MUST_CHECK;

/* The current data revision (the highest change), cheap enough to poll. */
bool db_revision(PGconn *c, int64_t *revision, struct rd_error *err) RD_MUST_CHECK;
/* When change `revision` was committed, in microseconds since 1970 (0 when there is no such
 * change: revision 0). */
/* When the first write ended (its last change was recorded), in microseconds since 1970: the
 * first instant known_at can name (0 when nothing is recorded). Asked only for a known_at
 * before it: the first write may be a whole import. */
bool db_first_published_at(PGconn *c, int64_t *at_us, struct rd_error *err) RD_MUST_CHECK;
bool db_revision_at(PGconn *c, int64_t revision, int64_t *at_us,
                    struct rd_error *err) RD_MUST_CHECK;

#endif
