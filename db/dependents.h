#ifndef DB_DEPENDENTS_H
#define DB_DEPENDENTS_H
/*
 * What depends on a source or a subject, for revoking it (db/admin.c): the snapshot holds
 * a ruling only while its subject and its source are live, an alias while its subject is,
 * and a child subject is reached through its parent. Revoking one of those alone would
 * take its dependents out of every answer while the admin API still lists them as live;
 * so a revoke with dependents is refused, or revokes them too (cascade).
 *
 * A subject's dependents are its live child subjects and theirs, all the way down, and the
 * live rulings and aliases of it and of them; a source's, its live rulings. Aliases and
 * rulings have none. Inside the caller's writer transaction (db/tx.h); RD_MUST_CHECK,
 * false with `err` when a query failed.
 */
#include <libpq-fe.h>

#include "lib/error.h"
#include "rulings/dataset.h"

#define DEPENDENTS_MAX_LISTED 50

struct dependent {
    char entity[8]; /* "ruling", "subject", "alias" */
    char id[DATASET_ID_MAX + 1];
};

struct dependents {
    struct dependent items[DEPENDENTS_MAX_LISTED]; /* rulings, then subjects, then aliases */
    size_t n;
    long long total; /* how many in all */
};

/* The dependents of record `id` of kind `k` (borrowed) into `out`. */
bool db_dependents_list(PGconn *c, enum record_kind k, const char *id, struct dependents *out,
                        struct rd_error *err) RD_MUST_CHECK;

/* Revokes them: one statement per table, rulings first, so that the audit trigger records
 * each row (its own revision) in an order that reads well. The record itself is left to
 * the caller. */
bool db_dependents_revoke(PGconn *c, enum record_kind k, const char *id,
                          struct rd_error *err) RD_MUST_CHECK;

#endif
