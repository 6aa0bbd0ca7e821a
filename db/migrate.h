#ifndef DB_MIGRATE_H
#define DB_MIGRATE_H
/*
 * Applies the embedded migrations that the database has not seen, in order,
 * each in its own transaction and recorded in schema_migrations, under a
 * session advisory lock so that concurrent runs (several replicas starting at
 * once) apply each migration exactly once. A migration whose text changed after
 * it was applied is an error: migrations are never edited once landed.
 */
#include <libpq-fe.h>

#include "lib/error.h"

struct migrate_report {
    int applied; /* migrations applied by this run */
    int already; /* migrations found applied before */
    int latest;  /* highest version now applied */
};

/* `progress` (may be NULL) is called once per migration applied, with its name and the
 * milliseconds it took. */
bool db_migrate(PGconn *c, struct migrate_report *report,
                void (*progress)(const char *name, double ms), struct rd_error *err) RD_MUST_CHECK;

#endif
