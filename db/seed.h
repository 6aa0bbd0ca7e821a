#ifndef DB_SEED_H
#define DB_SEED_H
/*
 * Writes a validated data set into PostgreSQL in one transaction: every record
 * is inserted, or updated (and restored if it was revoked) when it differs from
 * what is stored; identical records are left untouched, so loading the same
 * file twice changes nothing. Records the file does not mention are left as
 * they are. Any failure rolls the whole set back and names the record.
 */
#include <libpq-fe.h>

#include "rulings/dataset.h"
#include "rulings/error.h"

struct seed_counts {
    int created, updated, unchanged;
};

struct seed_report {
    struct seed_counts sources, subjects, aliases, rulings;
    long long revision; /* data revision after the load */
};

/* `actor` is recorded in the audit trail (e.g. "seed:deploy/rulings.json"). */
bool db_seed(PGconn *c, const struct dataset *ds, const char *actor, struct seed_report *report,
             struct rd_error *err) RD_MUST_CHECK;

#endif
