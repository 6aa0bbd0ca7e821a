#ifndef DB_HIERARCHY_H
#define DB_HIERARCHY_H
/*
 * How deep subjects lie, checked in PostgreSQL inside a writer transaction, after its
 * writes and before COMMIT: no live subject may lie deeper in a chain of relations than
 * evaluation follows (RELATION_MAX_CHAIN, RELATION_MAX_GROUP_DEPTH in rulings/model.h).
 * A data set is checked on its own by rulings/dataset_check.c; this sees what it joins in
 * the database too (a stored subject below one the write moved), and the admin API's
 * single-record writes, which have no whole set to check.
 *
 * Convention: bool, RD_MUST_CHECK; false only when the query failed (`err` says why),
 * except db_hierarchy_refuse, whose false is also the refusal.
 */
#include <libpq-fe.h>

#include "lib/error.h"
#include "rulings/dataset.h"

#define HIERARCHY_MAX_LISTED 20 /* subjects named in the errors; the rest only counted */

/* Checks the live subjects of `ds` and their live descendants: one error under `field`
 * (code "too_deep") per chain that goes past a bound, naming its first subject past it.
 * Borrows everything for the call. */
bool db_hierarchy_check(PGconn *c, const struct dataset *ds, const char *field,
                        struct field_errors *fe, struct rd_error *err) RD_MUST_CHECK;

/* The same as one refusal of the data: false with `err` saying the first such subject in
 * our words (SQLSTATE "23" SQLSTATE_OWN_REFUSAL, db/refusal.h), or on a failed query. */
bool db_hierarchy_refuse(PGconn *c, const struct dataset *ds, struct rd_error *err) RD_MUST_CHECK;

#endif
