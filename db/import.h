#ifndef DB_IMPORT_H
#define DB_IMPORT_H
/*
 * The admin import: a whole validated data set written atomically through the one
 * write path of db/seed.h, in a writer transaction on a pooled connection (db/tx.h),
 * listing every change it makes. A dry run makes the very same writes and rolls them
 * back, so the diff it reports is exactly what a real import would do (deferred foreign
 * keys included).
 */
#include "db/pool.h"
#include "db/seed.h"

struct import_options {
    bool dry_run;
    bool prune;         /* revoke live records the set does not hold */
    long long based_on; /* the data revision the set was exported at; -1: not said */
};

/* A record the import would write that someone else changed after `based_on`. */
struct import_conflict {
    char entity[8];
    char id[DATASET_ID_MAX + 1];
    long long revision; /* the latest change to it since */
    char actor[64];
};
#define IMPORT_MAX_CONFLICTS 100

enum import_status {
    IMPORT_OK,          /* written (or, in a dry run, tried and rolled back) */
    IMPORT_REFUSED,     /* PostgreSQL refused a record: err names it; nothing written */
    IMPORT_UNAVAILABLE, /* PostgreSQL cannot be reached: nothing written */
    IMPORT_CONFLICT,    /* records changed since `based_on`: nothing written (conflicts) */
    IMPORT_FAILED,
};

/* `report` (zeroed by the caller) lists the changes; free it with seed_report_free(). */
enum import_status db_import(struct db_pool *pool, const char *actor, const struct dataset *ds,
                             const struct import_options *opt, struct seed_report *report,
                             struct import_conflict *conflicts, size_t *n_conflicts,
                             struct rd_error *err) RD_MUST_CHECK;

#endif
